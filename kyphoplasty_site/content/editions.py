"""Language editions: a page's address in another language, and the record of each translation.

Content is written with English addresses ("/articles/painkillers/#codeine"), the ones the link
checks resolve; another language's edition shows each as its own page ("/pl/articles/...").

An edition (content/pl/) holds translations of the English files under the same paths, and a
record (content/pl/translations.yaml) of each: the English file's fingerprint when it was
translated, and who translated and checked it. When the English changes, its fingerprint no longer
matches: the content check lists the translation as stale and its page says so, linking to the English.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation

from .problems import WARNING


def resolve_path(path: str):
    """(the URL pattern match, whether "/" had to be added), as CommonMiddleware's APPEND_SLASH does.

    The path is an English address, as content writes them, whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            return resolve(path), False
        except Resolver404:
            pass
        if settings.APPEND_SLASH and not path.endswith("/"):
            try:
                return resolve(path + "/"), True
            except Resolver404:
                pass
    return None, False


def html_lang(code: str) -> str:
    """A language code as HTML's lang attribute and hreflang write it: "en-gb" → "en-GB"."""
    language, _, region = code.partition("-")
    return f"{language}-{region.upper()}" if region and len(region) == 2 else code


def in_language(href: str, language: str) -> str:
    """A site address, as content writes it (in English), as the same page's address in `language`.

    Addresses shared by every language (static files, the sitemap) and other sites stay as they are.
    """
    if language == settings.LANGUAGE_CODE or not href.startswith("/"):
        return href
    path, hash_, fragment = href.partition("#")
    path, query_mark, query = path.partition("?")
    match, _slash_added = resolve_path(path)
    if match is None:
        return href
    with translation.override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return href
    return path + query_mark + query + hash_ + fragment


# What an edition translates: each file a reader sees the words of. The rest (published.txt, short
# links, the number registry's sources, source-hosts.txt) is shared by every language.
TRANSLATED_FILES = ("articles/*.md", "pages/*.md", "faq.yaml", "glossary.yaml", "decision-aid.yaml", "home.yaml",
                    "sections.yaml", "figures.yaml", "red-flags.yaml", "numbers/*.yaml")
# Each edition's record of its translations: content/<edition>/translations.yaml.
RECORD_FILE = "translations.yaml"


@dataclass(frozen=True)
class Translation:
    """One translated file's record: which English it was made from, and who made and checked it."""
    english: str                        # the English file, relative to content/ ("articles/painkillers.md")
    source: str                         # that file's fingerprint when it was translated (`fingerprint()`)
    translated_on: dt.date | None
    translated_by: str
    checked_by: str = ""                # a qualified medical translator; empty until one has checked it
    checked_on: dt.date | None = None
    current: bool = True                # False: the English has changed since (the translation is stale)

    @property
    def checked(self) -> bool:
        return bool(self.checked_by and self.checked_on)


def fingerprint(data: bytes) -> str:
    """A file's fingerprint: the first 12 hex digits of its SHA-256 (`sha256sum FILE | cut -c1-12`)."""
    return hashlib.sha256(data).hexdigest()[:12]


def english_files(root: Path) -> list[str]:
    """The English files an edition translates, relative to the content folder."""
    return sorted(path.relative_to(root).as_posix() for pattern in TRANSLATED_FILES for path in root.glob(pattern)
                  if not path.name.startswith("."))


def load_translations(files) -> dict[str, Translation]:
    """The edition's translation records, each checked against the English file as it is now.

    Every problem is a warning: a stale or unrecorded translation is still served, with a notice
    on its page, and the English file it lacks is served in English.
    """
    root, edition = files.root, files.edition
    record_path = f"{edition}/{RECORD_FILE}"
    data = files.read_yaml(record_path, required=False) or {}
    if not isinstance(data, dict):
        files.problem(record_path, "must map each English file to its translation record")
        data = {}
    records: dict[str, Translation] = {}
    for english in english_files(root):
        translated = _translated_path(root, edition, english)
        entry = data.get(english)
        if not translated.exists():
            files.problem(f"{edition}/{_translated_name(english)}", f"not translated yet: {english} is shown in English",
                          level=WARNING)
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("source"), str):
            files.problem(record_path, f"no record of which version of {english} was translated "
                                       f"(add `{english}: {{source: ...}}`)", field=english, level=WARNING)
            continue
        now = fingerprint((root / english).read_bytes())
        record = Translation(
            english=english, source=entry["source"], translated_on=_date(entry.get("translated_on")),
            translated_by=str(entry.get("translated_by") or ""), checked_by=str(entry.get("checked_by") or ""),
            checked_on=_date(entry.get("checked_on")), current=entry["source"] == now)
        if not record.current:
            files.problem(record_path, f"stale: {english} has changed since it was translated "
                                       f"(translated from {record.source}, now {now})", field=english, level=WARNING)
        records[english] = record
    return records


def _translated_name(english: str) -> str:
    # The registry's numbers are translated in one file, numbers.yaml: only the words change.
    return "numbers.yaml" if english.startswith("numbers/") else english


def _translated_path(root: Path, edition: str, english: str) -> Path:
    return root / edition / _translated_name(english)


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None
