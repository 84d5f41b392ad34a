"""What search needs to know about each language: its stop words, family words and how it stems.

English stems with SQLite FTS5's Porter stemmer, as it always has. FTS5 has no stemmer for
Polish, whose words change their endings (złamanie, złamania, złamaniu, złamań), and no
maintained Polish stemmer runs in both Python and the static copy's JavaScript. So a Polish word
is folded (Polish letters as plain ones, "ł" as "l": how a reader without them on the keyboard
types anyway) and loses its longest inflectional ending from the list below, keeping at least
three letters: all four are "zlaman". The same few lines run in Python (stemming.SuffixStemmer)
and JavaScript (search-engine.js, which reads the list from the index), so the static copy ranks alike.

A fixed five-letter prefix, tried first, scored the same on the tuning questions but could not
tell apart words that share a long prefix: "leki przeciwbólowe" (painkillers) and "leki
przeciwzakrzepowe" (blood thinners) were one idea, and "przerzuty" (metastases) was "przerwa" (a break).

Polish search corrects no spelling: with no Polish word list to say which words are real, it
could change a real word into the nearest one the site uses. Stripping endings already forgives
a wrong ending, and folding forgives missing Polish letters.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchLanguage:
    code: str
    stop_words: frozenset[str]      # words that never decide a match
    family: frozenset[str]          # who a question is about ("my mum"): never an idea
    # Words a phrase reads through: those that only strengthen the next ("feeling really down") and
    # those that say whose ("broke my back", "pick her up"). Left out of the topic, so they never split
    # a phrase the synonyms know ("feeling down", "broke back", "pick up").
    read_through: frozenset[str] = frozenset()
    # Units of time: the number before one ("2" in "2 weeks") leaves the topic (query.py).
    time_units: frozenset[str] = frozenset()
    stemmer: str = "porter"         # "porter" (FTS5's, English) or "suffix" (folded, endings stripped)
    endings: tuple[str, ...] = ()   # for "suffix": inflectional endings, folded, longest tried first
    shortest_stem: int = 3
    corrects_spelling: bool = True  # only with a word list that says which words are real (english.py)

    def as_json(self) -> dict:
        return {"code": self.code, "stemmer": self.stemmer, "endings": list(self.endings),
                "shortestStem": self.shortest_stem, "correctsSpelling": self.corrects_spelling}


ENGLISH = SearchLanguage(
    code="en-gb",
    stop_words=frozenset("""
a about after again all am an and any are as at be been before being but by can could did do does doing
done for from get getting go had has have having he her here him his how i if in into is it its itself
just me might more most much my myself need no nor not now of off on once only or other our out over own
please same she should so some such than that the their them then there these they this those through
to too under until up very was we were what when where which while who whom why will with would you your
yours yourself tell know want feel going really thing things im ive dont didnt doesnt isnt wasnt arent wont
cant couldnt shouldnt wouldnt thats theres youre http https www put got just afterwards afterward
end ever also even already anything something someone anyone everything lot lots bit
since because during though although unless whether maybe perhaps anyway actually basically ok okay
told tells telling said says saying say think thinks thought wonder wondering wondered reckon
""".split()),
    # Who a question is about, when a relative asks it: "can my mum have it" asks what "can I have it"
    # asks. These words fill a form's topic ("can * have") but are never an idea of the topic
    # themselves: no answer is about mums.
    family=frozenset("""mum mom mummy mother dad daddy father wife husband partner son daughter grandson
granddaughter nan nana nanna gran granny grandma grandmother grandad granddad grandpa grandfather
brother sister aunt auntie uncle""".split()),
    read_through=frozenset("""really very so quite pretty extremely terribly awfully incredibly super too
my your his her their our me him them us""".split()),
    time_units=frozenset("minute minutes min mins hour hours hr hrs day days week weeks wk wks month months year years yr yrs"
                         .split()),
)

# Polish function words, with and without Polish letters (readers type both).
_POLISH_STOP = """
a aby albo ale ani bardzo bez bo by być był była było były będzie będę chce chcę ci co czy czym dla do dlaczego
gdy gdzie go i ich ile im inne ja jak jaka jaki jakie jakiś jest jestem jeszcze jeśli jeżeli już ją je jej jego
kiedy kto która które który mam ma mają mi mnie mną mogę może można mój moja moje moim mojej mojego mu my na nad
nam nas nie nim niż no o od on ona one oni oraz po pod przed przez przy sa są się sobie tak także tam te tego
tej ten też to tu ty tym u w we wie z za ze że żeby nic coś ktoś tylko teraz potem jako ktory ktora ktore
sie byc bedzie bede chce jesli jezeli juz moj moze mozna mna niz sa tez zeby cos ktos wiec więc czy
proszę prosze pan pani państwo
"""
POLISH = SearchLanguage(
    code="pl",
    stop_words=frozenset(_POLISH_STOP.split()),
    family=frozenset("""mama mamy mamie mamą mame matka matki mamusia tata taty tacie tatą tato ojciec ojca
mąż męża mężem maz meza mezem żona żony żonie zona zony zonie syn syna synem córka córki corka corki
babcia babci dziadek dziadka dziadkiem brat brata siostra siostry ciocia cioci wujek wujka
teść teściowa tesc tesciowa partner partnerka""".split()),
    read_through=frozenset("bardzo naprawdę naprawde strasznie okropnie całkiem calkiem".split()),
    time_units=frozenset("""minuta minuty minut godzina godziny godzin dzień dzien dni doba doby tydzień tydzien tygodnie
tygodni miesiąc miesiac miesiące miesiace miesięcy miesiecy rok roku lata lat""".split()),
    stemmer="suffix",
    # Case and number endings of nouns and adjectives, and the commonest of verbs, as folded.
    endings=tuple(sorted("""owych owymi owego owemu ami ach ego emu ych ymi ich imi owie ow om owi owa owe owy
ie ia iu ii ej a e i o u y""".split(), key=len, reverse=True)),
    corrects_spelling=False,
)

_BY_CODE = {language.code: language for language in (ENGLISH, POLISH)}


def search_language(code: str | None) -> SearchLanguage:
    """The search rules for a language code; English for one without its own (a pseudo-locale)."""
    return _BY_CODE.get(code or "", ENGLISH)
