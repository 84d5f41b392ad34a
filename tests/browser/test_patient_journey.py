"""A patient's first visit, in Debian's Chromium."""
import re

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
