from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.views.i18n import JavaScriptCatalog

from . import offline, staff_views, views
from .converters import ShortCodeConverter, SlugConverter
from .sitemaps import SiteSitemap

register_converter(SlugConverter, "site-slug")
register_converter(ShortCodeConverter, "short-code")

# Published addresses: clinic staff send these to patients, so they never change. Every link the
# site makes comes from these names (reverse() and {% url %}); content/addresses.py resolves
# content links and published.txt against them.
# Each page in every published language: English at the root, another language under its code
# (/pl/articles/...). The language comes from the address alone (middleware.AddressLanguageMiddleware).
urlpatterns = i18n_patterns(
    path("", views.home, name="home"),
    path("articles/<site-slug:slug>/", views.article_detail, name="article"),
    path("faq/", views.faq, name="faq"),
    path("glossary/", views.glossary, name="glossary"),
    path("search/", views.search, name="search"),
    path("decide/", views.decide, name="decide"),
    path("for-clinicians/", staff_views.for_clinicians, name="for_clinicians"),
    path("handout/", staff_views.handout, name="handout"),
    path("handout/page.css", staff_views.handout_page_css, name="handout_page_css"),   # "Page 1 of 2", in the language
    # Standalone pages: each route passes its page's slug (content/pages/<slug>.md) and is named after it.
    path("about/", views.standalone_page, {"slug": "about"}, name="about"),
    path("accessibility/", views.standalone_page, {"slug": "accessibility"}, name="accessibility"),
    path("decide/about/", views.standalone_page, {"slug": "about-the-decision-aid"}, name="about-the-decision-aid"),
    path("offline/", offline.offline, name="offline"),
    path("offline-guide.json", offline.offline_guide, name="offline_guide"),
    # The words site.js and static-search.js show, in the page's language: Django's own catalogue
    # (locale/<code>/LC_MESSAGES/djangojs.po). Only other languages' pages load it.
    path("jsi18n.js", views.public_page(JavaScriptCatalog.as_view()), name="javascript_catalog"),
    # Short links printed before December 2026 have no final slash: APPEND_SLASH redirects /go/abcd here.
    # A Polish handout prints /pl/go/abcd/, which leads to the Polish page.
    path("go/<short-code:code>/", staff_views.short_link, name="short_link"),
    prefix_default_language=False,
)
# One address for every language.
urlpatterns += [
    path("for-clinicians/qr/faq/<site-slug:entry_id>.svg", staff_views.faq_qr, name="faq_qr"),
    # Django's sitemap view answers any method; public_page allows only GET and HEAD.
    path("sitemap.xml", views.public_page(sitemap), {"sitemaps": {"site": SiteSitemap}}, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    # Reading without a connection (offline.py): the worker must sit at the root to look after every page.
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.web_app_manifest, name="web_app_manifest"),
    path("favicon.ico", views.favicon, name="favicon"),
]

handler404 = "kyphoplasty_site.views.page_not_found"
handler500 = "kyphoplasty_site.views.server_error"
