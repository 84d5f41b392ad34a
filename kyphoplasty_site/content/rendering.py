"""The one place Python-Markdown is configured, and what it produces.

`render_markdown()` turns an article body into clean HTML plus everything
else the site needs from it, read from Markdown's element tree while the
article is rendered (treeprocessors.py): the "At a glance" box apart from the
rest, headings (from `md.toc_tokens`), links, images, glossary terms used,
figures, the plain text of each section (for search) and the prose a patient
reads (its word count). `render_inline()` does the same for a short piece (an
FAQ answer, a definition): its HTML and its plain text.

Raw HTML in content is refused by the content check and, as a second line of
defence, anything executable is removed by nh3. Every piece of HTML this
module marks safe has passed the cleaner, except the figures placed into it
afterwards: drawn figures are SVG files that passed the figure check
(figures.py) and icon arrays are built by escaping code (icon_array.py).
Glossary pop-ups are also placed after cleaning, but each has passed the
cleaner on its own (`_cleaned_popover`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, Iterable, Mapping

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension

from .glossary_linker import GlossaryEntryRef, GlossaryLinker, empty_popover_html, popover_html
from .phone import tel_href
from .treeprocessors import (FIGURE_TOKEN, GLANCE_END, CalloutProcessor, Collector, HeadingHyphenator, SummaryCollector,
                             TableProcessor)

__all__ = ["GlossaryEntryRef", "Heading", "Inline", "Rendered", "SiteValues", "clean_html", "make_markdown",
           "raw_html_lines", "render_inline", "render_markdown", "safe_html", "strip_paragraph",
           "substitute_placeholders", "tel_href"]

PLACEHOLDER_RE = re.compile(r"\[\[\s*([a-z0-9:-]+)\s*\]\]")
# A figure, or an icon array drawn from the figure registry, alone on its line.
FIGURE_LINE_RE = re.compile(r"^\s*\[\[\s*((?:figure|icons):[a-z0-9-]+)\s*\]\]\s*$")
RAW_HTML_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(\s[^<>]*)?/?>|<!--")


@dataclass(frozen=True)
class Heading:
    id: str
    title: str
    level: int


@dataclass
class Rendered:
    """An article body, rendered once: its HTML and everything else read from it."""
    glance_html: SafeString                        # the opening "At a glance" box, or ""
    body_html: SafeString                          # everything after it
    headings: tuple[Heading, ...]
    links: tuple[str, ...]
    images: tuple[tuple[str, str], ...]            # (src, alt)
    terms_used: tuple[str, ...]
    figures: tuple[str, ...]
    words: int = 0                                 # words of prose a patient reads
    prose: str = ""                                # that prose, one sentence at least per block
    unknown_placeholders: tuple[tuple[str, int], ...] = ()
    raw_html_lines: tuple[int, ...] = ()
    sections: tuple[tuple[str | None, str, str, str], ...] = ()   # (id, heading, plain text, safety text), for search
    summary_html: SafeString = SafeString("")      # what a summary handout prints after "At a glance"
    decision_items: tuple[SafeString, ...] = ()    # a `decision` checklist's items, for the questions sheet

    @property
    def html(self) -> SafeString:
        return self.glance_html + self.body_html


@dataclass(frozen=True)
class Inline:
    """A short piece (an FAQ answer, a definition) rendered: clean HTML and its plain text."""
    html: SafeString
    text: str


@dataclass(frozen=True)
class SiteValues:
    """What placeholders stand for: clinic details, the site's address and the registered numbers."""
    clinic_name: str
    clinic_phone: str
    emergency_number: str
    site_url: str = ""
    # id -> text of each entry in content/numbers/, for [[n:ID]]; filled in by the loader.
    numbers: Mapping[str, str] = field(default_factory=dict, hash=False)
    # The edition being rendered: links to the site's pages are written in its language.
    language: str = "en-gb"


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
                return shown if plain else f"[{shown}]({tel_href(shown)})"
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


