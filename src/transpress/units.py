"""The translatable units of a release: sentences of prose blocks and contact labels (pure)."""

from __future__ import annotations

import weakref
from dataclasses import dataclass

from transpress import script
from transpress.document import BODY_KINDS, PROSE_KINDS, Block, Kind, Release
from transpress.quotations import Segment, balanced
from transpress.segment import split_sentences


@dataclass(frozen=True)
class Unit:
    """One msgid of a release, where it stands and in which kind of block."""

    msgid: str
    kind: Kind
    line: int


def block_text(block: Block, lang: str) -> str:
    """The block's prose as one line: hard-wrapped lines joined with the language's spacing."""
    lines = (part.strip() for part in block.text.split("\n"))
    return script.joiner(lang).join(part for part in lines if part)


def block_msgids(block: Block, lang: str) -> list[str]:
    """The msgids a block contributes: its sentences, its title, a list item or a table
    cell (none for an empty one), or a phone label."""
    return [segment.msgid for segment in block_segments(block, lang)]


def block_segments(block: Block, lang: str) -> list[Segment]:
    """The segments of a block: its sentences (a quotation's each balanced with virtual
    marks, see quotations.py), its title, a list item or a table cell (none for an empty
    one), or a phone label."""
    if block.kind in BODY_KINDS:
        return balanced(split_sentences(block_text(block, lang), lang))
    if block.kind in PROSE_KINDS:
        text = block_text(block, lang)
        return [Segment(text)] if text else []
    if block.kind is Kind.PHONE and block.label.strip():
        return [Segment(block.label.strip())]
    return []


def release_segments(release: Release) -> tuple[tuple[Segment, ...], ...]:
    """Each block's segments, in order: a release is segmented once however many editions,
    catalogues and reports a command builds from it (remembered while it is alive)."""
    found = _SEGMENTS.get(release)
    if found is None:
        found = tuple(tuple(block_segments(block, release.language)) for block in release.blocks)
        _SEGMENTS[release] = found
    return found


def release_msgids(release: Release) -> tuple[tuple[str, ...], ...]:
    """Each block's msgids, in order (see release_segments)."""
    return tuple(tuple(s.msgid for s in segments) for segments in release_segments(release))


_SEGMENTS: weakref.WeakKeyDictionary[Release, tuple[tuple[Segment, ...], ...]] = (
    weakref.WeakKeyDictionary()
)


def translation_units(release: Release) -> list[Unit]:
    """Every unit of the release in document order, repeats included."""
    return [
        Unit(msgid, block.kind, block.line)
        for block, msgids in zip(release.blocks, release_msgids(release), strict=True)
        for msgid in msgids
    ]
