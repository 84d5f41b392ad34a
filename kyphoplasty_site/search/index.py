"""The SQLite FTS5 index: built once from the library, queried per request.

The index is built in memory at start-up and kept as serialized bytes; each
process opens one copy on first use (so no SQLite connection crosses a
gunicorn fork), shared by its threads under a lock. Queries are CPU-bound,
so per-thread copies would cost memory without adding throughput.

A search: plan the query (query.py), fetch candidates from FTS5, re-rank them
(`_Ranking` holds what every candidate is asked), and decide whether one
answers clearly enough to show first. The module is longer than most because
those steps read the same per-document data the index keeps (texts, headings,
heading words); apart, they would pass it all around.
"""
from __future__ import annotations

import dataclasses
import html
import math
import os
import re
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from .documents import Document, library_documents
from .query import Form, Idea, QueryPlan, QueryPlanner, words_of

# BM25 column weights: the section heading (or question, or term) says most
# about a document, the page title next, the body least.
_WEIGHTS = (4.0, 8.0, 1.0)
MAX_RESULTS = 20
_COMMON_SHARE = 0.3  # ideas in more than this share of documents are not matched, only re-ranked
_CANDIDATES = 50  # best BM25 matches that are then re-ranked
_KINDS_KEPT = 512  # sets of kinds of question whose answering headings are kept (each a list of 50 pairs)
# A document found only through a synonym ranks below one with the reader's own
# words; a glossary entry, short and so favoured by BM25, ranks a little lower.
_SYNONYM_ONLY_FACTOR = 0.7
_GLOSSARY_FACTOR = 0.5
# The reader's own words in a section heading or page title say more than any
# number of mentions in body text.
_HEADING_BOOST = 1.5
_TITLE_BOOST = 1.25
# A heading that answers the kind of question asked ("Who may be offered it" for "am I a good
# candidate for ..."), in a document about the topic, counts for as much again as all of the topic.
_FORM_BOOST = 2.0
# A definition answers "what is ...", and none of the other kinds of question.
_NOT_A_DEFINITION_FACTOR = 0.3
# The first result is shown as the answer when it scores this many times the next one that
# says something else (an FAQ answer and the section its "read more" goes to say the same).
_ANSWER_MARGIN = 1.4
# An idea found only in broader words ("the procedure" for "kyphoplasty") counts this much.
_BROADER_SHARE = 0.75
# A heading or FAQ question that repeats the reader's words, stop words too ("could my fracture
# be caused by cancer"), is most likely the question they are asking: up to this much more.
_ECHO_BOOST = 0.5
# A question of two or more ideas has no clear answer when the site knows fewer than half of its
# ideas, or the best result covers less than a quarter of the topic: the page says so rather than
# present a weak match with confidence. (A quarter marks 1 of the 350 test questions unclear;
# a third marked 8 that the site does answer.)
_CLEAR_SHARE = 0.5
_CLEAR_COVERAGE = 0.25


@dataclass(frozen=True)
class SearchResult:
    url: str
    page_title: str
    heading: str
    snippet: SafeString
    kind: str
    lead: str = ""       # the opening of the section or answer, plain text, for an answer shown first
    more_url: str = ""   # where to read more: an FAQ answer's section, or the result itself
    more_title: str = ""   # the title of the page `more_url` is on


@dataclass(frozen=True)
class SearchResults:
    plan: QueryPlan
    results: tuple[SearchResult, ...]
    answer: SearchResult | None = None   # one result that answers clearly better than the rest, shown first
    clear: bool = True                   # False: the best result covers too little of the question to trust


def _fts_words(words: list[str]) -> str:
    """Words as one FTS5 phrase, every word quoted, so no query syntax survives."""
    return '"' + " ".join(w.replace('"', "") for w in words) + '"'


def _fts_phrase(phrase: str) -> str:
    return _fts_words(words_of(phrase))


