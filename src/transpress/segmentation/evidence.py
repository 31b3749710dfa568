"""Whether a period ends a sentence, decided from the tokens around it.

The word before the period says what kind of token it closes (`lexicon.abbreviation_kind`);
the shape of the token after it (capitalised, a number, an initial, an opening quote, a time
zone, another abbreviation) says whether a new sentence starts there. Each kind of
abbreviation weighs that evidence its own way, so "Acme Corp. NASA said" splits while
"U.S. Government" and "Peter W. May" do not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transpress.segmentation.lexicon import (
    ABBREVIATIONS,
    DATE_WORDS,
    OFFICES,
    WEAK_STARTERS,
    Abbreviation,
    abbreviation_kind,
    is_multi_period,
    is_title,
    starter_of,
    title_of,
)

OPENERS = "\"'«“‘([{¿¡"
QUOTES = "\"'«“‘"
SPACES = " \u00a0\u202f"
_WORD_STRIP = "\"'«“‘”’»([{¿¡ \u00a0\u202f"
# A dash between sentences is looked through: "question ! » - et il a été" goes on.
_LEADING = OPENERS + SPACES + "-–—"
_NEXT_WORD = re.compile(r"[^\s]+")
# "7 p.m. ET", "1 p.m. EST", "12:01 a.m. CEST", "at 9 a.m. UTC"
_TIME_ZONE = re.compile(r"(?:[A-Z]{1,4}T|UTC|GMT)(?![\w&])")
# "5 p.m. Eastern time", "9 a.m. Central European Time"
_ZONE_NAME = re.compile(r"(?:[A-Z][\w-]*\s){1,3}[Tt]ime\b")
# What a page, article, volume or date abbreviation is followed by: "No. 5", "p. +33",
# "art. L. 121", "vol. II", "Ph. D."
_NUMBER = re.compile(r"[(#+$€£]?\d|[A-Z]\.|[IVXLC]{2,}\b")
_INITIAL = re.compile(r"[^\W\d_]\.[,;:]?")
_ELISION = re.compile(r"(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)


def skip_spaces(text: str, pos: int) -> int:
    """The first position at or after ``pos`` that is not a (no-break) space."""
    n = len(text)
    while pos < n and text[pos] in SPACES:
        pos += 1
    return pos


def first_alpha(text: str, pos: int) -> str:
    """First significant character at/after ``pos``, looking through openers and dashes.

    >>> first_alpha('  « (La', 0), first_alpha("- et", 0)
    ('L', 'e')
    """
    n = len(text)
    while pos < n and text[pos] in _LEADING:
        pos += 1
    return text[pos] if pos < n else ""


def next_word(text: str, pos: int) -> str:
    """The word starting at ``pos`` without surrounding quotes/brackets.

    >>> next_word('« L’agence', 0)
    'L’agence'
    """
    m = _NEXT_WORD.match(text, pos)
    if m is None:
        return ""
    word = m.group().lstrip(_WORD_STRIP)
    if word:
        return word
    m2 = _NEXT_WORD.match(text, skip_spaces(text, m.end()))
    return m2.group().lstrip(_WORD_STRIP) if m2 else ""


def _is_listed_abbreviation(word: str, lang: str) -> bool:
    """Whether a next word is itself an abbreviation other than a title ("Ltd.", "B.V.")."""
    core = word.rstrip(",;:")
    if not core.endswith(".") or len(core) < 3:
        return False
    core = core[:-1]
    return (core.lower() in ABBREVIATIONS or is_multi_period(core)) and not is_title(core, lang)


def _has_words(text: str, start: int, end: int, count: int) -> bool:
    """Whether ``text[start:end]`` holds at least ``count`` words (looked for from the end,
    so only the last ``count`` words are scanned).

    >>> _has_words("At 5 a.m.", 0, 9, 3), _has_words("At 5 a.m.", 0, 9, 4)
    (True, False)
    """
    pos = end
    while pos > start and count > 0:
        space = text.rfind(" ", start, pos)
        if max(space + 1, start) < pos:
            count -= 1
        if space < 0:
            break
        pos = space
    return count <= 0


@dataclass(frozen=True)
class _Period:
    """A period followed by a space and a token that does not start in lower case."""

    text: str
    pos: int  # the period
    core: str  # the word before it, openers aside
    core_start: int
    seg_start: int  # where the sentence it would end begins
    next_start: int  # the token after the spaces
    first: str  # its first significant character (`first_alpha`)
    word: str  # the token after it (`next_word`)
    lang: str

    def title_heads_sentence(self) -> bool:
        """After "6 P.M." or an initial, a title opens a sentence only after a long one."""
        return _has_words(self.text, self.seg_start, self.pos + 1, 5)

    def opens_quote(self) -> bool:
        return self.text[self.next_start] in QUOTES and self.first.isupper()

    def opens_bracket(self) -> bool:
        return self.text[self.next_start] in "([{"

    def capitalised_or_number(self) -> bool:
        return self.first.isupper() or self.first.isdigit()

    def in_name(self) -> bool:
        """Whether the word before is a given name or an initial ("Peter W.", "H. L.")."""
        text, end = self.text, self.core_start
        while end > self.seg_start and text[end - 1] in SPACES:
            end -= 1
        if end <= self.seg_start:
            return True  # "J. Smith said" opens a sentence with an initial
        start = text.rfind(" ", self.seg_start, end) + 1
        start = max(start, self.seg_start)
        prev = text[start:end].lstrip(OPENERS)
        if not prev[:1].isupper():
            return False
        return prev[-1].isalpha() or _INITIAL.fullmatch(prev) is not None


def _after_name_end(period: _Period) -> bool:
    # "Acme Corp. NASA said" | "Acme Inc. (NYSE: ACME)", "Co. Ltd.", "Corp. Oct. 13"
    if period.opens_bracket() or _is_listed_abbreviation(period.word, period.lang):
        return False
    return period.capitalised_or_number()


def _after_time(period: _Period) -> bool:
    # "at 7 p.m. NASA said" | "7 p.m. ET", "5 p.m. Eastern time", "At 5 a.m. Mr. Smith"
    text, pos = period.text, period.next_start
    if _TIME_ZONE.match(text, pos) or _ZONE_NAME.match(text, pos):
        return False
    if title_of(period.word, period.lang) is not None:
        return period.title_heads_sentence()
    return _after_name_end(period)


def _before_number(period: _Period) -> bool:
    # "No. 5", "vol. III", "art. L. 121", "Wed. Oct. 4", "Ph. D." | "plenty of sun. Read"
    if _NUMBER.match(period.word) is not None:
        return False
    return period.word.rstrip(".,;:").lower() not in DATE_WORDS


def _after_name_part(period: _Period) -> bool:
    # "A. S. Kiran Kumar", "Peter W. May", "U.S. Rep.", "U.S. Government" | "the U.S. How"
    if _INITIAL.fullmatch(period.word):
        return False
    initial = len(period.core) == 1
    starter = starter_of(period.word)
    if starter is not None:
        return not (initial and starter in WEAK_STARTERS and period.in_name())
    title = title_of(period.word, period.lang)
    if title is not None:
        if not initial and title in OFFICES:
            return False
        return period.title_heads_sentence()
    # "in the U.S. \"We", "in the U.S. 20 teams" (but "U.S. $3 million")
    if initial or not period.core.isupper():
        return False
    return period.opens_quote() or period.first.isdigit()


def _after_ambiguous(period: _Period) -> bool:
    # "etc." aside, "vs.", "e.g.", "Jr.", "Dept.": only a function word opens a sentence
    if starter_of(period.word) is not None:
        return True
    if title_of(period.word, period.lang) is not None:
        return period.title_heads_sentence()
    return False


_WEIGH = {
    Abbreviation.NAME_END: _after_name_end,
    Abbreviation.TIME: _after_time,
    Abbreviation.BEFORE_NUMBER: _before_number,
    Abbreviation.NAME_PART: _after_name_part,
    Abbreviation.AMBIGUOUS: _after_ambiguous,
}


def period_ends_sentence(
    text: str, pos: int, *, seg_start: int, next_start: int, first: str, lang: str = "en"
) -> bool:
    """Whether the period at ``pos`` ends a sentence, the next token starting at
    ``next_start`` (after spaces and closers) with ``first`` as its first significant
    character, which is not lower case, in a text in ``lang`` (en or fr).

    >>> text = "Shares of Acme Corp. NASA said."
    >>> period_ends_sentence(text, 19, seg_start=0, next_start=21, first="N")
    True
    >>> text = "He works for the U.S. Government."
    >>> period_ends_sentence(text, 20, seg_start=0, next_start=22, first="G")
    False
    """
    core_start = pos
    while core_start > seg_start and not text[core_start - 1].isspace():
        core_start -= 1
    while core_start < pos and text[core_start] in OPENERS:
        core_start += 1
    core = text[core_start:pos]
    if not core:
        return first.isupper() or first.isdigit() or first in OPENERS
    elided = ("'" in core or "’" in core) and _ELISION.match(core)
    if elided:  # French "l'art. 12", "d'où il est."
        core_start += elided.end()
        core = core[elided.end() :]
    if is_title(core, lang):
        return False
    after_comma = core_start >= 2 and text[core_start - 2] == ","
    kind = abbreviation_kind(core, after_comma=after_comma)
    if kind is None:
        return not (core[-1].isdigit() and first.isdigit())
    word = next_word(text, next_start)
    period = _Period(text, pos, core, core_start, seg_start, next_start, first, word, lang)
    return _WEIGH[kind](period)
