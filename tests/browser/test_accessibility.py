"""Every page, proven in a real browser: accessibility, layout, keyboard and print.

Debian's Chromium (through Playwright) opens every page a patient can reach
(the `site_pages` list in conftest.py: each address in /sitemap.xml, the FAQ,
the glossary, a search with results and one without, the 404 page, the
clinicians' page and a printable handout). On each page it checks:

- axe-core (from node_modules, WCAG 2.0/2.1/2.2 A and AA and best practice),
  in the light and the dark colour scheme: no violations;
- the keyboard: the skip link comes first and moves focus to <main>; Tab
  reaches every link, button and field, each with a visible focus indicator
  that nothing covers; glossary definitions open on focus; search works
  without a mouse;
- reflow and zoom: no sideways scrolling at 320 CSS px, nothing clipped at
  200 % text size, tap targets big enough to hit;
- the landmarks, a language and a unique title (one h1, heading levels and
  valid HTML need no browser: tests/site/test_html_structure.py);
- no motion when the reader asks for reduced motion;
- print: no navigation or search, link addresses written out.

It also saves screenshots of the key pages to screenshots/ (git-ignored) and
checks that each shows the page. The JavaScript run in the pages lives in
tests/browser/js/; axe-core comes from `npm ci` (make test runs it).
"""
import base64
import re
from pathlib import Path

import pytest

from ..html_tools import EXPECTED_STATUS

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# The key pages, photographed at a phone's and a desktop's width.
SCREENSHOT_PAGES = {
    "home": "/",
    "article": "/articles/balloon-kyphoplasty/",
    "faq": "/faq/",
    "glossary": "/glossary/",
    "search": "/search/?q=cement",
}


def _load_js() -> dict[str, str]:
    """tests/browser/js/<name>.js by name: each file is one function for page.evaluate, after its comment lines."""
    scripts = {}
    for file in sorted((Path(__file__).parent / "js").glob("*.js")):
        lines = file.read_text().splitlines()
        while lines and lines[0].startswith("//"):
            lines.pop(0)
        scripts[file.stem] = "\n".join(lines)
    return scripts


JS = _load_js()


def _goto(page, base: str, path: str):
    response = page.goto(base + path, wait_until="load")
    assert response.status == EXPECTED_STATUS.get(path, 200), f"{path} answered {response.status}"
    # The offline page lists the saved pages after it loads: check it once the list is complete.
    if page.locator("[data-offline-saved]").count():
        page.wait_for_selector("[data-offline-saved][data-ready]", state="attached")
    return response


def _report(problems: dict[str, list[str]], heading: str = "") -> None:
    """Fail with every problem on every page at once, page by page (repeats counted, not listed)."""
    def lines(items):
        counts = dict.fromkeys(items, 0)
        for item in items:
            counts[item] += 1
        return [item + (f" (x{count})" if count > 1 else "") for item, count in counts.items()]
    text = "\n".join(f"{path}:\n  " + "\n  ".join(lines(items)) for path, items in problems.items() if items)
    if text:
        pytest.fail((heading + "\n" if heading else "") + text, pytrace=False)


# --- axe-core ---------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(tab, site_pages, axe_source, scheme):
    page = tab(scheme=scheme)
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        page.emulate_media(color_scheme=scheme)
        page.evaluate(axe_source)  # not add_script_tag: the Content-Security-Policy blocks inline scripts
        violations = page.evaluate(JS["axe_run"], AXE_TAGS)
        problems[path] = [
            f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}"
            + (f" and {v['more']} more" if v["more"] else "")
            for v in violations
        ]
    _report(problems, f"axe violations in the {scheme} colour scheme:")


def test_axe_finds_no_violations_with_a_glossary_definition_open(tab, axe_source):
    """The definition that opens over the text must be readable too, in both schemes."""
    problems = {}
    for scheme in ("light", "dark"):
        page = tab(scheme=scheme)
        _goto(page, tab.url, "/articles/balloon-kyphoplasty/")
        page.locator(".term-button").first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")
        assert page.locator(".term-tip").first.is_visible()
        page.evaluate(axe_source)
        violations = page.evaluate(JS["axe_run"], AXE_TAGS)
        problems[scheme] = [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}"
                            for v in violations]
    _report(problems)