def _fts_idea(alternatives: tuple[str, ...]) -> str:
    """Any of the alternatives, as FTS5 phrases; one that holds another ("balloon kyphoplasty" holds
    "kyphoplasty") finds nothing more, so it is left out: each phrase costs a pass over the index."""
    phrases = [words_of(p) for p in alternatives if words_of(p)]
    kept = [p for p in phrases if not any(other != p and _holds(p, other) for other in phrases)]
    return "(" + " OR ".join(_fts_words(p) for p in kept) + ")"


def _holds(phrase: list[str], part: list[str]) -> bool:
    return any(phrase[i:i + len(part)] == part for i in range(len(phrase) - len(part) + 1))


def _idea_pattern(alternatives: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """A regular expression approximating the stemmer: each word matched by its stem-like prefix.

    Used only to count which of the reader's ideas a candidate mentions, a
    ranking signal, so "fracture" matching "fractured" by prefix is enough.
    """
    def word(w: str) -> str:
        return re.escape(w[:max(4, len(w) - 2)]) + r"\w*" if len(w) > 4 else re.escape(w) + r"\b"
    phrases = [r"\W+".join(word(w) for w in words_of(p)) for p in alternatives if words_of(p)]
    return re.compile(r"\b(?:" + "|".join(phrases) + ")", flags)  # ranking texts are lowercased at build


def _snippet(body: str, pattern: re.Pattern, words: int = 30) -> SafeString:
    """About `words` words of the body around the first match, matches in <mark>, all else escaped."""
    first = pattern.search(body)
    tokens = body.split()
    if first:
        start = max(0, len(body[:first.start()].split()) - 8)
    else:
        start = 0
    window = " ".join(tokens[start:start + words])
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + words < len(tokens) else ""
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces.append(html.escape(window[last:match.start()]))
        pieces.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(html.escape(window[last:]))
    return mark_safe(prefix + "".join(pieces) + suffix)


def _lead(body: str, most_words: int = 60) -> str:
    """The opening sentences of a text, up to about `most_words` words, for an answer shown first."""
    sentences = re.split(r"(?<=[.!?])\s+", body.strip())
    lead = []
    for sentence in sentences:
        if lead and len(" ".join(lead + [sentence]).split()) > most_words:
            break
        lead.append(sentence)
    words = " ".join(lead).split()
    return " ".join(words[:most_words]) + ("…" if len(words) > most_words else "")


def _document_frequency(texts: list[str]) -> Counter:
    """How many of `texts` contain each word, split as `words_of` splits a query."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(set(words_of(text)))
    return counts


class _Ranking:
    """What re-ranking asks of every candidate for one query, worked out once."""

    def __init__(self, ideas: list[Idea], forms: list[Form], total: int, frequency, words: list[str] = ()):
        self.words = frozenset(words)   # every word typed, stop words too
        self._covered: dict[int, float] = {}
        self.patterns = [_idea_pattern(idea.alternatives) for idea in ideas]
        self.broader = [_idea_pattern(idea.broader) if idea.broader else None for idea in ideas]
        self.typed = [_idea_pattern((idea.typed,)) for idea in ideas]
        # Headings that answer the kind of question asked.
        self.answering = _idea_pattern(tuple(h for form in forms for h in form.headings)) if forms else None
        # True: a definition answers the kind of question asked; False: it does not; None: no kind asked.
        self.definitions = any(form.definitions for form in forms) if forms else None
        # Rarer ideas say more about what the reader wants.
        weights = [math.log(1 + total / (1 + frequency(idea.alternatives))) for idea in ideas]
        self.weights = [w / (sum(weights) or 1.0) for w in weights]

    def share(self, text: str, patterns=None) -> float:
        """How much of the topic a text mentions: the share of the ideas in it, each weighted by how
        rare (telling) it is; an idea found only in broader words counts half. With no topic, all of it."""
        if not self.weights:
            return 1.0
        if patterns is not None:
            return sum(w for w, pattern in zip(self.weights, patterns) if pattern.search(text))
        return sum(w if pattern.search(text) else w * _BROADER_SHARE if broader and broader.search(text) else 0.0
                   for w, pattern, broader in zip(self.weights, self.patterns, self.broader))

    def covers(self, rowid: int, text: str) -> float:
        """`share(text)` for a document's whole text, worked out once per document."""
        if rowid not in self._covered:
            self._covered[rowid] = self.share(text)
        return self._covered[rowid]

    def mentions_all(self, text: str) -> bool:
        """Whether a text mentions every idea, in the reader's words or broader ones."""
        return all(pattern.search(text) or (broader and broader.search(text))
                   for pattern, broader in zip(self.patterns, self.broader))


class SearchIndex:
    def __init__(self, documents: list[Document], synonym_groups: list[tuple[str, ...]], question_forms=(),
                 broader=()):
        self.documents = documents
        self.texts = [f"{d.page_title} {d.indexed_heading} {d.body}".lower() for d in documents]
        self.headings = [d.indexed_heading.lower() for d in documents]
        self.heading_words = [frozenset(words_of(d.heading)) for d in documents]
        self.page_titles = [d.page_title.lower() for d in documents]
        self._image = self._build(documents)
        # How many documents each word appears in: the spelling vocabulary, and
        # the weight of each of the reader's ideas (rarer says more).
        self.document_frequency = _document_frequency(self.texts)
        self.planner = QueryPlanner(set(self.document_frequency), synonym_groups, question_forms, broader)
        self._lock = threading.Lock()
        self._headings_found: dict[tuple[str, ...], list[tuple[int, float]]] = {}   # see _answering_headings
        self._process_connection: tuple[int, sqlite3.Connection] | None = None

    @staticmethod
    def _build(documents: list[Document]) -> bytes:
        """The FTS5 index of the documents, as a serialized in-memory database."""
        connection = sqlite3.connect(":memory:")
        connection.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(page_title, heading, body, "
            "tokenize = 'porter unicode61 remove_diacritics 2')"
        )
        connection.executemany(
            "INSERT INTO docs (rowid, page_title, heading, body) VALUES (?, ?, ?, ?)",
            [(i, d.page_title, d.indexed_heading, d.body) for i, d in enumerate(documents)],
        )
        # The column weights become FTS5's built-in rank, which it sorts fastest.
        connection.execute("INSERT INTO docs (docs, rank) VALUES ('rank', ?)",
                           (f"bm25({', '.join(map(str, _WEIGHTS))})",))
        connection.execute("INSERT INTO docs (docs) VALUES ('optimize')")
        connection.commit()
        image = connection.serialize()
        connection.close()
        return image

    @classmethod
    def from_library(cls, library) -> "SearchIndex":
        groups = list(library.synonyms)
        groups += [(t.term.lower(), *(a.lower() for a in t.aliases)) for t in library.glossary.terms if t.aliases]
        return cls(list(library_documents(library)), groups, library.question_forms, library.broader)

    def _frequency(self, alternatives: tuple[str, ...]) -> int:
        """Roughly how many documents mention an idea: its most common alternative's rarest word."""
        return max((min((self.document_frequency.get(w, 0) for w in words_of(p)), default=0)
                    for p in alternatives), default=0)

    def _connection(self) -> sqlite3.Connection:
        """This process's copy of the index (callers hold the lock)."""
        if self._process_connection is None or self._process_connection[0] != os.getpid():
            connection = sqlite3.connect(":memory:", check_same_thread=False)
            connection.deserialize(self._image)
            self._process_connection = (os.getpid(), connection)
        return self._process_connection[1]

    def search(self, raw_query: str) -> SearchResults:
        with self._lock:
            return self._search(self._connection(), raw_query)

    def _search(self, db: sqlite3.Connection, raw_query: str) -> SearchResults:

        def is_indexed(word: str) -> bool:
            return db.execute("SELECT 1 FROM docs WHERE docs MATCH ? LIMIT 1", (_fts_phrase(word),)).fetchone() is not None

        plan = self.planner.plan(raw_query, is_indexed)
        if plan.is_empty:
            return SearchResults(plan, ())
        # An idea no document mentions ("fosamax", if no page says it) cannot help rank; the rest may.
        ideas = [idea for idea in plan.ideas
                 if self._frequency(idea.alternatives) or any(is_indexed(a) for a in idea.alternatives)]
        if not ideas and not plan.forms:
            return SearchResults(plan, ())
        ranking = _Ranking(ideas, plan.forms, total=len(self.documents), frequency=self._frequency,
                           words=words_of(plan.text))
        rows = self._candidates(db, ideas, plan.forms, ranking)
        if not rows:
            return SearchResults(plan, ())
        scored = sorted((self._score(ranking, rowid, value), rowid) for rowid, value in rows.items())
        any_idea = _idea_pattern(tuple(a for idea in ideas for a in idea.alternatives)
                                 or tuple(h for form in plan.forms for h in form.headings), re.IGNORECASE)
        shown = [rowid for _, rowid in scored[:MAX_RESULTS]]
        results = [self._result(rowid, any_idea) for rowid in shown]
        clear = len(plan.ideas) < 2 or (len(ideas) >= _CLEAR_SHARE * len(plan.ideas)
                                        and ranking.covers(shown[0], self.texts[shown[0]]) >= _CLEAR_COVERAGE)
        answer = None
        if clear and self._answers_clearly(ranking, scored):
            # Where an FAQ answer says the same as the best section, its short answer is shown.
            best = shown[0]
            at = next((i for i, rowid in enumerate(shown) if self.documents[rowid].kind == "faq"
                       and self.documents[rowid].see_also == self.documents[best].url), 0)
            answer = dataclasses.replace(results[at], lead=_lead(self.documents[shown[at]].body))
        return SearchResults(plan, tuple(results), answer, clear)

    def _candidates(self, db: sqlite3.Connection, ideas: list[Idea], forms: list[Form],
                    ranking: "_Ranking") -> dict[int, float]:
        """rowid → BM25 rank of the documents worth ranking: the best matches of the topic, and the
        best headings that answer the kind of question asked on pages about the topic (in broader
        words too)."""
        total = len(self.documents)
        # An idea found in most documents (like "pain" here) barely changes the ranking but is
        # costly to match; leave it to the re-ranking when the question has rarer ideas to search by.
        frequencies = [self._frequency(idea.alternatives) for idea in ideas]
        searched = [idea for idea, f in zip(ideas, frequencies) if f <= total * _COMMON_SHARE] or ideas
        topic = " OR ".join(_fts_idea(idea.alternatives) for idea in searched)
        headings = tuple(dict.fromkeys(h for form in forms for h in form.headings))
        # BM25's spread is wide; its square root leaves more say to the re-ranking.
        rows = {rowid: -math.sqrt(-rank) for rowid, rank in db.execute(
            f"SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT {_CANDIDATES}", (topic,))
        } if topic else {}
        if headings:
            # Headings that answer the kind of question, on pages about the topic (in broader words
            # too). Matching headings alone and checking the topic here is far cheaper than asking
            # the index for both.
            for rowid, rank in self._answering_headings(db, headings):
                if ranking.covers(rowid, self.texts[rowid]) > 0:
                    rows[rowid] = min(-math.sqrt(-rank), rows.get(rowid, 0.0))
        return rows

    def _answering_headings(self, db: sqlite3.Connection, headings: tuple[str, ...]) -> list[tuple[int, float]]:
        """(rowid, rank) of the best headings with any of these words, asked once per set of words.

        They depend on the kinds of question asked, not on the topic, and there are few such sets:
        keeping them saves a second FTS5 query on most questions, which bench/search showed the
        10 ms target cannot spare at 1,000 articles. The index never changes, so neither do they.
        """
        found = self._headings_found.get(headings)
        if found is None:
            found = db.execute(f"SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT {_CANDIDATES}",
                               (f"heading : {_fts_idea(headings)}",)).fetchall()
            if len(self._headings_found) < _KINDS_KEPT:
                self._headings_found[headings] = found
        return found

    def _score(self, ranking: "_Ranking", rowid: int, value: float) -> float:
        """A candidate's rank after re-ranking; lower is better, as with bm25()."""
        text, heading, doc = self.texts[rowid], self.headings[rowid], self.documents[rowid]
        answers_the_kind_asked = self._answers_the_kind_asked(ranking, rowid)
        if ranking.typed:
            # Other words for the topic are weaker, unless the heading answers the kind of question asked.
            if not answers_the_kind_asked and not any(pattern.search(text) for pattern in ranking.typed):
                value *= _SYNONYM_ONLY_FACTOR
            # The reader's own words in a heading or page title, as much as they tell.
            value *= 1 + (_HEADING_BOOST - 1) * ranking.share(heading, ranking.typed)
            value *= 1 + (_TITLE_BOOST - 1) * ranking.share(self.page_titles[rowid], ranking.typed)
        if doc.kind == "glossary" and ranking.definitions is not True:
            # A short entry that names the topic, which BM25 favours, rarely answers the question.
            value *= _GLOSSARY_FACTOR if ranking.definitions is None else _GLOSSARY_FACTOR * _NOT_A_DEFINITION_FACTOR
        if ranking.words:
            echo = len(ranking.words & self.heading_words[rowid]) / len(ranking.words)
            value *= 1 + _ECHO_BOOST * echo ** 2
        share = ranking.covers(rowid, text)
        if answers_the_kind_asked:
            value *= 1 + (_FORM_BOOST - 1) * share
        return value * (1 + share) ** 2

    def _answers_the_kind_asked(self, ranking: "_Ranking", rowid: int) -> bool:
        """Its heading answers the kind of question asked.

        "What is X?" is answered by a heading about X: "What is X?", or X's own glossary entry.
        """
        if ranking.answering is None:
            return False
        heading = self.headings[rowid]
        if ranking.definitions:
            return (any(pattern.search(heading) for pattern in ranking.patterns)
                    and bool(self.documents[rowid].kind == "glossary" or ranking.answering.search(heading)))
        return bool(ranking.answering.search(heading))

    def _answers_clearly(self, ranking: "_Ranking", scored: list[tuple[float, int]]) -> bool:
        """Whether the first result answers the question clearly better than any that says something else.

        It must be an FAQ answer or part of an article, mention every idea the reader asked
        about, and (when a kind of question was asked) have a heading that answers that kind.
        """
        top_score, top = scored[0]
        doc = self.documents[top]
        if doc.kind not in {"faq", "article"} or (not ranking.answering and len(ranking.patterns) < 2):
            return False  # a word or two looked up, not a question asked
        if not ranking.mentions_all(self.texts[top]):
            return False
        if ranking.answering is not None and not self._answers_the_kind_asked(ranking, top):
            return False
        same = {doc.url, doc.see_also} - {""}
        rival = next((score for score, rowid in scored[1:]
                      if not {self.documents[rowid].url, self.documents[rowid].see_also} & same), None)
        return rival is None or top_score <= _ANSWER_MARGIN * rival

    def _result(self, rowid: int, any_idea: re.Pattern) -> SearchResult:
        doc = self.documents[rowid]
        return SearchResult(url=doc.url, page_title=doc.page_title, heading=doc.heading,
                            snippet=_snippet(doc.body, any_idea), kind=doc.kind,
                            more_url=doc.see_also or doc.url, more_title=doc.see_also_title or doc.page_title)
