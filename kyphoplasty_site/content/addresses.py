"""Addresses: links inside content, the addresses the site has published, short links and old slugs.

One place decides what counts as a published address (`published_addresses`);
the staff page, `update_published`, the link tests and the static export all
ask here. Whether an address still works is decided the way a request is:
Django's URL resolver says which page a path names (`django.urls.resolve`),
then the library says whether that article, page, FAQ entry, glossary term or
short code, and its #anchor, exist. So a link check can never disagree with
the URLconf about what the site answers.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Mapping

from django.conf import settings
from django.urls import reverse

from .decision import DecisionAid
from .editions import resolve_path as _resolve
from .files import ContentFiles
from .models import Article, Faq, Glossary, Library

# Short codes use letters and digits that cannot be mistaken for each other
# when read aloud or copied from paper: no 0/o, 1/l/i.
SHORT_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
SHORT_CODE_RE = re.compile(rf"^[{SHORT_CODE_ALPHABET}]{{3,8}}$")


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def short_url(code: str) -> str:
    return absolute(reverse("short_link", kwargs={"code": code}))


def published_addresses(library: Library) -> list[str]:
    """Paths (with #anchors) that staff may send or print: they must keep working."""
    faq, glossary = reverse("faq"), reverse("glossary")
    addresses = [reverse("home"), faq, glossary]
    for article in library.article_list():
        addresses.append(article.url)
        addresses += [f"{article.url}#{heading.id}" for heading in article.headings]
    addresses += [page.url for page in library.pages.values()]
    addresses += [f"{faq}#{group.id}" for group in library.faq.groups]
    addresses += [f"{faq}#{entry.id}" for entry in library.faq.entries]
    addresses += [f"{glossary}#{term.id}" for term in library.glossary.terms]
    addresses += [reverse("short_link", kwargs={"code": code}) for code in library.short_links]
    if library.decision:
        decide = reverse("decide")
        addresses += [decide, *(f"{decide}#{anchor}" for anchor in sorted(library.decision.anchors))]
    return addresses


def new_short_code(slug: str, taken: set[str], length: int = 4) -> str:
    """A short code derived from the slug, unique among `taken`; stable once written down."""
    for attempt in range(1000):
        digest = int(hashlib.sha256(f"{slug}:{attempt}".encode()).hexdigest(), 16)
        code = ""
        for _ in range(length):
            digest, index = divmod(digest, len(SHORT_CODE_ALPHABET))
            code += SHORT_CODE_ALPHABET[index]
        if code not in taken:
            return code
    raise RuntimeError("no free short code")  # 31^4 codes: only reachable with ~a million articles


# Old slugs and short links ------------------------------------------------------------------------

def check_aliases(files: ContentFiles, articles: Mapping[str, Article]) -> dict[str, str]:
    """Old slug → current slug, from each article's `aliases`; a clash is reported on the article."""
    aliases: dict[str, str] = {}
    for article in articles.values():
        for alias in article.aliases:
            if alias in articles:
                files.problem(article.path, f"alias {alias!r} is the slug of another article", field="aliases")
            elif alias in aliases:
                files.problem(article.path, f"alias {alias!r} is also claimed by {aliases[alias]!r}",
                              field="aliases")
            else:
                aliases[alias] = article.slug
    return aliases


def load_short_links(files: ContentFiles, articles: Mapping[str, Article], aliases: Mapping[str, str]
                     ) -> dict[str, str]:
    """`short-links.yaml`: code → article slug, or → a site path for a page that is not an article
    (`/decide/`). Once the file exists, every article needs a code."""
    data = files.read_yaml("short-links.yaml", required=False)
    if data is None:
        return {}
    if not isinstance(data, dict):
        files.problem("short-links.yaml", "must map each short code to an article slug")
        return {}
    links = {}
    for code, slug in data.items():
        code = str(code)
        if not SHORT_CODE_RE.match(code):
            files.problem("short-links.yaml", f"code {code!r} must be 3 to 8 of {SHORT_CODE_ALPHABET}", field=code)
        elif isinstance(slug, str) and slug.startswith("/"):
            match, slash_added = _resolve(slug)
            if match is None or slash_added or match.url_name in {"article", "short_link"}:
                files.problem("short-links.yaml", f"{slug!r} is not a page of this site (other than an article, "
                                                  "which is named by its slug)", field=code)
            else:
                links[code] = slug
        elif slug in articles:
            links[code] = slug
        elif slug in aliases:
            links[code] = aliases[slug]
        else:
            files.problem("short-links.yaml", f"no article {slug!r}", field=code)
    for slug, article in articles.items():
        if slug not in links.values():
            files.problem(article.path, "has no short link; run `python manage.py update_published` to assign one")
    return links


# Does an address still answer? ---------------------------------------------------------------------

@dataclass(frozen=True)
class Target:
    """What a site path names: kind "article", "page", "faq", "glossary", "short link", "other",
    or None when no route answers it."""
    kind: str | None
    name: str = ""
    exists: bool = True
    anchors: frozenset[str] | None = None   # the #anchors it has; None: not checked
    current: str | None = None              # for an old slug, the article it now names
    slash_added: bool = False               # answers only with "/" added (APPEND_SLASH redirects there)


@dataclass(frozen=True)
class Destinations:
    """Everything an address inside the site can name, once every file is read."""
    articles: Mapping[str, Article]
    pages: Mapping[str, Article]
    aliases: Mapping[str, str]
    faq: Faq
    glossary: Glossary
    short_links: Mapping[str, str] = field(default_factory=dict)
    decision: DecisionAid | None = None

    def target(self, path: str) -> Target:
        """Resolve `path` as a request would be, then look up what it names in the library."""
        match, slash_added = _resolve(path)
        if match is None:
            return Target(None)
        slug = match.kwargs.get("slug")
        if match.url_name == "article":
            current = self.aliases.get(slug)
            article = self.articles.get(current or slug)
            found = Target("article", slug, article is not None, article.anchors if article else None, current)
        elif slug is not None:  # a standalone page (/about/): its route passes the page's slug
            page = self.pages.get(slug)
            found = Target("page", slug, page is not None, page.anchors if page else None)
        elif match.url_name == "faq":
            ids = {entry.id for entry in self.faq.entries} | {group.id for group in self.faq.groups}
            found = Target("faq", anchors=frozenset(ids))
        elif match.url_name == "glossary":
            found = Target("glossary", anchors=frozenset(term.id for term in self.glossary.terms))
        elif match.url_name == "decide":
            found = Target("decision aid", exists=self.decision is not None,
                           anchors=self.decision.anchors if self.decision else None)
        elif match.url_name == "short_link":
            code = match.kwargs["code"].lower()
            found = Target("short link", code, code in self.short_links)
        else:
            found = Target("other")
        return replace(found, slash_added=slash_added)


def link_problem(href: str, here: Article | None, destinations: Destinations) -> str | None:
    """What is wrong with a link in an article's body, or None when it works."""
    if href.startswith(("http://", "https://", "mailto:", "tel:")):
        return None
    if not href:
        return "a link has no address (or an unsafe one that was removed)"
    path, _, anchor = href.partition("#")
    if not path:
        if here is not None and anchor not in here.anchors:
            return f"link to #{anchor}: no such section on this page"
        return None
    if not path.startswith("/"):
        return f"link {href!r} must be a site path starting with /, such as /articles/<slug>/"
    target = destinations.target(path)
    if target.slash_added:
        return f"link {href!r} needs the final slash: {path}/"
    if target.current:
        return f"link {href!r} uses an old slug; link to {destinations.articles[target.current].url} instead"
    if target.kind == "article" and not target.exists:
        return f"link {href!r}: no article {target.name!r}"
    if target.kind == "short link" and not target.exists:
        return f"link {href!r}: no short link {target.name!r}"
    if target.kind is None or not target.exists:
        return f"link {href!r}: no such page on this site"
    if anchor and target.anchors is not None and anchor not in target.anchors:
        return f"link {href!r}: " + {
            "article": f"article {target.name!r} has no section #{anchor}",
            "page": f"page {target.name!r} has no section #{anchor}",
            "faq": f"no FAQ entry #{anchor}",
            "glossary": f"no glossary term #{anchor}",
            "decision aid": f"the decision aid has no section #{anchor}",
        }[target.kind]
    return None


def published_problem(address: str, destinations: Destinations) -> str | None:
    """Why a published address (from `published.txt`) no longer works, or None when it does.

    An old slug is fine: the article it names now answers with a redirect.
    """
    path, _, anchor = address.partition("#")
    target = destinations.target(path)
    if target.kind == "article" and not target.exists:
        return "the article is gone; add its slug to another article's aliases"
    if target.kind == "short link" and not target.exists:
        return "the short link is gone; restore it in short-links.yaml"
    if target.kind is None or not target.exists:
        return "no such page any more"
    if anchor and target.anchors is not None and anchor not in target.anchors:
        name = target.current or target.name
        return {
            "article": f"section #{anchor} is gone from {name}; restore it with {{: #{anchor} }}",
            "page": f"section #{anchor} is gone from {name}; restore it with {{: #{anchor} }}",
            "faq": f"FAQ entry #{anchor} is gone",
            "glossary": f"glossary term #{anchor} is gone",
            "decision aid": f"section #{anchor} is gone from the decision aid",
        }[target.kind]
    return None


def check_published(files: ContentFiles, destinations: Destinations) -> None:
    """Every address in `published.txt` must still answer, so printed and sent links never break."""
    for number, address in files.read_lines("published.txt") or ():
        reason = published_problem(address, destinations)
        if reason:
            files.problem("published.txt", f"{address} no longer works: {reason}", line=number)


def check_faq_links(files: ContentFiles, destinations: Destinations) -> None:
    """Each FAQ answer's `more:` (slug or slug#anchor) must name an article and a section of it."""
    for entry in destinations.faq.entries:
        if entry.more_slug is None:
            continue
        target = destinations.articles.get(entry.more_slug)
        where = f"{entry.id}.more"
        if target is None:
            files.problem("faq.yaml", f"no article {entry.more_slug!r}", field=where)
        elif entry.more_anchor and entry.more_anchor not in target.anchors:
            files.problem("faq.yaml", f"article {entry.more_slug!r} has no section #{entry.more_anchor}",
                          field=where)
