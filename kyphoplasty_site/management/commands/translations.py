"""Each edition's translations: which are current, stale, unchecked or missing; and recording new ones.

    manage.py translations                      every edition's status, one line per file
    manage.py translations pl --record articles/painkillers.md --by "Name"
                                                after translating (or updating) content/pl/articles/painkillers.md
    manage.py translations pl --checked articles/painkillers.md --by "Name, qualified medical translator"
                                                after a qualified medical translator has checked it

Recording stores the English file's fingerprint now, so the content check can tell when the
English changes after (editions.py). It never edits the translated text.
"""
import datetime as dt
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kyphoplasty_site.content.editions import RECORD_FILE, english_files, fingerprint, load_translations
from kyphoplasty_site.content.files import ContentFiles

HEADER = (
    "# The record of this edition's translations (written by `manage.py translations`): for each English\n"
    "# file, its fingerprint when it was translated (`source`), and who translated and checked it.\n"
    "# When the English changes, its fingerprint no longer matches, and the page says the translation is out of date.\n"
)


class _PlainDumper(yaml.SafeDumper):
    """Each record written out in full: no YAML anchors for dates that repeat."""

    def ignore_aliases(self, data):
        return True


class Command(BaseCommand):
    help = "List each edition's stale, unchecked and missing translations, or record a translation."
    requires_system_checks = []  # this command is how some content warnings get fixed

    def add_arguments(self, parser):
        parser.add_argument("edition", nargs="?", help="a language code, such as pl (default: every edition)")
        parser.add_argument("--record", nargs="+", metavar="ENGLISH_FILE", default=(),
                            help="English files (relative to content/) whose translation is now up to date")
        parser.add_argument("--checked", nargs="+", metavar="ENGLISH_FILE", default=(),
                            help="English files whose translation a qualified medical translator has checked")
        parser.add_argument("--by", default="", help="who translated or checked them")

    def handle(self, *args, edition=None, record=(), checked=(), by="", **options):
        root = Path(settings.CONTENT_DIR)
        editions = [edition] if edition else [code for code in settings.EDITIONS if code != settings.LANGUAGE_CODE]
        if (record or checked) and not (edition and by):
            raise CommandError("Say which edition, and who translated or checked it: "
                               "translations pl --record FILE --by NAME")
        for code in editions:
            if code not in settings.EDITIONS or code == settings.LANGUAGE_CODE:
                raise CommandError(f"No edition {code!r} (editions: {', '.join(settings.EDITIONS)})")
            if record or checked:
                self.write_records(root, code, record, checked, by)
            self.report(root, code)

    def write_records(self, root: Path, code: str, record, checked, by: str) -> None:
        path = root / code / RECORD_FILE
        data = (yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None) or {}
        known = set(english_files(root))
        today = dt.date.today()
        for english in [*record, *checked]:
            if english not in known:
                raise CommandError(f"{english} is not an English file an edition translates")
        for english in record:
            data[english] = {"source": fingerprint((root / english).read_bytes()), "translated_on": today,
                             "translated_by": by, "checked_by": None, "checked_on": None}
        for english in checked:
            entry = data.get(english) or {}
            if entry.get("source") != fingerprint((root / english).read_bytes()):
                raise CommandError(f"{english}: record its up-to-date translation before marking it checked")
            entry.update(checked_by=by, checked_on=today)
            data[english] = entry
        text = yaml.dump(dict(sorted(data.items())), Dumper=_PlainDumper, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(HEADER + text, encoding="utf-8")

    def report(self, root: Path, code: str) -> None:
        files = ContentFiles(root, code)
        records = load_translations(files)
        stale = [r.english for r in records.values() if not r.current]
        unchecked = [r.english for r in records.values() if r.current and not r.checked]
        self.stdout.write(f"{code}: {len(records)} translated files, {len(stale)} stale, "
                          f"{len(unchecked)} not yet checked by a qualified medical translator")
        for problem in files.problems:
            self.stdout.write(f"  {problem}")
