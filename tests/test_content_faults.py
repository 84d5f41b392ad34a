"""Content that breaks while the server runs: every other page keeps serving, and the log names the file."""
import logging
import shutil

import pytest
from django.test import Client


@pytest.fixture
def live_content(good_content, use_content, settings):
    """The site serving fixture content, looking for changed files on every request (as in DEBUG)."""
    settings.CONTENT_RELOAD_SECONDS = 0
    settings.DEBUG = True
    use_content(good_content)
    assert Client().get("/articles/beta/").status_code == 200
    return good_content


def test_a_file_that_becomes_invalid_is_skipped_and_named_in_the_log(live_content, caplog):
    (live_content / "articles/beta.md").write_text("---\ntitle: [broken\n---\n")
    client = Client()
    assert client.get("/articles/beta/").status_code == 404
    assert client.get("/articles/alpha/").status_code == 200
    assert any("articles/beta.md" in r.getMessage() and r.levelno >= logging.ERROR for r in caplog.records)


def test_a_file_that_becomes_unreadable_is_skipped_and_named_in_the_log(live_content, caplog):
    beta = live_content / "articles/beta.md"
    beta.unlink()
    beta.symlink_to(live_content / "no-such-file.md")  # a dangling link cannot be read, even by root
    client = Client()
    assert client.get("/articles/beta/").status_code == 404
    assert client.get("/articles/alpha/").status_code == 200
    assert any("articles/beta.md" in r.getMessage() and "cannot be read" in r.getMessage() for r in caplog.records)


def test_a_file_that_disappears_is_a_404_and_the_rest_still_serve(live_content):
    (live_content / "articles/beta.md").unlink()
    client = Client()
    assert client.get("/articles/beta/").status_code == 404
    assert client.get("/articles/alpha/").status_code == 200
    assert client.get("/faq/").status_code == 200


def test_a_vanished_content_folder_keeps_the_previous_content_serving(live_content, caplog):
    shutil.rmtree(live_content)
    client = Client()
    assert client.get("/articles/beta/").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert any("content reload failed" in r.getMessage() and str(live_content) in r.getMessage()
               for r in caplog.records)


def test_without_debug_content_is_reloaded_only_when_asked(good_content, use_content, settings):
    settings.DEBUG = False
    settings.CONTENT_RELOAD_SECONDS = 0
    use_content(good_content)
    (good_content / "articles/beta.md").unlink()
    assert Client().get("/articles/beta/").status_code == 200  # still the content loaded at start-up
