"""The held-out questions: how the search does on questions nobody tuned it for.

heldout_questions.yaml was written by a reader who never saw the search, and answered by another
from the content alone. No rule is fitted to it. This test reports the score and fails only if it
falls below the last measured one, so a ranking change that helps the tuning set at the cost of
new readers is seen. (Issue 22's targets are 90% live and 85% in the static copy; see the score.)
"""
from pathlib import Path

import yaml

from kyphoplasty_site.site import search_index

HELD_OUT = yaml.safe_load((Path(__file__).parent / "heldout_questions.yaml").read_text())
LAST_MEASURED = 64   # of 79 answered, 7 December 2026 (static copy: 66, tests/browser/test_static_search.py)


def answered(urls: list[str], answers: list[str]) -> bool:
    return any(url == a or (a.endswith("/") and url.startswith(a)) for url in urls for a in answers)


def test_the_held_out_questions_find_their_answers_in_the_top_3():
    asked = [item for item in HELD_OUT if item["answers"]]
    hits = [item["q"] for item in asked
            if answered([r.url for r in search_index().search(item["q"]).results[:3]], item["answers"])]
    print(f"held-out, live: {len(hits)} of {len(asked)} in the top 3")
    assert len(asked) >= 75
    assert len(hits) >= LAST_MEASURED, f"{len(hits)} of {len(asked)}, down from {LAST_MEASURED}"
