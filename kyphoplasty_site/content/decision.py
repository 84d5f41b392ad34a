"""The decision aid (/decide/): the options side by side, what matters to you, a quiz and where you lean.

`content/decision-aid.yaml` holds the words. Every figure in its grid is a rate from the number
registry (numbers/*.yaml), so the grid, its icon arrays and the articles around it can never
disagree. The grid is checked as it loads, because options are only fair to compare like for like:

- a row with figures states its denominator (`out_of`), what it counts (`unit`) and its time frame
  (`timeframe`) once; every figure in the row must be a registered rate with that same out_of,
  unit and timeframe;
- every cell names the kind of evidence behind it and a plain certainty word (as Cochrane's GRADE
  ratings give); a figure whose registry entry comes from another kind of study is refused;
- where no fair figure exists, the cell says so (`not_known`), with why.

A row without figures (sedation, time in hospital) holds plain words for each option.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from . import frontmatter as fm
from .figures import Figures
from .files import ContentFiles
from .frontmatter import Field, FieldError
from .icon_array import compact_icon_array_svg
from .models import Reviewed
from .numbers import (EVIDENCE_KINDS, PICTURE_SIZES, UNITS, RegisteredNumber, plain_figure_problems,
                      unknown_number_problems, with_number_sources)
from .readability import sentence
from .rendering import SiteValues, render_inline, strip_paragraph
from .sources import unique_entries

DECISION_FILE = "decision-aid.yaml"
# A cell with no fair figure may still say what kind of study there is ("open trials" that measured
# something else), or that there is none.
CELL_EVIDENCE = (*EVIDENCE_KINDS, "none")
CERTAINTY = ("high", "moderate", "low", "very low")
# The page's steps, in order: their ids are addresses staff may send (templates/pages/decide.html).
# Their titles are shown in the language of the page: lazy, so each request translates them.
STEPS = {"compare": gettext_lazy("Compare the options"), "what-matters": gettext_lazy("What matters to you"),
         "check-what-you-know": gettext_lazy("Check what you know"), "leaning": gettext_lazy("Where are you leaning?"),
         "summary": gettext_lazy("Print your summary")}


def _picture_size(value: Any) -> int:
    if value not in PICTURE_SIZES:
        raise FieldError("must be 100 or 1000, so every option's figure can be drawn the same size")
    return value


def _true_false(value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError("must be true or false")
    return value


FILE_FIELDS = {
    "reviewed": Field(fm.date), "next_review": Field(fm.date), "sources": Field(fm.sources),
    "title": Field(fm.text), "summary": Field(fm.sentence), "intro": Field(fm.paragraphs),
    "who": Field(fm.paragraphs), "how_to_read": Field(fm.text),
    "key_facts": Field(fm.text_list), "figure": Field(fm.slug, required=False),
    "summary_figure": Field(fm.slug, required=False),
    "options": Field(list), "rows": Field(list), "values": Field(list), "quiz": Field(list),
    "sure": Field(list), "questions": Field(fm.text_list),
}
OPTION_FIELDS = {"id": Field(fm.slug), "name": Field(fm.text), "article": Field(fm.slug),
                 "what": Field(fm.text)}
ROW_KINDS = ("benefit", "harm")
ROW_FIELDS = {"id": Field(fm.slug), "group": Field(fm.text), "outcome": Field(fm.text), "cells": Field(dict),
              "kind": Field(fm.one_of(ROW_KINDS), required=False),
              "out_of": Field(_picture_size, required=False), "unit": Field(fm.one_of(UNITS), required=False),
              "timeframe": Field(fm.text, required=False), "note": Field(fm.text, required=False)}
FIGURE_CELL_FIELDS = {"number": Field(fm.slug, required=False), "compared_with": Field(fm.slug, required=False),
                      "compared_label": Field(fm.text, required=False),
                      "not_known": Field(fm.text, required=False),
                      "does_not_apply": Field(fm.text, required=False), "note": Field(fm.text, required=False),
                      "evidence": Field(fm.one_of(CELL_EVIDENCE)),
                      "certainty": Field(fm.one_of(CERTAINTY), required=False)}
TEXT_CELL_FIELDS = {"text": Field(fm.text)}
VALUE_FIELDS = {"id": Field(fm.slug), "statement": Field(fm.text), "why": Field(fm.text)}
QUIZ_FIELDS = {"id": Field(fm.slug), "statement": Field(fm.text), "answer": Field(_true_false),
               "explanation": Field(fm.text)}
SURE_FIELDS = {"id": Field(fm.slug), "letter": Field(fm.text), "question": Field(fm.text)}


@dataclass(frozen=True)
class Option:
    id: str
    name: str
    article: str          # the article that explains it
    what: str             # one line: what it is


@dataclass(frozen=True)
class Cell:
    option: Option
    number: RegisteredNumber | None = None       # the option's figure (a registered rate)
    compared: RegisteredNumber | None = None     # the same study's comparison group, when it had one
    compared_label: str = ""
    number_svg: SafeString = SafeString("")      # each figure as a picture, the same size across the row
    compared_svg: SafeString = SafeString("")
    not_known_html: SafeString = SafeString("")  # why there is no fair figure
    does_not_apply_html: SafeString = SafeString("")  # why the outcome cannot happen with this option
    note_html: SafeString = SafeString("")
    text_html: SafeString = SafeString("")       # a row without figures: plain words
    evidence: str = ""
    certainty: str = ""


@dataclass(frozen=True)
class Row:
    id: str
    group: str                    # rows are shown in groups ("Does it help?"), in the file's order
    outcome: str
    cells: tuple[Cell, ...]
    kind: str | None = None       # benefit or harm: a row with figures says which, and is drawn so
    out_of: int | None = None
    unit: str | None = None
    timeframe: str | None = None
    note_html: SafeString = SafeString("")

    @property
    def has_figures(self) -> bool:
        return self.out_of is not None


@dataclass(frozen=True)
class ValueStatement:
    id: str
    statement: str
    why_html: SafeString


@dataclass(frozen=True)
class QuizItem:
    id: str
    statement: str
    answer: bool
    explanation_html: SafeString


@dataclass(frozen=True)
class SureQuestion:
    id: str
    letter: str
    question: str


@dataclass(frozen=True)
class DecisionAid:
    title: str
    summary: str
    intro_html: SafeString
    key_facts: tuple[SafeString, ...]
    figure_html: SafeString       # a drawn figure of the procedures, or ""
    summary_figure_html: SafeString   # what the printed summary looks like, or ""
    who_html: SafeString
    how_to_read: str
    options: tuple[Option, ...]
    rows: tuple[Row, ...]
    values: tuple[ValueStatement, ...]
    quiz: tuple[QuizItem, ...]
    sure: tuple[SureQuestion, ...]
    questions: tuple[str, ...]    # questions to ask about this decision, beside the BRAN questions
    review: Reviewed
    path: str = DECISION_FILE
    prose: str = ""               # the words a patient reads, one sentence at least per piece

    @property
    def anchors(self) -> frozenset[str]:
        """Every #address on the page: its steps, and each row of the grid by its id."""
        return frozenset([*STEPS, *(f"row-{row.id}" for row in self.rows)])

    @property
    def numbers(self) -> tuple[RegisteredNumber, ...]:
        """Every registered figure the grid shows, in order, once each."""
        found = [n for row in self.rows for cell in row.cells for n in (cell.number, cell.compared) if n]
        return tuple(dict.fromkeys(found))


