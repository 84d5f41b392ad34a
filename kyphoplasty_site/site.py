"""The site's content, loaded once: the library and the search index built from it.

This is the one place both are made. It sits above `content/` (which reads
files) and `search/` (which indexes a library), so neither imports the other.

When the content is read:
- on first use (`library()` or `search_index()`), so management commands that
  never touch it (migrate, collectstatic, help) never read it;
- in gunicorn's master before it forks its workers (`wsgi.py` calls
  `load_at_start()`, and gunicorn.conf.py sets `preload_app`), so the workers
  share one copy in memory and a missing content folder stops the start;
- again only on a restart. Under `manage.py runserver`, Django's autoreloader
  restarts the server when a file in the content or figures folder changes
  (`watch_content`, connected in apps.py); in production, restart the service
  after changing the content.

A broken file does not stop a load: it is skipped, named in the log and in
`manage.py check`, and every other page is served.
"""
from __future__ import annotations

import gc
import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import translation

from .content.files import ContentDirectoryMissing
from .content.loader import load_library
from .content.models import Library
from .content.rendering import SiteValues
from .search import SearchIndex

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Edition:
    library: Library
    search_index: SearchIndex


@dataclass(frozen=True)
class _Loaded:
    editions: dict[str, _Edition]      # language code → its library and search index; English first

    def current(self) -> _Edition:
        """The edition of the language of this request (its address says it), or English."""
        return self.editions.get(translation.get_language()) or self.editions[settings.LANGUAGE_CODE]


_lock = threading.Lock()
_current: _Loaded | None = None


def site_values() -> SiteValues:
    """The clinic's details from settings, for [[placeholders]] in the content."""
    return SiteValues(clinic_name=settings.CLINIC_NAME, clinic_phone=settings.CLINIC_PHONE,
                      emergency_number=settings.EMERGENCY_NUMBER, site_url=settings.SITE_URL)


def _build() -> _Loaded:
    # Rendering makes millions of small objects and no reference cycles worth collecting, so the
    # cyclic collector is paused while it runs: start-up at 1,000 articles falls by about a twentieth
    # (bench/scale).
    was_enabled = gc.isenabled()
    gc.disable()
    editions = {}
    try:
        for code, _name in settings.LANGUAGES:   # the published editions, and the pseudo-locales in tests
            # In the edition's language, whatever the request that loads: the words the site adds to
            # the content (call-out badges, captions) are translated, and search results link to the
            # edition's own pages. (Links are still checked as the English addresses they are written as.)
            with translation.override(code):
                library = load_library(Path(settings.CONTENT_DIR), site_values(), Path(settings.FIGURES_DIR),
                                       edition=None if code == settings.LANGUAGE_CODE else code)
                editions[code] = _Edition(library, SearchIndex.from_library(library))
            log.info("content loaded (%s): %d articles, %d FAQ entries, %d glossary terms, %d problems", code,
                     len(library.articles), len(library.faq.entries), len(library.glossary.terms),
                     len(library.problems))
    finally:
        if was_enabled:
            gc.enable()
    return _Loaded(editions)


def load() -> Library:
    """Read the content folder now, build its search index, and make both current together.

    If reading fails (ContentDirectoryMissing), the exception is raised and
    whatever was loaded before stays current.
    """
    global _current
    with _lock:
        _current = _build()
        return _current.current().library


def _loaded() -> _Loaded:
    global _current
    current = _current
    if current is None:
        with _lock:
            if _current is None:  # another thread may have loaded while this one waited
                _current = _build()
            current = _current
    return current


def library(language: str | None = None) -> Library:
    """The loaded content library (read on first use), in the language of this request or `language`."""
    return _edition(language).library


def search_index(language: str | None = None) -> SearchIndex:
    """The search index of the loaded library, in the language of this request or `language`."""
    return _edition(language).search_index


def libraries() -> dict[str, Library]:
    """Every published edition's library, by language code, English first."""
    return {code: edition.library for code, edition in _loaded().editions.items()}


def _edition(language: str | None) -> _Edition:
    loaded = _loaded()
    return loaded.editions.get(language) if language in loaded.editions else loaded.current()


def load_at_start() -> None:
    """Load before serving; a missing content folder stops the start with one clear line."""
    try:
        library()
    except ContentDirectoryMissing as exc:
        # A set-up mistake, not a bug: one line, not a traceback.
        sys.exit(f"Cannot start: {exc}")
    # The content lives until the process ends: keep the collector from visiting it again, which
    # also keeps its memory pages shared between gunicorn's forked workers (see gc.freeze()).
    gc.freeze()


def watch_content(sender, **kwargs) -> None:
    """Have runserver's autoreloader restart the server when a content or figure file changes."""
    sender.watch_dir(Path(settings.CONTENT_DIR), "**/*")
    sender.watch_dir(Path(settings.FIGURES_DIR), "*.svg")
