"""Handouts printed by Chromium on A4 and US Letter: page counts, every page's running header and
number, nothing cut at a page edge, no near-empty page, and nothing typed ever leaves the page.

The PDFs are read back with pdfplumber, which gives every character's position on its page.
"""
import re

import pdfplumber
import pytest
from playwright.sync_api import Page, expect

SUMMARY_TWO = "/handout/?articles=balloon-kyphoplasty,recovery-and-aftercare"
SUMMARY_ONE = "/handout/?articles=balloon-kyphoplasty"
SHEETS = "/handout/?sheets=my-procedure,questions"
FULL_TEXT = "/handout/?articles=balloon-kyphoplasty,recovery-and-aftercare&text=full"

# What each print must come to, at most, on either paper.
MOST_PAGES = {SUMMARY_TWO: 2, SUMMARY_ONE: 1, SHEETS: 2}


def printed(page: Page, live_server, tmp_path, address: str, paper: str):
    page.goto(live_server.url + address)
    page.emulate_media(media="print")
    path = tmp_path / f"{paper}.pdf"
    page.pdf(path=str(path), format=paper)
    return pdfplumber.open(path)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("address", [SUMMARY_TWO, SUMMARY_ONE, SHEETS, FULL_TEXT])
def test_a_handout_prints_whole_pages_each_with_the_clinic_and_its_number(page: Page, live_server, tmp_path,
                                                                            settings, address, paper):
    with printed(page, live_server, tmp_path, address, paper) as pdf:
        pages = pdf.pages
        assert len(pages) <= MOST_PAGES.get(address, 40), f"{len(pages)} pages"
        if address == SHEETS:
            assert len(pages) == 2, "each sheet on a page of its own"
        for number, sheet in enumerate(pages, 1):
            text = sheet.extract_text() or ""
            assert f"{settings.CLINIC_NAME} · Phone {settings.CLINIC_PHONE}" in text, f"page {number}: no header"
            assert f"Page {number} of {len(pages)}" in text, f"page {number}: no page number"
            # Nothing cut at an edge: every character lies wholly on its page.
            cut = [c["text"] for c in sheet.chars
                   if c["x0"] < 0 or c["x1"] > sheet.width or c["top"] < 0 or c["bottom"] > sheet.height]
            assert not cut, f"page {number}: characters cut at the edge: {''.join(cut)[:80]!r}"
            # No near-empty page: more than the header, the number and a line or two.
            assert len(text) > 300, f"page {number} is nearly empty: {text!r}"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_no_heading_is_left_alone_at_the_bottom_of_a_printed_page(page: Page, live_server, tmp_path, paper):
    page.goto(live_server.url + FULL_TEXT)
    headings = {h.strip() for h in page.locator(".handout h2, .handout h3, .handout h4").all_inner_texts()}
    with printed(page, live_server, tmp_path, FULL_TEXT, paper) as pdf:
        for number, sheet in enumerate(pdf.pages[:-1], 1):
            lines = [line for line in (sheet.extract_text() or "").splitlines() if not line.startswith("Page ")]
            assert lines[-1].strip() not in headings, f"page {number} ends with the heading {lines[-1]!r}"


def test_my_procedure_sheet_sends_nothing_while_typing_and_printing(page: Page, live_server, tmp_path):
    page.goto(live_server.url + "/handout/?sheets=my-procedure")
    page.wait_for_load_state("networkidle")   # the page's own files, the icon included, have come
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    fields = page.locator(".sheet input")
    expect(fields.first).to_be_visible()
    for index in range(fields.count()):
        fields.nth(index).fill(f"private answer {index}")
        fields.nth(index).press("Enter")   # a form would submit on Enter; there is none
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "sheet.pdf"), format="A4")
    assert requests == [], requests
    assert "private" not in page.url
    with pdfplumber.open(tmp_path / "sheet.pdf") as pdf:
        assert "private answer 0" in (pdf.pages[0].extract_text() or "")   # what was typed is printed


def test_my_procedure_sheet_prints_blank_lines_with_javascript_off(browser, live_server, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/handout/?sheets=my-procedure")
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "blank.pdf"), format="A4")
    with pdfplumber.open(tmp_path / "blank.pdf") as pdf:
        text = pdf.pages[0].extract_text() or ""
        assert len(pdf.pages) == 1 and "My procedure" in text and "Stop eating at" in text
        assert pdf.pages[0].lines or pdf.pages[0].rects, "no lines to write on"
    context.close()


