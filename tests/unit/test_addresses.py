"""The published-address check (content/addresses.py) on the fixture content: a rename without an
alias, a vanished anchor or id, or a short link gone fails it; an alias keeps it clean."""
import pytest


@pytest.fixture
def published_fixture(good_content):
    (good_content / "published.txt").write_text(
        "/articles/alpha/\n/articles/alpha/#first-part\n/faq/#what-is-alpha\n/glossary/#kyphosis\n")
    return good_content


def test_renaming_an_article_without_an_alias_fails_the_check(published_fixture, use_content):
    (published_fixture / "articles/alpha.md").rename(published_fixture / "articles/alpha-new.md")
    problems = [str(p) for p in use_content(published_fixture).errors]
    assert any("published.txt:1" in p and "/articles/alpha/ no longer works" in p for p in problems), problems


def test_renaming_an_article_with_an_alias_keeps_the_check_clean(published_fixture, use_content):
    path = published_fixture / "articles/alpha.md"
    path.write_text(path.read_text().replace("aliases: [old-alpha]", "aliases: [old-alpha, alpha]"))
    path.rename(published_fixture / "articles/alpha-new.md")
    beta = published_fixture / "articles/beta.md"
    beta.write_text(beta.read_text().replace("/articles/alpha/", "/articles/alpha-new/"))
    faq = published_fixture / "faq.yaml"
    faq.write_text(faq.read_text().replace("more: alpha#", "more: alpha-new#"))
    assert use_content(published_fixture).errors == ()


@pytest.mark.parametrize("old, new, address", [
    ("## First part", "## The first part", "/articles/alpha/#first-part"),
    ("id: what-is-alpha", "id: what-is-a", "/faq/#what-is-alpha"),
    ("id: kyphosis", "id: kyphos", "/glossary/#kyphosis"),
])
def test_a_vanished_anchor_or_id_fails_the_check(published_fixture, use_content, old, new, address):
    for name in ("articles/alpha.md", "faq.yaml", "glossary.yaml", "articles/beta.md"):
        path = published_fixture / name
        path.write_text(path.read_text().replace(old, new))
    problems = [str(p) for p in use_content(published_fixture).errors]
    assert any(address in p and "no longer works" in p for p in problems), problems


def test_a_short_link_keeps_working_with_or_without_its_final_slash(published_fixture, use_content):
    (published_fixture / "short-links.yaml").write_text("abcd: alpha\nefgh: beta\n")
    with (published_fixture / "published.txt").open("a") as published:
        published.write("/go/abcd\n/go/abcd/\n")
    assert use_content(published_fixture).errors == ()
    (published_fixture / "short-links.yaml").write_text("abcf: alpha\nefgh: beta\n")
    problems = [str(p) for p in use_content(published_fixture).errors]
    assert sum("/go/abcd" in p and "short link is gone" in p for p in problems) == 2, problems
