"""The decision aid's content check: every row like for like, every cell honest about its evidence.

Each test breaks one thing in a small, valid decision aid on purpose and asserts the problem names
the file and the field, so a clean check of the shipped content means something.
"""
import pytest

from kyphoplasty_site.content.loader import load_library
from kyphoplasty_site.content.rendering import SiteValues

VALUES = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="112")

REGISTRY = """\
sources:
  trial:
    title: "Someone (2020). A trial. A journal"
    url: https://doi.org/10.1000/xyz
numbers:
  - id: pain-a
    text: about 40 out of 100 people who had alpha
    count: 40
    out_of: 100
    of: people who had alpha
    when: a month later
    source: trial
    unit: people
    timeframe: at about 1 month
    evidence: sham-controlled trials
  - id: pain-sham
    text: about 25 out of 100 people who had a fake procedure
    count: 25
    out_of: 100
    of: people who had a fake procedure
    when: a month later
    source: trial
    unit: people
    timeframe: at about 1 month
    evidence: sham-controlled trials
  - id: pain-b-year
    text: about 50 out of 100 people who had beta
    count: 50
    out_of: 100
    of: people who had beta
    when: a year later
    source: trial
    unit: people
    timeframe: at about 12 months
    evidence: open trials
  - id: harm-b-per-1000
    text: about 5 out of 1,000 people who had beta
    count: 5
    out_of: 1000
    of: people who had beta
    when: a month later
    source: trial
    unit: people
    timeframe: at about 1 month
    evidence: open trials
  - id: leak-b
    text: about 30 out of 100 bones treated with beta
    count: 30
    out_of: 100
    of: bones treated with beta
    when: a month later
    source: trial
    unit: bones
    timeframe: at about 1 month
    evidence: open trials
  - id: heal
    text: 2 to 12 weeks
    about: how long a bone takes to heal
    source: trial
"""

DECISION = """\
reviewed: 2026-12-01
next_review: 2027-06-01
sources:
  - title: "A guideline"
    url: https://doi.org/10.1000/guide
title: Help to decide
summary: Compare alpha and beta side by side.
intro: You have a choice.
key_facts:
  - Many breaks heal over [[n:heal]].
who: The figures come from trials.
how_to_read: Read across a row.
options:
  - id: alpha
    name: Alpha
    article: alpha
    what: The first choice.
  - id: beta
    name: Beta
    article: beta
    what: The second choice.
rows:
  - id: pain
    group: Does it help?
    kind: benefit
    outcome: Pain better
    out_of: 100
    unit: people
    timeframe: at about 1 month
    cells:
      alpha:
        number: pain-a
        compared_with: pain-sham
        compared_label: after a fake procedure
        evidence: sham-controlled trials
        certainty: moderate
      beta:
        not_known: No fair trial has counted it.
        evidence: open trials
  - id: hospital
    group: What it is like
    outcome: Time in hospital
    cells:
      alpha:
        text: None.
      beta:
        text: The bone heals over [[n:heal]].
values:
  - id: avoid
    statement: I want to avoid a procedure.
    why: Alpha needs no needle.
quiz:
  - id: heals
    statement: Most breaks heal by themselves.
    answer: true
    explanation: The bone heals over [[n:heal]].
questions:
  - Can I wait?
sure:
  - id: sure
    letter: S
    question: Do you feel sure about the best choice for you?
"""


@pytest.fixture
def decision_content(good_content):
    (good_content / "numbers").mkdir()
    (good_content / "numbers/core.yaml").write_text(REGISTRY)
    (good_content / "decision-aid.yaml").write_text(DECISION)
    return good_content


def load(folder):
    return load_library(folder, VALUES)


def decision_problems(folder):
    return [(p.field, p.message) for p in load(folder).problems if p.path == "decision-aid.yaml"]


def replace_in(folder, old, new):
    path = folder / "decision-aid.yaml"
    text = path.read_text()
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new, 1))


def test_a_sound_decision_aid_loads_with_its_figures_drawn_from_the_registry(decision_content):
    library = load(decision_content)
    assert library.problems == ()
    aid = library.decision
    pain = aid.rows[0]
    alpha = pain.cells[0]
    assert (alpha.number.id, alpha.compared.id) == ("pain-a", "pain-sham")
    # The pictures are drawn from the same entries: 40 and 25 solid squares out of 100, the same size.
    assert alpha.number_svg.count("h8v8h-8z") == 40 and alpha.compared_svg.count("h8v8h-8z") == 25
    assert 'viewBox="0 0 100 100"' in alpha.number_svg and 'viewBox="0 0 100 100"' in alpha.compared_svg
    assert pain.cells[1].number is None and "No fair trial" in pain.cells[1].not_known_html
    assert "2 to 12 weeks" in aid.rows[1].cells[1].text_html
    # The registry's source joins the aid's own, so the page lists every source it uses.
    assert {s.url for s in aid.review.sources} == {"https://doi.org/10.1000/guide", "https://doi.org/10.1000/xyz"}
    assert aid.anchors >= {"compare", "what-matters", "check-what-you-know", "leaning", "summary", "row-pain"}


