"""The static export searches with no server: static-search.js answers patients' questions from
search-index.json, on a plain static file server, with the same expected answers as the live site."""
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from tests.content.test_search_heldout import HELD_OUT_SETS, LAST_MEASURED, answered

QUESTIONS = yaml.safe_load((Path(__file__).parents[1] / "content" / "search_questions.yaml").read_text())


@pytest.fixture(scope="module")
def static_host(exported_site):
    """The export, served by Python's plain file server on 127.0.0.1 (no Django, no gunicorn)."""
    target = exported_site
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(target))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_the_export_answers_nine_in_ten_questions_in_the_top_3_as_the_live_site_does(page, static_host):
    page.goto(static_host + "/search/?q=how+long+does+kyphoplasty+take")
    expect(page.locator(".search-count")).to_have_text("20 results for “how long does kyphoplasty take”")
    expect(page.get_by_role("link", name="How long does it take?").first).to_be_visible()
    tops = page.evaluate("(questions) => questions.map(q => window.staticSearch(q).slice(0, 3))",
                         [item["q"] for item in QUESTIONS])

    def answered(item, top):
        return any(url == a or (a.endswith("/") and url.startswith(a)) for url in top for a in item["answers"])
    hits = sum(answered(item, top) for item, top in zip(QUESTIONS, tops))
    assert hits >= 0.9 * len(QUESTIONS), f"{hits} of {len(QUESTIONS)}"


def test_static_search_works_from_the_keyboard(page, static_host):
    page.goto(static_host + "/search/")
    page.locator("#search-page-q").focus()
    page.keyboard.type("when can i drive")
    page.keyboard.press("Enter")
    expect(page.locator(".search-count")).to_contain_text("for “when can i drive”")
    expect(page.locator("#search-page-q")).to_have_value("when can i drive")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") != ""


def test_without_javascript_the_export_says_so_and_offers_every_topic(exported_site):
    # Playwright's no-JavaScript mode still parses <noscript> as with scripts on, so the file is read.
    page = (exported_site / "search" / "index.html").read_text()
    note = page[page.index("<noscript>"):page.index("</noscript>")]
    assert "On this copy of the site, search needs JavaScript." in note
    assert 'href="/faq/"' in note and 'href="/glossary/"' in note
    assert 'id="all-topics-title"' in page or "All topics" in page


def test_the_export_keeps_pages_for_reading_offline_too(browser, static_host):
    """The export carries the service worker: a page opened there opens again without a connection."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(static_host + "/")
    page.evaluate("() => navigator.serviceWorker.ready")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto(static_host + "/faq/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions and answers")
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Questions and answers")
    page.goto(static_host + "/glossary/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    context.close()


RED_FLAG_SEARCHES = yaml.safe_load((Path(__file__).parents[1] / "content" / "red_flag_searches.yaml").read_text())


def test_the_export_puts_the_same_red_flag_advice_first_as_the_live_site(page, static_host):
    """The same rules, run by static-search.js, give the same tier as content/red_flags.py, every time."""
    from kyphoplasty_site.site import library

    page.goto(static_host + "/search/?q=my+legs+have+gone+numb+after+kyphoplasty")
    box = page.locator("[data-static-red-flag] .callout-emergency")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading", level=2)).to_contain_text("or go to A&E now if you have")
    # Before the results, as on the live site.
    assert page.evaluate("() => document.querySelector('[data-static-red-flag]').compareDocumentPosition("
                         "document.querySelector('[data-static-results]')) & Node.DOCUMENT_POSITION_FOLLOWING")
    differ = _red_flag_differences(page, RED_FLAG_SEARCHES, library())
    assert not differ, differ


def _red_flag_differences(page, searches, lib) -> list[tuple]:
    """(query, static tier, live tier) where static-search.js and content/red_flags.py disagree."""
    queries = [item["q"] for item in searches]
    static = page.evaluate("(queries) => queries.map(q => window.staticRedFlag(q))", queries)
    live = [(tier.id if tier else None) for tier in map(lib.red_flags.tier_for, queries)]
    return [(q, s, lv) for q, s, lv in zip(queries, static, live) if s != lv]


@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_the_export_on_the_held_out_questions_keeps_its_last_measured_score(page, static_host, name):
    """Questions nobody tuned the search for (tests/content/test_search_heldout.py), in the browser."""
    page.goto(static_host + "/search/?q=kyphoplasty")
    page.wait_for_selector(".search-result", state="attached")
    asked = [item for item in HELD_OUT_SETS[name] if item["answers"]]
    tops = page.evaluate("(questions) => questions.map(q => window.staticSearch(q).slice(0, 3))",
                         [item["q"] for item in asked])
    hits = sum(answered(top, item["answers"]) for item, top in zip(asked, tops))
    print(f"{name}, static: {hits} of {len(asked)} in the top 3")
    assert hits >= LAST_MEASURED[name], f"{hits} of {len(asked)}"


def test_the_export_says_when_it_has_no_clear_answer_as_the_live_site_does(page, static_host):
    page.goto(static_host + "/search/?q=quantum+chromodynamics+and+kyphoplasty")
    page.wait_for_selector(".search-result", state="attached")
    expect(page.get_by_role("heading", name="We could not find a clear answer to that")).to_be_visible()
    expect(page.get_by_role("heading", name="All topics")).to_be_visible()
    page.goto(static_host + "/search/?q=how+long+does+kyphoplasty+take")
    page.wait_for_selector(".search-result", state="attached")
    expect(page.get_by_role("heading", name="We could not find a clear answer to that")).to_be_hidden()


def test_the_export_says_when_it_corrects_a_word(page, static_host):
    page.goto(static_host + "/search/?q=kyfoplasty")
    expect(page.locator("[data-static-corrected]")).to_have_text(
        "Showing results for “kyphoplasty” (you typed “kyfoplasty”).")
    page.goto(static_host + "/search/?q=kyphoplasty")
    page.wait_for_selector(".search-result", state="attached")
    expect(page.locator("[data-static-corrected]")).to_be_hidden()


RED_FLAG_SEARCHES_PL = yaml.safe_load((Path(__file__).parents[1] / "content" / "red_flag_searches_pl.yaml").read_text())


def test_the_polish_export_searches_in_polish_with_the_same_red_flags_and_held_out_score(page, static_host):
    """/pl/search/ of the export reads /pl/search-index.json: Polish stems, words and red-flag rules."""
    from kyphoplasty_site.site import library

    page.goto(static_host + "/pl/search/?q=dr%C4%99twiej%C4%85+mi+nogi+po+zabiegu")
    box = page.locator("[data-static-red-flag] .callout-emergency")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading", level=2)).to_contain_text("SOR (A&E)")
    expect(page.locator("[data-static-results] [role=status]")).to_contain_text("dla „")
    assert _red_flag_differences(page, RED_FLAG_SEARCHES_PL, library("pl")) == []
    asked = [item for item in yaml.safe_load((Path(__file__).parents[1] / "content" / "heldout_questions_pl.yaml")
                                             .read_text()) if item["answers"]]
    tops = page.evaluate("(questions) => questions.map(q => window.staticSearch(q).slice(0, 3))",
                         [item["q"] for item in asked])
    assert sum(answered(top, item["answers"]) for item, top in zip(asked, tops)) >= 50
