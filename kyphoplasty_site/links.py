"""Every address the site publishes, and the short codes that point at articles.

One place decides what counts as a published address; the staff page, the
`update_published` command, the link tests and the static export all ask here.
"""
from __future__ import annotations

import hashlib

from django.conf import settings

from .content.loader import SHORT_CODE_ALPHABET
from .content.models import Library


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def short_url(code: str) -> str:
    return absolute(f"/go/{code}")


def published_addresses(library: Library) -> list[str]:
    """Paths (with #anchors) that staff may send or print: they must keep working."""
    addresses = ["/", "/faq/", "/glossary/"]
    for article in library.article_list():
        addresses.append(article.url)
        addresses += [f"{article.url}#{heading.id}" for heading in article.headings]
    addresses += [page.url for page in library.pages.values()]
    addresses += [f"/faq/#{group.id}" for group in library.faq.groups]
    addresses += [f"/faq/#{entry.id}" for entry in library.faq.entries]
    addresses += [f"/glossary/#{term.id}" for term in library.glossary.terms]
    addresses += [f"/go/{code}" for code in library.short_links]
    return addresses


def new_short_code(slug: str, taken: set[str], length: int = 4) -> str:
    """A short code derived from the slug, unique among `taken`; stable once written down."""
    for attempt in range(1000):
        digest = int(hashlib.sha256(f"{slug}:{attempt}".encode()).hexdigest(), 16)
        code = ""
        for _ in range(length):
            digest, index = divmod(digest, len(SHORT_CODE_ALPHABET))
            code += SHORT_CODE_ALPHABET[index]
        if code not in taken:
            return code
    raise RuntimeError("no free short code")  # 31^4 codes: only reachable with ~a million articles
