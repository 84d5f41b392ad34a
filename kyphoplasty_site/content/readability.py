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
_WORD_RE = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")


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


def measure_text(prose: str) -> Readability:
    """Flesch-Kincaid grade and word count of prose.

    textstat is a development dependency (pinned to 0.7.8, which works
    offline), so it is imported only when a grade is asked for.
    """
    import textstat

    if not prose:
        return Readability(grade=0.0, words=0)
    return Readability(grade=round(textstat.flesch_kincaid_grade(prose), 1), words=count_words(prose))
