"""JSON-LD for link previews and search engines: MedicalWebPage, FAQPage, DefinedTermSet."""
from __future__ import annotations

import json
import re
from html import unescape

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from .content.models import Article, Faq, Glossary
from .content.addresses import absolute

_PATIENT = {"@type": "MedicalAudience", "audienceType": "Patient"}


def _plain(html: str) -> str:
    """Text of a short HTML piece: blocks become spaces, inline tags vanish ("call <a>999</a>." → "call 999.")."""
    spaced = re.sub(r"</?(?:p|ul|ol|li|br)\b[^>]*>", " ", str(html))
    return re.sub(r"\s+", " ", unescape(strip_tags(spaced))).strip()


def as_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block; <, > and & are escaped so content cannot end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _publisher() -> dict:
    return {"@type": "MedicalOrganization", "name": settings.CLINIC_NAME, "telephone": settings.CLINIC_PHONE}


def article_data(article: Article) -> dict:
    kind, name = article.about
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "url": absolute(article.url),
        "inLanguage": "en-GB",
        "lastReviewed": article.review.reviewed.isoformat(),
        "medicalAudience": _PATIENT,
        "about": {"@type": kind, "name": name},
        "publisher": _publisher(),
        "citation": [{"@type": "CreativeWork", "name": s.title, "url": s.url} for s in article.review.sources],
    }
    if article.review.reviewer:
        data["reviewedBy"] = {"@type": "Person", "name": article.review.reviewer}
    return data


def faq_data(faq: Faq) -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": absolute("/faq/"),
        "inLanguage": "en-GB",
        "mainEntity": [
            {"@type": "Question", "name": entry.question, "url": absolute(f"/faq/#{entry.id}"),
             "acceptedAnswer": {"@type": "Answer", "text": _plain(entry.answer_html)}}
            for entry in faq.entries
        ],
    }


def glossary_data(glossary: Glossary) -> dict:
    url = absolute("/glossary/")
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": url,
        "name": "Glossary: medical words explained",
        "url": url,
        "inLanguage": "en-GB",
        "hasDefinedTerm": [
            {"@type": "DefinedTerm", "@id": f"{url}#{term.id}", "name": term.term, "url": f"{url}#{term.id}",
             "description": _plain(term.definition_html), "inDefinedTermSet": url,
             **({"alternateName": list(term.aliases)} if term.aliases else {})}
            for term in glossary.terms
        ],
    }
