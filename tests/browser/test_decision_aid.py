"""The decision aid, used as a patient would: privately, with the keyboard, without JavaScript, on paper.

Printing is Chromium's own (`page.pdf()`), read back with pdfplumber; `beforeprint` is sent by hand,
because page.pdf() prints without the browser's print dialog, which sends it.
"""
import re

import pdfplumber
import pytest
from playwright.sync_api import Page, expect

from kyphoplasty_site.site import library

QUESTION = "Can I have it done closer to home?"


def use_every_control(page: Page) -> None:
    """Answer every scale, quiz question and SURE question, lean towards an option and type a question."""
    for group in page.locator("#what-matters fieldset").all():
        group.get_by_role("radio", name="Agree", exact=True).check()
    for item in page.locator(".quiz-item").all():
        item.get_by_role("radio", name="False").check()
    for group in page.locator(".sure-question").all():
        group.get_by_role("radio", name="Yes").check()
    page.get_by_role("radio", name="Care without a procedure").check()
    page.get_by_label("My questions for my team").fill(QUESTION)
    page.get_by_label("My questions for my team").press("Enter")   # a form would submit on Enter; there is none


def print_summary(page: Page, path, paper: str):
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    page.pdf(path=str(path), format=paper)
    page.emulate_media(media="screen")
    return pdfplumber.open(path)


def test_answers_stay_on_the_device_while_every_control_is_used_and_the_summary_printed(page: Page, live_server,
                                                                                        tmp_path):
    page.goto(live_server.url + "/decide/")
    page.wait_for_load_state("networkidle")   # the page's own files and the offline worker have come
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    use_every_control(page)
    for answer in page.locator(".quiz-answer summary").all():
        answer.click()
    with print_summary(page, tmp_path / "summary.pdf", "A4"):
        pass
    assert requests == [], requests
    assert page.url == live_server.url + "/decide/"
    kept = page.evaluate("[localStorage.length, sessionStorage.length, document.cookie]")
    assert kept == [0, 0, ""]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_summary_prints_on_one_page_with_the_answers_and_the_clinic(page: Page, live_server, tmp_path, settings,
                                                                        paper):
    page.goto(live_server.url + "/decide/")
    use_every_control(page)
    with print_summary(page, tmp_path / "summary.pdf", paper) as pdf:
        assert len(pdf.pages) == 1
        text = pdf.pages[0].extract_text() or ""
    assert settings.CLINIC_NAME in text and settings.CLINIC_PHONE in text
    assert QUESTION in text
    assert "Right now, I am leaning towards" in text and "Questions to ask before you decide" in text
    for statement in library().decision.values:
        assert statement.statement[:30] in text
    # The grid and the quiz stay on the screen: the summary is the patient's own answers.
    assert "What you might weigh" not in text and "See the answer" not in text


def test_the_quiz_says_whether_an_answer_is_right_and_explains(page: Page, live_server):
    page.goto(live_server.url + "/decide/")
    item = page.locator(".quiz-item").first
    right = library().decision.quiz[0].answer
    item.get_by_role("radio", name="True" if right else "False").check()
    expect(item.locator(".quiz-feedback")).to_have_text(re.compile("That is right"))
    expect(item.locator(".quiz-answer")).to_have_attribute("open", "")


def test_with_javascript_off_it_is_a_sheet_to_tick_that_prints_on_one_page(browser, live_server, tmp_path):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/decide/")
    expect(page.get_by_role("button", name="Print my summary")).to_be_hidden()
    expect(page.get_by_text(re.compile("On a phone, open your browser’s menu"))).to_be_visible()
    page.get_by_role("radio", name="Vertebroplasty").check()
    page.locator(".quiz-answer summary").first.click()
    expect(page.locator(".quiz-answer").first.locator("div")).to_be_visible()
    page.get_by_label("My questions for my team").fill(QUESTION)
    page.emulate_media(media="print")
    page.pdf(path=str(tmp_path / "nojs.pdf"), format="A4")
    with pdfplumber.open(tmp_path / "nojs.pdf") as pdf:
        assert len(pdf.pages) == 1 and QUESTION in (pdf.pages[0].extract_text() or "")
    context.close()


def test_a_patient_goes_from_the_home_page_to_a_printed_summary_with_the_keyboard_alone(page: Page, live_server):
    page.goto(live_server.url + "/")
    link = page.get_by_role("link", name="Help me decide")
    for _ in range(40):   # Tab through the page until the link has focus
        page.keyboard.press("Tab")
        if link.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached 'Help me decide'")
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/decide/")

    page.evaluate("window.print = () => { window.printed = true; window.dispatchEvent(new Event('beforeprint')); }")
    radios_chosen = 0
    for _ in range(400):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement;
            return {tag: el.tagName, type: el.type || '', name: el.name || '', text: el.textContent.trim()};
        }""")
        if focused["type"] == "radio":
            page.keyboard.press("Space")   # the first choice of each group: "Matters little", "True", "Yes"…
            radios_chosen += 1
        elif focused["tag"] == "TEXTAREA":
            page.keyboard.type(QUESTION)
        elif focused["tag"] == "BUTTON" and focused["text"] == "Print my summary":
            page.keyboard.press("Enter")
            break
    else:
        pytest.fail("Tab never reached 'Print my summary'")
    aid = library().decision
    assert radios_chosen == len(aid.values) + len(aid.quiz) + len(aid.sure) + 1
    assert page.evaluate("window.printed") is True
    expect(page.locator("[data-print-copy]")).to_have_text(QUESTION)
