"""The one place Python-Markdown is configured, and what it produces.

`render_markdown()` turns an article body into clean HTML plus what the
content check needs: its headings (from `md.toc_tokens`), its links, its
images and the glossary terms it uses. Raw HTML in content is refused by the
check and, as a second line of defence, anything executable is removed by nh3.
"""
from __future__ import annotations

import re
from html import escape
import xml.etree.ElementTree as etree
from functools import lru_cache
from dataclasses import dataclass, field
from typing import Iterable, Mapping

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

PLACEHOLDER_RE = re.compile(r"\[\[\s*([a-z0-9:-]+)\s*\]\]")
# A figure, or an icon array drawn from the figure registry, alone on its line.
FIGURE_LINE_RE = re.compile(r"^\s*\[\[\s*((?:figure|icons):[a-z0-9-]+)\s*\]\]\s*$")
FIGURE_TOKEN = "KYPHOFIGURE"
RAW_HTML_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>|<!--")

# Call-out types an author may use with `!!! type "Title"`.
CALLOUTS = {
    "glance": {"badge": "", "heading": False},
    "note": {"badge": "", "heading": False},
    "checklist": {"badge": "", "heading": False},
    "emergency": {"badge": "Emergency", "heading": True},
    "urgent": {"badge": "Urgent", "heading": True},
    "normal": {"badge": "Not urgent", "heading": True},
}

# A word, as glossary matching sees it: letters and digits, with inner hyphens
# and apostrophes ("X-ray", "dowager's"); multi-word names are runs of these.
_TERM_WORD_RE = re.compile(r"[\w]+(?:['’-][\w]+)*")

# Punctuation kept on the same line as a glossary term it touches.
_OPENING_PUNCTUATION = "([\"“‘"
_CLOSING_PUNCTUATION = ")]\"”’,.;:!?"

# Terms up to this many characters never break across lines: about 190 px at the body
# text size, which fits a 320 px screen even inside a list in a call-out.
_LONGEST_UNBROKEN_TERM = 20

# Elements whose text is never turned into glossary links.
_NO_TERM_LINKS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "button", "table",
                  "figure"}


@dataclass(frozen=True)
class Heading:
    id: str
    title: str
    level: int


@dataclass(frozen=True)
class GlossaryEntryRef:
    """What the article renderer needs to know about a glossary term."""
    id: str
    term: str
    names: tuple[str, ...]    # the term and its aliases
    definition_html: str      # inline HTML, already clean


@dataclass
class Rendered:
    html: str
    headings: tuple[Heading, ...]
    links: tuple[str, ...]
    images: tuple[tuple[str, str], ...]            # (src, alt)
    terms_used: tuple[str, ...]
    figures: tuple[str, ...]
    unknown_placeholders: tuple[tuple[str, int], ...] = ()
    raw_html_lines: tuple[int, ...] = ()
    sections: tuple[tuple[str | None, str, str], ...] = ()   # (id, heading, plain text), for search


@dataclass(frozen=True)
class SiteValues:
    """What placeholders stand for: clinic details, the site's address and the registered numbers."""
    clinic_name: str
    clinic_phone: str
    emergency_number: str
    site_url: str = ""
    # id -> text of each entry in content/numbers/, for [[n:ID]]; filled in by the loader.
    numbers: Mapping[str, str] = field(default_factory=dict, hash=False)


def _tel(number: str) -> str:
    return "tel:" + re.sub(r"[^0-9+]", "", number)


def substitute_placeholders(source: str, values: SiteValues, figures_allowed: bool = True):
    """Replace [[placeholders]] line by line, so unknown ones can be reported with their line.

    Phone numbers become tel: links, except in call-out titles (`!!! type "..."`),
    which Markdown shows as plain text.
    """
    unknown: list[tuple[str, int]] = []
    figures: list[str] = []
    out = []
    for number, line in enumerate(source.splitlines(), 1):
        if "[[" not in line:  # most lines have nothing to replace
            out.append(line)
            continue
        figure = FIGURE_LINE_RE.match(line)
        if figure and figures_allowed:
            name = figure.group(1).removeprefix("figure:")
            figures.append(name)
            out.append(f"\n{FIGURE_TOKEN}:{name}\n")
            continue
        plain = line.lstrip().startswith("!!!")

        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name == "clinic-name":
                return values.clinic_name
            if name.startswith("n:") and name[2:] in values.numbers:
                return values.numbers[name[2:]]
            if name in {"clinic-phone", "emergency-number"}:
                shown = values.clinic_phone if name == "clinic-phone" else values.emergency_number
                return shown if plain else f"[{shown}]({_tel(shown)})"
            unknown.append((match.group(0), number))
            return match.group(0)

        out.append(PLACEHOLDER_RE.sub(replace, line))
    return "\n".join(out) + "\n", unknown, figures


