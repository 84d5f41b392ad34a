"""Thin views: look content up in the loaded library and render a template."""
from __future__ import annotations

import datetime as dt
import re
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import structured_data
from .content.addresses import absolute, short_url
from .site import library, search_index
from .qr import qr_svg, qr_svg_file

def public_page(view):
    """Say how long any browser or shared cache (a CDN) may keep this page: it is the same for everyone."""
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PAGE_MAX_AGE,
                                s_maxage=settings.PAGE_SHARED_MAX_AGE)
            response.headers.setdefault("Last-Modified", http_date(library().last_modified or None))
        return response
    return wrapper


HOME_DESCRIPTION = ("Plain, balanced information for patients and families about spine compression fractures, "
                    "balloon kyphoplasty and vertebroplasty: the benefits, the risks and the evidence.")
FAQ_DESCRIPTION = ("Short, plain answers to the questions patients ask most about spine fractures, kyphoplasty "
                   "and vertebroplasty.")
GLOSSARY_DESCRIPTION = ("Plain-English meanings of the medical words you may hear about spine fractures, "
                        "kyphoplasty and vertebroplasty.")

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


def page_meta(path: str, title: str, description: str, og_type: str = "website", jsonld: dict | None = None,
              qr_target: str | None = None):
    """What base.html needs for the canonical link, link previews, JSON-LD and the printed QR code."""
    target = qr_target or absolute(path)
    return {
        "canonical_url": absolute(path),
        "meta_title": title,
        "meta_description": description,
        "og_type": og_type,
        "jsonld": structured_data.as_script(jsonld) if jsonld else "",
        "print_qr": qr_svg(target, "QR code: scan to open this page on a phone"),
        "print_address": target,
    }


@require_safe
@public_page
def home(request):
    lib = library()
    entries = [dict(entry, article=lib.article_get(entry["slug"])) for entry in ENTRY_PATHS]
    return render(request, "pages/home.html", {
        "entry_paths": [e for e in entries if e["article"]],
        "topic_groups": topic_groups(),
        **page_meta("/", settings.SITE_NAME, HOME_DESCRIPTION),
    })


@require_safe
@public_page
def article_detail(request, slug: str):
    lib = library()
    if slug in lib.aliases:
        return HttpResponsePermanentRedirect(f"/articles/{lib.aliases[slug]}/")
    article = _article_or_404(slug)
    next_article = lib.next_article(article)
    related = [lib.articles[s] for s in article.related if s in lib.articles and lib.articles[s] != next_article]
    section = lib.section_get(article.section)
    code = lib.short_code(article.slug)
    return render(request, "pages/article.html", {
        **page_meta(article.url, article.title, article.summary, "article", structured_data.article_data(article),
                    qr_target=short_url(code) if code else None),
        "article": article,
        "section": section,
        "section_crumb": [(section.title, f"/#{section.id}")] if section else [],
        "related": related,
        "next_article": next_article,
    })


@require_safe
@public_page
def standalone_page(request, slug: str):
    page = library().pages.get(slug)
    if page is None:
        raise Http404("No such page")
    return render(request, "pages/page.html", {"article": page, **page_meta(page.url, page.title, page.summary)})


@require_safe
@public_page
def faq(request):
    lib = library()
    if not lib.faq.groups:
        raise Http404("The FAQ is not available")
    groups = [(group, [(entry, lib.articles.get(entry.more_slug)) for entry in group.entries])
              for group in lib.faq.groups]
    return render(request, "pages/faq.html", {"faq": lib.faq, "groups": groups,
                                              **page_meta("/faq/", "Questions and answers", FAQ_DESCRIPTION,
                                                          jsonld=structured_data.faq_data(lib.faq))})


@require_safe
@public_page
def glossary(request):
    lib = library()
    if not lib.glossary.terms:
        raise Http404("The glossary is not available")
    return render(request, "pages/glossary.html", {
        "glossary": lib.glossary, "letters": lib.glossary.by_letter(),
        **page_meta("/glossary/", "Glossary: medical words explained", GLOSSARY_DESCRIPTION,
                    jsonld=structured_data.glossary_data(lib.glossary)),
    })


# Questions offered when a search finds nothing, by FAQ id.
SUGGESTED_QUESTIONS = ("how-long-does-it-take", "can-i-drive-afterwards", "what-if-the-cement-leaks",
                       "does-kyphoplasty-work", "when-should-i-get-help")


