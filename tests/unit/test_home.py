"""content/home.yaml: the home page's ways in and the search page's suggested questions are checked content."""
from django.test import Client

from kyphoplasty_site.content.home import EntryPoint, Home, home_load

ARTICLES = {"alpha", "beta"}
FAQ_IDS = {"what-is-alpha", "what-is-beta"}


def messages(problems):
    return [str(p) for p in problems]


def test_a_valid_file_gives_the_ways_in_and_questions_in_order():
    data = {"entry_points": [{"title": "Start here", "article": "beta", "text": "The second one."},
                             {"title": "Then here", "article": "alpha", "text": "The first one."}],
            "suggested_questions": ["what-is-beta", "what-is-alpha"]}
    home, problems = home_load(data, ARTICLES, FAQ_IDS)
    assert problems == []
    assert home == Home((EntryPoint("Start here", "beta", "The second one."),
                         EntryPoint("Then here", "alpha", "The first one.")), ("what-is-beta", "what-is-alpha"))


def test_no_file_is_an_empty_home_and_no_problem():
    assert home_load(None, ARTICLES, FAQ_IDS) == (Home(), [])


def test_an_unknown_article_or_question_is_a_named_problem_not_a_silent_gap():
    data = {"entry_points": [{"title": "Gone", "article": "renamed-article", "text": "Was here."},
                             {"title": "Still here", "article": "alpha", "text": "The first one."}],
            "suggested_questions": ["what-is-alpha", "what-was-gamma"]}
    home, problems = home_load(data, ARTICLES, FAQ_IDS)
    assert messages(problems) == [
        "home.yaml [entry_points[0].article]: no article 'renamed-article'",
        "home.yaml [suggested_questions[1]]: no FAQ entry 'what-was-gamma'",
    ]
    assert [e.article for e in home.entry_points] == ["alpha"] and home.suggested_questions == ("what-is-alpha",)


def test_typos_and_wrong_shapes_are_reported_all_at_once():
    data = {"entry_point": [], "entry_points": [{"titel": "x", "article": "alpha", "text": "t"}, "just text"]}
    found = messages(home_load(data, ARTICLES, FAQ_IDS)[1])
    assert any("[entry_point]: unknown field" in m for m in found), found
    assert any("[entry_points[0].titel]: unknown field" in m for m in found), found
    assert any("[entry_points[0].title]: is required but missing" in m for m in found), found
    assert any("[entry_points[1]]: must be a set of 'field: value' lines" in m for m in found), found
    assert messages(home_load(["a list"], ARTICLES, FAQ_IDS)[1]) == [
        "home.yaml: must be a set of 'field: value' lines (entry_points, suggested_questions)"]
    assert "must be a list" in messages(home_load({"entry_points": "alpha"}, ARTICLES, FAQ_IDS)[1])[0]


def test_a_missing_slug_in_home_yaml_fails_the_content_check(good_content, use_content):
    (good_content / "home.yaml").write_text(
        "entry_points:\n  - {title: Gone, article: no-such-article, text: Was here.}\n"
        "suggested_questions: [what-is-alpha]\n")
    library = use_content(good_content)
    assert "home.yaml [entry_points[0].article]: no article 'no-such-article'" in messages(library.errors)


def test_the_home_and_search_pages_show_what_home_yaml_names(good_content, use_content):
    (good_content / "home.yaml").write_text(
        "entry_points:\n  - {title: Begin with beta, article: beta, text: The second letter first.}\n"
        "suggested_questions: [what-is-beta]\n")
    use_content(good_content)
    client = Client()
    home = client.get("/").content.decode()
    assert 'href="/articles/beta/">Begin with beta</a>' in home and "The second letter first." in home
    search = client.get("/search/", {"q": "zzzzqqqq"}).content.decode()
    assert 'href="/faq/#what-is-beta">What is beta?</a>' in search
    assert "What is alpha?" not in search
