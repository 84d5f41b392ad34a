"""Soft hyphens in headings: a long word in large text breaks at a syllable, with a hyphen.

site.css asks browsers to hyphenate (`hyphens: auto`, with `lang="en-GB"`), and phones do.
A browser with no hyphenation dictionary (Debian's Chromium, for one) instead breaks a word
that does not fit wherever it runs out of room ("Balloo/n"). A soft hyphen (U+00AD) is
invisible unless the line breaks there; accessible names and find-in-page ignore it. Only
headings get them: their words are the largest, and body text wraps between words anyway.
pyphen's en_GB patterns (LibreOffice's) choose the places.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
_LONG_WORD = re.compile(r"[A-Za-z]{7,}")   # shorter words fit a 320 px screen at 200% text


@lru_cache(maxsize=1)
def _dictionary() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_GB")


@lru_cache(maxsize=4096)
def _hyphenated(word: str) -> str:
    return _dictionary().inserted(word, hyphen=SOFT_HYPHEN)


def soft_hyphenate(text: str) -> str:
    """The text with soft hyphens at the syllable breaks of its long words."""
    return _LONG_WORD.sub(lambda match: _hyphenated(match.group()), text)
