from django.contrib.sitemaps import Sitemap

from .site import library


class _Item:
    def __init__(self, location: str, lastmod=None, priority: float = 0.5):
        self.location, self.lastmod, self.priority = location, lastmod, priority


class SiteSitemap(Sitemap):
    """Every public page: home, articles, standalone pages, FAQ and glossary."""


    def items(self):
        lib = library()
        items = [_Item("/", priority=1.0)]
        items += [_Item(a.url, a.review.reviewed, 0.8) for a in lib.article_list()]
        if lib.faq.review:
            items.append(_Item("/faq/", lib.faq.review.reviewed, 0.7))
        if lib.glossary.review:
            items.append(_Item("/glossary/", lib.glossary.review.reviewed, 0.6))
        items += [_Item(p.url, p.review.reviewed, 0.3) for p in lib.pages.values()]
        return items

    def location(self, item):
        return item.location

    def lastmod(self, item):
        return item.lastmod

    def priority(self, item):
        return item.priority

    def get_urls(self, page=1, site=None, protocol=None):
        # Absolute URLs come from SITE_URL, not from django.contrib.sites.
        from django.conf import settings
        from urllib.parse import urlsplit

        parts = urlsplit(settings.SITE_URL)

        class _Site:
            domain = parts.netloc + parts.path
        return super().get_urls(page=page, site=_Site(), protocol=parts.scheme)
