"""One ranking, two runtimes: the static copy's search (static/js/search-engine.js, run here in Node)
finds what the live search (search/index.py) finds, question by question.

The static copy reads the live search's documents, rules and numbers from search-index.json
(export_site.static_search_index); these tests check it does the same with them: the same
tokens and stems as SQLite FTS5, the same spelling corrections, the same top 3. No difference
is allowed; were one ever needed, it would be listed here with its reason.
"""
import json
import random
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import yaml
from django.utils import translation

from kyphoplasty_site.management.commands.export_site import static_search_index
from kyphoplasty_site.search.english import english_words
from kyphoplasty_site.search.query import words_of
from kyphoplasty_site.search.stemming import TOKENIZER, tokens
from kyphoplasty_site.site import search_index

pytestmark = pytest.mark.node

ROOT = Path(__file__).parents[2]
# The tuning set, every English held-out set and the red-flag searches.
QUESTION_SETS = ["search_questions.yaml",
                 *sorted((p.name for p in (ROOT / "tests" / "content").glob("heldout_questions*.yaml")
                          if not p.name.endswith("_pl.yaml")), key=lambda name: (len(name), name)),
                 "red_flag_searches.yaml"]
MISSPELT = ["kyphoplasy recovery time", "vertabroplasty", "osteoperosis back fracture", "kyfoplasty", "cemnet leak",
            "alendronat side effects", "fractur spine", "teriparatid injections", "denosumb", "sneezing", "actually"]


def questions() -> list[str]:
    found = []
    for name in QUESTION_SETS:
        found += [item["q"] for item in yaml.safe_load((ROOT / "tests" / "content" / name).read_text())]
    return found + MISSPELT


def node_runner(folder: Path, index: dict):
    """Runs search-engine.js in Node over `index` (static_search_index): asked questions and tokens in,
    top 3, corrections, verdicts and stems out (tests/js/search_node.mjs)."""
    if not shutil.which("node"):
        pytest.fail("Node is missing: make test installs it")
    (folder / "index.json").write_text(json.dumps(index))

    def run(asked: list[str], words: list[str] = ()) -> dict:
        (folder / "request.json").write_text(json.dumps({"questions": asked, "tokens": list(words)}))
        done = subprocess.run(["node", str(ROOT / "tests" / "js" / "search_node.mjs"), str(folder / "index.json"),
                               str(folder / "request.json")], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)
    return run


@pytest.fixture(scope="module")
def run_node(tmp_path_factory):
    return node_runner(tmp_path_factory.mktemp("engine"), static_search_index())


def test_the_static_search_shows_the_same_top_3_as_the_live_search(run_node):
    asked = questions()
    found = run_node(asked)
    static = found["top"]
    outcomes = [search_index().search(q) for q in asked]
    live = [[r.url for r in outcome.results[:3]] for outcome in outcomes]
    # It says "We could not find a clear answer" for the same questions.
    assert found["clear"] == [outcome.clear for outcome in outcomes]
    assert not all(found["clear"])
    differ = [(q, s, lv) for q, s, lv in zip(asked, static, live) if s != lv]
    agree_first = sum(s[:1] == lv[:1] for s, lv in zip(static, live))
    print(f"top answer agrees on {agree_first} of {len(asked)}; whole top 3 on {len(asked) - len(differ)}")
    assert len(asked) > 500
    assert not differ, differ[:10]


def test_the_static_search_corrects_spelling_as_the_live_search_does(run_node):
    asked = questions()
    static = run_node(asked)["corrected"]
    index = search_index()
    plans = [index.planner.plan(q, index.is_indexed) for q in asked]
    live = [p.corrected.split() if p.corrected else words_of(p.text) for p in plans]
    assert static == live
    assert static[asked.index("kyfoplasty")] == ["kyphoplasty"]   # a correction is still made


