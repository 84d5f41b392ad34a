"""The ranking's numbers, in one place for both searches.

search/index.py ranks with these; the static copy's search (static/js/search-engine.js)
reads the same values from search-index.json (`as_json()`), so a change here
changes both, and tests/site/test_search_engines.py checks they still agree.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass


@dataclass(frozen=True)
class Weights:
    # BM25 column weights: the section heading (or question, or term) says most
    # about a document, the page title next, the body least.
    title_column: float = 4.0
    heading_column: float = 8.0
    body_column: float = 1.0
    # FTS5's bm25() constants (fixed in SQLite; here so the static copy uses the same).
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    max_results: int = 20
    candidates: int = 50            # best BM25 matches that are then re-ranked
    common_share: float = 0.3       # ideas in more than this share of documents are not matched, only re-ranked
    # A document found only through a synonym ranks below one with the reader's own
    # words; a glossary entry, short and so favoured by BM25, ranks a little lower.
    synonym_only_factor: float = 0.7
    glossary_factor: float = 0.5
    # The reader's own words in a section heading or page title say more than any
    # number of mentions in body text.
    heading_boost: float = 1.5
    title_boost: float = 1.25
    # A heading that answers the kind of question asked ("Who may be offered it" for "am I a good
    # candidate for ..."), in a document about the topic, counts for as much again as all of the topic.
    form_boost: float = 2.0
    # A definition answers "what is ...", and none of the other kinds of question.
    not_a_definition_factor: float = 0.3
    # An idea found only in broader words ("the procedure" for "kyphoplasty") counts this much.
    broader_share: float = 0.75
    # A heading or FAQ question that repeats the reader's words, stop words too ("could my fracture
    # be caused by cancer"), is most likely the question they are asking: up to this much more.
    echo_boost: float = 0.5
    # A question of two or more ideas has no clear answer when the site knows fewer than half of its
    # ideas, or the best result covers less than a quarter of the topic: the page says so rather than
    # present a weak match with confidence. (A quarter marks 1 of the 350 test questions unclear;
    # a third marked 8 that the site does answer.)
    clear_share: float = 0.5
    clear_coverage: float = 0.25
    # Spelling: a word of this many letters or more may be corrected, by one change (letter
    # added, dropped, swapped with its neighbour or replaced), or two from this many letters on.
    shortest_corrected: int = 5
    two_changes_from: int = 8

    def as_json(self) -> dict:
        return dataclasses.asdict(self)


WEIGHTS = Weights()
