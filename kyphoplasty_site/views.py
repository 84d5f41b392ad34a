"""Public pages: look content up in the loaded library and render a template.

The tools for clinic staff (link library, handouts, QR images, short links) are in staff_views.py.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import last_modified, require_safe

from . import structured_data
from .content.addresses import absolute, short_url
from .content.decision import STEPS
from .qr import qr_svg
from .site import library, search_index


def content_last_modified(request, *args, **kwargs) -> dt.datetime | None:
    """When the content last changed: every public page is a pure function of it."""
    stamp = library().last_modified
    return dt.datetime.fromtimestamp(stamp, tz=dt.timezone.utc) if stamp else None


# Pages are the same for every visitor: browsers may keep them PAGE_MAX_AGE seconds, shared caches
# (a CDN) PAGE_SHARED_MAX_AGE; Last-Modified lets them revalidate (If-Modified-Since answers 304).
_cacheable_by_anyone = cache_control(public=True, max_age=settings.PAGE_MAX_AGE,
                                     s_maxage=settings.PAGE_SHARED_MAX_AGE)


def public_page(view):
    """GET and HEAD only, cacheable by anyone, with the content's Last-Modified: Django's own decorators."""
    return require_safe(_cacheable_by_anyone(last_modified(content_last_modified)(view)))


# Shown in the language of the page that uses them: lazy, so each request translates them.
HOME_DESCRIPTION = gettext_lazy("Plain, balanced information for patients and families about spine compression "
                                "fractures, balloon kyphoplasty and vertebroplasty: the benefits, the risks and "
                                "the evidence.")
FAQ_TITLE = gettext_lazy("Questions and answers")
FAQ_DESCRIPTION = gettext_lazy("Short, plain answers to the questions patients ask most about spine fractures, "
                               "kyphoplasty and vertebroplasty.")
GLOSSARY_TITLE = gettext_lazy("Glossary: medical words explained")
GLOSSARY_DESCRIPTION = gettext_lazy("Plain-English meanings of the medical words you may hear about spine fractures, "
                                    "kyphoplasty and vertebroplasty.")
# An article with at least this many sections opens with an "On this page" list; standalone pages
# (about, accessibility) have none.
CONTENTS_LIST_MIN_SECTIONS = 4


def topic_groups():
    """Every topic group with its articles, in reading order."""
    lib = library()
    return [(section, lib.article_list(section.id)) for section in lib.sections]


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
        "print_qr": qr_svg(target, gettext("QR code: scan to open this page on a phone")),
        "print_address": target,
    }


@public_page
def home(request):
    lib = library()
    return render(request, "pages/home.html", {
        # home.yaml is checked against the articles when the content loads: each entry's article exists.
        "entry_points": [(entry, lib.articles[entry.article]) for entry in lib.home.entry_points],
        "decision_aid": lib.decision,
        "topic_groups": topic_groups(),
        **page_meta(reverse("home"), settings.SITE_NAME, HOME_DESCRIPTION),
    })


def _reading_page(request, page, crumbs, **context):
    """An article or a standalone page (/about/): one template for both."""
    many_sections = page.kind == "article" and len(page.sections) >= CONTENTS_LIST_MIN_SECTIONS
    return render(request, "pages/article.html", {
        "article": page, "crumbs": crumbs, "contents": page.sections if many_sections else (), **context})


@public_page
def article_detail(request, slug: str):
    lib = library()
    if slug in lib.aliases:
        return redirect("article", slug=lib.aliases[slug], permanent=True)
    article = lib.article_get(slug)
    if article is None:
        raise Http404("No such article")
    next_article = lib.next_article(article)
    related = [lib.articles[s] for s in article.related if s in lib.articles and lib.articles[s] != next_article]
    section = lib.section_get(article.section)
    code = lib.short_code(article.slug)
    return _reading_page(
        request, article,
        crumbs=[(section.title, f"{reverse('home')}#{section.id}")] if section else [],
        related=related, next_article=next_article,
        **page_meta(article.url, article.title, article.summary, "article", structured_data.article_data(article),
                    qr_target=short_url(code) if code else None))


@public_page
def standalone_page(request, slug: str):
    page = library().pages.get(slug)
    if page is None:
        raise Http404("No such page")
    return _reading_page(request, page, crumbs=[], **page_meta(page.url, page.title, page.summary))


@public_page
def decide(request):
    """The decision aid: the options side by side, what matters to you, a quiz, and a summary to print.

    What a patient ticks or types stays in the page: nothing here is a form that submits, so no
    answer is sent, stored or put in an address (templates/pages/decide.html).
    """
    lib = library()
    aid = lib.decision
    if aid is None:
        raise Http404("The decision aid is not available")
    code = lib.short_code(reverse("decide"))
    return render(request, "pages/decide.html", {
        "aid": aid, "steps": STEPS, "decision_questions": lib.decision_questions,
        "option_articles": [(option, lib.articles.get(option.article)) for option in aid.options],
        "about_url": reverse("about-the-decision-aid") if "about-the-decision-aid" in lib.pages else "",
        **page_meta(reverse("decide"), aid.title, aid.summary, qr_target=short_url(code) if code else None),
    })


@public_page
def faq(request):
    lib = library()
    if not lib.faq.groups:
        raise Http404("The FAQ is not available")
    groups = [(group, [(entry, lib.articles.get(entry.more_slug)) for entry in group.entries])
              for group in lib.faq.groups]
    return render(request, "pages/faq.html", {
        "faq": lib.faq, "groups": groups,
        **page_meta(reverse("faq"), FAQ_TITLE, FAQ_DESCRIPTION, jsonld=structured_data.faq_data(lib.faq)),
    })


@public_page
def glossary(request):
    lib = library()
    if not lib.glossary.terms:
        raise Http404("The glossary is not available")
    return render(request, "pages/glossary.html", {
        "glossary": lib.glossary, "letters": lib.glossary.by_letter(),
        **page_meta(reverse("glossary"), GLOSSARY_TITLE, GLOSSARY_DESCRIPTION,
                    jsonld=structured_data.glossary_data(lib.glossary, str(GLOSSARY_TITLE))),
    })


@public_page
def search(request):
    query = request.GET.get("q", "")
    outcome = search_index().search(query) if query.strip() else None
    lib = library()
    entries = {e.id: e for e in lib.faq.entries}
    answer = outcome.answer if outcome else None
    # An FAQ answer shown first is shown whole, as the FAQ page shows it (cleaned when it was loaded).
    answer_entry = entries.get(answer.url.partition("#")[2]) if answer and answer.kind == "faq" else None
    return render(request, "pages/search.html", {
        "query": outcome.plan.text if outcome else "",
        # A search naming an emergency or urgent sign gets the advice for it first (red_flags.py).
        "red_flag": lib.red_flags.tier_for(query) if lib.red_flags and query.strip() else None,
        "outcome": outcome,
        # The static export's copy of this page (export_site asks for it) searches in the browser.
        "static_copy": request.GET.get("static") == "1" and not query.strip(),
        "answer_html": answer_entry.answer_html if answer_entry else "",
        # home.yaml is checked against the FAQ when the content loads: each id exists.
        "suggestions": [entries[entry_id] for entry_id in lib.home.suggested_questions],
        "topic_groups": topic_groups(),
        "hide_header_search": True,  # the page's own search box is the one to use
    })


@public_page
def robots_txt(request):
    # Results pages are endless and add nothing to a search engine; the search page itself may be listed.
    lines = ["User-agent: *", f"Disallow: {reverse('search')}?", f"Disallow: {reverse('handout')}",
             f"Sitemap: {absolute(reverse('sitemap'))}", ""]
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
