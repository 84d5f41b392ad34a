"""Template hygiene."""
import re
from pathlib import Path

from django.conf import settings


def test_no_template_uses_a_multi_line_hash_comment():
    # Django's {# #} comments end at the line; a multi-line one is printed on the page.
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        assert not re.search(r"\{#[^#]*\n", path.read_text()), f"{path}: use {{% comment %}} for several lines"


def test_templates_link_inside_the_site_by_url_name_not_by_path():
    # {% url 'faq' %}, not "/faq/": a route can then move without hunting for its copies.
    literal = re.compile(r'(?:href|action|src)="/(?!/)')
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        for number, line in enumerate(path.read_text().splitlines(), 1):
            assert not literal.search(line), f"{path.name}:{number}: use {{% url %}} for {line.strip()[:80]}"
