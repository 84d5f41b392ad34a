"""Thin views: look content up in the loaded library and render a template."""
from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_safe

from .content.store import library, search_index

# The three ways in that the home page offers, each pointing at an article.
ENTRY_PATHS = (
    {"title": "I have a fracture", "slug": "vertebral-compression-fractures",
     "text": "What a spine compression fracture is, how it heals and how to ease the pain."},
    {"title": "I am thinking about a procedure", "slug": "is-a-procedure-right-for-me",
     "text": "Who may be offered kyphoplasty or vertebroplasty, the evidence, and questions to ask."},
    {"title": "I have had a procedure", "slug": "recovery-and-aftercare",
     "text": "What to expect as you recover, and when to get help."},
)


def topic_groups():
    """Every topic group with its articles, in reading order."""
    lib = library()
    return [(section, lib.article_list(section.id)) for section in lib.sections]


def _article_or_404(slug: str):
    article = library().article_get(slug)
    if article is None:
        raise Http404("No such article")
    return article


@require_safe
def home(request):
    lib = library()
    entries = [dict(entry, article=lib.article_get(entry["slug"])) for entry in ENTRY_PATHS]
    return render(request, "pages/home.html", {
        "entry_paths": [e for e in entries if e["article"]],
        "topic_groups": topic_groups(),
    })


@require_safe
def article_detail(request, slug: str):
    lib = library()
    if slug in lib.aliases:
        return HttpResponsePermanentRedirect(f"/articles/{lib.aliases[slug]}/")
    article = _article_or_404(slug)
    related = [lib.articles[s] for s in article.related if s in lib.articles]
    section = lib.section_get(article.section)
    return render(request, "pages/article.html", {
        "article": article,
        "section": section,
        "section_crumb": [(section.title, f"/#{section.id}")] if section else [],
        "related": related,
        "next_article": lib.next_article(article),
    })


@require_safe
def standalone_page(request, slug: str):
    page = library().pages.get(slug)
    if page is None:
        raise Http404("No such page")
    return render(request, "pages/page.html", {"article": page})


@require_safe
def faq(request):
    lib = library()
    if not lib.faq.groups:
        raise Http404("The FAQ is not available")
    groups = [(group, [(entry, lib.articles.get(entry.more_slug)) for entry in group.entries])
              for group in lib.faq.groups]
    return render(request, "pages/faq.html", {"faq": lib.faq, "groups": groups})


@require_safe
def glossary(request):
    lib = library()
    if not lib.glossary.terms:
        raise Http404("The glossary is not available")
    return render(request, "pages/glossary.html", {"glossary": lib.glossary,
                                                   "letters": lib.glossary.by_letter()})


# Questions offered when a search finds nothing, by FAQ id.
SUGGESTED_QUESTIONS = ("how-long-does-it-take", "can-i-drive-afterwards", "what-if-the-cement-leaks",
                       "does-kyphoplasty-work", "when-should-i-get-help")


@require_safe
def search(request):
    query = request.GET.get("q", "")
    outcome = search_index().search(query) if query.strip() else None
    entries = {e.id: e for e in library().faq.entries}
    response = render(request, "pages/search.html", {
        "query": outcome.plan.text if outcome else "",
        "outcome": outcome,
        "suggestions": [entries[i] for i in SUGGESTED_QUESTIONS if i in entries],
        "topic_groups": topic_groups(),
        "hide_header_search": True,  # the page's own search box is the one to use
    })
    return response


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /search/", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def healthz(request):
    """200 only when the content library is loaded and has articles, for load balancers."""
    lib = library()
    if not lib.articles:
        return HttpResponse("content not loaded\n", status=503, content_type="text/plain")
    return HttpResponse(f"ok {len(lib.articles)} articles {lib.fingerprint}\n", content_type="text/plain")


@require_safe
def favicon(request):
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def page_not_found(request, exception=None):
    return render(request, "pages/404.html", {"topic_groups": topic_groups()}, status=404)


def server_error(request):
    try:
        groups = topic_groups()
    except Exception:  # the error page must render even when the content is the problem
        groups = []
    return render(request, "pages/500.html", {"topic_groups": groups}, status=500)