# --- keyboard ---------------------------------------------------------------------------


def _tab_through(page, limit: int):
    """Press Tab until focus leaves the page or comes round again; the focused elements, in order."""
    visited, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(JS["focused"])
        if info is None or info["name"] in seen:
            break
        seen.add(info["name"])
        visited.append(info)
    return visited


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(tab, site_pages):
    page = tab()
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        page.keyboard.press("Tab")
        first = page.evaluate("() => { const el = document.activeElement; "
                              "return {cls: el.className, text: el.textContent.trim(), "
                              "visible: el.getBoundingClientRect().top >= 0}; }")
        found = []
        if "skip-link" not in first["cls"]:
            found.append(f"the first Tab stop is {first}, not the skip link")
        elif not first["visible"]:
            found.append("the focused skip link is not on screen")
        page.keyboard.press("Enter")
        focus = page.evaluate("() => document.activeElement.id")
        if focus != "main":
            found.append(f"after the skip link, focus is on {'#' + focus if focus else 'an element without an id'}, "
                         "not <main id=main>")
        page.keyboard.press("Tab")
        if not page.evaluate("() => !!document.activeElement.closest('main')"):
            found.append("the Tab after the skip link does not land inside <main>")
        problems[path] = found
    _report(problems)


def test_tab_reaches_every_control_with_a_visible_uncovered_focus_indicator(tab, site_pages):
    page = tab()
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        page.evaluate(JS["setup_names"])
        expected = page.evaluate(JS["focusable"])
        visited = _tab_through(page, limit=len(expected) * 2 + 20)
        found = []
        names = [info["name"] for info in visited]
        missing = [name for name in expected if name not in names]
        if missing:
            found.append(f"Tab reached {len(set(names) & set(expected))} of {len(expected)} focusable elements; "
                         f"never reached: {missing[:10]}")
        # The focus ring, compared with the same element unfocused.
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        rings = page.evaluate("(names) => names.map(n => window.__a11yRing("
                              "window.__a11yElements[parseInt(n)]))", names)
        for info, unfocused in zip(visited, rings):
            if not info["hasRing"] or info["ring"] == unfocused:
                found.append(f"no visible focus indicator on {info['name']} ({info['ring']})")
            if info["covered"]:
                found.append(f"focused {info['name']} is hidden: {info['covered']}")
            if info["tip"] is False:
                found.append(f"glossary definition does not open on focus: {info['name']}")
        problems[path] = found
    _report(problems)


def test_glossary_definitions_open_on_keyboard_focus(tab):
    page = tab()
    _goto(page, tab.url, "/articles/balloon-kyphoplasty/")
    page.evaluate(JS["setup_names"])
    visited = _tab_through(page, limit=400)
    terms = [info for info in visited if info["tip"] is not None]
    assert terms, "Tab never reached a glossary word on the balloon kyphoplasty page"
    closed = [info["name"] for info in terms if not info["tip"]]
    assert not closed, f"definitions that stay closed on focus: {closed}"


def test_an_open_definition_never_hides_the_focused_element(tab):
    """Enter opens a definition as a card at the foot of the screen; tabbing on must not go under it."""
    page = tab(width=360, height=640)
    _goto(page, tab.url, "/articles/balloon-kyphoplasty/")
    page.evaluate(JS["setup_names"])
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.matches('.term-button')"):
            break
    else:
        pytest.fail("Tab never reached a glossary word")
    page.keyboard.press("Enter")
    assert page.locator(".term-tip:popover-open").count() == 1, "Enter did not open the definition"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.matches('.term-more')"), \
        "Tab from an open definition's word does not go to its glossary link"
    covered = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(JS["focused"])
        if info is None:
            break
        if info["covered"] and page.locator(".term-tip:popover-open").count():
            covered.append(f"{info['name']}: {info['covered']}")
    assert not covered, "focused elements hidden under the open definition:\n" + "\n".join(covered)


