"""The last published edition of each translation, kept so that a page is never taken down
by surprise: when a source change drops a language below its threshold, publish renders
this snapshot again, marked as awaiting an update (`published_below_threshold = "keep"`).

A snapshot is the edition as it was rendered (every piece's text and status), the digest of
the source it translates and the date that source version was first published. It lives in
`.transpress/published/<release>/<lang>.json`, written with the editions it describes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from transpress.document import Kind, ListMarker, TableCell
from transpress.edition import Edition, EditionBlock, Piece, Status

#: Bumped when the snapshot's shape changes; an older snapshot is ignored (the page is
#: then kept as it is on disk, unmarked, and the report says so).
FORMAT = 1


@dataclass(frozen=True)
class Snapshot:
    """A published edition, the source digest it translates and since when."""

    edition: Edition
    source_digest: str
    translates: str  # ISO date the source version was first published

    def to_json(self) -> str:
        """The snapshot as the JSON text written to disk (stable, diff-friendly)."""
        data = {
            "format": FORMAT,
            "source_digest": self.source_digest,
            "translates": self.translates,
            "edition": _edition_json(self.edition),
        }
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Snapshot | None:
        """The snapshot written by to_json, or None for anything else (an older format,
        a damaged file): a snapshot only ever adds a mark, so a bad one is ignored."""
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                return None
            return cls(_edition(data["edition"]), data["source_digest"], data["translates"])
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


def _edition_json(edition: Edition) -> dict[str, Any]:
    return {
        "release_id": edition.release_id,
        "lang": edition.lang,
        "source_language": edition.source_language,
        "language_name": edition.language_name,
        "final_newline": edition.final_newline,
        "date_iso": edition.date_iso,
        "newline": edition.newline,
        "threshold": edition.threshold,
        "markup": edition.markup,
        "blocks": [_block_json(block) for block in edition.blocks],
    }


def _block_json(block: EditionBlock) -> dict[str, Any]:
    marker, cell = block.marker, block.cell
    return {
        "kind": block.kind.value,
        "pieces": [[p.text, p.status.value, p.unit, p.display, p.score] for p in block.pieces],
        "blank_before": block.blank_before,
        "lang": block.lang,
        "marker": None if marker is None else [marker.text, marker.depth, marker.number],
        "cell": None if cell is None else [cell.row, cell.column, cell.align],
        "anchor": block.anchor,
    }


def _edition(data: dict[str, Any]) -> Edition:
    return Edition(
        release_id=str(data["release_id"]),
        lang=str(data["lang"]),
        source_language=str(data["source_language"]),
        language_name=str(data["language_name"]),
        blocks=tuple(_block(item) for item in data["blocks"]),
        final_newline=bool(data["final_newline"]),
        date_iso=str(data["date_iso"]),
        newline=str(data["newline"]),
        threshold=float(data["threshold"]),
        markup=str(data["markup"]),
    )


def _block(data: dict[str, Any]) -> EditionBlock:
    marker, cell = data["marker"], data["cell"]
    return EditionBlock(
        kind=Kind(data["kind"]),
        pieces=tuple(
            Piece(str(text), Status(status), bool(unit), str(display), score)
            for text, status, unit, display, score in data["pieces"]
        ),
        blank_before=int(data["blank_before"]),
        lang=str(data["lang"]),
        marker=None if marker is None else ListMarker(str(marker[0]), int(marker[1]), marker[2]),
        cell=None if cell is None else TableCell(int(cell[0]), int(cell[1]), str(cell[2])),
        anchor=int(data["anchor"]),
    )
