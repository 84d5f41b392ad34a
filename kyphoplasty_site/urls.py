from django.contrib.sitemaps.views import sitemap
from django.urls import path, register_converter
from django.views.decorators.http import require_safe

from . import views
from .converters import ShortCodeConverter, SlugConverter
from .sitemaps import SiteSitemap

register_converter(SlugConverter, "site-slug")
register_converter(ShortCodeConverter, "short-code")

# Published addresses: clinic staff send these to patients, so they never change.
urlpatterns = [
    path("", views.home, name="home"),
    path("articles/<site-slug:slug>/", views.article_detail, name="article"),
    path("faq/", views.faq, name="faq"),
    path("glossary/", views.glossary, name="glossary"),
    path("search/", views.search, name="search"),
    path("for-clinicians/", views.for_clinicians, name="for_clinicians"),
    path("for-clinicians/qr/faq/<site-slug:entry_id>.svg", views.faq_qr, name="faq_qr"),
    path("handout/", views.handout, name="handout"),
    path("go/<short-code:code>", views.short_link, name="short_link"),
    path("go/<short-code:code>/", views.short_link),
    path("about/", views.standalone_page, {"slug": "about"}, name="about"),
    path("accessibility/", views.standalone_page, {"slug": "accessibility"}, name="accessibility"),
    # Django's sitemap view answers any method; only GET and HEAD make sense.
    path("sitemap.xml", require_safe(views.public_page(sitemap)), {"sitemaps": {"site": SiteSitemap}},
         name="sitemap"),
    path("robots.txt", views.robots_txt),
    path("healthz", views.healthz),
    path("favicon.ico", views.favicon),
]

handler404 = "kyphoplasty_site.views.page_not_found"
handler500 = "kyphoplasty_site.views.server_error"
