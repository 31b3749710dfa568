"""Pure text helpers for the checks: kinds of protected span, digits, scripts, terms.

Numbers, dates, times, URLs, e-mail addresses and phone numbers are found by
`transpress.protect.protected_spans`, the finder machine translation masks them with, so
a check and the masking agree on what must survive translation; this module only sorts
what it finds into kinds.

Finding spans is the costly part of a check, and six rules ask for the source's spans, four
for the translation's. So a text's spans are found once and kept in a small memo (bounded:
MEMO_SIZE texts, none over MEMO_MAX_CHARS): a run finds them once per text, and a source
sentence checked in French then in Japanese is read once. Every memoised function is pure
and returns an immutable value; `unmemoised()` turns the memo off, to compare.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Literal, TypeVar

from transpress import protect, script
from transpress.typography import typeset

SpanKind = Literal["url", "email", "phone", "date", "time", "number"]

#: Texts longer than this are analysed afresh on each call, never kept: the memo's memory
#: stays bounded (an entry of a press release runs to a few hundred characters).
MEMO_MAX_CHARS = 10_000
#: How many texts each memo keeps, the least recently used forgotten first: enough for a
#: long release's sources to still be there when its next target's catalogue is checked.
MEMO_SIZE = 4096

_T = TypeVar("_T")
_memo_enabled = True
_MEMO_CLEARS: list[Callable[[], None]] = []


def _memoised(analyse: Callable[[str], _T]) -> Callable[[str], _T]:
    """A pure function of a text (returning an immutable value), with a bounded memo."""
    cached = functools.lru_cache(maxsize=MEMO_SIZE)(analyse)
    _MEMO_CLEARS.append(cached.cache_clear)

    @functools.wraps(analyse)
    def lookup(text: str) -> _T:
        if not _memo_enabled or len(text) > MEMO_MAX_CHARS:
            return analyse(text)
        return cached(text)

    return lookup


def clear_memo() -> None:
    """Forget every memoised analysis (to count or to time a run from scratch)."""
    for clear in _MEMO_CLEARS:
        clear()


@contextmanager
def unmemoised() -> Iterator[None]:
    """Within the block every text is analysed afresh: the memo is neither read nor filled."""
    global _memo_enabled
    previous, _memo_enabled = _memo_enabled, False
    try:
        yield
    finally:
        _memo_enabled = previous


# Japanese script (kana, kanji, CJK punctuation, full-width forms): a number or a URL glued
# to it ("2015年") is cut off from it before protected_spans looks, since \w matches kanji.
_JAPANESE = script.TEXT
_JAPANESE_CHAR = re.compile(f"[{_JAPANESE}]")
_DIGITS = re.compile(r"\d+")
_CURRENCY = "€$£¥"
# Shapes of the date and time spans protect.py finds (sorting them, not finding them).
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}年.*")
_TIME_SHAPE = re.compile(r"\d{1,2}(?::\d{2}|\s?h\s?\d{2}).*|.*[ap]\.m\.", re.IGNORECASE)
_LATIN = "0-9A-Za-z\u00c0-\u024f"
_LATIN_CHAR = re.compile(f"[{_LATIN}]")


def is_japanese(char: str) -> bool:
    """Whether a character is kana, kanji, CJK punctuation or a full-width form.

    >>> is_japanese("の"), is_japanese("。"), is_japanese("a")
    (True, True, False)
    """
    return bool(_JAPANESE_CHAR.fullmatch(char))


@_memoised
def normalized(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII, no-break spaces plain spaces),
    with Japanese characters turned into line breaks so they end numbers and URLs.

    >>> normalized("２０１５年に1 200")
    '2015\\n\\n1 200'
    """
    return japanese_as_breaks(unicodedata.normalize("NFKC", text))


def japanese_as_breaks(text: str) -> str:
    """Each Japanese character replaced by a line break (positions are kept), so that
    protected_spans does not run a URL or a number on into the Japanese text around it.

    >>> japanese_as_breaks("詳細はwww.cnes.frへ")
    '\\n\\n\\nwww.cnes.fr\\n'
    """
    return _JAPANESE_CHAR.sub("\n", text)


def span_kind(span: str) -> SpanKind:
    """Sort a span found by protected_spans into its kind.

    >>> spans = ["www.cnes.fr", "presse@cnes.fr", "+33 1 44 76 75 39", "2016-03-11",
    ...          "10:30", "9 h 15", "2 p.m.", "€1.2bn", "4,5 %"]
    >>> [span_kind(s) for s in spans]
    ['url', 'email', 'phone', 'date', 'time', 'time', 'time', 'number', 'number']
    """
    if "@" in span:
        return "email"
    if span.startswith("+"):
        return "phone"
    if not (span[0].isdigit() or span[0] in _CURRENCY):
        return "url"
    if _DATE_SHAPE.fullmatch(span):
        return "date"
    if _TIME_SHAPE.fullmatch(span):
        return "time"
    return "number"


