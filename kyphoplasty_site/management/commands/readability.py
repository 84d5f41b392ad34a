"""Print the reading grade, word count and reading time of every piece of content."""
from statistics import median

from django.conf import settings
from django.core.management.base import BaseCommand

from kyphoplasty_site.content.readability import measure_text, sentence
from kyphoplasty_site.site import library

GRADE_LIMIT = 8
MEDIAN_LIMIT = 7
# Polish is measured by FOG-PL (years of schooling, content/readability.py), not a US grade: Jasnopis
# counts up to 9 as plain enough for a reader with lower-secondary schooling (about age 15).
LIMITS = {"en-gb": (GRADE_LIMIT, MEDIAN_LIMIT), "pl": (9, 7.5)}
MEASURES = {"en-gb": "Flesch-Kincaid grade", "pl": "FOG-PL"}


def readability_rows(language: str = "en-gb"):
    """(kind, name, Readability) for every article, the FAQ, the glossary, each page and the decision aid,
    in one language's edition, measured as that language is (content/readability.py)."""
    lib = library(language)

    def measure(text: str):
        return measure_text(text, language)
    rows = [("article", a.slug, measure(a.prose)) for a in lib.article_list()]
    rows.append(("faq", "all answers", measure(" ".join(f"{sentence(e.question)} {sentence(e.answer_text)}"
                                                        for e in lib.faq.entries))))
    rows.append(("glossary", "all definitions", measure(" ".join(sentence(t.definition_text)
                                                                 for t in lib.glossary.terms))))
    rows += [("page", p.slug, measure(p.prose)) for p in lib.pages.values()]
    if lib.decision:
        rows.append(("page", "decide (the decision aid)", measure(lib.decision.prose)))
    return rows


class Command(BaseCommand):
    help = ("The reading grade (Flesch-Kincaid; FOG-PL for Polish), words and reading time of every article, "
            "the FAQ and the glossary, in each published language.")
    requires_system_checks = []  # measure even while other content problems are being fixed

    def handle(self, *args, **options):
        for language in settings.PUBLISHED_LANGUAGES:
            limit, median_limit = LIMITS.get(language, LIMITS["en-gb"])
            rows = readability_rows(language)
            self.stdout.write(f"\n{settings.EDITIONS[language]}: {MEASURES.get(language, MEASURES['en-gb'])}\n")
            self.stdout.write(f"| {'content':<42} | grade | words | minutes |")
            self.stdout.write(f"|{'-' * 44}|-------|-------|---------|")
            for kind, name, result in rows:
                flag = f"  <-- above {limit}" if result.grade > limit else ""
                self.stdout.write(f"| {kind + ': ' + name:<42} | {result.grade:5.1f} | {result.words:5d} | "
                                  f"{result.minutes:7d} |{flag}")
            articles = [r.grade for kind, _, r in rows if kind == "article"]
            if articles:
                self.stdout.write(f"\nArticles: median {median(articles):.1f} (limit {median_limit}), "
                                  f"highest {max(articles):.1f} (limit {limit}).")
