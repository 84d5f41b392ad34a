"""The content files beside the articles: topic groups, FAQ, glossary, search synonyms, the number
registry and the hosts sources may come from.

Each loader reads its file through `ContentFiles`, so every problem names the
file and the entry (`groups[1].questions[2] (what-is-x).answer`). The FAQ and
the glossary share one shape, a reviewed file holding a list of entries with
unique ids (`_reviewed_entries`); an FAQ group then holds its own list of
questions.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Any, Iterator
from urllib.parse import urlsplit

from . import frontmatter as fm
from .files import ContentFiles
from .frontmatter import Field
from .models import Faq, FaqEntry, FaqGroup, Glossary, GlossaryTerm, QuestionForm, Reviewed, Section
from .numbers import (RegisteredNumber, load_numbers, plain_figure_problems, unknown_number_problems,
                      with_number_sources)
from .rendering import SiteValues, render_inline

SECTION_FIELDS = {"id": Field(fm.slug), "title": Field(fm.text), "intro": Field(fm.text)}
REVIEW_FIELDS = {"reviewed": Field(fm.date), "next_review": Field(fm.date), "sources": Field(fm.sources)}
FAQ_GROUP_FIELDS = {"id": Field(fm.slug), "title": Field(fm.text), "questions": Field(list)}
FAQ_ENTRY_FIELDS = {"id": Field(fm.slug), "question": Field(fm.text), "answer": Field(fm.paragraphs),
                    "more": Field(fm.text, required=False)}
QUESTION_FORM_FIELDS = {"id": Field(fm.slug), "asked": Field(fm.text_list), "headings": Field(fm.text_list),
                        "definitions": Field(fm.yes_no, required=False, default=False)}
GLOSSARY_TERM_FIELDS = {"id": Field(fm.slug), "term": Field(fm.text), "definition": Field(fm.text),
                        "aliases": Field(fm.text_list, required=False, default=())}


def unique_entries(files: ContentFiles, path: str, items: list, schema: dict, prefix: str,
                   taken: set[str]) -> Iterator[tuple[str, dict]]:
    """(label, converted values) for each entry that converts cleanly and whose id is not in `taken`.

    Each id is added to `taken`, so one set shared between lists keeps ids unique across them
    (FAQ groups and questions are anchors on one page).
    """
    for index, item in enumerate(items):
        label = f"{prefix}[{index}]"
        values = files.convert_item(item, schema, path, label)
        if values is None:
            continue
        label = f"{label} ({values['id']})"
        if values["id"] in taken:
            files.problem(path, f"duplicate id {values['id']!r}", field=f"{label}.id")
            continue
        taken.add(values["id"])
        yield label, values


def _reviewed_entries(files: ContentFiles, path: str, list_key: str, schema: dict,
                      taken: set[str]) -> tuple[Reviewed | None, list[tuple[str, dict]]] | None:
    """A reviewed file (review dates and sources, and a list under `list_key`): its review and entries.

    None when the file cannot be served at all (missing, malformed, or not a set of fields).
    """
    data = files.read_yaml(path)
    if not isinstance(data, dict):
        if data is not None:
            files.problem(path, f"must have reviewed, next_review, sources and {list_key}")
        files.skipped.add(path)
        return None
    values, problems = fm.convert_fields({k: v for k, v in data.items() if k != list_key}, REVIEW_FIELDS, path)
    files.problems.extend(problems)
    review = None
    if values["reviewed"] is not None and values["next_review"] is not None:
        review = Reviewed(values["reviewed"], values["next_review"], values["sources"] or ())
    items = data.get(list_key)
    if not isinstance(items, list):
        files.problem(path, f"must be a list of {list_key}", field=list_key)
        items = []
    return review, list(unique_entries(files, path, items, schema, list_key, taken))


def _check_figures_in(files: ContentFiles, path: str, text: str, field: str, numbers) -> None:
    files.problems.extend(plain_figure_problems(path, text, field=field))
    files.problems.extend(unknown_number_problems(path, text, numbers, field=field))


def load_glossary(files: ContentFiles, values: SiteValues, numbers: dict[str, RegisteredNumber]) -> Glossary:
    loaded = _reviewed_entries(files, "glossary.yaml", "terms", GLOSSARY_TERM_FIELDS, set())
    if loaded is None:
        return Glossary(terms=(), review=None)
    review, entries = loaded
    terms, owners = [], {}
    for label, term in entries:
        for name in (term["term"], *term["aliases"]):
            owner = owners.setdefault(name.lower(), term["id"])
            if owner != term["id"]:
                files.problem("glossary.yaml", f"{name!r} is already used by term {owner!r}",
                              field=f"{label}.aliases")
        _check_figures_in(files, "glossary.yaml", term["definition"], f"{label}.definition", numbers)
        definition = render_inline(term["definition"], values)
        terms.append(GlossaryTerm(id=term["id"], term=term["term"], aliases=term["aliases"],
                                  definition_html=definition.html, definition_text=definition.text))
    if review:
        used = " ".join(term["definition"] for _, term in entries)
        review = dataclasses.replace(review, sources=with_number_sources(review.sources, used, numbers))
    return Glossary(terms=tuple(terms), review=review)


def load_faq(files: ContentFiles, values: SiteValues, numbers: dict[str, RegisteredNumber]) -> Faq:
    ids: set[str] = set()  # groups and questions share the page's anchors
    loaded = _reviewed_entries(files, "faq.yaml", "groups", FAQ_GROUP_FIELDS, ids)
    if loaded is None:
        return Faq(groups=(), review=None)
    review, raw_groups = loaded
    groups, used = [], []
    for group_label, group in raw_groups:
        entries = []
        for label, entry in unique_entries(files, "faq.yaml", group["questions"], FAQ_ENTRY_FIELDS,
                                           f"{group_label}.questions", ids):
            _check_figures_in(files, "faq.yaml", entry["question"] + "\n" + entry["answer"], label, numbers)
            used.append(entry["answer"])
            more_slug, _, more_anchor = (entry["more"] or "").partition("#")
            answer = render_inline(entry["answer"], values)
            entries.append(FaqEntry(id=entry["id"], question=entry["question"],
                                    answer_html=answer.html, answer_text=answer.text,
                                    more_slug=more_slug or None, more_anchor=more_anchor or None,
                                    group_id=group["id"]))
        groups.append(FaqGroup(id=group["id"], title=group["title"], entries=tuple(entries)))
    if review:
        review = dataclasses.replace(review, sources=with_number_sources(review.sources, " ".join(used), numbers))
    return Faq(groups=tuple(groups), review=review)


def load_sections(files: ContentFiles) -> list[Section]:
    data = files.read_yaml("sections.yaml")
    if data is None:
        return []
    if not isinstance(data, list):
        files.problem("sections.yaml", "must be a list of topic groups")
        return []
    return [Section(**values) for _, values in unique_entries(files, "sections.yaml", data, SECTION_FIELDS,
                                                              "", set())]


def load_search_keywords(files: ContentFiles) -> dict[str, tuple[str, ...]]:
    """`search-keywords.yaml`: for a section, FAQ answer or term (by its address), the everyday words
    people search with that its own words lack, written by an editor. Search matches them as part
    of its heading (search/documents.py); the loader checks each address exists."""
    path = "search-keywords.yaml"
    data = files.read_yaml(path, required=False)
    if data is None:
        return {}
    if not isinstance(data, dict):
        files.problem(path, "must map each address to a list of search words")
        return {}
    keywords = {}
    for address, words in data.items():
        if (not isinstance(address, str) or not isinstance(words, list) or not words
                or not all(isinstance(w, str) and w.strip() for w in words)):
            files.problem(path, "each address needs a list of search words", field=str(address))
            continue
        keywords[address] = tuple(" ".join(word.lower().split()) for word in words)
    return keywords


def load_synonyms(files: ContentFiles) -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """`synonyms.yaml`: groups of words search treats as one idea, and broader words for some.

    A group is a list (`[painkiller, analgesic]`). An entry `{words: [...], broader: [...]}`
    says that a page using a broader word ("the procedure") may answer a question using one of
    the words ("kyphoplasty"), though less surely. Returns (groups, (words, broader) pairs).
    """
    path = "synonyms.yaml"
    data = files.read_yaml(path, required=False)
    if data is None:
        return (), ()
    if not isinstance(data, list):
        files.problem(path, "must be a list of groups, each a list of words")
        return (), ()

    def phrases(value) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not value or not all(isinstance(w, str) and w.strip() for w in value):
            return None
        return tuple(" ".join(word.lower().split()) for word in value)

    groups, broader = [], []
    for index, item in enumerate(data):
        if isinstance(item, dict):
            words, wider = phrases(item.get("words")), phrases(item.get("broader"))
            if words is None or wider is None or set(item) != {"words", "broader"}:
                files.problem(path, "an entry with broader words needs `words` and `broader`, each a list of words",
                              field=f"[{index}]")
                continue
            broader.append((words, wider))
            continue
        group = phrases(item)
        if group is None or len(group) < 2:
            files.problem(path, "each group must list two or more words", field=f"[{index}]")
            continue
        groups.append(group)
    return tuple(groups), tuple(broader)


# Lowercase words (an apostrophe may join two), one space apart; "*" alone stands for words of the topic.
_PHRASE_RE = re.compile(r"(?:[a-z0-9]+(?:'[a-z]+)?|\*)(?: (?:[a-z0-9]+(?:'[a-z]+)?|\*))*")


def load_question_forms(files: ContentFiles) -> tuple[QuestionForm, ...]:
    """`question-forms.yaml`: kinds of question patients ask, and the headings that answer them."""
    path = "question-forms.yaml"
    data = files.read_yaml(path, required=False)
    if data is None:
        return ()
    if not isinstance(data, list):
        files.problem(path, "must be a list of question forms, each with an id, asked and headings")
        return ()
    forms = []
    for label, values in unique_entries(files, path, data, QUESTION_FORM_FIELDS, "", set()):
        phrases = {"asked": [" ".join(p.lower().split()) for p in values["asked"]],
                   "headings": [" ".join(p.lower().split()) for p in values["headings"]]}
        bad = [(name, p) for name, items in phrases.items() for p in items
               if not _PHRASE_RE.fullmatch(p) or (name == "headings" and "*" in p) or p.endswith("*")]
        for name, phrase in bad:
            files.problem(path, f"{phrase!r}: write lowercase words, with * (asked only, not last) for the topic",
                          field=f"{label}.{name}")
        if not bad and phrases["asked"] and phrases["headings"]:
            forms.append(QuestionForm(values["id"], tuple(phrases["asked"]), tuple(phrases["headings"]),
                                      values["definitions"]))
        elif not bad:
            files.problem(path, "asked and headings must each list at least one phrase", field=label)
    return tuple(forms)


def load_number_registry(files: ContentFiles) -> dict[str, RegisteredNumber]:
    """`numbers/*.yaml`: every figure patients weigh, with its source (see numbers.py)."""
    folder = files.root / "numbers"
    parsed: dict[str, Any] = {}
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        data = files.read_yaml(files.rel(path))
        if data is not None:
            parsed[files.rel(path)] = data
    registry, problems = load_numbers(parsed)
    files.problems.extend(problems)
    return registry


def load_allowed_hosts(files: ContentFiles) -> frozenset[str] | None:
    """`source-hosts.txt` lists the only hosts a source may be on; without the file, any host."""
    lines = files.read_lines("source-hosts.txt")
    return None if lines is None else frozenset(line.lower() for _, line in lines)


def check_source_hosts(files: ContentFiles, allowed_hosts: frozenset[str] | None,
                       cited: list[tuple[str, tuple[fm.Source, ...]]]) -> None:
    """Every source cited (by file) must be on an allowed host."""
    if allowed_hosts is None:
        return
    for path, sources in cited:
        for source in sources:
            host = (urlsplit(source.url).hostname or "").lower()
            if host not in allowed_hosts:
                files.problem(path, f"source host {host!r} is not in source-hosts.txt ({source.title})",
                              field="sources")
