"""An article's handout variant: the same HTML, fit to share one printed page with others.

Made once per article, the first time a handout needs it (Article.handout_html), never per request. Every id (and every reference to
one: pop-up targets, ARIA labels, in-page links, SVG fills) gets the article's slug as a
prefix, so two articles' call-outs, pop-ups and figures cannot clash on one page; headings
go one level down, because in a handout each article's title is the h2. The headings' soft
hyphens (hyphenation.py) go: a handout is printed, often to a PDF, whose text would then read
"pro cedu re" when searched or copied.
"""
from __future__ import annotations

import re

from .hyphenation import SOFT_HYPHEN

_ID_ATTRIBUTES = re.compile(r'(\s(?:id|popovertarget))="([^"]+)"')
_ID_LIST_ATTRIBUTES = re.compile(r'(\saria-(?:labelledby|describedby))="([^"]+)"')
_IN_PAGE_LINKS = re.compile(r'href="#([^"]+)"')
_SVG_REFERENCES = re.compile(r"url\(#([^)]+)\)")
_SECTION_HEADINGS = re.compile(r"<(/?)h([23])\b")


def handout_html(html: str, slug: str) -> str:
    """`html` (clean article HTML, figures included) with ids prefixed by `slug` and headings demoted."""
    prefix = f"{slug}--"
    html = _ID_ATTRIBUTES.sub(rf'\1="{prefix}\2"', str(html))
    html = _ID_LIST_ATTRIBUTES.sub(
        lambda m: f'{m.group(1)}="' + " ".join(prefix + value for value in m.group(2).split()) + '"', html)
    html = _IN_PAGE_LINKS.sub(rf'href="#{prefix}\1"', html)
    html = _SVG_REFERENCES.sub(rf"url(#{prefix}\1)", html)
    html = html.replace(SOFT_HYPHEN, "")
    return _SECTION_HEADINGS.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)
