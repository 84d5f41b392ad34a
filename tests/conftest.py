import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the main thread; Django must allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

FIXTURES = Path(__file__).parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MANIFEST_STORAGE = {"BACKEND": "kyphoplasty_site.storage.MinifiedStaticFilesStorage"}   # as settings.py has it


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Tests do not depend on collectstatic having run."""
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture
def good_content(tmp_path) -> Path:
    """A copy of the small, valid fixture content folder, free to break."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "good", target)
    return target


@pytest.fixture
def use_content(settings):
    """Serve the site from a given content folder for one test, then put the real one back.

    The content that was current is put back as it was, not read again: reading the real
    content and building its search index after each of these tests was a third of
    `make test-fast`. (settings.CONTENT_DIR is restored by the settings fixture.)
    """
    from kyphoplasty_site import site

    previous = site._current

    def activate(folder: Path):
        settings.CONTENT_DIR = folder
        return site.load()

    yield activate
    with site._lock:
        site._current = previous


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """Static files as production serves them (hashed, with brotli and gzip copies), collected once.

    Read-only for the tests; `production_static` serves from it.
    """
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    root = tmp_path_factory.mktemp("collected")
    with override_settings(STATIC_ROOT=root, STORAGES={**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}):
        call_command("collectstatic", "--noinput", verbosity=0)
    return root


@pytest.fixture(scope="session")
def exported_site(tmp_path_factory, collected_static) -> Path:
    """The static export (manage.py export_site), made once: it compresses every page as hard as brotli goes."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings

    target = tmp_path_factory.mktemp("export") / "site"
    with override_settings(STATIC_ROOT=collected_static, STORAGES={**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}):
        call_command("export_site", str(target), verbosity=0)
    return target


@pytest.fixture
def production_static(settings, collected_static) -> Path:
    """For one test, static files as production serves them: hashed names, compressed copies."""
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": MANIFEST_STORAGE}
    return collected_static


@pytest.fixture(scope="session")
def site_pages() -> list[str]:
    """Every page the site-wide checks visit (tests/html_tools.py says which)."""
    from .html_tools import site_pages

    return site_pages()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]}
