"""Read `content/` into an immutable Library, reporting every problem at once.

A file whose own front matter or YAML is broken is skipped (its page is a 404)
and reported; every other file is still served. Problems that point across
files (an unknown related slug, a link to a missing anchor) are reported but
do not take the page down. A missing content folder is the one fatal error.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from . import frontmatter as fm
from .frontmatter import Field
from .icon_array import icon_array_html
from .models import (Article, Faq, FaqEntry, FaqGroup, Glossary, GlossaryTerm, Library, Reviewed, Section,
                     frozen)
from .numbers import RegisteredNumber, load_numbers, numbers_used, plain_figures
from .problems import WARNING, Problem
from .render_cache import RenderCache, code_version
from .rendering import (GlossaryEntryRef, SiteValues, make_markdown, render_inline, render_markdown,
                        strip_paragraph)

log = logging.getLogger(__name__)

ARTICLE_FIELDS = {
    "title": Field(fm.text),
    "summary": Field(fm.sentence),
    "section": Field(fm.slug),
    "order": Field(fm.whole_number),
    "reviewed": Field(fm.date),
    "next_review": Field(fm.date),
    "reviewer": Field(fm.text, required=False),
    "sources": Field(fm.sources),
    "related": Field(fm.slug_list, required=False, default=()),
    "aliases": Field(fm.slug_list, required=False, default=()),
    "about": Field(fm.about, required=False, default=("MedicalCondition", "Vertebral compression fracture")),
}
# Standalone pages (/about/, /accessibility/) are not in a topic group or the reading order.
PAGE_FIELDS = {
    **{name: ARTICLE_FIELDS[name] for name in ("title", "summary", "reviewed", "next_review", "reviewer")},
    "sources": Field(fm.sources, required=False, default=()),
}
REVIEW_FIELDS = {
    "reviewed": Field(fm.date),
    "next_review": Field(fm.date),
    "sources": Field(fm.sources),
}
SECTION_FIELDS = {"id": Field(fm.slug), "title": Field(fm.text), "intro": Field(fm.text)}
FAQ_GROUP_FIELDS = {"id": Field(fm.slug), "title": Field(fm.text), "questions": Field(list)}
FAQ_ENTRY_FIELDS = {"id": Field(fm.slug), "question": Field(fm.text), "answer": Field(fm.paragraphs),
                    "more": Field(fm.text, required=False)}
GLOSSARY_TERM_FIELDS = {"id": Field(fm.slug), "term": Field(fm.text), "definition": Field(fm.text),
                        "aliases": Field(fm.text_list, required=False, default=())}

# Short codes use letters and digits that cannot be mistaken for each other
# when read aloud or copied from paper: no 0/o, 1/l/i.
SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_CODE_RE = re.compile(rf"^[{SHORT_CODE_ALPHABET}]{{3,8}}$")

# Site paths that are not content but may be linked from content.
FIXED_PATHS = {"/", "/faq/", "/glossary/", "/search/", "/for-clinicians/"}
_ARTICLE_LINK_RE = re.compile(r"^/articles/([a-z0-9-]+)/$")
_PAGE_LINK_RE = re.compile(r"^/([a-z0-9-]+)/$")


# Below this many articles to render, a process pool costs more than it saves.
PARALLEL_RENDER_MIN = 64

# Set only while a forked pool renders: the children inherit them.
_POOL_STATE: dict = {}


def _render_in_child(body: str):
    state = _POOL_STATE
    return render_markdown(body, state["md"], state["values"], state["figures"].html)


def _render_bodies(bodies: list[str], md, values: SiteValues, figures) -> list:
    """Render Markdown bodies in order; a large first load is spread over every core.

    Forking is safe only from the main thread of a process with no other
    threads (the start-up of gunicorn's master, manage.py, a benchmark), so
    anywhere else, and on one core, the bodies are rendered here.
    """
    import multiprocessing
    import os
    import threading

    cores = os.cpu_count() or 1
    _POOL_STATE.update(md=md, values=values, figures=figures)
    try:
        if (len(bodies) < PARALLEL_RENDER_MIN or cores < 2 or threading.active_count() > 1
                or threading.current_thread() is not threading.main_thread()
                or "fork" not in multiprocessing.get_all_start_methods()):
            return [_render_in_child(body) for body in bodies]
        with multiprocessing.get_context("fork").Pool(cores) as pool:
            return pool.map(_render_in_child, bodies, chunksize=max(1, len(bodies) // (cores * 32)))
    finally:
        _POOL_STATE.clear()


class ContentDirectoryMissing(Exception):
    """The content folder does not exist; the site cannot start."""


@dataclass
class _Figures:
    """Drawn figures (static/figures/NAME.svg) and icon arrays ("icons:ID", from the number registry)."""
    directory: Path
    captions: dict[str, str]
    numbers: dict[str, RegisteredNumber] = dataclasses.field(default_factory=dict)

    def exists(self, name: str) -> bool:
        if name.startswith("icons:"):
            number = self.numbers.get(name[len("icons:"):])
            return number is not None and number.can_be_drawn
        return (self.directory / f"{name}.svg").is_file() and name in self.captions

    def html(self, name: str) -> str | None:
        if not self.exists(name):
            return None
        if name.startswith("icons:"):
            return icon_array_html(self.numbers[name[len("icons:"):]])
        svg = (self.directory / f"{name}.svg").read_text(encoding="utf-8").strip()
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
        caption = self.captions[name]
        return (f'<figure class="figure" id="figure-{name}">{svg}'
                f'<figcaption>{caption}</figcaption></figure>')


def load_library(content_dir: Path, values: SiteValues, figures_dir: Path | None = None,
                 today: dt.date | None = None, cache_dir: Path | None = None) -> Library:
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ContentDirectoryMissing(
            f"The content folder {content_dir} does not exist. Create it, or set CONTENT_DIR to the folder "
            "that holds articles/, faq.yaml and glossary.yaml."
        )
    return _Loader(content_dir, values, figures_dir, today or dt.date.today(), cache_dir).load()


class _Loader:
    def __init__(self, root: Path, values: SiteValues, figures_dir: Path | None, today: dt.date,
                 cache_dir: Path | None = None):
        self.root = root
        self.cache_dir = cache_dir
        self.render_cache: RenderCache | None = None
        self.values = values
        self.today = today
        self.problems: list[Problem] = []
        self.skipped: set[str] = set()
        self.sources: dict[str, bytes] = {}
        self.last_modified = 0.0
        self.pending_links: list[tuple[str, str, int | None]] = []  # checked once every page is known
        self.figures = _Figures(figures_dir or root / "figures", {})
        self.numbers: dict[str, RegisteredNumber] = {}
        self.allowed_hosts: frozenset[str] | None = None

    # Reading files -------------------------------------------------------

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, path: Path) -> str | None:
        rel = self.rel(path)
        try:
            data = path.read_bytes()
            self.last_modified = max(self.last_modified, path.stat().st_mtime)
        except OSError as exc:
            self.problems.append(Problem(rel, f"cannot be read: {exc.strerror or exc}"))
            return None
        self.sources[rel] = data
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(rel, f"is not UTF-8 text (byte {exc.start})"))
            return None

    def read_yaml(self, name: str, required: bool = True) -> Any:
        path = self.root / name
        if not path.exists():
            if required:
                self.problems.append(Problem(name, "is missing"))
            return None
        text = self.read(path)
        if text is None:
            return None
        data, problems = fm.load_yaml(text, name)
        self.problems.extend(problems)
        return data

    # The whole library -----------------------------------------------------

    def load(self) -> Library:
        sections = self.load_sections()
        self.load_allowed_hosts()
        self.load_number_registry()
        self.load_figure_captions()
        self.check_figure_files()
        glossary = self.load_glossary()
        refs = [GlossaryEntryRef(t.id, t.term, (t.term, *t.aliases), strip_paragraph(t.definition_html))
                for t in glossary.terms]
        self.render_cache = RenderCache(self.cache_dir, self.root, self.render_salt(refs))
        md = make_markdown(refs, site_url=self.values.site_url)
        articles = self.load_articles("articles", ARTICLE_FIELDS, "article", md)
        pages = self.load_articles("pages", PAGE_FIELDS, "page", make_markdown(site_url=self.values.site_url))
        faq = self.load_faq()
        synonyms = self.load_synonyms()
        aliases = self.check_aliases(articles)
        self.check_articles(articles, pages, sections, aliases, faq, glossary)
        self.check_faq(faq, articles)
        short_links = self.load_short_links(articles, aliases)
        self.check_published(articles, pages, aliases, faq, glossary, short_links)
        for label, review in (("faq.yaml", faq.review), ("glossary.yaml", glossary.review)):
            self.check_review_dates(label, review)
        self.check_source_hosts(articles, pages, faq, glossary)
        self.render_cache.save()
        for problem in self.problems:
            (log.error if problem.is_error else log.warning)("content: %s", problem)
        return Library(
            sections=tuple(sections), articles=frozen(articles), pages=frozen(pages), aliases=frozen(aliases),
            faq=faq, glossary=glossary, problems=tuple(sorted(set(self.problems))),
            fingerprint=self.fingerprint(), skipped=frozenset(self.skipped), synonyms=synonyms,
            short_links=frozen(short_links), last_modified=self.last_modified,
        )

    def render_salt(self, refs) -> str:
        """Everything besides an article's own text that its rendering depends on."""
        digest = hashlib.sha256(code_version().encode())
        for ref in refs:
            digest.update(repr((ref.id, ref.term, ref.names, str(ref.definition_html))).encode())
        digest.update(repr(self.values).encode())
        digest.update(repr(sorted(self.numbers.items())).encode())  # icon arrays draw whole entries
        for name in sorted(self.figures.captions):
            svg = self.figures.directory / f"{name}.svg"
            digest.update(name.encode() + self.figures.captions[name].encode()
                          + (svg.read_bytes() if svg.is_file() else b""))
        return digest.hexdigest()

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for rel in sorted(self.sources):
            digest.update(rel.encode() + b"\0" + self.sources[rel] + b"\0")
        for value in (self.values.clinic_name, self.values.clinic_phone, self.values.emergency_number,
                      self.values.site_url):
            digest.update(value.encode() + b"\0")
        for svg in sorted(self.figures.directory.glob("*.svg")) if self.figures.directory.is_dir() else []:
            digest.update(svg.name.encode() + svg.read_bytes())
        return digest.hexdigest()[:20]

    # Sections --------------------------------------------------------------

    def load_sections(self) -> list[Section]:
        data = self.read_yaml("sections.yaml")
        if data is None:
            return []
        if not isinstance(data, list):
            self.problems.append(Problem("sections.yaml", "must be a list of topic groups"))
            return []
        sections, seen = [], set()
        for index, item in enumerate(data):
            values = self.convert_item(item, SECTION_FIELDS, "sections.yaml", f"[{index}]")
            if values is None:
                continue
            if values["id"] in seen:
                self.problems.append(Problem("sections.yaml", f"duplicate id {values['id']!r}", field=f"[{index}].id"))
                continue
            seen.add(values["id"])
            sections.append(Section(**values))
        return sections

    def convert_item(self, item: Any, schema: dict, path: str, label: str) -> dict | None:
        if not isinstance(item, dict):
            self.problems.append(Problem(path, "must be a set of 'field: value' lines", field=label))
            return None
        values, problems = fm.convert_fields(item, schema, path)
        ident = item.get("id") if isinstance(item.get("id"), str) else None
        prefix = f"{label} ({ident})" if ident else label
        for problem in problems:
            self.problems.append(Problem(path, problem.message, field=f"{prefix}.{problem.field}"))
        return None if problems else values

    # Search synonyms ----------------------------------------------------------

    def load_synonyms(self) -> tuple[tuple[str, ...], ...]:
        data = self.read_yaml("synonyms.yaml", required=False)
        if data is None:
            return ()
        if not isinstance(data, list):
            self.problems.append(Problem("synonyms.yaml", "must be a list of groups, each a list of words"))
            return ()
        groups = []
        for index, group in enumerate(data):
            if (not isinstance(group, list) or len(group) < 2
                    or not all(isinstance(word, str) and word.strip() for word in group)):
                self.problems.append(Problem("synonyms.yaml", "each group must list two or more words",
                                             field=f"[{index}]"))
                continue
            groups.append(tuple(" ".join(word.lower().split()) for word in group))
        return tuple(groups)

    # Registered numbers and where sources may come from -------------------

    def load_allowed_hosts(self) -> None:
        """`source-hosts.txt` lists the only hosts a source may be on; without the file, any host."""
        path = self.root / "source-hosts.txt"
        if path.exists() and (text := self.read(path)) is not None:
            self.allowed_hosts = frozenset(line.strip().lower() for line in text.splitlines()
                                           if line.strip() and not line.lstrip().startswith("#"))

    def load_number_registry(self) -> None:
        folder = self.root / "numbers"
        files = {}
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            files[self.rel(path)] = self.read_yaml(self.rel(path))
        self.numbers, problems = load_numbers({rel: data for rel, data in files.items() if data is not None})
        self.problems.extend(problems)
        self.values = dataclasses.replace(self.values, numbers={k: n.text for k, n in self.numbers.items()})
        self.figures.numbers = self.numbers

    def check_plain_figures(self, path: str, text: str, field: str | None = None, first_line: int = 1) -> None:
        """A rate or a time written out, rather than taken from the registry, is an error."""
        for figure, line in plain_figures(text):
            self.problems.append(Problem(
                path, f"{figure!r} is a figure patients weigh: register it in numbers/ and write [[n:ID]]",
                field=field, line=None if field else first_line + line - 1))
        for number_id in numbers_used(text):
            if number_id not in self.numbers:
                self.problems.append(Problem(path, f"unknown number [[n:{number_id}]] (see numbers/*.yaml)",
                                             field=field))

    def with_number_sources(self, sources: tuple, text: str) -> tuple:
        """A page's sources, plus the source of every registered number it uses."""
        known = {source.url for source in sources}
        extra = []
        for number_id in numbers_used(text) + [m for m in re.findall(r"\[\[\s*icons:([a-z0-9-]+)", text)]:
            number = self.numbers.get(number_id)
            if number and number.source.url not in known:
                known.add(number.source.url)
                extra.append(number.source)
        return (*sources, *extra)

    def check_source_hosts(self, articles, pages, faq: Faq, glossary: Glossary) -> None:
        if self.allowed_hosts is None:
            return
        cited = [(a.path, a.review.sources) for a in (*articles.values(), *pages.values())]
        cited += [(name, review.sources) for name, review in (("faq.yaml", faq.review),
                                                                ("glossary.yaml", glossary.review)) if review]
        cited += [(n.path, (n.source,)) for n in self.numbers.values()]
        for path, sources in cited:
            for source in sources:
                host = (urlsplit(source.url).hostname or "").lower()
                if host not in self.allowed_hosts:
                    self.problems.append(Problem(path, f"source host {host!r} is not in source-hosts.txt "
                                                       f"({source.title})", field="sources"))

    # Figures ---------------------------------------------------------------

    def check_figure_files(self) -> None:
        """Each figure is inlined into pages, so it must be safe and carry its text alternative."""
        if not self.figures.directory.is_dir():
            return
        for svg in sorted(self.figures.directory.glob("*.svg")):
            name, text = svg.stem, svg.read_text(encoding="utf-8")
            where = f"figures/{svg.name}"
            if re.search(r"<(script|style|foreignObject|image)\b|\son\w+\s*=|\sstyle\s*=|(?:href|src)\s*=\s*\"(?!#)",
                         text, re.IGNORECASE):
                self.problems.append(Problem(where, "figures may not contain scripts, styles, event handlers "
                                                    "or links to other files"))
            if not re.search(rf'<svg[^>]*role="img"[^>]*aria-labelledby="fig-{name}-title" '
                             rf'aria-describedby="fig-{name}-desc"', text):
                self.problems.append(Problem(where, f'the <svg> needs role="img", aria-labelledby="fig-{name}-title" '
                                                    f'and aria-describedby="fig-{name}-desc"'))
            for part in ("title", "desc"):
                if not re.search(rf'<{part} id="fig-{name}-{part}">[^<]+</{part}>', text):
                    self.problems.append(Problem(where, f'needs a <{part} id="fig-{name}-{part}"> text alternative'))

    def load_figure_captions(self) -> None:
        data = self.read_yaml("figures.yaml", required=False) or {}
        if not isinstance(data, dict):
            self.problems.append(Problem("figures.yaml", "must map each figure name to a caption"))
            return
        for name, entry in data.items():
            caption = entry.get("caption") if isinstance(entry, dict) else None
            if not isinstance(caption, str) or not caption.strip():
                self.problems.append(Problem("figures.yaml", "needs a caption", field=str(name)))
                continue
            self.check_plain_figures("figures.yaml", caption, field=f"{name}.caption")
            self.figures.captions[str(name)] = strip_paragraph(render_inline(caption, self.values))

    # Glossary --------------------------------------------------------------

    def load_glossary(self) -> Glossary:
        data = self.read_yaml("glossary.yaml")
        if not isinstance(data, dict):
            if data is not None:
                self.problems.append(Problem("glossary.yaml", "must have reviewed, next_review, sources and terms"))
            self.skipped.add("glossary.yaml")
            return Glossary(terms=(), review=None)
        review = self.load_review(data, "glossary.yaml", extra={"terms"})
        terms, ids, names, used_text = [], set(), {}, []
        raw_terms = data.get("terms")
        if not isinstance(raw_terms, list):
            self.problems.append(Problem("glossary.yaml", "must be a list of terms", field="terms"))
            raw_terms = []
        for index, item in enumerate(raw_terms):
            values = self.convert_item(item, GLOSSARY_TERM_FIELDS, "glossary.yaml", f"terms[{index}]")
            if values is None:
                continue
            label = f"terms[{index}] ({values['id']})"
            if values["id"] in ids:
                self.problems.append(Problem("glossary.yaml", f"duplicate id {values['id']!r}", field=f"{label}.id"))
                continue
            ids.add(values["id"])
            for name in (values["term"], *values["aliases"]):
                owner = names.get(name.lower())
                if owner and owner != values["id"]:
                    self.problems.append(Problem("glossary.yaml", f"{name!r} is already used by term {owner!r}",
                                                 field=f"{label}.aliases"))
                names.setdefault(name.lower(), values["id"])
            self.check_plain_figures("glossary.yaml", values["definition"], field=f"{label}.definition")
            used_text.append(values["definition"])
            terms.append(GlossaryTerm(id=values["id"], term=values["term"], aliases=values["aliases"],
                                      definition_html=render_inline(values["definition"], self.values)))
        if review:
            review = dataclasses.replace(review, sources=self.with_number_sources(review.sources, " ".join(used_text)))
        return Glossary(terms=tuple(terms), review=review)

    def load_review(self, data: dict, path: str, extra: set[str]) -> Reviewed | None:
        meta = {k: v for k, v in data.items() if k not in extra}
        values, problems = fm.convert_fields(meta, REVIEW_FIELDS, path)
        self.problems.extend(problems)
        if values["reviewed"] is None or values["next_review"] is None:
            return None
        return Reviewed(values["reviewed"], values["next_review"], values["sources"] or ())

    # FAQ -------------------------------------------------------------------

    def load_faq(self) -> Faq:
        data = self.read_yaml("faq.yaml")
        if not isinstance(data, dict):
            if data is not None:
                self.problems.append(Problem("faq.yaml", "must have reviewed, next_review, sources and groups"))
            self.skipped.add("faq.yaml")
            return Faq(groups=(), review=None)
        review = self.load_review(data, "faq.yaml", extra={"groups"})
        groups, group_ids, entry_ids, used_text = [], set(), set(), []
        raw_groups = data.get("groups")
        if not isinstance(raw_groups, list):
            self.problems.append(Problem("faq.yaml", "must be a list of groups", field="groups"))
            raw_groups = []
        for g_index, item in enumerate(raw_groups):
            values = self.convert_item(item, FAQ_GROUP_FIELDS, "faq.yaml", f"groups[{g_index}]")
            if values is None:
                continue
            if values["id"] in group_ids:
                self.problems.append(Problem("faq.yaml", f"duplicate group id {values['id']!r}",
                                             field=f"groups[{g_index}].id"))
                continue
            group_ids.add(values["id"])
            entries = []
            for q_index, question in enumerate(values["questions"]):
                label = f"groups[{g_index}].questions[{q_index}]"
                entry = self.convert_item(question, FAQ_ENTRY_FIELDS, "faq.yaml", label)
                if entry is None:
                    continue
                if entry["id"] in entry_ids or entry["id"] in group_ids:
                    self.problems.append(Problem("faq.yaml", f"duplicate id {entry['id']!r}", field=f"{label}.id"))
                    continue
                entry_ids.add(entry["id"])
                self.check_plain_figures("faq.yaml", entry["question"] + "\n" + entry["answer"],
                                         field=f"{label} ({entry['id']})")
                used_text.append(entry["answer"])
                more_slug, _, more_anchor = (entry["more"] or "").partition("#")
                entries.append(FaqEntry(id=entry["id"], question=entry["question"],
                                        answer_html=render_inline(entry["answer"], self.values),
                                        more_slug=more_slug or None, more_anchor=more_anchor or None,
                                        group_id=values["id"]))
            groups.append(FaqGroup(id=values["id"], title=values["title"], entries=tuple(entries)))
        if review:
            review = dataclasses.replace(review, sources=self.with_number_sources(review.sources, " ".join(used_text)))
        return Faq(groups=tuple(groups), review=review)

    # Articles and pages ----------------------------------------------------

    def load_articles(self, folder: str, schema: dict, kind: str, md) -> dict[str, Article]:
        directory = self.root / folder
        articles: dict[str, Article] = {}
        if not directory.is_dir():
            if kind == "article":
                self.problems.append(Problem(folder, "folder is missing"))
            return articles
        parsed = []
        for path in sorted(directory.iterdir()):
            if path.suffix != ".md" or path.name.startswith("."):
                continue
            item = self.parse_article(path, schema)
            if item is not None:
                parsed.append(item)
        rendered = self.render_all(parsed, kind, md)
        for (path, slug, split, values), result in zip(parsed, rendered):
            article = self.build_article(path, slug, split, values, kind, result)
            articles[article.slug] = article
        return articles

    def parse_article(self, path: Path, schema: dict):
        """Read a file and convert its front matter; None (with problems) when it cannot be served."""
        rel = self.rel(path)
        slug = path.stem
        if not fm.SLUG_RE.match(slug):
            self.problems.append(Problem(rel, "file name must be a slug: lowercase letters, digits and hyphens"))
            self.skipped.add(rel)
            return None
        text = self.read(path)
        if text is None:
            self.skipped.add(rel)
            return None
        split, problems = fm.split_front_matter(text, rel)
        self.problems.extend(problems)
        if split is None:
            self.skipped.add(rel)
            return None
        values, problems = fm.convert_fields(split.meta, schema, rel)
        self.problems.extend(problems)
        if problems:
            self.skipped.add(rel)
            return None
        return path, slug, split, values

    def render_all(self, parsed, kind: str, md) -> list:
        """Render every body, from the render cache where possible; many misses use every core."""
        keys = [self.render_cache.key(f"{kind}\0{split.body}") for _, _, split, _ in parsed]
        results = [self.render_cache.get(key) for key in keys]
        misses = [i for i, result in enumerate(results) if result is None]
        bodies = [parsed[i][2].body for i in misses]
        for i, result in zip(misses, _render_bodies(bodies, md, self.values, self.figures)):
            results[i] = result
            self.render_cache.put(keys[i], result)
        return results

    def build_article(self, path: Path, slug: str, split, values: dict, kind: str, rendered) -> Article:
        rel = self.rel(path)
        self.check_body(rel, split, rendered)
        sources = self.with_number_sources(values["sources"] or (), split.body)
        review = Reviewed(values["reviewed"], values["next_review"], sources, values.get("reviewer"))
        self.check_review_dates(rel, review)
        return Article(
            slug=slug, kind=kind, title=values["title"], summary=values["summary"],
            section=values.get("section"), order=values.get("order") or 0, review=review,
            related=values.get("related") or (), aliases=values.get("aliases") or (),
            html=rendered.html, headings=rendered.headings, terms_used=rendered.terms_used,
            figures=rendered.figures, path=rel, links=rendered.links, text_sections=rendered.sections,
            **({"about": values["about"]} if values.get("about") else {}),
        )

    def check_body(self, rel: str, split: fm.SplitFile, rendered) -> None:
        lines = split.body.splitlines()

        def line_of(needle: str) -> int | None:
            for index, line in enumerate(lines):
                if needle in line:
                    return split.body_first_line + index
            return None

        for number in rendered.raw_html_lines:
            self.problems.append(Problem(rel, "raw HTML is not allowed in content; use Markdown",
                                         line=split.body_first_line + number - 1))
        for placeholder, number in rendered.unknown_placeholders:
            self.problems.append(Problem(
                rel, f"unknown placeholder {placeholder} (use [[emergency-number]], [[clinic-phone]], "
                     "[[clinic-name]], [[n:ID]] for a registered number, [[figure:NAME]] or [[icons:ID]])",
                line=split.body_first_line + number - 1))
        for figure, number in plain_figures(split.body):
            self.problems.append(Problem(
                rel, f"{figure!r} is a figure patients weigh: register it in numbers/ and write [[n:ID]]",
                line=split.body_first_line + number - 1))
        for name in set(rendered.figures):
            if rendered.figures.count(name) > 1:
                self.problems.append(Problem(rel, f"figure {name!r} is shown more than once", line=line_of(name)))
        for name in rendered.figures:
            if name.startswith("icons:") and not self.figures.exists(name):
                self.problems.append(Problem(
                    rel, f"no registered number {name[6:]!r} with a picture, out of 100 or 1,000, to draw",
                    line=line_of(name)))
            elif not self.figures.exists(name):
                known = ", ".join(sorted(self.figures.captions)) or "none yet"
                self.problems.append(Problem(rel, f"unknown figure {name!r} (known figures: {known})",
                                             line=line_of(f"figure:{name}")))
        for src, alt in rendered.images:
            if not alt.strip():
                self.problems.append(Problem(rel, f"image {src!r} has no alt text", line=line_of(src)))
            if src.startswith(("http://", "https://", "//")):
                self.problems.append(Problem(rel, f"image {src!r} is on another site; images must be local",
                                             line=line_of(src)))
        if rendered.headings and rendered.headings[0].level != 2:
            self.problems.append(Problem(rel, "the first heading must be a '## ' heading (the title is the h1)",
                                         line=line_of(rendered.headings[0].title)))
        for href in rendered.links:
            self.pending_links.append((rel, href, line_of(f"]({href}") or line_of(href)))

    def check_review_dates(self, rel: str, review: Reviewed | None) -> None:
        if review is None:
            return
        if review.next_review < review.reviewed:
            self.problems.append(Problem(rel, "next_review is before reviewed", field="next_review"))
        elif review.next_review < self.today:
            self.problems.append(Problem(rel, f"review overdue since {review.next_review.isoformat()}",
                                         field="next_review", level=WARNING))

    # Checks across files -----------------------------------------------------

    def check_aliases(self, articles: dict[str, Article]) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for article in articles.values():
            for alias in article.aliases:
                if alias in articles:
                    self.problems.append(Problem(article.path, f"alias {alias!r} is the slug of another article",
                                                 field="aliases"))
                elif alias in aliases:
                    self.problems.append(Problem(article.path, f"alias {alias!r} is also claimed by "
                                                 f"{aliases[alias]!r}", field="aliases"))
                else:
                    aliases[alias] = article.slug
        return aliases

    def check_articles(self, articles, pages, sections, aliases, faq: Faq, glossary: Glossary) -> None:
        section_ids = {s.id for s in sections}
        for article in articles.values():
            if article.section not in section_ids:
                self.problems.append(Problem(article.path, f"unknown section {article.section!r} "
                                             f"(known: {', '.join(sorted(section_ids))})", field="section"))
            for slug in article.related:
                if slug not in articles:
                    self.problems.append(Problem(article.path, f"unknown related article {slug!r}", field="related"))
        faq_ids = {e.id for e in faq.entries} | {g.id for g in faq.groups}
        glossary_ids = {t.id for t in glossary.terms}
        by_path = {a.path: a for a in (*articles.values(), *pages.values())}
        for rel, href, line in self.pending_links:
            message = self.link_problem(href, by_path.get(rel), articles, pages, aliases, faq_ids, glossary_ids)
            if message:
                self.problems.append(Problem(rel, message, line=line))

    def link_problem(self, href, article, articles, pages, aliases, faq_ids, glossary_ids) -> str | None:
        if href.startswith(("http://", "https://", "mailto:", "tel:")):
            return None
        if not href:
            return "a link has no address (or an unsafe one that was removed)"
        path, _, anchor = href.partition("#")
        if not path:
            if article is not None and anchor not in article.anchors:
                return f"link to #{anchor}: no such section on this page"
            return None
        if not path.startswith("/"):
            return f"link {href!r} must be a site path starting with /, such as /articles/<slug>/"
        match = _ARTICLE_LINK_RE.match(path)
        if match:
            slug = match.group(1)
            target = articles.get(slug)
            if target is None:
                if slug in aliases:
                    return f"link {href!r} uses an old slug; link to /articles/{aliases[slug]}/ instead"
                return f"link {href!r}: no article {slug!r}"
            if anchor and anchor not in target.anchors:
                return f"link {href!r}: article {slug!r} has no section #{anchor}"
            return None
        if path == "/faq/":
            return None if not anchor or anchor in faq_ids else f"link {href!r}: no FAQ entry #{anchor}"
        if path == "/glossary/":
            return None if not anchor or anchor in glossary_ids else f"link {href!r}: no glossary term #{anchor}"
        page = _PAGE_LINK_RE.match(path)
        if path in FIXED_PATHS or (page and page.group(1) in pages):
            return None
        return f"link {href!r}: no such page on this site"

    # Links that must never break --------------------------------------------

    def load_short_links(self, articles, aliases) -> dict[str, str]:
        """`short-links.yaml`: code → article slug. Once present, every article needs a code."""
        data = self.read_yaml("short-links.yaml", required=False)
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.problems.append(Problem("short-links.yaml", "must map each short code to an article slug"))
            return {}
        links = {}
        for code, slug in data.items():
            code = str(code)
            if not SHORT_CODE_RE.match(code):
                self.problems.append(Problem("short-links.yaml", f"code {code!r} must be 3 to 8 of "
                                             f"{SHORT_CODE_ALPHABET}", field=code))
            elif slug in articles:
                links[code] = slug
            elif slug in aliases:
                links[code] = aliases[slug]
            else:
                self.problems.append(Problem("short-links.yaml", f"no article {slug!r}", field=code))
        for slug, article in articles.items():
            if slug not in links.values():
                self.problems.append(Problem(article.path, "has no short link; run "
                                             "`python manage.py update_published` to assign one"))
        return links

    def check_published(self, articles, pages, aliases, faq, glossary, short_links) -> None:
        """Every address in `published.txt` must still answer, so printed and sent links never break."""
        path = self.root / "published.txt"
        if not path.exists():
            return
        text = self.read(path)
        if text is None:
            return
        faq_ids = {e.id for e in faq.entries} | {g.id for g in faq.groups}
        glossary_ids = {t.id for t in glossary.terms}
        for number, line in enumerate(text.splitlines(), 1):
            address = line.strip()
            if not address or address.startswith("#"):
                continue
            url, _, anchor = address.partition("#")
            reason = None
            article_match = _ARTICLE_LINK_RE.match(url)
            page_match = _PAGE_LINK_RE.match(url)
            if article_match:
                slug = aliases.get(article_match.group(1), article_match.group(1))
                if slug not in articles:
                    reason = "the article is gone; add its slug to another article's aliases"
                elif anchor and anchor not in articles[slug].anchors:
                    reason = f"section #{anchor} is gone from {slug}; restore it with {{: #{anchor} }}"
            elif url.startswith("/go/"):
                if url[4:].strip("/") not in short_links:
                    reason = "the short link is gone; restore it in short-links.yaml"
            elif url == "/faq/":
                reason = None if not anchor or anchor in faq_ids else f"FAQ entry #{anchor} is gone"
            elif url == "/glossary/":
                reason = None if not anchor or anchor in glossary_ids else f"glossary term #{anchor} is gone"
            elif url in FIXED_PATHS or (page_match and page_match.group(1) in pages):
                reason = None
            else:
                reason = "no such page any more"
            if reason:
                self.problems.append(Problem("published.txt", f"{address} no longer works: {reason}", line=number))

    def check_faq(self, faq: Faq, articles: dict[str, Article]) -> None:
        for entry in faq.entries:
            if entry.more_slug is None:
                continue
            target = articles.get(entry.more_slug)
            field = f"{entry.id}.more"
            if target is None:
                self.problems.append(Problem("faq.yaml", f"no article {entry.more_slug!r}", field=field))
            elif entry.more_anchor and entry.more_anchor not in target.anchors:
                self.problems.append(Problem("faq.yaml", f"article {entry.more_slug!r} has no section "
                                             f"#{entry.more_anchor}", field=field))
