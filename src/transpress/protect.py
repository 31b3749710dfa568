"""Spans machine translation must carry unchanged: numbers, dates, addresses, terms (pure).

Finding them is here; `placeholders` takes them out of a segment and puts them back.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from transpress import inline, script

# A URL stops at spaces, quotes and brackets, and at Japanese text that follows it unspaced.
_NOT_URL = rf"\s<>\"«»「」{script.TEXT}"
_URL = rf"(?:https?://|www\.|mailto:)[^{_NOT_URL}]+[^{_NOT_URL}.,;:!?)\]}}’”]"
_EMAIL_CHAR = r"[\w.+'-]"  # what the part of an address before its @ is made of
_EMAIL = rf"{_EMAIL_CHAR}+@[\w-]+(?:\.[\w-]+)+"
_LABEL = "[a-z0-9-]"  # a domain's labels, separated by single dots
_DOMAIN = (
    rf"(?:{_LABEL}+\.)+(?:fr|com|org|net|int|eu|jp|gov|edu|io|info)\b"
    r"(?:/[^\s]*[^\s.,;:!?)])?"
)
_PHONE = r"\+\d{1,3}(?:[\s.-]?\(?\d+\)?)+\d"
# Japanese writes numbers against its words (10:30に, 412億円): kana and kanji count as a
# boundary for numbers, dates and times, where a Latin letter or digit does not.
_CJK_WORD = script.WORD
_START = rf"(?<![^\W{_CJK_WORD}])"  # \b before a digit, Japanese counting as a boundary
_END = rf"(?![^\W{_CJK_WORD}])"  # \b after a digit, likewise
_DATE = (
    rf"{_START}\d{{4}}-\d{{2}}-\d{{2}}{_END}|{_START}\d{{1,2}}/\d{{1,2}}/\d{{2,4}}{_END}"
    r"|\d{4}年\d{1,2}月\d{1,2}日"
)
_TIME = (
    rf"{_START}\d{{1,2}}(?::\d{{2}}|\s?h\s?\d{{2}})(?:\s?[ap]\.m\.)?"
    rf"|{_START}\d{{1,2}}(?:\.\d{{2}})?\s?[ap]\.m\."
)
_AMOUNT = (
    r"(?:[€$£¥]\s?)?\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?"
    r"(?:\s?(?:%|‰|km/s|km|kg|m/s|GHz|MHz|kW|MW|bn|billion|million|millions|milliard|milliards|"
    rf"tonnes|t|m|°C|K|€|\$){_END})?"
)
# Inline Markdown a model must not touch: code, and a link's target (its label is prose).
_MARKDOWN = f"{inline.CODE}|{inline.LINK_TAIL}"
_NUMBER = re.compile(rf"(?<![.,]){_START}{_AMOUNT}{_END}")

# The built-in spans are one alternation, tried in this order at each position; the first
# kind that matches wins. Tried at every position, addresses and domains are quadratic: from
# each character of a long run of letters and dots the pattern reads to the end of the run.
# But an address matches from every position of a run of _EMAIL_CHAR or from none of them
# (what follows the run decides), and in a dotted run of _LABEL a domain matches from the
# first word boundary it is looked for at, or from none after it. So the scan (_SCAN) looks
# for them only where such a run begins, and where a match ends inside a run that has not
# been looked at, that position is tried in full (_AT): the spans found are exactly those
# of trying _AT at every position, in linear time.
_KINDS = ("markdown", "url", "email", "domain", "phone", "date", "time")
# From where a domain is looked for to its first word boundary: within the dotted run, never
# past the start of a URL (a URL found there comes first).
_TO_DOMAIN = rf"(?>(?:(?!www\.)(?:{_LABEL}|\.(?={_LABEL})))*?\b(?!www\.)(?={_LABEL}))"
_RUN_START = {"email": rf"(?<!{_EMAIL_CHAR})", "domain": rf"(?<!{_LABEL})(?<!{_LABEL}\.)"}
# A position whose run began before it, and the rest of the run from a position on.
_RUN_GOES_ON = {
    "email": re.compile(rf"(?<={_EMAIL_CHAR}){_EMAIL_CHAR}"),
    "domain": re.compile(rf"(?:(?<={_LABEL})|(?<={_LABEL}\.))[a-z0-9.-]", re.IGNORECASE),
}
_RUN_REST = {
    "email": re.compile(rf"{_EMAIL_CHAR}*"),
    "domain": re.compile(rf"{_LABEL}*(?:\.{_LABEL}+)*", re.IGNORECASE),
}


def _patterns(*, scan: bool) -> dict[str, str]:
    """Each kind's pattern; for the scan, addresses and domains start runs."""
    guard = _RUN_START if scan else {"email": "", "domain": ""}
    return {
        "markdown": _MARKDOWN,
        "url": _URL,
        "email": guard["email"] + _EMAIL,
        "domain": rf"{guard['domain']}{_TO_DOMAIN}(?P<domain_span>{_DOMAIN})",
        "phone": _PHONE,
        "date": _DATE,
        "time": _TIME,
    }


