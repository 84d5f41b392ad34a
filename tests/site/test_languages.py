"""Language editions: addresses, hreflang both ways, the switcher, no cookie or Accept-Language redirect,
numbers that cannot differ, and translations that can never silently fall out of date."""
import re
import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from kyphoplasty_site.content.editions import english_files, fingerprint, in_language
from kyphoplasty_site.content.loader import load_library
from kyphoplasty_site.content.rendering import SiteValues
from kyphoplasty_site.site import library
from kyphoplasty_site.sitemaps import public_paths

from ..html_tools import PageFacts

VALUES = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="999")


def alternates(html: str) -> dict[str, str]:
    """hreflang → path of each <link rel="alternate">."""
    return {lang: re.sub(r"^https?://[^/]+", "", href) for lang, href in
            re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)}


@pytest.fixture(scope="module")
def every_page():
    """Every public page in every published language, with its HTML."""
    client = Client()
    pages = {}
    for path in public_paths():
        for code in settings.PUBLISHED_LANGUAGES:
            address = in_language(path, code)
            response = client.get(address)
            assert response.status_code == 200, address
            pages[address] = response.content.decode()
    return pages


def test_every_page_names_every_edition_and_each_names_it_back(every_page):
    for path, html in every_page.items():
        links = alternates(html)
        assert set(links) == {"en-GB", "pl", "x-default"}, path
        assert path in links.values(), f"{path} does not name itself among its editions"
        assert links["x-default"] == links["en-GB"]
        for lang, other in links.items():
            assert alternates(every_page[other]) == links, f"{other} does not name {path} back"


def test_a_polish_page_says_it_is_polish_and_an_english_one_is_unchanged(every_page):
    english, polish = every_page["/articles/vertebroplasty/"], every_page["/pl/articles/vertebroplasty/"]
    assert '<html lang="en-GB">' in english and '<html lang="pl">' in polish
    assert '<meta property="og:locale" content="en_GB">' in english
    assert '<meta property="og:locale" content="pl_PL">' in polish
    assert PageFacts(polish).title.startswith("Wertebroplastyka")
    assert '"inLanguage":"pl"' in polish and '"inLanguage":"en-GB"' in english


def test_the_switcher_keeps_the_reader_on_the_same_page_and_section():
    html = Client().get("/search/", {"q": "cement leak"}).content.decode()
    assert 'class="language-link" href="/pl/search/?q=cement+leak"' in html
    html = Client().get("/articles/painkillers/").content.decode()
    assert re.search(r'<a class="language-link" href="/pl/articles/painkillers/" hreflang="pl" lang="pl">Polski</a>', html)
    html = Client().get("/pl/faq/").content.decode()
    assert re.search(r'<a class="language-link" href="/faq/" hreflang="en-GB" lang="en-GB">English</a>', html)


def test_links_inside_polish_content_stay_in_polish():
    article = library("pl").articles["vertebroplasty"]
    assert 'href="/pl/articles/balloon-kyphoplasty/"' in article.html
    assert 'href="/articles/' not in article.html
    assert article.url == "/pl/articles/vertebroplasty/"
    assert library("en-gb").articles["vertebroplasty"].url == "/articles/vertebroplasty/"


def test_the_language_comes_from_the_address_alone():
    """No cookie, no redirect by Accept-Language: a link opens the page it names for everyone."""
    response = Client(HTTP_ACCEPT_LANGUAGE="pl").get("/faq/")
    assert response.status_code == 200 and '<html lang="en-GB">' in response.content.decode()
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/pl/faq/")
    assert response.status_code == 200 and '<html lang="pl">' in response.content.decode()
    assert not response.cookies and "Vary" not in response or "Accept-Language" not in response["Vary"]
    assert response["Content-Language"] == "pl"
    assert Client().get("/pl/no-such-page/").status_code == 404
    assert Client().get("/de/faq/").status_code == 404


def test_a_language_left_out_of_published_languages_is_not_served(settings):
    settings.PUBLISHED_LANGUAGES = ["en-gb"]
    settings.LANGUAGES = [("en-gb", "English")]
    assert Client().get("/pl/faq/").status_code == 404
    html = Client().get("/faq/").content.decode()
    assert "hreflang" not in html and "language-link" not in html


PLACEHOLDER = re.compile(r"\[\[[^\]]+\]\]")


@pytest.mark.parametrize("english", [name for name in english_files(Path(settings.CONTENT_DIR))
                                     if not name.startswith("numbers/")])
def test_a_translation_shows_the_registrys_figures_and_no_others(english):
    """Figures come from the registry ([[n:ID]]), whose translated words must say the same numbers
    (the loader checks). So a translation has every placeholder of the English, as often, and any
    number it writes out itself is one the English writes too (or a UK phone number it explains)."""
    root = Path(settings.CONTENT_DIR)
    source, translated = (root / english).read_text(), (root / "pl" / english).read_text()
    if english == "red-flags.yaml":   # its `words` are what readers type (999, 111, 112), not what they read
        source, translated = (yaml.safe_dump(yaml.safe_load(text)["tiers"], allow_unicode=True)
                              for text in (source, translated))
    assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(source))
    written = set(re.findall(r"\b\d+\b", PLACEHOLDER.sub(" ", translated)))
    assert written <= set(re.findall(r"\b\d+\b", PLACEHOLDER.sub(" ", source))) | {"999", "111"}, english


