"""Write the pseudo-locales' interface catalogues, made from the English strings: tests only, never published.

    manage.py pseudo_locales     (make test and make test-fast run it when locale/pl's catalogue changes)

- en-xa, accented and longer: every letter swapped for an accented one ("Ŝķîþ ţö ɱåîñ ċöñţéñţ"),
  bracketed, and a third longer, as German or Polish often are. A plain English word on a page in
  en-xa is a string nobody marked for translation; a bracket cut off is a string that was clipped.
- ar-xb, right to left: every string shown right to left (a right-to-left override around it),
  in a language Django lays out right to left (dir="rtl"). The layout must mirror.

The English strings are the msgids of locale/pl/LC_MESSAGES/django.po and djangojs.po, which
`makemessages` keeps complete. Placeholders (%(name)s) and HTML tags inside a string are kept as they are.
"""
import math
import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

# The interface (django) and the scripts' (djangojs) catalogues.
SOURCES = [Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES" / f"{domain}.po" for domain in ("django", "djangojs")]
# What is kept as written inside a string: placeholders, HTML tags and entities.
_KEPT = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|<[^>]+>|&[a-z#0-9]+;")
_ACCENTED = str.maketrans("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                          "åƀċđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵẋýžÅƁĊĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ")
_LONGER = 0.35
RLO, PDF = "\u202e", "\u202c"


def _outside_kept(text: str, change) -> str:
    """`change` applied to the text between placeholders and tags."""
    pieces, last = [], 0
    for match in _KEPT.finditer(text):
        pieces += [change(text[last:match.start()]), match.group()]
        last = match.end()
    return "".join(pieces + [change(text[last:])])


def accented(text: str) -> str:
    """ "Skip to main content" → "[Ŝķîþ ţö ɱåîñ ċöñţéñţ ẋẋẋ ẋẋẋ]": a third longer, in words that wrap."""
    if not text.strip():
        return text
    visible = len(_KEPT.sub("", text))
    extra = math.ceil(visible * _LONGER)
    padding = " ".join(["ẋẋẋ"] * max(1, round(extra / 4)))
    return f"[{_outside_kept(text, lambda part: part.translate(_ACCENTED))} {padding}]"


def right_to_left(text: str) -> str:
    return text if not text.strip() else RLO + text + PDF


PSEUDO = {"en-xa": accented, "ar-xb": right_to_left}


class Command(BaseCommand):
    help = "Write locale/en_XA and locale/ar_XB (pseudo-locales for the tests) from the English strings."
    requires_system_checks = []

    def handle(self, *args, **options):
        for source_path in SOURCES:
            source = polib.pofile(str(source_path))
            for code, change in PSEUDO.items():
                catalogue = polib.POFile()
                catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": code,
                                      "Plural-Forms": "nplurals=2; plural=(n != 1);"}
                for entry in source:
                    if entry.obsolete:
                        continue
                    pseudo = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt)
                    if entry.msgid_plural:
                        pseudo.msgid_plural = entry.msgid_plural
                        pseudo.msgstr_plural = {0: change(entry.msgid), 1: change(entry.msgid_plural)}
                    else:
                        pseudo.msgstr = change(entry.msgid)
                    catalogue.append(pseudo)
                folder = Path(settings.BASE_DIR) / "locale" / translation.to_locale(code) / "LC_MESSAGES"
                folder.mkdir(parents=True, exist_ok=True)
                catalogue.save(str(folder / source_path.name))
            self.stdout.write(f"Wrote {', '.join(PSEUDO)} {source_path.name} from {len(source)} English strings.")
