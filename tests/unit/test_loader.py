"""The content loader: good content loads; every kind of problem names its file and field or line."""
import datetime as dt

import pytest

from kyphoplasty_site.content.loader import ContentDirectoryMissing, load_library
from kyphoplasty_site.content.rendering import SiteValues

VALUES = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="112")


def load(folder, **kwargs):
    return load_library(folder, VALUES, **kwargs)


def problems_for(library, path):
    return [p for p in library.problems if p.path == path]


def line_of(path, needle):
    """1-based number of the first line of `path` containing `needle`."""
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def replace_in(path, old, new):
    text = path.read_text()
    assert old in text, f"fixture no longer contains {old!r}"
    path.write_text(text.replace(old, new))


def test_good_content_loads_without_problems(good_content):
    library = load(good_content)
    assert library.problems == ()
    assert set(library.articles) == {"alpha", "beta"}
    assert library.aliases == {"old-alpha": "alpha"}
    assert [e.id for e in library.faq.entries] == ["what-is-alpha", "what-is-beta"]
    assert [t.id for t in library.glossary.terms] == ["kyphosis", "vertebra"]


def test_headings_get_stable_ids_and_permalinks(good_content):
    alpha = load(good_content).articles["alpha"]
    assert [h.id for h in alpha.sections] == ["first-part", "when-to-get-help"]
    assert 'href="#first-part"' in alpha.html and 'class="headerlink"' in alpha.html


def test_placeholders_use_the_clinic_settings(good_content):
    alpha = load(good_content).articles["alpha"]
    assert '<a href="tel:112">112</a>' in alpha.html
    assert '<a href="tel:0123456">0123 456</a>' in alpha.html
    assert "[[" not in alpha.html


def test_urgency_tiers_are_headings_that_state_the_urgency(good_content):
    html = load(good_content).articles["alpha"].html
    assert '<span class="callout-badge">Emergency</span> Call <a href="tel:112">112</a> now if you have' in html
    assert ('<span class="callout-badge">Urgent</span> Call Test Clinic on <a href="tel:0123456">0123 456</a> today'
            in html)
    assert '<span class="callout-badge">Not urgent</span>' in html
    assert html.count("<h3 class=\"callout-title\"") == 3


def test_missing_content_folder_is_one_clear_error(tmp_path):
    with pytest.raises(ContentDirectoryMissing, match=str(tmp_path / "nowhere")):
        load(tmp_path / "nowhere")


@pytest.mark.parametrize("old, new, field, message", [
    ("title: Beta article\n", "", "title", "required"),
    ("order: 10", "order: ten", "order", "whole number"),
    ("reviewed: 2026-01-10", "reviewed: 10/01/2026", "reviewed", "YYYY-MM-DD"),
    ("next_review: 2099-01-10", "next_review: soon", "next_review", "YYYY-MM-DD"),
    ("section: care", "section: Care Things", "section", "lowercase"),
    ("title: Beta article", "titel: Beta article", "titel", "unknown field"),
    ("  - title: Source two\n    url: https://example.org/two\n", "  - title: Source two\n", "sources", "url"),
])
def test_front_matter_problems_name_the_file_and_field(good_content, old, new, field, message):
    replace_in(good_content / "articles/beta.md", old, new)
    library = load(good_content)
    found = problems_for(library, "articles/beta.md")
    assert any(p.field == field and message in p.message and p.is_error for p in found), found


def test_malformed_yaml_names_the_file_and_line(good_content):
    replace_in(good_content / "articles/beta.md", "order: 10", "order: [10")
    found = problems_for(load(good_content), "articles/beta.md")
    assert found and "malformed YAML" in found[0].message
    assert found[0].line in (5, 6)  # the line with the open bracket, or where YAML noticed


def test_missing_front_matter_is_reported(good_content):
    (good_content / "articles/gamma.md").write_text("## Just a body\n")
    found = problems_for(load(good_content), "articles/gamma.md")
    assert found and "---" in found[0].message


def test_one_broken_file_leaves_the_others_served(good_content):
    (good_content / "articles/beta.md").write_text("---\ntitle: [unclosed\n---\n")
    library = load(good_content)
    assert "beta" not in library.articles and "alpha" in library.articles
    assert "articles/beta.md" in library.skipped