def load_decision_aid(files: ContentFiles, values: SiteValues, numbers: dict[str, RegisteredNumber],
                      article_slugs: set[str], figures: Figures) -> DecisionAid | None:
    """The decision aid, or None (with every problem recorded) when the file is missing or unusable."""
    path = DECISION_FILE
    data = files.read_yaml(path, required=False)
    if data is None:
        return None
    if not isinstance(data, dict):
        files.problem(path, "must be a set of 'field: value' lines")
        files.skipped.add(path)
        return None
    top, problems = fm.convert_fields(data, FILE_FIELDS, path)
    files.problems.extend(problems)
    if problems:
        files.skipped.add(path)
        return None
    loader = _DecisionLoader(files, values, numbers)
    options = loader.options(top["options"], article_slugs)
    drawn = {}
    for name in ("figure", "summary_figure"):
        if top[name] and not figures.exists(top[name]):
            files.problem(path, f"unknown figure {top[name]!r}", field=name)
        # Drawn figures passed the figure check when they loaded (figures.py), as in the articles.
        drawn[name] = SafeString(figures.html(top[name]) or "") if top[name] else SafeString("")
    aid = DecisionAid(
        title=top["title"], summary=top["summary"], intro_html=loader.inline(top["intro"], "intro"),
        key_facts=tuple(SafeString(strip_paragraph(loader.inline(fact, f"key_facts[{index}]")))
                        for index, fact in enumerate(top["key_facts"])),
        figure_html=drawn["figure"], summary_figure_html=drawn["summary_figure"],
        who_html=loader.inline(top["who"], "who"), how_to_read=top["how_to_read"],
        options=options, rows=loader.rows(top["rows"], options),
        values=tuple(ValueStatement(id=v["id"], statement=v["statement"],
                                    why_html=loader.inline(v["why"], f"{label}.why"))
                     for label, v in loader.entries(top["values"], VALUE_FIELDS, "values")),
        quiz=tuple(QuizItem(id=q["id"], statement=q["statement"], answer=q["answer"],
                            explanation_html=loader.inline(q["explanation"], f"{label}.explanation"))
                   for label, q in loader.entries(top["quiz"], QUIZ_FIELDS, "quiz")),
        sure=tuple(SureQuestion(**s) for _, s in loader.entries(top["sure"], SURE_FIELDS, "sure")),
        questions=top["questions"],
        review=Reviewed(top["reviewed"], top["next_review"], top["sources"]),
    )
    loader.prose += [sentence(text) for text in (aid.title, aid.summary, aid.how_to_read, *aid.questions,
                                                 *(o.what for o in aid.options), *(r.outcome for r in aid.rows),
                                                 *(v.statement for v in aid.values),
                                                 *(q.statement for q in aid.quiz), *(q.question for q in aid.sure))]
    used = " ".join(f"[[n:{n.id}]]" for n in aid.numbers) + " " + loader.text_used
    review = Reviewed(top["reviewed"], top["next_review"], with_number_sources(top["sources"], used, numbers))
    return dataclasses.replace(aid, review=review, prose=" ".join(loader.prose))


