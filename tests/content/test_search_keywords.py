"""The editors' search words (content/search-keywords.yaml): found by search, never shown, checked addresses."""
import shutil

import yaml
from django.conf import settings

from kyphoplasty_site.content.loader import load_library
from kyphoplasty_site.content.rendering import SiteValues
from kyphoplasty_site.site import library, search_index


def test_a_section_is_found_by_its_search_words_which_are_never_shown():
    address, words = next(iter(library().search_keywords.items()))
    document = next(d for d in search_index().documents if d.url == address)
    assert " ".join(words) == document.keywords and document.keywords not in document.body
    result = next(r for r in search_index().search(words[0]).results if r.url == address)
    assert words[0] not in str(result.snippet).lower() or words[0] in document.body.lower()


def test_every_address_with_search_words_exists_and_a_wrong_one_is_reported(tmp_path):
    assert library().problems == ()
    content = tmp_path / "content"
    shutil.copytree(settings.CONTENT_DIR, content)
    path = content / "search-keywords.yaml"
    data = yaml.safe_load(path.read_text())
    data["/articles/painkillers/#no-such-section"] = ["made up"]
    path.write_text(yaml.safe_dump(data))
    values = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="999")
    problems = [str(p) for p in load_library(content, values, figures_dir=settings.FIGURES_DIR).problems]
    assert "search-keywords.yaml [/articles/painkillers/#no-such-section]: no such address: " \
           "/articles/painkillers/#no-such-section" in problems


def test_an_faq_groups_search_words_are_every_answer_in_it():
    """'When can I lift things?' leaves unsaid that it is asked after the procedure; its group's words say it."""
    group_words = library().search_keywords["/faq/#after"]
    after = {entry.id for group in library().faq.groups if group.id == "after" for entry in group.entries}
    documents = {d.url: d for d in search_index().documents}
    assert after and all(" ".join(group_words) in documents[f"/faq/#{id}"].keywords for id in after)
    assert " ".join(group_words) not in documents["/faq/#what-is-kyphoplasty"].keywords
