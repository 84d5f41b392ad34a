"""Secure by default: headers, privacy, hostile content, hostile requests."""
import re
import shutil
from pathlib import Path

import pytest
from django.test import Client, override_settings
from hypothesis import HealthCheck, example, given, settings as hypothesis_settings, strategies as st


from ..html_tools import PageFacts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

PAGE_TYPES = {
    "home": "/", "article": "/articles/vertebroplasty/", "faq": "/faq/", "glossary": "/glossary/",
    "about": "/about/", "search": "/search/?q=cement", "no results": "/search/?q=zzqx", "404": "/nope/",
    "staff": "/for-clinicians/", "handout": "/handout/?articles=vertebroplasty", "short link": "/go/zzzz/",
    "sitemap": "/sitemap.xml", "robots": "/robots.txt", "health": "/healthz",
}


@pytest.fixture
def all_public_paths(site_pages):
    return site_pages + ["/sitemap.xml", "/robots.txt"]


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_every_page_type_sends_the_security_headers(name):
    response = Client().get(PAGE_TYPES[name])
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_only():
    assert "max-age=31536000" in Client().get("/", secure=True)["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in Client().get("/")


def test_no_public_page_sets_a_cookie(all_public_paths):
    for path in all_public_paths:
        response = Client().get(path)
        assert not response.cookies, path
        assert "Set-Cookie" not in response, path


def test_no_page_loads_anything_from_another_site_or_tracks(all_public_paths):
    for path in all_public_paths:
        html = Client().get(path).content.decode()
        elsewhere = _loaded_from_elsewhere(html)
        assert not elsewhere, (path, elsewhere)
        lowered = html.lower()
        for tracker in ("google-analytics", "googletagmanager", "gtag(", "facebook.net", "plausible", "matomo",
                        "hotjar", "segment.com"):
            assert tracker not in lowered, (path, tracker)


def _loaded_from_elsewhere(html: str) -> list[str]:
    """What a browser would fetch from another site (or by scheme-relative address) for this page."""
    return [url for url in PageFacts(html).loaded if not url.startswith("/") or url.startswith("//")]


def test_the_other_site_check_catches_what_it_looks_for():
    """Broken on purpose: a page's own canonical address passes; anything fetched from elsewhere fails."""
    assert _loaded_from_elsewhere('<link rel="canonical" href="https://spine.example.org/">'
                                  '<link rel="stylesheet" href="/static/site.css"><img src="/static/a.svg" alt="">') == []
    for tag in ('<link rel="stylesheet" href="https://cdn.example/">', '<link rel="icon" href="//cdn.example/i.svg">',
                '<script src="https://cdn.example/a.js"></script>', '<img src="http://tracker.example/" alt="">',
                '<link href="https://fonts.example/" rel="preload">'):
        assert _loaded_from_elsewhere('<link rel="canonical" href="https://spine.example.org/">' + tag), tag


def test_the_stylesheet_and_script_load_nothing_from_elsewhere():
    root = Path(__file__).resolve().parents[2]
    for asset in [root / "static/css/site.css", root / "static/js/site.js", root / "static/js/static-search.js",
                  root / "templates/offline/sw.js"]:
        text = asset.read_text()
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), asset
        assert not re.search(r"['\"](https?:)?//", text), asset     # no address on another site
        assert "@import" not in text and "XMLHttpRequest" not in text and "importScripts" not in text
        # What the scripts fetch is the site's own: a path the page gives, or a path from the guide's list.
        fetched = re.findall(r"fetch\(([^)]*)\)", text)   # to the first ")"
        assert set(fetched) <= {'save.getAttribute("data-offline-save"', 'page.getAttribute("data-static-search"',
                                "path", "request", "fresh"}, fetched


def test_about_page_says_there_are_no_cookies_and_no_tracking():
    html = Client().get("/about/").content.decode().lower()
    assert "do not use cookies" in html and "do not track you" in html and "analytics" in html


def test_hostile_markdown_leaves_nothing_executable(good_content, use_content):
    shutil.copy(FIXTURES / "hostile.md", good_content / "articles/hostile.md")
    lib = use_content(good_content)
    html = str(lib.articles["hostile"].html).lower()
    tags = re.findall(r"<[a-z][^>]*>", html)  # what a browser would act on, not escaped text
    for forbidden in (r"^<(script|iframe|form|input|object|embed|meta|svg|style|link)\b", r"\son\w+=",
                      r"\sstyle=", r"(href|src)=\"\s*(javascript|vbscript|data):"):
        assert not [tag for tag in tags if re.search(forbidden, tag)], forbidden
    assert "alert(" not in " ".join(tags)
    # ...and the check reports the raw HTML with its lines.
    assert len([p for p in lib.problems if p.path == "articles/hostile.md" and "raw HTML" in p.message]) >= 8


