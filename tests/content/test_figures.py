"""The shipped illustrations as drawn: the six figures exist, are placed, small, and labelled in real text."""
import re
from pathlib import Path

import pytest
from django.conf import settings

from kyphoplasty_site.site import library

FIGURES = sorted(Path(settings.FIGURES_DIR).glob("*.svg"))


def placed_figures():
    """(page url, figure name) for every drawn figure placed in an article or the decision aid (not the icon arrays)."""
    lib = library()
    placed = [(a.url, name) for a in lib.article_list() for name in a.figures if not name.startswith("icons:")]
    return placed + [("/decide/", name) for name in re.findall(r'id="figure-([a-z0-9-]+)"',
                                                               lib.decision.figure_html + lib.decision.summary_figure_html)]


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