def test_unknown_related_slug_is_reported(good_content):
    replace_in(good_content / "articles/alpha.md", "related: [beta]", "related: [beta, gamma]")
    found = problems_for(load(good_content), "articles/alpha.md")
    assert any(p.field == "related" and "gamma" in p.message for p in found)


def test_alias_that_duplicates_a_slug_is_reported(good_content):
    replace_in(good_content / "articles/alpha.md", "aliases: [old-alpha]", "aliases: [beta]")
    found = problems_for(load(good_content), "articles/alpha.md")
    assert any(p.field == "aliases" and "beta" in p.message for p in found)


def test_alias_claimed_twice_is_reported(good_content):
    replace_in(good_content / "articles/beta.md", "section: care", "section: care\naliases: [old-alpha]")
    library = load(good_content)
    assert any(p.field == "aliases" and "old-alpha" in p.message for p in library.problems)


def test_duplicate_faq_and_glossary_ids_are_reported(good_content):
    replace_in(good_content / "faq.yaml", "id: what-is-beta", "id: what-is-alpha")
    replace_in(good_content / "glossary.yaml", "id: vertebra", "id: kyphosis")
    library = load(good_content)
    assert any(p.path == "faq.yaml" and "duplicate id 'what-is-alpha'" in p.message for p in library.problems)
    assert any(p.path == "glossary.yaml" and "duplicate id 'kyphosis'" in p.message for p in library.problems)


def test_glossary_alias_used_twice_is_reported(good_content):
    replace_in(good_content / "glossary.yaml", "aliases: [vertebrae]", "aliases: [vertebrae, hunchback]")
    found = problems_for(load(good_content), "glossary.yaml")
    assert any("hunchback" in p.message and "kyphosis" in p.message for p in found)


@pytest.mark.parametrize("link, message", [
    ("/articles/gamma/", "no article 'gamma'"),
    ("/articles/beta/#missing-part", "no section #missing-part"),
    ("/faq/#nope", "no FAQ entry #nope"),
    ("/glossary/#nope", "no glossary term #nope"),
    ("/nowhere/", "no such page"),
    ("beta", "must be a site path"),
    ("/articles/old-alpha/", "old slug"),
    ("/articles/alpha", "needs the final slash: /articles/alpha/"),
])
def test_broken_links_name_the_file_and_line(good_content, link, message):
    replace_in(good_content / "articles/beta.md", "(/articles/alpha/#first-part)", f"({link})")
    found = problems_for(load(good_content), "articles/beta.md")
    assert any(message in p.message and p.line == line_of(good_content / "articles/beta.md", f"({link})")
               for p in found), found


@pytest.mark.parametrize("link", ["/articles/alpha/#first-part", "/faq/", "/glossary/#kyphosis", "/search/",
                                  "#second-part", "https://example.org/x"])
def test_links_to_what_the_site_answers_pass(good_content, link):
    replace_in(good_content / "articles/beta.md", "(/articles/alpha/#first-part)", f"({link})")
    assert problems_for(load(good_content), "articles/beta.md") == []


def test_faq_link_to_a_missing_section_is_reported(good_content):
    replace_in(good_content / "faq.yaml", "more: alpha#first-part", "more: alpha#nowhere")
    found = problems_for(load(good_content), "faq.yaml")
    assert any(p.field == "what-is-alpha.more" and "#nowhere" in p.message for p in found)


def test_image_without_alt_text_is_reported(good_content):
    replace_in(good_content / "articles/beta.md", "A plain section", "![](/static/favicon.svg)\n\nA plain section")
    found = problems_for(load(good_content), "articles/beta.md")
    assert any("no alt text" in p.message and p.line == line_of(good_content / "articles/beta.md", "![](")
               for p in found)


def test_unknown_placeholder_and_figure_are_reported_with_their_line(good_content):
    replace_in(good_content / "articles/beta.md", "A plain section", "[[clinic-fax]]\n\n[[figure:nothing]]\n\nA plain")
    found = problems_for(load(good_content), "articles/beta.md")
    beta = good_content / "articles/beta.md"
    assert any("[[clinic-fax]]" in p.message and p.line == line_of(beta, "[[clinic-fax]]") for p in found)
    assert any("unknown figure 'nothing'" in p.message and p.line == line_of(beta, "figure:nothing") for p in found)


