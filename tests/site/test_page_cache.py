"""The stored-page layer in front of Django (kyphoplasty_site.page_cache, used by kyphoplasty_site.wsgi)."""
import gzip
import random
import threading
import time

import brotli
import pytest
from django.core.wsgi import get_wsgi_application
from django.test import override_settings

from kyphoplasty_site.page_cache import PageCacheApplication, StoredPage, preferred_encoding

from ..wsgi_tools import call, call_with_environ


def stored_pages(app) -> list[str]:
    """Paths (with query) of the pages the layer holds, least recently used first."""
    return [path + (f"?{query}" if query else "") for (_scheme, _prefix, path, query), (value, _size)
            in app.stored.entries.items() if isinstance(value, StoredPage)]


class DjangoSpy:
    """Django's WSGI app, noting every environ it is called with."""

    def __init__(self, app):
        self.app, self.environs = app, []

    def __call__(self, environ, start_response):
        self.environs.append(environ)
        return self.app(environ, start_response)


@pytest.fixture
def app(db):
    # `db`: Django's WSGI handler closes database connections after each request;
    # none is ever opened, but pytest-django wants that permitted explicitly.
    return PageCacheApplication(DjangoSpy(get_wsgi_application()))


# Serving ---------------------------------------------------------------------------------------

def test_a_page_is_rendered_once_then_served_from_the_store(app):
    status, headers, body = call(app, "/faq/")
    assert status == 200 and stored_pages(app) == ["/faq/"]
    status, headers2, body2 = call(app, "/faq/")
    assert (status, body2) == (200, body) and len(app.app.environs) == 1
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Permissions-Policy", "Cache-Control",
                 "Last-Modified", "ETag", "Vary"):
        assert headers2[name] == headers[name], name


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
    _, gzipped, _ = call(app, "/about/", accept_encoding="gzip")
    assert gzipped["ETag"] == "W/" + headers["ETag"]  # as Django's GZipMiddleware marks it
    assert call(app, "/about/", if_none_match=gzipped["ETag"])[0] == 304
    assert call(app, "/about/", if_none_match='"something-else"')[0] == 200
    status, head_headers, body = call(app, "/about/", method="HEAD")
    assert status == 200 and body == b"" and head_headers["ETag"] == headers["ETag"]


@pytest.mark.parametrize("conditions", [
    {"if_none_match": "{etag}"}, {"if_none_match": "W/{etag}"}, {"if_none_match": '"other", {etag}'},
    {"if_none_match": '"other"'}, {"if_none_match": "*"},
    {"if_modified_since": "{last_modified}"}, {"if_modified_since": "Mon, 01 Jan 2001 00:00:00 GMT"},
    {"if_modified_since": "not a date"}, {"if_none_match": '"other"', "if_modified_since": "{last_modified}"},
    {"if_match": '"other"'}, {"if_unmodified_since": "Mon, 01 Jan 2001 00:00:00 GMT"},
])
def test_conditional_requests_are_answered_as_django_answers_them(app, conditions):
    plain_django = get_wsgi_application()
    _, first, _ = call(plain_django, "/about/")
    headers = {name: value.format(etag=first["ETag"], last_modified=first["Last-Modified"])
               for name, value in conditions.items()}
    call(app, "/about/")                         # stored
    expected = call(plain_django, "/about/", **headers)
    status, got, body = call(app, "/about/", **headers)
    assert (status, body) == (expected[0], expected[2])
    if status == 200:
        assert got["ETag"] == expected[1]["ETag"]


@pytest.mark.parametrize("path, query, method, host, expected", [
    ("/faq/", "topic=x", "GET", "127.0.0.1", 200),            # query strings go to Django (but see search)
    ("/handout/", "articles=vertebroplasty", "GET", "127.0.0.1", 200),
    ("/faq/", "", "POST", "127.0.0.1", 405),                  # other methods go to Django
    ("/faq/", "", "GET", "evil.example", 400),                # a bad Host is never served from the store
    ("/nope/", "", "GET", "127.0.0.1", 404),                  # errors are not stored
])
def test_what_is_not_stored_goes_to_django(app, path, query, method, host, expected):
    status, _, _, environ = call_with_environ(app, path, method=method, query=query, host=host)
    assert status == expected and environ in app.app.environs
    assert not stored_pages(app)


