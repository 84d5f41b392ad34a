"""The figure registry: one home for every number, drawn as icon arrays from the same entry."""
import re

import pytest

from kyphoplasty_site.content.icon_array import icon_array_html
from kyphoplasty_site.content.loader import load_library
from kyphoplasty_site.content.numbers import load_numbers, plain_figures
from kyphoplasty_site.content.rendering import SiteValues

VALUES = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="112")

REGISTRY = """\
sources:
  trial:
    title: "Someone (2020). A trial. A journal"
    url: https://doi.org/10.1000/xyz
numbers:
  - id: leak
    text: about 18 out of 100 bones treated
    count: 18
    out_of: 100
    of: bones treated
    when: seen on a scan
    source: trial
    picture: cement seen outside the bone
  - id: harm
    text: about 2 out of 1,000 people
    count: 2
    out_of: 1000
    of: people treated
    when: within a month
    source: trial
    picture: serious harm
  - id: healing
    text: 2 to 12 weeks
    about: how long a bone takes to heal
    source: trial
"""


def registry(text=REGISTRY):
    import yaml
    return load_numbers({"numbers/core.yaml": yaml.safe_load(text)})


@pytest.fixture
def numbered_content(good_content):
    (good_content / "numbers").mkdir()
    (good_content / "numbers/core.yaml").write_text(REGISTRY)
    return good_content


def write_body(folder, body):
    """Add `body` to the end of the beta article."""
    path = folder / "articles/beta.md"
    path.write_text(path.read_text() + "\n" + body)


def test_a_placeholder_puts_in_the_registered_words(numbered_content):
    write_body(numbered_content, "## Part {: #numbers-part }\n\nScans show cement outside the bone in [[n:leak]].\n\nBones heal in [[n:healing]].\n")
    library = load_library(numbered_content, VALUES)
    assert library.problems == ()
    html = library.articles["beta"].html
    assert "in about 18 out of 100 bones treated." in html and "heal in 2 to 12 weeks." in html


def test_a_page_lists_the_source_of_every_number_it_uses(numbered_content):
    write_body(numbered_content, "## Part {: #numbers-part }\n\nSome bones leak: [[n:leak]].\n")
    sources = load_library(numbered_content, VALUES).articles["beta"].review.sources
    assert "https://doi.org/10.1000/xyz" in [s.url for s in sources]


@pytest.mark.parametrize("sentence, figure", [
    ("About 18% of bones leak.", "18%"),
    ("About 18 out of 100 bones leak.", "18 out of 100"),
    ("About 1 in 5 women break another bone.", "1 in 5"),
    ("Nine out of ten people improve.", "Nine out of ten"),
    ("Bones heal in 2 to 12 weeks.", "2 to 12 weeks"),
    ("Do not drive for 24 hours.", "24 hours"),
    ("Rest for two weeks.", "two weeks"),
    ("A 24-hour rule applies.", "24-hour"),
])
def test_a_figure_written_into_a_page_is_reported_with_its_line(numbered_content, sentence, figure):
    write_body(numbered_content, f"## Part {{: #numbers-part }}\n\nFirst line.\n\n{sentence}\n")
    problems = [p for p in load_library(numbered_content, VALUES).problems if "figure patients weigh" in p.message]
    assert [(p.path, p.message.split("'")[1]) for p in problems] == [("articles/beta.md", figure)]
    assert problems[0].line is not None


@pytest.mark.parametrize("text", ["Seen in 2019 by 300 people.", "The T7 bone, C1 to C7.", "Call 999 or 111.",
                                  "A 1 cm cut.", "See [the trial](/articles/x/#2-years) or [[n:leak]]."])
def test_ordinary_numbers_are_not_mistaken_for_figures(text):
    assert plain_figures(text) == []


def test_an_faq_answer_with_a_written_figure_or_an_unknown_number_is_reported(numbered_content):
    faq = numbered_content / "faq.yaml"
    faq.write_text(faq.read_text().replace("answer: The second letter.", "answer: Most heal in 6 weeks. [[n:nope]]"))
    messages = [p for p in load_library(numbered_content, VALUES).problems if p.path == "faq.yaml"]
    assert any("'6 weeks'" in p.message and p.field for p in messages)
    assert any("unknown number [[n:nope]]" in p.message for p in messages)


