"""A staff member, without help: find a section, copy its link, show a QR code, print a handout."""
import re

from playwright.sync_api import Page, expect


def test_staff_member_copies_a_section_link_and_shows_a_qr_code(page: Page, live_server, settings):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="For clinic staff").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("For clinic staff")

    # Each article's links are folded away until opened, so the page is short.
    expect(page.locator(".copy-button:visible")).to_have_count(0)
    article = page.locator("details.staff-links", has=page.locator("summary", has_text=re.compile(r"^Recovery and aftercare$")))
    article.locator("summary").click()
    section_url = f"{settings.SITE_URL}/articles/recovery-and-aftercare/#when-to-get-help"
    expect(article.get_by_role("link", name=section_url)).to_be_visible()
    copy = article.locator(f'button[data-copy="{section_url}"]')
    expect(copy).to_be_visible()  # JavaScript reveals the button
    copy.click()
    expect(copy).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == section_url

    expect(article.get_by_role("img", name="QR code for Recovery and aftercare")).to_be_visible()
    page.locator("summary", has_text=re.compile(r"Links to all \d+ answers")).click()
    question = page.locator(".staff-article", has_text="When can I drive again?")
    question.locator("summary", has_text="QR code").click()
    expect(question.get_by_role("img", name=re.compile("QR code for the answer to"))).to_be_visible()


def test_staff_member_prints_a_two_article_summary_and_both_sheets_with_the_keyboard(page: Page, live_server):
    """At 1280 x 800, from the keyboard alone, within 3 screens of the top of the staff page (issue 23)."""
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/for-clinicians/")
    page.get_by_role("link", name="Make a handout").focus()
    page.keyboard.press("Enter")                      # "On this page" jumps to the form
    deepest = 0
    for name in ("Balloon kyphoplasty", "Recovery and aftercare", "My procedure", "Questions to ask"):
        box = page.get_by_role("checkbox", name=name, exact=True)
        while not page.evaluate("(el) => el === document.activeElement", box.element_handle()):
            page.keyboard.press("Tab")
        page.keyboard.press("Space")
        expect(box).to_be_checked()
        deepest = max(deepest, page.evaluate("() => scrollY + innerHeight"))
    expect(page.get_by_role("radio", name=re.compile("A short summary"))).to_be_checked()   # the default
    button = page.get_by_role("button", name="Make a handout (2 articles, 2 sheets chosen)")
    expect(button).to_be_in_viewport()                # the bar stays on screen while choosing
    button.focus()
    deepest = max(deepest, page.evaluate("() => scrollY + innerHeight"))
    assert deepest <= 3 * 800, f"the handout took {deepest / 800:.1f} screens"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/handout/\?articles=balloon-kyphoplasty&articles=recovery-and-aftercare"
                                        r"&text=summary&size=standard&sheets=my-procedure&sheets=questions$"))
    for title in ("Balloon kyphoplasty", "Recovery and aftercare", "My procedure", "Questions to ask before you decide"):
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
    expect(page.get_by_role("button", name="Print this handout")).to_be_visible()

    page.get_by_role("link", name="Print the full text").click()
    expect(page).to_have_url(re.compile(r"text=full"))
    expect(page.get_by_role("heading", level=2, name="Words used in this handout")).to_be_visible()
    expect(page.get_by_role("heading", level=2, name="My procedure")).to_be_visible()   # the sheets come along

    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".handout-actions")).to_be_hidden()


def test_every_page_prints_without_navigation_and_with_its_qr_code(page: Page, live_server):
    page.goto(live_server.url + "/articles/vertebroplasty/")
    page.emulate_media(media="print")
    expect(page.locator(".site-nav")).to_be_hidden()
    expect(page.locator(".print-link svg[role=img]")).to_be_visible()
    expect(page.locator(".review-date")).to_be_visible()
    expect(page.locator(".sources")).to_be_visible()
    link = page.locator(".prose a[data-print-url]").first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "/articles/" in after and after.startswith('" (http')


def test_the_staff_page_warns_when_open_at_another_address_than_its_links_use(page: Page, live_server, settings):
    page.goto(live_server.url + "/for-clinicians/")   # the test server's address is not SITE_URL
    warning = page.get_by_role("note").filter(has_text="These links may not work for patients")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text(live_server.url)
    expect(warning).to_contain_text(settings.SITE_URL)
    settings.SITE_URL = live_server.url
    # A new address, so the browser asks the server again rather than reuse the page it has.
    page.goto(live_server.url + "/for-clinicians/?topic=")
    expect(page.get_by_text("These links may not work for patients")).to_be_hidden()
