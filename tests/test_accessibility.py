"""Every page, proven in a real browser: accessibility, layout, keyboard and print.

Debian's Chromium (through Playwright) opens every page a patient can reach:
each address in /sitemap.xml, the FAQ, the glossary, a search with results and
one without, the 404 page, and the clinicians' page and a printable handout
when the site has them. On each page it checks:

- axe-core (from node_modules, WCAG 2.0/2.1/2.2 A and AA and best practice),
  in the light and the dark colour scheme: no violations;
- the keyboard: the skip link comes first and moves focus to <main>; Tab
  reaches every link, button and field, each with a visible focus indicator
  that nothing covers; glossary definitions open on focus; search works
  without a mouse;
- reflow and zoom: no sideways scrolling at 320 CSS px, nothing clipped at
  200 % text size, tap targets big enough to hit;
- one h1, no skipped heading levels, the landmarks, a language and a unique title;
- no motion when the reader asks for reduced motion;
- print: no navigation or search, link addresses written out;
- valid HTML (html-validate with the committed .htmlvalidate.json).

It also saves screenshots of the key pages to screenshots/ (git-ignored).
The Node tools come from `npm ci` (make test runs it).
"""
import json
import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

# Always on the list, beside the sitemap's addresses.
EXTRA_PAGES = ["/faq/", "/glossary/", "/search/?q=cement", "/search/?q=zzqxv", "/no-such-page/"]
# Being built elsewhere: checked only once they answer 200.
OPTIONAL_PAGES = ["/for-clinicians/", "/handout/?articles=balloon-kyphoplasty,recovery-and-aftercare"]
# Pages whose status is not 200 on purpose.
EXPECTED_STATUS = {"/no-such-page/": 404}

# The key pages, photographed at a phone's and a desktop's width.
SCREENSHOT_PAGES = {
    "home": "/",
    "article": "/articles/balloon-kyphoplasty/",
    "faq": "/faq/",
    "glossary": "/glossary/",
    "search": "/search/?q=cement",
}

PLAIN_STATIC = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


def _sitemap_paths(client: Client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    locations = [el.text for el in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    return [re.sub(r"^https?://[^/]+", "", loc) for loc in locations]


@pytest.fixture(scope="module")
def site_pages() -> list[str]:
    """Every page to check, each once, in a stable order."""
    with override_settings(STORAGES={**settings.STORAGES, **PLAIN_STATIC}):
        client = Client()
        paths = _sitemap_paths(client) + EXTRA_PAGES
        paths += [path for path in OPTIONAL_PAGES if client.get(path).status_code == 200]
    return list(dict.fromkeys(paths))


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(ROOT)} is missing: run `npm ci` (make test does it)")
    return AXE_JS.read_text()


@pytest.fixture(scope="module")
def tab(browser, django_db_setup, live_server):
    """Open pages in shared browser contexts: one per viewport and colour scheme.

    Opening a context costs far more than opening a page in it, so the checks
    reuse them; each check states the setting it needs. (The test database is
    set up before the live server starts, as for a function-scoped live_server,
    so the server thread shares the right in-memory connection.)
    """
    contexts = {}

    def open_tab(width=1280, height=800, scheme="light"):
        key = (width, height, scheme)
        if key not in contexts:
            context = browser.new_context(viewport={"width": width, "height": height},
                                          color_scheme=scheme, reduced_motion="no-preference")
            contexts[key] = context.new_page()
        return contexts[key]

    open_tab.url = live_server.url
    yield open_tab
    for page in contexts.values():
        page.context.close()


def _goto(page, base: str, path: str):
    response = page.goto(base + path, wait_until="load")
    assert response.status == EXPECTED_STATUS.get(path, 200), f"{path} answered {response.status}"
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

AXE_RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.slice(0, 8).map(n => n.target.join(' ')),
    more: Math.max(0, v.nodes.length - 8),
  }));
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(tab, site_pages, axe_source, scheme):
    page = tab(scheme=scheme)
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        page.emulate_media(color_scheme=scheme)
        page.evaluate(axe_source)  # not add_script_tag: the Content-Security-Policy blocks inline scripts
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
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
        violations = page.evaluate(AXE_RUN, AXE_TAGS)
        problems[scheme] = [f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}"
                            for v in violations]
    _report(problems)


# --- keyboard ---------------------------------------------------------------------------

