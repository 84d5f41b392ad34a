"""Search answers patients' questions in their own words."""
import pytest
from django.test import Client

from kyphoplasty_site.site import search_index
from kyphoplasty_site.search.documents import Document
from kyphoplasty_site.search.index import SearchIndex

# (what a patient types, a URL or URL prefix expected among the top 3 results)
PATIENT_QUERIES = [
    ("how long does it take", "/faq/#how-long-does-it-take"),
    ("how long does kyphoplasty take", "/articles/balloon-kyphoplasty/#how-long-it-takes"),
    ("can I drive home", "/faq/#can-i-drive-afterwards"),
    ("when can i drive after the operation", "/articles/recovery-and-aftercare/#when-can-i-drive"),
    ("is the cement safe", "/articles/risks-and-complications/"),
    ("what if the cement leaks", "/faq/#what-if-the-cement-leaks"),
    ("kyphoplasy", "/articles/balloon-kyphoplasty/"),
    ("vertebroplasy", "/articles/vertebroplasty/"),
    ("osteoperosis", "/articles/osteoporosis-and-bone-health/"),
    ("hunchback", "/glossary/#kyphosis"),
    ("why is my back hunched", "/articles/vertebral-compression-fractures/#posture"),
    ("VCF", "/glossary/#compression-fracture"),
    ("DXA scan", "/glossary/#dexa-scan"),
    ("bone density scan", "/articles/osteoporosis-and-bone-health/#bone-density-scan"),
    ("anesthetic", "/articles/balloon-kyphoplasty/#anaesthetic"),
    ("will I be asleep", "/faq/#will-i-be-awake"),
    ("will i be awake during the procedure", "/faq/#will-i-be-awake"),
    ("PMMA", "/glossary/#bone-cement"),
    ("difference between kyphoplasty and vertebroplasty", "/faq/#how-is-kyphoplasty-different-from-vertebroplasty"),
    ("does kyphoplasty really work", "/faq/#does-kyphoplasty-work"),
    ("what are the risks", "/articles/risks-and-complications/"),
    ("fractured vertebra", "/articles/vertebral-compression-fractures/"),
    ("can I have a shower afterwards", "/faq/#when-can-i-shower-or-bathe"),
    ("will I have stitches", "/faq/#will-i-have-stitches"),
    ("when can I lift my grandchildren", "/faq/#when-can-i-lift-things"),
    ("do I stop taking warfarin before", "/faq/#should-i-stop-my-blood-thinners"),
    ("blood thinners", "/faq/#should-i-stop-my-blood-thinners"),
    ("can it help cancer in the spine", "/faq/#can-it-help-a-fracture-caused-by-cancer"),
    ("what does NICE say", "/articles/is-a-procedure-right-for-me/#what-does-nice-say"),
    ("sham procedure trials", "/articles/comparing-the-options/"),
    ("will I break another bone", "/articles/risks-and-complications/#new-fractures"),
    ("when to call 999", "/faq/#when-should-i-get-help"),
    ("osteoporosis", "/articles/osteoporosis-and-bone-health/#what-is-osteoporosis"),
    ("physio exercises after a fracture", "/articles/osteoporosis-and-bone-health/#staying-active"),
    ("back brace", "/articles/healing-without-a-procedure/#back-brace"),
    ("what should I bring to hospital", "/articles/preparing-for-your-procedure/#what-should-i-bring"),
    ("painkillers after kyphoplasty", "/faq/#can-i-cut-down-my-painkillers"),
    ("how many bones can be treated", "/faq/#how-many-bones-can-be-treated"),
    ("what is a wedge fracture", "/glossary/#wedge-fracture"),
    ("T7", "/glossary/#t7"),
    ("preventing falls at home", "/articles/osteoporosis-and-bone-health/#preventing-falls"),
]


@pytest.mark.parametrize("query, expected", PATIENT_QUERIES)
def test_patient_queries_find_the_right_place_in_the_top_3(query, expected):
    top = [r.url for r in search_index().search(query).results[:3]]
    assert any(url == expected or (expected.endswith("/") and url.startswith(expected)) for url in top), top


def test_misspelt_words_are_corrected_and_offered():
    outcome = search_index().search("kyphoplasy recovery")
    assert outcome.plan.corrected == "kyphoplasty recovery"


def test_word_forms_match_through_stemming_without_a_correction():
    outcome = search_index().search("fractured")
    assert outcome.plan.corrected is None and outcome.results


def test_synonyms_work_in_both_directions():
    assert any(r.url == "/glossary/#kyphosis" for r in search_index().search("hunchback").results[:3])
    kyphosis = [r.url for r in search_index().search("kyphosis").results]
    assert "/articles/vertebral-compression-fractures/#posture" in kyphosis


def test_results_show_page_section_and_highlighted_snippet():
    html = Client().get("/search/", {"q": "cement leakage"}).content.decode()
    assert "<mark>" in html
    assert 'class="search-result-page"' in html
    assert 'href="/faq/#what-if-the-cement-leaks"' in html or 'href="/glossary/#cement-leakage"' in html


def test_no_results_page_offers_suggestions_and_every_topic():
    response = Client().get("/search/", {"q": "zxqvwzzkj"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "No results for" in html and "Questions people often ask" in html and "All topics" in html


def test_every_page_has_a_search_box_and_the_404_page_too():
    client = Client()
    for path in ("/", "/faq/", "/articles/vertebroplasty/"):
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
    results = search_index().search("PMMA").results
    glossary = next(r for r in results if r.url == "/glossary/#bone-cement")
    assert glossary.heading == "Bone cement"


def test_word_counts_are_documents_per_word_split_as_queries_are():
    """The vocabulary (for spelling) and each idea's weight (rarer says more) come from these counts."""
    index = SearchIndex([
        Document(url="/a/", page_title="A", heading="Cement", body="Cement, cement! The patient’s X-ray.", kind="article"),
        Document(url="/b/", page_title="B", heading="Other", body="Cement 'quoted' patients' words", kind="faq"),
    ], [])
    counts = index.document_frequency
    assert counts["cement"] == 2                        # once per document, however often it is used
    assert counts["patient's"] == 1 and counts["patients"] == 1 and counts["quoted"] == 1
    assert counts["x"] == 1 and counts["ray"] == 1 and counts["a"] == 1
    assert "'quoted'" not in counts and "patients'" not in counts
    assert index.planner.correct("cemnet") == "cement"
