"""Soft hyphens in headings: a long word in large text breaks at a syllable, with a hyphen.

site.css asks browsers to hyphenate (`hyphens: auto`, with `lang="en-GB"`), and phones do.
A browser with no hyphenation dictionary (Debian's Chromium, for one) instead breaks a word
that does not fit wherever it runs out of room ("Balloo/n"). A soft hyphen (U+00AD) is
invisible unless the line breaks there; accessible names and find-in-page ignore it. Only
headings get them: their words are the largest, and body text wraps between words anyway.
pyphen's patterns (LibreOffice's) for the page's language choose the places: en_GB, pl_PL.
"""
from __future__ import annotations

import re
from functools import lru_cache

import pyphen

SOFT_HYPHEN = "\u00ad"
_LONG_WORD = re.compile(r"[^\W\d_]{7,}")   # shorter words fit a 320 px screen at 200% text


@lru_cache(maxsize=8)
def _dictionary(language: str) -> pyphen.Pyphen:
    """pyphen's patterns for a language code ("en-gb", "pl"); English for one it lacks (a pseudo-locale)."""
    return pyphen.Pyphen(lang=pyphen.language_fallback(language.replace("-", "_")) or "en_GB")


@lru_cache(maxsize=4096)
def _hyphenated(word: str, language: str) -> str:
    return _dictionary(language).inserted(word, hyphen=SOFT_HYPHEN)


def soft_hyphenate(text: str, language: str = "en-gb") -> str:
    """The text with soft hyphens at the syllable breaks of its long words, by `language`'s rules."""
    return _LONG_WORD.sub(lambda match: _hyphenated(match.group(), language), text)
