"""Words as the index sees them: split, folded and stemmed exactly as SQLite FTS5 does.

The index finds documents with FTS5's `porter unicode61 remove_diacritics 2`
tokenizer; the re-ranking then asks which of the reader's ideas each document
mentions. Both must agree on what counts as the same word ("fractured" is
"fracture"), so the re-ranking stems with FTS5 itself: a batch of words goes
into a scratch FTS5 table and comes back as the stems FTS5 stored
(`fts5vocab`). The static copy's search (static/js/search-engine.js) stems with
the npm package `stemmer`, the same Porter algorithm; tests/site/test_search_engines.py
checks the two agree on every word of the site and of two English word lists.
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Iterable

# unicode61's token characters are letters and numbers; everything else (apostrophes, hyphens,
# symbols, "_") separates tokens, so "don't" is "don" and "t", as FTS5 indexes it.
TOKEN_RE = re.compile(r"[^\W_]+")
TOKENIZER = "porter unicode61 remove_diacritics 2"
_MOST_KEPT = 100_000   # stems remembered; queries bring new words, so the cache is bounded


def fold(text: str) -> str:
    """Lowercase with accents removed ("Café" → "cafe"), as remove_diacritics 2 does."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """The tokens FTS5 makes of a text, before stemming."""
    return TOKEN_RE.findall(fold(text))


class Stemmer:
    """Porter stems from FTS5's own tokenizer, remembered once worked out."""

    def __init__(self):
        self._stems: dict[str, str] = {}
        self._as_written: dict[str, str] = {}   # a token as written ("Fractures") → its stem

    def stem_all(self, words: Iterable[str]) -> list[str]:
        """The stem of each token (tokens as `tokens()` makes them)."""
        words = list(words)
        unknown = list(dict.fromkeys(w for w in words if w not in self._stems))
        if not unknown:
            return [self._stems[w] for w in words]
        stems = dict(zip(unknown, _fts5_stems(unknown)))
        if len(self._stems) + len(stems) <= _MOST_KEPT:
            self._stems.update(stems)
        return [self._stems.get(w) or stems[w] for w in words]

    def stem(self, word: str) -> str:
        return self.stem_all([word])[0]

    def stem_as_written(self, token: str) -> str:
        """The stem of one token as it is written in a text (case and accents as they are)."""
        found = self._as_written.get(token)
        if found is None:
            found = self.stem(fold(token))
            if len(self._as_written) < _MOST_KEPT:
                self._as_written[token] = found
        return found

    def phrase(self, text: str) -> str:
        """A text's stems as " a b c ": a phrase is in a text when its string is in the text's."""
        return " " + " ".join(self.stem_all(tokens(text))) + " "


class SuffixStemmer:
    """Stems for a language FTS5 has no stemmer for (Polish, languages.py): a token (folded, as
    `tokens` makes it, and with "ł" as "l", which NFKD leaves alone) without its longest ending from
    `endings`, keeping at least `shortest` letters. The index holds these stems, so it, the
    re-ranking and the static copy all see the same words."""

    def __init__(self, endings: tuple[str, ...], shortest: int = 3):
        self.endings = tuple(sorted(endings, key=len, reverse=True))
        self.shortest = shortest

    def stem(self, word: str) -> str:
        word = word.replace("ł", "l")
        for ending in self.endings:
            if word.endswith(ending) and len(word) - len(ending) >= self.shortest:
                return word[:-len(ending)]
        return word

    def stem_all(self, words: Iterable[str]) -> list[str]:
        return [self.stem(word) for word in words]

    def stem_as_written(self, token: str) -> str:
        return self.stem(fold(token))

    def phrase(self, text: str) -> str:
        return " " + " ".join(self.stem_all(tokens(text))) + " "


def _fts5_stems(words: list[str]) -> list[str]:
    """Each token's stem, from a scratch FTS5 table (one row per token, read back by row)."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.execute(f"CREATE VIRTUAL TABLE scratch USING fts5(word, tokenize = '{TOKENIZER}')")
        connection.execute("CREATE VIRTUAL TABLE scratch_terms USING fts5vocab(scratch, 'instance')")
        connection.executemany("INSERT INTO scratch (rowid, word) VALUES (?, ?)", enumerate(words))
        stems = dict(connection.execute("SELECT doc, term FROM scratch_terms"))
    finally:
        connection.close()
    return [stems.get(i, word) for i, word in enumerate(words)]
