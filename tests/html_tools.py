"""Small helpers for asserting on rendered HTML without a third-party parser, and the pages to check."""
import re
from collections import Counter
from html.parser import HTMLParser
from xml.etree import ElementTree

# The site-wide checks visit every public page (kyphoplasty_site.sitemaps: the sitemap's pages
# and those it leaves out on purpose) and these, each answering 200 unless EXPECTED_STATUS says
# otherwise (a page that stops answering fails the checks, it does not drop out).
# The third search shows an answer first ("Best match"), with the FAQ answer whole.
PAGES_WITH_A_QUERY_OR_AN_ERROR = ["/search/?q=cement", "/search/?q=zzqxv",
                                  "/search/?q=am+I+a+good+candidate+for+kyphoplasty", "/no-such-page/",
                                  "/handout/?articles=balloon-kyphoplasty,recovery-and-aftercare"]
EXPECTED_STATUS = {"/no-such-page/": 404}


def sitemap_paths(client) -> list[str]:
    """The paths /sitemap.xml lists, in its order."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in locations]


def site_pages() -> list[str]:
    """Every page the site-wide checks visit, each once, in a stable order."""
    from kyphoplasty_site.sitemaps import public_paths, unlisted_paths

    return list(dict.fromkeys(public_paths() + unlisted_paths() + PAGES_WITH_A_QUERY_OR_AN_ERROR))

LOADS_SRC = {"script", "img", "iframe", "source", "video", "audio", "embed", "input", "track"}


class PageFacts(HTMLParser):
    """Collects the facts site-wide tests assert on: tags, ids, links, meta, what a browser loads."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False
        self.headings: list[int] = []
        # Every address a browser fetches on its own while showing the page.
        self.loaded: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags[tag] += 1
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "meta" and "name" in attrs:
            self.meta[attrs["name"]] = attrs.get("content", "")
        if tag == "meta" and "property" in attrs:
            self.meta[attrs["property"]] = attrs.get("content", "")
        if tag == "title":
            self._in_title = True
        if tag in LOADS_SRC and attrs.get("src"):
            self.loaded.append(attrs["src"])
        # A canonical link names the page itself, and an alternate one the page in another language:
        # neither is fetched. Every other <link> may be.
        if tag == "link" and attrs.get("href") and not {"canonical", "alternate"} & set((attrs.get("rel") or "").split()):
            self.loaded.append(attrs["href"])
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
