"""Link previews (Open Graph, Twitter cards), canonical links and JSON-LD structured data."""
import json
import re

from django.test import Client

from kyphoplasty_site.site import library

from .html_tools import PageFacts


def jsonld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_pages_have_canonical_links_and_preview_tags(settings):
    client = Client()
    for path in ["/", "/faq/", "/glossary/", "/about/", "/articles/vertebroplasty/"]:
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{settings.SITE_URL}{path}">' in html
        meta = PageFacts(html).meta
        for name in ("og:title", "og:description", "og:url", "og:image", "og:type", "twitter:card"):
            assert meta.get(name), (path, name)
        assert meta["og:image"].startswith(settings.SITE_URL)


def test_articles_are_medical_web_pages_for_patients(settings):
    client = Client()
    for article in library().article_list():
        data = jsonld(client.get(article.url).content.decode())
        assert data["@type"] == "MedicalWebPage"
        assert data["name"] == article.title and data["url"] == settings.SITE_URL + article.url
        assert data["lastReviewed"] == article.review.reviewed.isoformat()
        assert data["medicalAudience"] == {"@type": "MedicalAudience", "audienceType": "Patient"}
        assert data["about"]["@type"] in {"MedicalCondition", "MedicalProcedure"} and data["about"]["name"]
        assert ("reviewedBy" in data) == bool(article.review.reviewer)


def test_procedure_articles_are_about_the_procedure():
    data = jsonld(Client().get("/articles/balloon-kyphoplasty/").content.decode())
    assert data["about"] == {"@type": "MedicalProcedure", "name": "Balloon kyphoplasty"}


def test_faq_is_an_faq_page_with_every_question():
    data = jsonld(Client().get("/faq/").content.decode())
    assert data["@type"] == "FAQPage"
    questions = {q["name"]: q["acceptedAnswer"]["text"] for q in data["mainEntity"]}
    assert set(questions) == {e.question for e in library().faq.entries}
    assert all(answer and "<" not in answer for answer in questions.values())


def test_glossary_is_a_defined_term_set():
    data = jsonld(Client().get("/glossary/").content.decode())
    assert data["@type"] == "DefinedTermSet"
    assert {t["name"] for t in data["hasDefinedTerm"]} == {t.term for t in library().glossary.terms}


def test_json_ld_cannot_be_broken_out_of():
    from kyphoplasty_site.structured_data import as_script
    script = as_script({"name": "</script><script>alert(1)</script>"})
    assert script.count("</script>") == 1


def test_answer_text_in_json_ld_reads_as_plain_sentences():
    from kyphoplasty_site.structured_data import _plain
    html = '<p>Call <a href="tel:999">999</a>.</p><ul><li>infection</li><li>bleeding &amp; bruising</li></ul>'
    assert _plain(html) == "Call 999. infection bleeding & bruising"
