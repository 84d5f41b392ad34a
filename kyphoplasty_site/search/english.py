"""Is this a real English word? Spelling correction asks before it changes anything.

A patient who types "does kyphoplasty cure osteoporosis" made no mistake, even
though "cure" is not a word the site uses: correcting it to the nearest word the
site does use ("curve") changes the question. So search corrects only a word
that is neither the site's own nor a real English word.

Two maintained word lists, together, judge that; each covers the other's gaps:
- pyspellchecker's English dictionary: about 160,000 words in use, inflections
  included ("cuts", "bruising"), drawn from a large corpus with rare strings
  (common misspellings among them) pruned; US spellings (tumor, anesthesia).
- symspellpy's frequency dictionary: about 83,000 words, SCOWL's lists checked
  against Google Books, with British spellings (tumour, anaesthetist, oedema)
  and newer words (smartphone, covid).
Both are pure Python packages with no dependencies of their own; only their word
lists are used here.

Loading both takes a noticeable time and memory (docs/performance.md), so it
happens on first use (the first word the site does not know), not at start-up.
"""
from __future__ import annotations

import importlib.resources
from functools import lru_cache

# symspellpy's own documentation loads its dictionary from this packaged file.
_BRITISH_AND_NEWER = importlib.resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    from spellchecker import SpellChecker  # imported here: loading its dictionary is the slow part

    with _BRITISH_AND_NEWER.open(encoding="utf-8") as lines:   # "word count" on each line
        british_and_newer = {line.split(" ", 1)[0] for line in lines}
    return frozenset(SpellChecker(language="en").word_frequency.dictionary).union(british_and_newer)


def is_english_word(word: str) -> bool:
    """True for a lowercase word in either English word list."""
    return word in _words()


def english_words() -> frozenset[str]:
    """Every lowercase word of both lists."""
    return _words()
