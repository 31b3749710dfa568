"""Spans machine translation must carry unchanged: masked, restored and verified (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

OPEN, CLOSE = "⟦", "⟧"
_PLACEHOLDER = re.compile(r"⟦\s*(\d+)\s*⟧")

# A URL stops at spaces, quotes and brackets, and at Japanese text that follows it unspaced.
_NOT_URL = r"\s<>\"«»「」\u3000-\u30ff\u3400-\u9fff\uff00-\uffef"
_URL = rf"(?:https?://|www\.|mailto:)[^{_NOT_URL}]+[^{_NOT_URL}.,;:!?)\]}}’”]"
_EMAIL = r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"
_DOMAIN = (
    r"\b(?:[a-z0-9-]+\.)+(?:fr|com|org|net|int|eu|jp|gov|edu|io|info)\b(?:/[^\s]*[^\s.,;:!?)])?"
)
_PHONE = r"\+\d{1,3}(?:[\s.-]?\(?\d+\)?)+\d"
_DATE = r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\d{4}年\d{1,2}月\d{1,2}日"
_TIME = r"\b\d{1,2}(?::\d{2}|\s?h\s?\d{2})(?:\s?[ap]\.m\.)?|\b\d{1,2}(?:\.\d{2})?\s?[ap]\.m\."
_AMOUNT = (
    r"(?:[€$£¥]\s?)?\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?"
    r"(?:\s?(?:%|‰|km/s|km|kg|m/s|GHz|MHz|kW|MW|bn|billion|million|millions|milliard|milliards|"
    r"tonnes|t|m|°C|K|€|\$)(?![\w]))?"
)
# Inline Markdown a model must not touch: code, and a link's target (its label is prose).
_MARKDOWN = r"`[^`\n]+`|\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"]*\")?\)"
_BUILT_IN = re.compile(
    "|".join(f"(?:{p})" for p in (_MARKDOWN, _URL, _EMAIL, _DOMAIN, _PHONE, _DATE, _TIME)),
    re.IGNORECASE,
)
_NUMBER = re.compile(rf"(?<![\w.,]){_AMOUNT}(?![\w])")


@dataclass(frozen=True)
class Masked:
    """A segment with its protected spans replaced by numbered placeholders."""

    text: str
    spans: tuple[str, ...]


@dataclass(frozen=True)
class Restored:
    """A machine translation with placeholders put back, and what went wrong if anything."""

    text: str
    problems: tuple[str, ...]


def protected_spans(text: str, terms: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Find the (start, end) of every span that must survive translation, without overlaps.

    >>> text = "CNES spent €1.2bn; see www.cnes.fr or call +33 1 44 76 75 39 at 10:30."
    >>> [text[a:b] for a, b in protected_spans(text, ["CNES"])]
    ['CNES', '€1.2bn', 'www.cnes.fr', '+33 1 44 76 75 39', '10:30']
    """
    found = [m.span() for m in _BUILT_IN.finditer(text)]
    found += [m.span() for m in _NUMBER.finditer(text) if m.group().strip()]
    for term in sorted(set(terms), key=len, reverse=True):
        pattern = rf"(?<!\w){re.escape(term)}(?!\w)"
        found += [m.span() for m in re.finditer(pattern, text)]
    chosen: list[tuple[int, int]] = []
    for start, end in sorted(found, key=lambda s: (s[0], -(s[1] - s[0]))):
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    return chosen


def mask(text: str, terms: Iterable[str] = ()) -> Masked:
    """Replace protected spans with ⟦1⟧, ⟦2⟧… in order of appearance.

    >>> mask("Launch at 10:30 from Kourou.", ["Kourou"])
    Masked(text='Launch at ⟦1⟧ from ⟦2⟧.', spans=('10:30', 'Kourou'))
    """
    pieces, spans, last = [], [], 0
    for start, end in protected_spans(text, terms):
        spans.append(text[start:end])
        pieces += [text[last:start], f"{OPEN}{len(spans)}{CLOSE}"]
        last = end
    pieces.append(text[last:])
    return Masked("".join(pieces), tuple(spans))


def restore(translation: str, spans: Sequence[str]) -> Restored:
    """Put protected spans back; report placeholders lost, duplicated or unknown.

    >>> restore("Lancement à ⟦1⟧ depuis ⟦ 2 ⟧.", ["10:30", "Kourou"])
    Restored(text='Lancement à 10:30 depuis Kourou.', problems=())
    >>> restore("Lancement à ⟦1⟧ ⟦1⟧.", ["10:30", "Kourou"]).problems
    ('placeholder ⟦1⟧ (10:30) appears 2 times', 'placeholder ⟦2⟧ (Kourou) was lost')
    """
    seen = [int(n) for n in _PLACEHOLDER.findall(translation)]
    problems = []
    for number, span in enumerate(spans, start=1):
        count = seen.count(number)
        if count == 0:
            problems.append(f"placeholder {OPEN}{number}{CLOSE} ({span}) was lost")
        elif count > 1:
            problems.append(f"placeholder {OPEN}{number}{CLOSE} ({span}) appears {count} times")
    problems += [
        f"unknown placeholder {OPEN}{n}{CLOSE}"
        for n in sorted(set(seen))
        if not 0 < n <= len(spans)
    ]

    def put_back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return spans[number - 1] if 0 < number <= len(spans) else match.group()

    return Restored(_PLACEHOLDER.sub(put_back, translation), tuple(problems))
