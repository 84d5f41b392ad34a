"""The SQLite FTS5 index: built once from the library, queried per request.

The index is built in memory at start-up and kept as serialized bytes; each
process opens one copy on first use (so no SQLite connection crosses a
gunicorn fork), shared by its threads under a lock. Queries are CPU-bound,
so per-thread copies would cost memory without adding throughput.

A search: plan the query (query.py), fetch candidates from FTS5, re-rank them
(`_Ranking` holds what every candidate is asked), and decide whether one
answers clearly enough to show first. Re-ranking matches words by their Porter
stems, as FTS5 does (stemming.py), on texts kept as strings of stems; the
static copy's search (static/js/search-engine.js) does the same with the same
numbers (weights.py). The module is longer than most because
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
from .stemming import TOKEN_RE as _TOKEN_RE
from .languages import ENGLISH, SearchLanguage, search_language
from .stemming import TOKENIZER, SuffixStemmer, Stemmer, tokens
from .weights import WEIGHTS

# What counts as a word's text: the document's page title, heading and body (search/stemming.py).
_KINDS_KEPT = 512  # sets of kinds of question whose answering headings are kept (each a list of 50 pairs)
# The first result is shown as the answer when it scores this many times the next one that
# says something else (an FAQ answer and the section its "read more" goes to say the same).
# The static copy shows no answer first, so this one is the live site's alone.
_ANSWER_MARGIN = 1.4


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


def fts_phrases(alternatives: tuple[str, ...]) -> list[list[str]]:
    """The alternatives worth asking FTS5 for, as words: one that holds another ("balloon kyphoplasty"
    holds "kyphoplasty") finds nothing more, so it is left out, since each phrase costs a pass over the index."""
    phrases = [words_of(p) for p in alternatives if words_of(p)]
    return [p for p in phrases if not any(other != p and _holds(p, other) for other in phrases)]


def _fts_idea(alternatives: tuple[str, ...], stem=None) -> str:
    """Any of the alternatives, as FTS5 phrases; `stem` turns words into the index's own stems
    (an index of a language FTS5 cannot stem holds our stems, not words)."""
    phrases = fts_phrases(alternatives)
    if stem is not None:
        phrases = [stem(tokens(" ".join(words))) for words in phrases]
    return "(" + " OR ".join(_fts_words(p) for p in phrases) + ")"


def _holds(phrase: list[str], part: list[str]) -> bool:
    return any(phrase[i:i + len(part)] == part for i in range(len(phrase) - len(part) + 1))


def _contains(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether a text of stems (" a b c ") holds any of the phrases of stems."""
    return any(phrase in text for phrase in phrases)


def _snippet(body: str, stems: frozenset[str], stem_of, words: int = 30) -> SafeString:
    """About `words` words of the body around the first word with one of the stems, those in <mark>.

    `stem_of` gives the stem of a token as written; a token is split as FTS5 splits it."""
    def marked(word: str) -> bool:
        return any(stem_of(token) in stems for token in _TOKEN_RE.findall(word))
    tokens_ = body.split()
    first = next((n for n, word in enumerate(tokens_) if marked(word)), None)
    start = max(0, first - 8) if first is not None else 0
    window = " ".join(tokens_[start:start + words])
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + words < len(tokens_) else ""
    pieces, last = [], 0
    for match in _TOKEN_RE.finditer(window):
        if stem_of(match.group()) in stems:
            pieces.append(html.escape(window[last:match.start()]))
            pieces.append(f"<mark>{html.escape(match.group())}</mark>")
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


