"""Static files as served: CSS minified, then hashed and compressed as WhiteNoise does.

static/css/site.css keeps its comments (they say why a rule is there); patients'
phones need none of them. Minified, the stylesheet is a third smaller once
compressed (docs/performance.md), which keeps every page's first visit inside its
30 KB budget (tests/site/test_page_weight.py). rcssmin only removes comments and
white space; the rules are the same.
"""
from pathlib import Path

import rcssmin
from whitenoise.storage import CompressedManifestStaticFilesStorage


class MinifiedStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def post_process(self, paths, dry_run=False, **options):
        """Minify each collected stylesheet, then hash and compress from that copy, not the source."""
        if not dry_run:
            for name in paths:
                if name.endswith(".css"):
                    collected = Path(self.path(name))
                    collected.write_text(rcssmin.cssmin(collected.read_text(encoding="utf-8")), encoding="utf-8")
                    paths[name] = (self, name)
        yield from super().post_process(paths, dry_run=dry_run, **options)