class _DecisionLoader:
    def __init__(self, files: ContentFiles, values: SiteValues, numbers: dict[str, RegisteredNumber]):
        self.files, self.values, self.numbers = files, values, numbers
        self.path = DECISION_FILE
        self.text_used = ""
        self.prose: list[str] = []    # every sentence a patient reads here, for the reading grade

    def problem(self, message: str, field: str) -> None:
        self.files.problem(self.path, message, field=field)

    def inline(self, text: str, field: str) -> SafeString:
        """Markdown words, checked like every page: figures only from the registry."""
        self.files.problems.extend(plain_figure_problems(self.path, text, field=field))
        self.files.problems.extend(unknown_number_problems(self.path, text, self.numbers, field=field))
        self.text_used += " " + text
        rendered = render_inline(text, self.values)
        self.prose.append(sentence(rendered.text))
        return rendered.html

    def entries(self, items: list, schema: dict, label: str) -> list[tuple[str, dict]]:
        """(label, values) for each entry with a unique id that converts cleanly (sources.unique_entries),
        its plain words checked for hand-written figures like everything else."""
        found = list(unique_entries(self.files, self.path, items, schema, label, set()))
        for entry, values in found:
            for name, value in values.items():
                if isinstance(value, str) and name not in {"id", "explanation", "why"}:  # those are rendered
                    self.files.problems.extend(plain_figure_problems(self.path, value, field=f"{entry}.{name}"))
        if not found:
            self.problem("must list at least one entry", label)
        return found

    def options(self, items: list, article_slugs: set[str]) -> tuple[Option, ...]:
        options = []
        for label, values in self.entries(items, OPTION_FIELDS, "options"):
            if values["article"] not in article_slugs:
                self.problem(f"no article {values['article']!r}", f"{label}.article")
            options.append(Option(**values))
        return tuple(options)

    def rows(self, items: list, options: tuple[Option, ...]) -> tuple[Row, ...]:
        """Each row whose cells all load; a row's id is its address (#row-<id>), so ids are unique."""
        rows = (self.row(values, label, options)
                for label, values in unique_entries(self.files, self.path, items, ROW_FIELDS, "rows", set()))
        return tuple(row for row in rows if row is not None)

    def row(self, values: dict, label: str, options: tuple[Option, ...]) -> Row | None:
        frame = [values[name] for name in ("out_of", "unit", "timeframe", "kind")]
        with_figures = any(value is not None for value in frame)
        if with_figures and None in frame:
            self.problem("a row with figures states out_of, unit, timeframe and kind (benefit or harm), once for "
                         "the whole row", label)
            return None
        given = values["cells"]
        unknown = set(map(str, given)) - {o.id for o in options}
        for option_id in sorted(unknown):
            self.problem(f"no option {option_id!r}", f"{label}.cells.{option_id}")
        cells = []
        for option in options:
            field = f"{label}.cells.{option.id}"
            if option.id not in given:
                self.problem("every option needs a cell (write not_known where there is no fair figure)", field)
                continue
            cell = (self.figure_cell if with_figures else self.text_cell)(given[option.id], field, option, values)
            if cell is not None:
                cells.append(cell)
        if len(cells) != len(options):
            return None
        note = self.inline(values["note"], f"{label}.note") if values["note"] else SafeString("")
        return Row(id=values["id"], group=values["group"], outcome=values["outcome"], cells=tuple(cells),
                   kind=values["kind"], out_of=values["out_of"],
                   unit=values["unit"], timeframe=values["timeframe"], note_html=note)

    def text_cell(self, item: Any, field: str, option: Option, row: dict) -> Cell | None:
        values = self.files.convert_item(item, TEXT_CELL_FIELDS, self.path, field)
        if values is None:
            return None
        return Cell(option=option, text_html=self.inline(values["text"], f"{field}.text"))

    def figure_cell(self, item: Any, field: str, option: Option, row: dict) -> Cell | None:
        values = self.files.convert_item(item, FIGURE_CELL_FIELDS, self.path, field)
        if values is None:
            return None
        given = [name for name in ("number", "not_known", "does_not_apply") if values[name] is not None]
        if len(given) != 1:
            self.problem("give one of number (a registered rate), not_known (why there is no fair figure) "
                         "or does_not_apply (why it cannot happen with this option)", field)
            return None
        if values["does_not_apply"] and values["evidence"] != "none":
            self.problem("an outcome that cannot happen needs no evidence: write evidence: none", f"{field}.evidence")
            return None
        # How sure we are belongs to a figure; "not known" has none to be sure of.
        if values["number"] is not None and values["certainty"] is None:
            self.problem("say how certain the evidence is: " + ", ".join(CERTAINTY), f"{field}.certainty")
            return None
        if values["number"] is None and values["certainty"] is not None:
            self.problem("only a figure has a certainty; a cell without one says what is known in words",
                         f"{field}.certainty")
            return None
        if values["compared_with"] and not values["compared_label"]:
            self.problem("say who the comparison group were (compared_label)", f"{field}.compared_label")
            return None
        figures = {}
        for name in ("number", "compared_with"):
            if values[name] is not None:
                number = self.fair_figure(values[name], f"{field}.{name}", row, values["evidence"])
                if number is None:
                    return None
                figures[name] = number
        def words(name):
            return self.inline(values[name], f"{field}.{name}") if values[name] else SafeString("")
        # Drawn here from escaping code (icon_array.py), like the articles' icon arrays.
        pictures = {name: SafeString(compact_icon_array_svg(number)) for name, number in figures.items()}
        return Cell(option=option, number=figures.get("number"), compared=figures.get("compared_with"),
                    number_svg=pictures.get("number", SafeString("")),
                    compared_svg=pictures.get("compared_with", SafeString("")),
                    compared_label=values["compared_label"] or "", not_known_html=words("not_known"),
                    does_not_apply_html=words("does_not_apply"),
                    note_html=words("note"), evidence=values["evidence"], certainty=values["certainty"] or "")

    def fair_figure(self, number_id: str, field: str, row: dict, evidence: str) -> RegisteredNumber | None:
        """The registered rate, if it may stand in this row and this cell; else None, with the reason."""
        number = self.numbers.get(number_id)
        if number is None:
            self.problem(f"unknown number {number_id!r} (see numbers/*.yaml)", field)
            return None
        if not number.is_rate:
            self.problem(f"{number_id!r} is not a rate (count out of a number)", field)
            return None
        mismatches = [f"{name} is {mine!r} but the row's is {theirs!r}"
                      for name, mine, theirs in (("out_of", number.out_of, row["out_of"]),
                                                 ("unit", number.unit, row["unit"]),
                                                 ("timeframe", number.timeframe, row["timeframe"]))
                      if mine != theirs]
        if mismatches:
            self.problem(f"{number_id!r} does not fit this row (one denominator and one time frame across a "
                         f"row): " + "; ".join(mismatches), field)
            return None
        if number.evidence != evidence:
            self.problem(f"{number_id!r} comes from {number.evidence or 'an unstated kind of study'!s}, "
                         f"but the cell says {evidence!r}", field)
            return None
        return number