def spans_of_kind(text: str, kind: SpanKind) -> list[str]:
    """The protected spans of one kind in a text, in order.

    >>> spans_of_kind("Launch on 2016-03-11 at 10:30 from Kourou, 5,000 km away.", "number")
    ['5,000 km']
    """
    return [span for span, its_kind in kinded_spans(text) if its_kind == kind]


def all_spans(text: str) -> list[str]:
    """Every protected span of a text (normalised first)."""
    return [span for span, _ in kinded_spans(text)]


@_memoised
def kinded_spans(text: str) -> tuple[tuple[str, SpanKind], ...]:
    """Every protected span of a text (normalised first) with its kind, in order (memoised).

    >>> kinded_spans("Call +33 1 44 76 75 39 at 10:30.")
    (('+33 1 44 76 75 39', 'phone'), ('10:30', 'time'))
    """
    prepared = normalized(text)
    spans = (prepared[start:end] for start, end in prepared_spans(prepared))
    return tuple((span, span_kind(span)) for span in spans)


@_memoised
def prepared_spans(prepared: str) -> tuple[tuple[int, int], ...]:
    """`protect.protected_spans` of a text already prepared for it (by `normalized` or
    `japanese_as_breaks`), memoised: when both preparations of a text agree, as they do for
    most, its spans are found once."""
    return tuple(protect.protected_spans(prepared))


def published_text(text: str, lang: str) -> str:
    """The text with `lang`'s typography, as publish prints it (memoised per language).

    >>> published_text("Pourquoi ? C'est fini.", "fr")
    'Pourquoi\u202f? C’est fini.'
    """
    typesetter = _TYPESETTERS.get(lang)
    if typesetter is None:
        typesetter = _TYPESETTERS[lang] = _memoised(functools.partial(_typeset_in, lang))
    return typesetter(text)


def _typeset_in(lang: str, text: str) -> str:
    return typeset(text, lang)


_TYPESETTERS: dict[str, Callable[[str], str]] = {}


def digits(text: str) -> str:
    """The digits of a text, as one string.

    >>> digits("1 200,50 €")
    '120050'
    """
    return "".join(_DIGITS.findall(unicodedata.normalize("NFKC", text)))


def digit_runs(text: str) -> list[str]:
    """Every run of digits in a text (full-width digits included).

    >>> digit_runs("3月11日（金）, ２０１５")
    ['3', '11', '2015']
    """
    return _DIGITS.findall(unicodedata.normalize("NFKC", text))


def decimal(run: str) -> str:
    """A run of digits as the number it stands for, written canonically: without leading
    zeros, in ASCII digits (strings, since int() refuses runs past 4300 digits).

    >>> decimal("0015"), decimal("١٥"), decimal("000")
    ('15', '15', '0')
    """
    if not run.isascii():
        run = "".join(str(unicodedata.decimal(char)) for char in run)
    return run.lstrip("0") or "0"


# A word of letters and digits, both (COP21, A320, H3, 4G): its digits are a number too.
_MIXED_TOKEN = re.compile(r"(?<![^\W_])(?=[^\W_]*?\d)(?=[^\W_]*?[^\W\d_])[^\W_]++")


@_memoised
def mixed_tokens(text: str) -> tuple[str, ...]:
    """The words of letters and digits of a text (normalised first), outside its protected
    spans (an address, a time such as 10h30 or an amount such as 5km is not one), in order.

    >>> mixed_tokens("COP21 in Paris: the A320neo, Ariane 6, 10h30, 5km and www.cop21.fr.")
    ('COP21', 'A320neo')
    >>> mixed_tokens("COP21に向けて、H3ロケット")
    ('COP21', 'H3')
    """
    prepared = normalized(text)
    if not _DIGITS.search(prepared):
        return ()
    spans = prepared_spans(prepared)
    starts = [start for start, _ in spans]
    tokens = []
    for match in _MIXED_TOKEN.finditer(prepared):
        # The last span starting at or before the token: the only one that could hold it.
        before = bisect.bisect_right(starts, match.start()) - 1
        if before < 0 or spans[before][1] <= match.start():
            tokens.append(match.group())
    return tuple(tokens)


#: A word: letters, with inner hyphens or apostrophes (aujourd’hui, Jean-Yves); no digits.
WORD = re.compile(r"[^\W\d_]++(?:[-'’][^\W\d_]++)*+")
# A word, spaces, and the same word again (case aside). It is tried only where a word
# starts, and each part is matched once (possessive): linear in the text.
_DOUBLED = re.compile(
    rf"(?<![^\W\d_]|[-'’])({WORD.pattern})\s++\1(?![^\W\d_]|[-'’][^\W\d_])", re.IGNORECASE
)


def doubled_words(text: str) -> list[str]:
    """Each place where a word follows itself with only spaces between (case aside), as
    written ("des des"); a word and its repeat do not count again as the next pair.

    >>> doubled_words("Les des des agences. The The end, end. 10 10 fois, vous vous")
    ['des des', 'The The', 'vous vous']
    >>> doubled_words("aujourd’hui aujourd’hui, de de-facto, Jean-Yves Yves")
    ['aujourd’hui aujourd’hui']
    """
    return [match.group() for match in _DOUBLED.finditer(text)]


