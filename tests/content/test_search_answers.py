"""Patients' own questions find the right place in the shipped articles, FAQ and glossary.

Content tests: a reworded heading or a new article can move an answer; fix the content, the
question forms or synonyms, or the expected place in search_questions.yaml. How search treats
a query is tested in tests/unit/test_search_query.py.
"""
from pathlib import Path

import pytest
import yaml
from django.urls import reverse

from kyphoplasty_site.site import library, search_index

QUESTIONS = yaml.safe_load((Path(__file__).parent / "search_questions.yaml").read_text())
KINDS = {"typo", "question-form", "uk-us", "everyday", "new-topic", "short", "definition", "long", "keywords",
         "named", "brand-name", "earlier", "second-reader"}


def top_urls(query: str, count: int = 3) -> list[str]:
    return [result.url for result in search_index().search(query).results[:count]]


def answered(expected: str, urls: list[str]) -> bool:
    """An expected place is in `urls`: the same address, or any part of an expected whole article."""
    return any(url == expected or (expected.endswith("/") and url.startswith(expected)) for url in urls)


def test_the_question_set_is_large_varied_and_points_at_real_places():
    lib = library()
    places = {"/faq/#" + e.id for e in lib.faq.entries} | {"/glossary/#" + t.id for t in lib.glossary.terms}
    for article in [*lib.articles.values(), *lib.pages.values()]:
        places |= {article.url} | {f"{article.url}#{h.id}" for h in article.headings}
    places.add(reverse("decide"))
    assert len(QUESTIONS) >= 100
    assert len({item["q"].lower() for item in QUESTIONS}) == len(QUESTIONS), "a question is listed twice"
    assert {item["kind"] for item in QUESTIONS} <= KINDS
    assert {"typo", "question-form", "uk-us", "new-topic"} <= {item["kind"] for item in QUESTIONS}
    assert set().union(*QUESTIONS) <= {"q", "answers", "kind", "miss"}
    assert sum(1 for item in QUESTIONS if item.get("miss")) <= len(QUESTIONS) // 20, "more than 1 in 20 miss"
    missing = {answer for item in QUESTIONS for answer in item["answers"] if answer not in places}
    assert not missing, f"answers that are not places on the site: {sorted(missing)}"


def test_every_article_and_faq_answer_is_the_answer_to_some_question_in_the_set():
    lib = library()
    expected = {answer for item in QUESTIONS for answer in item["answers"]}
    unasked = [a.url for a in lib.articles.values() if not any(e.startswith(a.url) for e in expected)]
    unasked += ["/faq/#" + e.id for e in lib.faq.entries if "/faq/#" + e.id not in expected]
    assert not unasked, f"no question in search_questions.yaml expects: {unasked}"


def _with_known_misses(items):
    return [pytest.param(item, id=item["q"], marks=pytest.mark.xfail(reason=item["miss"], strict=True))
            if item.get("miss") else pytest.param(item, id=item["q"]) for item in items]


@pytest.mark.parametrize("item", _with_known_misses(QUESTIONS))
def test_a_patients_question_finds_an_answer_in_the_top_3(item):
    top = top_urls(item["q"])
    assert any(answered(expected, top) for expected in item["answers"]), top


def test_each_faq_answer_is_found_by_its_own_question():
    """Asked as written, an FAQ question finds its answer, or the section its "read more" goes to."""
    index = search_index()
    missed = []
    for document in index.documents:
        if document.kind == "faq" and not {document.url, document.see_also} & set(top_urls(document.heading)):
            missed.append(document.heading)
    assert not missed


def test_each_glossary_term_is_found_by_asking_what_it_is():
    missed = [term.term for term in library().glossary.terms
              if f"/glossary/#{term.id}" not in top_urls(f"what is {term.term}")]
    assert not missed


def test_each_article_section_is_found_by_a_question_in_the_set_or_its_heading_and_the_articles_title():
    asked = {answer for item in QUESTIONS for answer in item["answers"]}
    missed = []
    for article in library().articles.values():
        for heading in article.headings:
            url = f"{article.url}#{heading.id}"
            if heading.level == 2 and url not in asked and url not in top_urls(f"{heading.title} {article.title}"):
                missed.append(url)
    assert not missed


def test_no_word_of_the_content_is_ever_corrected():
    planner = search_index().planner
    changed = {word: planner.correct(word) for word in planner.vocabulary if planner.correct(word) != word}
    assert not changed
