"""Template hygiene."""
import re
from pathlib import Path

from django.conf import settings


def test_no_template_uses_a_multi_line_hash_comment():
    # Django's {# #} comments end at the line; a multi-line one is printed on the page.
    for path in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        assert not re.search(r"\{#[^#]*\n", path.read_text()), f"{path}: use {{% comment %}} for several lines"
