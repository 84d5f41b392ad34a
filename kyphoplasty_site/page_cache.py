"""Serve public pages as stored bytes: rendered once through Django, then answered directly.

Why this layer exists: pages are pure functions of the content, and an article
is answered several times faster from here than through Django's own cache
middleware (docs/performance.md, "Why each speed-up is there", has the figures).
On every hit Django's cache middleware still builds a request, runs the
middleware around it and unpickles the stored response; here a hit is a
dictionary look-up and a prepared header list, and each page is compressed
once, as hard as brotli and gzip go.

It answers only what Django would answer identically, and hands everything
else to Django:

- Django makes every decision. The first request for a page goes through the
  whole stack (host validation, the HTTPS redirect, views, every security
  header). Only a 200 marked `Cache-Control: public`, setting no cookie and
  varying on nothing but Accept-Encoding is stored; any other answer (a
  redirect, a 404) is remembered as Django's to give, and later requests for
  it go straight to Django.
- A stored page is keyed by the scheme as Django sees it (`request.scheme`,
  which honours SECURE_PROXY_SSL_HEADER and decides HSTS and the redirect),
  the script prefix, path and query. Its bytes do not depend on the Host
  (absolute links come from SITE_URL), but whether Django accepts the Host
  does, so every request's Host is checked by Django's `request.get_host()`.
- Only GET and HEAD, and no query string except on search (the same answer
  for everyone asking the same question). In DEBUG it stands aside.

Pages and search results share one least-recently-used store bounded in bytes
(settings.PAGE_CACHE_MAX_BYTES). When many requests miss the same page at
once, one renders it and the others wait for its copy. The store is tied to
the content's fingerprint, so a content reload empties it.
"""
from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import brotli
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.utils.http import parse_etags, parse_http_date_safe

from . import site

