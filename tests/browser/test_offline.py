"""Reading without a connection: pages opened before open again, others show the offline page,
"Save this guide" keeps every article, and a content change reaches the patient on the next visit."""
import re
import shutil

import pytest
from playwright.sync_api import expect

from kyphoplasty_site.site import library


@pytest.fixture
def offline_tab(browser, live_server):
    """A fresh browser profile (no saved pages), its service worker running and in control."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(live_server.url + "/")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()   # the first page loads before the worker; from now on it is in control
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    yield context, page
    context.close()


def test_pages_opened_before_open_offline_and_others_show_the_offline_page(offline_tab, live_server):
    context, page = offline_tab
    articles = library().article_list()
    first, second, never = articles[0], articles[1], articles[2]
    for article in (first, second):
        page.goto(live_server.url + article.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    context.set_offline(True)
    for article in (first, second):
        page.goto(live_server.url + article.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(second.title)
    page.goto(live_server.url + never.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    saved = page.locator("[data-offline-saved]")
    expect(saved).to_be_visible()
    expect(saved.get_by_role("link", name=first.title, exact=True)).to_be_visible()


def test_save_this_guide_keeps_every_article_the_faq_and_the_glossary(offline_tab, live_server):
    context, page = offline_tab
    page.get_by_role("button", name="Save this guide to read offline").click()
    expect(page.locator(".offline-save-status")).to_have_text(re.compile(r"^Saved: \d+ pages and files \([\d.]+ MB\)"))
    context.set_offline(True)
    for article in library().article_list():
        page.goto(live_server.url + article.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    for path, title in (("/faq/", "Questions and answers"), ("/glossary/", re.compile("Glossary"))):
        page.goto(live_server.url + path)
        # By its accessible name, which leaves out the heading's soft hyphens (content/hyphenation.py).
        expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()


def test_a_content_change_reaches_the_patient_on_the_next_visit_online(offline_tab, live_server, tmp_path,
                                                                      use_content, settings):
    context, page = offline_tab
    article = library().article_list()[0]
    page.goto(live_server.url + article.url)
    old_caches = page.evaluate("() => caches.keys()")
    # The content changes on the server: a new sentence in the article's file.
    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    source = content / "articles" / f"{article.slug}.md"
    source.write_text(source.read_text().replace("\n## ", "\nA sentence added today.\n\n## ", 1))
    use_content(content)
    page.goto(live_server.url + article.url)   # online: the newest page, and a new worker
    expect(page.get_by_text("A sentence added today.")).to_be_visible()
    # The new content's worker takes over and removes the old copy ...
    page.wait_for_function("(old) => caches.keys().then(names => names.length > 0 && "
                           "names.every(name => !old.includes(name)))", arg=old_caches)
    # ... and keeps the new page from the next visit on.
    page.reload()
    context.set_offline(True)
    page.reload()
    expect(page.get_by_text("A sentence added today.")).to_be_visible()



def test_the_guide_can_be_put_on_a_phones_home_screen(browser_type, browser_type_launch_args, live_server,
                                                      client, tmp_path):
    """A web app manifest (name, start address, colours, icons, one maskable) that Chromium accepts.

    Chromium never offers to install from a private window, so this uses an ordinary profile.
    """
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    context = browser_type.launch_persistent_context(str(tmp_path / "profile"), **browser_type_launch_args)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        page.evaluate("() => navigator.serviceWorker.ready")
        for icon in manifest["icons"]:
            assert page.request.get(live_server.url + icon["src"]).ok, icon["src"]
        cdp = context.new_cdp_session(page)
        assert cdp.send("Page.getAppManifest")["errors"] == []
        assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    finally:
        context.close()


def test_save_this_guide_in_polish_keeps_the_polish_pages_and_offline_page(offline_tab, live_server):
    """Each edition saves its own pages, with the scripts' Polish words; a Polish page kept nowhere
    shows the Polish offline page."""
    context, page = offline_tab
    page.goto(live_server.url + "/pl/")
    page.get_by_role("button", name="Zapisz poradnik, aby czytać go bez internetu").click()
    expect(page.locator(".offline-save-status")).to_have_text(re.compile(r"^Zapisano na tym urządzeniu: \d+ stron"))
    context.set_offline(True)
    polish = library("pl")
    for article in polish.article_list()[:3]:
        page.goto(live_server.url + article.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    page.goto(live_server.url + "/pl/search/?q=ból")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nie masz internetu")
    assert page.evaluate("document.documentElement.lang") == "pl"
