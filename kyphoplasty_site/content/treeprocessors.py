"""Tree processors: what the site adds to Python-Markdown's element tree, and what it reads from it.

They run once per article, after Markdown has built the tree and before it is
serialised: call-outs and tables become accessible, and the collector takes
from the finished tree everything the site needs besides the HTML (links,
images, the plain text of each section, the prose a patient reads), so no
one parses the HTML again. The glossary linker is in glossary_linker.py.
"""
from __future__ import annotations

import copy
import re
import xml.etree.ElementTree as etree
from html import unescape

from django.utils.translation import gettext, gettext_noop
from markdown import util
from markdown.treeprocessors import Treeprocessor

from .editions import in_language
from .hyphenation import soft_hyphenate
from .phone import numbers_pattern, tel_href
from .readability import PROSE_BLOCKS, count_words, sentence

# A figure placeholder: a paragraph of its own, replaced by the figure after cleaning.
FIGURE_TOKEN = "KYPHOFIGURE"
# Put after an opening "At a glance" box, so the page can show it before the contents list.
GLANCE_TOKEN = "KYPHOGLANCEEND"
GLANCE_END = f"<p>{GLANCE_TOKEN}</p>"

# Call-out types an author may use with `!!! type "Title"`. Badges are translated when the page is rendered.
CALLOUTS = {
    "glance": {"badge": "", "heading": False},
    "note": {"badge": "", "heading": False},
    "checklist": {"badge": "", "heading": False},
    "emergency": {"badge": gettext_noop("Emergency"), "heading": True},
    "urgent": {"badge": gettext_noop("Urgent"), "heading": True},
    "normal": {"badge": gettext_noop("Not urgent"), "heading": True},
}

def _append_with_phone_links(element: etree.Element, text: str, phones: re.Pattern | None) -> None:
    """Add `text` at the end of `element`, with each of the site's phone numbers in it as a tel: link.

    Markdown shows call-out titles as plain text, so "Call 999 now" gets its link here,
    where a tap matters most.
    """
    def add_text(piece: str) -> None:
        if len(element):
            element[-1].tail = (element[-1].tail or "") + piece
        else:
            element.text = (element.text or "") + piece

    position = 0
    for match in phones.finditer(text) if phones else ():
        add_text(text[position:match.start()])
        link = etree.SubElement(element, "a")
        link.set("href", tel_href(match.group()))
        link.text = match.group()
        position = match.end()
    add_text(text[position:])


class CalloutProcessor(Treeprocessor):
    """Turn admonition blocks into call-outs a screen reader can understand.

    Urgency tiers get an <h3> whose first words state the urgency, visibly and
    for assistive technology; other call-outs get a labelled `role="note"`.
    """

    def __init__(self, md, phone_numbers=()):
        super().__init__(md)
        self.phones = numbers_pattern(phone_numbers)

    def run(self, root: etree.Element) -> None:
        self.count = 0
        for parent in root.iter():
            for div in list(parent):
                if div.tag != "div" or "admonition" not in div.get("class", "").split():
                    continue
                classes = div.get("class", "").split()
                kinds = [c for c in classes if c in CALLOUTS]
                self._convert(div, kinds[0] if kinds else "note")
                if "decision" in classes:  # `!!! checklist decision "..."`: the questions sheet prints it
                    div.set("class", div.get("class") + " callout-decision")

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
            badge.text = gettext(spec["badge"])
            badge.tail = " "
        else:
            div.set("role", "note")
            title_el.tag = "p"
        _append_with_phone_links(title_el, title_text, self.phones)
        title_el.set("class", "callout-title")
        title_el.set("id", title_id)
        div.set("aria-labelledby", title_id)


class TableProcessor(Treeprocessor):
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


# Where words on either side are separate even with no space between them in the source.
_TEXT_BREAKS = frozenset({"p", "div", "section", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead",
                          "tbody", "tr", "th", "td", "blockquote", "pre", "hr", "br", "figure",
                          "h1", "h2", "h3", "h4", "h5", "h6"})
# Not text of the page: a heading's permalink sign, and a glossary pop-up (its term's own text).
_NOT_TEXT = frozenset({"headerlink", "term-tip"})
# Not prose a patient reads, as readability studies of patient material count it.
_NOT_PROSE_TAGS = frozenset({"table", "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption",
                             "script", "style", "svg", "nav"})
_NOT_PROSE_CLASSES = frozenset({"admonition-title", "callout-title", "sources", "headerlink", "term-tip"})

