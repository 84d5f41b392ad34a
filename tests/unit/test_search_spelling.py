"""Spelling correction changes only words that are neither the site's nor real English words."""
import pytest
import wordfreq

from kyphoplasty_site.search.english import is_english_word
from kyphoplasty_site.search.query import QueryPlanner

# The 2,000 most common English words, from wordfreq (a source apart from the word list search uses).
COMMON_WORDS = [word for word in wordfreq.top_n_list("en", 2000) if word.isalpha()]


@pytest.mark.parametrize("british, american", [
    ("anaesthetic", "anesthetic"), ("tumour", "tumor"), ("centre", "center"), ("oedema", "edema"),
    ("oestrogen", "estrogen"), ("haemorrhage", "hemorrhage"), ("paediatric", "pediatric"),
    ("hospitalised", "hospitalized"), ("paralysed", "paralyzed"), ("colour", "color"), ("favourite", "favorite"),
    ("travelled", "traveled"), ("defence", "defense"), ("programme", "program"), ("catalogue", "catalog"),
    ("anaesthetised", "anesthetized"),
])
def test_british_and_american_spellings_are_both_english_words(british, american):
    assert is_english_word(british) and is_english_word(american)


@pytest.mark.parametrize("word", ["kyfoplasty", "kyphoplasy", "vertebroplasy", "osteoperosis", "osteoporsis",
                                  "anaestetic", "fractuer", "xqzt"])
def test_misspellings_are_not_english_words(word):
    assert not is_english_word(word)


def _near(word: str) -> str:
    """A different word one letter away ("cure" → "curve"), which a corrector would reach for."""
    middle = len(word) // 2
    return word[:middle] + "v" + word[middle:]


def test_no_common_english_word_is_ever_corrected_even_with_a_near_word_in_the_index():
    # Every common word has a word one letter away in this index, the way "cure" has "curve".
    planner = QueryPlanner({_near(word) for word in COMMON_WORDS}, [])
    changed = {word: planner.correct(word) for word in COMMON_WORDS if planner.correct(word) != word}
    assert not changed


def test_does_it_cure_is_never_read_as_does_it_curve():
    planner = QueryPlanner({"curve", "kyphoplasty", "osteoporosis"}, [])
    assert planner.plan("does kyphoplasty cure osteoporosis").corrected is None


def test_misspelt_medical_words_are_still_corrected_to_the_sites_words():
    planner = QueryPlanner({"kyphoplasty", "vertebroplasty", "osteoporosis", "anaesthetic", "fracture"}, [])
    assert planner.plan("kyfoplasty vertebroplasy osteoperosis fractuer").corrected == (
        "kyphoplasty vertebroplasty osteoporosis fracture")


def test_either_spelling_of_anaesthetic_is_left_as_typed():
    planner = QueryPlanner({"anaesthetic"}, [])
    assert planner.correct("anesthetic") == "anesthetic" and planner.correct("anaesthetic") == "anaesthetic"


def test_a_word_spelt_as_it_sounds_is_corrected_with_ph_for_f():
    planner = QueryPlanner({"kyphoplasty", "kyphosis", "bisphosphonate"}, [])
    # Three changes from "kyphoplasty" as written, one as it sounds.
    assert planner.plan("kifoplasty").corrected == "kyphoplasty"
    assert planner.plan("bisfosfonate kifosis").corrected == "bisphosphonate kyphosis"
    # A real word with an "f" is still never changed.
    assert planner.correct("fishing") == "fishing"
