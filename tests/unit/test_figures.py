"""Figures placed from Markdown: a misspelt name is a content error, an unsafe SVG is never inlined."""


def test_a_misspelt_figure_name_is_a_content_error(good_content, use_content):
    body = good_content / "articles/beta.md"
    body.write_text(body.read_text() + "\n[[figure:spien]]\n")
    problems = use_content(good_content).problems
    assert any("unknown figure 'spien'" in p.message and p.path == "articles/beta.md" and p.line for p in problems)


def _svg(name: str, extra: str = "") -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50" role="img" '
            f'aria-labelledby="fig-{name}-title" aria-describedby="fig-{name}-desc">'
            f'<title id="fig-{name}-title">A {name}</title><desc id="fig-{name}-desc">What the {name} shows</desc>'
            f'<text x="5" y="20" font-size="20">Label</text>{extra}</svg>')


def test_a_figure_that_fails_its_check_is_reported_and_never_inlined(good_content, tmp_path):
    from kyphoplasty_site.content.loader import load_library
    from kyphoplasty_site.content.rendering import SiteValues

    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "safe.svg").write_text(_svg("safe"))
    (figures / "unsafe.svg").write_text(_svg("unsafe", '<script>alert(1)</script>'))
    (good_content / "figures.yaml").write_text("safe:\n  caption: A safe one.\nunsafe:\n  caption: An unsafe one.\n")
    body = good_content / "articles/beta.md"
    body.write_text(body.read_text() + "\n[[figure:safe]]\n\n[[figure:unsafe]]\n")
    library = load_library(good_content, SiteValues("Clinic", "0123", "112"), figures_dir=figures)
    assert any(p.path == "figures/unsafe.svg" and "scripts" in p.message for p in library.problems)
    html = str(library.articles["beta"].html)
    assert 'id="figure-safe"' in html and "What the safe shows" in html
    assert "unsafe" not in html and "<script" not in html and "KYPHOFIGURE" not in html
