"""HTTP caching, ready for a CDN: Cache-Control, ETag, Last-Modified, 304s and stored pages."""
import gzip
import io
import sys
from wsgiref.util import setup_testing_defaults

import brotli
import pytest
from django.core.wsgi import get_wsgi_application
from django.test import Client

from kyphoplasty_site.page_cache import PageCacheApplication, preferred_encoding


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


# The stored-page layer in front of Django (kyphoplasty_site.wsgi) ---------------------------------

def call(app, path, method="GET", query="", **headers):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": query,
               "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr, "HTTP_HOST": "127.0.0.1",
               **{f"HTTP_{k.upper()}": v for k, v in headers.items()}}
    setup_testing_defaults(environ)
    captured = {}

    def start_response(status, response_headers, exc_info=None):
        captured["status"], captured["headers"] = status, dict(response_headers)

    body = b"".join(app(environ, start_response))
    return int(captured["status"][:3]), captured["headers"], body


@pytest.fixture
def app(db):
    # `db`: Django's WSGI handler closes database connections after each request;
    # none is ever opened, but pytest-django wants that permitted explicitly.
    return PageCacheApplication(get_wsgi_application())


def test_a_page_is_rendered_once_then_served_from_the_store(app):
    status, headers, body = call(app, "/faq/")
    assert status == 200 and ("/faq/", False) in app.pages
    stored = app.pages[("/faq/", False)][1]
    status, headers2, body2 = call(app, "/faq/")
    assert (status, body2) == (200, body) and app.pages[("/faq/", False)][1] is stored
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Permissions-Policy", "Cache-Control",
                 "Last-Modified", "ETag"):
        assert headers2[name], name


def test_stored_pages_are_served_compressed_to_clients_that_ask(app):
    _, _, plain = call(app, "/glossary/")
    status, headers, body = call(app, "/glossary/", accept_encoding="gzip, deflate, br")
    assert headers["Content-Encoding"] == "br" and brotli.decompress(body) == plain
    status, headers, body = call(app, "/glossary/", accept_encoding="gzip")
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == plain
    assert headers["Vary"] == "Accept-Encoding" and int(headers["Content-Length"]) == len(body)
    status, headers, body = call(app, "/glossary/", accept_encoding="br;q=0, gzip;q=0")
    assert "Content-Encoding" not in headers and body == plain


def test_stored_pages_answer_304_and_head(app):
    _, headers, _ = call(app, "/about/")
    status, _, body = call(app, "/about/", if_none_match=headers["ETag"])
    assert (status, body) == (304, b"")
    status, head_headers, body = call(app, "/about/", method="HEAD")
    assert status == 200 and body == b"" and head_headers["ETag"] == headers["ETag"]


@pytest.mark.parametrize("path, query, method, host, expected", [
    ("/faq/", "topic=x", "GET", "127.0.0.1", 200),            # query strings go to Django (but see search)
    ("/handout/", "articles=vertebroplasty", "GET", "127.0.0.1", 200),
    ("/faq/", "", "POST", "127.0.0.1", 405),                  # other methods go to Django
    ("/faq/", "", "GET", "evil.example", 400),                # a bad Host is never served from the store
    ("/nope/", "", "GET", "127.0.0.1", 404),                  # errors are not stored
])
def test_what_is_not_stored_goes_to_django(app, path, query, method, host, expected):
    status, _, _ = call(app, path, method=method, query=query, host=host)
    assert status == expected
    assert not app.pages and not app.searches


def test_recent_search_results_are_kept_and_the_oldest_dropped(app, monkeypatch):
    import kyphoplasty_site.page_cache as page_cache

    monkeypatch.setattr(page_cache, "MAX_STORED_SEARCHES", 3)
    _, _, first = call(app, "/search/", query="q=cement")
    assert ("/search/?q=cement", False) in app.searches
    status, _, again = call(app, "/search/", query="q=cement")
    assert (status, again) == (200, first)
    for word in ("brace", "driving", "stitches"):
        call(app, "/search/", query=f"q={word}")
    assert list(key for key, _ in app.searches) == ["/search/?q=brace", "/search/?q=driving", "/search/?q=stitches"]
    assert not app.pages
    assert call(app, "/search/", query="q=" + "x" * 400)[0] == 200 and len(app.searches) == 3


def test_a_content_reload_empties_the_store(app, good_content, use_content):
    call(app, "/faq/")
    use_content(good_content)
    status, _, body = call(app, "/faq/")
    assert status == 200 and b"What is alpha?" in body


@pytest.mark.parametrize("header, expected", [
    ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip"), ("", "identity"),
    ("*", "br"), ("identity", "identity"), ("gzip;q=0", "identity"),
])
def test_encoding_negotiation(header, expected):
    assert preferred_encoding(header, {"identity": b"", "gzip": b"", "br": b""}) == expected
