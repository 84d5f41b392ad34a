"""Serve public pages as stored bytes: rendered once through Django, then answered directly.

Pages are pure functions of the content, so the first request for a page
renders it through the whole Django stack (views, templates, every security
header) and the response is kept: its headers, its body, and gzip and brotli
copies made once. Later requests for that page get the stored bytes without
entering Django, with an ETag, and a 304 when the client already has them.

Only what is safe to share is stored: GET or HEAD, an allowed Host, a 200
response marked `Cache-Control: public` and setting no cookie. Pages without
a query string are kept; search results (the same for everyone who asks the
same question) are kept too, but only the most recently asked few hundred.
Everything else (handouts, errors, other methods) goes straight to Django.
The store is tied to the content's fingerprint, so a content reload empties
it; in DEBUG it is bypassed.
"""
from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

import brotli
from django.conf import settings
from django.http.request import split_domain_port, validate_host

from . import site

log = logging.getLogger(__name__)

MAX_STORED_PAGES = 5000
MAX_STORED_SEARCHES = 500          # most recently asked questions, least recent dropped first
STORED_QUERY_PATHS = {"/search/"}  # the only pages whose query string is worth keeping
MAX_QUERY_LENGTH = 300
_HOP_BY_HOP = {"content-length", "content-encoding", "etag", "vary", "connection", "transfer-encoding"}


@dataclass
class StoredPage:
    status: str
    headers: list[tuple[str, str]]
    etag: str
    bodies: dict[str, bytes] = field(default_factory=dict)   # encoding → bytes
    # Prepared once, so a request only picks one: encoding → complete header list.
    prepared: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    not_modified: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self):
        for encoding, body in self.bodies.items():
            headers = self.headers + [("ETag", self.etag), ("Vary", "Accept-Encoding"),
                                      ("Content-Length", str(len(body)))]
            if encoding != "identity":
                headers.append(("Content-Encoding", encoding))
            self.prepared[encoding] = headers
        kept = [(k, v) for k, v in self.headers if k.lower() in {"cache-control", "last-modified", "expires"}]
        self.not_modified = kept + [("ETag", self.etag), ("Vary", "Accept-Encoding")]

    @classmethod
    def from_response(cls, status: str, headers: list[tuple[str, str]], body: bytes,
                      effort: str = "max") -> "StoredPage":
        kept = [(k, v) for k, v in headers if k.lower() not in _HOP_BY_HOP]
        etag = next((v for k, v in headers if k.lower() == "etag"), None)
        etag = etag or f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        bodies = {"identity": body}
        # Compressing small bodies gains nothing. Pages are compressed once, as hard as
        # possible; search results, kept for less long, are compressed quickly.
        if len(body) > 512:
            fast = effort != "max"
            bodies["br"] = brotli.compress(body, quality=5 if fast else 11)
            bodies["gzip"] = gzip.compress(body, compresslevel=6 if fast else 9, mtime=0)
        return cls(status=status, headers=kept, etag=etag, bodies=bodies)


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
    """WSGI middleware around Django's application."""

    def __init__(self, app):
        self.app = app
        self.pages: dict[tuple[str, bool], tuple[str, StoredPage]] = {}
        self.searches: OrderedDict[tuple[str, bool], tuple[str, StoredPage]] = OrderedDict()
        self.lock = threading.Lock()
        self.hosts: dict[str, bool] = {}   # Host header → allowed?, remembered (a few entries)

    def _host_allowed(self, host: str) -> bool:
        allowed = self.hosts.get(host)
        if allowed is None:
            domain, _port = split_domain_port(host)
            allowed = bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
            if len(self.hosts) < 64:
                self.hosts[host] = allowed
        return allowed

    def __call__(self, environ, start_response):
        key = self._storable_key(environ)
        if key is None:
            return self.app(environ, start_response)
        fingerprint = site.library().fingerprint
        is_search = "?" in key[0]
        shelf = self.searches if is_search else self.pages
        found = shelf.get(key)
        if found is None or found[0] != fingerprint:
            page = self._render(environ, effort="fast" if is_search else "max")
            if page is None:
                return self.app(environ, start_response)
            with self.lock:
                if is_search:
                    self.searches[key] = (fingerprint, page)
                    while len(self.searches) > MAX_STORED_SEARCHES:
                        self.searches.popitem(last=False)
                elif len(self.pages) < MAX_STORED_PAGES:
                    self.pages[key] = (fingerprint, page)
        else:
            page = found[1]
            if is_search:
                with self.lock:
                    if key in self.searches:
                        self.searches.move_to_end(key)
        return self._serve(page, environ, start_response)

    def _storable_key(self, environ) -> tuple[str, bool] | None:
        if settings.DEBUG or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return None
        path = environ.get("PATH_INFO", "")
        query = environ.get("QUERY_STRING", "")
        if query and (path not in STORED_QUERY_PATHS or len(query) > MAX_QUERY_LENGTH):
            return None
        if not self._host_allowed(environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")):
            return None  # Django answers 400
        secure = environ.get("wsgi.url_scheme") == "https" or (
            settings.SECURE_PROXY_SSL_HEADER is not None
            and environ.get(settings.SECURE_PROXY_SSL_HEADER[0]) == settings.SECURE_PROXY_SSL_HEADER[1])
        if settings.SECURE_SSL_REDIRECT and not secure:
            return None  # Django redirects to HTTPS
        if len(path) > 200:
            return None
        return (f"{path}?{query}" if query else path), secure

    def _render(self, environ, effort: str) -> StoredPage | None:
        """Render through Django as a plain GET (no compression, no conditions) and keep it if shareable."""
        clean = {k: v for k, v in environ.items()
                 if k not in {"HTTP_ACCEPT_ENCODING", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_COOKIE"}}
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
        headers = captured.get("headers", [])
        names = {k.lower(): v for k, v in headers}
        if (not captured.get("status", "").startswith("200") or "set-cookie" in names
                or "public" not in names.get("cache-control", "") or "content-encoding" in names):
            return None
        return StoredPage.from_response(captured["status"], headers, body, effort)

    def _serve(self, page: StoredPage, environ, start_response):
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match:
            etags = [tag.strip() for tag in if_none_match.split(",")]
            if page.etag in etags or f"W/{page.etag}" in etags or "*" in etags:
                start_response("304 Not Modified", page.not_modified)
                return [b""]
        encoding = _encoding_for(environ.get("HTTP_ACCEPT_ENCODING", ""))
        if encoding not in page.bodies:  # small pages are kept uncompressed only
            encoding = "identity"
        start_response(page.status, page.prepared[encoding])
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [page.bodies[encoding]]