# Links that are not the article's own: a heading's permalink, a pop-up's link to the glossary.
_NOT_PRINTED_LINKS = frozenset({"headerlink", "term-more"})
_CALLOUT_TITLE = frozenset({"callout-title"})
_GLANCE = frozenset({"callout-glance"})

_PLACEHOLDER_RE = re.compile(f"{util.STX}(?:wzxhzdk:)?(\\d+){util.ETX}")


def _has_class(element: etree.Element, names: frozenset[str]) -> bool:
    classes = element.get("class")
    return bool(classes) and not names.isdisjoint(classes.split())


def _is_figure_token(element: etree.Element) -> bool:
    return element.tag == "p" and (element.text or "").startswith(FIGURE_TOKEN)


class Collector(Treeprocessor):
    """Read the finished tree: links, images, plain text per section, prose; mark the glance box.

    Site links also get their full address (`data-print-url`), shown when printed. In another
    language's edition they go to that edition's page; `links` keeps them as written, for the checks.
    """

    def __init__(self, md, site_url: str = "", language: str = "en-gb"):
        super().__init__(md)
        self.site_url = site_url
        self.language = language

    def run(self, root: etree.Element) -> None:
        self.links = []
        for a in root.iter("a"):
            href = a.get("href", "")
            if href.startswith("/"):
                a.set("href", in_language(href, self.language))
            if not _has_class(a, _NOT_PRINTED_LINKS):
                self.links.append(href)
                if href.startswith("/"):
                    a.set("data-print-url", self.site_url + a.get("href"))
        self.images = [(img.get("src", ""), img.get("alt", "")) for img in root.iter("img")]
        self._read_text(root)
        self.words = count_words(self.prose)
        self._mark_glance_end(root)

    def _visible(self, text: str | None) -> str:
        """Text as a reader sees it: Markdown's placeholders (escaped characters, entities) resolved."""
        if not text or util.STX not in text:
            return text or ""
        stash = self.md.htmlStash.rawHtmlBlocks

        def resolve(match: re.Match) -> str:
            number = int(match.group(1))
            if match.group(0).startswith(util.STX + "wzxhzdk:"):
                return unescape(str(stash[number])) if number < len(stash) else " "
            return chr(number)
        return _PLACEHOLDER_RE.sub(resolve, text.replace(util.AMP_SUBSTITUTE, "&"))

    def _read_text(self, root: etree.Element) -> None:
        """In one walk of the tree, two readings of its text.

        `sections`: (id, heading, text, safety text) for the opening part and each h2/h3
        section, for search; all visible text, with a space at each block boundary. The
        text of a "when to get help" box is kept apart, as safety text: search can tell a
        section about the question from one that only carries a box of warnings.
        `prose`: the prose a patient reads, the text of each paragraph, list item and
        definition, one sentence at least per block. Text outside such a block, and text in a
        block after a block nested in it, is not prose (a list item's own words before a
        nested list still are).
        """
        blocks: list[str] = []
        current: list[str] | None = None   # the prose block being read

        def flush() -> None:
            nonlocal current
            text = " ".join("".join(current or ()).split())
            if text:
                blocks.append(sentence(text))
            current = None

        def walk(element: etree.Element, parts: list[str], skipped: bool) -> None:
            nonlocal current
            skipped = (skipped or element.tag in _NOT_PROSE_TAGS or _has_class(element, _NOT_PROSE_CLASSES)
                       or _is_figure_token(element))
            if element.tag in PROSE_BLOCKS and not skipped:
                flush()
                current = []
            text = self._visible(element.text)
            parts.append(text)
            if current is not None and not skipped:
                current.append(text)
            for child in element:
                # A pop-up and a permalink sign are neither text nor prose (_NOT_PROSE_CLASSES has them).
                if not _has_class(child, _NOT_TEXT):
                    space = " " if child.tag in _TEXT_BREAKS else ""
                    parts.append(space)
                    walk(child, parts, skipped)
                    parts.append(space)
                tail = self._visible(child.tail)
                parts.append(tail)
                if current is not None and not skipped:
                    current.append(tail)
            if element.tag in PROSE_BLOCKS:
                flush()

        sections: list[list] = [[None, "", [], []]]
        for child in root:
            parts: list[str] = []
            walk(child, parts, False)
            text = " ".join("".join(parts).split())
            if child.tag in {"h2", "h3"} and not _has_class(child, _CALLOUT_TITLE):
                sections.append([child.get("id"), text, [], []])
            elif _has_class(child, _TIERS):
                sections[-1][3].append(text)
            elif not _is_figure_token(child):
                sections[-1][2].append(text)
        self.sections = [(anchor, heading, " ".join(t for t in texts if t), " ".join(t for t in safety if t))
                         for anchor, heading, texts, safety in sections]
        self.prose = " ".join(blocks)

    def _mark_glance_end(self, root: etree.Element) -> None:
        if len(root) and root[0].tag == "div" and _has_class(root[0], _GLANCE):
            marker = etree.Element("p")
            marker.text = GLANCE_TOKEN
            marker.tail, root[0].tail = root[0].tail, None
            root.insert(1, marker)


