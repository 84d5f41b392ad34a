"""Print the reading grade, word count and reading time of every piece of content."""
from statistics import median

from django.core.management.base import BaseCommand

from kyphoplasty_site.content.readability import measure_text, sentence
from kyphoplasty_site.site import library

GRADE_LIMIT = 8
MEDIAN_LIMIT = 7


def readability_rows():
    """(kind, name, Readability) for every article, the FAQ, the glossary, each page and the decision aid."""
    lib = library()
    rows = [("article", a.slug, measure_text(a.prose)) for a in lib.article_list()]
    rows.append(("faq", "all answers", measure_text(" ".join(f"{sentence(e.question)} {sentence(e.answer_text)}"
                                                             for e in lib.faq.entries))))
    rows.append(("glossary", "all definitions", measure_text(" ".join(sentence(t.definition_text)
                                                                      for t in lib.glossary.terms))))
    rows += [("page", p.slug, measure_text(p.prose)) for p in lib.pages.values()]
    if lib.decision:
        rows.append(("page", "decide (the decision aid)", measure_text(lib.decision.prose)))
    return rows


class Command(BaseCommand):
    help = "Flesch-Kincaid grade, words and reading time for every article, the FAQ and the glossary."
    requires_system_checks = []  # measure even while other content problems are being fixed

    def handle(self, *args, **options):
        rows = readability_rows()
        self.stdout.write(f"| {'content':<42} | grade | words | minutes |")
        self.stdout.write(f"|{'-' * 44}|-------|-------|---------|")
        for kind, name, result in rows:
            flag = "  <-- above grade 8" if result.grade > GRADE_LIMIT else ""
            self.stdout.write(f"| {kind + ': ' + name:<42} | {result.grade:5.1f} | {result.words:5d} | "
                              f"{result.minutes:7d} |{flag}")
        articles = [r.grade for kind, _, r in rows if kind == "article"]
        if articles:
            self.stdout.write(f"\nArticles: median grade {median(articles):.1f} (limit {MEDIAN_LIMIT}), "
                              f"highest {max(articles):.1f} (limit {GRADE_LIMIT}).")
