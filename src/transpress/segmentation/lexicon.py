"""The words the Latin-script splitter knows: titles, abbreviations and sentence openers.

An abbreviation is filed by the place it takes in a sentence, because that place says what
the word after its period means:

* `Abbreviation.NAME_END` ("Co.", "Inc.", "Ltd.", "etc.", "et al.") closes a name or a
  list, so a capitalised word after it starts a new sentence;
* `Abbreviation.TIME` ("a.m.", "p.m.") closes a time, and only a time zone continues it;
* `Abbreviation.BEFORE_NUMBER` ("No. 5", "vol. 3", "art. 12", "Oct. 4", "pop. 12,000")
  is an abbreviation only before a number, a numeral letter or a date; elsewhere it is the
  ordinary word it looks like ("plenty of sun.", "il est.", "taken ill.");
* `Abbreviation.NAME_PART` (initials, "U.S.", "J.R.") opens or continues a name, so a
  capitalised word after it continues the name unless it is a function word;
* `Abbreviation.AMBIGUOUS` ("vs.", "e.g.", "Jr.", "Dept."): only a function word opens a
  sentence after it.

Titles ("Mr.", "Sen.", "Det.") come before a name and never end a sentence.
"""

from __future__ import annotations

import re
from enum import Enum


class Abbreviation(Enum):
    """Where an abbreviation stands in a sentence (see the module docstring)."""

    NAME_END = "name end"
    TIME = "time"
    BEFORE_NUMBER = "before number"
    NAME_PART = "name part"
    AMBIGUOUS = "ambiguous"


# Prepositive titles: a period after these never ends a sentence.
_HONORIFIC_WORDS = """
    mr mrs ms messrs mmes dr drs prof st ste mt rev hon fr mgr pr me mme mlle mlles mm ft
"""
# Offices, which a country can qualify ("U.S. Rep.", "U.S. Sens."); honorifics it cannot.
_OFFICE_WORDS = """
    gen gens sen sens rep reps gov govs pres capt cpt lt col maj sgt cmdr adm supt insp det
    atty amb
"""
OFFICES = frozenset(_OFFICE_WORDS.split())
TITLES = frozenset(_HONORIFIC_WORDS.split()) | OFFICES
# Titles in English only: in French, "Sens." is the town of Sens at the end of a sentence.
_ENGLISH_TITLES = frozenset({"sens"})
# Titles that are only titles with this exact capitalisation ("M. Macron").
TITLES_CASED = frozenset({"M", "MM"})

_NAME_END_WORDS = "co corp inc ltd plc llc bros cos etc al"
_BEFORE_NUMBER_WORDS = """
    no nos nr n° nº vol vols fig figs pp ch chap sec art arts para ref réf tel tél ext op
    pop est max min approx apt appt hr hrs yr yrs mo mos wk ft sq oz lb lbs pt pts hab fasc
    ph mds md mrd mrds mio mios
    jan feb mar apr jun jul aug sep sept oct nov dec janv fév févr avr juil déc
    mon tue tues wed thu thur thurs fri sat sun
    calif conn fla mich tex mass ill pa va wash
"""
_AMBIGUOUS_WORDS = """
    jr sr dept univ assn vs v viz cf eg ie ed eds intl natl govt dist div mfg misc cit ibid
    resp incl excl esp env av ex éd éds coll cie ste sté boul bd dép éq qqch qqn ave blvd rd
"""
_KINDS: dict[str, Abbreviation] = {
    **dict.fromkeys(_AMBIGUOUS_WORDS.split(), Abbreviation.AMBIGUOUS),
    **dict.fromkeys(_BEFORE_NUMBER_WORDS.split(), Abbreviation.BEFORE_NUMBER),
    **dict.fromkeys(_NAME_END_WORDS.split(), Abbreviation.NAME_END),
}
#: Every listed abbreviation and title (lower case, without its period).
ABBREVIATIONS = frozenset(_KINDS) | TITLES
LONGEST_ABBREVIATION = max(map(len, ABBREVIATIONS))

# Capitalised function words that open sentences (en + fr): after an abbreviation that opens
# or continues a name ("U.S.", an initial, "vs."), only one of these says a sentence starts.
_STARTER_WORDS = """
    a an the this that these those there their they them then thus it its he
    she his her hers we our ours you your i my me mine us who whom whose what
    which why how when where while whilst after before since although though
    however meanwhile moreover furthermore nevertheless nonetheless also and
    but or nor so yet if as at in on for from to with without by under over
    during according together last next earlier later still even only each
    both all most many some several few other another such no not now today
    yesterday tomorrow here did do does is are was were will would can could
    shall should may might must let please one two three four five first
    second third finally indeed instead overall otherwise accordingly
    additionally consequently similarly likewise currently recently further
    once unlike despite following through among between within throughout
    le la les l un une des du de d il ils elle elles on nous vous je j ce cet
    cette ces c ça cela ceci mais et ou donc or car en dans pour par sur sous
    selon au aux à avec après avant depuis pendant lors si s quand comme
    ainsi alors puis enfin cependant toutefois pourtant néanmoins notre nos
    votre vos leur leurs son sa ses mon ma mes qui que qu quel quelle quels
    quelles pourquoi comment où combien tous tout toute toutes chaque
    plusieurs certains certaines aucun aucune aujourd hier demain ensuite
    outre parmi entre contre malgré grâce n ne non oui voilà voici est sont
    était étaient sera seront il y dès afin lorsque puisque bien cet
"""
STARTERS = frozenset(_STARTER_WORDS.split())
# Verbs and adverbs among them that are also surnames ("Peter W. May", "Theresa May"):
# after an initial that follows a given name they are the surname, not a new sentence.
_WEAK_STARTER_WORDS = """
    may might must can could will would shall should did do does is are was were let please
    still even only once further est sont était étaient sera seront
"""
WEAK_STARTERS = frozenset(_WEAK_STARTER_WORDS.split())

