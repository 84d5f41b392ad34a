"""Red flags: a search that names an emergency or urgent sign gets the "when to get help" advice first.

`content/red-flags.yaml` lists ideas (the ways people write "numb", "legs", "can't wee") and, in
tiers from the most urgent, the signs made of them ("numb" and "legs"). A search is matched by
`RedFlags.tier_for()` here and, in the static copy of the site, by the same rules in
static/js/static-search.js, which reads them from search-index.json (`as_json()`): keep the two
matchers the same. Words are lowercased, their accents and Polish letters folded ("drętwieją" is
"dretwieja", "ł" is "l": readers type both), apostrophes dropped and split on anything that is not
a letter, a digit or "&"; an entry ending in "*" matches any word that starts with it, and an entry
with spaces is a phrase of such words.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from . import frontmatter as fm
from .files import ContentFiles
from .frontmatter import Field
from .numbers import plain_figure_problems
from .rendering import SiteValues, render_inline, strip_paragraph
from .sources import unique_entries

RED_FLAGS_FILE = "red-flags.yaml"
LEVELS = ("emergency", "urgent", "normal")
TIER_FIELDS = {"id": Field(fm.slug), "level": Field(fm.one_of(LEVELS)), "title": Field(fm.text),
               "signs": Field(list), "list": Field(fm.text_list), "more": Field(fm.text)}
_WORD_RE = re.compile(r"[a-z0-9&]+")
_ENTRY_RE = re.compile(r"[a-z0-9&]+\*?")


def _folded(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "").replace("'", ""))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ł", "l")


def search_words(text: str) -> list[str]:
    """The words a search is matched on (static-search.js: redFlagWords does the same)."""
    return _WORD_RE.findall(_folded(text))


def _entry(text: str) -> tuple[str, ...]:
    """An entry's words as search_words() gives them, each keeping a final "*"."""
    return tuple(_ENTRY_RE.findall(_folded(text)))


def _entry_matches(entry: tuple[str, ...], words: list[str]) -> bool:
    """Whether the phrase `entry` (each part a word, or a start of a word ending in *) is in `words`."""
    def fits(part: str, word: str) -> bool:
        return word.startswith(part[:-1]) if part.endswith("*") else word == part
    span = len(entry)
    return any(all(fits(part, words[start + k]) for k, part in enumerate(entry))
               for start in range(len(words) - span + 1))


@dataclass(frozen=True)
class Tier:
    id: str
    level: str                       # emergency, urgent or normal: the call-out it is shown as
    title_html: SafeString
    items_html: tuple[SafeString, ...]
    more: str                        # where the whole "when to get help" advice is
    signs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class RedFlags:
    ideas: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # idea -> its entries, split
    tiers: tuple[Tier, ...] = ()

    def tier_for(self, query: str) -> Tier | None:
        """The most urgent tier with a sign whose ideas are all in the search, or None."""
        words = search_words(query)
        present = {idea for idea, entries in self.ideas.items()
                   if any(_entry_matches(entry, words) for entry in entries)}
        return next((tier for tier in self.tiers if any(set(sign) <= present for sign in tier.signs)), None)

    def as_json(self) -> dict:
        """The rules and the words shown, for the static copy's search (static-search.js)."""
        return {"ideas": {idea: [" ".join(entry) for entry in entries] for idea, entries in self.ideas.items()},
                "tiers": [{"id": t.id, "level": t.level, "title": str(t.title_html),
                           "items": [str(item) for item in t.items_html], "more": t.more,
                           "signs": [list(sign) for sign in t.signs]} for t in self.tiers]}


def load_red_flags(files: ContentFiles, values: SiteValues) -> RedFlags | None:
    """`red-flags.yaml`, with every problem named by its field; None without a usable file."""
    path = RED_FLAGS_FILE
    data = files.read_yaml(path, required=False)
    if data is None:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("words"), dict) or not isinstance(data.get("tiers"), list):
        files.problem(path, "must have `words` (ideas, each a list of ways to write it) and `tiers` (a list)")
        return None
    ideas = {}
    for idea, entries in data["words"].items():
        if not isinstance(entries, list) or not entries or not all(isinstance(e, str) and e.strip() for e in entries):
            files.problem(path, "must be a list of words or phrases", field=f"words.{idea}")
            continue
        ideas[str(idea)] = tuple(_entry(e) for e in entries)
    tiers = []
    for label, entry in unique_entries(files, path, data["tiers"], TIER_FIELDS, "tiers", set()):
        signs = []
        for number, sign in enumerate(entry["signs"]):
            unknown = [name for name in sign if name not in ideas] if isinstance(sign, list) else None
            if not sign or unknown is None:
                files.problem(path, "a sign is a list of ideas from `words`", field=f"{label}.signs[{number}]")
            elif unknown:
                files.problem(path, f"unknown idea(s): {', '.join(map(str, unknown))}",
                              field=f"{label}.signs[{number}]")
            else:
                signs.append(tuple(sign))
        for name in ("title", "list"):
            text = entry[name] if name == "title" else "\n".join(entry[name])
            files.problems.extend(plain_figure_problems(path, text, field=f"{label}.{name}"))
        tiers.append(Tier(id=entry["id"], level=entry["level"],
                          title_html=SafeString(strip_paragraph(render_inline(entry["title"], values).html)),
                          items_html=tuple(SafeString(strip_paragraph(render_inline(item, values).html))
                                           for item in entry["list"]),
                          more=entry["more"], signs=tuple(signs)))
    return RedFlags(ideas=ideas, tiers=tuple(tiers))
