"""A patient's first visit, in Debian's Chromium."""
import re
from pathlib import Path

from playwright.sync_api import Page, expect


def test_home_to_article_to_glossary_definition(page: Page, live_server):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Spine fractures")
    page.get_by_role("link", name="I have a fracture").click()
    expect(page).to_have_url(re.compile(r"/articles/vertebral-compression-fractures/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vertebral compression fractures")

    term = page.locator(".term-button").first
    tip = page.locator(".term-tip").first
    expect(tip).to_be_hidden()
    # Keyboard focus shows the definition with CSS alone.
    term.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(tip).to_be_visible()
    # A tap or click opens it as a popover, with a link to the glossary entry.
    term.click()
    expect(tip).to_be_visible()
    more = tip.get_by_role("link")
    expect(more).to_have_attribute("href", re.compile(r"^/glossary/#[a-z0-9-]+$"))
    more.click()
    expect(page).to_have_url(re.compile(r"/glossary/#[a-z0-9-]+$"))


def test_glossary_definition_shows_on_hover(page: Page, live_server):
    page.goto(live_server.url + "/articles/balloon-kyphoplasty/")
    term = page.locator(".term").first
    term.scroll_into_view_if_needed()
    expect(term.locator(".term-tip")).to_be_hidden()
    term.locator(".term-button").hover()
    expect(term.locator(".term-tip")).to_be_visible()


DOUBLE_TEXT = (Path(__file__).parent / "js" / "double_text.js").read_text().split("\n", 1)[1]


def test_on_a_phone_with_large_text_the_page_starts_near_the_top_and_the_menu_opens_from_the_keyboard(
        page: Page, live_server):
    """A 320 x 640 phone at 200% text: the header is its name and one "Menu" button (issue 23)."""
    page.set_viewport_size({"width": 320, "height": 640})
    for path in ("/", "/articles/balloon-kyphoplasty/", "/faq/", "/search/?q=pain"):
        page.goto(live_server.url + path)
        page.evaluate(DOUBLE_TEXT)
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 0.5 * 640, (path, header["height"])   # most of the first screen is the page
        expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.goto(live_server.url + "/articles/balloon-kyphoplasty/")
    page.locator(".site-menu-button").focus()
    page.keyboard.press("Enter")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Questions")).to_be_visible()
    expect(page.get_by_role("search", name="Search this site")).to_be_visible()
    page.keyboard.press("Enter")
    expect(nav).to_be_hidden()


def test_on_a_desktop_the_links_and_search_are_in_the_header_with_no_menu_button(page: Page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/articles/balloon-kyphoplasty/")
    expect(page.locator(".site-menu-button")).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Glossary")).to_be_visible()
    expect(page.get_by_role("search", name="Search this site")).to_be_visible()


def test_faq_answers_open_under_their_questions_and_a_link_to_one_opens_it(page: Page, live_server):
    page.goto(live_server.url + "/faq/")
    question = page.locator("#will-i-be-awake > summary")
    answer = page.locator("#will-i-be-awake .faq-answer")
    expect(answer).to_be_hidden()
    question.focus()
    page.keyboard.press("Enter")
    expect(answer).to_be_visible()
    # A clinic's link to one answer, from another page or on the same one, opens it.
    page.goto(live_server.url + "/faq/#does-the-cement-last")
    expect(page.locator("#does-the-cement-last .faq-answer")).to_be_visible()
    expect(page.locator("#what-is-a-compression-fracture .faq-answer")).to_be_hidden()
    page.evaluate("() => { location.hash = '#can-i-walk-my-dog'; }")
    expect(page.locator("#can-i-walk-my-dog .faq-answer")).to_be_visible()


def test_the_printed_faq_has_every_answer(page: Page, live_server, tmp_path):
    import pdfplumber
    page.goto(live_server.url + "/faq/")
    page.pdf(path=tmp_path / "faq.pdf", format="A4")
    with pdfplumber.open(tmp_path / "faq.pdf") as pdf:
        text = " ".join((p.extract_text() or "") for p in pdf.pages).replace("\n", " ")
    assert "The front part of the bone gets squashed" in text
    assert "Back to top" not in text
