"""Record every published address, and give new articles a short link.

`content/published.txt` only grows: once an address is published, the content
check fails if it stops working, so a renamed slug needs an alias and a
reworded heading keeps its id. `content/short-links.yaml` only grows too.
"""
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from kyphoplasty_site import site
from kyphoplasty_site.content.addresses import new_short_code, published_addresses

HEADER_PUBLISHED = (
    "# Every address the site has published (written by `manage.py update_published`).\n"
    "# Staff send and print these, so the content check fails if one stops working.\n"
    "# Never delete a line to silence the check: add an alias or restore the id instead.\n"
)
HEADER_SHORT = (
    "# Short links: /go/<code> redirects to the article (or, for a page that is not an article,\n"
    "# its path). Codes are printed on handouts, so they never change or move to another page.\n"
    "# Written by `manage.py update_published`.\n"
)


class Command(BaseCommand):
    help = "Add new articles' short links and every current address to content/published.txt."
    requires_system_checks = []  # this command is how some check errors get fixed

    def handle(self, *args, **options):
        content = Path(settings.CONTENT_DIR)
        library = site.load()
        short_path = content / "short-links.yaml"
        codes = dict(library.short_links)
        added_codes = []
        # Every article, and the decision aid (by its path), has a code.
        targets = [article.slug for article in library.article_list()]
        targets += [reverse("decide")] if library.decision else []
        for target in targets:
            if target not in codes.values():
                code = new_short_code(target, set(codes))
                codes[code] = target
                added_codes.append(code)
        if added_codes or not short_path.exists():
            short_path.write_text(HEADER_SHORT + yaml.safe_dump(codes, sort_keys=True))
        library = site.load()
        path = content / "published.txt"
        existing = []
        if path.exists():
            existing = [line.strip() for line in path.read_text().splitlines()
                        if line.strip() and not line.startswith("#")]
        current = published_addresses(library)
        merged = sorted(set(existing) | set(current))
        path.write_text(HEADER_PUBLISHED + "\n".join(merged) + "\n")
        site.load()
        self.stdout.write(f"{len(added_codes)} new short link(s); {len(set(merged) - set(existing))} new "
                          f"address(es); {len(merged)} published in all.")
