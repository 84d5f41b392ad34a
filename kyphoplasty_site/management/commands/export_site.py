"""Export the public site as files that nginx, any static host or a CDN can serve as they are.

Every page in the sitemap, plus the FAQ, glossary, staff page and 404 page, is
rendered through the same Django views and templates that serve it live, and
written as `path/index.html` with gzip and brotli copies beside it. Static
files are copied from STATIC_ROOT (run `collectstatic` first). Redirects for
old slugs (aliases) and short links are written as an nginx map
(`redirects.map`) and as a `_redirects` file for static hosts. The headers
Django sends (Content-Security-Policy, HSTS, Referrer-Policy, Permissions-Policy,
frame and type options, and cache lifetimes: short for pages, long for hashed
static files) are copied from its own responses into nginx includes
(`headers.conf`, `static-headers.conf`) and a `_headers` file, so the static copy
and the live site cannot drift. The search page's copy searches in the browser
(static/js/static-search.js, reading `search-index.json`, written here from the live
search); where gunicorn runs, `/search/` can go to it instead (docs/deploying.md).
"""
import gzip
import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import brotli
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kyphoplasty_site.site import library
from kyphoplasty_site.content.editions import in_language
from kyphoplasty_site.sitemaps import paths_in_every_language, public_paths, unlisted_paths

# Any address no route answers, to capture the 404 page.
NOT_FOUND_PATH = "/this-page-does-not-exist/"


# The headers a static copy must send as Django does: security, and how long to keep a response.
EXPORTED_HEADERS = ("Content-Security-Policy", "Strict-Transport-Security", "Referrer-Policy",
                    "Permissions-Policy", "X-Frame-Options", "X-Content-Type-Options",
                    "Cross-Origin-Opener-Policy", "Cross-Origin-Resource-Policy", "Cache-Control")


def static_search_index(language: str | None = None) -> dict:
    """What static/js/search-engine.js needs to search one edition of the export with no server: the
    live search's documents, synonyms, broader words, kinds of question, stop words, stemmer and
    ranking numbers (search/), the English words it must not correct, and the red-flag rules and
    advice (content/red_flags.py). Lists are in the order the live search uses them."""
    from kyphoplasty_site.search.weights import WEIGHTS
    from kyphoplasty_site.site import search_index

    index = search_index(language)
    planner = index.planner
    red_flags = library(language).red_flags
    return {
        "language": index.language.as_json(),
        "docs": [[d.url, d.page_title, d.heading, d.indexed_heading, d.body, d.kind, d.aside, d.keywords]
                 for d in index.documents],
        "phrases": {" ".join(k): [" ".join(p) for p in sorted(v)] for k, v in planner.phrases.items()},
        "broader": {" ".join(k): sorted(v) for k, v in planner.broader.items()},
        "asked": [[list(words), form.id, list(form.headings), form.definitions] for words, form in planner.asked],
        "stop": sorted(index.language.stop_words),
        "family": sorted(index.language.family),
        "readThrough": sorted(index.language.read_through),
        "timeUnits": sorted(index.language.time_units),
        "weights": WEIGHTS.as_json(),
        "english": index.english_words_never_corrected(),
        "redFlags": red_flags.as_json() if red_flags else {"ideas": {}, "tiers": []},
    }


def response_headers(response) -> dict[str, str]:
    """The exported headers a response carries, in a fixed order."""
    return {name: response.headers[name] for name in EXPORTED_HEADERS if name in response.headers}


def nginx_headers(headers: dict[str, str]) -> str:
    """`add_header` lines; `always`, so error pages carry them too."""
    return "".join(f'add_header {name} "{value.replace(chr(34), chr(92) + chr(34))}" always;\n'
                   for name, value in headers.items())


def exported_file(path: str) -> str:
    """The file that answers a URL path: `/faq/` → `faq/index.html`, `/sitemap.xml` → `sitemap.xml`."""
    path = path.lstrip("/")
    return path + "index.html" if path == "" or path.endswith("/") else path


