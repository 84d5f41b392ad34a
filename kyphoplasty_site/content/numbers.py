"""The figure registry: every number a patient might weigh, with one home.

Rates (complications, leaks, new fractures, pain outcomes) and times (healing,
fasting, driving, recovery) live in `content/numbers/*.yaml`, each with its
source, what is counted and the time frame. Pages write `[[n:ID]]` and get the
entry's text, so two pages can never state the same figure two ways; a page
that writes such a figure itself is reported by `plain_figures()`.

A rate's text must say "COUNT out of OUT_OF" with the entry's own numbers, so
the sentence and the icon array drawn from the same entry cannot disagree.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from . import frontmatter as fm
from .frontmatter import Field, FieldError, Source
from .problems import Problem

NUMBER_PLACEHOLDER_RE = re.compile(r"\[\[\s*n:([a-z0-9-]+)\s*\]\]")
# Icon arrays are drawn for 100 or 1,000 people; rarer events are told in words.
PICTURE_SIZES = (100, 1000)
RATE_BASES = (100, 1000, 10000, 100000)
# What a rate counts, so options are only compared on the same unit (decision.py).
UNITS = ("people", "bones", "procedures")
# The kind of study behind a rate, in the words the decision aid shows. A trial with a fake (sham)
# procedure is the fairest test; reports to a regulator give only a minimum (they undercount).
EVIDENCE_KINDS = ("sham-controlled trials", "open trials", "comparative studies", "reports")


def _positive_whole(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FieldError("must be a whole number, 0 or more")
    return value


def _rate_base(value: Any) -> int:
    if value not in RATE_BASES:
        raise FieldError("must be one of " + ", ".join(f"{n:,}" for n in RATE_BASES))
    return value


ENTRY_FIELDS = {
    "id": Field(fm.slug),
    "text": Field(fm.text),
    "source": Field(fm.slug),
    # A rate: how many (count) out of how many (out_of), of whom or what, over what time.
    "count": Field(_positive_whole, required=False),
    "out_of": Field(_rate_base, required=False),
    "of": Field(fm.text, required=False),
    "when": Field(fm.text, required=False),
    # A time or a rule: what it is about.
    "about": Field(fm.text, required=False),
    # An icon array: what the filled figures mean, and (optionally) the outlined ones.
    "picture": Field(fm.text, required=False),
    "picture_rest": Field(fm.text, required=False),
    # For the decision aid's grid (decision.py), where options are compared like for like: what is
    # counted, over what time frame in words a row can match ("about 1 month"), from what kind of study.
    "unit": Field(fm.one_of(UNITS), required=False),
    "timeframe": Field(fm.text, required=False),
    "evidence": Field(fm.one_of(EVIDENCE_KINDS), required=False),
}
RATE_FIELDS = ("count", "out_of", "of", "when")


@dataclass(frozen=True)
class RegisteredNumber:
    id: str
    text: str
    source: Source
    path: str                      # the file it lives in, for messages
    count: int | None = None
    out_of: int | None = None
    of: str | None = None
    when: str | None = None
    about: str | None = None
    picture: str | None = None
    picture_rest: str | None = None
    unit: str | None = None
    timeframe: str | None = None
    evidence: str | None = None

    @property
    def is_rate(self) -> bool:
        return self.count is not None

    @property
    def can_be_drawn(self) -> bool:
        return self.is_rate and self.picture is not None and self.out_of in PICTURE_SIZES


def rate_phrase(count: int, out_of: int) -> str:
    return f"{count:,} out of {out_of:,}"


def load_numbers(files: dict[str, Any], allowed_hosts: frozenset[str] | None = None
                 ) -> tuple[dict[str, RegisteredNumber], list[Problem]]:
    """Build the registry from the parsed YAML of each file, reporting every problem."""
    problems: list[Problem] = []
    sources: dict[str, tuple[Source, str]] = {}
    raw_entries: list[tuple[str, int, Any]] = []
    for path, data in files.items():
        if not isinstance(data, dict) or set(data) - {"sources", "numbers"}:
            problems.append(Problem(path, "must have only 'sources' (a map) and 'numbers' (a list)"))
            continue
        for key, item in (data.get("sources") or {}).items():
            try:
                source = fm.sources([item])[0]
            except FieldError as exc:
                problems.append(Problem(path, str(exc).replace("source 1", "source"), field=f"sources.{key}"))
                continue
            if key in sources:
                problems.append(Problem(path, f"source {key!r} is already defined in {sources[key][1]}",
                                        field=f"sources.{key}"))
                continue
            sources[str(key)] = (source, path)
        numbers = data.get("numbers") or []
        if not isinstance(numbers, list):
            problems.append(Problem(path, "must be a list of entries", field="numbers"))
            continue
        raw_entries += [(path, index, item) for index, item in enumerate(numbers)]

    registry: dict[str, RegisteredNumber] = {}
    for path, index, item in raw_entries:
        label = f"numbers[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(path, "must be a set of 'field: value' lines", field=label))
            continue
        values, field_problems = fm.convert_fields(item, ENTRY_FIELDS, path)
        if isinstance(item.get("id"), str):
            label = f"{label} ({item['id']})"
        found = [Problem(path, p.message, field=f"{label}.{p.field}") for p in field_problems]
        if not field_problems:
            found += _entry_problems(values, path, label, sources)
        if not found and values["id"] in registry:
            found.append(Problem(path, f"id {values['id']!r} is already used in {registry[values['id']].path}",
                                 field=f"{label}.id"))
        problems += found
        if found:
            continue
        source = sources[values.pop("source")][0]
        registry[values["id"]] = RegisteredNumber(source=source, path=path, **values)
    return registry, problems


def _entry_problems(values: dict, path: str, label: str, sources: dict) -> list[Problem]:
    problems = []

    def problem(field: str, message: str) -> None:
        problems.append(Problem(path, message, field=f"{label}.{field}"))

    if values["source"] not in sources:
        problem("source", f"unknown source {values['source']!r} (add it under 'sources' in a numbers file)")
    given = [name for name in RATE_FIELDS if values[name] is not None]
    if given and len(given) != len(RATE_FIELDS):
        missing = ", ".join(name for name in RATE_FIELDS if values[name] is None)
        problem(missing.split(",")[0], f"a rate needs count, out_of, of and when; missing: {missing}")
    elif given:
        if values["count"] > values["out_of"]:
            problem("count", "is more than out_of")
        phrase = rate_phrase(values["count"], values["out_of"])
        if phrase not in values["text"]:
            problem("text", f"must say {phrase!r}, so the words match the number")
        if values["about"] is not None:
            problem("about", "is for times and rules; a rate says what it counts in 'of'")
    elif values["about"] is None:
        problem("about", "say what this time or rule is about (or give count, out_of, of and when for a rate)")
    if re.search(r"%|per ?cent", values["text"], re.IGNORECASE):
        problem("text", "write rates as 'X out of 100', not as a percentage")
    if values["picture"] is not None and not (given and values["out_of"] in PICTURE_SIZES):
        problem("picture", "only a rate out of 100 or 1,000 can be drawn")
    if not given and any(values[name] is not None for name in ("unit", "timeframe", "evidence")):
        problem("unit", "unit, timeframe and evidence describe a rate (count, out_of, of, when)")
    if values["picture"] is not None and values["evidence"] == "reports":
        problem("picture", "reports to a regulator give a minimum, not a rate (nobody knows how many went "
                           "unreported), so they are told in words, never drawn")
    if values["picture_rest"] is not None and values["picture"] is None:
        problem("picture_rest", "needs 'picture' too")
    return problems


# Figures a page must not state itself. Rates in any form, and times: a number
# (in digits, or a number word from two up) followed by a unit of time.
_NUMBER_WORDS = ("two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
                 "twenty-four|thirty|forty|forty-eight|fifty|sixty|ninety|hundred")
_AMOUNT = rf"(?:\d[\d,.]*|{_NUMBER_WORDS})"
_PLAIN_FIGURE_RE = re.compile(
    # Every figure starts with a digit or the first letter of a number word: the lookahead lets the
    # search skip other positions quickly (same matches; docs/performance.md). The pattern is
    # matched against lowercased text: IGNORECASE would make it slower.
    rf"(?=[\dtfsenho])(?:"
    rf"\b\d[\d,.]*\s*(?:%|per ?cent\b)"                              # 18%, 18 per cent
    rf"|\b(?:one|{_AMOUNT})\s+(?:out\s+of|in)\s+(?:every\s+)?{_AMOUNT}\b"  # 18 out of 100, one in five
    rf"|\b{_AMOUNT}(?:\s*(?:to|-|–|or|and)\s*{_AMOUNT})?[\s-]+"       # 2 to 12 weeks, 24-hour
    rf"(?:minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?|years?)\b)")
_PLACEHOLDER_RE = re.compile(r"\[\[[^\]]*\]\]")
_LINK_TARGET_RE = re.compile(r"\]\([^)]*\)|\{:[^}]*\}")


def plain_figures(text: str) -> list[tuple[str, int]]:
    """(figure, line number) for each rate or time written into text instead of taken from the registry."""
    found: list[tuple[str, int]] = []
    in_fence = False
    for number, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence:
            continue
        prose = _LINK_TARGET_RE.sub(" ", _PLACEHOLDER_RE.sub(" ", line))
        lowered = prose.lower()
        if len(lowered) != len(prose):  # rare ("İ" lowercases to two characters), so shown as written
            lowered = "".join(character if len(character.lower()) > 1 else character.lower() for character in prose)
        found += [(prose[match.start():match.end()], number) for match in _PLAIN_FIGURE_RE.finditer(lowered)]
    return found


def numbers_used(text: str) -> list[str]:
    """The ids of the registered numbers a piece of content uses, in order of first use."""
    return list(dict.fromkeys(NUMBER_PLACEHOLDER_RE.findall(text)))


ICONS_PLACEHOLDER_RE = re.compile(r"\[\[\s*icons:([a-z0-9-]+)")


def plain_figure_problems(path: str, text: str, field: str | None = None, first_line: int = 1) -> list[Problem]:
    """A rate or a time written out, rather than taken from the registry, is an error.

    In a YAML field the problem names the field; in a Markdown body, the line.
    """
    return [Problem(path, f"{figure!r} is a figure patients weigh: register it in numbers/ and write [[n:ID]]",
                    field=field, line=None if field else first_line + line - 1)
            for figure, line in plain_figures(text)]


def unknown_number_problems(path: str, text: str, registry: dict[str, RegisteredNumber],
                            field: str | None = None) -> list[Problem]:
    return [Problem(path, f"unknown number [[n:{number_id}]] (see numbers/*.yaml)", field=field)
            for number_id in numbers_used(text) if number_id not in registry]


def with_number_sources(sources: tuple[Source, ...], text: str, registry: dict[str, RegisteredNumber]) -> tuple:
    """A page's sources, plus the source of every registered number it states or draws."""
    known = {source.url for source in sources}
    extra = []
    for number_id in numbers_used(text) + ICONS_PLACEHOLDER_RE.findall(text):
        number = registry.get(number_id)
        if number and number.source.url not in known:
            known.add(number.source.url)
            extra.append(number.source)
    return (*sources, *extra)


