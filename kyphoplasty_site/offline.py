"""Reading without a connection: the service worker, the offline page and the guide to save.

The service worker (templates/offline/sw.js) keeps each page a patient opens; the home
page's "Save this guide to read offline" stores every article, the FAQ and the glossary
at once, from the list at /offline-guide.json. The cache is named after the content's
fingerprint, so a content change brings a new worker that clears the old copy. Browsers
without service workers see the site exactly as before.
"""
from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .site import libraries, library
from .views import public_page

CACHE_PREFIX = "spine-"


def cache_name() -> str:
    """The name of the offline copy of the current content, every edition's: one worker looks after
    every language, and drops any cache not of this name."""
    editions = libraries().values()
    return CACHE_PREFIX + hashlib.sha256("".join(lib.fingerprint for lib in editions).encode()).hexdigest()[:16]


def guide_paths() -> list[str]:
    """What "Save this guide" stores: every article and standalone page, the decision aid, the FAQ, the glossary, the
    offline page, and the styles, script and icon they use (figures are inside the pages)."""
    lib = library()
    pages = [reverse("home"), *(a.url for a in lib.article_list()), *(p.url for p in lib.pages.values()),
             *([reverse("decide")] if lib.decision else []), reverse("faq"), reverse("glossary"), reverse("offline")]
    if translation.get_language() != settings.LANGUAGE_CODE:
        pages.append(reverse("javascript_catalog"))   # the scripts' words in this language
    return pages + [static("css/site.css"), static("js/site.js"), static("favicon.svg"),
                    reverse("web_app_manifest"), static("icons/icon-192.png")]


@require_safe
@cache_control(no_cache=True)   # browsers check for a new worker on every visit
def service_worker(request):
    # The offline page in each language, longest address first: a Polish page kept nowhere falls back
    # to the Polish offline page.
    pages = {}
    for code in settings.PUBLISHED_LANGUAGES:
        with translation.override(code):
            pages[reverse("home")] = reverse("offline")
    offline_pages = sorted(pages.items(), key=lambda pair: -len(pair[0]))
    return render(request, "offline/sw.js", {"cache": cache_name(), "offline_pages": json.dumps(offline_pages)},
                  content_type="application/javascript; charset=utf-8")


@public_page
def offline_guide(request):
    """The list "Save this guide" stores, and the cache it stores it in."""
    return JsonResponse({"cache": cache_name(), "paths": guide_paths()})


@public_page
def web_app_manifest(request):
    """What a phone needs to put the guide on its home screen: the name, where it starts and its
    icons. It opens like an app and, with the service worker above, reads without a connection."""
    icons = [{"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
              "purpose": "any"} for size in (192, 512)]
    icons.append({"src": static("icons/icon-maskable-512.png"), "sizes": "512x512", "type": "image/png",
                  "purpose": "maskable"})
    manifest = {"name": settings.SITE_NAME, "short_name": gettext("Spine guide"), "lang": "en-GB",
                "description": gettext("Plain, balanced information about spine fractures, kyphoplasty and "
                                       "vertebroplasty."),
                "start_url": reverse("home"), "scope": reverse("home"), "display": "standalone",
                "theme_color": "#005a70", "background_color": "#ffffff", "icons": icons}
    return JsonResponse(manifest, content_type="application/manifest+json")


@public_page
def offline(request):
    """What the service worker shows for a page not saved on this device."""
    return render(request, "pages/offline.html", {"canonical_url": "", "hide_header_search": True})
