"""Changes inside one text: which words (Japanese: which characters) were taken out or put in."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from transpress import script

PieceKind = Literal["same", "del", "ins"]

#: A Japanese character alone (Japanese has no spaces to find words by), a Latin word (with
#: its digits, so `COP21` → `COP22` marks the whole token), a run of spaces, or one sign.
_TOKENS = re.compile(f"[{script.TEXT}]|[^\\W{script.TEXT}]+|\\s+|[^\\w\\s]", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    """A stretch of text both versions share (`same`), or only the old (`del`) or new (`ins`)."""

    kind: PieceKind
    text: str


def tokens(text: str) -> list[str]:
    """The units a text is compared by.

    >>> tokens("COP21, Paris")
    ['COP21', ',', ' ', 'Paris']
    >>> tokens("CNESトゥールーズ")
    ['CNES', 'ト', 'ゥ', 'ー', 'ル', 'ー', 'ズ']
    """
    return _TOKENS.findall(text)


def word_changes(old: str, new: str) -> tuple[Piece, ...]:
    """The pieces that turn `old` into `new`, deletions before insertions.

    >>> [(p.kind, p.text) for p in word_changes("des des satellites", "des satellites")]
    [('del', 'des '), ('same', 'des satellites')]
    >>> [(p.kind, p.text) for p in word_changes("1 850万ユーロ", "1 950万ユーロ")]
    [('same', '1 '), ('del', '850'), ('ins', '950'), ('same', '万ユーロ')]
    """
    before, after = tokens(old), tokens(new)
    # autojunk=False: a long text's frequent tokens (spaces, の) are not junk to skip.
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    pieces: list[Piece] = []
    for tag, i1, i2, j1, j2 in _joined(matcher.get_opcodes(), before):
        if tag == "equal":
            _add(pieces, "same", before[i1:i2])
        else:
            _add(pieces, "del", before[i1:i2])
            _add(pieces, "ins", after[j1:j2])
    return tuple(pieces)


def old_side(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """The old text's pieces: what both share and what was taken out."""
    return tuple(p for p in pieces if p.kind != "ins")


def new_side(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """The new text's pieces: what both share and what was put in."""
    return tuple(p for p in pieces if p.kind != "del")


Opcode = tuple[str, int, int, int, int]


def _joined(opcodes: Sequence[Opcode], before: list[str]) -> list[Opcode]:
    """Opcodes where a lone space between two changes belongs to the change, so that three
    words replaced read as one change, not three."""
    merged: list[Opcode] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < n < len(opcodes) - 1 and all(t.isspace() for t in before[i1:i2])
        if tag == "equal" and between:
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            _, start_i, _, start_j, _ = merged.pop()
            merged.append(("replace", start_i, i2, start_j, j2))
        else:
            merged.append((tag, i1, i2, j1, j2))
    return merged


def _add(pieces: list[Piece], kind: PieceKind, parts: list[str]) -> None:
    if parts:
        pieces.append(Piece(kind, "".join(parts)))