def test_made_up_hosts_are_refused_by_django_and_do_not_crowd_out_real_ones(app):
    call(app, "/faq/")
    for n in range(100):
        assert call(app, "/faq/", host=f"scanner-{n}.example")[0] == 400
    assert len(app.schemes) <= 64
    renders = len(app.app.environs)
    assert call(app, "/faq/")[0] == 200 and len(app.app.environs) == renders   # still served as stored


def test_an_answer_django_gives_itself_is_remembered_so_django_is_asked_once_per_request(app):
    call(app, "/nope/")                         # rendered to see, then answered by Django: two calls
    assert len(app.app.environs) == 2
    assert call(app, "/nope/")[0] == 404        # now straight to Django: one call
    assert len(app.app.environs) == 3


def test_a_server_error_is_not_remembered_so_the_page_is_stored_once_it_works():
    site = CountingSite()
    failing = {"left": 1}

    def fails_once(environ, start_response):
        if failing["left"]:
            failing["left"] -= 1
            start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
            return [b"busy"]
        return site(environ, start_response)

    app = PageCacheApplication(fails_once)
    assert call(app, "/article/")[0] == 200      # the look was a 503; Django answered this request itself
    assert not app.stored.entries                # nothing remembered about it
    call(app, "/article/")
    assert stored_pages(app) == ["/article/"]


def test_search_results_are_kept_by_their_question(app):
    _, _, first = call(app, "/search/", query="q=cement")
    assert stored_pages(app) == ["/search/?q=cement"]
    status, _, again = call(app, "/search/", query="q=cement")
    assert (status, again) == (200, first) and len(app.app.environs) == 1
    assert call(app, "/search/", query="q=" + "x" * 400)[0] == 200   # too long to keep
    assert stored_pages(app) == ["/search/?q=cement"]


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


# Memory: one least-recently-used store for pages and search results -----------------------------

class CountingSite:
    """Stands in for Django: every path is a public page of `size` incompressible bytes; counts renders."""

    def __init__(self, size=3000, delay=0.0):
        self.size, self.delay, self.renders = size, delay, []
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self.lock:
            self.renders.append(environ["PATH_INFO"] + environ["QUERY_STRING"])
        time.sleep(self.delay)
        body = random.Random(environ["PATH_INFO"] + environ["QUERY_STRING"]).randbytes(self.size)
        start_response("200 OK", [("Content-Type", "text/html"), ("Cache-Control", "public, max-age=300"),
                                  ("ETag", f'"{hash(body)}"')])
        return [body]


def entry_size(size=3000) -> int:
    return StoredPage.from_response("200 OK", [("ETag", '"x"')], random.Random(0).randbytes(size)).size


def test_pages_and_searches_share_one_bound_and_the_least_recently_used_goes_first(settings):
    settings.PAGE_CACHE_MAX_BYTES = 3 * entry_size() + 100
    site = CountingSite()
    app = PageCacheApplication(site)
    for path in ("/a/", "/b/"):
        call(app, path)
    call(app, "/search/", query="q=one")
    call(app, "/a/")                             # used again: now the most recent
    call(app, "/search/", query="q=two")         # past the bound: /b/, used longest ago, goes
    assert stored_pages(app) == ["/search/?q=one", "/a/", "/search/?q=two"]
    assert app.stored.bytes <= settings.PAGE_CACHE_MAX_BYTES
    call(app, "/c/")
    assert stored_pages(app) == ["/a/", "/search/?q=two", "/c/"]
    assert site.renders == ["/a/", "/b/", "/search/q=one", "/search/q=two", "/c/"]
    call(app, "/b/")                             # dropped pages are rendered again when asked for
    assert site.renders[-1] == "/b/" and stored_pages(app)[-1] == "/b/"


def test_a_page_larger_than_the_bound_is_not_kept_and_later_requests_go_straight_to_django(settings):
    settings.PAGE_CACHE_MAX_BYTES = entry_size() // 2
    site = CountingSite()
    app = PageCacheApplication(site)
    assert call(app, "/big/")[0] == 200 and call(app, "/big/")[0] == 200
    assert not stored_pages(app) and app.stored.bytes <= settings.PAGE_CACHE_MAX_BYTES
    assert len(site.renders) == 2                # one render, served; then Django answers itself


# Concurrency: one render when many requests miss the same page at once --------------------------

def test_requests_that_miss_the_same_page_at_once_share_one_render():
    site = CountingSite(delay=0.3)
    app = PageCacheApplication(site)
    start = threading.Barrier(8)
    bodies = []

    def visit():
        start.wait()
        bodies.append(call(app, "/article/")[2])

    visitors = [threading.Thread(target=visit) for _ in range(8)]
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join(timeout=10)
    assert site.renders == ["/article/"]
    assert len(bodies) == 8 and len(set(bodies)) == 1 and len(bodies[0]) == site.size
    assert not app.rendering                     # nothing left waiting


