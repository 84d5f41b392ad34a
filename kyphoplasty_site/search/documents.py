"""Turn the content library into search documents."""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Iterator

from kyphoplasty_site.content.models import Library

_SKIP_CLASSES = {"term-tip", "headerlink"}
_SKIP_TAGS = {"svg", "script", "style"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}


@dataclass(frozen=True)
class Document:
    url: str
    page_title: str      # the article, "Questions and answers" or "Glossary"
    heading: str         # the section heading, question or term
    body: str
    kind: str            # "article", "faq" or "glossary"


class _SectionSplitter(HTMLParser):
    """Split rendered article HTML into (id, heading, text) at each h2 and h3."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections: list[list] = [[None, "", []]]   # [id, heading, text parts]
        self._stack: list[bool] = []                   # skipped?
        self._in_heading = False

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        attrs = dict(attrs)
        skipped = tag in _SKIP_TAGS or bool(set((attrs.get("class") or "").split()) & _SKIP_CLASSES)
        self._stack.append(skipped)
        # Call-out titles are h3s too, but they belong to the section around them.
        if tag in {"h2", "h3"} and not any(self._stack[:-1]) and "callout-title" not in (attrs.get("class") or ""):
            self.sections.append([attrs.get("id"), "", []])
            self._in_heading = True

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if self._stack:
            self._stack.pop()
        if tag in {"h2", "h3"}:
            self._in_heading = False

    def handle_data(self, data):
        if any(self._stack):
            return
        if self._in_heading:
            self.sections[-1][1] += data
        else:
            self.sections[-1][2].append(data)


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article_sections(html: str) -> list[tuple[str | None, str, str]]:
    splitter = _SectionSplitter()
    splitter.feed(str(html))
    splitter.close()
    return [(anchor, _clean(heading), _clean(" ".join(parts))) for anchor, heading, parts in splitter.sections]


def html_text(html: str) -> str:
    return _clean(re.sub(r"<[^>]+>", " ", str(html)).replace("&amp;", "&").replace("&#x27;", "'"))


def library_documents(library: Library) -> Iterator[Document]:
    for article in library.article_list():
        for anchor, heading, body in article_sections(article.html):
            if not body and not heading:
                continue
            url = article.url + (f"#{anchor}" if anchor else "")
            yield Document(url=url, page_title=article.title, heading=heading or article.title,
                           body=body if anchor else f"{article.summary} {body}", kind="article")
    for entry in library.faq.entries:
        yield Document(url=f"/faq/#{entry.id}", page_title="Questions and answers", heading=entry.question,
                       body=html_text(entry.answer_html), kind="faq")
    for term in library.glossary.terms:
        heading = term.term + (f" ({', '.join(term.aliases)})" if term.aliases else "")
        yield Document(url=f"/glossary/#{term.id}", page_title="Glossary", heading=heading,
                       body=html_text(term.definition_html), kind="glossary")
