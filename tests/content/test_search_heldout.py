"""The held-out questions: how the search does on questions nobody tuned it for.

heldout_questions*.yaml were written by readers who never saw the search, and answered from the
content alone (by another such reader, from set 11 on). No rule is fitted to a set before it has
measured a round of changes; after that its misses may guide the next round, which is measured on
new sets. This test reports the score and fails only if it falls below the last measured one, so a
ranking change that helps the tuning set at the cost of new readers is seen. (Issue 22's targets are 90% live and 85% in the static copy; see the score.)
"""
from pathlib import Path

import pytest
import yaml

from kyphoplasty_site.site import search_index

HELD_OUT_SETS = {name: yaml.safe_load((Path(__file__).parent / name).read_text())
                 for name in ("heldout_questions.yaml", "heldout_questions_2.yaml", "heldout_questions_3.yaml",
                              "heldout_questions_4.yaml", "heldout_questions_5.yaml", "heldout_questions_6.yaml",
                              "heldout_questions_7.yaml", "heldout_questions_8.yaml", "heldout_questions_9.yaml",
                              "heldout_questions_10.yaml", "heldout_questions_11.yaml", "heldout_questions_12.yaml",
                              "heldout_questions_13.yaml", "heldout_questions_14.yaml", "heldout_questions_15.yaml",
                              "heldout_questions_16.yaml", "heldout_questions_17.yaml", "heldout_questions_18.yaml",
                              "heldout_questions_19.yaml", "heldout_questions_20.yaml", "heldout_questions_21.yaml",
                              "heldout_questions_22.yaml", "heldout_questions_23.yaml", "heldout_questions_24.yaml",
                              "heldout_questions_25.yaml", "heldout_questions_26.yaml", "heldout_questions_27.yaml",
                              "heldout_questions_28.yaml", "heldout_questions_29.yaml", "heldout_questions_30.yaml",
                              "heldout_questions_31.yaml", "heldout_questions_32.yaml")}
# Of the answered questions, in the top 3, as last measured (7 December 2026, after the sixth round of search changes).
# Each round was measured on sets written and answered by fresh readers before it, and not looked at until it was done;
# a set once looked at is fitted to from then on, so its floor here is a floor, no longer a fair measure:
#   round 3 (kinds of question for fear, whether it hurts, being put to sleep and calling a doctor; words that only
#     strengthen another; two FAQ answers): sets 11 and 12, 106 to 110 of 120; sets 13 and 14 (written after it,
#     a second measure) 102 of 117;
#   round 4 (what someone was told or said; spelling by sound): sets 15 and 16, 106 to 108 of 123;
#   round 5 (words that say whose; FAQ groups' search words; kinds of question for the hospital stay, a treatment that
#     did not help and lasting pain; three FAQ answers): sets 17 to 20, 220 to 226 of 238 (95%); sets 21 to 24
#     (written after it, a second measure) 205 of 229 (90%; 199 with the fourth round's search);
#   round 6 (the number of a length of time leaves the topic; "another vertebra" asks about another fracture):
#     sets 25 to 28, 212 of 241 before it and 212 after (88%): no change on new questions; sets 29 to 32
#     (written after it, the last measure) 223 of 238 (94%). The search as it stands: 435 of 479 (91%) on sets 25 to 32.
# The static copy finds the same top 3 (tests/site/test_search_engines.py).
LAST_MEASURED = {"heldout_questions.yaml": 72, "heldout_questions_2.yaml": 62, "heldout_questions_3.yaml": 64,
                 "heldout_questions_4.yaml": 55, "heldout_questions_5.yaml": 61, "heldout_questions_6.yaml": 56,
                 "heldout_questions_7.yaml": 60, "heldout_questions_8.yaml": 57, "heldout_questions_9.yaml": 59,
                 "heldout_questions_10.yaml": 55, "heldout_questions_11.yaml": 62, "heldout_questions_12.yaml": 50,
                 "heldout_questions_13.yaml": 52, "heldout_questions_14.yaml": 53, "heldout_questions_15.yaml": 53,
                 "heldout_questions_16.yaml": 57, "heldout_questions_17.yaml": 50, "heldout_questions_18.yaml": 57,
                 "heldout_questions_19.yaml": 61, "heldout_questions_20.yaml": 59, "heldout_questions_21.yaml": 52,
                 "heldout_questions_22.yaml": 53, "heldout_questions_23.yaml": 50, "heldout_questions_24.yaml": 54,
                 "heldout_questions_25.yaml": 49, "heldout_questions_26.yaml": 52, "heldout_questions_27.yaml": 57,
                 "heldout_questions_28.yaml": 54, "heldout_questions_29.yaml": 53, "heldout_questions_30.yaml": 57,
                 "heldout_questions_31.yaml": 59, "heldout_questions_32.yaml": 54}


def answered(urls: list[str], answers: list[str]) -> bool:
    return any(url == a or (a.endswith("/") and url.startswith(a)) for url in urls for a in answers)


@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_the_held_out_questions_find_their_answers_in_the_top_3(name):
    asked = [item for item in HELD_OUT_SETS[name] if item["answers"]]
    hits = [item["q"] for item in asked
            if answered([r.url for r in search_index().search(item["q"]).results[:3]], item["answers"])]
    print(f"{name}, live: {len(hits)} of {len(asked)} in the top 3")
    assert len(asked) >= 50   # a set is big enough to measure by
    assert len(hits) >= LAST_MEASURED[name], f"{len(hits)} of {len(asked)}, down from {LAST_MEASURED[name]}"


POLISH_SETS = {"heldout_questions_pl.yaml": 50, "search_questions_pl.yaml": 76}


@pytest.mark.parametrize("name", POLISH_SETS)
def test_the_polish_questions_find_their_answers_in_the_top_3(name):
    """The Polish edition's own questions (search_questions_pl.yaml tuned the stemmer; the held-out set did not)."""
    from django.utils import translation
    asked = [item for item in yaml.safe_load((Path(__file__).parent / name).read_text()) if item["answers"]]
    with translation.override("pl"):
        hits = [item["q"] for item in asked
                if answered([r.url for r in search_index("pl").search(item["q"]).results[:3]], item["answers"])]
    print(f"{name}, live: {len(hits)} of {len(asked)} in the top 3")
    assert len(hits) >= POLISH_SETS[name], f"{len(hits)} of {len(asked)}, down from {POLISH_SETS[name]}"
