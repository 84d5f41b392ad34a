"""Reading-level measurement for patient text.

The score covers the prose a patient reads: paragraphs, list items and
definition text. Headings, tables, figure captions, call-out titles and
source lists are left out, as readability studies of patient material do.
Each block counts as at least one sentence, so a bullet list without full
stops is not scored as one endless sentence. The renderer collects the prose
(treeprocessors.Collector); this module counts and grades it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

WORDS_PER_MINUTE = 200  # a comfortable adult reading speed for plain text
PROSE_BLOCKS = frozenset({"p", "li", "dd", "dt"})
_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W\d_]+)?")   # letters of any language, and digits
_SENTENCE_END = re.compile(r"[.!?:;]+(?=\s|$)")
# Polish syllables are its vowel groups ("nie" is one, "kręgosłup" three).
_POLISH_VOWELS = re.compile(r"[aeiouyąęó]+", re.IGNORECASE)


@dataclass(frozen=True)
class Readability:
    grade: float
    words: int

    @property
    def minutes(self) -> int:
        return max(1, round(self.words / WORDS_PER_MINUTE))


def sentence(text: str) -> str:
    """A block of prose as at least one sentence."""
    return text if not text or text[-1] in ".!?:;" else text + "."


def count_words(text: str) -> int:
    return len(_WORD_RE.findall(text))


def measure_text(prose: str, language: str = "en-gb") -> Readability:
    """The reading grade and word count of prose, by a measure made for its language.

    English: the Flesch-Kincaid grade (a US school grade). textstat is a development dependency
    (pinned to 0.7.8, which works offline), so it is imported only when a grade is asked for.
    Polish: FOG-PL, the Gunning fog index as adapted for Polish by the Jasnopis project (SWPS
    University, Warsaw): 0.4 × (words per sentence + the percentage of words of four or more
    syllables), read as years of schooling. English's three-syllable rule would count most Polish
    words as hard: Polish words are longer.
    """
    if not prose:
        return Readability(grade=0.0, words=0)
    if language == "pl":
        return Readability(grade=round(_fog_pl(prose), 1), words=count_words(prose))
    import textstat

    return Readability(grade=round(textstat.flesch_kincaid_grade(prose), 1), words=count_words(prose))


def _fog_pl(prose: str) -> float:
    words = [word for word in _WORD_RE.findall(prose) if not word.isdigit()]
    sentences = max(1, len(_SENTENCE_END.findall(prose)))
    hard = sum(len(_POLISH_VOWELS.findall(word)) >= 4 for word in words)
    return 0.4 * (len(words) / sentences + 100 * hard / max(1, len(words)))