# Words that continue a date after "Wed." or "Oct." ("Wed. Oct. 4", "Mon. June 5").
_DATE_WORDS = """
    january february march april may june july august september october november december
    janvier février mars avril mai juin juillet août septembre octobre novembre décembre
    jan feb mar apr jun jul aug sep sept oct nov dec janv fév févr avr juil déc
"""
DATE_WORDS = frozenset(_DATE_WORDS.split())

_APOSTROPHES = re.compile("['’]")
_MULTI_PERIOD = re.compile(r"(?:[^\W\d_]{1,2}\.-?)+[^\W\d_]{1,2}")
_TIMES = frozenset({"a.m", "p.m"})
# Countries qualify what follows them even after a comma ("Meanwhile, U.S. Attorney"),
# where a state closes a place name ("Washington, D.C.", "Trenton, N.J.").
_COUNTRIES = frozenset({"u.s", "u.s.a", "u.k", "e.u", "u.n"})


def is_multi_period(core: str) -> bool:
    """Whether a word is shaped like "U.S", "a.m", "J.-C" or "Ph.D" (its last period aside).

    >>> is_multi_period("U.S"), is_multi_period("J.-C"), is_multi_period("1.5")
    (True, True, False)
    """
    return _MULTI_PERIOD.fullmatch(core) is not None


def abbreviation_kind(core: str, *, after_comma: bool = False) -> Abbreviation | None:
    """The kind of abbreviation a word before a period is, or None for an ordinary word.

    `after_comma` says the word follows a comma: "Washington, D.C." closes a place name.

    >>> abbreviation_kind("Corp"), abbreviation_kind("U.S"), abbreviation_kind("sun")
    (<Abbreviation.NAME_END: 'name end'>, <Abbreviation.NAME_PART: 'name part'>, \
<Abbreviation.BEFORE_NUMBER: 'before number'>)
    >>> abbreviation_kind("D.C", after_comma=True), abbreviation_kind("sunny")
    (<Abbreviation.BEFORE_NUMBER: 'before number'>, None)
    """
    lower = core.lower()
    kind = _KINDS.get(lower)
    if kind is not None:
        return kind
    if len(core) == 1:
        return Abbreviation.NAME_PART if core.isalpha() else None
    if not is_multi_period(core):
        return None
    if lower in _TIMES:
        return Abbreviation.TIME
    if core.islower():
        return Abbreviation.AMBIGUOUS  # "e.g", "i.e"
    if after_comma and lower not in _COUNTRIES:
        return Abbreviation.BEFORE_NUMBER
    return Abbreviation.NAME_PART


def is_title(core: str, lang: str = "en") -> bool:
    """Whether a word (without its period) is a title such as "Dr", "Sens" or French "M".

    >>> is_title("Dr"), is_title("dr"), is_title("M"), is_title("m")
    (True, False, True, False)
    >>> is_title("Sens"), is_title("Sens", "fr"), is_title("PR")
    (True, False, False)
    """
    if core in TITLES_CASED:
        return True
    lower = core.lower()
    # A title is capitalised ("Pr", "Gen"); in capitals it is an acronym ("PR", "GEN").
    if lower not in TITLES or core.islower() or core.isupper():
        return False
    return lang == "en" or lower not in _ENGLISH_TITLES


def title_of(word: str, lang: str = "en") -> str | None:
    """The title a next word is ("Rep." gives "rep"), or None if it is not one.

    >>> title_of("Rep."), title_of("Mr"), title_of("Report")
    ('rep', 'mr', None)
    """
    core = word.rstrip(".,")
    return core.lower() if is_title(core, lang) else None


def starter_of(word: str) -> str | None:
    """The function word a capitalised next word is ("L’agence" gives "l"), or None.

    A single letter with a period is an initial, not the article or pronoun it spells.

    >>> starter_of("The"), starter_of("L’agence"), starter_of("S."), starter_of("the")
    ('the', 'l', None, None)
    """
    core = word.rstrip(",;:!?\"'»”’)")
    if (len(core) == 2 and core[1] == ".") or not core[:1].isupper():
        return None
    core = _APOSTROPHES.split(core.rstrip("."), maxsplit=1)[0].lower()
    return core if core in STARTERS else None