def test_without_the_file_there_is_no_decision_aid_and_no_problem(good_content):
    library = load(good_content)
    assert library.decision is None and library.problems == ()


def test_a_row_mixing_time_frames_is_refused(decision_content):
    replace_in(decision_content, "number: pain-a\n", "number: pain-b-year\n")
    assert decision_problems(decision_content) == [(
        "rows[0] (pain).cells.alpha.number",
        "'pain-b-year' does not fit this row (one denominator and one time frame across a row): "
        "timeframe is 'at about 12 months' but the row's is 'at about 1 month'")]


def test_a_row_mixing_denominators_is_refused(decision_content):
    replace_in(decision_content, "number: pain-a\n", "number: harm-b-per-1000\n")
    problems = decision_problems(decision_content)
    assert len(problems) == 1 and "out_of is 1000 but the row's is 100" in problems[0][1]


def test_a_row_mixing_people_and_bones_is_refused(decision_content):
    replace_in(decision_content, "compared_with: pain-sham\n", "compared_with: leak-b\n")
    problems = decision_problems(decision_content)
    assert problems[0][0] == "rows[0] (pain).cells.alpha.compared_with"
    assert "unit is 'bones' but the row's is 'people'" in problems[0][1]


def test_a_cell_claiming_another_kind_of_evidence_than_its_figure_is_refused(decision_content):
    # pain-a comes from a trial with a fake procedure; the cell may not present it as anything else.
    replace_in(decision_content, "evidence: sham-controlled trials\n        certainty: moderate",
               "evidence: open trials\n        certainty: moderate")
    assert decision_problems(decision_content) == [(
        "rows[0] (pain).cells.alpha.number",
        "'pain-a' comes from sham-controlled trials, but the cell says 'open trials'")]


def test_a_row_with_figures_states_its_frame_once(decision_content):
    replace_in(decision_content, "    timeframe: at about 1 month\n    cells:", "    cells:")
    assert decision_problems(decision_content) == [
        ("rows[0] (pain)", "a row with figures states out_of, unit, timeframe and kind (benefit or harm), once "
                           "for the whole row")]


def test_a_cell_without_a_figure_says_not_known_and_why(decision_content):
    replace_in(decision_content, "        not_known: No fair trial has counted it.\n", "")
    problems = decision_problems(decision_content)
    assert problems[0][0] == "rows[0] (pain).cells.beta" and "not_known" in problems[0][1]


def test_a_figure_needs_a_certainty_and_not_known_has_none(decision_content):
    replace_in(decision_content, "        certainty: moderate\n", "")
    assert decision_problems(decision_content) == [
        ("rows[0] (pain).cells.alpha.certainty", "say how certain the evidence is: high, moderate, low, very low")]


def test_not_known_claims_no_certainty(decision_content):
    replace_in(decision_content, "        evidence: open trials\n  - id: hospital",
               "        evidence: open trials\n        certainty: high\n  - id: hospital")
    assert decision_problems(decision_content) == [
        ("rows[0] (pain).cells.beta.certainty",
         "only a figure has a certainty; a cell without one says what is known in words")]


def test_a_figure_written_by_hand_is_refused(decision_content):
    replace_in(decision_content, "why: Alpha needs no needle.", "why: Alpha helps 40 out of 100 people.")
    problems = decision_problems(decision_content)
    assert problems == [("values[0] (avoid).why", "'40 out of 100' is a figure patients weigh: register it in "
                                          "numbers/ and write [[n:ID]]")]


def test_an_unknown_option_article_is_named(decision_content):
    replace_in(decision_content, "article: beta", "article: gamma")
    assert ("options[1] (beta).article", "no article 'gamma'") in decision_problems(decision_content)


def test_reports_to_a_regulator_are_never_drawn(decision_content):
    path = decision_content / "numbers/core.yaml"
    path.write_text(path.read_text().replace("    evidence: open trials\n  - id: leak-b",
                                             "    evidence: reports\n    picture: harm\n  - id: leak-b"))
    problems = [(p.field, p.message) for p in load(decision_content).problems if p.path == "numbers/core.yaml"]
    assert problems and problems[0][0] == "numbers[3] (harm-b-per-1000).picture"
    assert "never drawn" in problems[0][1]


def test_the_decision_aid_page_serves_the_grid_and_the_printable_answers(decision_content, use_content, client):
    use_content(decision_content)
    html = client.get("/decide/").content.decode()
    assert '<tr id="row-pain" class="grid-benefit">' in html and "Out of 100 people, at about 1 month" in html
    assert "<strong>40 out of 100</strong> people like you" in html
    assert "From trials with a fake (sham) procedure" in html and "How sure: <strong>moderate</strong>" in html
    # Nothing a patient chooses can be sent: no form, and the text box has autocomplete off.
    main = html.split("<main", 1)[1].split("</main>")[0]
    assert "<form" not in main and main.count('type="radio"') > 10
    assert main.count("<textarea") == main.count('autocomplete="off"') == 1