# What a summary handout prints besides "At a glance": from each section marked
# `{: .in-summary }` on its heading, the heading and its lists (numbered steps) or, when it has
# no list, its figure (a timeline); then every checklist, and the "when to get help" tiers.
SUMMARY_SECTION_CLASS = "in-summary"
_LISTS = frozenset({"ol", "ul", "table"})
_CHECKLIST = frozenset({"callout-checklist"})
_TIERS = frozenset({"callout-emergency", "callout-urgent", "callout-normal"})
_DECISION = frozenset({"callout-decision"})
_PERMALINK = frozenset({"headerlink"})


class SummaryCollector(Treeprocessor):
    """Copy from the finished tree what a summary handout prints, in reading order by kind.

    Runs last, so the copies are what the page itself shows. `summary` is a tree to
    serialise (the marked sections, then the checklists, then the tiers under "When to get
    help"); `decision_items` are the list items of a checklist marked `decision`, for the
    "Questions to ask" sheet.
    """

    def run(self, root: etree.Element) -> None:
        sections, checklists, tiers = [], [], []
        self.decision_items: list[etree.Element] = []
        marked: list[etree.Element] | None = None   # the marked section being read, whole
        for child in root:
            if child.tag == "h2":
                if marked:
                    sections += self._summarised(marked)
                marked = [child] if _has_class(child, frozenset({SUMMARY_SECTION_CLASS})) else None
            elif marked is not None and not _has_class(child, _CHECKLIST | _TIERS):
                marked.append(child)
            elif _has_class(child, _CHECKLIST):
                checklists.append(self._copy(child))
            elif _has_class(child, _TIERS):
                tiers.append(self._copy(child))
            if _has_class(child, _DECISION):
                self.decision_items += [self._copy(li) for li in child.iter("li")]
        if marked:
            sections += self._summarised(marked)
        self.summary = etree.Element("div")
        self.summary.extend(sections + checklists)
        if tiers:
            heading = etree.SubElement(self.summary, "h2")
            heading.text = gettext("When to get help")
            self.summary.extend(tiers)

    def _summarised(self, section: list[etree.Element]) -> list[etree.Element]:
        """A marked section's heading, then its lists, or its figures when it has no list."""
        heading, blocks = section[0], section[1:]
        kept = [b for b in blocks if b.tag in _LISTS] or [b for b in blocks if _is_figure_token(b)]
        return [self._copy(heading), *(self._copy(block) for block in kept)]

    @staticmethod
    def _copy(element: etree.Element) -> etree.Element:
        """A copy without heading permalinks (a handout prints no "#")."""
        copied = copy.deepcopy(element)
        for parent in list(copied.iter()):
            for link in [child for child in parent if child.tag == "a" and _has_class(child, _PERMALINK)]:
                parent.remove(link)
        return copied


class HeadingHyphenator(Treeprocessor):
    """Soft hyphens in the words of h2 and h3 headings (hyphenation.py), once the text is final.

    Runs after the collector and the summary, so search text, the contents list and printed
    summaries keep plain words; text holding a placeholder for stashed HTML is left alone."""

    def __init__(self, md, language: str = "en-gb"):
        super().__init__(md)
        self.language = language

    def run(self, root: etree.Element) -> None:
        for heading in root.iter():
            if heading.tag not in {"h2", "h3"} or _has_class(heading, _CALLOUT_TITLE):
                continue
            for element in heading.iter():
                if _has_class(element, _NOT_TEXT):
                    continue
                if element.text and util.STX not in element.text:
                    element.text = soft_hyphenate(element.text, self.language)
                if element is not heading and element.tail and util.STX not in element.tail:
                    element.tail = soft_hyphenate(element.tail, self.language)