def test_search_works_with_the_keyboard_alone(tab):
    page = tab()
    _goto(page, tab.url, "/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "site-search":
            break
    else:
        pytest.fail("Tab never reached the search field on the home page")
    page.keyboard.type("cement")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=cement$"))
    # As a reader sees it: headings carry soft hyphens, invisible unless a line breaks there.
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Search results"
    assert page.locator(".search-result").count() > 0


# --- reflow, zoom and tap targets ---------------------------------------------------------


def test_no_page_scrolls_sideways_at_320_px_and_targets_are_big_enough(tab, site_pages):
    page = tab(width=320, height=640)
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        problems[path] = page.evaluate(JS["overflow"], 320) + page.evaluate(JS["targets"])
    _report(problems)


def test_nothing_is_clipped_at_200_percent_text(tab, site_pages):
    page = tab(width=640, height=800)
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        page.evaluate(JS["double_text"])
        size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
        assert size == "36px", f"{path}: the root text size did not double (it is {size})"
        problems[path] = page.evaluate(JS["overflow"], 640) + page.evaluate(JS["targets"])
    _report(problems)


def test_every_page_reflows_at_320_px_with_200_percent_text(tab, site_pages):
    """A phone's largest text setting: no sideways scrolling and nothing cut off (WCAG 1.4.4, 1.4.10).

    No UK phone number fits one line of a 320 px screen at 200% text: here alone a number may break
    at its space (it is an inline block, so the check for split numbers does not see it)."""
    _report(_overflow_at_320_with_double_text(tab, site_pages))


def _overflow_at_320_with_double_text(tab, paths) -> dict[str, list[str]]:
    page = tab(width=320, height=640)
    problems = {}
    for path in paths:
        _goto(page, tab.url, path)
        page.evaluate(JS["double_text"])
        problems[path] = page.evaluate(JS["overflow"], 320)
    page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    return problems


HANDOUTS = ("/handout/?articles=balloon-kyphoplasty&sheets=my-procedure,questions",
            "/handout/?articles=recovery-and-aftercare&text=full&size=large")


def test_handouts_reflow_at_320_px_with_200_percent_text(tab):
    """Handouts are not in the sitemap, but a patient may be sent one to read or fill in on a phone."""
    _report(_overflow_at_320_with_double_text(tab, HANDOUTS))


def test_targets_are_big_enough_on_a_desktop(tab, site_pages):
    page = tab()
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        problems[path] = page.evaluate(JS["targets"])
    _report(problems)


# --- structure ----------------------------------------------------------------------------


def test_headings_landmarks_language_and_unique_titles(tab, site_pages):
    page = tab()
    problems, titles = {}, {}
    for path in site_pages:
        _goto(page, tab.url, path)
        result = page.evaluate(JS["structure"])
        found = result["found"]
        title = result["title"].strip()
        if not title:
            found.append("no <title>")
        elif title in titles:
            found.append(f"the title {title!r} is also the title of {titles[title]}")
        titles.setdefault(title, path)
        problems[path] = found
    _report(problems)


# --- motion -------------------------------------------------------------------------------


def test_nothing_moves_when_the_reader_asks_for_reduced_motion(tab, site_pages):
    page = tab()
    problems = {}
    page.emulate_media(reduced_motion="reduce")
    try:
        for path in site_pages:
            _goto(page, tab.url, path)
            problems[path] = page.evaluate(JS["motion"])
    finally:
        page.emulate_media(reduced_motion="no-preference")
    _report(problems)


# --- print --------------------------------------------------------------------------------


def test_printed_pages_drop_navigation_and_show_link_addresses(tab, site_pages):
    page = tab()
    problems = {}
    pages_with_links = 0
    page.emulate_media(media="print")
    try:
        for path in site_pages:
            _goto(page, tab.url, path)
            result = page.evaluate(JS["print"])
            pages_with_links += result["links"] > 0
            problems[path] = result["found"]
    finally:
        page.emulate_media(media="screen")
    _report(problems)
    assert pages_with_links >= 5, "hardly any page has links in its article body to check"


# --- the checks themselves ---------------------------------------------------------------

def test_the_checks_catch_what_they_look_for(tab, axe_source):
    """Each check fails on a page broken on purpose, so a pass above means something."""
    page = tab(width=320, height=640)
    _goto(page, tab.url, "/articles/balloon-kyphoplasty/")
    page.evaluate(JS["setup_names"])
    page.evaluate(JS["break_layout"])
    overflow = " ".join(page.evaluate(JS["overflow"], 320))
    assert "scrolls sideways" in overflow and "runs off the screen" in overflow, overflow
    targets = " ".join(page.evaluate(JS["targets"]))
    assert "main controls need 44 x 44" in targets, targets
    page.evaluate(axe_source)
    assert "image-alt" in {v["id"] for v in page.evaluate(JS["axe_run"], AXE_TAGS)}
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate(JS["focused"])
    assert "site-name" in focused["name"] and not focused["hasRing"], focused
    page.evaluate(JS["break_structure"])
    structure = " ".join(page.evaluate(JS["structure"])["found"])
    assert "<html> has no lang" in structure and "template syntax shows" in structure, structure
    page.emulate_media(reduced_motion="reduce")
    try:
        assert any("transition of 2s" in found for found in page.evaluate(JS["motion"]))
    finally:
        page.emulate_media(reduced_motion="no-preference")


# --- screenshots --------------------------------------------------------------------------

def _photograph(page, target: Path) -> dict:
    """A full-page screenshot saved to target, measured: its size, its colours, the ink in the h1."""
    box = page.evaluate("() => { const r = document.querySelector('h1').getBoundingClientRect();"
                        " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }")
    png = page.screenshot(path=str(target), full_page=True)
    blank = page.context.new_page()  # about:blank: no Content-Security-Policy in the way of decoding
    try:
        measured = blank.evaluate(JS["screenshot_pixels"], {"png": base64.b64encode(png).decode(), "box": box})
    finally:
        blank.close()
    measured["page_height"] = page.evaluate("() => document.documentElement.scrollHeight")
    return measured


@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_the_key_pages_show_the_page(tab, width):
    """For people to look at: screenshots/<page>-<width>.png (git-ignored); each must show the page.

    A screenshot is the page's full width and height, has more than a few colours,
    and its h1 box holds drawn text, not just background.
    """
    SCREENSHOTS.mkdir(exist_ok=True)
    page = tab(width=width, height=800)
    problems = {}
    for name, path in SCREENSHOT_PAGES.items():
        _goto(page, tab.url, path)
        shot = _photograph(page, SCREENSHOTS / f"{name}-{width}.png")
        found = []
        if (shot["width"], shot["height"]) != (width, shot["page_height"]):
            found.append(f"the screenshot is {shot['width']} x {shot['height']} px, "
                         f"the page {width} x {shot['page_height']} px")
        if shot["colours"] < 8:
            found.append(f"the screenshot has only {shot['colours']} colours: is the page blank?")
        if shot["ink"] < 0.03:
            found.append(f"the h1 shows no text ({shot['ink']:.1%} of its box differs from the background)")
        problems[path] = found
    _report(problems)


def test_the_screenshot_check_sees_a_heading_that_is_not_drawn(tab, tmp_path):
    """Broken on purpose: a transparent h1 leaves its box plain background, and the check says so."""
    page = tab(width=360, height=800)
    _goto(page, tab.url, "/faq/")
    assert _photograph(page, tmp_path / "before.png")["ink"] >= 0.03
    page.evaluate("() => document.querySelector('h1').style.setProperty('color', 'transparent', 'important')")
    assert _photograph(page, tmp_path / "after.png")["ink"] < 0.03
