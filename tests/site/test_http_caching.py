"""HTTP caching, ready for a CDN: Cache-Control, ETag, Last-Modified and 304s (stored pages: test_page_cache.py)."""

import pytest
from django.test import Client


@pytest.mark.parametrize("path", ["/", "/articles/vertebroplasty/", "/faq/", "/glossary/", "/about/",
                                  "/search/?q=cement", "/sitemap.xml"])
def test_pages_say_how_long_they_may_be_cached_with_etag_and_last_modified(path, settings):
    response = Client().get(path)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert f"max-age={settings.PAGE_MAX_AGE}" in cache_control
    assert f"s-maxage={settings.PAGE_SHARED_MAX_AGE}" in cache_control
    assert response["ETag"] and response["Last-Modified"]
    assert "Cookie" not in response.get("Vary", "")


def test_a_conditional_get_answers_304():
    first = Client().get("/faq/")
    again = Client().get("/faq/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content


def test_last_modified_is_when_the_content_changed_and_an_unchanged_page_answers_304():
    from django.utils.http import http_date

    from kyphoplasty_site.site import library

    first = Client().get("/glossary/")
    assert first["Last-Modified"] == http_date(library().last_modified)
    again = Client().get("/glossary/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 304 and not again.content
    older = Client().get("/glossary/", HTTP_IF_MODIFIED_SINCE=http_date(library().last_modified - 60))
    assert older.status_code == 200


def test_health_check_is_never_cached():
    assert "no-cache" in Client().get("/healthz")["Cache-Control"]


def test_static_files_are_hashed_and_immutable(tmp_path, settings):
    from django.core.management import call_command
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    call_command("collectstatic", "--noinput", verbosity=0)
    hashed = next(p for p in (tmp_path / "static/css").iterdir() if p.name.startswith("site.") and p.suffix == ".css"
                  and p.name != "site.css")
    middleware = WhiteNoiseMiddleware(lambda request: None)
    from django.test import RequestFactory
    response = middleware(RequestFactory().get(f"/static/css/{hashed.name}", HTTP_ACCEPT_ENCODING="br"))
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
    assert response["Content-Encoding"] == "br"