# The words of a registered number that an edition translates. Everything else (the count, the
# denominator, the source, the unit, which is also a code: "people" are drawn as figures) is the
# English registry's, so a figure cannot differ between languages.
TRANSLATED_WORDS = ("text", "picture", "picture_rest", "of", "when", "timeframe")
_DIGITS = re.compile(r"\d+")


def translated_numbers(files, registry: dict[str, RegisteredNumber]) -> dict[str, RegisteredNumber]:
    """The registry with the edition's words (content/<edition>/numbers.yaml), checked to say the same numbers.

    A translation must hold the same numbers in the same order as the English ("1,782" may be
    written "1 782", "1.5" as "1,5"); one that does not, or is missing, is reported and the English
    words are kept.
    """
    name = f"{files.edition}/numbers.yaml"
    data = files.read_yaml("numbers.yaml", required=False)
    if data is None:
        return registry
    if not isinstance(data, dict):
        files.problem(name, "must map each number's id to its translated words")
        return registry
    translated = {}
    for number_id, number in registry.items():
        words = data.get(number_id)
        if not isinstance(words, dict):
            files.problem(name, f"no translation of {number_id!r}: its English words are shown", field=number_id)
            translated[number_id] = number
            continue
        changes = {key: str(words[key]) for key in TRANSLATED_WORDS
                   if words.get(key) is not None and getattr(number, key) is not None}
        if _DIGITS.findall(changes.get("text", number.text)) != _DIGITS.findall(number.text):
            files.problem(name, f"says other numbers than the English ({number.text!r}): the English is shown",
                          field=f"{number_id}.text")
            changes.pop("text")
        translated[number_id] = replace(number, **changes)
    for number_id in set(data) - set(registry):
        files.problem(name, f"no number {number_id!r} in the registry", field=str(number_id))
    return translated
