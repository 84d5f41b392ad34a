"""Polish and the two pseudo-locales in Chromium: every page type passes axe, reflows at 320 px
with 200% text, and prints; en-xa (accented, a third longer) shows no interface string left in
plain English and clips none; ar-xb (right to left) mirrors the layout.

The pseudo-locales (manage.py pseudo_locales) are served in tests only; their content is the English.
"""
import re

import pdfplumber
import pytest

from .test_accessibility import AXE_TAGS, JS, _report

PAGE_TYPES = ["/", "/articles/balloon-kyphoplasty/", "/faq/", "/glossary/", "/decide/", "/about/",
              "/search/?q=cement", "/for-clinicians/", "/offline/",
              "/handout/?articles=painkillers&sheets=my-procedure,questions", "/no-such-page/"]
LANGUAGES = ["pl", "en-xa", "ar-xb"]


def pages(code: str) -> list[str]:
    return [f"/{code}{path}" for path in PAGE_TYPES]


def _open(page, base: str, path: str):
    response = page.goto(base + path, wait_until="load")
    assert response.status == (404 if "no-such-page" in path else 200), f"{path} answered {response.status}"
    if page.locator("[data-offline-saved]").count():
        page.wait_for_selector("[data-offline-saved][data-ready]", state="attached")


@pytest.mark.parametrize("code", LANGUAGES)
def test_axe_finds_no_violations_in_every_language(tab, axe_source, code):
    page = tab()
    problems = {}
    for path in pages(code):
        _open(page, tab.url, path)
        page.evaluate(axe_source)
        problems[path] = [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}"
                          for v in page.evaluate(JS["axe_run"], AXE_TAGS)]
    _report(problems, f"axe violations in {code}:")


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_type_reflows_at_320_px_with_200_percent_text(tab, code):
    page = tab(width=320, height=640)
    problems = {}
    for path in pages(code):
        _open(page, tab.url, path)
        page.evaluate(JS["double_text"])
        problems[path] = page.evaluate(JS["overflow"], 320)
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    _report(problems)


@pytest.mark.parametrize("code", LANGUAGES)
def test_printed_pages_drop_navigation_and_show_link_addresses(tab, code):
    page = tab()
    problems = {}
    page.emulate_media(media="print")
    try:
        for path in pages(code)[:6]:
            _open(page, tab.url, path)
            problems[path] = page.evaluate(JS["print"])["found"]
    finally:
        page.emulate_media(media="screen")
    _report(problems)


# The interface's own words on a page (not the content, which in a pseudo-locale is the English).
INTERFACE = """() => {
  const parts = [];
  const own = el => [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join(' ');
  for (const el of document.querySelectorAll('.site-header *, .site-footer *, .skip-link, .back-to-top *, '
      + '.contents-title, .review-date, .translation-notice *, .search-form *, .breadcrumbs li:first-child *, '
      + 'button, .site-menu-button, .faq-open-all, .handout-print')) {
    if (el.closest('.site-name, .prose, .faq-answer')) continue;
    parts.push(own(el));
  }
  for (const el of document.querySelectorAll('[aria-label], [placeholder], img[alt]')) {
    for (const name of ['aria-label', 'placeholder', 'alt']) if (el.getAttribute(name)) parts.push(el.getAttribute(name));
  }
  return parts.map(t => t.trim()).filter(Boolean);
}"""
# Words that are the same in every language: the clinic's and site's names (settings), numbers.
PSEUDO_MARK = re.compile(r"[\[\]ẋåƀċđéƒĝĥîĵķĺɱñöþǫŕšţûṽŵýž]")
SAME_EVERYWHERE = {"Spine", "Fracture", "Guide", "Clinic", "English", "Polski", "NHS", "GP", "OK"}


def test_every_interface_string_is_translated(tab):
    """In en-xa every translated string is accented and bracketed: a plain English word is one nobody marked."""
    page = tab()
    problems = {}
    for path in pages("en-xa"):
        _open(page, tab.url, path)
        # A translated string is bracketed and accented; words of the content inside it ("Copy the link
        # to Kyphosis") are fine. A string with neither was never marked for translation.
        problems[path] = sorted({text for text in page.evaluate(INTERFACE)
                                 if not PSEUDO_MARK.search(text)
                                 and set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - SAME_EVERYWHERE})
    _report(problems, "English words left in the interface (strings not marked for translation):")


def test_the_layout_mirrors_right_to_left(tab):
    page = tab()
    _open(page, tab.url, "/ar-xb/articles/balloon-kyphoplasty/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    box = page.evaluate("""() => {
      const callout = getComputedStyle(document.querySelector('.callout'));
      const name = document.querySelector('.site-name').getBoundingClientRect();
      const crumb = document.querySelector('.breadcrumbs li').getBoundingClientRect();
      return {right: parseFloat(callout.borderRightWidth), left: parseFloat(callout.borderLeftWidth),
              name: name.left, crumb: crumb.left, width: innerWidth};
    }""")
    assert box["right"] > box["left"], "a call-out's coloured side is on the left in right-to-left text"
    assert box["name"] > box["width"] / 2 and box["crumb"] > box["width"] / 2, box
    _open(page, tab.url, "/articles/balloon-kyphoplasty/")
    assert page.evaluate("document.documentElement.dir") == ""


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_polish_summaries_print_from_the_first_page_on_at_most_two(tab, paper, tmp_path):
    """A Polish summary runs longer than the English (one page, test_handout_print.py): it may take two
    pages, but its first page is never left empty, and it says the translation is unchecked."""
    page = tab()
    page.emulate_media(media="print")   # the shared tab may have been left on screen media
    try:
        for slug in ("healing-without-a-procedure", "recovery-and-aftercare", "painkillers"):
            _open(page, tab.url, f"/pl/handout/?articles={slug}")
            page.pdf(path=str(tmp_path / f"{slug}.pdf"), format=paper, print_background=True)
    finally:
        page.emulate_media(media="screen")
    for slug in ("healing-without-a-procedure", "recovery-and-aftercare", "painkillers"):
        path = tmp_path / f"{slug}.pdf"
        with pdfplumber.open(path) as pdf:
            texts = [p.extract_text() or "" for p in pdf.pages]
        assert len(texts) <= 2, f"{slug}: {len(texts)} pages"
        assert "W skrócie" in texts[0] and len(texts[0]) > 1500, f"{slug}: the first page is nearly empty"
        assert f"Strona 1 z {len(texts)}" in texts[0] and "tłumacz medyczny jeszcze tego nie sprawdził" in texts[0]
