"""Rendered articles kept between start-ups: used only when nothing they depend on has changed."""
import pickle

import pytest

from kyphoplasty_site.content import loader as loader_module
from kyphoplasty_site.content.loader import load_library
from kyphoplasty_site.content.rendering import SiteValues

VALUES = SiteValues(clinic_name="Test Clinic", clinic_phone="0123 456", emergency_number="112")


@pytest.fixture
def count_renders(monkeypatch):
    calls = []
    real = loader_module.render_markdown

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(loader_module, "render_markdown", counting)
    return calls


def test_a_second_start_renders_nothing_and_gives_the_same_pages(good_content, tmp_path, count_renders):
    first = load_library(good_content, VALUES, cache_dir=tmp_path / "cache")
    assert len(count_renders) == 2
    second = load_library(good_content, VALUES, cache_dir=tmp_path / "cache")
    assert len(count_renders) == 2
    assert second.articles["alpha"].html == first.articles["alpha"].html
    assert second.articles["alpha"].terms_used == first.articles["alpha"].terms_used
    assert second.fingerprint == first.fingerprint


def test_a_changed_article_is_rendered_again(good_content, tmp_path, count_renders):
    load_library(good_content, VALUES, cache_dir=tmp_path / "cache")
    beta = good_content / "articles/beta.md"
    beta.write_text(beta.read_text().replace("A plain section", "A changed section"))
    library = load_library(good_content, VALUES, cache_dir=tmp_path / "cache")
    assert len(count_renders) == 3 and "A changed section" in library.articles["beta"].html


@pytest.mark.parametrize("change", ["glossary", "clinic"])
def test_a_site_wide_change_renders_everything_again(good_content, tmp_path, count_renders, change):
    load_library(good_content, VALUES, cache_dir=tmp_path / "cache")
    values = VALUES
    if change == "glossary":
        path = good_content / "glossary.yaml"
        path.write_text(path.read_text().replace("A forward rounding", "A rounding"))
    else:
        values = SiteValues(clinic_name="Test Clinic", clinic_phone="0999 000", emergency_number="911")
    library = load_library(good_content, values, cache_dir=tmp_path / "cache")
    assert len(count_renders) == 4
    if change == "clinic":
        assert "tel:911" in library.articles["alpha"].html


def _stored_results(cache_dir):
    (file,) = cache_dir.glob("*.pickle")  # one file for the content folder
    with open(file, "rb") as handle:
        return pickle.load(handle)


def test_unused_results_are_dropped_and_a_damaged_file_is_a_miss(good_content, tmp_path, count_renders):
    cache = tmp_path / "cache"
    load_library(good_content, VALUES, cache_dir=cache)
    assert len(_stored_results(cache)) == 2
    (good_content / "articles/beta.md").unlink()
    load_library(good_content, VALUES, cache_dir=cache)
    assert len(_stored_results(cache)) == 1
    next(cache.glob("*.pickle")).write_bytes(b"not a pickle")
    library = load_library(good_content, VALUES, cache_dir=cache)
    assert "alpha" in library.articles and len(count_renders) == 3
    assert len(_stored_results(cache)) == 1  # and the file is whole again


def test_an_unwritable_cache_folder_only_costs_time(good_content, tmp_path, count_renders):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    library = load_library(good_content, VALUES, cache_dir=blocker)
    assert "alpha" in library.articles and len(count_renders) == 2