def raw_html_lines(source: str) -> list[int]:
    """Lines that contain raw HTML outside code, which content may not use."""
    lines, in_fence = [], False
    if "<" not in source:
        return lines
    for number, line in enumerate(source.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or "<" not in line or line.startswith("    ") and not line.strip().startswith(("-", "*", "1")):
            continue
        if RAW_HTML_RE.search(re.sub(r"`[^`]*`", "", line)):
            lines.append(number)
    return lines


# A phone number in a call-out title, such as "Call 999 now" or "the clinic on 01234 567890":
# Markdown shows titles as plain text, so the link is added here, where a tap matters most.
_TITLE_PHONE_RE = re.compile(r"\b((?:call|on|NHS)\s+)(\+?\d[\d ]*\d)\b", re.IGNORECASE)


def _append_with_phone_links(element: etree.Element, text: str) -> None:
    """Add `text` at the end of `element`, with each phone number in it as a tel: link."""
    def add_text(piece: str) -> None:
        if len(element):
            element[-1].tail = (element[-1].tail or "") + piece
        else:
            element.text = (element.text or "") + piece

    position = 0
    for match in _TITLE_PHONE_RE.finditer(text):
        add_text(text[position:match.start(2)])
        link = etree.SubElement(element, "a")
        link.set("href", _tel(match.group(2)))
        link.text = match.group(2)
        position = match.end(2)
    add_text(text[position:])


class _CalloutProcessor(Treeprocessor):
    """Turn admonition blocks into call-outs a screen reader can understand.

    Urgency tiers get an <h3> whose first words state the urgency, visibly and
    for assistive technology; other call-outs get a labelled `role="note"`.
    """

    def run(self, root: etree.Element) -> None:
        self.count = 0
        for parent in root.iter():
            for index, div in enumerate(list(parent)):
                if div.tag != "div" or "admonition" not in div.get("class", "").split():
                    continue
                kinds = [c for c in div.get("class", "").split() if c in CALLOUTS]
                kind = kinds[0] if kinds else "note"
                self._convert(div, kind)

    def _convert(self, div: etree.Element, kind: str) -> None:
        self.count += 1
        title_el = next((c for c in div if c.tag == "p" and "admonition-title" in c.get("class", "")), None)
        spec = CALLOUTS[kind]
        title_id = f"callout-{self.count}"
        div.attrib.clear()
        div.set("class", f"callout callout-{kind}")
        if title_el is None:
            div.set("role", "note")
            return
        title_text = "".join(title_el.itertext()).strip()
        title_el.clear()
        if spec["heading"]:
            div.tag = "section"
            title_el.tag = "h3"
            badge = etree.SubElement(title_el, "span")
            badge.set("class", "callout-badge")
            badge.text = spec["badge"]
            badge.tail = " "
        else:
            div.set("role", "note")
            title_el.tag = "p"
        _append_with_phone_links(title_el, title_text)
        title_el.set("class", "callout-title")
        title_el.set("id", title_id)
        div.set("aria-labelledby", title_id)


class _TableProcessor(Treeprocessor):
    """Give cells their column name (for stacked tables on phones) and drop inline styles."""

    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            headers = ["".join(th.itertext()).strip() for th in table.iter("th")]
            for row in table.iter("tr"):
                for index, cell in enumerate(row.findall("td")):
                    if index < len(headers) and headers[index]:
                        cell.set("data-label", headers[index])
            for cell in list(table.iter("td")) + list(table.iter("th")):
                style = cell.attrib.pop("style", "")
                if "text-align" in style:
                    cell.set("class", "align-" + style.split(":")[1].strip(" ;"))


@dataclass(frozen=True)
class _Name:
    """A glossary term's name (or alias) as the linker matches it."""
    words: tuple[str, ...]   # lowercased
    term: GlossaryEntryRef
    acronym: str | None      # for an acronym, the one spelling that matches


class _GlossaryLinker(Treeprocessor):
    """Link the first use of each glossary term (or alias) in an article.

    The term becomes a button that opens its definition as a popover: no
    JavaScript is needed for hover, keyboard focus (CSS) or tap (the popover
    attribute). The popover also links to the term's glossary entry.
    """

    def __init__(self, md, terms: Iterable[GlossaryEntryRef], glossary_url: str):
        super().__init__(md)
        self.glossary_url = glossary_url
        terms = tuple(terms)
        # Names are matched as whole words: each name is a tuple of lowercased
        # words, filed under its first word, longest first.
        by_words: dict[tuple[str, ...], _Name] = {}
        for term in terms:
            for name in term.names:
                words = tuple(_TERM_WORD_RE.findall(name.lower()))
                # Acronyms match only in capitals, so "nice" in a sentence is not NICE.
                acronym = name if len(name) > 1 and name.isupper() else None
                if words and words not in by_words:
                    by_words[words] = _Name(words, term, acronym)
        self.names_by_first: dict[str, tuple[_Name, ...]] = {}
        for name in sorted(by_words.values(), key=lambda n: -len(n.words)):
            self.names_by_first[name.words[0]] = (*self.names_by_first.get(name.words[0], ()), name)
        # The first words of each term's names: where to look when the term has been linked.
        self.first_words_of: dict[str, set[str]] = {}
        for first, names in self.names_by_first.items():
            for name in names:
                self.first_words_of.setdefault(name.term.id, set()).add(first)
        # Each term's pop-up: the same wherever the term appears, so made once.
        self.tips = {term.id: self._tip_html(term) for term in terms}
        self.used: dict[str, None] = {}   # term ids linked so far, in order
        # Words that can still start a link in this article. A word drops out
        # once every term it can start has been linked, so most text runs hold
        # none and are passed over by one set operation instead of word by word.
        self.live_starts: set[str] = set()

    def run(self, root: etree.Element) -> None:
        self.used = {}
        self.live_starts = set(self.names_by_first)
        if self.live_starts:
            self._walk(root)

    def _mark_used(self, term_id: str) -> None:
        self.used[term_id] = None
        for first in self.first_words_of[term_id] & self.live_starts:
            if all(name.term.id in self.used for name in self.names_by_first[first]):
                self.live_starts.discard(first)

    def _walk(self, element: etree.Element) -> None:
        classes = element.get("class", "")
        if element.tag in _NO_TERM_LINKS or "callout-title" in classes or "admonition-title" in classes \
                or "term" in classes.split():
            return
        if element.text:
            element.text, added = self._link_run(element.text)
            for offset, wrapper in enumerate(added):
                element.insert(offset, wrapper)
        for child in list(element):
            self._walk(child)
            if child.tail:
                child.tail, added = self._link_run(child.tail)
                position = list(element).index(child) + 1
                for offset, wrapper in enumerate(added):
                    element.insert(position + offset, wrapper)

    def _matches(self, text: str):
        """(start, end, term) for each first use of a term in `text`, longest name first.

        Most runs of text are ruled out by set operations on their words, so
        only the few that hold every word of a name still unlinked are walked.
        """
        lowered_text = text.lower()
        if len(lowered_text) == len(text):
            lowered, places = _TERM_WORD_RE.findall(lowered_text), None  # places found if needed
        else:  # rare: lowercasing moved characters, so lowercase word by word
            places = list(_TERM_WORD_RE.finditer(text))
            lowered = [m.group(0).lower() for m in places]
        starts = self.live_starts.intersection(lowered)
        if not starts:
            return
        present = set(lowered)
        candidates = {}
        for first in starts:
            names = [n for n in self.names_by_first[first]
                     if n.term.id not in self.used and present.issuperset(n.words)]
            if names:
                candidates[first] = names
        if not candidates:
            return
        places = places or list(_TERM_WORD_RE.finditer(lowered_text))
        # Where each candidate's first word stands, by C-level list searches.
        positions = sorted(i for first in candidates for i in _indexes(lowered, first))
        resume = 0
        for i in positions:
            if i < resume:
                continue
            for name in candidates[lowered[i]]:
                size = len(name.words)
                if name.term.id in self.used or tuple(lowered[i:i + size]) != name.words:
                    continue
                start, end = places[i].start(), places[i + size - 1].end()
                if name.acronym and text[start:end] != name.acronym:
                    continue
                # The words of a name stand apart by spaces only: "(sham) procedure" is not one name.
                if any(not text[places[j].end():places[j + 1].start()].isspace() for j in range(i, i + size - 1)):
                    continue
                yield start, end, name.term
                resume = i + size
                break

    def _link_run(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split a run of text at each first use of a term; return the leading text and new elements.

        A short term keeps the punctuation touching it inside its wrapper, which does not
        wrap, so a bracket or comma never sits alone at the start or end of a line. A long
        one may need to wrap on a phone, so it stands alone, as before.
        """
        head, added, last = text, [], 0
        for term_start, term_end, term in self._matches(text):
            self._mark_used(term.id)
            start, end = term_start, term_end
            short = term_end - term_start <= _LONGEST_UNBROKEN_TERM
            while short and start > last and text[start - 1] in _OPENING_PUNCTUATION:
                start -= 1
            while short and end < len(text) and text[end] in _CLOSING_PUNCTUATION:
                end += 1
            wrapper = self._term_element(term, text[term_start:term_end])
            if not short:
                wrapper.set("class", "term term-long")
            wrapper.text = text[start:term_start] or None
            wrapper[0].tail = text[term_end:end] or None
            if added:
                added[-1].tail = text[last:start]
            else:
                head = text[:start]
            added.append(wrapper)
            last = end
        if added:
            added[-1].tail = text[last:]
        return head, added

    def _term_element(self, term: GlossaryEntryRef, shown: str) -> etree.Element:
        wrapper = etree.Element("span", {"class": "term"})
        button = etree.SubElement(wrapper, "button", {
            "type": "button", "class": "term-button", "popovertarget": f"term-{term.id}",
            "aria-describedby": f"term-{term.id}-def",
        })
        button.text = shown
        # An empty slot: the pop-up (self.tips) goes in after cleaning, like a figure.
        etree.SubElement(wrapper, "span", {"class": "term-tip", "id": f"term-{term.id}"})
        return wrapper

    def _tip_html(self, term: GlossaryEntryRef) -> str:
        """The pop-up's markup. It skips the final cleaning, so everything in it is
        escaped here or was cleaned before: the definition when the glossary loaded."""
        shown_name = term.term if term.term[:2].isupper() else term.term[0].lower() + term.term[1:]
        return (f'<span class="term-tip" id="term-{term.id}" popover="">'
                f"<strong>{escape(term.term, quote=False)}</strong> "
                f'<span id="term-{term.id}-def">{term.definition_html}</span>'
                f'<a class="term-more" href="{escape(self.glossary_url + "#" + term.id)}">'
                f"More about {escape(shown_name, quote=False)} in the glossary</a></span>")


def _indexes(items: list[str], value: str):
    """Every index of `value` in `items`."""
    i = -1
    try:
        while True:
            i = items.index(value, i + 1)
            yield i
    except ValueError:
        return


_STASH_RE = re.compile("\x02wzxhzdk:\\d+\x03")


# Where words on either side are separate even with no space between them in the source.
_TEXT_BREAKS = frozenset({"p", "div", "section", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
                          "tbody", "tr", "th", "td", "blockquote", "pre", "hr", "br", "figure",
                          "h1", "h2", "h3", "h4", "h5", "h6"})


def _text_parts(element: etree.Element, parts: list[str]) -> None:
    """Append the visible text inside `element`, with a space at each block boundary.

    Permalinks (a heading's direct child) are left out; glossary pop-ups are
    still empty slots here, so they add nothing.
    """
    parts.append(element.text or "")
    for child in element:
        if child.tag in _TEXT_BREAKS:
            parts.append(" ")
            if any(grandchild.tag in _TEXT_BREAKS for grandchild in child):
                _text_parts(child, parts)
            else:  # inline content only: let ElementTree gather it
                parts.extend(child.itertext())
            parts.append(" ")
        elif child.get("class") != "headerlink":
            parts.extend(child.itertext())
        parts.append(child.tail or "")


def _plain_text(element: etree.Element) -> str:
    """The visible text of an element, in one line."""
    parts: list[str] = []
    _text_parts(element, parts)
    text = _STASH_RE.sub(" ", "".join(parts)).replace("\x02amp\x03", "&")
    return " ".join(text.split())


def _section_texts(root: etree.Element) -> list[tuple[str | None, str, str]]:
    """(id, heading, text) for the opening part and each h2/h3 section, for search."""
    sections: list[list] = [[None, "", []]]
    for child in root:
        if child.tag in {"h2", "h3"} and "callout-title" not in child.get("class", ""):
            sections.append([child.get("id"), _plain_text(child), []])
        elif not (child.tag == "p" and (child.text or "").startswith(FIGURE_TOKEN)):
            sections[-1][2].append(_plain_text(child))
    return [(anchor, heading, " ".join(t for t in texts if t)) for anchor, heading, texts in sections]


class _Collector(Treeprocessor):
    """Record links, images and section texts; give site links their full address for print."""

    def __init__(self, md, site_url: str = ""):
        super().__init__(md)
        self.site_url = site_url

    def run(self, root: etree.Element) -> None:
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith("/") and not {"headerlink", "term-more"} & set(a.get("class", "").split()):
                a.set("data-print-url", self.site_url + href)
        self.sections = _section_texts(root)
        self.links = [a.get("href", "") for a in root.iter("a") if "headerlink" not in a.get("class", "")
                      and "term-more" not in a.get("class", "")]
        self.images = [(img.get("src", ""), img.get("alt", "")) for img in root.iter("img")]


class _SiteExtension(Extension):
    def __init__(self, terms, glossary_url, site_url="", **kwargs):
        self.terms = terms
        self.glossary_url = glossary_url
        self.site_url = site_url
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Priorities: after inline (20), attr_list (8) and toc (5), so call-out titles
        # get no permalink, no place in the contents and no published anchor.
        md.treeprocessors.register(_CalloutProcessor(md), "callouts", 4.8)
        md.treeprocessors.register(_TableProcessor(md), "tables-a11y", 4.6)
        md.treeprocessors.register(_GlossaryLinker(md, self.terms, self.glossary_url), "glossary", 4)
        md.treeprocessors.register(_Collector(md, self.site_url), "collector", 3)


def _slugify(value: str, separator: str) -> str:
    value = re.sub(r"[^\w\s-]", "", value.lower()).strip()
    return re.sub(r"[\s_-]+", separator, value)


# Inline syntax the content never uses: reference-style links, <autolinks> and
# raw inline HTML (refused by the content check anyway; without this pattern it
# is escaped as text). Every text run is tried against every pattern, so
# leaving these out makes rendering about 13% faster with identical output.
_UNUSED_INLINE_PATTERNS = ("reference", "image_reference", "short_reference", "short_image_ref",
                           "autolink", "automail", "html")
# Raw HTML blocks, likewise refused: without this step they are escaped as text too.
_UNUSED_PREPROCESSORS = ("html_block",)
# "prettify" only adds line breaks between block tags in the HTML source, which
# browsers ignore; it costs about 6% of rendering.
_UNUSED_TREEPROCESSORS = ("prettify",)


def make_markdown(terms: Iterable[GlossaryEntryRef] = (), glossary_url: str = "/glossary/",
                  site_url: str = "") -> markdown.Markdown:
    """The site's single Python-Markdown configuration."""
    md = markdown.Markdown(
        output_format="html",
        extensions=[
            TocExtension(permalink="#", permalink_title="Link to this section", permalink_class="headerlink",
                         toc_depth="2-3", slugify=_slugify, marker=""),
            "tables", "def_list", "attr_list", "admonition", "sane_lists",
            _SiteExtension(terms=tuple(terms), glossary_url=glossary_url, site_url=site_url),
        ],
    )
    for name in _UNUSED_INLINE_PATTERNS:
        md.inlinePatterns.deregister(name)
    for name in _UNUSED_PREPROCESSORS:
        md.preprocessors.deregister(name)
    for name in _UNUSED_TREEPROCESSORS:
        md.treeprocessors.deregister(name)
    return md


# What survives cleaning: structure, our own classes and ids, accessible names.
_TAGS = {"h2", "h3", "h4", "p", "br", "hr", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody",
         "tr", "th", "td", "caption", "a", "strong", "em", "code", "pre", "blockquote", "img", "div",
         "span", "section", "sup", "sub", "button", "abbr"}
_ATTRIBUTES = {
    "*": {"id", "class", "aria-labelledby", "aria-describedby", "role"},
    "a": {"href", "title", "data-print-url"},
    "img": {"src", "alt", "width", "height"},
    "td": {"data-label"},
    "button": {"type", "popovertarget"},
    "span": {"popover"},
    "ol": {"start"},
    "abbr": {"title"},
}


# Built once: making a cleaner from these sets on every call costs about a tenth of the cleaning.
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https", "mailto", "tel"},
                       link_rel=None, strip_comments=True, clean_content_tags={"script", "style"})


def clean_html(html: str) -> str:
    """Remove anything executable or foreign from rendered content."""
    return _CLEANER.clean(html)


def safe_html(html: str) -> SafeString:
    """The one place rendered content is marked safe: it has been through `clean_html`."""
    return mark_safe(html)


def _headings_from_toc(tokens, out: list[Heading]) -> list[Heading]:
    for token in tokens:
        out.append(Heading(id=token["id"], title=token["name"], level=token["level"]))
        _headings_from_toc(token.get("children", []), out)
    return out


# Where a glossary pop-up goes, as the cleaner writes the empty slot the linker leaves.
_TIP_SLOT_RE = re.compile(r'<span class="term-tip" id="term-([a-z0-9-]+)"></span>')


def render_markdown(source: str, md: markdown.Markdown, values: SiteValues, figure_html=None) -> Rendered:
    """Render an article body; `figure_html(name)` returns a figure's markup or None."""
    raw_lines = raw_html_lines(source)
    prepared, unknown, figures = substitute_placeholders(source, values)
    md.reset()
    html = clean_html(md.convert(prepared))
    headings = tuple(_headings_from_toc(md.toc_tokens, []))
    collector = md.treeprocessors["collector"]
    linker = md.treeprocessors["glossary"]
    html = _TIP_SLOT_RE.sub(lambda slot: linker.tips.get(slot.group(1), slot.group(0)), html)
    if figure_html is not None:
        def place(match: re.Match) -> str:
            return figure_html(match.group(1)) or ""
        html = re.sub(rf"<p>{FIGURE_TOKEN}:([a-z0-9:-]+)</p>", place, html)
    return Rendered(html=safe_html(html), headings=headings, links=tuple(collector.links), images=tuple(collector.images),
                    terms_used=tuple(linker.used), figures=tuple(figures),
                    unknown_placeholders=tuple(unknown), raw_html_lines=tuple(raw_lines),
                    sections=tuple(collector.sections))


_GLANCE_RE = re.compile(r'\s*(<div [^>]*class="callout callout-glance"[^>]*>.*?</div>)(.*)', re.DOTALL)


@lru_cache(maxsize=4096)
def split_glance(html: str) -> tuple[SafeString, SafeString]:
    """(the opening At a glance box, the rest); the box is empty when the page does not open with one."""
    match = _GLANCE_RE.match(str(html))
    if not match:
        return safe_html(""), safe_html(str(html))
    return safe_html(match.group(1)), safe_html(match.group(2))


@lru_cache(maxsize=1)
def _inline_markdown() -> markdown.Markdown:
    """One plain instance for short pieces, reset before each use (loads run one at a time)."""
    return make_markdown()


def render_inline(source: str, values: SiteValues) -> str:
    """Render a short piece (an FAQ answer, a definition) without glossary links."""
    prepared, _unknown, _figures = substitute_placeholders(source, values, figures_allowed=False)
    md = _inline_markdown()
    md.reset()
    return safe_html(clean_html(md.convert(prepared)).strip())


def strip_paragraph(html: str) -> str:
    """`<p>text</p>` → `text`, for definitions shown inline."""
    match = re.fullmatch(r"<p>(.*)</p>", str(html), re.DOTALL)
    return safe_html(match.group(1)) if match else html
