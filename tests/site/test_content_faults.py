"""Content that is broken or missing when the site starts: every other page serves, and the log or
the check names the file; a missing content folder stops the start with one clear line."""
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.utils import autoreload

from kyphoplasty_site import site
from kyphoplasty_site.content.files import ContentDirectoryMissing

ROOT = next(folder for folder in Path(__file__).resolve().parents if (folder / "manage.py").is_file())


@pytest.fixture
def errors_logged(caplog):
    """The site's log at ERROR, whatever LOG_LEVEL the tests run with."""
    caplog.set_level(logging.ERROR, logger="kyphoplasty_site")
    return caplog


def test_an_invalid_file_is_skipped_named_in_the_log_and_the_rest_serves(good_content, use_content,
                                                                         errors_logged):
    (good_content / "articles/beta.md").write_text("---\ntitle: [broken\n---\n")
    use_content(good_content)
    client = Client()
    assert client.get("/articles/beta/").status_code == 404
    assert client.get("/articles/alpha/").status_code == 200
    assert any("articles/beta.md" in r.getMessage() and r.levelno >= logging.ERROR for r in errors_logged.records)


def test_an_unreadable_file_is_skipped_named_in_the_log_and_the_rest_serves(good_content, use_content,
                                                                           errors_logged):
    beta = good_content / "articles/beta.md"
    beta.unlink()
    beta.symlink_to(good_content / "no-such-file.md")  # a dangling link cannot be read, even by root
    use_content(good_content)
    client = Client()
    assert client.get("/articles/beta/").status_code == 404
    assert client.get("/articles/alpha/").status_code == 200
    assert any("articles/beta.md" in r.getMessage() and "cannot be read" in r.getMessage()
               for r in errors_logged.records)


def test_a_missing_file_is_a_404_and_the_pages_that_link_to_it_still_serve(good_content, use_content):
    (good_content / "articles/beta.md").unlink()
    library = use_content(good_content)
    assert any(p.path == "articles/alpha.md" and "beta" in p.message for p in library.errors)
    client = Client()
    assert client.get("/articles/beta/").status_code == 404
    assert client.get("/articles/alpha/").status_code == 200
    assert client.get("/faq/").status_code == 200


def test_a_load_that_fails_keeps_the_previous_content_serving(good_content, use_content, settings, tmp_path):
    use_content(good_content)
    settings.CONTENT_DIR = tmp_path / "gone"
    with pytest.raises(ContentDirectoryMissing):
        site.load()
    assert Client().get("/articles/beta/").status_code == 200


def test_changed_content_is_served_after_a_restart_not_before(good_content, use_content):
    use_content(good_content)
    (good_content / "articles/beta.md").unlink()
    assert Client().get("/articles/beta/").status_code == 200  # still the content read at start-up
    site.load()  # what a restart does
    assert Client().get("/articles/beta/").status_code == 404


def test_the_dev_server_restarts_when_a_content_or_figure_file_changes(good_content, settings, tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "spine.svg").write_text("<svg/>")
    settings.CONTENT_DIR, settings.FIGURES_DIR = good_content, figures
    reloader = autoreload.StatReloader()
    autoreload.autoreload_started.send(sender=reloader)  # what runserver's autoreloader sends (apps.py listens)
    watched = set(reloader.watched_files())
    assert {good_content / "articles/alpha.md", good_content / "faq.yaml", figures / "spine.svg"} <= watched


def _run(*args: str, content_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "LOCAL_MODE": "1", "LOG_LEVEL": "critical", "CONTENT_DIR": str(content_dir)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_missing_content_folder_stops_the_server_start_with_one_clear_line(tmp_path):
    done = _run("-c", "import kyphoplasty_site.wsgi", content_dir=tmp_path / "nowhere")
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"Cannot start: The content folder {tmp_path / 'nowhere'} does not exist. Create it, or set "
        "CONTENT_DIR to the folder that holds articles/, faq.yaml and glossary.yaml.")


def test_the_check_names_a_missing_content_folder(tmp_path):
    done = _run("manage.py", "check", content_dir=tmp_path / "nowhere")
    assert done.returncode != 0
    assert f"Cannot start: The content folder {tmp_path / 'nowhere'} does not exist" in done.stderr


@pytest.mark.parametrize("command", [["help"], ["collectstatic", "--dry-run", "--noinput"]])
def test_commands_that_need_no_content_run_without_it(tmp_path, command):
    done = _run("manage.py", *command, content_dir=tmp_path / "nowhere")
    assert done.returncode == 0, done.stderr