def test_raw_html_is_refused_and_cleaned(good_content):
    replace_in(good_content / "articles/beta.md", "A plain section", '<script>alert(1)</script>\n\nA plain section')
    library = load(good_content)
    found = problems_for(library, "articles/beta.md")
    assert any("raw HTML" in p.message and p.line == line_of(good_content / "articles/beta.md", "<script>")
               for p in found)
    assert "<script" not in library.articles["beta"].html


def test_overdue_review_is_a_warning_not_an_error(good_content):
    replace_in(good_content / "articles/beta.md", "next_review: 2099-01-10", "next_review: 2026-02-01")
    library = load(good_content, today=dt.date(2026, 6, 1))
    found = problems_for(library, "articles/beta.md")
    assert [p.level for p in found] == ["warning"] and "overdue" in found[0].message
    assert "beta" in library.articles


def test_every_problem_is_reported_at_once(good_content):
    replace_in(good_content / "articles/beta.md", "order: 10", "order: ten")
    replace_in(good_content / "articles/alpha.md", "related: [beta]", "related: [nope]")
    replace_in(good_content / "faq.yaml", "more: beta", "more: nope")
    library = load(good_content)
    assert {p.path for p in library.errors} == {"articles/beta.md", "articles/alpha.md", "faq.yaml"}


def test_glossary_terms_are_linked_on_first_use_only(good_content):
    html = load(good_content).articles["alpha"].html
    assert html.count('popovertarget="term-kyphosis"') == 1
    assert 'href="/glossary/#kyphosis"' in html
    # "hunchback" is an alias of a term already linked, so it stays plain text.
    assert ">hunchback<" not in html


def test_glossary_terms_are_not_linked_inside_headings_or_links(good_content):
    replace_in(good_content / "articles/beta.md", "## Second part", "## Second part about kyphosis")
    beta = load(good_content).articles["beta"]
    assert beta.headings[0].title == "Second part about kyphosis"
    assert beta.terms_used == ("vertebra",)


def test_acronyms_are_linked_only_in_capitals(good_content):
    with (good_content / "glossary.yaml").open("a") as f:
        f.write("  - id: nice\n    term: NICE\n    definition: A body that advises the NHS.\n")
    replace_in(good_content / "articles/beta.md", "A plain section", "A nice plain section. NICE agrees")
    html = load(good_content).articles["beta"].html
    assert "A nice plain" in html
    assert 'popovertarget="term-nice"' in html and ">NICE</button>" in html


def test_glossary_shows_only_aliases_that_add_something():
    from kyphoplasty_site.content.models import GlossaryTerm

    term = GlossaryTerm(id="x", term="Adjacent-level fracture", definition_html="",
                        aliases=("adjacent level fracture", "adjacent-level fractures", "adjacent fracture",
                                 "adjacent vertebral fractures"))
    assert term.shown_aliases == ("adjacent fracture", "adjacent vertebral fractures")
    assert GlossaryTerm(id="v", term="Vertebra", definition_html="",
                        aliases=("vertebrae", "spine bone", "spine bones")).shown_aliases == ("spine bone",)


def test_faq_answer_may_hold_a_short_list(good_content):
    replace_in(good_content / "faq.yaml", "answer: The first letter. Call [[clinic-phone]].",
               "answer: |\n          The first letter. It has:\n\n          - one stroke\n          - two legs\n")
    library = load(good_content)
    assert library.problems == ()
    html = str(library.faq.entries[0].answer_html)
    assert "<p>The first letter. It has:</p><ul><li>one stroke</li><li>two legs</li></ul>" in html.replace("\n", "")


def test_a_name_is_matched_only_when_its_words_stand_apart_by_spaces(good_content):
    with (good_content / "glossary.yaml").open("a") as f:
        f.write("  - id: sham-procedure\n    term: Sham procedure\n    aliases: [sham]\n"
                "    definition: A pretend procedure.\n")
    replace_in(good_content / "articles/beta.md", "A plain section", "A fake (sham) procedure. A plain section")
    html = load(good_content).articles["beta"].html
    assert ">sham</button>" in html and "sham) procedure</button>" not in html


def test_punctuation_touching_a_term_stays_on_its_line(good_content):
    replace_in(good_content / "articles/beta.md", "A plain section about a vertebra.",
               "A plain section about a bone (vertebra), here.")
    html = load(good_content).articles["beta"].html
    assert '<span class="term">(<button' in html
    assert '>vertebra</button>),<span class="term-tip"' in html


