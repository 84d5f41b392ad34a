"""The SQLite FTS5 index: built once from the library, queried per request.

The index is built in memory at start-up and kept as serialized bytes; each
process opens one copy on first use (so no SQLite connection crosses a
gunicorn fork), shared by its threads under a lock. Queries are CPU-bound,
so per-thread copies would cost memory without adding throughput.
"""
from __future__ import annotations

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
from .query import QueryPlan, QueryPlanner, words_of

# BM25 column weights: the section heading (or question, or term) says most
# about a document, the page title next, the body least.
_WEIGHTS = (4.0, 8.0, 1.0)
MAX_RESULTS = 20
_COMMON_SHARE = 0.3  # ideas in more than this share of documents are not matched, only re-ranked
_CANDIDATES = 50  # best BM25 matches that are then re-ranked
# A document found only through a synonym ranks below one with the reader's own
# words; a glossary entry, short and so favoured by BM25, ranks a little lower.
_SYNONYM_ONLY_FACTOR = 0.3
_GLOSSARY_FACTOR = 0.5
# The reader's own words in a section heading or page title say more than any
# number of mentions in body text.
_HEADING_BOOST = 1.5
_TITLE_BOOST = 1.25


@dataclass(frozen=True)
class SearchResult:
    url: str
    page_title: str
    heading: str
    snippet: SafeString
    kind: str


@dataclass(frozen=True)
class SearchResults:
    plan: QueryPlan
    results: tuple[SearchResult, ...]


def _fts_phrase(phrase: str) -> str:
    """A phrase as an FTS5 string: every word quoted, so no query syntax survives."""
    return '"' + " ".join(w.replace('"', "") for w in words_of(phrase)) + '"'


def _fts_idea(alternatives: tuple[str, ...]) -> str:
    return "(" + " OR ".join(_fts_phrase(p) for p in alternatives if words_of(p)) + ")"


def _idea_pattern(alternatives: tuple[str, ...], flags: int = 0) -> re.Pattern:
    """A regular expression approximating the stemmer: each word matched by its stem-like prefix.

    Used only to count which of the reader's ideas a candidate mentions, a
    ranking signal, so "fracture" matching "fractured" by prefix is enough.
    """
    def word(w: str) -> str:
        return re.escape(w[:max(4, len(w) - 2)]) + r"\w*" if len(w) > 4 else re.escape(w) + r"\b"
    phrases = [r"\s+".join(word(w) for w in words_of(p)) for p in alternatives if words_of(p)]
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


def _document_frequency(texts: list[str]) -> Counter:
    """How many of `texts` contain each word, split as `words_of` splits a query."""
    counts: Counter = Counter()
    for text in texts:
        counts.update(set(words_of(text)))
    return counts


class SearchIndex:
    def __init__(self, documents: list[Document], synonym_groups: list[tuple[str, ...]]):
        self.documents = documents
        self.texts = [f"{d.page_title} {d.indexed_heading} {d.body}".lower() for d in documents]
        self.headings = [d.indexed_heading.lower() for d in documents]
        self.page_titles = [d.page_title.lower() for d in documents]
        self._image = self._build(documents)
        # How many documents each word appears in: the spelling vocabulary, and
        # the weight of each of the reader's ideas (rarer says more).
        self.document_frequency = _document_frequency(self.texts)
        self.planner = QueryPlanner(set(self.document_frequency), synonym_groups)
        self._lock = threading.Lock()
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
        return cls(list(library_documents(library)), groups)

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
        total = len(self.documents)
        frequencies = [self._frequency(idea.alternatives) for idea in plan.ideas]
        # An idea found in most documents (like "pain" here) barely changes the
        # ranking but is costly to match; leave it to the re-ranking below when
        # the question has rarer ideas to search by.
        searched = [idea for idea, f in zip(plan.ideas, frequencies) if f <= total * _COMMON_SHARE] or plan.ideas
        expanded = " OR ".join(_fts_idea(idea.alternatives) for idea in searched)
        rows = db.execute(f"SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT {_CANDIDATES}",
                          (expanded,)).fetchall()
        if not rows:
            return SearchResults(plan, ())
        patterns = [_idea_pattern(idea.alternatives) for idea in plan.ideas]
        typed = _idea_pattern(tuple(idea.typed for idea in plan.ideas))
        # How much of the question a document answers: the share of the reader's
        # ideas it mentions, each weighted by how rare (telling) that idea is.
        weights = [math.log(1 + total / (1 + f)) for f in frequencies]
        weight_sum = sum(weights) or 1.0

        def score(row) -> float:  # lower is better, as with bm25()
            rowid, value = row
            text = self.texts[rowid]
            if not typed.search(text):
                value *= _SYNONYM_ONLY_FACTOR
            doc = self.documents[rowid]
            if doc.kind == "glossary":
                value *= _GLOSSARY_FACTOR
            if typed.search(self.headings[rowid]):
                value *= _HEADING_BOOST
            if typed.search(self.page_titles[rowid]):
                value *= _TITLE_BOOST
            share = sum(w for w, pattern in zip(weights, patterns) if pattern.search(text)) / weight_sum
            return value * (1 + share)

        ranked = [rowid for rowid, _ in sorted(rows, key=score)[:MAX_RESULTS]]
        any_idea = _idea_pattern(tuple(a for idea in plan.ideas for a in idea.alternatives), re.IGNORECASE)
        results = []
        for rowid in ranked:
            doc = self.documents[rowid]
            results.append(SearchResult(url=doc.url, page_title=doc.page_title, heading=doc.heading,
                                        snippet=_snippet(doc.body, any_idea), kind=doc.kind))
        return SearchResults(plan, tuple(results))
