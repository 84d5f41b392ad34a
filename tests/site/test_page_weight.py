"""Light on a phone: every page, first visit, at most 30 KB transferred and at most 5 requests."""
import re
from pathlib import Path

from django.core.wsgi import get_wsgi_application

from kyphoplasty_site.page_cache import PageCacheApplication

from ..wsgi_tools import call

BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
BUDGET_BYTES = 30 * 1024
MAX_REQUESTS = 5


def test_every_page_first_visit_is_under_30_kb_in_5_requests(production_static, db, site_pages):
    collected = production_static
    app = PageCacheApplication(get_wsgi_application())
    report = []
    for path in site_pages:
        url, _, query = path.partition("?")
        status, headers, body = call(app, url, query=query, accept_encoding=BROWSER_ENCODINGS)
        assert headers.get("Content-Encoding") in {"br", "gzip"}, path
        html = _decoded(body, headers.get("Content-Encoding"))
        assets = re.findall(r'<link[^>]*rel="(?:stylesheet|icon)"[^>]*href="(/static/[^"]+)"', html)
        assets += re.findall(r'<link[^>]*href="(/static/[^"]+)"[^>]*rel="(?:stylesheet|icon)"', html)
        assets += re.findall(r'<(?:script|img)[^>]*\ssrc="(/static/[^"]+)"', html)
        assets = sorted(set(assets))
        # One small CSS file; a handout adds its printed page's margins, for print only.
        screen_css = [link for link in re.findall(r'<link[^>]*rel="stylesheet"[^>]*>', html) if 'media="print"' not in link]
        assert len(screen_css) == 1, path
        sizes = [_compressed_size(collected, asset) for asset in assets]
        # A stylesheet the site makes (a handout's printed margins, a few hundred bytes) is a request too.
        assets += re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="(/(?!static/)[^"]+)"', html)
        total = len(body) + sum(sizes)
        report.append((path, len(body), total, 1 + len(assets)))
        assert 1 + len(assets) <= MAX_REQUESTS, (path, assets)
        assert total <= BUDGET_BYTES, (path, total)
    print("\n".join(f"{p:48} html {h:6} total {t:6} requests {r}" for p, h, t, r in report))


def _decoded(body: bytes, encoding: str | None) -> str:
    import gzip

    import brotli
    if encoding == "br":
        return brotli.decompress(body).decode()
    return gzip.decompress(body).decode() if encoding == "gzip" else body.decode()


def _compressed_size(root: Path, url: str) -> int:
    file = root / url.removeprefix("/static/")
    for suffix in (".br", ".gz"):
        compressed = file.with_name(file.name + suffix)
        if compressed.exists():
            return compressed.stat().st_size
    return file.stat().st_size