def number_keys(text: str) -> set[str]:
    """What numbers a text contains, whatever their local formatting: each protected span's
    digits, and each run of digits.

    >>> sorted(number_keys("1 200 personnes, 4,5 %, 2015年"))
    ['1', '1200', '200', '2015', '4', '45', '5']
    """
    return {digits(span) for span in all_spans(text)} | set(digit_runs(text))


def contains_term(text: str, term: str, *, ignore_case: bool = False) -> bool:
    """Whether a term occurs as a whole word. A change of script is a boundary: a Latin
    term may touch Japanese text (CNESトゥールーズ, JAXAの), and a Japanese term, in a
    script written without spaces, is found wherever it is (CNESトゥールーズ holds トゥールーズ).

    >>> contains_term("CNESとJAXAの代表者", "JAXA"), contains_term("JAXAS", "JAXA")
    (True, False)
    >>> contains_term("CNESトゥールーズで", "トゥールーズ")
    True
    """
    return _term_pattern(term, ignore_case).search(text) is not None


@functools.lru_cache(maxsize=MEMO_SIZE)
def _term_pattern(term: str, ignore_case: bool) -> re.Pattern[str]:
    """The compiled whole-word pattern of a term (a glossary's terms are looked for in
    every entry)."""
    pattern = _before(term[:1]) + re.escape(term) + _after(term[-1:])
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def _before(first: str) -> str:
    """What must not come before a term starting with `first`: a Latin letter or digit,
    if it is one (a word boundary within the Latin script), else nothing."""
    return rf"(?<![{_LATIN}])" if _LATIN_CHAR.fullmatch(first) else ""


def _after(last: str) -> str:
    """What must not come after a term ending with `last` (as `_before`)."""
    return rf"(?![{_LATIN}])" if _LATIN_CHAR.fullmatch(last) else ""


def terms_in(text: str, terms: tuple[str, ...], *, ignore_case: bool = False) -> set[str]:
    """The terms that occur in a text as whole words, each as `contains_term` says, found
    in one pass over the text instead of one per term: where some term starts, only the
    terms beginning with that character are tried. Empty terms are never found.

    >>> sorted(terms_in("CNES and JAXA met the space agency.", ("JAXA", "Space Agency", "ESA"),
    ...                 ignore_case=True))
    ['JAXA', 'Space Agency']
    """
    if not terms:
        return set()
    index = _term_index(terms, ignore_case)
    found: set[str] = set()
    for match in index.starts.finditer(text):
        start = match.start()
        for term in index.beginning_with(text[start]):
            if term not in found and _term_pattern(term, ignore_case).match(text, start):
                found.add(term)
    return found


class _TermIndex:
    """Terms grouped by their first character, and where in a text one of them starts."""

    def __init__(self, terms: tuple[str, ...], ignore_case: bool) -> None:
        self.flags = re.IGNORECASE if ignore_case else 0
        groups: dict[str, list[str]] = {}
        for term in dict.fromkeys(terms):
            if term:
                groups.setdefault(term[0], []).append(term)
        self.groups = {first: tuple(group) for first, group in groups.items()}
        alternatives = "|".join(
            _before(first)
            + re.escape(first)
            + f"(?:{'|'.join(re.escape(t[1:]) + _after(t[-1]) for t in group)})"
            for first, group in self.groups.items()
        )
        # An empty match at each position where a term starts as a whole word.
        self.starts = re.compile(rf"(?=(?:{alternatives or '(?!)'}))", self.flags)
        self._by_char: dict[str, tuple[str, ...]] = {}

    def beginning_with(self, char: str) -> tuple[str, ...]:
        """The terms whose first character matches `char` as the patterns compare them
        (case aside, if so), worked out once per character."""
        terms = self._by_char.get(char)
        if terms is None:
            terms = tuple(
                term
                for first, group in self.groups.items()
                if re.fullmatch(re.escape(first), char, self.flags)
                for term in group
            )
            self._by_char[char] = terms
        return terms


@functools.lru_cache(maxsize=64)
def _term_index(terms: tuple[str, ...], ignore_case: bool) -> _TermIndex:
    """The index of a glossary's terms, built once per glossary and comparison."""
    return _TermIndex(terms, ignore_case)


def without_spans(text: str, terms: tuple[str, ...] = ()) -> str:
    """The text with its protected spans (and the given terms) blanked out.

    >>> without_spans("JAXA launched at 10:30 from www.jaxa.jp.", ("JAXA",))
    '  launched at   from  .'
    """
    pieces, last = [], 0
    for start, end in protect.protected_spans(text, terms):
        pieces += [text[last:start], " "]
        last = end
    return "".join([*pieces, text[last:]])


def shorten(text: str, width: int = 40) -> str:
    """One line of at most `width` characters, for messages and reports.

    >>> shorten("The inaugural meeting of the France-Japan space dialogue", 20)
    'The inaugural meeti…'
    """
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
