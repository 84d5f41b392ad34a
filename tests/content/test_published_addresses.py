"""Every address the site has published keeps working: each line of content/published.txt answers,
its anchor exists, and every alias of a shipped article redirects to it."""
from pathlib import Path

from django.conf import settings
from django.test import Client

from kyphoplasty_site.content.addresses import published_addresses
from kyphoplasty_site.site import library

from ..html_tools import PageFacts


def recorded_addresses():
    path = Path(settings.CONTENT_DIR) / "published.txt"
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def test_every_current_address_is_recorded_in_published_txt():
    missing = set(published_addresses(library())) - set(recorded_addresses())
    assert not missing, f"run `python manage.py update_published` to record: {sorted(missing)[:5]}"


def test_every_published_address_answers_and_its_anchor_exists():
    client = Client()
    pages: dict[str, tuple[int, set]] = {}
    for address in recorded_addresses():
        path, _, anchor = address.partition("#")
        if path not in pages:
            response = client.get(path, follow=True)
            pages[path] = (response.status_code, set(PageFacts(response.content.decode()).ids))
        status, ids = pages[path]
        assert status == 200, address
        assert not anchor or anchor in ids, f"{address}: no element with id {anchor!r}"


def test_every_alias_redirects_permanently_to_its_article():
    client = Client()
    for alias, slug in library().aliases.items():
        response = client.get(f"/articles/{alias}/")
        assert (response.status_code, response["Location"]) == (301, f"/articles/{slug}/"), alias
        assert client.get(response["Location"]).status_code == 200
