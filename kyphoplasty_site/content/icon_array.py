"""Icon arrays: a registered rate drawn as 100 people (or 10 blocks of 100 dots), some filled in.

The picture is made from the same registry entry as the sentence beside it,
so the two cannot disagree. Meaning never rests on colour: counted people are
solid, the rest are outlines, which holds in dark mode, in print and in
grayscale. All colours come from the stylesheet (the Content-Security-Policy
blocks style attributes), and every piece of text is escaped here, because
the markup is placed after the HTML cleaner has run.
"""
from __future__ import annotations

from html import escape

from django.utils.formats import number_format
from django.utils.translation import gettext, npgettext

from .numbers import RegisteredNumber

# One person: a head and shoulders, in a 20 x 24 cell.
_PERSON = ('<circle cx="10" cy="6" r="4.2"/>'
           '<path d="M2.5 23 v-5.5 a7.5 6.5 0 0 1 15 0 v5.5 z"/>')
# A rate that counts bones (or procedures), not people, is drawn as plain squares in the same cell.
_SQUARE = '<rect x="2" y="4" width="16" height="16" rx="2"/>'


def _symbol(number: RegisteredNumber) -> tuple[str, str]:
    """The shape each counted thing is drawn as, and what the caption calls it."""
    return (_PERSON, "figure") if number.unit in (None, "people") else (_SQUARE, "square")
_COLUMNS = {100: 10, 1000: 40}


def _whole(value: int) -> str:
    """A whole number as the language being loaded writes it: 1,000 in English, 1 000 in Polish."""
    return number_format(value, force_grouping=True)


# The caption's words, by what each counted thing is drawn as. Made while the content loads, in the
# language of the edition being loaded (gettext at call time, not at import).
def _each_stands_for(unit: str) -> str:
    if unit == "figure":
        return gettext("Each figure stands for one of %(total)s %(of)s.")
    if unit == "square":
        return gettext("Each square stands for one of %(total)s %(of)s.")
    return gettext("Each dot stands for one of %(total)s %(of)s.")


def _solid(unit: str, count: int) -> str:
    # The context is the thing drawn, so a language can make the word agree with it.
    if unit == "figure":
        text = npgettext("figure", "%(count)s solid", "%(count)s solid", count)
    elif unit == "square":
        text = npgettext("square", "%(count)s solid", "%(count)s solid", count)
    else:
        text = npgettext("dot", "%(count)s solid", "%(count)s solid", count)
    return text % {"count": _whole(count)}


def _outlined(unit: str, count: int) -> str:
    if unit == "figure":
        text = npgettext("figure", "%(count)s outlined", "%(count)s outlined", count)
    elif unit == "square":
        text = npgettext("square", "%(count)s outlined", "%(count)s outlined", count)
    else:
        text = npgettext("dot", "%(count)s outlined", "%(count)s outlined", count)
    return text % {"count": _whole(count)}


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def accessible_name(number: RegisteredNumber) -> str:
    """What a screen reader says for the picture: the number in words, with its time frame."""
    return f"{_sentence_start(number.text)}: {number.picture} ({number.when})."


