"""`content/home.yaml`: the home page's ways in, and the questions offered when a search finds nothing.

Both name other content (an article slug, an FAQ id). They live in a content
file so editors can change them, and they are checked with the rest of the
content: a slug or id that does not exist is a named problem, never a link
that silently vanishes from the page.
"""
from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from . import frontmatter as fm
from .problems import Problem

HOME_FILE = "home.yaml"


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise fm.FieldError("must be a list of ways in, each with a title, an article and a text")
    return value


ENTRY_POINT_FIELDS = {"title": fm.Field(fm.text), "article": fm.Field(fm.slug), "text": fm.Field(fm.sentence)}
TOP_LEVEL_FIELDS = {"entry_points": fm.Field(_list, required=False, default=[]),
                    "suggested_questions": fm.Field(fm.slug_list, required=False, default=())}


@dataclass(frozen=True)
class EntryPoint:
    """One way in on the home page: a reader's situation, pointing at the article for it."""
    title: str
    article: str      # article slug
    text: str


@dataclass(frozen=True)
class Home:
    entry_points: tuple[EntryPoint, ...] = ()
    suggested_questions: tuple[str, ...] = ()   # FAQ entry ids


def home_load(data: Any, articles: Collection[str], faq_entry_ids: Collection[str],
              path: str = HOME_FILE) -> tuple[Home, list[Problem]]:
    """Check the parsed YAML of home.yaml against the loaded articles and FAQ.

    `data` is None when the file is absent: the home page then offers no ways in,
    and that is not a problem (small content folders need no home.yaml).
    Every problem is reported, not just the first; an item with a problem is left out.
    """
    if data is None:
        return Home(), []
    if not isinstance(data, dict):
        return Home(), [Problem(path, "must be a set of 'field: value' lines (entry_points, suggested_questions)")]
    values, problems = fm.convert_fields(data, TOP_LEVEL_FIELDS, path)
    entry_points = []
    for index, item in enumerate(values["entry_points"]):
        label = f"entry_points[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(path, "must be a set of 'field: value' lines", field=label))
            continue
        fields, item_problems = fm.convert_fields(item, ENTRY_POINT_FIELDS, path)
        problems += [Problem(path, p.message, field=f"{label}.{p.field}") for p in item_problems]
        if item_problems:
            continue
        if fields["article"] not in articles:
            problems.append(Problem(path, f"no article {fields['article']!r}", field=f"{label}.article"))
            continue
        entry_points.append(EntryPoint(**fields))
    questions = []
    for index, entry_id in enumerate(values["suggested_questions"] or ()):
        if entry_id in faq_entry_ids:
            questions.append(entry_id)
        else:
            problems.append(Problem(path, f"no FAQ entry {entry_id!r}", field=f"suggested_questions[{index}]"))
    return Home(tuple(entry_points), tuple(questions)), problems
