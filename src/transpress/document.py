"""The release document model: what a reader produces and a renderer consumes (no I/O)."""

from __future__ import annotations

import datetime
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
    TITLE = "title"
    SUBHEADING = "subheading"
    PARAGRAPH = "paragraph"
    QUOTE = "quote"
    CONTACTS_HEADING = "contacts heading"
    CONTACT_NAME = "contact name"
    PHONE = "phone"
    EMAIL = "email"
    WEBSITE = "website"


#: Blocks whose whole text is prose, segmented into sentences and translated.
PROSE_KINDS = frozenset(
    {Kind.TITLE, Kind.SUBHEADING, Kind.PARAGRAPH, Kind.QUOTE, Kind.CONTACTS_HEADING}
)
#: Body blocks that may hold several sentences.
BODY_KINDS = frozenset({Kind.PARAGRAPH, Kind.QUOTE})
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
class Block:
    """One block of a release: its kind, its text as written, where it starts.

    `blank_before` keeps the layout of the plain-text form (blank lines before the
    block) so the source language round-trips byte for byte. For a phone line,
    `label` is the translatable label ("Tel:") and `value` the number, copied.
    """

    kind: Kind
    text: str
    line: int
    blank_before: int = 1
    label: str = ""
    value: str = ""


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
