"""Every public page, as a patient's browser receives it."""
import pytest
from django.test import Client

from kyphoplasty_site.content.editions import in_language
from kyphoplasty_site.site import library
from kyphoplasty_site.sitemaps import public_paths

from ..html_tools import PageFacts, sitemap_paths


@pytest.fixture
def client():
    return Client()


def test_sitemap_lists_every_article_and_page_in_every_published_language(client, settings):
    paths = sitemap_paths(client)
    assert paths == [in_language(path, code) for path in public_paths() for code in settings.PUBLISHED_LANGUAGES]
    assert "/pl/articles/vertebroplasty/" in paths
    lib = library()
    for article in lib.article_list():
        assert article.url in paths
    assert {"/", "/faq/", "/glossary/", "/about/", "/accessibility/"} <= set(paths)


def test_sitemap_addresses_start_with_site_url(client, settings):
    settings.SITE_URL = "https://spine.clinic.example"
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>https://spine.clinic.example/faq/</loc>" in xml
    assert xml.count("<loc>https://spine.clinic.example/") == len(public_paths()) * len(settings.PUBLISHED_LANGUAGES)


def test_every_sitemap_page_has_a_title_a_description_and_review_dates(client):
    titles = set()
    for path in public_paths():
        response = client.get(path)
        assert response.status_code == 200, path
        facts = PageFacts(response.content.decode())
        assert facts.title.strip(), path
        assert facts.title not in titles, f"{path} repeats the title {facts.title!r}"
        titles.add(facts.title)
        assert len(facts.meta.get("description", "")) > 40, path
        assert len(facts.ids) == len(set(facts.ids)), f"{path} has duplicate ids"
        if path != "/":
            assert b"Page last reviewed" in response.content and b"Next review due" in response.content, path


def test_articles_show_sources_related_pages_and_a_next_step(client):
    article = library().article_list()[0]
    html = client.get(article.url).content.decode()
    assert "Sources" in html and article.review.sources[0].url in html
    assert "Next step" in html
    assert 'aria-label="Breadcrumb"' in html


def test_faq_ids_exist_and_are_unique(client):
    facts = PageFacts(client.get("/faq/").content.decode())
    entries = [e.id for e in library().faq.entries]
    assert len(entries) == len(set(entries))
    assert set(entries) <= set(facts.ids)


def test_glossary_ids_exist_and_are_unique_with_a_to_z_links(client):
    facts = PageFacts(client.get("/glossary/").content.decode())
    terms = [t.id for t in library().glossary.terms]
    assert len(terms) == len(set(terms))
    assert set(terms) <= set(facts.ids)
    letters = [link for link in facts.links if link.startswith("#letter-")]
    assert letters and all(link[1:] in facts.ids for link in letters)


def test_alias_redirects_with_fixture_content(client, good_content, use_content):
    use_content(good_content)
    response = client.get("/articles/old-alpha/")
    assert (response.status_code, response["Location"]) == (301, "/articles/alpha/")


