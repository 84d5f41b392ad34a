"""The loaded content: immutable records built once at start-up."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from django.urls import reverse
from django.utils import translation

from .editions import in_language
from .frontmatter import Source
from .handout import handout_html as make_handout_html
from .home import Home
from .problems import Problem
from .rendering import Heading

if TYPE_CHECKING:
    from .decision import DecisionAid
    from .editions import Translation
    from .red_flags import RedFlags


@dataclass(frozen=True)
class Reviewed:
    """Review dates and sources, which every page shows."""
    reviewed: dt.date
    next_review: dt.date
    sources: tuple[Source, ...] = ()
    reviewer: str | None = None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.next_review < (today or dt.date.today())


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str


@dataclass(frozen=True)
class Article:
    """An article or standalone page, rendered once when the library loads."""
    slug: str
    kind: str                      # "article", or "page" for /about/ and the like
    title: str
    summary: str
    section: str | None
    order: int
    review: Reviewed
    related: tuple[str, ...]
    aliases: tuple[str, ...]
    glance_html: str               # the opening "At a glance" box (clean HTML), shown before the contents list
    body_html: str                 # everything after it (clean HTML)
    headings: tuple[Heading, ...]
    terms_used: tuple[str, ...]
    figures: tuple[str, ...]
    path: str
    links: tuple[str, ...] = ()
    about: tuple[str, str] = ("MedicalCondition", "Vertebral compression fracture")  # for structured data
    # (id, heading, plain text, text of its "when to get help" boxes), for search
    text_sections: tuple[tuple[str | None, str, str, str], ...] = ()
    words: int = 0                 # words of prose a patient reads
    prose: str = ""                # that prose, for the reading grade (management command readability)
    summary_html: str = ""         # what a summary handout prints after "At a glance" (clean HTML)
    decision_items: tuple[str, ...] = ()   # a `decision` checklist's items (clean HTML), for the questions sheet
    helps_decide: bool = False     # helps choose a treatment: the page declares the publisher's interest
    edition: str = "en-gb"         # the language edition it is part of (its address: /pl/articles/...)
    language: str = "en-gb"        # the language its words are in: English in an edition that lacks its translation
    # Set from `headings` when the article is made:
    sections: tuple[Heading, ...] = field(init=False)    # the h2 sections: on-page contents and deep links
    anchors: frozenset[str] = field(init=False)          # every heading id, for link checks

    def __post_init__(self):
        object.__setattr__(self, "sections", tuple(h for h in self.headings if h.level == 2))
        object.__setattr__(self, "anchors", frozenset(h.id for h in self.headings))

    @cached_property
    def url(self) -> str:
        # urls.py decides every address: an article's route is "article"; a standalone page's route
        # is named after its slug, and need not sit at /<slug>/. Worked out once per article.
        with translation.override(self.edition):
            return reverse("article", kwargs={"slug": self.slug}) if self.kind == "article" else reverse(self.slug)

    @property
    def html(self) -> str:
        """The whole body: the glance box and the rest (both already clean, so the sum is safe too)."""
        return self.glance_html + self.body_html

    @cached_property
    def handout_html(self) -> str:
        """The whole body for a handout: ids prefixed, headings one level down.

        Made the first time a handout asks for it, then kept: handouts are rare staff
        pages, so start-up and each worker's memory do not pay for every article.
        """
        return make_handout_html(self.html, self.slug)

    @cached_property
    def summary_handout_html(self) -> str:
        """The short version for a handout: "At a glance" and the summary, ids prefixed, headings down."""
        return make_handout_html(self.glance_html + self.summary_html, self.slug)


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer_html: str
    answer_text: str                 # the answer's plain text, for search and structured data
    more_slug: str | None
    more_anchor: str | None
    group_id: str


@dataclass(frozen=True)
class FaqGroup:
    id: str
    title: str
    entries: tuple[FaqEntry, ...]


@dataclass(frozen=True)
class Faq:
    groups: tuple[FaqGroup, ...]
    review: Reviewed | None

    @property
    def entries(self) -> tuple[FaqEntry, ...]:
        return tuple(entry for group in self.groups for entry in group.entries)


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    aliases: tuple[str, ...]
    definition_html: str
    definition_text: str = ""        # the definition's plain text, for search and structured data

    @property
    def shown_aliases(self) -> tuple[str, ...]:
        """Aliases worth showing a reader: not mere plurals or hyphenations of the term or each other.

        Every alias still links the term in articles and matches in search.
        """
        def singular(word: str) -> str:
            if word.endswith("ies") and len(word) > 4:
                return word[:-3] + "y"          # bodies → body
            if word.endswith("ae"):
                return word[:-1]                # vertebrae → vertebra
            if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
                return word[:-1]                # fractures → fracture
            return word

        def core(name: str) -> str:
            return " ".join(singular(w) for w in name.lower().replace("-", " ").split())
        seen = {core(self.term)}
        shown = []
        for alias in self.aliases:
            if core(alias) not in seen:
                seen.add(core(alias))
                shown.append(alias)
        return tuple(shown)

    @property
    def letter(self) -> str:
        first = self.term[:1].upper()
        return first if first.isalpha() else "#"


@dataclass(frozen=True)
class Glossary:
    terms: tuple[GlossaryTerm, ...]
    review: Reviewed | None

    def by_letter(self) -> list[tuple[str, list[GlossaryTerm]]]:
        groups: dict[str, list[GlossaryTerm]] = {}
        for term in sorted(self.terms, key=lambda t: t.term.lower()):
            groups.setdefault(term.letter, []).append(term)
        return sorted(groups.items())


@dataclass(frozen=True)
class QuestionForm:
    """A kind of question patients ask ("how long ..."), and the headings that answer it (question-forms.yaml)."""
    id: str
    asked: tuple[str, ...]       # phrases as typed; "*" stands for one to four words of the topic
    headings: tuple[str, ...]    # words of the headings and FAQ questions that answer it
    definitions: bool = False    # a glossary definition answers it ("what is a vertebra")


@dataclass(frozen=True)
class Library:
    """Everything the site serves, read from `content/` once."""
    sections: tuple[Section, ...]
    articles: Mapping[str, Article]            # slug → article (kind "article")
    pages: Mapping[str, Article]               # slug → standalone page (about, accessibility)
    aliases: Mapping[str, str]                 # old slug → current slug
    faq: Faq
    glossary: Glossary
    problems: tuple[Problem, ...]
    fingerprint: str                           # changes whenever any content file changes
    synonyms: tuple[tuple[str, ...], ...] = ()   # groups of words search treats as one idea
    broader: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (words, broader words), for search
    question_forms: tuple[QuestionForm, ...] = ()  # kinds of question, for search
    short_links: Mapping[str, str] = field(default_factory=dict)  # /go/<code> → article slug or page path
    skipped: frozenset[str] = field(default_factory=frozenset)  # files not served
    last_modified: float = 0.0                 # newest modification time of the files read (Unix time)
    home: Home = Home()                        # home.yaml: ways in and suggested questions
    decision: DecisionAid | None = None        # decision-aid.yaml: /decide/ (None: not in this content)
    red_flags: RedFlags | None = None          # red-flags.yaml: urgent advice first in search (None: no rules)
    edition: str = "en-gb"                     # the language edition (content/<edition>/ over the English)
    translations: Mapping[str, Translation] = field(default_factory=dict)  # English file → its translation's record
    search_keywords: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # address → editors' search words

    def short_code(self, target: str) -> str | None:
        """The short code of an article (by slug) or of another page (by path, such as /decide/)."""
        return next((code for code, linked in self.short_links.items() if linked == target), None)

    def short_link_path(self, code: str) -> str | None:
        """Where /go/<code>/ leads: an article's address, or the page's path."""
        target = self.short_links.get(code)
        if target is None:
            return None
        return in_language(target, self.edition) if target.startswith("/") else self.articles[target].url

    def article_list(self, section: str | None = None) -> list[Article]:
        """Articles in reading order: by section order, then by `order`, then title."""
        section_rank = {s.id: i for i, s in enumerate(self.sections)}
        items = [a for a in self.articles.values() if section is None or a.section == section]
        return sorted(items, key=lambda a: (section_rank.get(a.section, 99), a.order, a.title))

    @property
    def decision_questions(self) -> tuple[str, ...]:
        """The questions to ask before deciding (a checklist marked `decision`), for the questions sheet."""
        return next((a.decision_items for a in self.article_list() if a.decision_items), ())

    def article_get(self, slug: str) -> Article | None:
        return self.articles.get(slug)

    def next_article(self, article: Article) -> Article | None:
        ordered = self.article_list()
        for index, candidate in enumerate(ordered[:-1]):
            if candidate.slug == article.slug:
                return ordered[index + 1]
        return None

    def section_get(self, section_id: str | None) -> Section | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(mapping))