class Command(BaseCommand):
    help = "Write the whole public site to a folder for static hosting or a CDN."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="where to write the site (emptied first)")

    def handle(self, folder, **options):
        target = Path(folder)
        static_root = Path(settings.STATIC_ROOT)
        if not (static_root / "staticfiles.json").exists():
            raise CommandError(f"No collected static files in {static_root}: run `manage.py collectstatic` first.")
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        client = Client(HTTP_HOST=host, raise_request_exception=True)
        paths = self.paths()
        search_pages = set(paths_in_every_language([reverse("search")]))
        for path in paths:
            # As a browser on the public site asks: over HTTPS, so a production export is not redirected.
            # The search page's copy searches in the browser (static-search.js), with no server.
            response = client.get(path, {"static": "1"} if path in search_pages else {}, secure=True)
            if response.status_code != 200:
                raise CommandError(f"{path} answered {response.status_code}")
            self.write(target / exported_file(path), response.content)
        not_found = client.get(NOT_FOUND_PATH, secure=True)
        self.write(target / "404.html", not_found.content)
        shutil.copytree(static_root, target / "static")
        redirects = self.redirects()
        (target / "redirects.map").write_text(
            "# nginx: map $uri $redirect_to { include redirects.map; }\n"
            + "".join(f"{old} {new};\n" for old, new, _ in redirects))
        (target / "_redirects").write_text("".join(f"{old} {new} {code}\n" for old, new, code in redirects))
        self.write_headers(target, client)
        for code in settings.PUBLISHED_LANGUAGES:
            # Each edition's search reads its own index, beside its home page (/search-index.json, /pl/search-index.json).
            index_path = exported_file(in_language(reverse("home"), code)).replace("index.html", "search-index.json")
            with translation.override(code):
                self.write(target / index_path, json.dumps(static_search_index(code), separators=(",", ":")).encode())
        self.stdout.write(f"Exported {len(paths)} pages, {len(redirects)} redirects and the static files to {target}.")

    @staticmethod
    def write_headers(target: Path, client: Client) -> None:
        """The headers Django sends with a page and with a hashed static file, for nginx and static hosts."""
        page = response_headers(client.get(reverse("home"), secure=True))
        static_file = response_headers(client.get(static("css/site.css"), secure=True))
        static_file = {**{name: page[name] for name in page if name != "Cache-Control"}, **static_file}
        note = "# Written by `manage.py export_site` from the headers Django sends; do not edit.\n"
        (target / "headers.conf").write_text(note + nginx_headers(page))
        (target / "static-headers.conf").write_text(note + nginx_headers(static_file))
        (target / "_headers").write_text(
            note + "/*\n" + "".join(f"  {name}: {value}\n" for name, value in page.items())
            + "/static/*\n  ! Cache-Control\n" + f"  Cache-Control: {static_file['Cache-Control']}\n")

    def paths(self) -> list[str]:
        """Every page (the sitemap's and the unlisted ones), each FAQ answer's QR image, sitemap and robots.txt."""
        faq_qr_codes = [reverse("faq_qr", kwargs={"entry_id": entry.id}) for entry in library().faq.entries]
        pages = paths_in_every_language(public_paths() + unlisted_paths() + [reverse("offline_guide")])
        # Other languages' pages load their scripts' words (base.html); English needs none.
        pages += [in_language(reverse("javascript_catalog"), code) for code in settings.PUBLISHED_LANGUAGES
                  if code != settings.LANGUAGE_CODE]
        return list(dict.fromkeys(pages + faq_qr_codes + [reverse("sitemap"), reverse("robots"),
                                                          reverse("service_worker"), reverse("web_app_manifest")]))

    def redirects(self) -> list[tuple[str, str, int]]:
        """Old slugs and short links, in every edition (/go/abcd/ to the English, /pl/go/abcd/ to the Polish)."""
        moved, short = [], []
        for language in settings.PUBLISHED_LANGUAGES:
            with translation.override(language):
                lib = library(language)
                moved += [(reverse("article", kwargs={"slug": alias}), reverse("article", kwargs={"slug": slug}), 301)
                          for alias, slug in sorted(lib.aliases.items())]
                for code in sorted(lib.short_links):
                    path, target = reverse("short_link", kwargs={"code": code}), lib.short_link_path(code)
                    # Short links printed before December 2026 end without the slash: both forms must answer.
                    short += [(path.rstrip("/"), target, 302), (path, target, 302)]
        return moved + short

    @staticmethod
    def write(path: Path, body: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        if path.suffix in {".html", ".xml", ".txt", ".svg", ".js", ".json"} and len(body) > 512:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
            path.with_name(path.name + ".br").write_bytes(brotli.compress(body, quality=11))
