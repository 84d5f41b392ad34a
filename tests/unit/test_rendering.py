"""Rendering: one pass over Markdown yields clean HTML and everything read from it."""
import re

from kyphoplasty_site.content.rendering import (GlossaryEntryRef, SiteValues, make_markdown, render_inline,
                                                render_markdown)

VALUES = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="112")


def render(source, terms=(), glossary_url="/glossary/", figure_html=None):
    return render_markdown(source, make_markdown(terms, glossary_url=glossary_url), VALUES, figure_html)


def term(id, name, *aliases, definition="A word."):
    return GlossaryEntryRef(id, name, (name, *aliases), definition)


def test_glossary_pop_ups_escape_whatever_the_glossary_holds():
    hostile = GlossaryEntryRef(
        "vertebra", '<script>alert("x")</script> & "Quoted"', ("vertebra",),
        definition_html='<img src="x" onerror="alert(1)"> & <b onclick="go()">bold</b>')
    html = str(render("A vertebra here.\n", [hostile], glossary_url='/glossary/"><script>alert(2)</script>').html)
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "<strong>&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; \"Quoted\"</strong>" in html
    assert 'href="/glossary/&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;#vertebra"' in html
    # The definition passes the cleaner with the rest of the article: <b> is not allowed, its text is.
    assert '<span id="term-vertebra-def"><img src="x"> &amp; bold</span>' in html


def test_a_pop_up_holds_the_definition_and_a_link_to_the_glossary():
    html = str(render("A vertebra here.\n", [term("vertebra", "Vertebra", definition="One <em>spine</em> bone.")]).html)
    assert ('<span class="term-tip" id="term-vertebra" popover=""><strong>Vertebra</strong> '
            '<span id="term-vertebra-def">One <em>spine</em> bone.</span>'
            '<a class="term-more" href="/glossary/#vertebra">More about vertebra in the glossary</a></span>') in html


def test_a_shorter_name_is_linked_where_a_longer_ones_term_already_was():
    terms = [term("cement", "Bone cement"), term("bone", "Bone")]
    rendered = render("Bone cement sets hard. Later the bone cement is checked.\n", terms)
    assert rendered.terms_used == ("cement", "bone")
    assert re.search(r'the <span class="term"><button [^>]*popovertarget="term-bone"[^>]*>bone</button>', rendered.html)


def test_a_glossary_name_is_a_whole_word():
    rendered = render("Non-kyphosis, kyphosis's and kyphosisx are not the word.\n", [term("kyphosis", "Kyphosis")])
    assert rendered.terms_used == ()


def test_the_glance_box_is_split_from_the_rest_when_the_article_opens_with_it():
    rendered = render('!!! glance "At a glance"\n    - First point.\n\n## Part\n\nText.\n')
    assert rendered.glance_html.startswith("<div ") and 'class="callout callout-glance"' in rendered.glance_html
    assert rendered.glance_html.endswith("</li></ul></div>")
    assert rendered.body_html.startswith('<h2 id="part">')
    assert rendered.html == rendered.glance_html + rendered.body_html
    later = render('Text first.\n\n!!! glance "At a glance"\n    - A point.\n')
    assert later.glance_html == "" and 'class="callout callout-glance"' in later.body_html
    assert "KYPHO" not in rendered.html + later.html


def test_the_word_count_is_of_prose_a_patient_reads():
    source = ("## A heading of five words\n\nOne two three.\n\n- four five\n- six\n\n"
              "| Col | Other |\n|---|---|\n| seven | eight |\n\n"
              '!!! note "Title words here"\n    nine ten vertebra\n\n[[figure:spine]]\n')
    rendered = render(source, [term("vertebra", "Vertebra", definition="Many more words that are not counted.")],
                      figure_html=lambda name: "<figure><figcaption>Caption words</figcaption></figure>")
    assert rendered.words == 9
    assert rendered.prose == "One two three. four five. six. nine ten vertebra."


def test_each_section_keeps_its_plain_text_for_search():
    rendered = render("Opening words.\n\n## First part\n\nA **bold** vertebra, and [a link](/faq/).\n\n"
                      "### Smaller part\n\n- one\n- two\n", [term("vertebra", "Vertebra", definition="Not here.")])
    assert rendered.sections == ((None, "", "Opening words.", ""),
                                 ("first-part", "First part", "A bold vertebra, and a link.", ""),
                                 ("smaller-part", "Smaller part", "one two", ""))


def test_a_sections_when_to_get_help_box_is_kept_apart_as_safety_text():
    rendered = render("## Mood\n\nTalk to someone you trust.\n\n"
                      '!!! emergency "Call 999 now if"\n    - you might end your life\n', [])
    assert rendered.sections[1] == ("mood", "Mood", "Talk to someone you trust.",
                                    "Emergency Call 999 now if you might end your life")


