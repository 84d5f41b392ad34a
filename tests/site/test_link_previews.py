"""Link previews (Open Graph, Twitter cards), canonical links and JSON-LD structured data."""
import json
import re

from django.test import Client

from kyphoplasty_site.site import library
from kyphoplasty_site.sitemaps import public_paths

from ..html_tools import PageFacts


def jsonld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    assert len(blocks) == 1
    return json.loads(blocks[0])


# What structured-data-testing-tool 4.5's presets ask of a page's <meta> tags (required, and the
# suggestions this site can meet: it has no Twitter account for twitter:site or twitter:creator).
FACEBOOK_PRESET = ("og:title", "og:type", "og:url", "og:image", "og:image:alt", "og:description", "og:site_name",
                   "og:locale")
TWITTER_PRESET = ("twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt")


def preview_problems(html: str, path: str, site_url: str) -> list[str]:
    """What a link-preview validator (Google, Facebook and Twitter presets) would fault on this page."""
    meta = PageFacts(html).meta
    problems = [f"{path}: no {name}" for name in FACEBOOK_PRESET + TWITTER_PRESET if not meta.get(name)]
    if f'<link rel="canonical" href="{site_url}{path}">' not in html:
        problems.append(f"{path}: no canonical link to itself")
    if meta.get("og:url") != site_url + path:
        problems.append(f"{path}: og:url is not the page's address")
    for name in ("og:image", "twitter:image"):
        if name in meta and not meta[name].startswith(site_url + "/static/"):
            problems.append(f"{path}: {name} is not an absolute address of a static file")
    if meta.get("og:image:alt") != meta.get("twitter:image:alt"):
        problems.append(f"{path}: the two alt texts differ")
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL):
        data = json.loads(block)
        if data.get("@context") != "https://schema.org" or not data.get("@type"):
            problems.append(f"{path}: JSON-LD without a schema.org @context and @type")
    return problems


def test_every_public_page_passes_the_link_preview_checks(settings):
    client = Client()
    problems = []
    for path in public_paths() + ["/for-clinicians/"]:
        problems += preview_problems(client.get(path).content.decode(), path, settings.SITE_URL)
    assert problems == []


def test_the_preview_checks_fault_a_page_without_a_twitter_image(settings):
    """Broken on purpose: take one tag away and the check says which."""
    html = Client().get("/faq/").content.decode()
    broken = re.sub(r'<meta name="twitter:image" [^>]*>', "", html)
    assert preview_problems(broken, "/faq/", settings.SITE_URL) == ["/faq/: no twitter:image"]


def test_the_preview_picture_is_a_1200_by_630_png_whose_alt_text_says_what_it_shows(settings):
    from django.contrib.staticfiles import finders

    meta = PageFacts(Client().get("/").content.decode()).meta
    file = finders.find(meta["og:image"].removeprefix(settings.SITE_URL + settings.STATIC_URL))
    header = open(file, "rb").read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and meta["og:image:type"] == "image/png"
    assert (int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")) == (1200, 630)
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
    # The picture's own words, then what the drawing shows.
    assert meta["og:image:alt"].startswith("Spine Fracture Guide: clear, balanced information")
    assert "spine bones" in meta["og:image:alt"]


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


def test_glossary_is_a_defined_term_set_named_as_the_page_is():
    html = Client().get("/glossary/").content.decode()
    data = jsonld(html)
    assert data["@type"] == "DefinedTermSet"
    # The heading may carry soft hyphens (content/hyphenation.py); the words are the same.
    assert f"<h1>{data['name']}</h1>" in html.replace("\u00ad", "") and PageFacts(html).meta["og:title"] == data["name"]
    assert {t["name"] for t in data["hasDefinedTerm"]} == {t.term for t in library().glossary.terms}


def test_json_ld_cannot_be_broken_out_of():
    from kyphoplasty_site.structured_data import as_script
    script = as_script({"name": "</script><script>alert(1)</script>"})
    assert script.count("</script>") == 1


def test_answer_text_in_json_ld_reads_as_plain_sentences(settings):
    # A phone link inside an answer leaves its number and no space before the full stop.
    data = jsonld(Client().get("/faq/").content.decode())
    answers = [q["acceptedAnswer"]["text"] for q in data["mainEntity"]]
    with_number = [a for a in answers if f"call {settings.EMERGENCY_NUMBER}" in a.lower()]
    assert with_number and not [a for a in answers if " ." in a or " ," in a or "<" in a or "&amp;" in a]
