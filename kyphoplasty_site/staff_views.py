"""Tools for clinic staff: the link library, printable handouts, QR code images and short links."""
from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from .content.addresses import absolute, short_url
from .qr import qr_svg, qr_svg_file
from .site import library
from .views import page_meta, public_page

MAX_HANDOUT_ARTICLES = 12


def faq_entry_address(entry_id: str) -> str:
    return absolute(f"{reverse('faq')}#{entry_id}")


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
    faq_entries = [(entry, faq_entry_address(entry.id)) for entry in lib.faq.entries] if not topic else []
    glossary = reverse("glossary")
    terms = [(term, absolute(f"{glossary}#{term.id}")) for term in sorted(lib.glossary.terms, key=lambda t: t.term.lower())]
    return render(request, "pages/for_clinicians.html", {
        "groups": groups, "topic": topic, "sections": lib.sections, "faq_entries": faq_entries,
        "terms": terms if not topic else [],
        "overdue": [p for p in lib.warnings if p.field == "next_review"],
        **page_meta(reverse("for_clinicians"), "For clinic staff: links, QR codes and handouts",
                    "Every page, section, answer and term of this site, with links to copy, QR codes and "
                    "printable handouts."),
    })


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
        if article is None:
            unknown.append(slug[:100])
        elif article not in articles:
            articles.append(article)
    items = []
    for article in articles:
        code = lib.short_code(article.slug)
        target = short_url(code) if code else absolute(article.url)
        html = mark_safe(article.handout_html)  # made once per article, on first use
        items.append({"article": article, "html": html, "qr": qr_svg(target, f"QR code for {article.title}"),
                      "address": target})
    used = {term_id for article in articles for term_id in article.terms_used}
    terms = sorted((t for t in lib.glossary.terms if t.id in used), key=lambda t: t.term.lower())
    return render(request, "pages/handout.html", {
        "items": items, "unknown": unknown, "terms": terms, "printed": dt.date.today(),
        "canonical_url": "", "hide_header_search": True,
    })


@require_safe
def short_link(request, code: str):
    """/go/<code>/: the short address printed on handouts, redirecting to its article."""
    lib = library()
    slug = lib.short_links.get(code.lower())
    if slug is None:
        raise Http404("No such short link")
    return HttpResponseRedirect(lib.articles[slug].url)


@public_page
def faq_qr(request, entry_id):
    """The QR code for one FAQ answer, as an SVG image for the staff page."""
    if entry_id not in {entry.id for entry in library().faq.entries}:
        raise Http404("No such answer")
    return HttpResponse(qr_svg_file(faq_entry_address(entry_id)), content_type="image/svg+xml")