def test_a_figure_goes_in_its_place_after_cleaning_or_is_left_out():
    source = "Before.\n\n[[figure:spine]]\n\n[[figure:missing]]\n\nAfter.\n"
    figures = {"spine": '<figure class="figure"><svg role="img"><title>Spine</title></svg></figure>'}
    rendered = render(source, figure_html=figures.get)
    assert rendered.html == '<p>Before.</p><figure class="figure"><svg role="img"><title>Spine</title></svg></figure><p>After.</p>'
    assert rendered.figures == ("spine", "missing")


def test_a_short_piece_gives_its_html_and_plain_text():
    piece = render_inline("Call [[clinic-phone]] &amp; ask.\n\n- one\n- *two*\n", VALUES)
    assert piece.text == "Call 0123 456 & ask. one two"
    assert 'href="tel:0123456"' in piece.html and "<li><em>two</em></li>" in piece.html


def test_syntax_the_content_check_refuses_renders_as_text():
    """Raw HTML, <autolinks> and reference links are left out of Python-Markdown (rendering._LEFT_OUT)."""
    rendered = render('A <b onclick="x()">bold</b> word, <https://example.org>, [a link][ref].\n\n'
                      '<div>a block</div>\n\n[ref]: https://example.org\n')
    assert rendered.html == ('<p>A &lt;b onclick="x()"&gt;bold&lt;/b&gt; word, &lt;https://example.org&gt;, '
                             '[a link][ref].</p><p>&lt;div&gt;a block&lt;/div&gt;</p>')
    assert rendered.raw_html_lines == (1, 3)


def test_only_the_sites_own_phone_numbers_become_links_in_a_call_out_title():
    source = '!!! urgent "Come back on 14 May, or call 112 or Test Clinic on 0123 456 today"\n    - a fever\n'
    html = str(render_markdown(source, make_markdown(phone_numbers=("0123 456", "112")), VALUES).html)
    assert ('Come back on 14 May, or call <a href="tel:112">112</a> or Test Clinic on '
            '<a href="tel:0123456">0123 456</a> today') in html


SUMMARY_SOURCE = """## Why {: #why }

Some reasons.

!!! checklist "Ask your team"
    - One question?

## Steps {: #steps .in-summary }

An opening paragraph the summary leaves out.

1. First.
2. Second.

[[figure:picture]]

!!! checklist decision "Ask about BRAN"
    - **Benefits:** how could it help?
    - **Risks:** what could go wrong?

## Timeline {: #timeline .in-summary }

Words about the picture.

[[figure:timeline]]

## When to get help {: #help }

!!! emergency "Call 112 now if you have"
    - chest pain

!!! normal "What is normal"
    - some soreness
"""


def test_a_summary_keeps_marked_steps_or_a_timeline_then_the_checklists_then_the_tiers():
    rendered = render(SUMMARY_SOURCE, figure_html=lambda name: f'<figure id="fig-{name}">{name}</figure>')
    summary = str(rendered.summary_html)
    order = ['id="steps"', "<li>First.</li>", 'id="timeline"', 'id="fig-timeline"', "Ask your team",
             "Ask about BRAN", "<h2>When to get help</h2>", "callout-emergency", "callout-normal"]
    positions = [summary.index(piece) for piece in order]
    assert positions == sorted(positions), summary
    # Prose and, where a section has a list, its picture stay on the web page.
    for left_out in ("Some reasons", "An opening paragraph", "Words about the picture", 'id="fig-picture"',
                     "headerlink"):
        assert left_out not in summary
    assert 'id="fig-picture"' in str(rendered.html)          # the page itself keeps everything


def test_a_decision_checklist_gives_the_questions_for_the_questions_sheet():
    rendered = render(SUMMARY_SOURCE, figure_html=lambda name: "")
    assert rendered.decision_items == ("<strong>Benefits:</strong> how could it help?",
                                       "<strong>Risks:</strong> what could go wrong?")
    assert 'class="callout callout-checklist callout-decision"' in str(rendered.html)


def test_an_article_without_marks_or_call_outs_has_an_empty_summary():
    assert render("## Plain {: #plain }\n\nJust words.\n").summary_html == ""


def test_headings_carry_soft_hyphens_and_search_text_keeps_plain_words():
    """A browser with no hyphenation dictionary still breaks a long heading word at a syllable."""
    rendered = render("## Vertebroplasty afterwards\n\nText.\n", [])
    assert "Ver\u00adte\u00adbro\u00adplasty" in rendered.html or "\u00ad" in rendered.html.split("</h2>")[0]
    assert rendered.sections[1][1] == "Vertebroplasty afterwards"      # what search and the contents use
    assert "\u00ad" not in rendered.html.split("</h2>", 1)[1]           # body text is left alone
