"""The one place Python-Markdown is configured, and what it produces.

`render_markdown()` turns an article body into clean HTML plus what the
content check needs: its headings (from `md.toc_tokens`), its links, its
images and the glossary terms it uses. Raw HTML in content is refused by the
check and, as a second line of defence, anything executable is removed by nh3.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from functools import lru_cache
from dataclasses import dataclass
from typing import Iterable

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.extensions.toc import TocExtension
from markdown.treeprocessors import Treeprocessor

PLACEHOLDER_RE = re.compile(r"\[\[\s*([a-z0-9:-]+)\s*\]\]")
FIGURE_LINE_RE = re.compile(r"^\s*\[\[\s*figure:([a-z0-9-]+)\s*\]\]\s*$")
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
    """Clinic details that placeholders stand for, and the site's public address."""
    clinic_name: str
    clinic_phone: str
    emergency_number: str
    site_url: str = ""


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
        figure = FIGURE_LINE_RE.match(line)
        if figure and figures_allowed:
            figures.append(figure.group(1))
            out.append(f"\n{FIGURE_TOKEN}:{figure.group(1)}\n")
            continue
        plain = line.lstrip().startswith("!!!")

        def replace(match: re.Match) -> str:
            name = match.group(1)
            if name == "clinic-name":
                return values.clinic_name
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
    for number, line in enumerate(source.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence or "<" not in line or line.startswith("    ") and not line.strip().startswith(("-", "*", "1")):
            continue
        if RAW_HTML_RE.search(re.sub(r"`[^`]*`", "", line)):
            lines.append(number)
    return lines


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
            badge.tail = " " + title_text
        else:
            div.set("role", "note")
            title_el.tag = "p"
            title_el.text = title_text
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


class _GlossaryLinker(Treeprocessor):
    """Link the first use of each glossary term (or alias) in an article.

    The term becomes a button that opens its definition as a popover: no
    JavaScript is needed for hover, keyboard focus (CSS) or tap (the popover
    attribute). The popover also links to the term's glossary entry.
    """

    def __init__(self, md, terms: Iterable[GlossaryEntryRef], glossary_url: str):
        super().__init__(md)
        self.glossary_url = glossary_url
        # Names are matched as whole words, by looking runs of words up in a
        # table: much faster than one large regular expression over all names.
        self.by_name: dict[str, GlossaryEntryRef] = {}
        # Acronyms match only in capitals, so "nice" in a sentence is not NICE.
        self.acronyms: dict[str, str] = {}
        for term in terms:
            for name in term.names:
                key = " ".join(_TERM_WORD_RE.findall(name.lower()))
                self.by_name.setdefault(key, term)
                if len(name) > 1 and name.isupper():
                    self.acronyms[key] = name
        # For each word that starts a name, the most words a name starting with it has.
        self.starts: dict[str, int] = {}
        for key in self.by_name:
            first, size = key.split(" ", 1)[0], key.count(" ") + 1
            self.starts[first] = max(self.starts.get(first, 0), size)
        self.used: list[str] = []

    def run(self, root: etree.Element) -> None:
        self.used = []
        if self.by_name:
            self._walk(root)

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
        """(start, end, term) for each first use of a term in `text`, longest name first."""
        words = list(_TERM_WORD_RE.finditer(text))
        lowered = [w.group(0).lower() for w in words]
        i = 0
        while i < len(words):
            longest = self.starts.get(lowered[i], 0)
            for size in range(min(longest, len(words) - i), 0, -1):
                key = " ".join(lowered[i:i + size])
                term = self.by_name.get(key)
                if term is None:
                    continue
                start, end = words[i].start(), words[i + size - 1].end()
                acronym = self.acronyms.get(key)
                if term.id in self.used or (acronym and text[start:end] != acronym):
                    continue
                yield start, end, term
                i += size - 1
                break
            i += 1

    def _link_run(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split a run of text at each first use of a term; return the leading text and new elements."""
        head, added, last = text, [], 0
        for start, end, term in self._matches(text):
            self.used.append(term.id)
            wrapper = self._term_element(term, text[start:end])
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
        tip_id = f"term-{term.id}"
        wrapper = etree.Element("span", {"class": "term"})
        button = etree.SubElement(wrapper, "button", {
            "type": "button", "class": "term-button", "popovertarget": tip_id,
            "aria-describedby": f"{tip_id}-def",
        })
        button.text = shown
        tip = etree.SubElement(wrapper, "span", {"class": "term-tip", "id": tip_id, "popover": ""})
        name = etree.SubElement(tip, "strong")
        name.text = term.term
        name.tail = " "
        definition = etree.SubElement(tip, "span", {"id": f"{tip_id}-def"})
        definition.text = self.md.htmlStash.store(term.definition_html)
        more = etree.SubElement(tip, "a", {"href": f"{self.glossary_url}#{term.id}", "class": "term-more"})
        shown_name = term.term if term.term[:2].isupper() else term.term[0].lower() + term.term[1:]
        more.text = f"More about {shown_name} in the glossary"
        return wrapper


_STASH_RE = re.compile("\x02wzxhzdk:\\d+\x03")


def _plain_text(element: etree.Element, skip_classes=frozenset({"term-tip", "headerlink"})) -> str:
    """The visible text of an element, leaving out glossary pop-ups and permalinks."""
    parts: list[str] = []

    def walk(node: etree.Element) -> None:
        if skip_classes & set(node.get("class", "").split()):
            if node.tail:
                parts.append(node.tail)
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
        if node.tail and node is not element:
            parts.append(node.tail)

    walk(element)
    text = _STASH_RE.sub(" ", "".join(parts)).replace("\x02amp\x03", "&")
    return re.sub(r"\s+", " ", text).strip()


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


def make_markdown(terms: Iterable[GlossaryEntryRef] = (), glossary_url: str = "/glossary/",
                  site_url: str = "") -> markdown.Markdown:
    """The site's single Python-Markdown configuration."""
    md = markdown.Markdown(
        output_format="html",
        extensions=[
            TocExtension(permalink="#", permalink_title="Link to this section", permalink_class="headerlink",
                         toc_depth="2-3", slugify=_slugify),
            "tables", "def_list", "attr_list", "admonition", "sane_lists",
            _SiteExtension(terms=tuple(terms), glossary_url=glossary_url, site_url=site_url),
        ],
    )
    for name in _UNUSED_INLINE_PATTERNS:
        md.inlinePatterns.deregister(name)
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


def clean_html(html: str) -> str:
    """Remove anything executable or foreign from rendered content."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES,
                     url_schemes={"http", "https", "mailto", "tel"}, link_rel=None,
                     strip_comments=True, clean_content_tags={"script", "style"})


def safe_html(html: str) -> SafeString:
    """The one place rendered content is marked safe: it has been through `clean_html`."""
    return mark_safe(html)


def _headings_from_toc(tokens, out: list[Heading]) -> list[Heading]:
    for token in tokens:
        out.append(Heading(id=token["id"], title=token["name"], level=token["level"]))
        _headings_from_toc(token.get("children", []), out)
    return out


def render_markdown(source: str, md: markdown.Markdown, values: SiteValues, figure_html=None) -> Rendered:
    """Render an article body; `figure_html(name)` returns a figure's markup or None."""
    raw_lines = raw_html_lines(source)
    prepared, unknown, figures = substitute_placeholders(source, values)
    md.reset()
    html = clean_html(md.convert(prepared))
    headings = tuple(_headings_from_toc(md.toc_tokens, []))
    collector = md.treeprocessors["collector"]
    linker = md.treeprocessors["glossary"]
    if figure_html is not None:
        def place(match: re.Match) -> str:
            return figure_html(match.group(1)) or ""
        html = re.sub(rf"<p>{FIGURE_TOKEN}:([a-z0-9-]+)</p>", place, html)
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