@pytest.mark.parametrize("old, new, field, message", [
    ("count: 18", "count: 17", "text", "must say '17 out of 100'"),
    ("text: about 18 out of 100 bones treated", "text: about 18% of bones", "text", "not as a percentage"),
    ("source: trial\n    picture", "source: nowhere\n    picture", "source", "unknown source 'nowhere'"),
    ("out_of: 100", "out_of: 50", "out_of", "must be one of"),
])
def test_a_broken_entry_names_the_file_the_entry_and_the_field(old, new, field, message):
    numbers, problems = registry(REGISTRY.replace(old, new, 1))
    assert "leak" not in numbers and "healing" in numbers
    assert any(p.path == "numbers/core.yaml" and p.field == f"numbers[0] (leak).{field}" and message in p.message
               for p in problems), problems


def test_a_rate_missing_its_time_frame_is_refused():
    numbers, problems = registry(REGISTRY.replace("    when: seen on a scan\n", "", 1))
    assert "leak" not in numbers
    assert any("missing: when" in p.message for p in problems)


def test_the_same_id_in_two_files_is_reported():
    import yaml
    data = yaml.safe_load(REGISTRY)
    numbers, problems = load_numbers({"numbers/a.yaml": data, "numbers/b.yaml": {"numbers": data["numbers"][:1]}})
    assert any("already used in numbers/a.yaml" in p.message for p in problems)


def test_an_icon_array_shows_the_registered_count_and_says_it_in_words():
    leak = registry()[0]["leak"]
    html = icon_array_html(leak)
    assert html.count('class="ia-hit"') == 18 + 1     # 18 people, and the key
    assert html.count('class="ia-miss"') == 82 + 1
    title = re.search(r"<title[^>]*>([^<]+)</title>", html).group(1)
    assert title == "About 18 out of 100 bones treated: cement seen outside the bone (seen on a scan)."
    assert 'role="img"' in html and "style=" not in html


def test_an_icon_array_of_1000_is_10_blocks_of_100_with_the_counted_dots_marked_and_said():
    html = icon_array_html(registry()[0]["harm"])
    assert html.count('class="ia-hit"') == 2 + 1                    # 2 dots, and the key
    assert html.count('<svg class="figure-svg ia-block') == 10
    assert html.count("ia-block-counted") == 1                      # the block holding them is framed
    assert "The 2 solid dots are in the first block, framed." in html and "998 outlined" in html
    assert 'role="img" aria-label="' in html


def test_icon_array_text_cannot_emit_markup():
    import yaml
    data = yaml.safe_load(REGISTRY)
    data["numbers"][0]["picture"] = '<script>alert(1)</script>'
    data["numbers"][0]["of"] = 'bones <img src=x onerror=alert(1)>'
    html = icon_array_html(load_numbers({"numbers/core.yaml": data})[0]["leak"])
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_icons_placeholder_draws_the_array_and_unknown_ones_are_reported(numbered_content):
    write_body(numbered_content, "## Part {: #numbers-part }\n\nSome bones leak: [[n:leak]].\n\n[[icons:leak]]\n\n[[icons:healing]]\n")
    library = load_library(numbered_content, VALUES)
    assert 'id="icons-leak"' in library.articles["beta"].html
    assert any("'healing'" in p.message and p.line for p in library.problems)


def test_every_source_host_is_on_the_allow_list(numbered_content):
    (numbered_content / "source-hosts.txt").write_text("# papers\ndoi.org\n")
    problems = load_library(numbered_content, VALUES).problems
    hosts = {p.message.split("'")[1] for p in problems if "source host" in p.message}
    assert hosts and "doi.org" not in hosts



def test_an_icon_array_of_bones_draws_squares_not_people():
    import dataclasses

    numbers, problems = registry()
    assert problems == []
    leak = dataclasses.replace(numbers["leak"], unit="bones")
    html = icon_array_html(leak)
    assert '<rect x="2" y="4" width="16" height="16" rx="2"/>' in html and "<circle" not in html
    assert "Each square stands for one of 100 bones treated" in html
    people = icon_array_html(numbers["leak"])   # no unit: people, as before
    assert "<circle" in people and "Each figure stands for" in people
