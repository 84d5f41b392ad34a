"""Split a Markdown file into YAML front matter and body, and convert its fields.

The front matter is read with PyYAML's safe loader. Each known field goes
through a small converter; an unknown field is reported, because a typo such
as `titel:` would otherwise pass silently.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Callable

import yaml

from .problems import Problem

# libyaml's safe loader when PyYAML was built with it (the wheels are): same
# rules as yaml.SafeLoader, and faster (docs/performance.md).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = "---"


class FieldError(ValueError):
    """A front-matter value that cannot be used; the message says why."""


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass
class SplitFile:
    meta: dict
    body: str
    body_first_line: int  # 1-based line number of the body's first line in the file


def split_front_matter(text: str, path: str) -> tuple[SplitFile | None, list[Problem]]:
    """Separate `---` fenced YAML from the Markdown body."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != _FENCE:
        return None, [Problem(path, "the file must start with a '---' line opening the front matter", line=1)]
    for index in range(1, len(lines)):
        if lines[index].strip() == _FENCE:
            break
    else:
        return None, [Problem(path, "the front matter is not closed with a '---' line", line=1)]
    raw = "".join(lines[1:index])
    meta, problems = load_yaml(raw, path, first_line=2)
    if meta is None:
        return None, problems
    if not isinstance(meta, dict):
        return None, [Problem(path, "the front matter must be a set of 'field: value' lines", line=2)]
    return SplitFile(meta=meta, body="".join(lines[index + 1:]), body_first_line=index + 2), problems


def load_yaml(raw: str, path: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML safely; a syntax error becomes a problem with its line number."""
    try:
        return yaml.load(raw, Loader=_SAFE_LOADER), []
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + mark.line if mark else first_line
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(path, f"malformed YAML: {reason}", line=line)]
    except yaml.YAMLError as exc:
        return None, [Problem(path, f"malformed YAML: {exc}", line=first_line)]


# Converters: each takes the raw YAML value and returns the clean value or raises FieldError.

def text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise FieldError("must be non-empty text")
    return " ".join(value.split())


def paragraphs(value: Any) -> str:
    """Text that may hold Markdown blocks (a short list, a second paragraph): line breaks are kept."""
    text(value)  # the same "non-empty text" rule
    return "\n".join(line.rstrip() for line in value.strip().splitlines())


def sentence(value: Any) -> str:
    value = text(value)
    if len(value) > 200:
        raise FieldError(f"must be one short sentence (it has {len(value)} characters; keep it under 200)")
    return value


def whole_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError("must be a whole number, such as 10")
    return value


def date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise FieldError(f"must be a date written YYYY-MM-DD, not {value!r}")


def slug(value: Any) -> str:
    if not isinstance(value, str) or not SLUG_RE.match(value):
        raise FieldError(f"must be lowercase letters, digits and hyphens, not {value!r}")
    return value


def slug_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FieldError("must be a list, such as [first-slug, second-slug]")
    return tuple(slug(item) for item in value)


def yes_no(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError("must be yes or no")
    return value


def one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    """A converter that accepts only the given words (an evidence kind, a unit)."""
    def convert(value: Any) -> str:
        if value not in choices:
            raise FieldError("must be one of: " + ", ".join(choices))
        return value
    return convert


def text_list(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise FieldError("must be a list")
    return tuple(text(item) for item in value)


def sources(value: Any) -> tuple[Source, ...]:
    if not isinstance(value, list) or not value:
        raise FieldError("must be a list of sources, each with a title and a url")
    result = []
    for number, item in enumerate(value, 1):
        if not isinstance(item, dict) or set(item) != {"title", "url"}:
            raise FieldError(f"source {number} must have exactly 'title' and 'url'")
        url = text(item["url"])
        if not url.startswith(("https://", "http://")):
            raise FieldError(f"source {number} url must start with https:// or http://")
        result.append(Source(title=text(item["title"]), url=url))
    return tuple(result)


ABOUT_TYPES = ("MedicalCondition", "MedicalProcedure")


def about(value: Any) -> tuple[str, str]:
    """`MedicalProcedure: Balloon kyphoplasty` → ("MedicalProcedure", "Balloon kyphoplasty")."""
    kind, _, name = text(value).partition(":")
    if kind.strip() not in ABOUT_TYPES or not name.strip():
        raise FieldError(f"must be '{ABOUT_TYPES[0]}: name' or '{ABOUT_TYPES[1]}: name'")
    return kind.strip(), name.strip()


@dataclass(frozen=True)
class Field:
    convert: Callable[[Any], Any]
    required: bool = True
    default: Any = None


def convert_fields(meta: dict, schema: dict[str, Field], path: str) -> tuple[dict, list[Problem]]:
    """Run every field through its converter; report every problem, not just the first."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in meta:
        if name not in schema:
            known = ", ".join(sorted(schema))
            problems.append(Problem(path, f"unknown field (known fields: {known})", field=str(name)))
    for name, spec in schema.items():
        if name not in meta or meta[name] is None:
            if spec.required:
                problems.append(Problem(path, "is required but missing", field=name))
            values[name] = spec.default
            continue
        try:
            values[name] = spec.convert(meta[name])
        except FieldError as exc:
            problems.append(Problem(path, str(exc), field=name))
            values[name] = spec.default
    return values, problems