class _SiteExtension(Extension):
    def __init__(self, terms, glossary_url, site_url="", phone_numbers=(), language="en-gb", **kwargs):
        self.terms = terms
        self.language = language
        self.glossary_url = glossary_url
        self.site_url = site_url
        self.phone_numbers = phone_numbers
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        # Priorities: after inline (20), attr_list (8) and toc (5), so call-out titles
        # get no permalink, no place in the contents and no published anchor.
        md.treeprocessors.register(CalloutProcessor(md, self.phone_numbers), "callouts", 4.8)
        md.treeprocessors.register(TableProcessor(md), "tables-a11y", 4.6)
        md.treeprocessors.register(GlossaryLinker(md, self.terms, self.glossary_url), "glossary", 4)
        md.treeprocessors.register(Collector(md, self.site_url, self.language), "collector", 3)
        # After Markdown's own "unescape" (0): the copies hold the text as the page shows it.
        md.treeprocessors.register(SummaryCollector(md), "summary", -1)
        # Last: only the page's own headings get soft hyphens (hyphenation.py).
        md.treeprocessors.register(HeadingHyphenator(md, self.language), "hyphenate-headings", -2)


def _slugify(value: str, separator: str) -> str:
    value = re.sub(r"[^\w\s-]", "", value.lower()).strip()
    return re.sub(r"[\s_-]+", separator, value)


def make_markdown(terms: Iterable[GlossaryEntryRef] = (), glossary_url: str = "/glossary/",
                  site_url: str = "", phone_numbers: Iterable[str] = (), language: str = "en-gb") -> markdown.Markdown:
    """The site's single Python-Markdown configuration; `phone_numbers` become links in call-out titles,
    and links to the site's pages go to their `language` edition."""
    md = markdown.Markdown(
        output_format="html",
        extensions=[
            TocExtension(permalink="#", permalink_title=gettext("Link to this section"), permalink_class="headerlink",
                         toc_depth="2-3", slugify=_slugify, marker=""),
            "tables", "def_list", "attr_list", "admonition", "sane_lists",
            _SiteExtension(terms=tuple(terms), glossary_url=glossary_url, site_url=site_url,
                           phone_numbers=tuple(phone_numbers), language=language),
        ],
    )
    for registry, names in _LEFT_OUT.items():
        for name in names:
            getattr(md, registry).deregister(name)  # raises if an upgrade renames one: never silent
    return md


# Steps of Python-Markdown the site leaves out, by the names Python-Markdown registers them under.
# "prettify" puts line breaks between block tags: browsers ignore them, and the pages, the glance
# box and the figure places are all written without them. The rest is syntax the content never
# uses and the content check refuses: raw HTML (shown as text without these steps, and cleaned by
# nh3 either way), <autolinks> and reference-style links. Every text run is tried against every
# inline pattern, so leaving these out saves about a tenth of the rendering, which bench/scale
# showed the 5 s start-up target at 1,000 articles cannot spare (docs/performance.md).
# tests/test_rendering.py pins what this syntax renders as.
_LEFT_OUT = {
    "treeprocessors": ("prettify",),
    "preprocessors": ("html_block",),
    "inlinePatterns": ("html", "autolink", "automail", "reference", "image_reference", "short_reference",
                       "short_image_ref"),
}


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
    """Mark rendered content safe: callers pass only what `clean_html` returned (and checked figures)."""
    return mark_safe(html)


def _headings_from_toc(tokens, out: list[Heading]) -> list[Heading]:
    for token in tokens:
        out.append(Heading(id=token["id"], title=token["name"], level=token["level"]))
        _headings_from_toc(token.get("children", []), out)
    return out


