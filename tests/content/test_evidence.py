"""The shipped content meets the clinical standard: trusted sources, registered numbers, pictures."""
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

from kyphoplasty_site.content.numbers import numbers_used
from kyphoplasty_site.site import library

ACTION_PICTURES = {"getting-out-of-bed", "bending-and-lifting", "standing-up-from-a-chair"}


def all_sources():
    """(where, source) for every source the site cites: pages, FAQ, glossary and the number registry."""
    lib = library()
    cited = [(a.path, s) for a in (*lib.article_list(), *lib.pages.values()) for s in a.review.sources]
    cited += [("faq.yaml", s) for s in lib.faq.review.sources]
    cited += [("glossary.yaml", s) for s in lib.glossary.review.sources]
    return cited


def allowed_hosts():
    text = (Path(settings.CONTENT_DIR) / "source-hosts.txt").read_text()
    return {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}


def test_every_source_is_on_a_trusted_host():
    hosts = sorted({urlsplit(source.url).hostname for _, source in all_sources()})
    print("source hosts:", ", ".join(hosts))
    outside = {(where, source.url) for where, source in all_sources()
               if urlsplit(source.url).hostname not in allowed_hosts()}
    assert not outside
    assert len(hosts) >= 5


def test_the_content_loads_without_problems():
    assert [str(p) for p in library().problems] == []


def test_at_least_five_icon_arrays_are_placed_and_each_number_is_drawn_once_per_page():
    placed = [(a.slug, name) for a in library().article_list() for name in a.figures if name.startswith("icons:")]
    assert len({name for _, name in placed}) >= 5
    assert len(placed) == len(set(placed))


def test_the_action_pictures_are_placed():
    placed = {name for a in library().article_list() for name in a.figures}
    assert ACTION_PICTURES <= placed


def test_every_table_has_a_sentence_above_it_saying_how_to_read_it():
    for article in library().article_list():
        for before in re.findall(r"(.{0,12})<table", str(article.html), re.DOTALL):
            assert before.rstrip().endswith("</p>"), article.slug


def test_the_recovery_timeline_is_introduced_by_a_sentence():
    html = str(library().article_get("recovery-and-aftercare").html)
    assert re.search(r"</p>\s*<figure[^>]*id=\"figure-recovery-timeline\"", html)


def test_enough_faq_answers_and_glossary_terms():
    assert len(library().faq.entries) >= 60
    assert len(library().glossary.terms) >= 80


def test_decision_questions_cover_benefits_risks_alternatives_and_doing_nothing():
    html = str(library().article_get("is-a-procedure-right-for-me").html).lower()
    assert "ask me 3" not in html
    for word in ("benefits", "risks", "alternatives", "nothing"):
        assert word in html


def test_every_registered_number_is_used_somewhere():
    text = " ".join(path.read_text() for path in Path(settings.CONTENT_DIR).rglob("*")
                    if path.suffix in {".md", ".yaml"} and "numbers" not in path.parts)
    used = set(numbers_used(text)) | set(re.findall(r"\[\[\s*icons:([a-z0-9-]+)", text))
    registry = set(re.findall(r"^\s*- id: ([a-z0-9-]+)", "".join(
        p.read_text() for p in (Path(settings.CONTENT_DIR) / "numbers").glob("*.yaml")), re.MULTILINE))
    assert registry - used == set()
    assert len(registry) >= 20