class _Ranking:
    """What re-ranking asks of every candidate for one query, worked out once."""

    def __init__(self, ideas: list[Idea], forms: list[Form], total: int, frequency, stemmer: Stemmer,
                 words: list[str] = ()):
        self.words = frozenset(words)   # every word typed, stop words too
        self._covered: dict[int, float] = {}

        def phrases(alternatives) -> tuple[str, ...]:
            return tuple(dict.fromkeys(stemmer.phrase(a) for a in alternatives if tokens(a)))
        self.patterns = [phrases(idea.alternatives) for idea in ideas]
        self.broader = [phrases(idea.broader) for idea in ideas]
        self.typed = [phrases((idea.typed,)) for idea in ideas]
        # Headings that answer the kind of question asked.
        self.answering = phrases(h for form in forms for h in form.headings) if forms else None
        # True: a definition answers the kind of question asked; False: it does not; None: no kind asked.
        self.definitions = any(form.definitions for form in forms) if forms else None
        # Rarer ideas say more about what the reader wants.
        weights = [math.log(1 + total / (1 + frequency(idea.alternatives))) for idea in ideas]
        self.weights = [w / (sum(weights) or 1.0) for w in weights]

    def share(self, text: str, patterns=None) -> float:
        """How much of the topic a text mentions: the share of the ideas in it, each weighted by how
        rare (telling) it is; an idea found only in broader words counts less. With no topic, all of it."""
        if not self.weights:
            return 1.0
        if patterns is not None:
            return sum(w for w, phrases in zip(self.weights, patterns) if _contains(text, phrases))
        return sum(w if _contains(text, phrases) else w * WEIGHTS.broader_share if _contains(text, broader) else 0.0
                   for w, phrases, broader in zip(self.weights, self.patterns, self.broader))

    def covers(self, rowid: int, text: str) -> float:
        """`share(text)` for a document's whole text, worked out once per document."""
        if rowid not in self._covered:
            self._covered[rowid] = self.share(text)
        return self._covered[rowid]

    def mentions_all(self, text: str) -> bool:
        """Whether a text mentions every idea, in the reader's words or broader ones."""
        return all(_contains(text, phrases) or _contains(text, broader)
                   for phrases, broader in zip(self.patterns, self.broader))


