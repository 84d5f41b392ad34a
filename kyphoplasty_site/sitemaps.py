"""The site's public pages, listed once: for the sitemap, the static export and the tests."""
from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from .content.editions import in_language
from .site import library

# Pages anyone may open that the sitemap leaves out on purpose: the staff page (noindex), the
# search page (its results are endless; robots.txt keeps crawlers out of them) and the page a
# saved copy shows without a connection (noindex).
UNLISTED_PAGES = ("for_clinicians", "search", "offline")


class PublicPage(NamedTuple):
    path: str
    lastmod: dt.date | None
    priority: float


def public_pages() -> list[PublicPage]:
    """Every page a search engine should know: home, articles, the decision aid, FAQ, glossary, standalone pages."""
    lib = library()
    pages = [PublicPage(reverse("home"), None, 1.0)]
    pages += [PublicPage(a.url, a.review.reviewed, 0.8) for a in lib.article_list()]
    if lib.decision:
        pages.append(PublicPage(reverse("decide"), lib.decision.review.reviewed, 0.8))
    if lib.faq.review:
        pages.append(PublicPage(reverse("faq"), lib.faq.review.reviewed, 0.7))
    if lib.glossary.review:
        pages.append(PublicPage(reverse("glossary"), lib.glossary.review.reviewed, 0.6))
    pages += [PublicPage(p.url, p.review.reviewed, 0.3) for p in lib.pages.values()]
    return pages


def public_paths() -> list[str]:
    """The paths of the pages in the sitemap, in its order, in this request's language (English by default)."""
    return [page.path for page in public_pages()]


def paths_in_every_language(paths: list[str]) -> list[str]:
    """English paths, then the same pages in every other published language (for the static export)."""
    return [in_language(path, code) for code in settings.PUBLISHED_LANGUAGES for path in paths]


def unlisted_paths() -> list[str]:
    """Public pages the sitemap leaves out on purpose (see UNLISTED_PAGES)."""
    return [reverse(name) for name in UNLISTED_PAGES]


class SiteSitemap(Sitemap):
    """/sitemap.xml: every public page in every published language, each listing its other languages
    (hreflang alternates, and x-default: the English), with absolute addresses from SITE_URL
    (no django.contrib.sites)."""
    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self) -> list[str]:
        return settings.PUBLISHED_LANGUAGES

    def items(self):
        with translation.override(settings.LANGUAGE_CODE):
            return public_pages()

    def location(self, item: PublicPage) -> str:
        # Called in each language in turn (Sitemap.i18n): the same page's address in it.
        return in_language(item.path, translation.get_language())

    def lastmod(self, item: PublicPage):
        return item.lastmod

    def priority(self, item: PublicPage) -> float:
        return item.priority

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        # SITE_URL may include a path prefix (https://example.org/spine): it belongs before each page's path.
        parts = urlsplit(settings.SITE_URL)
        return parts.netloc + parts.path
