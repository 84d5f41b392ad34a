"""From what a patient types to what the index is asked.

Patients type questions ("can I drive home after kyphoplasty?"), misspell
long words ("kyphoplasy") and use everyday names ("hunchback"). The plan:
clean the text, drop stop words, correct words the index has never seen,
group words into ideas (a word, or a synonym phrase with its alternatives),
and let the index rank documents by how many ideas they match, then BM25.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

MAX_QUERY_CHARS = 200
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

STOP_WORDS = frozenset("""
a about after again all am an and any are as at be been before being but by can could did do does doing
done for from get getting go had has have having he her here him his how i if in into is it its itself
just me might more most much my myself need no nor not now of off on once only or other our out over own
please same she should so some such than that the their them then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you your
yours yourself tell know want feel going really thing things im ive dont
""".split())


@dataclass(frozen=True)
class Idea:
    """One thing the reader asked about: the words typed, and other words for it."""
    typed: str
    alternatives: tuple[str, ...]


@dataclass
class QueryPlan:
    text: str                                  # the cleaned query, as searched
    ideas: list[Idea] = field(default_factory=list)
    corrected: str | None = None               # the query after spelling correction, if changed
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.ideas


def clean_query(raw: str) -> tuple[str, bool]:
    """Normalise, drop control characters and collapse spaces; cut very long queries."""
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = " ".join(text.split())
    truncated = len(text) > MAX_QUERY_CHARS
    return text[:MAX_QUERY_CHARS].strip(), truncated


def words_of(text: str) -> list[str]:
    return _WORD_RE.findall(text.lower().replace("’", "'"))


class QueryPlanner:
    """Knows the index's vocabulary and the synonym groups; plans each query."""

    def __init__(self, vocabulary: set[str], synonym_groups: list[tuple[str, ...]]):
        self.vocabulary = vocabulary
        self.by_first_letter: dict[str, list[str]] = {}
        for word in vocabulary:
            if len(word) > 3 and word.isalpha():
                self.by_first_letter.setdefault(word[0], []).append(word)
        # phrase (as a tuple of words) → every phrase in its group(s)
        self.phrases: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for group in synonym_groups:
            members = {tuple(words_of(p)) for p in group if words_of(p)}
            for member in members:
                self.phrases.setdefault(member, set()).update(members)
        self.longest_phrase = max((len(p) for p in self.phrases), default=1)
        self.known_words = vocabulary | {w for p in self.phrases for w in p}

    def correct(self, word: str, is_indexed=lambda word: False) -> str:
        """The closest indexed word, for a word the index does not know.

        `is_indexed` asks the index itself, whose stemmer knows that
        "fractured" is the same word as "fracture".
        """
        if word in self.known_words or len(word) < 4 or not word.isalpha() or word in STOP_WORDS:
            return word
        if is_indexed(word):
            return word
        candidates = [w for w in self.by_first_letter.get(word[0], ()) if abs(len(w) - len(word)) <= 2]
        match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.75)
        return match[0] if match else word

    def plan(self, raw: str, is_indexed=lambda word: False) -> QueryPlan:
        text, truncated = clean_query(raw)
        words = words_of(text)
        corrected_words = [self.correct(w, is_indexed) for w in words]
        plan = QueryPlan(text=text, truncated=truncated)
        if corrected_words != words:
            plan.corrected = " ".join(corrected_words)
        plan.ideas = self._ideas(corrected_words)
        if not plan.ideas:  # a question of only stop words: search them as they are
            plan.ideas = [Idea(w, (w,)) for w in dict.fromkeys(corrected_words) if len(w) > 1][:8]
        return plan

    def _ideas(self, words: list[str]) -> list[Idea]:
        ideas: list[Idea] = []
        i = 0
        while i < len(words):
            for size in range(min(self.longest_phrase, len(words) - i), 0, -1):
                phrase = tuple(words[i:i + size])
                if phrase in self.phrases and not (size == 1 and phrase[0] in STOP_WORDS):
                    ideas.append(Idea(" ".join(phrase), tuple(" ".join(p) for p in sorted(self.phrases[phrase]))))
                    i += size
                    break
            else:
                if words[i] not in STOP_WORDS and (len(words[i]) > 1 or words[i].isdigit()):
                    ideas.append(Idea(words[i], (words[i],)))
                i += 1
        unique = list(dict.fromkeys(ideas))
        return unique[:12]  # a pasted paragraph should not become a thousand-term query
