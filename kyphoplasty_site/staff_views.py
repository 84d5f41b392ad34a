"""Tools for clinic staff: the link library, printable handouts, QR code images and short links."""
from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
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
                "qr": qr_svg(short_url(code) if code else absolute(article.url),
                             gettext("QR code for %(title)s") % {"title": article.title}),
                "sections": [(h, absolute(f"{article.url}#{h.id}")) for h in article.sections],
                "overdue": article.review.is_overdue(),
            })
        groups.append((section, items))
    # FAQ QR codes are images loaded when staff open one: inline, 80 of them would double the page.
    faq_entries = [(entry, faq_entry_address(entry.id)) for entry in lib.faq.entries] if not topic else []
    decision_aid = None
    if lib.decision and not topic:
        code = lib.short_code(reverse("decide"))
        url, short = absolute(reverse("decide")), short_url(code) if code else None
        decision_aid = {"aid": lib.decision, "url": url, "short_url": short,
                        "qr": qr_svg(short or url, gettext("QR code for the decision aid"))}
    glossary = reverse("glossary")
    terms = [(term, absolute(f"{glossary}#{term.id}")) for term in sorted(lib.glossary.terms, key=lambda t: t.term.lower())]
    return render(request, "pages/for_clinicians.html", {
        "groups": groups, "topic": topic, "decision_aid": decision_aid, "sections": lib.sections, "faq_entries": faq_entries, "sheets": SHEETS,
        "terms": terms if not topic else [],
        "overdue": [p for p in lib.warnings if p.field == "next_review"],
        **page_meta(reverse("for_clinicians"), gettext("For clinic staff: links, QR codes and handouts"),
                    gettext("Every page, section, answer and term of this site, with links to copy, QR codes and "
                            "printable handouts.")),
    })


# Sheets a handout may add after its articles, by the name used in its address.
SHEETS = {"my-procedure": gettext_lazy("My procedure"), "questions": gettext_lazy("Questions to ask")}


def _listed(request, name: str) -> list[str]:
    """A parameter given as a comma-separated list, repeated, or both; in order, once each."""
    values = []
    for value in request.GET.getlist(name):
        values += [part.strip() for part in value.split(",") if part.strip()]
    return list(dict.fromkeys(values))


@require_safe
def handout(request):
    """Chosen articles as one printable document, with QR codes and short links, and chosen sheets.

    By default each article prints as a summary ("At a glance", its steps or timeline, its
    checklists and its "when to get help" tiers) on one page at 12 point; `text=full` prints
    the whole text and the words it uses; `size=large` prints at 14 point. `sheets=my-procedure,questions` adds the patient's own plan
    and the questions to ask before deciding.
    """
    lib = library()
    full_text = request.GET.get("text") == "full"
    large_print = request.GET.get("size") == "large"
    sheets = [name for name in _listed(request, "sheets") if name in SHEETS]
    requested = _listed(request, "articles")[:MAX_HANDOUT_ARTICLES]
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
        # Made once per article, on first use, from HTML cleaned when the content loaded.
        html = mark_safe(article.handout_html if full_text else article.summary_handout_html)
        # Printed without "https://", which phones add themselves: short enough for one line under the code.
        items.append({"article": article, "html": html,
                      "qr": qr_svg(target, gettext("QR code for %(title)s") % {"title": article.title}),
                      "address": target.split("://", 1)[-1]})
    # The same handout in another language (context_processors.languages): what was found, not what was typed.
    request.language_query = urlencode({key: value for key, value in (
        ("articles", ",".join(a.slug for a in articles)), ("sheets", ",".join(sheets)),
        ("text", "full" if full_text else ""), ("size", "large" if large_print else "")) if value})
    used = {term_id for article in articles for term_id in article.terms_used} if full_text else set()
    terms = sorted((t for t in lib.glossary.terms if t.id in used), key=lambda t: t.term.lower())
    return render(request, "pages/handout.html", {
        "items": items, "unknown": unknown, "terms": terms, "printed": dt.date.today(), "full_text": full_text,
        "large_print": large_print, "size_param": "large" if large_print else "",
        "sheets": sheets, "decision_questions": [mark_safe(q) for q in lib.decision_questions],
        "articles_param": ",".join(a.slug for a in articles), "sheets_param": ",".join(sheets),
        "canonical_url": "", "hide_header_search": True,
        # Printed in another language, a sheet says whether its translation is unchecked or out of date.
        "translation_unchecked": lib.edition != settings.LANGUAGE_CODE and any(
            not (record := lib.translations.get(f"articles/{a.slug}.md")) or not record.checked or not record.current
            for a in articles),
    })


def _css_string(text: str) -> str:
    """Text as a CSS string: quotes and backslashes escaped, line breaks as spaces."""
    return '"' + " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


@public_page
def handout_page_css(request):
    """The printed page's margins for handouts: the clinic's name and phone, and "Page 1 of 2".

    A stylesheet, not a style attribute, because the Content-Security-Policy allows only the
    site's own stylesheets; made from settings, so it is never out of step with them.
    """
    clinic = _css_string(gettext("%(clinic)s · Phone %(phone)s")
                         % {"clinic": settings.CLINIC_NAME, "phone": settings.CLINIC_PHONE})
    # "Page %(page)s of %(pages)s" as CSS: the words as strings, the numbers as the printer's counters.
    pieces = re.split(r"%\((page|pages)\)s", gettext("Page %(page)s of %(pages)s"))
    page_count = " ".join(f"counter({piece})" if index % 2 else
                          '"' + piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'
                          for index, piece in enumerate(pieces) if piece)
    css = ("@page {\n"
           "  margin: 13mm 13mm 12mm;\n"
           f"  @top-left {{ content: {clinic}; font: 10pt sans-serif; }}\n"
           f"  @bottom-right {{ content: {page_count}; font: 10pt sans-serif; }}\n"
           "}\n")
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@require_safe
def short_link(request, code: str):
    """/go/<code>/: the short address printed on handouts, redirecting to its article (or page)."""
    path = library().short_link_path(code.lower())
    if path is None:
        raise Http404("No such short link")
    return HttpResponseRedirect(path)


@public_page
def faq_qr(request, entry_id):
    """The QR code for one FAQ answer, as an SVG image for the staff page."""
    if entry_id not in {entry.id for entry in library().faq.entries}:
        raise Http404("No such answer")
    return HttpResponse(qr_svg_file(faq_entry_address(entry_id)), content_type="image/svg+xml")