def test_different_pages_render_side_by_side():
    site = CountingSite(delay=0.5)              # one after another would take 2 s
    app = PageCacheApplication(site)
    visitors = [threading.Thread(target=call, args=(app, f"/page-{n}/")) for n in range(4)]
    started = time.monotonic()
    for visitor in visitors:
        visitor.start()
    for visitor in visitors:
        visitor.join(timeout=10)
    assert len(site.renders) == 4 and time.monotonic() - started < 1.5


# Faithful to Django: the layer answers as plain Django would, or lets Django answer ------------

PRODUCTION_SECURITY = dict(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
                           SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
LOCAL_SECURITY = dict(SECURE_SSL_REDIRECT=False, SECURE_PROXY_SSL_HEADER=None, SECURE_HSTS_SECONDS=0,
                      SECURE_HSTS_INCLUDE_SUBDOMAINS=False)
COMPARED_HEADERS = ("Location", "Content-Type", "Cache-Control", "Vary", "Content-Encoding", "ETag",
                    "Last-Modified", "Strict-Transport-Security", "Content-Security-Policy",
                    "X-Content-Type-Options", "X-Frame-Options")


def decoded(headers: dict, body: bytes) -> bytes:
    return gzip.decompress(body) if headers.get("Content-Encoding") == "gzip" else body


# Not named `page`: that is pytest-playwright's fixture, and a parameter by that name drew in its
# browser_name parametrisation (every id started "chromium-").
@pytest.mark.parametrize("address", ["/about/", "/search/?q=cement"])
@pytest.mark.parametrize("already_stored", [False, True], ids=["first-request", "stored"])
@pytest.mark.parametrize("debug", [False, True], ids=["production", "DEBUG"])
@pytest.mark.parametrize("security", ["https-settings", "local-settings"])
@pytest.mark.parametrize("forwarded_proto", [None, "https", "http"], ids=["no-proxy-header", "proxy-https",
                                                                          "proxy-http"])
@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("host", ["127.0.0.1", "evil.example"], ids=["allowed-host", "other-host"])
def test_the_layer_answers_exactly_as_django_or_lets_django_answer(db, address, already_stored, debug, security,
                                                                    forwarded_proto, scheme, host):
    path, _, query = address.partition("?")
    headers = {"accept_encoding": "gzip"}
    if forwarded_proto:
        headers["x_forwarded_proto"] = forwarded_proto
    https_settings = security == "https-settings"
    with override_settings(DEBUG=debug, ALLOWED_HOSTS=["127.0.0.1", "localhost"],
                           **(PRODUCTION_SECURITY if https_settings else LOCAL_SECURITY)):
        plain_django = get_wsgi_application()
        django = DjangoSpy(get_wsgi_application())
        layer = PageCacheApplication(django)
        if already_stored:
            # Asked for every way, from another allowed host: whatever is stored must reach only the
            # requests Django would give the same answer (a page's bytes never depend on the Host).
            for prime_scheme in ("http", "https"):
                for prime_proxy in (None, "https", "http"):
                    call(layer, path, query=query, scheme=prime_scheme, host="localhost", accept_encoding="gzip",
                         **({"x_forwarded_proto": prime_proxy} if prime_proxy else {}))
        renders_before = len(django.environs)
        expected = call(plain_django, path, query=query, scheme=scheme, host=host, **headers)
        status, got_headers, body, environ = call_with_environ(layer, path, query=query, scheme=scheme,
                                                               host=host, **headers)

    if debug and status >= 400:  # Django's debug page shows the moment it was made; the rest must match
        assert environ in django.environs
    else:
        assert status == expected[0]
        for name in COMPARED_HEADERS:
            assert got_headers.get(name) == expected[1].get(name), name
        assert decoded(got_headers, body) == decoded(expected[1], expected[2])
    # Whom Django treats as on HTTPS: the proxy header, when it is configured, or else the server's scheme.
    secure = forwarded_proto == "https" if https_settings and forwarded_proto else scheme == "https"
    servable = not debug and host == "127.0.0.1" and (secure or not https_settings)
    assert (environ not in django.environs) == servable  # served from the store, or Django answered itself
    if servable and already_stored:
        assert len(django.environs) == renders_before   # not even rendered: served as stored