def test_a_disallowed_host_gets_400_without_flooding_the_logs(caplog):
    import logging

    client = Client(HTTP_HOST="evil.example", raise_request_exception=False)
    for _ in range(20):
        assert client.get("/").status_code == 400
    # Django reports each one on this logger; the settings send it nowhere.
    # (pytest attaches its own capture handlers even to such loggers, so they are left out.)
    security = logging.getLogger("django.security.DisallowedHost")
    assert security.propagate is False
    assert not [h for h in security.handlers if type(h).__module__.split(".")[0] not in {"_pytest", "pytest"}]
    others = [r for r in caplog.records if r.levelno >= logging.WARNING and r.name != security.name]
    assert not others


def test_very_long_paths_and_queries_are_answered_quickly_with_4xx_or_a_truncated_search():
    assert Client().get("/articles/" + "a" * 5000 + "/").status_code == 404
    assert Client().get("/" + "x/" * 3000).status_code == 404
    response = Client().get("/search/", {"q": "cement " * 2000})
    assert response.status_code == 200 and b"first 200 characters" in response.content


MARKER = '<zq"x>'
paths = st.one_of(
    st.sampled_from(["/", "/faq/", "/glossary/", "/articles/vertebroplasty/", "/search/", "/for-clinicians/",
                     "/handout/", "/go/h4zg/", "/sitemap.xml", "/robots.txt", "/healthz", "/about/"]),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60).map(lambda t: "/" + t),
)
queries = st.dictionaries(st.sampled_from(["q", "articles", "topic", "page", "x"]),
                          st.text(max_size=80).map(lambda t: t + MARKER), max_size=3)
# Raw escapes a browser would never send: undecodable bytes, NUL, overlong UTF-8.
raw_escapes = st.sampled_from(["", "%ff%fe", "%00", "%c0%af", "%e2%28%a1", "%", "%zz"])
headers = st.fixed_dictionaries({}, optional={
    "HTTP_ACCEPT_LANGUAGE": st.text(max_size=40),
    "HTTP_RANGE": st.sampled_from(["bytes=0-10", "bytes=-5", "bytes=99999999-", "garbage"]),
    "HTTP_COOKIE": st.text(alphabet="abc=; ", min_size=1000, max_size=5000),
    "HTTP_ACCEPT_ENCODING": st.sampled_from(["gzip", "br", "identity", "*;q=0", ""]),
    "HTTP_IF_NONE_MATCH": st.text(max_size=40),
    "HTTP_HOST": st.sampled_from(["127.0.0.1", "localhost", "evil.example", "", "127.0.0.1:8000"]),
})
methods = st.sampled_from(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "TRACE", "PATCH"])


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=paths, query=queries, raw=raw_escapes, extra=headers, method=methods, body=st.binary(max_size=200))
@example(path="/about", query={}, raw="", extra={}, method="OPTIONS", body=b"")   # found by Hypothesis in CI
def test_random_requests_never_cause_a_5xx_or_reflect_input_unescaped(path, query, raw, extra, method, body):
    from urllib.parse import urlencode

    client = Client(raise_request_exception=False)
    query_string = urlencode(query) + (f"&q={raw}" if raw else "")  # as a real client sends it
    try:
        response = client.generic(method, path, data=body, QUERY_STRING=query_string, **extra)
    except UnicodeEncodeError:  # the test client cannot put such a path on the wire; neither can a browser
        return
    assert response.status_code < 500, (method, path, response.status_code)
    # Any other method is refused, before or after APPEND_SLASH sends /about to /about/ (a redirect
    # accepts nothing: the page it leads to refuses the method too).
    slash_added = response.status_code == 301 and response.get("Location", "").split("?")[0] == path + "/"
    if method not in ("GET", "HEAD") and response.status_code not in (400, 404) and not slash_added:
        assert response.status_code == 405, (method, path, response.status_code)
    content = response.content.decode("utf-8", "replace") if not response.has_header("Content-Encoding") else ""
    assert MARKER not in content


def test_every_view_refuses_unsafe_methods():
    """Why the CSRF check can stay off: no URL accepts a method that could change anything."""
    from django.urls import get_resolver

    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    paths = ["/", "/faq/", "/glossary/", "/search/", "/for-clinicians/", "/handout/", "/go/h4zg/", "/sitemap.xml",
             "/robots.txt", "/healthz", "/favicon.ico", "/about/", "/accessibility/", "/articles/vertebroplasty/",
             "/for-clinicians/qr/faq/what-are-the-risks.svg", "/handout/page.css", "/sw.js", "/offline/",
             "/offline-guide.json", "/decide/", "/decide/about/", "/manifest.webmanifest"]
    assert len(get_resolver().url_patterns) <= len(paths) + 1, "a new URL: add it here"
    for path in paths:
        for method in ("post", "put", "patch", "delete"):
            assert getattr(client, method)(path).status_code == 405, (method, path)