@require_safe
@public_page
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
@public_page
def for_clinicians(request):
    """The staff link library: every page, section, FAQ answer and term, with QR codes and short links."""
    lib = library()
    topic = request.GET.get("topic", "")
    sections = [s for s in lib.sections if not topic or s.id == topic] or list(lib.sections)
    groups = []
    for section in sections:
        items = []
        for article in lib.article_list(section.id):
            code = lib.short_code(article.slug)
            items.append({
                "article": article, "url": absolute(article.url), "code": code,
                "short_url": short_url(code) if code else None,
                "qr": qr_svg(short_url(code) if code else absolute(article.url), f"QR code for {article.title}"),
                "sections": [(h, absolute(f"{article.url}#{h.id}")) for h in article.sections],
                "overdue": article.review.is_overdue(),
            })
        groups.append((section, items))
    # FAQ QR codes are images loaded when staff open one: inline, 80 of them would double the page.
    faq_entries = [(entry, absolute(f"/faq/#{entry.id}")) for entry in lib.faq.entries] if not topic else []
    terms = [(term, absolute(f"/glossary/#{term.id}")) for term in sorted(lib.glossary.terms, key=lambda t: t.term.lower())]
    return render(request, "pages/for_clinicians.html", {
        "groups": groups, "topic": topic, "sections": lib.sections, "faq_entries": faq_entries,
        "terms": terms if not topic else [],
        "overdue": [p for p in lib.warnings if p.field == "next_review"],
        **page_meta("/for-clinicians/", "For clinic staff: links, QR codes and handouts",
                    "Every page, section, answer and term of this site, with links to copy, QR codes and "
                    "printable handouts."),
    })


MAX_HANDOUT_ARTICLES = 12


def _prefixed_ids(html: str, prefix: str) -> str:
    """Give every id in an article's HTML a prefix, so two articles can share a page."""
    html = re.sub(r'(\s(?:id|popovertarget))="([^"]+)"', rf'\1="{prefix}\2"', str(html))
    html = re.sub(r'(\saria-(?:labelledby|describedby))="([^"]+)"',
                  lambda m: f'{m.group(1)}="' + " ".join(prefix + v for v in m.group(2).split()) + '"', html)
    html = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', html)
    return re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", html)


def _demoted_headings(html: str) -> str:
    """h2 → h3 and h3 → h4: in a handout each article's title is the h2."""
    return re.sub(r"<(/?)h([23])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


@require_safe
def handout(request):
    """Chosen articles as one printable document, with QR codes, short links and the words used."""
    lib = library()
    requested = []
    for value in request.GET.getlist("articles"):
        requested += [part.strip() for part in value.split(",") if part.strip()]
    requested = list(dict.fromkeys(requested))[:MAX_HANDOUT_ARTICLES]
    articles, unknown = [], []
    for slug in requested:
        article = lib.article_get(lib.aliases.get(slug, slug))
        if article is None or article in articles:
            (unknown.append(slug[:100]) if article is None else None)
            continue
        articles.append(article)
    items = []
    for number, article in enumerate(articles, 1):
        code = lib.short_code(article.slug)
        target = short_url(code) if code else absolute(article.url)
        items.append({"article": article, "html": mark_safe(_demoted_headings(_prefixed_ids(article.html, f"h{number}-"))),
                      "qr": qr_svg(target, f"QR code for {article.title}"), "address": target})
    used = {term_id for article in articles for term_id in article.terms_used}
    terms = sorted((t for t in lib.glossary.terms if t.id in used), key=lambda t: t.term.lower())
    return render(request, "pages/handout.html", {
        "items": items, "unknown": unknown, "terms": terms, "printed": dt.date.today(),
        "canonical_url": "", "hide_header_search": True,
    })


@require_safe
def short_link(request, code: str):
    """/go/<code>: the short address printed on handouts, redirecting to its article."""
    lib = library()
    slug = lib.short_links.get(code.lower())
    if slug is None:
        raise Http404("No such short link")
    return HttpResponseRedirect(lib.articles[slug].url)


@require_safe
@public_page
def robots_txt(request):
    # Results pages are endless and add nothing to a search engine; the search page itself may be listed.
    lines = ["User-agent: *", "Disallow: /search/?", "Disallow: /handout/", f"Sitemap: {settings.SITE_URL}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def healthz(request):
    """200 only when the content library is loaded and has articles, for load balancers."""
    lib = library()
    if not lib.articles:
        return HttpResponse("content not loaded\n", status=503, content_type="text/plain")
    return HttpResponse(f"ok {len(lib.articles)} articles {lib.fingerprint}\n", content_type="text/plain")


@require_safe
@public_page
def faq_qr(request, entry_id):
    """The QR code for one FAQ answer, as an SVG image for the staff page."""
    if entry_id not in {entry.id for entry in library().faq.entries}:
        raise Http404("No such answer")
    return HttpResponse(qr_svg_file(absolute(f"/faq/#{entry_id}")), content_type="image/svg+xml")


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