# Everything a keyboard user should be able to reach with Tab, as the page first shows it.
FOCUSABLE_JS = """() => {
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, iframe, ' +
                   '[tabindex], [contenteditable]:not([contenteditable=false]), audio[controls], video[controls]';
  return [...document.querySelectorAll(selector)]
    .filter(el => el.tabIndex >= 0 && !el.disabled && !el.closest('[inert]') &&
                  el.checkVisibility({visibilityProperty: true, opacityProperty: false}))
    .map(el => window.__a11yName(el));
}"""

# Names an element for messages, and keeps a handle on it for later checks.
SETUP_JS = """() => {
  window.__a11yElements = [];
  window.__a11yName = (el) => {
    let index = window.__a11yElements.indexOf(el);
    if (index < 0) { index = window.__a11yElements.length; window.__a11yElements.push(el); }
    const id = el.id ? '#' + el.id : '';
    const cls = el.classList.length ? '.' + [...el.classList].join('.') : '';
    const text = (el.textContent || el.value || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
    const href = el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '';
    return `${index}: ${el.tagName.toLowerCase()}${id}${cls}${href} "${text}"`;
  };
  window.__a11yRing = (el) => {
    const cs = getComputedStyle(el);
    return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join(' | ');
  };
}"""

# The focused element: its name, its focus ring, whether anything covers it,
# and for a glossary word, whether its definition shows.
FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const cs = getComputedStyle(el);
  const hasRing = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0) || cs.boxShadow !== 'none';
  const rects = [...el.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  let covered = 'no box';
  if (rects.length) {
    const r = rects[0];
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    const top = document.elementFromPoint(x, y);
    covered = (top && (top === el || el.contains(top))) ? '' :
      `covered by ${top ? top.tagName.toLowerCase() + (top.className ? '.' + String(top.className).replace(/ /g, '.') : '') : 'nothing (off screen)'}`;
  }
  let tip = null;
  if (el.matches('.term-button')) {
    const t = el.parentElement.querySelector('.term-tip');
    tip = !!t && t.checkVisibility();
  }
  return {name: window.__a11yName(el), ring: window.__a11yRing(el), hasRing, covered, tip,
          inMain: !!el.closest('main')};
}"""


def _tab_through(page, limit: int):
    """Press Tab until focus leaves the page or comes round again; the focused elements, in order."""
    visited, seen = [], set()
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(FOCUSED_JS)
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
        page.evaluate(SETUP_JS)
        expected = page.evaluate(FOCUSABLE_JS)
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
    page.evaluate(SETUP_JS)
    visited = _tab_through(page, limit=400)
    terms = [info for info in visited if info["tip"] is not None]
    assert terms, "Tab never reached a glossary word on the balloon kyphoplasty page"
    closed = [info["name"] for info in terms if not info["tip"]]
    assert not closed, f"definitions that stay closed on focus: {closed}"


def test_an_open_definition_never_hides_the_focused_element(tab):
    """Enter opens a definition as a card at the foot of the screen; tabbing on must not go under it."""
    page = tab(width=360, height=640)
    _goto(page, tab.url, "/articles/balloon-kyphoplasty/")
    page.evaluate(SETUP_JS)
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
        info = page.evaluate(FOCUSED_JS)
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
    assert page.locator("h1").inner_text() == "Search results"
    assert page.locator(".search-result").count() > 0


# --- reflow, zoom and tap targets ---------------------------------------------------------

# Content that pokes out of its box, or out of the viewport, at the current size.
OVERFLOW_JS = """(viewport) => {
  const found = [];
  const de = document.documentElement;
  if (de.scrollWidth > viewport) found.push(`the page scrolls sideways: ${de.scrollWidth} px wide in ${viewport} px`);
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].join('.') : '') +
    ` "${el.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40)}"`;
  // Visually hidden text (a 1 px box that hides its overflow, or a clip) is meant for screen readers.
  const clippedOnPurpose = el => {
    for (let node = el; node && node !== document.body; node = node.parentElement) {
      const cs = getComputedStyle(node);
      if (cs.clip !== 'auto' || cs.clipPath !== 'none') return true;
      if (node.clientWidth <= 1 && node.clientHeight <= 1 && cs.overflow === 'hidden') return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll('*')) {
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    const ownText = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!ownText) continue;
    if (el.closest('.skip-link, svg') || clippedOnPurpose(el)) continue;
    const cs = getComputedStyle(el);
    const scrolls = ['auto', 'scroll'].includes(cs.overflowX);
    if (el.clientWidth > 0 && !scrolls && el.scrollWidth > el.clientWidth + 1)
      found.push(`${describe(el)} is clipped: ${el.scrollWidth} px of content in ${el.clientWidth} px`);
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.right > viewport + 1 || r.left < -1) && !el.closest('[style*=overflow]'))
      found.push(`${describe(el)} runs off the screen (${Math.round(r.left)} to ${Math.round(r.right)} px)`);
  }
  // A phone number split over two lines is easily misread.
  for (const a of document.querySelectorAll('a[href^="tel:"]')) {
    if (a.checkVisibility() && a.getClientRects().length > 1) found.push(`the phone number "${a.textContent.trim()}" breaks over two lines`);
  }
  return found;
}"""

# Controls too small to hit: the main controls at 44 x 44, every other target at 24 x 24,
# except links and buttons inside a sentence (WCAG 2.5.8's inline exception).
TARGETS_JS = """() => {
  const found = [];
  const describe = el => el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].join('.') : '') +
    ` "${(el.textContent || el.value || el.getAttribute('aria-label') || '').trim().replace(/\\s+/g, ' ').slice(0, 40)}"`;
  const size = el => { const r = el.getBoundingClientRect(); return [Math.round(r.width * 10) / 10, Math.round(r.height * 10) / 10]; };
  const visible = el => el.checkVisibility({visibilityProperty: true}) && !el.closest('.skip-link, .visually-hidden');
  const primary = '.site-name, .site-nav a, .search-input, .search-button, .entry-link, button:not(.term-button)';
  for (const el of document.querySelectorAll(primary)) {
    if (!visible(el)) continue;
    const [w, h] = size(el);
    if (w < 44 || h < 44) found.push(`${describe(el)} is ${w} x ${h} px; main controls need 44 x 44`);
  }
  const inSentence = el => {
    // Walk up through inline wrappers; a sentence is text beside the target in its block.
    let node = el;
    while (node.parentElement) {
      const parent = node.parentElement;
      const text = [...parent.childNodes].some(n => n !== node && n.nodeType === 3 && n.textContent.trim());
      if (text) return true;
      if (getComputedStyle(parent).display !== 'inline') return false;
      node = parent;
    }
    return false;
  };
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
    if (!visible(el) || inSentence(el)) continue;
    const [w, h] = size(el);
    if (w < 24 || h < 24) found.push(`${describe(el)} is ${w} x ${h} px; targets need 24 x 24`);
  }
  return found;
}"""


def test_no_page_scrolls_sideways_at_320_px_and_targets_are_big_enough(tab, site_pages):
    page = tab(width=320, height=640)
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        problems[path] = page.evaluate(OVERFLOW_JS, 320) + page.evaluate(TARGETS_JS)
    _report(problems)


def test_nothing_is_clipped_at_200_percent_text(tab, site_pages):
    page = tab(width=640, height=800)
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        page.evaluate("() => { const de = document.documentElement;"
                      " de.style.fontSize = (parseFloat(getComputedStyle(de).fontSize) * 2) + 'px'; }")
        size = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
        assert size == "36px", f"{path}: the root text size did not double (it is {size})"
        problems[path] = page.evaluate(OVERFLOW_JS, 640) + page.evaluate(TARGETS_JS)
    _report(problems)


def test_targets_are_big_enough_on_a_desktop(tab, site_pages):
    page = tab()
    problems = {}
    for path in site_pages:
        _goto(page, tab.url, path)
        problems[path] = page.evaluate(TARGETS_JS)
    _report(problems)


# --- structure ----------------------------------------------------------------------------

STRUCTURE_JS = """() => {
  const found = [];
  const levels = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1]);
  const h1s = levels.filter(l => l === 1).length;
  if (h1s !== 1) found.push(`${h1s} h1 headings`);
  if (levels.length && levels[0] !== 1) found.push(`the first heading is h${levels[0]}, not h1`);
  levels.forEach((level, i) => { if (i && level > levels[i - 1] + 1) found.push(`h${levels[i - 1]} is followed by h${level}`); });
  const landmark = (selector, name) => { if (!document.querySelector(selector)) found.push(`no ${name} landmark`); };
  landmark('body > header, [role=banner]', 'header (banner)');
  landmark('nav, [role=navigation]', 'nav (navigation)');
  landmark('main, [role=main]', 'main');
  landmark('body > footer, [role=contentinfo]', 'footer (contentinfo)');
  if (document.querySelectorAll('main, [role=main]').length !== 1) found.push('more than one main');
  if (!document.documentElement.lang) found.push('<html> has no lang');
  const leak = document.body.innerText.match(/.{0,30}([{][#%{]|[#%}][}]).{0,30}/);
  if (leak) found.push(`template syntax shows on the page: "${leak[0]}"`);
  return {found, title: document.title};
}"""


def test_headings_landmarks_language_and_unique_titles(tab, site_pages):
    page = tab()
    problems, titles = {}, {}
    for path in site_pages:
        _goto(page, tab.url, path)
        result = page.evaluate(STRUCTURE_JS)
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

MOTION_JS = """() => {
  const found = [];
  const seconds = list => Math.max(...list.split(',').map(t => t.trim().endsWith('ms') ? parseFloat(t) / 1000 : parseFloat(t)));
  for (const a of document.getAnimations()) {
    if (a.playState === 'running') found.push(`a running animation (${a.animationName || a.transitionProperty || a.id || 'unnamed'}) on ${a.effect && a.effect.target ? a.effect.target.tagName.toLowerCase() : '?'}`);
  }
  for (const el of [document.documentElement, ...document.querySelectorAll('*')]) {
    for (const pseudo of [null, '::before', '::after']) {
      const cs = getComputedStyle(el, pseudo);
      const name = el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + (pseudo || '');
      if (cs.animationName !== 'none' && seconds(cs.animationDuration) > 0.01) found.push(`${name} has an animation of ${cs.animationDuration}`);
      if (seconds(cs.transitionDuration) > 0.01) found.push(`${name} has a transition of ${cs.transitionDuration}`);
    }
  }
  if (getComputedStyle(document.documentElement).scrollBehavior !== 'auto') found.push('scrolling is animated (scroll-behavior)');
  return found;
}"""


def test_nothing_moves_when_the_reader_asks_for_reduced_motion(tab, site_pages):
    page = tab()
    problems = {}
    page.emulate_media(reduced_motion="reduce")
    try:
        for path in site_pages:
            _goto(page, tab.url, path)
            problems[path] = page.evaluate(MOTION_JS)
    finally:
        page.emulate_media(reduced_motion="no-preference")
    _report(problems)


# --- print --------------------------------------------------------------------------------

PRINT_JS = """() => {
  const found = [];
  for (const selector of ['.site-nav', '.search-form', '.skip-link']) {
    for (const el of document.querySelectorAll(selector)) {
      if (el.checkVisibility({visibilityProperty: true})) found.push(`${selector} is printed`);
    }
  }
  const links = [...document.querySelectorAll('.prose a[href]')]
    .filter(a => a.checkVisibility({visibilityProperty: true}) && /^(\\/|https?:)/.test(a.getAttribute('href')));
  for (const a of links) {
    const after = getComputedStyle(a, '::after').content;
    if (!after.includes(a.getAttribute('href'))) found.push(`the printed link "${a.textContent.trim()}" does not show ${a.getAttribute('href')} (::after is ${after})`);
  }
  return {found, links: links.length};
}"""


def test_printed_pages_drop_navigation_and_show_link_addresses(tab, site_pages):
    page = tab()
    problems = {}
    pages_with_links = 0
    page.emulate_media(media="print")
    try:
        for path in site_pages:
            _goto(page, tab.url, path)
            result = page.evaluate(PRINT_JS)
            pages_with_links += result["links"] > 0
            problems[path] = result["found"]
    finally:
        page.emulate_media(media="screen")
    _report(problems)
    assert pages_with_links >= 5, "hardly any page has links in its article body to check"


# --- valid HTML ---------------------------------------------------------------------------

# .htmlvalidate.json: html-validate's recommended and document presets, with
# - doctype-style lowercase and require-sri for cross-origin only (RECIPES.md section 9);
# - form-dup-name allowing checkbox groups (the staff page's article picker submits a list);
# - off: no-trailing-whitespace (template indentation, invisible to every reader),
#   attribute-empty-style (popover="" from the HTML cleaner and bare hidden in templates
#   are both valid), long-title (search-result length is an SEO taste; titles come from
#   article titles and handout choices) and tel-non-breaking (a phone number never breaks
#   because CSS keeps tel: links on one line, and the reflow tests check that it does).
def test_every_page_is_valid_html(site_pages, tmp_path):
    if not (NODE_MODULES / ".bin" / "html-validate").exists():
        pytest.fail("html-validate is missing: run `npm ci` (make test does it)")
    client = Client()
    files = []
    for number, path in enumerate(site_pages):
        response = client.get(path)
        assert response.status_code == EXPECTED_STATUS.get(path, 200), path
        name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
        file = tmp_path / f"{number:02d}-{name}.html"
        file.write_bytes(response.content)
        files.append(file)
    npx = shutil.which("npx")
    assert npx, "npx (Node) is missing"
    report = tmp_path / "html-validate.json"  # to a file: Node may cut off a long answer on a pipe
    run = subprocess.run(
        [npx, "--no-install", "html-validate", "--config", str(ROOT / ".htmlvalidate.json"),
         "--formatter", f"json={report}", *map(str, files)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    if run.returncode == 0:
        return
    if not report.exists() or not report.read_text().strip():
        pytest.fail(f"html-validate failed to run:\n{run.stdout}\n{run.stderr}")
    problems = {}
    for result in json.loads(report.read_text()):
        path = site_pages[int(Path(result["filePath"]).name[:2])]
        problems[path] = [f"line {message['line']}:{message['column']} [{message['ruleId']}] {message['message']}"
                          for message in result["messages"]]
    _report(problems, "html-validate (.htmlvalidate.json) found problems:")


# --- the checks themselves ---------------------------------------------------------------

def test_the_checks_catch_what_they_look_for(tab, axe_source):
    """Each check fails on a page broken on purpose, so a pass above means something."""
    page = tab(width=320, height=640)
    _goto(page, tab.url, "/articles/balloon-kyphoplasty/")
    page.evaluate(SETUP_JS)
    # Styles set through the CSSOM, which the Content-Security-Policy allows.
    page.evaluate("""() => {
      const wide = document.createElement('p');
      wide.textContent = 'x'.repeat(200); wide.style.whiteSpace = 'nowrap'; wide.style.width = '600px';
      document.querySelector('main').append(wide);
      const nav = document.querySelector('.site-nav a');
      nav.style.minHeight = '0'; nav.style.display = 'inline'; nav.style.fontSize = '10px';
      document.querySelector('.site-name').style.cssText = 'outline: none !important; box-shadow: none !important;';
      const img = document.createElement('img'); img.src = '/static/favicon.svg';
      document.querySelector('main').append(img);
    }""")
    overflow = " ".join(page.evaluate(OVERFLOW_JS, 320))
    assert "scrolls sideways" in overflow and "runs off the screen" in overflow, overflow
    targets = " ".join(page.evaluate(TARGETS_JS))
    assert "main controls need 44 x 44" in targets, targets
    page.evaluate(axe_source)
    assert "image-alt" in {v["id"] for v in page.evaluate(AXE_RUN, AXE_TAGS)}
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED_JS)
    assert "site-name" in focused["name"] and not focused["hasRing"], focused
    page.evaluate("""() => {
      document.querySelector('h1').remove();
      document.querySelector('main').append('{# a template comment that spans two lines');
      document.querySelector('.site-name').style.setProperty('transition', 'color 2s', 'important');
    }""")
    structure = " ".join(page.evaluate(STRUCTURE_JS)["found"])
    assert "0 h1 headings" in structure and "template syntax shows" in structure, structure
    page.emulate_media(reduced_motion="reduce")
    try:
        assert any("transition of 2s" in found for found in page.evaluate(MOTION_JS))
    finally:
        page.emulate_media(reduced_motion="no-preference")


# --- screenshots --------------------------------------------------------------------------

@pytest.mark.parametrize("width", [360, 1280])
def test_screenshots_of_the_key_pages(tab, width):
    """For people to look at: screenshots/<page>-<width>.png (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page = tab(width=width, height=800)
    for name, path in SCREENSHOT_PAGES.items():
        _goto(page, tab.url, path)
        target = SCREENSHOTS / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 1000, target
