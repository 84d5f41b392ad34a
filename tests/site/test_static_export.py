"""The static export: every public page as a file, matching what the live site serves."""
import re

import pytest
from django.test import Client

from kyphoplasty_site.site import library, search_index
from kyphoplasty_site.management.commands.export_site import exported_file
from kyphoplasty_site.sitemaps import public_paths, unlisted_paths


@pytest.fixture
def exported(exported_site, production_static):
    """The export, with the live site serving the same hashed static files for comparison."""
    return exported_site


def test_every_public_page_is_exported_and_matches_the_live_site(exported):
    for path in public_paths() + unlisted_paths():
        file = exported / exported_file(path)
        assert file.exists(), path
        # The search page's copy is the one that searches in the browser (static-search.js).
        assert file.read_bytes() == Client().get(path, {"static": "1"} if path == "/search/" else {}).content, path
        assert (file.parent / (file.name + ".br")).exists() and (file.parent / (file.name + ".gz")).exists()


def test_every_edition_is_exported_with_its_own_search_index(exported, settings):
    """Each published language's pages, its scripts' words and a search index of its own (export_site)."""
    import json

    from kyphoplasty_site.content.editions import in_language
    for path in public_paths() + unlisted_paths():
        polish = in_language(path, "pl")
        file = exported / exported_file(polish)
        assert file.exists(), polish
        assert file.read_bytes() == Client().get(polish, {"static": "1"} if path == "/search/" else {}).content, polish
    assert (exported / "pl" / "jsi18n.js").exists()
    english, polish = (json.loads((exported / name).read_text()) for name in ("search-index.json", "pl/search-index.json"))
    assert english["language"]["stemmer"] == "porter" and polish["language"]["stemmer"] == "suffix"
    assert polish["docs"][0][0].startswith("/pl/") and english["docs"][0][0].startswith("/articles/")
    assert "się" in polish["stop"] and polish["english"] == []


def test_static_files_and_the_404_page_are_exported(exported):
    html = (exported / "index.html").read_text()
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        assert (exported / asset.lstrip("/")).exists(), asset
    assert "Sorry, we cannot find that page" in (exported / "404.html").read_text()


def test_redirects_are_written_for_nginx_and_static_hosts(exported):
    lib = library()
    nginx = (exported / "redirects.map").read_text()
    hosts = (exported / "_redirects").read_text()
    for code in lib.short_links:
        target = lib.short_link_path(code)
        for printed in (f"/go/{code}", f"/go/{code}/"):  # with and without the final slash
            assert f"{printed} {target};\n" in nginx
            assert f"{printed} {target} 302\n" in hosts
    for alias, slug in lib.aliases.items():
        assert f"/articles/{alias}/ /articles/{slug}/;" in nginx


def _nginx_headers(text: str) -> dict[str, str]:
    return {name: value.replace('\\"', '"')
            for name, value in re.findall(r'^add_header (\S+) "((?:[^"\\]|\\.)*)" always;$', text, flags=re.M)}


def test_the_exported_header_files_say_exactly_what_django_sends(exported):
    from kyphoplasty_site.management.commands.export_site import EXPORTED_HEADERS

    pages = _nginx_headers((exported / "headers.conf").read_text())
    for path in ("/", "/articles/balloon-kyphoplasty/", "/faq/", "/glossary/"):
        response = Client().get(path, secure=True)
        sent = {name: response.headers[name] for name in EXPORTED_HEADERS if name in response.headers}
        assert pages == sent, path
    assert {"Content-Security-Policy", "Referrer-Policy", "Permissions-Policy", "X-Frame-Options",
            "X-Content-Type-Options", "Cache-Control"} <= set(pages)
    from django.templatetags.static import static as static_url

    static = _nginx_headers((exported / "static-headers.conf").read_text())
    assert static["Cache-Control"] == Client().get(static_url("css/site.css")).headers["Cache-Control"]
    assert "immutable" in static["Cache-Control"]
    assert {name: value for name, value in static.items() if name != "Cache-Control"} == \
        {name: value for name, value in pages.items() if name != "Cache-Control"}


def test_the_headers_file_for_static_hosts_matches_the_nginx_includes(exported):
    rules, current = {}, None
    for line in (exported / "_headers").read_text().splitlines():
        if line.startswith("/"):
            current = rules.setdefault(line, {})
        elif line.startswith("  ") and ": " in line:
            name, value = line.strip().split(": ", 1)
            current[name] = value
    assert rules["/*"] == _nginx_headers((exported / "headers.conf").read_text())
    assert rules["/static/*"]["Cache-Control"] == _nginx_headers((exported / "static-headers.conf").read_text())["Cache-Control"]


def test_the_export_searches_by_itself_with_the_live_searchs_words(exported):
    import json

    index = json.loads((exported / "search-index.json").read_text())
    assert len(index["docs"]) == len(search_index().documents)
    assert "hunchback" in index["phrases"] and any(form[1] == "who-can-have" for form in index["asked"])
    page = (exported / "search" / "index.html").read_text()
    assert 'data-static-search="/search-index.json"' in page and "static-search" in page
    assert "static-search" not in Client().get("/search/").content.decode()   # the live page searches on the server
