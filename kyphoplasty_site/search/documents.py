"""Turn the content library into search documents."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from django.urls import reverse
from django.utils.translation import gettext

from kyphoplasty_site.content.models import Library


@dataclass(frozen=True)
class Document:
    url: str
    page_title: str      # the article, "Questions and answers" or "Glossary"
    heading: str         # the section heading, question or term, as shown
    body: str
    kind: str            # "article", "faq" or "glossary"
    matched_heading: str = ""   # what the index matches as the heading (a term with its aliases)
    see_also: str = ""          # an FAQ answer's "read more": the section that says the same at length
    see_also_title: str = ""    # the title of that section's page
    # A section's "when to get help" boxes, when the section is about something else: found by
    # search, but not what the section is about (a box on crises in a section on mood is no
    # answer to "will I end up in a wheelchair").
    aside: str = ""
    # Words matched as part of its text, never shown: the editors' search words for it
    # (search-keywords.yaml), and for an FAQ answer those for its group too, which say what its question
    # is about ("When can I lift things?" is asked after the procedure). Not part of its heading: a
    # longer heading is one BM25 reads as weaker (docs/writing-content.md).
    keywords: str = ""

    @property
    def indexed_heading(self) -> str:
        return self.matched_heading or self.heading

    @property
    def matched_body(self) -> str:
        """What the document says, as search matches it: its body and its search words."""
        return f"{self.body} {self.keywords}" if self.keywords else self.body

    @property
    def searched_body(self) -> str:
        """What the index finds a document by: its body, its search words and its boxes."""
        return f"{self.matched_body} {self.aside}" if self.aside else self.matched_body


def library_documents(library: Library) -> Iterator[Document]:
    """Every search document, each with the editors' search words for it (search-keywords.yaml) added."""
    for document in _documents(library):
        words = library.search_keywords.get(document.url)
        yield replace(document, keywords=" ".join(filter(None, (document.keywords, *words)))) if words else document


def _documents(library: Library) -> Iterator[Document]:
    # The renderer kept the plain text of each article section, answer and definition: no HTML is parsed here.
    # Articles, then the standalone pages (about, accessibility, about the decision aid), section by section.
    for article in [*library.article_list(), *library.pages.values()]:
        for anchor, heading, body, safety in article.text_sections:
            if not body and not heading and not safety:
                continue
            url = article.url + (f"#{anchor}" if anchor else "")
            # Boxes as long as the rest of the section or longer: getting help is what it is about.
            if len(safety.split()) >= len(body.split()):
                body, safety = f"{body} {safety}".strip(), ""
            yield Document(url=url, page_title=article.title, heading=heading or article.title,
                           body=body if anchor else f"{article.summary} {body}", kind="article", aside=safety)
    if library.decision:
        # The decision aid is one place to find, by what it is for and by what it is called.
        aid = library.decision
        yield Document(url=reverse("decide"), page_title=aid.title, heading=aid.title,
                       matched_heading=f"{aid.title} decision aid", body=aid.summary, kind="article")
    faq, glossary = reverse("faq"), reverse("glossary")   # in the edition's language (site.py builds in it)
    for group in library.faq.groups:
        for entry in group.entries:
            more = library.articles.get(entry.more_slug) if entry.more_slug else None
            see_also = more.url + (f"#{entry.more_anchor}" if entry.more_anchor else "") if more else ""
            yield Document(url=f"{faq}#{entry.id}", page_title=gettext("Questions and answers"), heading=entry.question,
                           body=entry.answer_text, kind="faq", see_also=see_also,
                           see_also_title=more.title if more else "",
                           keywords=" ".join(library.search_keywords.get(f"{faq}#{group.id}", ())))
    for term in library.glossary.terms:
        # The aliases are matched as part of the heading, but the result shows the term alone.
        yield Document(url=f"{glossary}#{term.id}", page_title=gettext("Glossary"), heading=term.term,
                       matched_heading=" ".join((term.term, *term.aliases)),
                       body=term.definition_text, kind="glossary")
