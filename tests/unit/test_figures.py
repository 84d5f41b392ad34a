"""The illustrations: original SVG drawings placed from Markdown."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from kyphoplasty_site.site import library

FIGURES = sorted(Path(settings.FIGURES_DIR).glob("*.svg"))


def placed_figures():
    """(article url, figure name) for every drawn figure placed in an article (not the icon arrays)."""
    return [(a.url, name) for a in library().article_list() for name in a.figures if not name.startswith("icons:")]


def test_the_six_figures_exist_and_are_all_placed():
    names = {path.stem for path in FIGURES}
    assert {"spine", "wedge-fracture", "kyphoplasty-steps", "kyphoplasty-vs-vertebroplasty", "posture",
            "recovery-timeline"} <= names
    assert {name for _, name in placed_figures()} == names


def test_all_figures_together_are_at_most_60_kb():
    assert sum(path.stat().st_size for path in FIGURES) <= 60 * 1024


@pytest.mark.parametrize("path", FIGURES, ids=lambda p: p.stem)
def test_figure_labels_are_real_text_and_nothing_is_external(path):
    svg = path.read_text()
    assert "<text" in svg
    assert not re.search(r"<(script|style|image|foreignObject)\b|\sstyle=|\son\w+=|https?://(?!www\.w3\.org)", svg)
    # Labels at least 14 px when the figure is drawn 328 px wide (a 360 px phone).
    width = float(re.search(r'viewBox="[\d.]+ [\d.]+ ([\d.]+) [\d.]+"', svg).group(1))
    sizes = [float(s) for s in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) * 328 / width >= 14


def test_a_misspelt_figure_name_is_a_content_error(good_content, use_content):
    body = good_content / "articles/beta.md"
    body.write_text(body.read_text() + "\n[[figure:spien]]\n")
    problems = use_content(good_content).problems
    assert any("unknown figure 'spien'" in p.message and p.path == "articles/beta.md" and p.line for p in problems)


@pytest.mark.browser
def test_every_figure_is_visible_captioned_described_and_fits_at_320px(page: Page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    for url, name in placed_figures():
        page.goto(live_server.url + url)
        figure = page.locator(f"figure#figure-{name}")
        expect(figure).to_be_visible()
        expect(figure.locator("figcaption")).not_to_be_empty()
        svg = figure.locator("svg")
        expect(svg).to_have_attribute("role", "img")
        expect(svg).to_have_accessible_name(re.compile(r"\w+"))
        expect(svg).to_have_accessible_description(re.compile(r"\w{3,}"))
        box = svg.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (name, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url


@pytest.mark.browser
def test_every_icon_array_fits_at_320px_and_its_name_states_the_number(page: Page, live_server):
    page.set_viewport_size({"width": 320, "height": 640})
    placed = [(a.url, name[len("icons:"):]) for a in library().article_list() for name in a.figures
              if name.startswith("icons:")]
    assert placed
    for url, number_id in placed:
        page.goto(live_server.url + url)
        svg = page.locator(f"figure#icons-{number_id} svg[role=img]")
        expect(svg).to_be_visible()
        expect(svg).to_have_accessible_name(re.compile(r"\d+ out of [\d,]+ "))
        box = svg.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (number_id, box)


def _svg(name: str, extra: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" role="img" '
            f'aria-labelledby="fig-{name}-title" aria-describedby="fig-{name}-desc">'
            f'<title id="fig-{name}-title">A {name}</title><desc id="fig-{name}-desc">What the {name} shows</desc>'
            f'<text x="5" y="20" font-size="20">Label</text>{extra}</svg>')


def test_a_figure_that_fails_its_check_is_reported_and_never_inlined(good_content, tmp_path):
    from kyphoplasty_site.content.loader import load_library
    from kyphoplasty_site.content.rendering import SiteValues

    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "safe.svg").write_text(_svg("safe"))
    (figures / "unsafe.svg").write_text(_svg("unsafe", '<script>alert(1)</script>'))
    (good_content / "figures.yaml").write_text("safe:\n  caption: A safe one.\nunsafe:\n  caption: An unsafe one.\n")
    body = good_content / "articles/beta.md"
    body.write_text(body.read_text() + "\n[[figure:safe]]\n\n[[figure:unsafe]]\n")
    library = load_library(good_content, SiteValues("Clinic", "0123", "112"), figures_dir=figures)
    assert any(p.path == "figures/unsafe.svg" and "scripts" in p.message for p in library.problems)
    html = str(library.articles["beta"].html)
    assert 'id="figure-safe"' in html and "What the safe shows" in html
    assert "unsafe" not in html and "<script" not in html and "KYPHOFIGURE" not in html
