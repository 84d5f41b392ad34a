"""Read `content/` into an immutable Library, reporting every problem at once.

The path through a load: read the YAML files beside the articles (sources.py)
and the figures (figures.py); parse each Markdown file's front matter, render
its body once and build its Article (here); then check what points across
files: sections, related articles, links, published addresses and short links
(addresses.py).

A file whose own front matter or YAML is broken is skipped (its page is a 404)
and reported; every other file is still served. Problems that point across
files (an unknown related slug, a link to a missing anchor) are reported but
do not take the page down. A missing content folder is the one fatal error
(`ContentDirectoryMissing`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from pathlib import Path

from django.conf import settings
from django.utils import translation

from . import frontmatter as fm
from .addresses import (Destinations, check_aliases, check_faq_links, check_published, link_problem,
                        load_short_links)
from .decision import load_decision_aid
from .editions import in_language, load_translations
from .red_flags import RED_FLAGS_FILE, load_red_flags
from .figures import Figures, load_figures
from .files import ContentDirectoryMissing, ContentFiles
from .frontmatter import Field
from .home import HOME_FILE, home_load
from .models import Article, Library, Reviewed, Section, frozen
from .numbers import RegisteredNumber, plain_figure_problems, translated_numbers, with_number_sources
from .phone import NHS_111
from .problems import WARNING
from .rendering import GlossaryEntryRef, SiteValues, make_markdown, render_markdown, strip_paragraph
from .sources import (check_source_hosts, load_allowed_hosts, load_faq, load_glossary, load_number_registry,
                      load_question_forms, load_search_keywords, load_sections, load_synonyms)

__all__ = ["ContentDirectoryMissing", "load_library"]

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
    # A page that helps a patient choose a treatment says, at its top, that the publisher offers
    # the procedures (IPDAS: conflicts of interest are declared where the choice is made).
    "helps_decide": Field(fm.yes_no, required=False, default=False),
}
# Standalone pages (/about/, /accessibility/) are not in a topic group or the reading order.
PAGE_FIELDS = {
    **{name: ARTICLE_FIELDS[name] for name in ("title", "summary", "reviewed", "next_review", "reviewer")},
    "sources": Field(fm.sources, required=False, default=()),
}


def load_library(content_dir: Path, values: SiteValues, figures_dir: Path | None = None,
                 today: dt.date | None = None, edition: str | None = None) -> Library:
    """Everything in `content_dir`, with every problem found; raises ContentDirectoryMissing.

    `edition` ("pl") loads that language's edition: its translations (content/pl/) in place of the
    English files they translate, and the English where there is none yet.
    """
    files = ContentFiles(Path(content_dir), edition)
    if edition:
        values = dataclasses.replace(values, language=edition)
    return _Loader(files, values, Path(figures_dir or files.root / "figures"), today or dt.date.today()).load()


class _Loader:
    def __init__(self, files: ContentFiles, values: SiteValues, figures_dir: Path, today: dt.date):
        self.files = files
        self.values = values
        self.figures_dir = figures_dir
        self.today = today
        self.numbers: dict[str, RegisteredNumber] = {}
        self.figures = Figures(figures_dir)
        self.pending_links: list[tuple[str, str, int | None]] = []  # checked once every page is known

    def load(self) -> Library:
        files = self.files
        sections = load_sections(files)
        allowed_hosts = load_allowed_hosts(files)
        self.numbers = load_number_registry(files)
        # A pseudo-locale has no folder of its own: its words are the English.
        translations = load_translations(files) if files.edition and (files.root / files.edition).is_dir() else {}
        if files.edition:
            self.numbers = translated_numbers(files, self.numbers)
        self.values = dataclasses.replace(self.values, numbers={k: n.text for k, n in self.numbers.items()})
        self.figures = load_figures(files, self.figures_dir, self.values, self.numbers)
        glossary = load_glossary(files, self.values, self.numbers)
        refs = [GlossaryEntryRef(t.id, t.term, (t.term, *t.aliases), strip_paragraph(t.definition_html))
                for t in glossary.terms]
        phones = (self.values.clinic_phone, self.values.emergency_number, NHS_111)
        language = self.values.language
        articles = self.load_articles("articles", ARTICLE_FIELDS, "article",
                                      make_markdown(refs, glossary_url=in_language("/glossary/", language),
                                                    site_url=self.values.site_url, phone_numbers=phones,
                                                    language=language))
        pages = self.load_articles("pages", PAGE_FIELDS, "page",
                                   make_markdown(site_url=self.values.site_url, phone_numbers=phones,
                                                 language=language))
        faq = load_faq(files, self.values, self.numbers)
        synonyms, broader = load_synonyms(files)
        search_keywords = load_search_keywords(files) if not files.edition else {}
        question_forms = load_question_forms(files)
        red_flags = load_red_flags(files, self.values)
        # Each tier's "full list" link is checked like any link in an article, once every page is known.
        self.pending_links += [(RED_FLAGS_FILE, tier.more, None) for tier in red_flags.tiers] if red_flags else []
        decision = load_decision_aid(files, self.values, self.numbers, set(articles), self.figures)
        # Content links, published addresses and short links are written as English addresses, in
        # every edition: they are checked as such (each edition's pages then link in its own language).
        with translation.override(settings.LANGUAGE_CODE):
            aliases = check_aliases(files, articles)
            self.check_sections_and_related(articles, sections)
            short_links = load_short_links(files, articles, aliases)
            destinations = Destinations(articles, pages, aliases, faq, glossary, short_links, decision)
            self.check_links(destinations)
            check_faq_links(files, destinations)
            check_published(files, destinations)
            for address in search_keywords:
                if link_problem(address, None, destinations):
                    files.problem("search-keywords.yaml", f"no such address: {address}", field=address)
        home, problems = home_load(files.read_yaml(HOME_FILE, required=False), articles,
                                   {entry.id for entry in faq.entries})
        files.problems.extend(problems)
        for label, review in (("faq.yaml", faq.review), ("glossary.yaml", glossary.review),
                              ("decision-aid.yaml", decision.review if decision else None)):
            self.check_review_dates(label, review)
        cited = [(a.path, a.review.sources) for a in (*articles.values(), *pages.values())]
        cited += [(name, review.sources) for name, review in (("faq.yaml", faq.review),
                                                                ("glossary.yaml", glossary.review)) if review]
        cited += [(n.path, (n.source,)) for n in self.numbers.values()]
        cited += [(decision.path, decision.review.sources)] if decision else []
        check_source_hosts(files, allowed_hosts, cited)
        for problem in files.problems:
            (log.error if problem.is_error else log.warning)("content: %s", problem)
        settings_parts = [value.encode() for value in (self.values.clinic_name, self.values.clinic_phone,
                                                        self.values.emergency_number, self.values.site_url)]
        return Library(
            sections=tuple(sections), articles=frozen(articles), pages=frozen(pages), aliases=frozen(aliases),
            faq=faq, glossary=glossary, problems=tuple(sorted(set(files.problems))),
            fingerprint=files.fingerprint([*settings_parts, *self.figures.fingerprint_parts()]),
            skipped=frozenset(files.skipped), synonyms=synonyms, broader=broader, question_forms=question_forms,
            short_links=frozen(short_links),
            last_modified=files.last_modified, home=home, decision=decision, red_flags=red_flags,
            edition=self.values.language, translations=frozen(translations), search_keywords=frozen(search_keywords),
        )

    # Articles and pages ----------------------------------------------------------------------------

    def load_articles(self, folder: str, schema: dict, kind: str, md) -> dict[str, Article]:
        directory = self.files.root / folder
        articles: dict[str, Article] = {}
        if not directory.is_dir():
            if kind == "article":
                self.files.problem(folder, "folder is missing")
            return articles
        for english in sorted(directory.iterdir()):
            if english.suffix != ".md" or english.name.startswith("."):
                continue
            path = self.files.source(f"{folder}/{english.name}")   # its translation, in an edition
            parsed = self.parse_article(path, schema)
            if parsed is not None:
                split, values = parsed
                article = self.build_article(path, split, values, kind, md)
                articles[article.slug] = article
        return articles

    def parse_article(self, path: Path, schema: dict) -> tuple[fm.SplitFile, dict] | None:
        """Read a file and convert its front matter; None (with problems) when it cannot be served."""
        files, rel = self.files, self.files.rel(path)
        if not fm.SLUG_RE.match(path.stem):
            files.problem(rel, "file name must be a slug: lowercase letters, digits and hyphens")
            files.skipped.add(rel)
            return None
        text = files.read(path)
        split = None
        if text is not None:
            split, problems = fm.split_front_matter(text, rel)
            files.problems.extend(problems)
        if split is not None:
            values, problems = fm.convert_fields(split.meta, schema, rel)
            files.problems.extend(problems)
            if not problems:
                return split, values
        files.skipped.add(rel)
        return None

    def build_article(self, path: Path, split: fm.SplitFile, values: dict, kind: str, md) -> Article:
        """Render the body once and make the Article, checking the body as it was written."""
        rel = self.files.rel(path)
        rendered = render_markdown(split.body, md, self.values, self.figures.html)
        self.check_body(rel, split, rendered)
        sources = with_number_sources(values["sources"] or (), split.body, self.numbers)
        review = Reviewed(values["reviewed"], values["next_review"], sources, values.get("reviewer"))
        self.check_review_dates(rel, review)
        return Article(
            slug=path.stem, kind=kind, edition=self.values.language,
            language=self.values.language if rel.startswith(f"{self.files.edition}/") else settings.LANGUAGE_CODE, title=values["title"], summary=values["summary"],
            section=values.get("section"), order=values.get("order") or 0, review=review,
            related=values.get("related") or (), aliases=values.get("aliases") or (),
            glance_html=rendered.glance_html, body_html=rendered.body_html, headings=rendered.headings,
            terms_used=rendered.terms_used, figures=rendered.figures, path=rel, links=rendered.links,
            text_sections=rendered.sections, words=rendered.words, prose=rendered.prose,
            summary_html=rendered.summary_html, decision_items=rendered.decision_items,
            helps_decide=values.get("helps_decide") or False,
            **({"about": values["about"]} if values.get("about") else {}),
        )

    def check_body(self, rel: str, split: fm.SplitFile, rendered) -> None:
        problem = self.files.problem
        lines = split.body.splitlines()

        def line_of(needle: str) -> int | None:
            for index, line in enumerate(lines):
                if needle in line:
                    return split.body_first_line + index
            return None

        for number in rendered.raw_html_lines:
            problem(rel, "raw HTML is not allowed in content; use Markdown", line=split.body_first_line + number - 1)
        for placeholder, number in rendered.unknown_placeholders:
            problem(rel, f"unknown placeholder {placeholder} (use [[emergency-number]], [[clinic-phone]], "
                         "[[clinic-name]], [[n:ID]] for a registered number, [[figure:NAME]] or [[icons:ID]])",
                    line=split.body_first_line + number - 1)
        self.files.problems.extend(plain_figure_problems(rel, split.body, first_line=split.body_first_line))
        for name in set(rendered.figures):
            if rendered.figures.count(name) > 1:
                problem(rel, f"figure {name!r} is shown more than once", line=line_of(name))
        for name in rendered.figures:
            if name.startswith("icons:") and not self.figures.exists(name):
                problem(rel, f"no registered number {name[6:]!r} with a picture, out of 100 or 1,000, to draw",
                        line=line_of(name))
            elif not self.figures.exists(name):
                known = ", ".join(sorted(self.figures.captions)) or "none yet"
                problem(rel, f"unknown figure {name!r} (known figures: {known})", line=line_of(f"figure:{name}"))
        for src, alt in rendered.images:
            if not alt.strip():
                problem(rel, f"image {src!r} has no alt text", line=line_of(src))
            if src.startswith(("http://", "https://", "//")):
                problem(rel, f"image {src!r} is on another site; images must be local", line=line_of(src))
        if rendered.headings and rendered.headings[0].level != 2:
            problem(rel, "the first heading must be a '## ' heading (the title is the h1)",
                    line=line_of(rendered.headings[0].title))
        for href in rendered.links:
            self.pending_links.append((rel, href, line_of(f"]({href}") or line_of(href)))

    def check_review_dates(self, rel: str, review: Reviewed | None) -> None:
        if review is None:
            return
        if review.next_review < review.reviewed:
            self.files.problem(rel, "next_review is before reviewed", field="next_review")
        elif review.next_review < self.today:
            self.files.problem(rel, f"review overdue since {review.next_review.isoformat()}",
                               field="next_review", level=WARNING)

    # Checks across files ---------------------------------------------------------------------------

    def check_sections_and_related(self, articles: dict[str, Article], sections: list[Section]) -> None:
        section_ids = {s.id for s in sections}
        for article in articles.values():
            if article.section not in section_ids:
                self.files.problem(article.path, f"unknown section {article.section!r} "
                                                 f"(known: {', '.join(sorted(section_ids))})", field="section")
            for slug in article.related:
                if slug not in articles:
                    self.files.problem(article.path, f"unknown related article {slug!r}", field="related")

    def check_links(self, destinations: Destinations) -> None:
        """Every link in an article or page body (and red-flags.yaml), now that every page and anchor is known."""
        by_path = {a.path: a for a in (*destinations.articles.values(), *destinations.pages.values())}
        for rel, href, line in self.pending_links:
            message = link_problem(href, by_path.get(rel), destinations)
            if message:
                self.files.problem(rel, message, line=line)
