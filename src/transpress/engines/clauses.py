"""Segments too long for a model, cut at clause boundaries (every engine has a limit).

A sentence longer than a model's input limit is translated clause by clause and the
pieces joined again, rather than truncated: CTranslate2 refuses input over its limit, and
LibreTranslate servers cut output at 256 pieces without a word.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from transpress import script

_CLAUSE = re.compile(r"(?<=[,;:，、；：])\s*")


def clauses(text: str, size: Callable[[str], int], limit: int) -> list[str]:
    """`text` in pieces of at most `limit` (as `size` counts), cut after commas, colons
    and semicolons; a clause longer than the limit stays whole (the caller says so).

    >>> clauses("one, two, three", len, 9)
    ['one, two,', 'three']
    >>> clauses("short", len, 9)
    ['short']
    """
    if size(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for clause in (c for c in _CLAUSE.split(text) if c):
        candidate = f"{current} {clause}".strip()
        if current and size(candidate) > limit:
            pieces.append(current)
            current = clause
        else:
            current = candidate
    if current:
        pieces.append(current)
    return pieces


_UNSPACED_CHAR = re.compile(f"[{script.TEXT}]")


def joined(parts: Sequence[str], lang: str) -> str:
    """Clause translations as one text: a space between them, but in a language written
    without spaces, where only between two pieces of spaced text (a name, a number).

    >>> joined(["今日、", "打ち上げ。"], "ja"), joined(["CNES,", "JAXA"], "ja")
    ('今日、打ち上げ。', 'CNES, JAXA')
    """
    text = parts[0] if parts else ""
    spaced = script.joiner(lang) == " "
    for part in parts[1:]:
        edge = text[-1:] + part[:1]
        glued = not spaced and (not edge.isascii() or not edge.strip() or len(edge) < 2)
        text += part if glued else f" {part}"
    return text


def estimated_pieces(text: str) -> int:
    """About how many SentencePiece pieces a model makes of `text`, on the safe side, for
    an engine whose tokenizer cannot be asked (a server): a piece per 3 characters of
    spaced scripts (news text averages 4 to 5 with 50k-piece vocabularies), one per
    Japanese character.

    >>> estimated_pieces("The launch is scheduled for Tuesday."), estimated_pieces("打ち上げ予定")
    (12, 6)
    """
    unspaced = len(_UNSPACED_CHAR.findall(text))
    return unspaced + -(-(len(text) - unspaced) // 3)
