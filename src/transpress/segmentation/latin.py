"""The English / French splitter.

Candidate terminators (``.``, ``!``, ``?``, ellipses) are found with one precompiled regex;
URLs, e-mail addresses, bracketed ellipses and list markers are masked first. ``!``, ``?``
and ellipses end a sentence unless lower case follows; a period is weighed by
`evidence.period_ends_sentence`. Quotations are *not* treated as unbreakable: a quoted
passage of several sentences is split between its sentences, and a closing quote or bracket
right after a terminator stays with its sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from transpress.segmentation.cutting import cut, span_end
from transpress.segmentation.evidence import (
    OPENERS,
    first_alpha,
    period_ends_sentence,
    skip_spaces,
)
from transpress.segmentation.lexicon import ABBREVIATIONS, LONGEST_ABBREVIATION

_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_BRACKET_ELLIPSIS = re.compile(r"\[(?:\.\.\.|…)\]")
_TRAILING_PUNCT = re.compile(r"(?<![.,;:!?)\]\"'»”’])[.,;:!?)\]\"'»”’]+$")
# Candidate terminators: spaced ellipsis, runs of . ! ? and the ellipsis char.
_CAND = re.compile(r"\.(?: \.)+|[.!?…]+")
_CLOSERS = re.compile(r"(?:[ \u00a0\u202f]?[»”’]|[\"')\]])*")
# The longest start of a text shaped like "U.S" ("U.S" of "U.S.Army").
_MULTI_PERIOD_START = re.compile(r"[^\W\d_]{1,2}(?:\.-?[^\W\d_]{1,2})*")
_LEADING_SPACE = re.compile(r"\s*")
_NO_SPACE_BOUNDARY = re.compile(r"(?<=[a-z0-9%)])\.(?=[A-Z][a-z])")
_LIST_MARK = re.compile(
    r"(?:(?<=\s)|^)(?P<bullet>[•⁃▪‣◦]\s?)?(?P<label>\d{1,3}|[a-z])(?P<p>\.\)|\)|\.)(?=\s)"
)
_MARKER_ONLY = re.compile(r"(?:[•⁃▪‣◦]\s?)?(?:\d{1,3}|[A-Za-z])[.)]+")
_BULLET_SPLIT = re.compile(r"(?<=\s)[•⁃▪‣◦](?=\s?\S)")

Covered = tuple[list[int], list[int]]


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs, e-mail addresses and bracketed ellipses (no boundary inside).

    >>> protected_spans("See www.cnes.fr. Then")
    [(4, 15)]
    """
    spans: list[tuple[int, int]] = []
    if "://" in text or "www." in text:
        for m in _URL.finditer(text):
            trail = _TRAILING_PUNCT.search(m.group())
            spans.append((m.start(), m.end() - (len(trail.group()) if trail else 0)))
    if "@" in text:
        # only scan the words holding an "@", once each, from where they begin
        start = 0
        for word in text.split(" "):
            if "@" in word and (email := _EMAIL.match(text, start)) is not None:
                spans.append(email.span())
            start += len(word) + 1
    if "[" in text:
        spans.extend(m.span() for m in _BRACKET_ELLIPSIS.finditer(text))
    return spans


def _covered(spans: list[tuple[int, int]]) -> Covered:
    """The starts and ends of the union of some spans, sorted, for `_inside`."""
    starts: list[int] = []
    ends: list[int] = []
    for start, end in sorted(span for span in spans if span[0] < span[1]):
        if ends and start <= ends[-1]:
            ends[-1] = max(ends[-1], end)
        else:
            starts.append(start)
            ends.append(end)
    return starts, ends


def _inside(pos: int, covered: Covered) -> bool:
    """Whether a position is in one of the spans (given by `_covered`).

    >>> _inside(3, _covered([(0, 2), (1, 4)])), _inside(4, _covered([(0, 2), (1, 4)]))
    (True, False)
    """
    index = bisect_right(covered[0], pos) - 1
    return index >= 0 and pos < covered[1][index]


