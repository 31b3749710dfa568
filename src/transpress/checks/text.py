"""Pure text helpers for the checks: kinds of protected span, digits, scripts, terms.

Numbers, dates, times, URLs, e-mail addresses and phone numbers are found by
`transpress.protect.protected_spans`, the finder machine translation masks them with, so
a check and the masking agree on what must survive translation; this module only sorts
what it finds into kinds.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from transpress.protect import protected_spans

SpanKind = Literal["url", "email", "phone", "date", "time", "number"]

# Japanese script (kana, kanji, CJK punctuation, full-width forms): a number or a URL glued
# to it ("2015年") is cut off from it before protected_spans looks, since \w matches kanji.
_JAPANESE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_JAPANESE_CHAR = re.compile(f"[{_JAPANESE}]")
_DIGITS = re.compile(r"\d+")
_CURRENCY = "€$£¥"
# Shapes of the date and time spans protect.py finds (sorting them, not finding them).
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}年.*")
_TIME_SHAPE = re.compile(r"\d{1,2}(?::\d{2}|\s?h\s?\d{2}).*|.*[ap]\.m\.", re.IGNORECASE)
_LATIN = "0-9A-Za-z\u00c0-\u024f"


def is_japanese(char: str) -> bool:
    """Whether a character is kana, kanji, CJK punctuation or a full-width form.

    >>> is_japanese("の"), is_japanese("。"), is_japanese("a")
    (True, True, False)
    """
    return bool(_JAPANESE_CHAR.fullmatch(char))


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
    return [span for span in all_spans(text) if span_kind(span) == kind]


def all_spans(text: str) -> list[str]:
    """Every protected span of a text (normalised first)."""
    prepared = normalized(text)
    return [prepared[start:end] for start, end in protected_spans(prepared)]


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


def number_keys(text: str) -> set[str]:
    """What numbers a text contains, whatever their local formatting: each protected span's
    digits, and each run of digits.

    >>> sorted(number_keys("1 200 personnes, 4,5 %, 2015年"))
    ['1', '1200', '200', '2015', '4', '45', '5']
    """
    return {digits(span) for span in all_spans(text)} | set(digit_runs(text))


def contains_term(text: str, term: str, *, ignore_case: bool = False) -> bool:
    """Whether a term occurs as a whole word; Japanese script counts as a boundary.

    >>> contains_term("CNESとJAXAの代表者", "JAXA"), contains_term("JAXAS", "JAXA")
    (True, False)
    """
    pattern = rf"(?<![{_LATIN}]){re.escape(term)}(?![{_LATIN}])"
    return re.search(pattern, text, re.IGNORECASE if ignore_case else 0) is not None


def without_spans(text: str, terms: tuple[str, ...] = ()) -> str:
    """The text with its protected spans (and the given terms) blanked out.

    >>> without_spans("JAXA launched at 10:30 from www.jaxa.jp.", ("JAXA",))
    '  launched at   from  .'
    """
    pieces, last = [], 0
    for start, end in protected_spans(text, terms):
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
