"""The plain-language standard, measured on the shipped content."""
import re
from statistics import median

from kyphoplasty_site.content.readability import measure_text
from kyphoplasty_site.site import library
from kyphoplasty_site.management.commands.readability import GRADE_LIMIT, LIMITS, MEDIAN_LIMIT, readability_rows


def test_every_article_reads_at_grade_8_or_lower_and_the_median_at_7_or_lower():
    rows = readability_rows()
    too_hard = {name: r.grade for kind, name, r in rows if r.grade > GRADE_LIMIT}
    assert not too_hard, f"above grade {GRADE_LIMIT}: {too_hard}"
    grades = [r.grade for kind, _, r in rows if kind == "article"]
    assert median(grades) <= MEDIAN_LIMIT


def test_the_polish_edition_reads_plainly_by_a_polish_measure():
    """FOG-PL (content/readability.py): every text 9 or lower, the articles' median 7.5 or lower."""
    limit, median_limit = LIMITS["pl"]
    rows = readability_rows("pl")
    too_hard = {name: r.grade for kind, name, r in rows if r.grade > limit}
    assert not too_hard, f"above {limit}: {too_hard}"
    assert median(r.grade for kind, _, r in rows if kind == "article") <= median_limit


def test_fog_pl_counts_polish_syllables_and_sentences():
    easy = measure_text("Masz złamany kręg. Boli cię. Odpocznij.", "pl")
    hard = measure_text("Niewystarczająco udokumentowana skuteczność przezskórnej wertebroplastyki "
                        "uniemożliwia jednoznaczne rekomendowanie tego postępowania terapeutycznego.", "pl")
    assert easy.grade < 3 < 9 < hard.grade and easy.words == 6


def test_articles_are_500_to_1200_words():
    for article in library().article_list():
        assert 500 <= article.words <= 1200, (article.slug, article.words)


def test_every_article_opens_with_an_at_a_glance_box_of_3_to_5_points():
    for article in library().article_list():
        html = str(article.html)
        assert re.match(r'\s*<div [^>]*class="callout callout-glance"', html), article.slug
        box = html.split("</div>", 1)[0]
        assert 3 <= box.count("<li>") <= 5, article.slug


def test_every_article_has_at_least_two_named_sources_including_nice():
    for article in library().article_list():
        sources = article.review.sources
        assert len(sources) >= 2, article.slug
        assert all(s.title and s.url.startswith("http") for s in sources)


def test_content_uses_uk_spelling():
    us_spellings = ("anesthetic", "anesthesia", "orthopedic", "hematoma", "hemorrhage", " color ", "center ")
    for article in library().article_list():
        text = str(article.html).lower()
        for word in us_spellings:
            assert word not in text.replace("anaesthe", ""), (article.slug, word)


def test_recovery_page_has_three_urgency_tiers_using_the_clinic_settings(settings):
    article = library().article_get("recovery-and-aftercare")
    html = str(article.html)
    for badge in ("Emergency", "Urgent", "Not urgent"):
        assert f'<span class="callout-badge">{badge}</span>' in html
    assert f'Call <a href="tel:{settings.EMERGENCY_NUMBER}">{settings.EMERGENCY_NUMBER}</a> or go to A&amp;E now' in html
    assert settings.CLINIC_PHONE in html


def test_the_decision_aid_and_its_about_page_read_below_grade_6():
    """/decide/about/ tells readers the aid scores below grade 6: this keeps that true."""
    lib = library()
    assert measure_text(lib.decision.prose).grade < 6
    assert measure_text(lib.pages["about-the-decision-aid"].prose).grade <= 8