def list_boundaries(text: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Boundaries before inline list items, and the spans of the list markers.

    >>> list_boundaries("1) Ready 2) Steady")[0]
    [9]
    """
    marks = list(_LIST_MARK.finditer(text)) if _LIST_MARK.match(text) else []
    if not marks:
        if text[:1] in "•⁃▪‣◦":
            bullets = [
                m.start() for m in _BULLET_SPLIT.finditer(text) if text[m.start()] == text[0]
            ]
            return bullets, [(0, 1)] + [(c, c + 1) for c in bullets]
        return [], []
    first = marks[0]
    style = first.group("p")
    expected = _succ(first.group("label"))
    cuts: list[int] = []
    spans = [first.span()]
    for m in marks[1:]:
        if m.group("p") == style and m.group("label") == expected:
            cuts.append(m.start())
            spans.append(m.span())
            expected = _succ(expected)
    if not cuts:
        return [], []
    return cuts, spans


def _succ(label: str) -> str:
    if label.isdigit():
        return str(int(label) + 1)
    return chr(ord(label) + 1)


def _spaced_ellipsis_boundary(text: str, s: int, e: int) -> int | None:
    """Boundary offset for a spaced ellipsis ``. . .`` run, or None."""
    dots = text.count(".", s, e)
    attached = s > 0 and not text[s - 1].isspace()
    after = span_end(_CLOSERS, text, e)
    nxt = first_alpha(text, skip_spaces(text, after))
    if attached and dots >= 4:
        # "compounds. . . . The" -> the word's own period ends the sentence.
        if nxt.isupper():
            return s + 1
        return None
    if dots >= 4 and nxt.isupper() and after < len(text) and text[after].isspace():
        return after
    return None


class _WordsBefore:
    """The word before each of increasing positions (from the last space, openers aside),
    for "world.Today": each space is looked for once and each word measured once, so a long
    word glued by many periods ("a.Bc.Bc.Bc…") is not scanned again for each."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.scanned = 0  # spaces before this have been looked for
        self.start = -1  # where the current word begins; -1 before the first
        self.core = 0  # where it begins, openers aside
        self.shaped = 0  # where its longest start shaped like "U.S" ends

    def abbreviated(self, pos: int) -> bool:
        """Whether the word before `pos` is an abbreviation or shaped like "U.S" (`pos` being
        a period, the word is shaped like that if it has a period and its shape reaches pos).

        >>> words = _WordsBefore("(U.S.Army.Today")
        >>> words.abbreviated(2), words.abbreviated(4), words.abbreviated(9)
        (False, True, False)
        """
        text = self.text
        space = text.rfind(" ", self.scanned, pos)
        self.scanned = pos
        if space != -1 or self.start < 0:
            self.start = self.core = space + 1
            while text[self.core] in OPENERS:  # the period at `pos` ends this
                self.core += 1
            self.shaped = span_end(_MULTI_PERIOD_START, text, self.core)
        core = min(self.core, pos)
        if pos - core <= LONGEST_ABBREVIATION and text[core:pos].lower() in ABBREVIATIONS:
            return True
        return pos <= self.shaped and text.find(".", core, pos) != -1


def split_latin(text: str, lang: str = "en") -> list[str]:
    """Split a normalised English or French paragraph into sentences."""
    protected = _covered(protected_spans(text))
    cuts, marker_spans = list_boundaries(text)
    markers = _covered(marker_spans)
    boundaries: set[int] = set(cuts)
    n = len(text)
    seg_start = 0
    words = _WordsBefore(text)
    seg_text_start: dict[int, int] = {}  # where a sentence's text begins, by its start

    for m in _CAND.finditer(text):
        s, e = m.span()
        if _inside(s, protected) or _inside(s, markers):
            continue
        term = m.group()
        if " " in term:  # spaced ellipsis
            b = _spaced_ellipsis_boundary(text, s, e)
            if b is not None:
                boundaries.add(b)
                seg_start = b
            continue
        end = span_end(_CLOSERS, text, e)
        if end >= n:
            continue
        if not text[end].isspace():
            # "world.Today" (no space between sentences)
            if term == "." and _NO_SPACE_BOUNDARY.match(text, s) and not words.abbreviated(s):
                boundaries.add(s + 1)
                seg_start = s + 1
            continue
        nstart = end
        while nstart < n and text[nstart].isspace():
            nstart += 1
        if nstart >= n:
            continue
        first = first_alpha(text, nstart)
        if not first or first.islower():
            continue
        if seg_start not in seg_text_start:
            seg_text_start[seg_start] = span_end(_LEADING_SPACE, text, seg_start)
        if _MARKER_ONLY.fullmatch(text, seg_text_start[seg_start], s + len(term)):
            continue
        # "!", "?", "...", "…", "....": a boundary unless lower case follows (excluded above)
        if term != "." or period_ends_sentence(
            text, s, seg_start=seg_start, next_start=nstart, first=first, lang=lang
        ):
            boundaries.add(end)
            seg_start = end
    return cut(text, sorted(boundaries))
