"""The release document model: what a reader produces and a renderer consumes (no I/O)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

#: What publishing does with unreviewed (fuzzy) translations: show them marked, or hide them.
DraftPolicy = Literal["mark", "hide"]


class Kind(StrEnum):
    """The type of one block of a release, as written in `#.` comments of the catalogues."""

    DATELINE = "dateline"
    REFERENCE = "reference"
    ISSUER = "issuer"
    TITLE = "title"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    LIST_ITEM = "list item"
    TABLE_CELL = "table cell"
    CONTACTS_HEADING = "contacts heading"
    CONTACT_NAME = "contact name"
    PHONE = "phone"
    EMAIL = "email"
    WEBSITE = "website"


#: Blocks whose whole text is prose, translated (as sentences, or as one unit).
PROSE_KINDS = frozenset(
    {
        Kind.ISSUER,
        Kind.TITLE,
        Kind.SUBHEADING,
        Kind.PARAGRAPH,
        Kind.QUOTE,
        Kind.LIST_ITEM,
        Kind.TABLE_CELL,
        Kind.CONTACTS_HEADING,
    }
)
#: Body blocks that may hold several sentences, each its own unit (a list item is one unit,
#: as a translator reads it: items are often fragments that a sentence splitter would cut).
BODY_KINDS = frozenset({Kind.PARAGRAPH, Kind.QUOTE})
#: The blocks of a release's body, in reading order: what the editions number ¶1, ¶2…
READING_KINDS = (Kind.SUBHEADING, Kind.PARAGRAPH, Kind.QUOTE, Kind.LIST_ITEM, Kind.TABLE_CELL)
#: Contact lines copied verbatim (a phone line's label alone is translated).
CONTACT_KINDS = frozenset(
    {Kind.CONTACTS_HEADING, Kind.CONTACT_NAME, Kind.PHONE, Kind.EMAIL, Kind.WEBSITE}
)


@dataclass(frozen=True)
class Dateline:
    """Where and when the release was issued.

    `place` is as the release writes it; `place_forms` are the (language, name) pairs its
    front matter gives (`place:` per language), which editions in those languages use.
    """

    place: str
    date: datetime.date
    place_forms: tuple[tuple[str, str], ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class ListMarker:
    """How a list item is marked: the bullet or number as written, its nesting depth (0 for
    the outer list) and, in a numbered list, the item's number.

    `text` is the line's start exactly as written, indentation and the space after the
    bullet included (`"  - "`, `"1) "`, `"・"`), so a plain-text source round-trips.
    """

    text: str
    depth: int = 0
    number: int | None = None

    @property
    def ordered(self) -> bool:
        """Whether the item belongs to a numbered list."""
        return self.number is not None

    @property
    def family(self) -> str:
        """What the items of one list share: the bullet, or the numbering style.

        >>> ListMarker("- ").family, ListMarker("  12) ", number=12).family
        ('-', '0)')
        >>> ListMarker("（2）", number=2).family, ListMarker("② ", number=2).family
        ('（0）', '①')
        """
        family = re.sub(r"\d+", "0", self.text.strip(" \t\u3000"))
        return re.sub("[\u2460-\u2473]", "①", family)


@dataclass(frozen=True)
class TableCell:
    """Where a table cell stands: its row (0 is the header row), its column, and how its
    column is aligned ("", "left", "center" or "right")."""

    row: int
    column: int
    align: str = ""

    @property
    def header(self) -> bool:
        """Whether the cell heads its column."""
        return self.row == 0


@dataclass(frozen=True)
class Block:
    """One block of a release: its kind, its text as written, where it starts.

    `blank_before` keeps the layout of the plain-text form (blank lines before the
    block) so the source language round-trips byte for byte. For a phone line,
    `label` is the translatable label ("Tel:") and `value` the number, copied. A list
    item's `text` is the item without its `marker` (continuation lines as written); a
    table cell's `text` is its content (empty for an empty cell), `cell` its place.
    """

    kind: Kind
    text: str
    line: int
    blank_before: int = 1
    label: str = ""
    value: str = ""
    marker: ListMarker | None = None
    cell: TableCell | None = None


@dataclass(frozen=True)
class Translation:
    """What a target-language catalogue holds for one msgid."""

    msgstr: str
    fuzzy: bool
    previous_msgid: str | None = None
    score: float | None = None  # a machine draft's confidence, 0 to 1

    @property
    def reviewed(self) -> bool:
        """A translation a person has approved: non-empty and not fuzzy."""
        return bool(self.msgstr) and not self.fuzzy


@dataclass(frozen=True)
class Release:
    """A press release read from one source file."""

    id: str
    source: str
    language: str
    blocks: tuple[Block, ...]
    dateline: Dateline | None = None
    final_newline: bool = True
    newline: str = "\n"
    markup: str = "text"  # "markdown" when the prose may hold inline Markdown
    metadata: dict[str, str] = field(default_factory=dict, compare=False)
    digest: str = field(default="", compare=False)  # SHA-256 of the source's bytes as read

    @property
    def title(self) -> str:
        """The title's text, or the release id when it has none."""
        return next((b.text for b in self.blocks if b.kind is Kind.TITLE), self.id)

    @property
    def reference(self) -> str | None:
        """The reference line (`PR051 – 2016`), if any."""
        return next((b.text for b in self.blocks if b.kind is Kind.REFERENCE), None)

    def blocks_of(self, *kinds: Kind) -> Iterator[Block]:
        """Yield the blocks of the given kinds, in document order."""
        return (b for b in self.blocks if b.kind in kinds)


@dataclass(frozen=True)
class IndexEntry:
    """One release on the index page: its title and editions."""

    release_id: str
    title: str
    lang: str
    date_iso: str
    editions: tuple[tuple[str, str], ...]  # (lang, language name)
    titles: tuple[tuple[str, str], ...] = ()  # (lang, the title in that edition)
    marks: tuple[tuple[str, str], ...] = ()  # (lang, "notice" or "awaiting")