def test_the_static_search_never_corrects_an_english_word(run_node):
    """The English words it could take for a misspelling travel in the index, and common words are safe."""
    from wordfreq import top_n_list
    near = static_search_index()["english"]
    sample = random.Random(7).sample(sorted(english_words()), 5000)
    words = sorted(set(near) | set(top_n_list("en", 2000)) | set(sample) | {"sneezing", "actually"})
    words = [w for w in words if w.isalpha()]
    corrected = run_node(words)["corrected"]
    changed = {w: c for w, c in zip(words, corrected) if c != [w]}
    assert len(near) > 1000
    assert not changed


def test_the_static_search_stems_as_sqlite_fts5_does(run_node):
    """Every token of the site and of the English word lists: Porter in JavaScript is FTS5's Porter."""
    index = search_index()
    site = {t for d in index.documents for t in tokens(f"{d.page_title} {d.indexed_heading} {d.body}")}
    words = sorted(site | {w for w in english_words() if w.isascii() and w.isalpha()})
    static = run_node([], words)["stems"]
    live = dict(zip(words, index.stemmer.stem_all(words)))
    differ = {w: (live[w], static[w]) for w in words if live[w] != static[w]}
    assert len(words) > 100_000
    assert not differ


def test_tokens_are_the_tokens_fts5_indexes():
    """search/stemming.py splits every document as FTS5 does, so the static copy's BM25 counts the same."""
    index = search_index()
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE VIRTUAL TABLE t USING fts5(text, tokenize = '{TOKENIZER}')")
    connection.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    texts = [f"{d.page_title} {d.indexed_heading} {d.body}" for d in index.documents]
    connection.executemany("INSERT INTO t (rowid, text) VALUES (?, ?)", enumerate(texts))
    fts5 = {}
    for doc, term, offset in connection.execute("SELECT doc, term, offset FROM v ORDER BY doc, offset"):
        fts5.setdefault(doc, []).append(term)
    for rowid, text in enumerate(texts):
        assert index.stemmer.stem_all(tokens(text)) == fts5.get(rowid, []), index.documents[rowid].url


def test_the_vendored_stemmer_is_the_pinned_npm_package():
    """static/js/vendor/stemmer.js is npm's stemmer at the version package.json pins, unchanged."""
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["stemmer"]
    installed = ROOT / "node_modules" / "stemmer"
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    assert (installed / "index.js").read_bytes() == (ROOT / "static" / "js" / "vendor" / "stemmer.js").read_bytes()


@pytest.fixture(scope="module")
def run_node_in_polish(tmp_path_factory):
    """The Polish edition's static search, in Node (its stemmer, stop words, no spelling correction)."""
    with translation.override("pl"):
        return node_runner(tmp_path_factory.mktemp("engine-pl"), static_search_index("pl"))


def polish_questions() -> list[str]:
    asked = [item["q"] for item in yaml.safe_load((ROOT / "tests" / "content" / "heldout_questions_pl.yaml").read_text())]
    return asked + [item["q"] for item in yaml.safe_load((ROOT / "tests" / "content" / "red_flag_searches_pl.yaml")
                                                          .read_text())]


def test_the_polish_static_search_shows_the_same_top_3_as_the_live_search(run_node_in_polish):
    asked = polish_questions()
    found = run_node_in_polish(asked)
    with translation.override("pl"):
        outcomes = [search_index("pl").search(q) for q in asked]
    live = [[r.url for r in outcome.results[:3]] for outcome in outcomes]
    assert found["clear"] == [outcome.clear for outcome in outcomes]
    assert found["corrected"] == [q.lower().split() and words_of(outcome.plan.text) for q, outcome in zip(asked, outcomes)]
    differ = [(q, s, lv) for q, s, lv in zip(asked, found["top"], live) if s != lv]
    assert len(asked) > 90
    assert not differ, differ[:10]


def test_polish_stems_are_the_same_in_both_searches(run_node_in_polish):
    index = search_index("pl")
    words = sorted({t for d in index.documents for t in tokens(f"{d.page_title} {d.indexed_heading} {d.body}")})
    static = run_node_in_polish([], words)["stems"]
    assert len(words) > 5000
    assert {w: static[w] for w in words} == dict(zip(words, index.stemmer.stem_all(words)))