def test_the_printed_summary_names_each_article_and_its_address(page: Page, live_server, tmp_path):
    with printed(page, live_server, tmp_path, SUMMARY_TWO, "A4") as pdf:
        first, second = (sheet.extract_text() or "" for sheet in pdf.pages)
    assert "Balloon kyphoplasty" in first and "What happens, step by step" in first
    assert "Recovery and aftercare" in second and "When to get help" in second
    for text in (first, second):
        assert re.search(r"/go/[a-z0-9]+/", text), "the short address to the whole page"


def test_a_focused_box_prints_without_its_focus_ring(page: Page, live_server):
    page.goto(live_server.url + "/handout/?sheets=my-procedure")
    field = page.locator(".sheet input").first
    field.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")   # focus by keyboard: the ring a screen shows
    ring = "el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).boxShadow]"
    assert field.evaluate(ring) != ["none", "none"]
    page.emulate_media(media="print")
    assert field.evaluate(ring) == ["none", "none"]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_each_article_s_summary_prints_on_one_page_with_the_clinic_phone_in_its_body(page: Page, live_server, tmp_path,
                                                                                    settings, paper):
    """A nurse prints one article's summary: one page at 12 point, never a page with only its header,
    and the clinic's number in the text itself, not only in the small running header (issue 23)."""
    from kyphoplasty_site.site import library
    longer = []
    for article in library().article_list():
        with printed(page, live_server, tmp_path, f"/handout/?articles={article.slug}", paper) as pdf:
            texts = [sheet.extract_text() or "" for sheet in pdf.pages]
        body = " ".join(texts[0].split("\n", 1)[1].split())      # below the running header
        assert f"Call {settings.CLINIC_NAME} on {settings.CLINIC_PHONE}" in body, article.slug
        assert "At a glance" in body, f"{article.slug}: page 1 holds only the header and title"
        if len(texts) > 1:
            longer.append(article.slug)
    assert not longer, f"{paper}: {longer} print on more than one page"


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_large_print_prints_two_summaries_at_14_point_on_at_most_4_pages(page: Page, live_server, tmp_path, paper):
    with printed(page, live_server, tmp_path, SUMMARY_TWO + "&size=large", paper) as pdf:
        large = [round(c["size"]) for c in pdf.pages[0].chars if c["text"].isalpha()]
        assert len(pdf.pages) <= 4
    with printed(page, live_server, tmp_path, SUMMARY_TWO, paper) as pdf:
        standard = [round(c["size"]) for c in pdf.pages[0].chars if c["text"].isalpha()]
    # The body text, the size most letters are printed at: 14 point large, 12 point standard.
    assert max(set(large), key=large.count) == 14 and max(set(standard), key=standard.count) == 12


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_full_text_fills_its_pages_and_prints_each_short_address_on_one_line(page: Page, live_server, tmp_path,
                                                                                paper):
    """No page less than half full but the last of each part (an article, the words used); the short
    address under each QR code on one line, whole (issue 23)."""
    from kyphoplasty_site.site import library
    lib = library()
    codes = [lib.short_code(slug) for slug in ("balloon-kyphoplasty", "recovery-and-aftercare")]
    with printed(page, live_server, tmp_path, FULL_TEXT, paper) as pdf:
        pages = pdf.pages
        lines = [(sheet.extract_text() or "").splitlines() for sheet in pages]
        # A part starts on a page whose first line below the running header is its title.
        starts = [i for i, text in enumerate(lines)
                  if len(text) > 1 and text[1].strip() in ("Recovery and aftercare", "Words used in this handout")]
        lasts = {i - 1 for i in starts} | {len(pages) - 1}
        for number, sheet in enumerate(pages):
            body = [w for w in sheet.extract_words() if 40 < w["top"] < sheet.height - 45]   # not the margins
            if number not in lasts:
                assert max(w["bottom"] for w in body) > sheet.height / 2, f"page {number + 1} is less than half full"
        printed_lines = [line.strip() for text in lines for line in text]
    # A printed address, "(https://...)", is split only after a hyphen or a slash, never inside a word.
    split_inside = []
    for line, following in zip(printed_lines, printed_lines[1:]):
        start = line.rfind("(http")
        if start >= 0 and ")" not in line[start:] and line[-1] not in "-/#":
            split_inside.append((line[start:], following[:20]))
    assert not split_inside, split_inside[:5]
    for code in codes:
        assert any(line.endswith(f"/go/{code}/") and "://" not in line for line in printed_lines), code
