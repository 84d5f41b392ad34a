"""Every test in tests/browser drives Chromium, so each is marked `browser` here.

A new browser test cannot then be forgotten and slip into `make test-fast`
(pytest -m "not browser and not node"), which needs no browser.
"""
from pathlib import Path

import pytest

HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items):
    for item in items:
        if HERE in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


ROOT = HERE.parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"


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
