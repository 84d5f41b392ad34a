"""Tools for clinic staff: the link library, QR codes, handouts and short links."""
import re

import pytest
from django.test import Client

from kyphoplasty_site.content.addresses import SHORT_CODE_ALPHABET
from kyphoplasty_site.site import library
from kyphoplasty_site.qr import qr_svg, qr_svg_file

from ..html_tools import PageFacts


@pytest.fixture
def client():
    return Client()


def test_staff_page_lists_every_article_section_answer_and_term_with_full_addresses(client, settings):
    html = client.get("/for-clinicians/").content.decode()
    lib = library()
    for article in lib.article_list():
        assert f'href="{settings.SITE_URL}{article.url}"' in html
        for heading in article.sections:
            assert f"{settings.SITE_URL}{article.url}#{heading.id}" in html
    for entry in lib.faq.entries:
        assert f"{settings.SITE_URL}/faq/#{entry.id}" in html
    for term in lib.glossary.terms:
        assert f"{settings.SITE_URL}/glossary/#{term.id}" in html


def test_staff_page_has_a_qr_code_per_article_and_per_question(client, settings):
    html = client.get("/for-clinicians/").content.decode()
    lib = library()
    # One per article, and one for the decision aid.
    assert html.count('<svg role="img" aria-label="QR code for ') == len(lib.articles) + 1
    assert '<svg role="img" aria-label="QR code for the decision aid"' in html
    # Answers' codes are images fetched only when staff open one, so the page stays light.
    images = re.findall(r'<img class="qr" src="([^"]+)" alt="QR code for the answer to: [^"]+"[^>]*loading="lazy"', html)
    assert len(images) == len(lib.faq.entries)
    for entry, src in zip(lib.faq.entries, images):
        response = client.get(src)
        assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
        assert response.content == qr_svg_file(f"{settings.SITE_URL}/faq/#{entry.id}")


def test_qr_code_for_an_unknown_answer_is_a_404(client):
    assert client.get("/for-clinicians/qr/faq/no-such-answer.svg").status_code == 404
    assert client.get("/for-clinicians/qr/faq/../faq.svg").status_code == 404


def test_copy_buttons_are_hidden_until_javascript_can_copy(client):
    html = client.get("/for-clinicians/").content.decode()
    buttons = re.findall(r"<button[^>]*data-copy[^>]*>", html)
    assert buttons and all(" hidden" in b for b in buttons)


def test_staff_page_filters_by_topic(client):
    html = client.get("/for-clinicians/", {"topic": "treatments"}).content.decode()
    lib = library()
    for article in lib.article_list():
        assert (f'value="{article.slug}"' in html) == (article.section == "treatments")


def test_staff_page_is_linked_from_the_footer(client):
    assert 'href="/for-clinicians/"' in client.get("/").content.decode()


def test_qr_codes_are_full_qr_not_micro_and_cached():
    svg = qr_svg("https://example.org/go/abcd", "QR code for a test")
    size = int(re.search(r'viewBox="0 0 (\d+) \d+"', svg).group(1))
    modules = size // 4 - 2 * 4  # scale 4, border 4
    assert modules >= 21  # Micro QR is at most 17 modules wide
    assert 'role="img" aria-label="QR code for a test"' in svg
    assert qr_svg("https://example.org/go/abcd", "QR code for a test") is svg


def test_handout_has_both_articles_qr_codes_short_addresses_and_the_words_used(client, settings):
    response = client.get("/handout/", {"articles": "balloon-kyphoplasty,recovery-and-aftercare", "text": "full"})
    html = response.content.decode()
    lib = library()
    assert response.status_code == 200
    assert settings.CLINIC_NAME in html and settings.CLINIC_PHONE in html and "Printed on" in html
    for slug in ("balloon-kyphoplasty", "recovery-and-aftercare"):
        assert lib.articles[slug].title in html
        # Printed without the scheme, which a phone adds: one short line under the code.
        assert f"{settings.SITE_URL.split('://')[1]}/go/{lib.short_code(slug)}/</strong>" in html
    assert html.count('aria-label="QR code for ') == 2
    used = set(lib.articles["balloon-kyphoplasty"].terms_used) | set(lib.articles["recovery-and-aftercare"].terms_used)
    terms = {t.id: t.term for t in lib.glossary.terms}
    assert "Words used in this handout" in html
    for term_id in used:
        assert f"<dt>{terms[term_id]}</dt>" in html


def test_handout_ids_are_unique_and_headings_do_not_skip(client):
    facts = PageFacts(client.get("/handout/?articles=balloon-kyphoplasty,recovery-and-aftercare"
                                 "&sheets=my-procedure,questions").content.decode())
    assert len(facts.ids) == len(set(facts.ids))
    assert facts.tags["h1"] == 1
    for before, after in zip(facts.headings, facts.headings[1:]):
        assert after <= before + 1


def test_two_articles_that_share_a_figure_print_with_unique_ids(client):
    # Both articles draw the same icon array, so without prefixes its ids would clash.
    response = client.get("/handout/?articles=vertebral-compression-fractures,osteoporosis-and-bone-health")
    assert response.status_code == 200
    facts = PageFacts(response.content.decode())
    assert len(facts.ids) == len(set(facts.ids))


def test_handout_accepts_repeated_parameters_and_names_unknown_articles(client):
    response = client.get("/handout/?articles=vertebroplasty&articles=no-such-thing&articles=%3Cscript%3E")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>no-such-thing</strong>" in html and "&lt;script&gt;" in html
    assert library().articles["vertebroplasty"].title in html


