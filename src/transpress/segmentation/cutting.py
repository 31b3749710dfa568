"""Cutting a paragraph at boundary offsets, shared by the Latin and Japanese splitters."""

from __future__ import annotations

import re
from collections.abc import Iterable


def span_end(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """End of ``pattern`` matched at ``pos`` (``pos`` itself if it does not match).

    >>> span_end(re.compile("[)]*"), "a)) b", 1), span_end(re.compile("x"), "ab", 1)
    (3, 1)
    """
    m = pattern.match(text, pos)
    return m.end() if m else pos


def cut(text: str, boundaries: Iterable[int]) -> list[str]:
    """The pieces of ``text`` between increasing offsets, stripped, empty ones left out.

    >>> cut("One. Two.  ", [5])
    ['One.', 'Two.']
    """
    out: list[str] = []
    prev = 0
    for b in boundaries:
        piece = text[prev:b].strip()
        if piece:
            out.append(piece)
        prev = b
    tail = text[prev:].strip()
    if tail:
        out.append(tail)
    return out