def _built_in(*, scan: bool) -> re.Pattern[str]:
    """The alternation of built-in spans (see _patterns)."""
    patterns = _patterns(scan=scan)
    alternatives = "|".join(f"(?P<{kind}>{patterns[kind]})" for kind in _KINDS)
    return re.compile(alternatives, re.IGNORECASE)


_SCAN, _AT = _built_in(scan=True), _built_in(scan=False)
# What each kind of span holds somewhere: a text without it has no span of that kind.
_TLD = re.compile(r"\.(?:fr|com|org|net|int|eu|jp|gov|edu|io|info)\b", re.IGNORECASE)
_WWW = re.compile(r"www\.", re.IGNORECASE)
_DIGIT = re.compile(r"\d")  # every number, phone, date and time has one


def _possible_kinds(text: str) -> tuple[str, ...]:
    """The kinds of span `text` may hold, in _KINDS order."""
    digit = _DIGIT.search(text) is not None
    possible = {
        "markdown": "`" in text or "](" in text,
        "url": ":" in text or _WWW.search(text) is not None,
        "email": "@" in text,
        "domain": _TLD.search(text) is not None,
        "phone": digit and "+" in text,
        "date": digit,
        "time": digit,
    }
    return tuple(kind for kind in _KINDS if possible[kind])


@functools.cache
def _only(kinds: tuple[str, ...]) -> re.Pattern[str]:
    """The alternation of some kinds (neither addresses nor domains), in _KINDS order."""
    patterns = _patterns(scan=False)
    return re.compile("|".join(f"(?P<{kind}>{patterns[kind]})" for kind in kinds), re.IGNORECASE)


def _built_in_spans(text: str) -> list[tuple[int, int]]:
    """The built-in spans of a text, left to right, in time linear in its length.

    >>> text = "10:30ab.cnes.fr, see presse@cnes.fr"  # the time ends inside a dotted run
    >>> [text[a:b] for a, b in _built_in_spans(text)]
    ['10:30', 'cnes.fr', 'presse@cnes.fr']
    """
    kinds = _possible_kinds(text)
    if "email" not in kinds and "domain" not in kinds:
        # Without addresses and domains, trying _AT at every position is finditer's scan.
        return [m.span() for m in _only(kinds).finditer(text)] if kinds else []
    spans: list[tuple[int, int]] = []
    pos, tried = 0, {"email": 0, "domain": 0}  # the runs looked at end there
    while True:
        if any(pos >= tried[kind] and _RUN_GOES_ON[kind].match(text, pos) for kind in tried):
            match = _AT.match(text, pos)
            _note_tried(tried, text, pos, match.lastgroup if match else None)
            if match is None:
                pos += 1
                continue
        elif (match := _SCAN.search(text, pos)) is None:
            return spans
        spans.append(match.span("domain_span") if match.lastgroup == "domain" else match.span())
        pos = match.end()


def _note_tried(tried: dict[str, int], text: str, pos: int, kind: str | None) -> None:
    """Record the runs `_AT` looked at from `pos`: those of the kinds before the one matched."""
    reached = _KINDS.index(kind) if kind else len(_KINDS)
    for run in tried:
        rest = _RUN_REST[run].match(text, pos) if reached >= _KINDS.index(run) else None
        if rest is not None:
            tried[run] = rest.end()


def protected_spans(text: str, terms: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Find the (start, end) of every span that must survive translation, without overlaps.

    >>> text = "CNES spent €1.2bn; see www.cnes.fr or call +33 1 44 76 75 39 at 10:30."
    >>> [text[a:b] for a, b in protected_spans(text, ["CNES"])]
    ['CNES', '€1.2bn', 'www.cnes.fr', '+33 1 44 76 75 39', '10:30']
    """
    found = _built_in_spans(text)
    if _DIGIT.search(text):
        found += [m.span() for m in _NUMBER.finditer(text) if m.group().strip()]
    for term in sorted(set(terms), key=len, reverse=True):
        pattern = rf"(?<!\w){re.escape(term)}(?!\w)"
        found += [m.span() for m in re.finditer(pattern, text)]
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0], -(s[1] - s[0]))):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen
