"""Link the first use of each glossary term in an article to a pop-up with its definition.

The term becomes a button that opens its definition as a popover: no
JavaScript is needed for hover, keyboard focus (CSS) or tap (the popover
attribute). The popover also links to the term's glossary entry. The button
is built as elements in Markdown's tree, so it is serialised, escaped and
cleaned with the rest of the article. The popover is the same wherever its
term is linked, so the tree holds it empty and the renderer puts it in after
cleaning, cleaned once per term (`popover_html`, rendering.py): carried through
the tree, the popovers made up more than half of an article's HTML and about a
third of the start-up's rendering time.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from html import escape
from dataclasses import dataclass
from typing import Iterable, Iterator

from django.utils.translation import gettext
from markdown.treeprocessors import Treeprocessor

# A word, as glossary matching sees it: letters and digits, with inner hyphens
# and apostrophes ("X-ray", "dowager's"); multi-word names are runs of these.
_TERM_WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")
# Punctuation kept on the same line as a glossary term it touches.
_OPENING_PUNCTUATION = "([\"“‘"
_CLOSING_PUNCTUATION = ")]\"”’,.;:!?"
# Terms up to this many characters never break across lines: about 190 px at the body
# text size, which fits a 320 px screen even inside a list in a call-out.
_LONGEST_UNBROKEN_TERM = 20
# Elements whose text is never turned into glossary links.
_NO_TERM_LINKS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "button", "table", "figure"}
_NO_TERM_LINK_CLASSES = frozenset({"callout-title", "admonition-title", "term"})


@dataclass(frozen=True)
class GlossaryEntryRef:
    """What the article renderer needs to know about a glossary term."""
    id: str
    term: str
    names: tuple[str, ...]    # the term and its aliases
    definition_html: str      # inline HTML, already clean


@dataclass(frozen=True)
class _Name:
    term: GlossaryEntryRef
    acronym: str | None     # an acronym matches only in these capitals ("nice" is not NICE)


def _words(name: str) -> str:
    """A name's words, one space apart: how names are filed and compared."""
    return " ".join(_TERM_WORD_RE.findall(name))


def _names_pattern(names: Iterable[str]) -> re.Pattern:
    """One pattern for every name (lowercased words), to search lowercased text.

    The names are merged into a tree of shared prefixes ("bone", "bone cement", "bone density
    scan" share "bone"), which Python's regular expressions search much faster than a flat
    list of alternatives (docs/performance.md). A name is whole words, apart by spaces only; at any place the
    longest name matches first.
    """
    tree: dict = {}
    for words in names:
        node = tree
        for character in words:
            node = node.setdefault(character, {})
        node[""] = {}   # a name ends here

    def alternatives(node: dict) -> str:
        branches = [(r"\s+" if c == " " else re.escape(c)) + alternatives(child) for c, child in node.items() if c]
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")" if branches else ""
        return f"(?:{body})?" if "" in node and body else body

    return re.compile(rf"(?<!\w)(?<!\w['’-])(?:{alternatives(tree)})(?!\w)(?!['’-]\w)")


