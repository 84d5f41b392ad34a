"""From what a patient types to what the index is asked.

Patients type questions ("can I drive home after kyphoplasty?"), misspell
long words ("kyphoplasy") and use everyday names ("hunchback"). The plan:
clean the text; correct words that are neither the site's nor real English
words (english.py); find the kind of question asked ("am I a good candidate
for ...", "how long ...": the question forms in content/question-forms.yaml);
drop stop words; group the rest, the topic, into ideas (a word, or a synonym
phrase with its alternatives). The index then ranks documents by how many ideas
they match and whether their heading answers that kind of question, then BM25.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from symspellpy import SymSpell, Verbosity

from .english import english_words, is_english_word
from .languages import ENGLISH, SearchLanguage
from .stemming import SuffixStemmer, fold
from .weights import WEIGHTS

MAX_QUERY_CHARS = 200
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

@dataclass(frozen=True)
class Idea:
    """One thing the reader asked about: the words typed, other words for it, and broader words."""
    typed: str
    alternatives: tuple[str, ...]
    broader: tuple[str, ...] = ()   # "procedure" for "kyphoplasty": a weaker match


@dataclass(frozen=True)
class Form:
    """A kind of question found in the query, and the heading words that answer it."""
    id: str
    headings: tuple[str, ...]
    definitions: bool = False


@dataclass
class QueryPlan:
    text: str                                  # the cleaned query, as searched
    ideas: list[Idea] = field(default_factory=list)     # the topic
    forms: list[Form] = field(default_factory=list)     # the kinds of question asked
    corrected: str | None = None               # the query after spelling correction, if changed
    truncated: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.ideas and not self.forms


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

    def __init__(self, vocabulary: Mapping[str, int] | set[str], synonym_groups: list[tuple[str, ...]],
                 question_forms: Iterable = (), broader: Iterable[tuple[tuple[str, ...], tuple[str, ...]]] = (),
                 language: SearchLanguage = ENGLISH):
        self.language = language
        self.stop_words = language.stop_words
        # How words are compared with synonyms and question forms: as typed in English; in a language
        # stemmed by its own stemmer (Polish), by their stems, so any ending of a word matches.
        if language.stemmer == "suffix":
            stemmer = SuffixStemmer(language.endings, language.shortest_stem)
            self.key = lambda word: stemmer.stem(fold(word))
        else:
            self.key = lambda word: word
        # The library's words, each with the number of documents it is in (a set counts each once).
        self.vocabulary = dict(vocabulary) if isinstance(vocabulary, Mapping) else dict.fromkeys(vocabulary, 1)
        # What a misspelt word may become: the library's longer words, found by symspellpy.
        self._nearby = SymSpell(max_dictionary_edit_distance=2)
        for word, count in self.vocabulary.items():
            if len(word) > 3 and word.isalpha():
                self._nearby.create_dictionary_entry(word, count)
        # phrase (as a tuple of words, compared by `key`) → every phrase in its group(s), as words
        self.phrases: dict[tuple[str, ...], set[tuple[str, ...]]] = {}
        for group in synonym_groups:
            members = {tuple(words_of(p)) for p in group if words_of(p)}
            for member in members:
                self.phrases.setdefault(self._keyed(member), set()).update(members)
        # phrase → broader phrases (each member of a synonym group shares its broader words)
        self.broader: dict[tuple[str, ...], set[str]] = {}
        for words, wider in broader:
            for phrase in words:
                written = tuple(words_of(phrase))
                for member in self.phrases.get(self._keyed(written), {written}):
                    self.broader.setdefault(self._keyed(member), set()).update(wider)
                    self.phrases.setdefault(self._keyed(member), {member})
        self.longest_phrase = max((len(p) for p in self.phrases), default=1)
        # Each way of asking, as words ("*" for the topic), longest first: it claims its words first.
        self.asked = sorted(((tuple(word if word == "*" else self.key(word) for word in phrase.split()),
                              Form(f.id, f.headings, f.definitions))
                             for f in question_forms for phrase in f.asked),
                            key=lambda item: -sum(word != "*" for word in item[0]))
        self.known_words = (set(self.vocabulary) | {w for p in self.phrases for w in p}
                            | {w for words, _ in self.asked for w in words if w != "*"})

    def _keyed(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """A phrase as the planner compares it: each word by `key`, without the words phrases read
        through (a topic never holds them, so "cement in my spine" must be found as "cement in spine")."""
        return tuple(self.key(word) for word in words if word not in self.language.read_through)

    def correct(self, word: str, is_indexed=lambda word: False) -> str:
        """The closest word of the library, for a word that is neither the site's nor a real English word.

        `is_indexed` asks the index itself, whose stemmer knows that "fractured" is the same
        word as "fracture". The closest word starts with the same letter and is one change away
        (two for a long word; weights.py), the library's most used first; static/js/search-engine.js
        corrects by the same rule.
        """
        if (not self.language.corrects_spelling or word in self.known_words
                or len(word) < WEIGHTS.shortest_corrected or not word.isalpha()
                or word in self.stop_words or is_indexed(word) or is_english_word(word)):
            return word
        return self.nearest(word) or word

    def nearest(self, word: str) -> str | None:
        """The library's word for a misspelling: the closest, or else the closest to it spelt by sound, with
        "ph" where it has "f" (people spell "kyphoplasty" as they hear it: "kifoplasty")."""
        found = self.closest(word)
        if found is None and "f" in word:
            by_sound = word.replace("f", "ph")
            found = by_sound if by_sound in self.vocabulary else self.closest(by_sound)
        return found

    def closest(self, word: str) -> str | None:
        """The library's word a misspelling is taken for, if any, whatever the word lists say."""
        limit = 2 if len(word) >= WEIGHTS.two_changes_from else 1
        near = [(s.distance, -s.count, s.term) for s in self._nearby.lookup(word, Verbosity.ALL, limit)
                if s.term[0] == word[0] and s.term != word]
        return min(near)[2] if near else None

    def english_words_it_could_change(self) -> list[str]:
        """English words `correct` would change to a word of the library, but for the word lists.

        The static copy's search cannot load the word lists, so these (a few thousand of
        their 200,000 words) go into search-index.json: any other English word has no
        library word close enough to become, so it is never changed there either.
        """
        if not self.language.corrects_spelling:
            return []
        return [w for w in english_words() if len(w) >= WEIGHTS.shortest_corrected and w.isalpha()
                and w not in self.known_words and w not in self.stop_words and self.nearest(w)]

    def plan(self, raw: str, is_indexed=lambda word: False) -> QueryPlan:
        text, truncated = clean_query(raw)
        words = words_of(text)
        corrected_words = [self.correct(w, is_indexed) for w in words]
        plan = QueryPlan(text=text, truncated=truncated)
        if corrected_words != words:
            plan.corrected = " ".join(corrected_words)
        plan.forms, topic = self._forms(corrected_words)
        topic = [word for word in topic if word not in self.language.read_through]
        topic = [word for index, word in enumerate(topic) if not self._counts_time(topic, index)]
        plan.ideas = self._ideas(topic)
        if not plan.ideas and not plan.forms:  # a question of only stop words: search them as they are
            plan.ideas = [Idea(w, (w,)) for w in dict.fromkeys(corrected_words) if len(w) > 1][:8]
        return plan

    def _counts_time(self, words: list[str | None], index: int) -> bool:
        """Whether the word is the number of a length of time ("2" in "2 weeks"). Which number says little
        about what is asked ("still sore 2 weeks after kyphoplasty"), and no page says "2 weeks" for
        every such question; the unit stays, as pages about timing say "weeks"."""
        word, after = words[index], words[index + 1:index + 2]
        return bool(word and word.isdigit() and after and after[0] in self.language.time_units)

    def _forms(self, words: list[str]) -> tuple[list[Form], list[str | None]]:
        """The kinds of question asked, and the words left for the topic (None where a form's word was)."""
        topic: list[str | None] = list(words)
        forms: list[Form] = []
        starts: dict[str, list[int]] = {}   # where each word is: a form is tried only where its first word is
        keys = [self.key(word) for word in words]
        for index, key in enumerate(keys):
            starts.setdefault(key, []).append(index)
        for asked, form in self.asked:
            for start in range(len(words)) if asked[0] == "*" else starts.get(asked[0], ()):
                claimed = _match_asked(asked, topic, start, keys, self.stop_words)
                if claimed:
                    for index in claimed:
                        topic[index] = None
                    if form not in forms:
                        forms.append(form)
                    break
        return forms, topic

    def _ideas(self, words: list[str | None]) -> list[Idea]:
        """Words (None between parts of the topic) grouped into ideas; a synonym phrase never spans a None."""
        ideas: list[Idea] = []
        i = 0
        while i < len(words):
            if words[i] is None:
                i += 1
                continue
            for size in range(min(self.longest_phrase, len(words) - i), 0, -1):
                phrase = tuple(words[i:i + size])
                if None in phrase or (size == 1 and phrase[0] in self.stop_words):
                    continue
                key = self._keyed(phrase)
                if key in self.phrases:
                    ideas.append(Idea(" ".join(phrase), tuple(" ".join(p) for p in sorted(self.phrases[key])),
                                      tuple(sorted(self.broader.get(key, ())))))
                    i += size
                    break
            else:
                if (words[i] not in self.stop_words and words[i] not in self.language.family
                        and (len(words[i]) > 1 or words[i].isdigit())):
                    ideas.append(Idea(words[i], (words[i],)))
                i += 1
        unique = list(dict.fromkeys(ideas))
        return unique[:12]  # a pasted paragraph should not become a thousand-term query


_MOST_TOPIC_WORDS = 4  # what "*" in a question form stands for


def _match_asked(asked: tuple[str, ...], words: list[str | None], start: int, keys: list[str],
                 stop_words: frozenset[str]) -> list[int]:
    """The indexes of the form's own words if `asked` (as keys) matches `words` from `start`, else [].

    `keys` are the words as the planner compares them (QueryPlanner.key); None in `words` marks a
    word another form has claimed."""
    def match(position: int, index: int) -> list[int] | None:
        if position == len(asked):
            return []
        if asked[position] == "*":  # the topic: one to four words, not all of them stop words
            for size in range(1, _MOST_TOPIC_WORDS + 1):
                if index + size > len(words) or words[index + size - 1] is None:
                    break
                if all(word in stop_words for word in words[index:index + size]):
                    continue
                rest = match(position + 1, index + size)
                if rest is not None:
                    return rest
            return None
        if index < len(words) and words[index] is not None and keys[index] == asked[position]:
            rest = match(position + 1, index + 1)
            return None if rest is None else [index, *rest]
        return None
    return match(0, start) or []