@pytest.mark.parametrize("path", [
    "/articles/no-such-article/",
    "/articles/../settings.py",
    "/articles/%2e%2e/",
    "/articles/..%2f..%2fetc%2fpasswd/",
    "/articles/a%2fb/",
    "/articles/Balloon-Kyphoplasty/",
    "/articles/" + "a" * 500 + "/",
    "/content/articles/vertebroplasty.md",
    "/no-such-page/",
])
def test_unknown_and_hostile_paths_answer_404_with_the_topic_list(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"All topics" in response.content
    assert b"Sorry, we cannot find that page" in response.content


def test_a_broken_article_is_a_404_and_the_rest_still_serve(client, good_content, use_content):
    (good_content / "articles/beta.md").write_text("---\nnot: [valid\n---\n")
    use_content(good_content)
    assert client.get("/articles/beta/").status_code == 404
    assert client.get("/articles/alpha/").status_code == 200
    assert client.get("/").status_code == 200


def test_pages_answer_head(client):
    # Other methods: test_security.py::test_every_view_refuses_unsafe_methods.
    assert client.head("/faq/").status_code == 200


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and b"Sitemap: " in response.content


def test_healthz_reports_the_loaded_library(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.content.startswith(b"ok ")


def test_healthz_fails_when_no_content_is_loaded(client, tmp_path, use_content):
    (tmp_path / "empty").mkdir()
    use_content(tmp_path / "empty")
    assert client.get("/healthz").status_code == 503


def test_footer_has_the_disclaimer_and_clinic_details(client, settings):
    html = client.get("/").content.decode()
    assert "general information, not a diagnosis" in html
    assert settings.CLINIC_NAME in html and settings.CLINIC_PHONE in html
    assert f'href="tel:{settings.EMERGENCY_NUMBER}"' in html


def test_home_offers_its_ways_in_from_home_yaml_and_every_topic(client):
    html = client.get("/").content.decode()
    lib = library()
    assert len(lib.home.entry_points) == 3
    for entry in lib.home.entry_points:
        assert f'<a class="entry-link" href="{lib.articles[entry.article].url}">{entry.title}</a>' in html
    for article in lib.article_list():
        assert f'href="{article.url}"' in html


def test_standalone_pages_and_articles_share_one_template(client):
    about = client.get("/about/")
    assert about.templates[0].name == "pages/article.html"
    html = about.content.decode()
    assert '<nav class="breadcrumbs" aria-label="Breadcrumb">' in html and "Next step" not in html
    assert "Page last reviewed" in html and 'class="contents-list"' not in html
    article = client.get("/articles/vertebroplasty/")
    assert article.templates[0].name == "pages/article.html" and 'class="contents-list"' in article.content.decode()


def test_glossary_linking_in_a_real_article_marks_first_use_only():
    for article in library().article_list():
        for term_id in article.terms_used:
            assert article.html.count(f'popovertarget="term-{term_id}"') == 1, (article.slug, term_id)


def test_the_decision_aid_is_linked_listed_and_saved_with_the_guide(client):
    """At a stable address, reached from the home page, the option articles and the staff page; in the
    sitemap (so the export has it) and in what "Save this guide" keeps."""
    assert '<a class="entry-link" href="/decide/">Help me decide</a>' in client.get("/").content.decode()
    for slug in ("healing-without-a-procedure", "vertebroplasty", "balloon-kyphoplasty", "is-a-procedure-right-for-me"):
        assert 'href="/decide/"' in client.get(f"/articles/{slug}/").content.decode(), slug
    assert 'aria-label="QR code for the decision aid"' in client.get("/for-clinicians/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/decide/</loc>" in sitemap and "/decide/about/</loc>" in sitemap
    assert {"/decide/", "/decide/about/"} <= set(client.get("/offline-guide.json").json()["paths"])


def test_pages_that_help_choose_a_treatment_declare_the_publishers_interest(client, settings):
    html = client.get("/articles/balloon-kyphoplasty/").content.decode()
    assert f"{settings.CLINIC_NAME} wrote this page and offers these procedures" in html
    assert 'href="/decide/about/#funding-and-interests"' in html
    assert "offers these procedures" not in client.get("/articles/painkillers/").content.decode()
    about = client.get("/about/").content.decode()
    assert "patient information from clinics" not in about and "is paid when it does them" in about


def test_a_search_with_no_clear_answer_says_so_and_offers_the_topics(client):
    html = client.get("/search/", {"q": "quantum chromodynamics and kyphoplasty"}).content.decode()
    assert "We could not find a clear answer to that" in html and 'class="search-answer"' not in html
    assert "All topics" in html and 'href="/faq/"' in html
    clear = client.get("/search/", {"q": "how long does kyphoplasty take"}).content.decode()
    assert "We could not find a clear answer" not in clear


def test_long_pages_offer_a_way_back_to_the_top_and_the_footer_lists_topics_not_xml(client):
    for path in ("/articles/vertebroplasty/", "/faq/", "/glossary/", "/decide/"):
        html = client.get(path).content.decode()
        assert '<a href="#main">Back to top</a>' in html, path
    footer = client.get("/").content.decode().split('<footer class="site-footer">')[1]
    assert 'href="/#topics">All topics</a>' in footer and "sitemap.xml" not in footer
