"""Red flags first: a search that names an emergency or urgent sign shows that advice before any result.

The searches (red_flag_searches.yaml) were written by readers who never saw the rules. The static
copy's search must give the same answer for each (tests/browser/test_static_search.py).
"""
from pathlib import Path

import pytest
import yaml

from kyphoplasty_site.site import library

SEARCHES = yaml.safe_load((Path(__file__).parent / "red_flag_searches.yaml").read_text())
ACCEPTED = {"emergency": {"emergency"}, "urgent": {"emergency", "urgent"}, "none": {None, "normal", "urgent"}}


def test_there_are_enough_searches_by_people_who_never_saw_the_rules():
    assert sum(item["urgency"] != "none" for item in SEARCHES) >= 40
    assert len({item["q"] for item in SEARCHES}) == len(SEARCHES)


@pytest.mark.parametrize("item", SEARCHES, ids=lambda item: item["q"][:60])
def test_a_search_naming_a_sign_gets_the_advice_for_it_first(item, client):
    tier = library().red_flags.tier_for(item["q"])
    level = tier.level if tier else None
    assert level in ACCEPTED[item["urgency"]], f"{item['q']!r}: {level}, want {item['urgency']}"
    if item["urgency"] == "none":
        return
    html = client.get("/search/", {"q": item["q"]}).content.decode()
    box = html.find(f'class="callout callout-{level} red-flag"')
    assert box >= 0
    # Before any result and before any "best match".
    for later in ('class="search-results"', 'class="search-answer"', 'class="no-results"'):
        assert html.find(later) == -1 or html.find(later) > box


def test_the_advice_uses_the_clinic_and_emergency_numbers(client, settings):
    html = client.get("/search/", {"q": "numb legs after kyphoplasty"}).content.decode()
    assert f">{settings.EMERGENCY_NUMBER}</a> or go to A&amp;E now if you have" in html
    html = client.get("/search/", {"q": "fever after kyphoplasty"}).content.decode()
    assert settings.CLINIC_PHONE in html and 'href="/articles/recovery-and-aftercare/#when-to-get-help"' in html


def test_ordinary_questions_get_no_warning(client):
    for query in ("will I end up in a wheelchair", "how long does kyphoplasty take", "what is a vertebra",
                  "can I take paracetamol and ibuprofen together", "infection risk of kyphoplasty"):
        assert library().red_flags.tier_for(query) is None, query


def test_every_emergency_tier_on_the_site_says_a_and_e():
    for article in library().article_list():
        for title in article.html.split('class="callout-badge">Emergency</span>')[1:]:
            assert "A&amp;E" in title.split("</h3>")[0], article.slug


def test_a_broken_link_to_the_full_advice_is_a_content_error(tmp_path):
    import shutil

    from django.conf import settings

    from kyphoplasty_site.content.loader import load_library
    from kyphoplasty_site.content.rendering import SiteValues

    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    path = content / "red-flags.yaml"
    path.write_text(path.read_text().replace("#when-to-get-help", "#no-such-section", 1))
    values = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="112")
    problems = [str(p) for p in load_library(content, values, figures_dir=settings.FIGURES_DIR).problems
                if p.path == "red-flags.yaml"]
    assert problems == ["red-flags.yaml: link '/articles/recovery-and-aftercare/#no-such-section': "
                        "article 'recovery-and-aftercare' has no section #no-such-section"]


SEARCHES_PL = yaml.safe_load((Path(__file__).parent / "red_flag_searches_pl.yaml").read_text())


def test_there_are_enough_polish_searches_by_people_who_never_saw_the_rules():
    assert sum(item["urgency"] != "none" for item in SEARCHES_PL) >= 40


@pytest.mark.parametrize("item", SEARCHES_PL, ids=lambda item: item["q"][:60])
def test_a_polish_search_naming_a_sign_gets_the_advice_for_it_first(item, client):
    tier = library("pl").red_flags.tier_for(item["q"])
    level = tier.level if tier else None
    assert level in ACCEPTED[item["urgency"]], f"{item['q']!r}: {level}, want {item['urgency']}"
    html = client.get("/pl/search/", {"q": item["q"]}).content.decode()
    box = html.find(f'class="callout callout-{level} red-flag"')
    assert box >= 0
    for later in ('class="search-results"', 'class="search-answer"', 'class="no-results"'):
        assert html.find(later) == -1 or html.find(later) > box


def test_ordinary_polish_questions_get_no_warning():
    for query in ("ile trwa kyfoplastyka", "czy mogę prowadzić samochód po zabiegu", "co to jest kręg",
                  "zaparcia po lekach przeciwbólowych", "kiedy mogę iść do domu", "ból pleców po złamaniu jak długo"):
        assert library("pl").red_flags.tier_for(query) is None, query
