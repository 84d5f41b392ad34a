"""The shipped decision aid: every option on the same footing, and the check that keeps it so."""
import shutil

from django.conf import settings

from kyphoplasty_site.content.decision import CERTAINTY
from kyphoplasty_site.content.loader import load_library
from kyphoplasty_site.content.rendering import SiteValues
from kyphoplasty_site.site import library

VALUES = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="112")


def test_the_grid_compares_the_three_options_on_the_outcomes_patients_weigh():
    aid = library().decision
    assert [o.id for o in aid.options] == ["no-procedure", "vertebroplasty", "kyphoplasty"]
    outcomes = " ".join(row.outcome.lower() for row in aid.rows)
    for words in ("pain", "within a year", "breaks", "serious problem", "cement", "sedation", "hospital",
                  "back to normal", "involves"):
        assert words in outcomes
    figure_rows = [row for row in aid.rows if row.has_figures]
    assert len(figure_rows) >= 5
    for row in figure_rows:
        for cell in row.cells:
            figures = [n for n in (cell.number, cell.compared) if n]
            # One denominator, one unit and one time frame across the row; the cell's evidence is the figure's.
            assert all((n.out_of, n.unit, n.timeframe, n.evidence) ==
                       (row.out_of, row.unit, row.timeframe, cell.evidence) for n in figures), row.id
            assert figures or cell.not_known_html or cell.does_not_apply_html
            # How sure belongs to a figure; "not known" says what is known in words, with no certainty.
            assert cell.certainty in CERTAINTY if cell.number else not cell.certainty


def test_no_figure_in_the_grid_comes_from_voluntary_reports():
    assert all(number.evidence != "reports" for number in library().decision.numbers)


def test_the_decision_aid_has_values_a_quiz_and_the_sure_test():
    aid = library().decision
    assert 4 <= len(aid.values) <= 6 and 4 <= len(aid.quiz) <= 6
    assert {item.answer for item in aid.quiz} == {True, False}
    assert [q.letter for q in aid.sure] == ["S", "U", "R", "E"]


def copy_of_the_content(tmp_path):
    target = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, target)
    return target


def test_breaking_a_row_on_purpose_fails_the_check(tmp_path):
    content = copy_of_the_content(tmp_path)
    path = content / "decision-aid.yaml"
    text = path.read_text()
    # A 2-week figure from a sham-controlled trial, put in the 2-year new-fracture row.
    broken = text.replace("number: free-new-fracture-no-procedure", "number: vapour-pain-better-sham", 1)
    assert broken != text
    path.write_text(broken)
    problems = [str(p) for p in load_library(content, VALUES, figures_dir=settings.FIGURES_DIR).problems if p.path == "decision-aid.yaml"]
    assert len(problems) == 1
    assert "one denominator and one time frame across a row" in problems[0]
    assert "timeframe is 'at about 2 weeks' but the row's is 'within about 2 years'" in problems[0]


def test_claiming_stronger_evidence_than_a_figure_has_fails_the_check(tmp_path):
    content = copy_of_the_content(tmp_path)
    path = content / "decision-aid.yaml"
    text = path.read_text()
    marker = "number: free-serious-problems\n"
    head, tail = text.split(marker, 1)
    tail = tail.replace("evidence: open trials", "evidence: sham-controlled trials", 1)
    path.write_text(head + marker + tail)
    problems = [str(p) for p in load_library(content, VALUES, figures_dir=settings.FIGURES_DIR).problems if p.path == "decision-aid.yaml"]
    assert problems == ["decision-aid.yaml [rows[6] (serious-problem).cells.kyphoplasty.number]: "
                        "'free-serious-problems' comes from open trials, but the cell says 'sham-controlled trials'"]