class SearchIndex:
    def __init__(self, documents: list[Document], synonym_groups: list[tuple[str, ...]], question_forms=(),
                 broader=(), language: SearchLanguage = ENGLISH):
        self.documents = documents
        self.language = language
        # English: FTS5's Porter stemmer; Polish: folded words without their endings (languages.py).
        own_stems = language.stemmer == "suffix"
        self.stemmer = SuffixStemmer(language.endings, language.shortest_stem) if own_stems else Stemmer()
        self._stem_query = self.stemmer.stem_all if own_stems else None
        # Every word of the library stemmed in one batch; after that, stems come from memory.
        titles = [tokens(d.page_title) for d in documents]
        headings = [tokens(d.indexed_heading) for d in documents]
        bodies = [tokens(d.matched_body) for d in documents]
        asides = [tokens(d.aside) for d in documents]
        self.stemmer.stem_all({w for texts in (titles, headings, bodies, asides) for words in texts for w in words})

        def stemmed(words: list[str]) -> str:
            return " " + " ".join(self.stemmer.stem_all(words)) + " "
        # What each document is about: its title, heading and body, not its safety boxes.
        self.texts = [stemmed(t + h + b) for t, h, b in zip(titles, headings, bodies)]
        self.headings = [stemmed(h) for h in headings]
        self.page_titles = [stemmed(t) for t in titles]
        self.heading_words = [frozenset(words_of(d.heading)) for d in documents]
        self._image = self._build(documents, self.stemmer if own_stems else None)
        # How many documents each stem is in, boxes too: the weight of each of the reader's ideas
        # (rarer says more).
        self.stem_frequency: Counter = Counter()
        for text, aside in zip(self.texts, asides):
            self.stem_frequency.update(set(text.split()) | set(self.stemmer.stem_all(aside)))
        # The words of the library as written, which a misspelt word may be corrected to.
        self.vocabulary: Counter = Counter()
        for d in documents:
            self.vocabulary.update(set(words_of(f"{d.page_title} {d.indexed_heading} {d.searched_body}")))
        self.planner = QueryPlanner(self.vocabulary, synonym_groups, question_forms, broader, language)
        self._lock = threading.Lock()
        self._headings_found: dict[tuple[str, ...], list[tuple[int, float]]] = {}   # see _answering_headings
        self._process_connection: tuple[int, sqlite3.Connection] | None = None

    @staticmethod
    def _build(documents: list[Document], suffix_stemmer: SuffixStemmer | None = None) -> bytes:
        """The FTS5 index of the documents, as a serialized in-memory database.

        With a suffix stemmer (languages.py), FTS5 is given each text as its stems and only splits them."""
        connection = sqlite3.connect(":memory:")
        tokenizer = TOKENIZER if suffix_stemmer is None else "unicode61 remove_diacritics 2"
        connection.execute(f"CREATE VIRTUAL TABLE docs USING fts5(page_title, heading, body, tokenize = '{tokenizer}')")

        def text(value: str) -> str:
            return value if suffix_stemmer is None else " ".join(suffix_stemmer.stem_all(tokens(value)))
        connection.executemany(
            "INSERT INTO docs (rowid, page_title, heading, body) VALUES (?, ?, ?, ?)",
            [(i, text(d.page_title), text(d.indexed_heading), text(d.searched_body)) for i, d in enumerate(documents)],
        )
        # The column weights become FTS5's built-in rank, which it sorts fastest.
        columns = (WEIGHTS.title_column, WEIGHTS.heading_column, WEIGHTS.body_column)
        connection.execute("INSERT INTO docs (docs, rank) VALUES ('rank', ?)",
                           (f"bm25({', '.join(map(str, columns))})",))
        connection.execute("INSERT INTO docs (docs) VALUES ('optimize')")
        connection.commit()
        image = connection.serialize()
        connection.close()
        return image

    @classmethod
    def from_library(cls, library) -> "SearchIndex":
        groups = list(library.synonyms)
        groups += [(t.term.lower(), *(a.lower() for a in t.aliases)) for t in library.glossary.terms if t.aliases]
        return cls(list(library_documents(library)), groups, library.question_forms, library.broader,
                   search_language(library.edition))

    def _frequency(self, alternatives: tuple[str, ...]) -> int:
        """Roughly how many documents mention an idea: its most common alternative's rarest word."""
        return max((min((self.stem_frequency.get(s, 0) for s in self.stemmer.stem_all(tokens(p))), default=0)
                    for p in alternatives), default=0)

    def is_indexed(self, word: str) -> bool:
        """Whether any document has the word, in any form the stemmer counts as the same."""
        return self._frequency((word,)) > 0

    def english_words_never_corrected(self) -> list[str]:
        """The English words the static copy must be told never to correct (QueryPlanner.correct)."""
        near = self.planner.english_words_it_could_change()
        self.stemmer.stem_all(near)   # one batch, not one scratch table per word
        return sorted(w for w in near if not self.is_indexed(w))

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
        plan = self.planner.plan(raw_query, self.is_indexed)
        if plan.is_empty:
            return SearchResults(plan, ())
        # An idea no document mentions ("fosamax", if no page says it) cannot help rank; the rest may.
        ideas = [idea for idea in plan.ideas if self._frequency(idea.alternatives)]
        if not ideas and not plan.forms:
            return SearchResults(plan, ())
        ranking = _Ranking(ideas, plan.forms, total=len(self.documents), frequency=self._frequency,
                           stemmer=self.stemmer, words=words_of(plan.text))
        rows = self._candidates(db, ideas, plan.forms, ranking)
        if not rows:
            return SearchResults(plan, ())
        scored = sorted((self._score(ranking, rowid, value), rowid) for rowid, value in rows.items())
        # A document found only by words in its safety boxes never outranks one about the question.
        scored.sort(key=lambda item: ranking.covers(item[1], self.texts[item[1]]) == 0)
        marked = frozenset(s for phrases in (ranking.patterns or [ranking.answering or ()]) for p in phrases
                           for s in p.split())
        shown = [rowid for _, rowid in scored[:WEIGHTS.max_results]]
        results = [self._result(rowid, marked) for rowid in shown]
        clear = len(plan.ideas) < 2 or (len(ideas) >= WEIGHTS.clear_share * len(plan.ideas)
                                        and ranking.covers(shown[0], self.texts[shown[0]]) >= WEIGHTS.clear_coverage)
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
        searched = [idea for idea, f in zip(ideas, frequencies) if f <= total * WEIGHTS.common_share] or ideas
        topic = " OR ".join(_fts_idea(idea.alternatives, self._stem_query) for idea in searched)
        headings = tuple(dict.fromkeys(h for form in forms for h in form.headings))
        # BM25's spread is wide; its square root leaves more say to the re-ranking.
        rows = {rowid: -math.sqrt(-rank) for rowid, rank in db.execute(
            f"SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank, rowid LIMIT {WEIGHTS.candidates}",
            (topic,))
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
            found = db.execute("SELECT rowid, rank FROM docs WHERE docs MATCH ? ORDER BY rank, rowid "
                               f"LIMIT {WEIGHTS.candidates}", (f"heading : {_fts_idea(headings, self._stem_query)}",)).fetchall()
            if len(self._headings_found) < _KINDS_KEPT:
                self._headings_found[headings] = found
        return found

    def _score(self, ranking: "_Ranking", rowid: int, value: float) -> float:
        """A candidate's rank after re-ranking; lower is better, as with bm25()."""
        text, heading, doc = self.texts[rowid], self.headings[rowid], self.documents[rowid]
        answers_the_kind_asked = self._answers_the_kind_asked(ranking, rowid)
        if ranking.typed:
            # Other words for the topic are weaker, unless the heading answers the kind of question asked.
            if not answers_the_kind_asked and not any(_contains(text, typed) for typed in ranking.typed):
                value *= WEIGHTS.synonym_only_factor
            # The reader's own words in a heading or page title, as much as they tell.
            value *= 1 + (WEIGHTS.heading_boost - 1) * ranking.share(heading, ranking.typed)
            value *= 1 + (WEIGHTS.title_boost - 1) * ranking.share(self.page_titles[rowid], ranking.typed)
        if doc.kind == "glossary" and ranking.definitions is not True:
            # A short entry that names the topic, which BM25 favours, rarely answers the question.
            value *= WEIGHTS.glossary_factor * (1 if ranking.definitions is None else WEIGHTS.not_a_definition_factor)
        if ranking.words:
            echo = len(ranking.words & self.heading_words[rowid]) / len(ranking.words)
            value *= 1 + WEIGHTS.echo_boost * echo ** 2
        share = ranking.covers(rowid, text)
        if answers_the_kind_asked:
            value *= 1 + (WEIGHTS.form_boost - 1) * share
        return value * (1 + share) ** 2

    def _answers_the_kind_asked(self, ranking: "_Ranking", rowid: int) -> bool:
        """Its heading answers the kind of question asked.

        "What is X?" is answered by a heading about X: "What is X?", or X's own glossary entry.
        """
        if ranking.answering is None:
            return False
        heading = self.headings[rowid]
        if ranking.definitions:
            return (any(_contains(heading, phrases) for phrases in ranking.patterns)
                    and bool(self.documents[rowid].kind == "glossary" or _contains(heading, ranking.answering)))
        return _contains(heading, ranking.answering)

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

    def _result(self, rowid: int, marked: frozenset[str]) -> SearchResult:
        doc = self.documents[rowid]
        return SearchResult(url=doc.url, page_title=doc.page_title, heading=doc.heading,
                            snippet=_snippet(doc.body, marked, self.stemmer.stem_as_written), kind=doc.kind,
                            more_url=doc.see_also or doc.url, more_title=doc.see_also_title or doc.page_title)
