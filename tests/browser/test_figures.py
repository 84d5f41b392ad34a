"""In Chromium: every placed figure and icon array is visible, named and described, and fits a 320 px screen."""
import re

from playwright.sync_api import Page, expect

from kyphoplasty_site.site import library


def placed_figures():
    """(article url, figure name) for every drawn figure placed in an article (not the icon arrays)."""
    return [(a.url, name) for a in library().article_list() for name in a.figures if not name.startswith("icons:")]


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
