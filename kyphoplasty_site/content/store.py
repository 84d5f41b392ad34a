"""The one loaded Library that views read from.

Loaded once at start-up (AppConfig.ready, before gunicorn forks its workers
when `preload_app` is on). In DEBUG, a change to any content file is picked
up on the next request without a restart.
"""
from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from django.conf import settings

from .loader import ContentDirectoryMissing, load_library
from .models import Library
from .rendering import SiteValues

log = logging.getLogger(__name__)

_lock = threading.Lock()
_state: dict = {"library": None, "snapshot": None, "search": None, "checked": 0.0}


def site_values() -> SiteValues:
    return SiteValues(clinic_name=settings.CLINIC_NAME, clinic_phone=settings.CLINIC_PHONE,
                      emergency_number=settings.EMERGENCY_NUMBER, site_url=settings.SITE_URL)


def _snapshot() -> tuple:
    """Names, sizes and modification times of every content and figure file."""
    entries = []
    for folder in (Path(settings.CONTENT_DIR), Path(settings.FIGURES_DIR)):
        if not folder.is_dir():
            continue
        for path in folder.rglob("*"):
            try:
                stat = path.stat()
            except OSError:
                continue
            entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def load() -> Library:
    """(Re)load the library from disk and make it current."""
    with _lock:
        snapshot = _snapshot()
        library = load_library(Path(settings.CONTENT_DIR), site_values(), Path(settings.FIGURES_DIR),
                               cache_dir=settings.CONTENT_CACHE_DIR)
        from kyphoplasty_site.search import SearchIndex  # the index is built from the library

        _state["search"] = SearchIndex.from_library(library)
        _state["library"], _state["snapshot"] = library, snapshot
        log.info("content loaded: %d articles, %d FAQ entries, %d glossary terms, %d problems",
                 len(library.articles), len(library.faq.entries), len(library.glossary.terms),
                 len(library.problems))
        return library


def _due_for_a_look() -> bool:
    """In DEBUG, every request looks for changed files; otherwise every CONTENT_RELOAD_SECONDS, if set."""
    if settings.DEBUG:
        return True
    interval = settings.CONTENT_RELOAD_SECONDS
    if interval <= 0 or time.monotonic() - _state["checked"] < interval:
        return False
    _state["checked"] = time.monotonic()
    return True


def library() -> Library:
    """The current library, reloaded first if a file changed and reloading is on.

    A reload that fails outright (the content folder gone, say) is logged and
    the previous library keeps serving; a broken file is skipped by the
    loader and named in the log, and every other page keeps serving.
    """
    current = _state["library"]
    if current is None:
        return load()
    if _due_for_a_look() and _snapshot() != _state["snapshot"]:
        try:
            current = load()
        except ContentDirectoryMissing as exc:
            log.error("content reload failed, still serving the previous content: %s", exc)
            _state["snapshot"] = _snapshot()
        except Exception:
            log.exception("content reload failed, still serving the previous content")
            _state["snapshot"] = _snapshot()
    return current


def search_index():
    """The search index built from the current library."""
    library()  # reloads first in DEBUG if the content changed
    return _state["search"]