def render_markdown(source: str, md: markdown.Markdown, values: SiteValues,
                    figure_html: Callable[[str], str | None] | None = None) -> Rendered:
    """Render an article body; `figure_html(name)` returns a figure's markup, or None to leave it out."""
    raw_lines = raw_html_lines(source)
    prepared, unknown, figures = substitute_placeholders(source, values)
    md.reset()
    html = md.convert(prepared)
    collector, linker, summary = md.treeprocessors["collector"], md.treeprocessors["glossary"], md.treeprocessors["summary"]

    def finished(html: str) -> str:
        """Clean HTML with the glossary pop-ups and figures in; figures go in after cleaning (the
        cleaner allows no SVG), each in place of its own paragraph."""
        html = _with_popovers(clean_html(html), linker)
        for name in figures:
            html = html.replace(f"<p>{FIGURE_TOKEN}:{name}</p>", (figure_html and figure_html(name)) or "", 1)
        return html

    glance, _, body = finished(html).rpartition(GLANCE_END)
    return Rendered(glance_html=safe_html(glance), body_html=safe_html(body),
                    headings=tuple(_headings_from_toc(md.toc_tokens, [])), links=tuple(collector.links),
                    images=tuple(collector.images), terms_used=tuple(linker.used), figures=tuple(figures),
                    words=collector.words, prose=collector.prose, unknown_placeholders=tuple(unknown),
                    raw_html_lines=tuple(raw_lines), sections=tuple(collector.sections),
                    summary_html=safe_html(finished(_serialised(md, summary.summary))),
                    decision_items=tuple(safe_html(finished(_serialised(md, item, "li"))) for item in summary.decision_items))


def _serialised(md: markdown.Markdown, element, tag: str = "div") -> str:
    """An element's inner HTML, as Markdown would write it (its serialiser, then its postprocessors)."""
    html = md.serializer(element)
    html = html[html.index(">") + 1:html.rindex(f"</{tag}>")]
    for postprocessor in md.postprocessors:
        html = postprocessor.run(html)
    return html


def _with_popovers(html: str, linker: GlossaryLinker) -> str:
    """Fill in the pop-up of each glossary term linked, which the article's tree held empty.

    One pass over the page: a replace per term would read the whole page once for each of them.
    """
    if not linker.used:
        return html

    def filled(match: re.Match) -> str:
        term = linker.terms.get(match.group(1))
        return _cleaned_popover(term, linker.glossary_url) if term else match.group(0)
    return _empty_popover_pattern().sub(filled, html)


@lru_cache(maxsize=1)
def _empty_popover_pattern() -> re.Pattern:
    """An empty pop-up as cleaning writes it, for any term id (from a sample, so never out of step)."""
    sample = clean_html(empty_popover_html(GlossaryEntryRef(id="sample-id", term="", names=(), definition_html="")))
    return re.compile(re.escape(sample).replace(re.escape("sample-id"), "([a-z0-9-]+)"))


@lru_cache(maxsize=4096)
def _cleaned_popover(term: GlossaryEntryRef, glossary_url: str) -> str:
    """A term's pop-up, whole, as cleaning writes it; made once per term.

    A pop-up holds only inline elements and sits inside a paragraph or list item, so cleaning
    it alone gives the same markup as cleaning it in place (the pop-up tests in test_rendering.py pin
    that markup, the hostile definition's included).
    """
    return clean_html(popover_html(term, glossary_url))


@lru_cache(maxsize=8)
def _inline_markdown(language: str) -> markdown.Markdown:
    """One plain instance per language for short pieces, reset before each use (loads run one at a time)."""
    return make_markdown(language=language)


def render_inline(source: str, values: SiteValues) -> Inline:
    """Render a short piece (an FAQ answer, a definition) without glossary links."""
    prepared, _unknown, _figures = substitute_placeholders(source, values, figures_allowed=False)
    md = _inline_markdown(values.language)
    md.reset()
    html = clean_html(md.convert(prepared)).strip()
    text = " ".join(text for _anchor, heading, text, safety in md.treeprocessors["collector"].sections
                    for text in (heading, text, safety) if text)
    return Inline(html=safe_html(html), text=text)


def strip_paragraph(html: str) -> str:
    """`<p>text</p>` → `text`, for definitions shown inline."""
    match = re.fullmatch(r"<p>(.*)</p>", str(html), re.DOTALL)
    return safe_html(match.group(1)) if match else html