def test_a_long_term_may_wrap_and_leaves_punctuation_outside(good_content):
    with (good_content / "glossary.yaml").open("a") as f:
        f.write("  - id: nice\n    term: National Institute for Health and Care Excellence\n"
                "    definition: A body that advises the NHS.\n")
    replace_in(good_content / "articles/beta.md", "A plain section",
               "Ask (National Institute for Health and Care Excellence), then. A plain section")
    html = load(good_content).articles["beta"].html
    assert 'Ask (<span class="term term-long"><button' in html
    assert '>National Institute for Health and Care Excellence</button><span class="term-tip"' in html


SAFE_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="fig-{n}-title" '
            'aria-describedby="fig-{n}-desc"><title id="fig-{n}-title">A spine</title>'
            '<desc id="fig-{n}-desc">Bones stacked.</desc>{extra}</svg>')


@pytest.mark.parametrize("extra, inlined", [("", True), ('<script>alert(1)</script>', False),
                                            ('<rect onclick="alert(1)"/>', False)])
def test_a_figure_is_inlined_only_when_it_passes_the_svg_check(good_content, tmp_path, extra, inlined):
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "drawing.svg").write_text(SAFE_SVG.format(n="drawing", extra=extra))
    (good_content / "figures.yaml").write_text("drawing:\n  caption: A drawing of the spine.\n")
    replace_in(good_content / "articles/beta.md", "A plain section", "[[figure:drawing]]\n\nA plain section")
    library = load(good_content, figures_dir=figures)
    html = library.articles["beta"].html
    assert ('id="figure-drawing"' in html) is inlined
    assert "alert" not in html
    assert bool(problems_for(library, "figures/drawing.svg")) is not inlined
    assert problems_for(library, "articles/beta.md") == []  # the figure is named, just not drawn


def test_question_forms_and_broader_words_load(good_content):
    (good_content / "question-forms.yaml").write_text(
        "- id: how-long\n  asked: [how long does * take, how long]\n  headings: [how long, takes]\n"
        "- id: what-is\n  asked: [what is, '* meaning']\n  headings: [what is]\n  definitions: yes\n")
    (good_content / "synonyms.yaml").write_text(
        "- [ache, soreness]\n- words: [kyphoplasty, vertebroplasty]\n  broader: [procedure, operation]\n")
    library = load(good_content)
    assert library.problems == ()
    assert [(f.id, f.asked, f.definitions) for f in library.question_forms] == [
        ("how-long", ("how long does * take", "how long"), False), ("what-is", ("what is", "* meaning"), True)]
    assert library.synonyms == (("ache", "soreness"),)
    assert library.broader == ((("kyphoplasty", "vertebroplasty"), ("procedure", "operation")),)


@pytest.mark.parametrize("forms, field, says", [
    ("- id: x\n  asked: [how *]\n  headings: [how]\n", "[0] (x).asked", "not last"),
    ("- id: x\n  asked: [how long]\n  headings: [how * long]\n", "[0] (x).headings", "asked only"),
    ("- id: x\n  asked: [How Long!]\n  headings: [how long]\n", "[0] (x).asked", "lowercase words"),
    ("- id: x\n  asked: []\n  headings: [how long]\n", "[0] (x)", "at least one"),
    ("- id: x\n  asked: [how long]\n  headings: [how long]\n  definitions: maybe\n", "[0] (x).definitions", "yes or no"),
])
def test_a_broken_question_form_is_reported_with_its_field_and_the_rest_still_load(good_content, forms, field, says):
    (good_content / "question-forms.yaml").write_text(forms + "- id: ok\n  asked: [what is]\n  headings: [what is]\n")
    library = load(good_content)
    found = problems_for(library, "question-forms.yaml")
    assert len(found) == 1 and found[0].field == field and says in found[0].message, found
    assert [f.id for f in library.question_forms] == ["ok"]


def test_a_broken_broader_entry_is_reported_and_the_groups_still_load(good_content):
    (good_content / "synonyms.yaml").write_text("- [ache, soreness]\n- words: [kyphoplasty]\n  wider: [procedure]\n")
    library = load(good_content)
    found = problems_for(library, "synonyms.yaml")
    assert len(found) == 1 and found[0].field == "[1]" and "broader" in found[0].message
    assert library.synonyms == (("ache", "soreness"),) and library.broader == ()
