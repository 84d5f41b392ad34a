"""Search: how a query is read, matched and shown, on the small fixture library (tests/fixtures/good).

Nothing here names a shipped article, so rewording one breaks none of these tests; the
patients' questions on the shipped content are in tests/content/test_search_answers.py.
"""
import pytest
from django.test import Client

from kyphoplasty_site.site import search_index
from kyphoplasty_site.search.documents import Document
from kyphoplasty_site.search.index import SearchIndex


@pytest.fixture(autouse=True)
def fixture_library(good_content, use_content):
    """The fixture content, with one synonym group and a second word for it in another article."""
    (good_content / "synonyms.yaml").write_text("- [soreness, ache]\n")
    beta = good_content / "articles/beta.md"
    beta.write_text(beta.read_text() + "\nThe back may ache for a day.\n")
    use_content(good_content)


def test_misspelt_words_are_corrected_and_offered():
    outcome = search_index().search("kyphsis fracture")
    assert outcome.plan.corrected == "kyphosis fracture"
    assert outcome.results[0].url == "/articles/alpha/#first-part"


def test_word_forms_match_through_stemming_without_a_correction():
    outcome = search_index().search("fractured")
    assert outcome.plan.corrected is None and outcome.results


def test_synonyms_work_in_both_directions():
    # "soreness" is only in alpha's second section, "ache" only in beta (the fixture above).
    assert "/articles/beta/#second-part" in [r.url for r in search_index().search("soreness").results]
    assert "/articles/alpha/#when-to-get-help" in [r.url for r in search_index().search("ache").results]


def test_results_show_page_section_and_highlighted_snippet():
    html = Client().get("/search/", {"q": "fracture"}).content.decode()
    assert "<mark>fracture</mark>" in html
    assert 'class="search-result-page"' in html
    assert 'href="/articles/alpha/#first-part"' in html


def test_no_results_page_offers_suggestions_and_every_topic():
    response = Client().get("/search/", {"q": "zxqvwzzkj"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No results for" in html and "Questions people often ask" in html and "All topics" in html


def test_every_page_has_a_search_box_and_the_404_page_too():
    client = Client()
    for path in ("/", "/faq/", "/articles/alpha/"):
        assert 'role="search"' in client.get(path).content.decode()
    assert 'role="search"' in client.get("/no-such-page/").content.decode()


HOSTILE_QUERIES = {
    "empty": "",
    "whitespace": " \t\n ",
    "very long": "kyphoplasty " * 200,
    "quote": '"',
    "unbalanced quotes": 'cement "leak',
    "star": "*",
    "prefix star": "kypho*",
    "near": "NEAR(cement leak, 2)",
    "boolean": "cement AND OR NOT leak",
    "parentheses": "((cement))) (",
    "caret": "^cement",
    "column filter": "body:cement heading:risk",
    "control characters": "cement\x00\x07\x1b[31m leak",
    "emoji": "😀 cement 🦴",
    "right to left": "\u202ecement\u202c عملية",
    "html": "<script>alert('x')</script>",
    "sql": "'; DROP TABLE docs; --",
}


@pytest.mark.parametrize("name", HOSTILE_QUERIES)
def test_hostile_queries_are_just_queries(name):
    query = HOSTILE_QUERIES[name]
    response = Client().get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html and "\x1b" not in html


def test_undecodable_bytes_in_the_query_string_are_a_normal_page():
    response = Client().get("/search/?q=%ff%fe%80cement")
    assert response.status_code == 200


def test_very_long_queries_are_truncated_and_say_so():
    response = Client().get("/search/", {"q": "cement " * 300})
    assert response.status_code == 200
    assert "first 200 characters" in response.content.decode()


def test_the_query_is_escaped_wherever_it_is_shown():
    html = Client().get("/search/", {"q": '"><img src=x onerror=alert(1)>'}).content.decode()
    assert "<img src=x" not in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_glossary_results_show_the_term_but_match_its_aliases():
    results = search_index().search("hunchback").results[:3]
    glossary = next(r for r in results if r.url == "/glossary/#kyphosis")
    assert glossary.heading == "Kyphosis"


def test_word_counts_are_documents_per_word_split_as_queries_are():
    """The vocabulary (for spelling) and each idea's weight (rarer says more) come from these counts."""
    index = SearchIndex([
        Document(url="/a/", page_title="A", heading="Cement", body="Cement, cement! The patient’s X-ray.", kind="article"),
        Document(url="/b/", page_title="B", heading="Other", body="Cement 'quoted' patients' words", kind="faq"),
    ], [])
    counts = index.vocabulary
    assert counts["cement"] == 2                        # once per document, however often it is used
    assert counts["patient's"] == 1 and counts["patients"] == 1 and counts["quoted"] == 1
    assert counts["x"] == 1 and counts["ray"] == 1 and counts["a"] == 1
    assert "'quoted'" not in counts and "patients'" not in counts
    assert index.planner.correct("cemnet") == "cement"
    # Each idea's weight counts documents per stem, as FTS5 stems: "patient's" and "patients" are one.
    assert index.stem_frequency["patient"] == 2 and index.stem_frequency["cement"] == 2



def test_a_clear_answer_is_shown_first_on_the_results_page_and_not_again_below(good_content, use_content):
    (good_content / "question-forms.yaml").write_text("- id: what-is\n  asked: [what is]\n  headings: [what is]\n"
                                                      "  definitions: yes\n")
    use_content(good_content)
    html = Client().get("/search/", {"q": "what is alpha"}).content.decode()
    answer = html[html.index('class="search-answer"'):html.index("</section>", html.index('class="search-answer"'))]
    assert "What is alpha?" in answer and "The first letter." in answer
    assert 'href="tel:' in answer                                   # the FAQ answer whole, as the FAQ shows it
    assert 'href="/articles/alpha/#first-part">Read more in “Alpha article”' in answer
    assert html.count('href="/faq/#what-is-alpha"') == 0            # not listed again under "Other results"


def test_no_answer_box_when_no_place_answers_clearly():
    html = Client().get("/search/", {"q": "fracture"}).content.decode()
    assert 'class="search-answer"' not in html and 'class="search-results"' in html


def test_a_match_only_in_a_safety_box_never_outranks_a_section_about_the_question():
    filler = " ".join(["Take your time and rest when you need to."] * 20)
    index = SearchIndex([
        Document(url="/mood/#low", page_title="Mood", heading="Feeling low", body="Talk to someone you trust.",
                 kind="article", aside="Call 999 if a wheelchair user falls on the stairs: wheelchair, stairs, "
                                       "wheelchair, stairs."),
        Document(url="/living/#stairs", page_title="Daily living", heading="At home",
                 body=f"Hold the rail on the stairs. {filler}", kind="article"),
        *(Document(url=f"/other/#{n}", page_title="Other", heading=f"Part {n}", body=filler, kind="article")
          for n in range(10)),
    ], [])
    # The box says both words again and again in a short section: by BM25 alone it would come first.
    assert [r.url for r in index.search("wheelchair on the stairs").results] == ["/living/#stairs", "/mood/#low"]
    assert [r.url for r in index.search("wheelchair").results] == ["/mood/#low"]   # still found by its box
