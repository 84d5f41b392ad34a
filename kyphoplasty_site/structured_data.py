"""JSON-LD for link previews and search engines: MedicalWebPage, FAQPage, DefinedTermSet."""
from __future__ import annotations

import json

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .content.models import Article, Faq, Glossary
from .content.addresses import absolute
from .content.editions import html_lang

_PATIENT = {"@type": "MedicalAudience", "audienceType": "Patient"}


def as_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> block; <, > and & are escaped so content cannot end it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')


def _language() -> str:
    """The page's language, as HTML's lang attribute writes it."""
    return html_lang(translation.get_language() or settings.LANGUAGE_CODE)


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
        "inLanguage": _language(),
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
    url = absolute(reverse("faq"))
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": url,
        "inLanguage": _language(),
        "mainEntity": [
            {"@type": "Question", "name": entry.question, "url": f"{url}#{entry.id}",
             "acceptedAnswer": {"@type": "Answer", "text": entry.answer_text}}
            for entry in faq.entries
        ],
    }


def glossary_data(glossary: Glossary, name: str) -> dict:
    """The glossary as a DefinedTermSet called `name` (the page's title)."""
    url = absolute(reverse("glossary"))
    return {
        "@context": "https://schema.org",
        "@type": "DefinedTermSet",
        "@id": url,
        "name": name,
        "url": url,
        "inLanguage": _language(),
        "hasDefinedTerm": [
            {"@type": "DefinedTerm", "@id": f"{url}#{term.id}", "name": term.term, "url": f"{url}#{term.id}",
             "description": term.definition_text, "inDefinedTermSet": url,
             **({"alternateName": list(term.aliases)} if term.aliases else {})}
            for term in glossary.terms
        ],
    }