STORED_QUERY_PATHS = {"/search/"}  # the only pages whose query string is worth keeping
MAX_QUERY_LENGTH = 300
MAX_PATH_LENGTH = 200
ENTRY_OVERHEAD_BYTES = 4096        # headers and bookkeeping of one entry, counted against the bound
RENDER_WAIT_SECONDS = 30           # gunicorn's worker timeout: a render never legitimately takes longer
# Request headers a stored page must not depend on: compression and 304s are the
# layer's to answer per request, and nothing on the site is per visitor.
_NOT_RENDERED_WITH = {"HTTP_ACCEPT_ENCODING", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_COOKIE"}
# Preconditions that can make Django answer 412: rare, and Django's to judge.
_PRECONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
# The environ values Django's get_host() and scheme read; their verdict is remembered per combination.
_HOST_AND_SCHEME_INPUTS = ("HTTP_HOST", "SERVER_NAME", "SERVER_PORT", "wsgi.url_scheme",
                           "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")
_REPLACED_HEADERS = {"content-length", "content-encoding", "etag", "connection", "transfer-encoding"}
_DJANGO_ANSWERS = object()         # stored for a key whose answer Django gives every time


@dataclass
class StoredPage:
    status: str
    headers: list[tuple[str, str]]
    etag: str
    last_modified: int | None = None                          # seconds since the epoch
    bodies: dict[str, bytes] = field(default_factory=dict)   # encoding → bytes
    # Prepared once, so a request only picks one: encoding → complete header list.
    prepared: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    not_modified: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        for encoding, body in self.bodies.items():
            headers = self.headers + [("Content-Length", str(len(body)))]
            if encoding == "identity":
                headers.append(("ETag", self.etag))
            else:
                # As Django's GZipMiddleware does: compressed bytes are not the ones the strong ETag named.
                headers += [("ETag", "W/" + self.etag.removeprefix("W/")), ("Content-Encoding", encoding)]
            self.prepared[encoding] = headers
        kept = [(k, v) for k, v in self.headers if k.lower() in {"cache-control", "last-modified", "expires", "vary"}]
        self.not_modified = kept + [("ETag", self.etag)]

    @property
    def size(self) -> int:
        return sum(len(body) for body in self.bodies.values()) + ENTRY_OVERHEAD_BYTES

    @classmethod
    def from_response(cls, status: str, headers: list[tuple[str, str]], body: bytes,
                      effort: str = "max") -> "StoredPage":
        kept = [(k, v) for k, v in headers if k.lower() not in _REPLACED_HEADERS]
        etag = next(v for k, v in headers if k.lower() == "etag")  # ConditionalGetMiddleware sets one
        last_modified = next((parse_http_date_safe(v) for k, v in headers if k.lower() == "last-modified"), None)
        bodies = {"identity": body}
        # Below 512 bytes compression gains nothing. Pages are compressed once, as hard as
        # possible (~0.2 s each); search results, many of them asked once, are compressed quickly.
        if len(body) > 512:
            fast = effort != "max"
            bodies["br"] = brotli.compress(body, quality=5 if fast else 11)
            bodies["gzip"] = gzip.compress(body, compresslevel=6 if fast else 9, mtime=0)
        return cls(status=status, headers=kept, etag=etag, last_modified=last_modified, bodies=bodies)


class LeastRecentlyUsed:
    """A byte-bounded store: adding past the bound drops the entries used longest ago. Not thread-safe."""

    def __init__(self, max_bytes: int):
        self.max_bytes, self.bytes = max_bytes, 0
        self.entries: OrderedDict[tuple, tuple[object, int]] = OrderedDict()   # key → (value, size)

    def get(self, key, default=None):
        found = self.entries.get(key)
        if found is None:
            return default
        self.entries.move_to_end(key)
        return found[0]

    def put(self, key, value, size: int) -> bool:
        if size > self.max_bytes:
            return False
        previous = self.entries.pop(key, None)
        self.bytes += size - (previous[1] if previous else 0)
        self.entries[key] = (value, size)
        while self.bytes > self.max_bytes:
            self.bytes -= self.entries.popitem(last=False)[1][1]
        return True

    def clear(self) -> None:
        self.entries.clear()
        self.bytes = 0


_ENCODING_MEMO: dict[str, str] = {}


def _encoding_for(accept_encoding: str) -> str:
    """preferred_encoding() for a stored page (which always has all three), remembered per header value."""
    found = _ENCODING_MEMO.get(accept_encoding)
    if found is None:
        found = preferred_encoding(accept_encoding, ("br", "gzip", "identity"))
        if len(_ENCODING_MEMO) < 256:
            _ENCODING_MEMO[accept_encoding] = found
    return found


def preferred_encoding(accept_encoding: str, available) -> str:
    """br, then gzip, then identity, as the client allows (q=0 refuses)."""
    accepted = set()
    for part in accept_encoding.lower().split(","):
        name, _, params = part.strip().partition(";")
        if params.replace(" ", "") in {"q=0", "q=0.0", "q=0.00", "q=0.000"}:
            continue
        accepted.add(name.strip())
    for encoding in ("br", "gzip"):
        if encoding in available and (encoding in accepted or "*" in accepted):
            return encoding
    return "identity"


class PageCacheApplication:
    """WSGI middleware around Django's application.

    Like Django's middleware it reads its settings once, and it remembers Django's verdict on each
    Host: make a new one after changing settings (the tests do, inside override_settings)."""

    def __init__(self, app):
        self.app = app
        self.stored = LeastRecentlyUsed(settings.PAGE_CACHE_MAX_BYTES)
        self.fingerprint = None                         # of the content the stored pages were rendered from
        self.rendering: dict[tuple, threading.Event] = {}   # key → set when its one render is done
        self.lock = threading.Lock()
        proxy_header = settings.SECURE_PROXY_SSL_HEADER
        self.host_and_scheme_inputs = _HOST_AND_SCHEME_INPUTS + ((proxy_header[0],) if proxy_header else ())
        # Django's verdict per combination of those inputs: the scheme, or None for a Host it refuses.
        # Building a request costs more than serving a stored page, and few combinations ever occur.
        self.schemes: dict[tuple, str | None] = {}

    def __call__(self, environ, start_response):
        key = self._storable_key(environ)
        if key is None:
            return self.app(environ, start_response)
        fingerprint = site.library().fingerprint
        if fingerprint != self.fingerprint:
            with self.lock:
                self.stored.clear()
                self.fingerprint = fingerprint
        with self.lock:
            page = self.stored.get(key)
            if page is None:
                pending = self.rendering.get(key)
                leader = pending is None
                if leader:
                    pending = self.rendering[key] = threading.Event()
        if page is None:
            page = self._render_once(key, environ, fingerprint) if leader else self._wait_for(key, pending)
        if page is _DJANGO_ANSWERS or page is None:
            return self.app(environ, start_response)
        return self._serve(page, environ, start_response)

    def _storable_key(self, environ) -> tuple | None:
        if settings.DEBUG or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        if any(name in environ for name in _PRECONDITIONS):
            return None
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        if len(path) > MAX_PATH_LENGTH or (query and (path not in STORED_QUERY_PATHS or len(query) > MAX_QUERY_LENGTH)):
            return None
        scheme = self._scheme_if_host_allowed(environ)
        if scheme is None:
            return None  # Django answers 400
        return scheme, environ.get("SCRIPT_NAME", ""), path, query

    def _scheme_if_host_allowed(self, environ) -> str | None:
        inputs = tuple(environ.get(name) for name in self.host_and_scheme_inputs)
        try:
            return self.schemes[inputs]
        except KeyError:
            pass
        request = WSGIRequest(environ.copy())
        try:
            request.get_host()
            scheme = request.scheme
        except DisallowedHost:
            scheme = None
        if len(self.schemes) >= 64:  # made-up Host headers from a scanner: start again, not stop remembering
            self.schemes.clear()
        self.schemes[inputs] = scheme
        return scheme

    def _render_once(self, key, environ, fingerprint) -> StoredPage | object:
        """Render through Django for every request waiting on this key, and store what may be shared."""
        try:
            page = self._render(environ, effort="fast" if key[3] else "max")
            with self.lock:
                if page is not None and fingerprint == self.fingerprint:  # no content reload while rendering
                    if page is _DJANGO_ANSWERS or not self.stored.put(key, page, page.size):
                        self.stored.put(key, _DJANGO_ANSWERS, ENTRY_OVERHEAD_BYTES)
            return page
        finally:
            with self.lock:
                self.rendering.pop(key).set()

    def _wait_for(self, key, pending: threading.Event):
        pending.wait(RENDER_WAIT_SECONDS)
        with self.lock:
            return self.stored.get(key)  # None (the render failed, or it was dropped already): ask Django

    def _render(self, environ, effort: str) -> StoredPage | object | None:
        """Render through Django as a plain GET (no compression, no conditions); keep it if shareable."""
        clean = {k: v for k, v in environ.items() if k not in _NOT_RENDERED_WITH}
        clean["REQUEST_METHOD"] = "GET"
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        result = self.app(clean, capture)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if captured.get("status", "5").startswith("5"):
            return None  # a passing fault: not remembered, so the next request tries again
        names = {k.lower(): v for k, v in captured.get("headers", [])}
        varies_on = {v.strip().lower() for v in names.get("vary", "").split(",")} - {"", "accept-encoding"}
        if (not captured.get("status", "").startswith("200") or "set-cookie" in names or varies_on
                or "public" not in names.get("cache-control", "") or "content-encoding" in names
                or "etag" not in names):
            return _DJANGO_ANSWERS
        return StoredPage.from_response(captured["status"], captured["headers"], body, effort)

    def _serve(self, page: StoredPage, environ, start_response):
        if self._not_modified(page, environ):
            start_response("304 Not Modified", page.not_modified)
            return [b""]
        encoding = _encoding_for(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding not in page.bodies:  # small pages are kept uncompressed only
            encoding = "identity"
        start_response(page.status, page.prepared[encoding])
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [page.bodies[encoding]]

    @staticmethod
    def _not_modified(page: StoredPage, environ) -> bool:
        """Django's rule (django.utils.cache.get_conditional_response): If-None-Match, if sent, decides;
        otherwise If-Modified-Since. ETags compare weakly."""
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            etags = parse_etags(if_none_match)
            return etags == ["*"] or page.etag.removeprefix("W/") in {tag.removeprefix("W/") for tag in etags}
        since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if not since or page.last_modified is None:
            return False
        since = parse_http_date_safe(since)
        return since is not None and page.last_modified <= since
