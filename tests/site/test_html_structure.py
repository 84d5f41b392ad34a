"""Every page's HTML, without a browser: one h1, no skipped heading level, valid HTML.

The pages are the `site_pages` list (tests/html_tools.py): the sitemap, search
with and without results, the 404 page, the staff page and a handout. The
browser checks (tests/browser/test_accessibility.py) use the same list.
"""
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from ..html_tools import EXPECTED_STATUS, PageFacts

ROOT = Path(__file__).resolve().parents[2]
HTML_VALIDATE = ROOT / "node_modules" / ".bin" / "html-validate"


def heading_problems(html: str) -> list[str]:
    """What is wrong with a page's headings: not exactly one h1, not h1 first, or a level skipped."""
    levels = PageFacts(html).headings
    found = []
    if levels.count(1) != 1:
        found.append(f"{levels.count(1)} h1 headings")
    if levels and levels[0] != 1:
        found.append(f"the first heading is h{levels[0]}, not h1")
    found += [f"h{before} is followed by h{after}" for before, after in zip(levels, levels[1:]) if after > before + 1]
    return found


def test_every_page_has_one_h1_first_and_no_skipped_heading_level(site_pages):
    client = Client()
    problems = {}
    for path in site_pages:
        response = client.get(path)
        assert response.status_code == EXPECTED_STATUS.get(path, 200), path
        problems[path] = heading_problems(response.content.decode())
    assert not {path: found for path, found in problems.items() if found}


def test_the_heading_check_catches_what_it_looks_for():
    """Broken on purpose, so a pass above means something."""
    assert heading_problems("<h1>A</h1><h2>B</h2><h3>C</h3><h2>D</h2>") == []
    assert heading_problems("<h2>B</h2>") == ["0 h1 headings", "the first heading is h2, not h1"]
    assert heading_problems("<h1>A</h1><h1>B</h1>") == ["2 h1 headings"]
    assert heading_problems("<h1>A</h1><h3>C</h3>") == ["h1 is followed by h3"]


# .htmlvalidate.json: html-validate's recommended and document presets, with
# - doctype-style lowercase and require-sri for cross-origin only;
# - form-dup-name allowing checkbox groups (the staff page's article picker submits a list);
# - off: no-trailing-whitespace (template indentation, invisible to every reader),
#   attribute-empty-style (popover="" from the HTML cleaner and bare hidden in templates
#   are both valid), long-title (search-result length is an SEO taste; titles come from
#   article titles and handout choices) and tel-non-breaking (a phone number never breaks
#   because CSS keeps tel: links on one line, and the browser reflow tests check that it does).
@pytest.mark.node
def test_every_page_is_valid_html(site_pages, tmp_path):
    if not HTML_VALIDATE.exists():
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
    pytest.fail("html-validate (.htmlvalidate.json) found problems:\n"
                + "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items() if found),
                pytrace=False)


@pytest.mark.node
def test_the_html_validator_catches_what_it_looks_for(tmp_path):
    """Broken on purpose: html-validate with the site's configuration refuses a bad page."""
    if not HTML_VALIDATE.exists():
        pytest.fail("html-validate is missing: run `npm ci` (make test does it)")
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="en"><head><title>x</title></head>'
                   '<body><main><p id="a">one</p><p id="a">two</p></main></body></html>')
    run = subprocess.run([shutil.which("npx"), "--no-install", "html-validate", "--config",
                          str(ROOT / ".htmlvalidate.json"), str(bad)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode != 0 and "no-dup-id" in run.stdout + run.stderr, run.stdout + run.stderr