class GlossaryLinker(Treeprocessor):
    def __init__(self, md, terms: Iterable[GlossaryEntryRef], glossary_url: str):
        super().__init__(md)
        self.glossary_url = glossary_url
        self.names: dict[str, _Name] = {}   # by lowercased words; the first term to claim a name keeps it
        self.terms: dict[str, GlossaryEntryRef] = {}   # by id
        for term in terms:
            self.terms.setdefault(term.id, term)
            for name in term.names:
                acronym = _words(name) if len(name) > 1 and name.isupper() else None
                self.names.setdefault(_words(name.lower()), _Name(term, acronym))
        self.names.pop("", None)
        self.term_count = len({name.term.id for name in self.names.values()})
        self.pattern = _names_pattern(self.names) if self.names else None
        self.used: dict[str, None] = {}   # ids of the terms linked so far in this article, in order

    def run(self, root: etree.Element) -> None:
        self.used = {}
        if self.pattern is not None:
            self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        classes = element.get("class")
        if element.tag in _NO_TERM_LINKS or classes and not _NO_TERM_LINK_CLASSES.isdisjoint(classes.split()):
            return
        children = list(element)
        if element.text:
            element.text, added = self._link_run(element.text)
            element[0:0] = added
        for child in children:
            self._walk(child)
            if child.tail:
                child.tail, added = self._link_run(child.tail)
                index = list(element).index(child) + 1
                element[index:index] = added

    def _first_uses(self, text: str) -> Iterator[tuple[int, int, GlossaryEntryRef]]:
        """(start, end, term) of each name in `text` whose term is not yet linked, longest name first."""
        lowered, pattern = text.lower(), self.pattern
        if len(lowered) != len(text):  # rare ("İ" lowercases to two characters): match regardless of case
            lowered, pattern = text, re.compile(self.pattern.pattern, re.IGNORECASE)
        position = 0
        while len(self.used) < self.term_count and (match := pattern.search(lowered, position)):
            found = self._unlinked_name(text, match)
            if found is None:
                position = match.start() + 1
                continue
            term, position = found
            self.used[term.id] = None
            yield match.start(), position, term

    def _unlinked_name(self, text: str, match: re.Match) -> tuple[GlossaryEntryRef, int] | None:
        """The term of the longest name at `match` not linked yet, and where that name ends.

        The longest name found may belong to a term already linked, or be an acronym in the
        wrong case; a shorter name at the same place may still be linked.
        """
        key = " ".join(match.group().split())
        name = self.names.get(key)
        if name and name.term.id in self.used and " " not in key:
            return None  # the usual case: one word (so no shorter name), for a term linked earlier
        words = list(_TERM_WORD_RE.finditer(text, match.start(), match.end()))
        for size in range(len(words), 0, -1):
            end = words[size - 1].end()
            shown = _words(text[match.start():end])
            name = self.names.get(shown.lower())
            if name and name.term.id not in self.used and name.acronym in (None, shown):
                return name.term, end
        return None

    def _link_run(self, text: str) -> tuple[str, list[etree.Element]]:
        """Split a run of text at each first use of a term; return the leading text and new elements.

        A short term keeps the punctuation touching it inside its wrapper, which does not
        wrap, so a bracket or comma never sits alone at the start or end of a line. A long
        one may need to wrap on a phone, so it stands alone.
        """
        head, added, last = text, [], 0
        for term_start, term_end, term in self._first_uses(text):
            start, end = term_start, term_end
            short = term_end - term_start <= _LONGEST_UNBROKEN_TERM
            while short and start > last and text[start - 1] in _OPENING_PUNCTUATION:
                start -= 1
            while short and end < len(text) and text[end] in _CLOSING_PUNCTUATION:
                end += 1
            wrapper = self._term_element(term, text[term_start:term_end], short)
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

    def _term_element(self, term: GlossaryEntryRef, shown: str, short: bool) -> etree.Element:
        """The term as a button, and its pop-up, empty: the renderer fills it in after cleaning."""
        wrapper = etree.Element("span", {"class": "term" if short else "term term-long"})
        etree.SubElement(wrapper, "button", {
            "type": "button", "class": "term-button", "popovertarget": f"term-{term.id}",
            "aria-describedby": f"term-{term.id}-def",
        }).text = shown
        etree.SubElement(wrapper, "span", _popover_attributes(term))
        return wrapper


def _popover_attributes(term: GlossaryEntryRef) -> dict[str, str]:
    return {"class": "term-tip", "id": f"term-{term.id}", "popover": ""}


def empty_popover_html(term: GlossaryEntryRef) -> str:
    """The pop-up as the article's tree holds it, before the renderer fills it in."""
    return _start_tag("span", _popover_attributes(term)) + "</span>"


def popover_html(term: GlossaryEntryRef, glossary_url: str) -> str:
    """The term's pop-up (before cleaning): its name, its definition (inline HTML, already clean)
    and a link to its glossary entry."""
    lowered = term.term if term.term[:2].isupper() else term.term[0].lower() + term.term[1:]
    return (_start_tag("span", _popover_attributes(term)) + f"<strong>{escape(term.term)}</strong> "
            + _start_tag("span", {"id": f"term-{term.id}-def"}) + term.definition_html + "</span>"
            + _start_tag("a", {"class": "term-more", "href": f"{glossary_url}#{term.id}"})
            + escape(gettext("More about %(term)s in the glossary") % {"term": lowered}) + "</a></span>")


def _start_tag(tag: str, attributes: dict[str, str]) -> str:
    return f"<{tag}" + "".join(f' {name}="{escape(value)}"' for name, value in attributes.items()) + ">"