def _people_grid(number: RegisteredNumber, person_id: str) -> tuple[str, int, int]:
    """100 people as icons, filled first, row by row."""
    columns = _COLUMNS[100]
    uses = []
    for index in range(number.out_of):
        row, column = divmod(index, columns)
        kind = "ia-hit" if index < number.count else "ia-miss"
        uses.append(f'<use href="#{person_id}" x="{column * 24 + 2}" y="{row * 28 + 2}" class="{kind}"/>')
    return "".join(uses), columns * 24, (number.out_of // columns) * 28


def _dot_blocks(number: RegisteredNumber, base: str) -> str:
    """1,000 as 10 blocks of 100 dots, so a phone shows each dot large enough to see.

    The blocks wrap two or more to a row as the screen allows (CSS). Outlined dots fill each block
    as a pattern; the counted ones are drawn solid and larger, first block first, and a block that
    holds any is framed, so a single counted dot is hard to miss.
    """
    blocks = []
    for block in range(number.out_of // 100):
        counted = max(0, min(100, number.count - block * 100))
        pattern = f"{base}-dots-{block}"
        hits = "".join(f'<circle cx="{(i % 10) * 10 + 5}" cy="{(i // 10) * 10 + 5}" r="4.2" class="ia-hit"/>'
                       for i in range(counted))
        blocks.append(f'<svg class="figure-svg ia-block{" ia-block-counted" if counted else ""}" viewBox="0 0 100 100" '
                      f'aria-hidden="true" focusable="false"><defs><pattern id="{pattern}" width="10" height="10" '
                      f'patternUnits="userSpaceOnUse"><circle cx="5" cy="5" r="3" class="ia-miss"/></pattern></defs>'
                      f'<rect width="100" height="100" fill="url(#{pattern})"/>{hits}</svg>')
    return "".join(blocks)


def icon_array_html(number: RegisteredNumber) -> str:
    """A <figure> with the picture, the sentence and a key; `number` must be drawable."""
    if not number.can_be_drawn:
        raise ValueError(f"{number.id} cannot be drawn: it needs a picture and out_of 100 or 1,000")
    base = f"ia-{number.id}"
    person_id = f"{base}-person"
    if number.out_of == 100:
        grid, width, height = _people_grid(number, person_id)
        symbol, unit = _symbol(number)
        defs = f'<defs><g id="{person_id}">{symbol}</g></defs>'
        swatch_hit = f'<use href="#{person_id}" class="ia-hit"/>'
        swatch_rest = f'<use href="#{person_id}" class="ia-miss"/>'
    else:
        defs = ""
        swatch_hit = '<circle cx="10" cy="12" r="6" class="ia-hit"/>'
        swatch_rest = '<circle cx="10" cy="12" r="5" class="ia-miss"/>'
        unit = "dot"
    rest = number.out_of - number.count
    rest_picture = number.picture_rest or gettext("the rest")
    if number.out_of == 100:
        svg = (f'<svg class="figure-svg icon-array-svg" viewBox="0 0 {width} {height}" role="img" '
               f'aria-labelledby="{base}-title"><title id="{base}-title">{escape(accessible_name(number))}</title>'
               f'{defs}{grid}</svg>')
    else:
        svg = (f'<div class="ia-blocks" role="img" aria-label="{escape(accessible_name(number))}">'
               f'{_dot_blocks(number, base)}</div>')
        if number.count:   # where to look, in words
            filled = -(-number.count // 100)   # blocks holding a counted dot
            where = npgettext("dots", "the first block", "the first %(blocks)s blocks", filled) % {"blocks": filled}
            note = npgettext("dots", "10 blocks of 100 dots. The %(count)s solid dot is in %(where)s, framed.",
                             "10 blocks of 100 dots. The %(count)s solid dots are in %(where)s, framed.",
                             number.count) % {"count": _whole(number.count), "where": where}
            svg += f'<p class="ia-blocks-note">{escape(note)}</p>'
    key = (f'<ul class="ia-key">'
           f'<li><svg class="figure-svg ia-swatch" viewBox="0 0 20 24" aria-hidden="true">{swatch_hit}</svg>'
           f'<span><strong>{escape(_solid(unit, number.count))}</strong>: {escape(number.picture)}</span></li>'
           f'<li><svg class="figure-svg ia-swatch" viewBox="0 0 20 24" aria-hidden="true">{swatch_rest}</svg>'
           f'<span><strong>{escape(_outlined(unit, rest))}</strong>: '
           f'{escape(rest_picture)}</span></li>'
           f'</ul>')
    caption = (f'<p>{escape(_sentence_start(number.text))}: {escape(number.picture)} ({escape(number.when)}). '
               f'{escape(_each_stands_for(unit) % {"total": _whole(number.out_of), "of": number.of})}</p>')
    return (f'<figure class="figure icon-array" id="icons-{number.id}">{svg}'
            f'<figcaption>{caption}{key}</figcaption></figure>')


def compact_icon_array_svg(number: RegisteredNumber) -> str:
    """A small picture of one option's figure for the decision aid's grid: squares, solid for those counted.

    Every option in a row is drawn at the same size from the same denominator, so the pictures can be
    compared at a glance. Squares suit people and bones alike. Outlined squares fill the grid as a
    pattern and the counted ones are one path on top, which keeps a page of these small. The sentence
    beside the picture states the figure, so the picture is hidden from screen readers rather than
    said twice.
    """
    if number.out_of not in _COLUMNS:
        raise ValueError(f"{number.id} cannot be drawn: it needs out_of 100 or 1,000")
    columns = _COLUMNS[number.out_of]
    cell = 10 if number.out_of == 100 else 5
    side = cell - (2 if number.out_of == 100 else 1)
    rows = number.out_of // columns
    pattern = f"iac-{number.id}"
    hits = "".join(f"M{(i % columns) * cell + 1} {(i // columns) * cell + 1}h{side}v{side}h-{side}z"
                   for i in range(number.count))
    return (f'<svg class="figure-svg ia-compact" viewBox="0 0 {columns * cell} {rows * cell}" '
            f'aria-hidden="true" focusable="false">'
            f'<defs><pattern id="{pattern}" width="{cell}" height="{cell}" patternUnits="userSpaceOnUse">'
            f'<rect x="1" y="1" width="{side}" height="{side}" class="ia-miss"/></pattern></defs>'
            f'<rect width="{columns * cell}" height="{rows * cell}" fill="url(#{pattern})"/>'
            f'<path d="{hits}" class="ia-hit"/></svg>')
