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