def test_empty_handout_is_a_normal_page(client):
    assert client.get("/handout/").status_code == 200


def _short_link_target(target: str) -> str:
    """Where a short link leads: an article by its slug, or another page by its path (/decide/)."""
    return target if target.startswith("/") else f"/articles/{target}/"


def test_short_codes_are_unambiguous_and_redirect_to_their_article(client):
    lib = library()
    assert set(lib.short_links.values()) == set(lib.articles) | {"/decide/"}
    for code, target in lib.short_links.items():
        assert set(code) <= set(SHORT_CODE_ALPHABET) and not set(code) & set("0o1li")
        response = client.get(f"/go/{code}/")
        assert (response.status_code, response["Location"]) == (302, _short_link_target(target))
        assert client.get(f"/go/{code.upper()}/").status_code == 302


def test_short_links_printed_without_the_final_slash_still_reach_their_article(client):
    # Handouts printed before December 2026 say /go/<code>: APPEND_SLASH adds the slash, then the view redirects.
    for code, target in library().short_links.items():
        response = client.get(f"/go/{code}", follow=True)
        assert response.redirect_chain == [(f"/go/{code}/", 301), (_short_link_target(target), 302)]
        assert response.status_code == 200


def test_printed_short_addresses_are_the_short_link_route(client, settings):
    from django.urls import reverse

    lib = library()
    code = lib.short_code("vertebroplasty")
    html = client.get("/handout/", {"articles": "vertebroplasty"}).content.decode()
    assert f"<strong>{settings.SITE_URL.split('://')[1]}{reverse('short_link', kwargs={'code': code})}</strong>" in html


def test_unknown_short_code_is_a_404(client):
    assert client.get("/go/zzzzz/").status_code == 404
    assert client.get("/go/zzzzz", follow=True).status_code == 404
    assert client.get("/go/../etc").status_code == 404


def test_a_handout_is_a_summary_unless_the_full_text_is_asked_for(client):
    lib = library()
    article = lib.articles["balloon-kyphoplasty"]
    summary = client.get("/handout/?articles=balloon-kyphoplasty").content.decode()
    full = client.get("/handout/?articles=balloon-kyphoplasty&text=full").content.decode()
    for shown in ("At a glance", "What happens, step by step", "Questions to ask your team", "When to get help"):
        assert shown in summary
    assert 'href="/handout/?articles=balloon-kyphoplasty&amp;text=full" data-keeps-nothing>Print the full text</a>' in summary
    assert "How well does it work?" not in summary and "How well does it work?" in full
    assert "Words used in this handout" not in summary and "Words used in this handout" in full
    assert len(summary) < len(full) * 0.6
    assert f"/go/{lib.short_code(article.slug)}/" in summary


def test_large_print_is_kept_when_switching_and_typing_is_said_to_be_lost(client):
    large = client.get("/handout/?articles=balloon-kyphoplasty&size=large&sheets=my-procedure").content.decode()
    assert 'class="handout handout-summary handout-large"' in large
    assert "text=full&amp;sheets=my-procedure&amp;size=large" in large
    assert "anything typed into “My procedure” is not kept" in large
    standard = client.get("/handout/?articles=balloon-kyphoplasty").content.decode()
    assert "handout-large" not in standard and "is not kept" not in standard


def test_sheets_come_after_the_articles_and_the_questions_come_from_the_content(client):
    html = client.get("/handout/?articles=vertebroplasty&sheets=questions,my-procedure,no-such-sheet").content.decode()
    order = [html.index(piece) for piece in ('class="handout-article"', 'id="sheet-questions"', 'id="sheet-my-procedure"')]
    assert order == sorted(order)
    for question in library().decision_questions:
        assert question in html
    assert "no-such-sheet" not in html


def test_what_staff_type_on_my_procedure_can_never_be_sent_or_remembered(client):
    html = client.get("/handout/?sheets=my-procedure").content.decode()
    sheet = html[html.index('id="sheet-my-procedure"'):html.index("</section>", html.index('id="sheet-my-procedure"'))]
    fields = re.findall(r"<input[^>]*>", sheet)
    assert len(fields) >= 12
    for field in fields:
        assert " name=" not in field and 'autocomplete="off"' in field
        assert re.search(r'id="([^"]+)"', field).group(1) in re.findall(r'<label for="([^"]+)"', sheet)
    assert "<form" not in sheet and "<form" not in html[html.index('class="handout'):]


def test_printed_pages_carry_the_clinic_and_page_numbers_from_settings(client, settings):
    settings.CLINIC_NAME = 'The "Spine" Clinic \\ North'
    response = client.get("/handout/page.css")
    css = response.content.decode()
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert 'content: "The \\"Spine\\" Clinic \\\\ North · Phone ' + settings.CLINIC_PHONE + '"' in css
    assert 'counter(page) " of " counter(pages)' in css
    assert '<link rel="stylesheet" href="/handout/page.css" media="print">' in client.get("/handout/").content.decode()


def test_the_staff_page_offers_summary_or_full_text_and_both_sheets(client):
    html = client.get("/for-clinicians/").content.decode()
    assert '<input type="radio" name="text" value="summary" checked>' in html
    assert '<input type="radio" name="text" value="full">' in html
    for value in ("my-procedure", "questions"):
        assert f'<input type="checkbox" name="sheets" value="{value}">' in html
