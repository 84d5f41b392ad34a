"""Patients' own questions find the right place in the shipped articles, FAQ and glossary.

Content tests: a reworded heading or a new article can move an answer; fix the content or
the expected place here. How search treats a query is tested in tests/unit/test_search_query.py.
"""
import pytest

from kyphoplasty_site.site import search_index

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
