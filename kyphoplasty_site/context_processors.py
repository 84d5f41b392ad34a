from urllib.parse import urlencode

from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from .content.editions import html_lang
from .content.phone import tel_href
from .site import library

# Link previews (Open Graph, Twitter cards) show this picture. Its words are part of the PNG, so
# the alt text says them, and what the drawing shows, rather than the configurable SITE_NAME.
SHARE_IMAGE = "og-image.png"
SHARE_IMAGE_ALT = ("Spine Fracture Guide: clear, balanced information about spine compression fractures, "
                   "kyphoplasty and vertebroplasty. Beside the words, a column of six spine bones, "
                   "one of them squashed and coloured yellow.")


def site(request):
    """Clinic details, site identity, the page's language and its other editions, and the link-preview
    picture, for every template."""
    return {
        **languages(request),
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "CLINIC_NAME": settings.CLINIC_NAME,
        "CLINIC_PHONE": settings.CLINIC_PHONE,
        "CLINIC_PHONE_HREF": tel_href(settings.CLINIC_PHONE),
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "EMERGENCY_HREF": tel_href(settings.EMERGENCY_NUMBER),
        "SHARE_IMAGE_URL": settings.SITE_URL + static(SHARE_IMAGE),
        "SHARE_IMAGE_ALT": SHARE_IMAGE_ALT,
    }


def languages(request) -> dict:
    """The page's language, and the same page in every published language (for hreflang and the switcher).

    Only a page with an address in every language (not an error page or a staff image) has
    other editions; each is the same view, reversed in that language.
    """
    code = translation.get_language() or settings.LANGUAGE_CODE
    match = getattr(request, "resolver_match", None)
    editions = []
    # The same search, the same handout: what the page was asked for goes along, as the view
    # understood it (a handout sets `language_query` to the articles and sheets it found).
    query = getattr(request, "language_query", None)
    if query is None:
        query = urlencode({"q": request.GET["q"]}) if request.GET.get("q") else ""
    if match is not None and len(settings.PUBLISHED_LANGUAGES) > 1:
        for other in settings.PUBLISHED_LANGUAGES:
            with translation.override(other):
                try:
                    url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
                except NoReverseMatch:
                    editions = []
                    break
            url += f"?{query}" if query else ""
            editions.append({"code": other, "lang": html_lang(other), "name": settings.EDITIONS[other],
                             "url": url, "absolute_url": settings.SITE_URL + url, "current": other == code})
        if len({edition["url"] for edition in editions}) < len(editions):
            editions = []   # an address shared by every language: nothing to switch to
    return {
        "TRANSLATION_NOTICE": translation_notice(match, code, editions) if editions else None,
        "LANGUAGE_HTML": html_lang(code),
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "OG_LOCALE": og_locale(code),
        "EDITIONS": editions,
    }


def og_locale(code: str) -> str:
    """Open Graph's locale: "en-gb" → "en_GB"; a language alone gains its country ("pl" → "pl_PL")."""
    locale = translation.to_locale(code)
    return locale if "_" in locale else f"{locale}_{locale.upper()}"


# The English file each translated page is made from, by its route.
_ENGLISH_FILE = {"home": lambda kw: "home.yaml", "faq": lambda kw: "faq.yaml", "glossary": lambda kw: "glossary.yaml",
                 "decide": lambda kw: "decision-aid.yaml", "article": lambda kw: f"articles/{kw['slug']}.md"}


def translation_notice(match, code: str, editions: list[dict]) -> dict | None:
    """What a translated page says about its translation: who made and checked it, whether the English
    has changed since, or that there is none yet; with the English page's address. None in English."""
    if code == settings.LANGUAGE_CODE:
        return None
    if match.url_name in _ENGLISH_FILE:
        english = _ENGLISH_FILE[match.url_name](match.kwargs)
    elif "slug" in match.kwargs and match.url_name == match.kwargs["slug"]:
        english = f"pages/{match.kwargs['slug']}.md"   # a standalone page (/about/)
    else:
        return None   # search, the staff tools: interface only, nothing translated from a content file
    return {"record": library().translations.get(english), "english_url": editions[0]["url"]}