def test_a_translation_saying_other_numbers_is_refused(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    numbers = content / "pl" / "numbers.yaml"
    data = yaml.safe_load(numbers.read_text())
    first = next(iter(data))
    data[first]["text"] = re.sub(r"\d+", "77", data[first]["text"], count=1)
    numbers.write_text(yaml.safe_dump(data, allow_unicode=True))
    problems = [str(p) for p in load_library(content, VALUES, figures_dir=settings.FIGURES_DIR, edition="pl").problems]
    assert any(p.startswith(f"pl/numbers.yaml [{first}.text]: says other numbers than the English") for p in problems)


def test_editing_the_english_makes_its_translation_stale_until_recorded(tmp_path, settings, use_content, capsys):
    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    english = content / "articles" / "painkillers.md"
    english.write_text(english.read_text().replace("paracetamol", "paracetamol (Tylenol)", 1))
    use_content(content)
    call_command("translations", "pl")
    listed = capsys.readouterr().out
    assert "1 stale" in listed and "stale: articles/painkillers.md has changed since it was translated" in listed
    html = Client().get("/pl/articles/painkillers/").content.decode()
    assert "translation-notice-warning" in html
    assert 'href="/articles/painkillers/" hreflang="en-GB"' in html
    assert "translation-notice-warning" not in Client().get("/pl/articles/vertebroplasty/").content.decode()
    call_command("translations", "pl", "--record", "articles/painkillers.md", "--by", "A translator")
    assert "0 stale" in capsys.readouterr().out
    record = yaml.safe_load((content / "pl" / "translations.yaml").read_text())["articles/painkillers.md"]
    assert record["source"] == fingerprint(english.read_bytes()) and record["translated_by"] == "A translator"


def test_every_english_file_has_a_current_recorded_translation():
    records = library("pl").translations
    root = Path(settings.CONTENT_DIR)
    assert sorted(records) == english_files(root)
    assert all(record.current for record in records.values())


def test_an_unchecked_translation_says_so_and_links_to_the_english():
    html = Client().get("/pl/articles/painkillers/").content.decode()
    notice = re.search(r'<aside class="translation-notice".*?</aside>', html, re.S).group()
    assert 'href="/articles/painkillers/"' in notice
    assert not any(record.checked for record in library("pl").translations.values()), \
        "a translation marked checked: this test's text then needs the checked wording"
    assert "/articles/painkillers/" in notice
    assert "translation-notice" not in Client().get("/articles/painkillers/").content.decode()


def test_the_english_pages_gain_only_the_hreflang_links_and_the_switcher(settings):
    """An English page with Polish published is the page with English alone, plus those lines."""
    paths = public_paths() + ["/search/?q=cement", "/for-clinicians/"]
    with_polish = {path: Client().get(path).content.decode() for path in paths}
    settings.PUBLISHED_LANGUAGES, settings.LANGUAGES = ["en-gb"], [("en-gb", "English")]
    for path in paths:
        alone = Client().get(path).content.decode()
        added = [line for line in with_polish[path].splitlines()
                 if 'rel="alternate" hreflang=' in line or 'class="language-bar"' in line]
        assert len(added) == (4 if "?" not in path else 1), path   # a search has no canonical address
        assert "".join(line for line in with_polish[path].splitlines(keepends=True) if line.rstrip("\n") not in added) \
            == alone, path


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_interface_string_has_its_polish(domain):
    """No empty or fuzzy entry in locale/pl: Django would show the English. (A string nobody marked for
    translation at all shows up in the accented pseudo-locale: tests/browser/test_languages.py.)"""
    import polib
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "locale" / "pl" / "LC_MESSAGES" / f"{domain}.po"))
    entries = [e for e in catalogue if not e.obsolete]
    assert len(entries) > (200 if domain == "django" else 10)
    assert not [e.msgid for e in entries if "fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values()))]
    placeholders = re.compile(r"%\(\w+\)[sd]")
    for e in entries:
        # Polish's first plural form is for one (the English singular); the others for many.
        pairs = [(e.msgstr, e.msgid)] if not e.msgid_plural else \
            [(text, e.msgid if form == 0 else e.msgid_plural) for form, text in e.msgstr_plural.items()]
        for translated, english in pairs:
            assert sorted(placeholders.findall(translated)) == sorted(placeholders.findall(english)), e.msgid


def test_a_polish_handouts_short_links_lead_to_the_polish_pages():
    """A patient scanning the code on a Polish handout lands on the Polish page; English links are unchanged."""
    code = library().short_code("painkillers")
    assert Client().get(f"/go/{code}/")["Location"] == "/articles/painkillers/"
    assert Client().get(f"/pl/go/{code}/")["Location"] == "/pl/articles/painkillers/"
    decide = library().short_code("/decide/")
    assert Client().get(f"/pl/go/{decide}/")["Location"] == "/pl/decide/"
    html = Client().get("/pl/handout/", {"articles": "painkillers"}).content.decode()
    assert f"/pl/go/{code}/" in html and f"/go/{code}/</strong>" not in html.replace(f"/pl/go/{code}/", "")
