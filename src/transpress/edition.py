"""A release in one language, ready to render: each block's text and how reviewed it is (pure)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from transpress.document import (
    PROSE_KINDS,
    READING_KINDS,
    Block,
    DraftPolicy,
    Kind,
    ListMarker,
    Release,
    TableCell,
    Translation,
)
from transpress.locale import format_dateline, format_long_date, language_adjective, language_name
from transpress.places import Places
from transpress.quotations import Segment, visible
from transpress.segment import sentence_separator
from transpress.typography import typeset
from transpress.units import release_segments


class Status(StrEnum):
    """Where a piece of an edition's text comes from."""

    SOURCE = "source"  # the release's own language, or copied (names, numbers)
    REVIEWED = "reviewed"  # a translation a person approved
    DRAFT = "draft"  # a fuzzy translation, shown and marked (drafts = "mark")
    MISSING = "missing"  # no usable translation: the source text stands in


@dataclass(frozen=True)
class Piece:
    """One sentence or label of an edition, with its status."""

    text: str
    status: Status
    unit: bool = True  # False for what is copied, not translated (dateline, names, numbers)
    display: str = ""  # the text with its language's typography, for HTML and Markdown
    score: float | None = None  # a machine draft's confidence (DRAFT pieces)


@dataclass(frozen=True)
class EditionBlock:
    """One block of an edition."""

    kind: Kind
    pieces: tuple[Piece, ...]
    blank_before: int
    lang: str
    marker: ListMarker | None = None  # a list item's bullet or number, as written
    cell: TableCell | None = None  # a table cell's row and column
    anchor: int = 0  # its number in reading order (¶1, ¶2…) in the body; 0 elsewhere

    @property
    def separator(self) -> str:
        """What stands between two pieces: the language's sentence spacing, except that
        source-language fallbacks inside a Japanese paragraph keep their spaces."""
        if self.kind is Kind.PHONE:
            return ""
        if self.lang == "ja" and any(p.status is Status.MISSING for p in self.pieces):
            return " "
        return sentence_separator(self.lang)

    @property
    def text(self) -> str:
        """The block's text, pieces joined with the separator."""
        return self.separator.join(p.text for p in self.pieces)

    @property
    def display_text(self) -> str:
        """The block's text with typography applied to its prose."""
        return self.separator.join(p.display or p.text for p in self.pieces)

    @property
    def has_draft(self) -> bool:
        """Whether any piece is an unreviewed translation."""
        return any(p.status is Status.DRAFT for p in self.pieces)

    @property
    def confidence(self) -> float:
        """For ordering by doubt: the lowest machine confidence among its drafts (-1 for a
        draft without one, such as a translation of an older source; 2 without drafts)."""
        scores = [p.score for p in self.pieces if p.status is Status.DRAFT]
        return min((-1.0 if s is None else s for s in scores), default=2.0)


@dataclass(frozen=True)
class BodyList:
    """A list of an edition's body: its items, each with the lists nested under it."""

    items: tuple[ListEntry, ...]

    @property
    def ordered(self) -> bool:
        """Whether the list is numbered (its first item says)."""
        marker = self.items[0].block.marker
        return marker is not None and marker.ordered

    @property
    def start(self) -> int:
        """The number of a numbered list's first item (1 for bullets)."""
        marker = self.items[0].block.marker
        return marker.number if marker is not None and marker.number is not None else 1


@dataclass(frozen=True)
class ListEntry:
    """One item of a body list and the lists nested under it."""

    block: EditionBlock
    sublists: tuple[BodyList, ...] = ()


@dataclass(frozen=True)
class BodyTable:
    """A table of an edition's body: its rows of cells, the header row first."""

    rows: tuple[tuple[EditionBlock, ...], ...]

    @property
    def header(self) -> tuple[EditionBlock, ...]:
        """The cells that head the columns."""
        return self.rows[0]

    @property
    def body(self) -> tuple[tuple[EditionBlock, ...], ...]:
        """The rows under the header."""
        return self.rows[1:]

    @property
    def blank_before(self) -> int:
        """The blank lines before the table (its first cell's)."""
        return self.rows[0][0].blank_before


Part = EditionBlock | BodyList | BodyTable


def gather(blocks: Sequence[EditionBlock], *, lists: bool = True) -> tuple[Part, ...]:
    """Blocks in reading order, runs of table cells gathered into tables and, with
    `lists`, runs of list items into (nested) lists.

    A table ends where another kind of block comes or another table's first cell does.
    A list ends where another kind of block comes, where the kind of its bullets or
    numbers changes at its own depth (`-`, then `1.`; `（1）`, then `①`), or where its
    numbering starts again. An item deeper than the one before opens a list under it,
    whatever its depth says (a jump of two levels is one level).
    """
    parts: list[Part] = []
    run: list[EditionBlock] = []
    for block in [*blocks, None]:
        if run and (block is None or block.kind is not run[0].kind or _opens_table(block)):
            parts.extend(_lists(run) if run[0].kind is Kind.LIST_ITEM else [_table(run)])
            run = []
        if block is None:
            break
        in_table = block.kind is Kind.TABLE_CELL and block.cell is not None
        in_list = lists and block.kind is Kind.LIST_ITEM and block.marker is not None
        (run if in_table or in_list else parts).append(block)
    return tuple(parts)


def _opens_table(block: EditionBlock) -> bool:
    return block.cell is not None and block.cell.row == block.cell.column == 0


def _table(cells: Sequence[EditionBlock]) -> BodyTable:
    rows: list[list[EditionBlock]] = []
    row = -1
    for block in cells:
        if block.cell is not None and block.cell.row != row:
            rows.append([])
            row = block.cell.row
        rows[-1].append(block)
    return BodyTable(tuple(tuple(cells) for cells in rows))


def _lists(items: Sequence[EditionBlock]) -> list[BodyList]:
    """The lists of a run of list items: items at the run's shallowest depth, each with the
    deeper items after it as its sublists."""
    top = min(_depth(b) for b in items)
    entries: list[tuple[EditionBlock, list[EditionBlock]]] = []
    for block in items:
        if entries and _depth(block) > top:
            entries[-1][1].append(block)
        else:
            entries.append((block, []))
    lists: list[list[ListEntry]] = []
    for block, deeper in entries:
        entry = ListEntry(block, tuple(_lists(deeper)) if deeper else ())
        if lists and _continues(lists[-1][-1].block.marker, block.marker):
            lists[-1].append(entry)
        else:
            lists.append([entry])
    return [BodyList(tuple(entries)) for entries in lists]


def _depth(block: EditionBlock) -> int:
    return block.marker.depth if block.marker is not None else 0


def _continues(before: ListMarker | None, marker: ListMarker | None) -> bool:
    """Whether an item goes on with the list of the item before it at its depth."""
    if before is None or marker is None or before.family != marker.family:
        return False
    return before.number is None or marker.number is None or marker.number >= before.number


@dataclass(frozen=True)
class Awaiting:
    """Why an edition is the last one published, not the current translation: its
    source has changed since (`translates` is the ISO date of the source version it
    translates) and the current translation is below the threshold."""

    translates: str
    source_language: str


@dataclass(frozen=True)
class Edition:
    """A release rendered into one language."""

    release_id: str
    lang: str
    source_language: str
    language_name: str
    blocks: tuple[EditionBlock, ...]
    final_newline: bool
    date_iso: str
    newline: str = "\n"
    threshold: float = 80.0
    markup: str = "text"
    awaiting: Awaiting | None = None  # kept as last published, awaiting an update
    preview: bool = False  # rendered by `publish --preview`: not published

    @property
    def is_source(self) -> bool:
        """Whether this is the release's own language."""
        return self.lang == self.source_language

    @property
    def percent_reviewed(self) -> float:
        """Reviewed share of the translation units (100 for the source language)."""
        if self.is_source or not self.units:
            return 100.0
        return 100.0 * self.count(Status.REVIEWED) / self.units

    @property
    def unreviewed_blocks(self) -> list[int]:
        """Numbers (1-based, counted in reading order) of body paragraphs and list items
        that show unreviewed text, the most doubtful first (lowest machine confidence;
        then in order)."""
        drafted = [b for b in self.of_kind(*READING_KINDS) if b.has_draft]
        return [b.anchor for b in sorted(drafted, key=lambda b: (b.confidence, b.anchor))]

    @property
    def body(self) -> tuple[Part, ...]:
        """The body in reading order, list items gathered into their (nested) lists and
        table cells into their tables."""
        return gather(self.of_kind(*READING_KINDS))

    @property
    def layout(self) -> tuple[Part, ...]:
        """Every block in order, table cells gathered into their tables (for the text
        edition, which writes list items one a line as they are)."""
        return gather(self.blocks, lists=False)

    def first(self, kind: Kind) -> EditionBlock | None:
        """The first block of a kind, if any."""
        return next((b for b in self.blocks if b.kind is kind), None)

    def of_kind(self, *kinds: Kind) -> list[EditionBlock]:
        """The blocks of the given kinds, in order."""
        return [b for b in self.blocks if b.kind in kinds]

    def count(self, status: Status) -> int:
        """How many translation units have the status."""
        return sum(1 for b in self.blocks for p in b.pieces if p.unit and p.status is status)

    @property
    def units(self) -> int:
        """How many translation units the edition has."""
        return sum(1 for b in self.blocks for p in b.pieces if p.unit)


def build_edition(
    release: Release,
    lang: str,
    translations: Mapping[str, Translation],
    *,
    drafts: DraftPolicy = "mark",
    threshold: float = 80.0,
    places: Places | None = None,
) -> Edition:
    """Assemble the edition of `release` in `lang` from its catalogue's translations
    (`places` names the dateline's place: the shipped places alone by default)."""
    places = places if places is not None else Places()
    blocks = []
    read = 0  # body blocks so far: each one's anchor is its number in reading order
    for block, segments in zip(release.blocks, release_segments(release), strict=True):
        localised = _localise_block(release, block, segments, lang, translations, drafts, places)
        anchor = 0
        if block.kind in READING_KINDS:
            read += 1
            anchor = read
        shown = _typeset(localised, release.language)
        blocks.append(replace(shown, marker=block.marker, cell=block.cell, anchor=anchor))
    return Edition(
        release_id=release.id,
        lang=lang,
        source_language=release.language,
        language_name=language_name(lang),
        blocks=tuple(blocks),
        final_newline=release.final_newline,
        date_iso=release.dateline.date.isoformat() if release.dateline else "",
        newline=release.newline,
        threshold=threshold,
        markup=release.markup,
    )


def _localise_block(
    release: Release,
    block: Block,
    segments: Sequence[Segment],
    lang: str,
    translations: Mapping[str, Translation],
    drafts: DraftPolicy,
    places: Places,
) -> EditionBlock:
    is_source = lang == release.language
    if block.kind is Kind.DATELINE and release.dateline is not None:
        text = block.text if is_source else ""
        if not text:
            dateline = release.dateline
            # The source language keeps the place as the release writes it.
            place = dateline.place if is_source else places.of_dateline(dateline, lang)
            text = format_dateline(place, dateline.date, lang)
        return EditionBlock(
            block.kind, (Piece(text, Status.SOURCE, False),), block.blank_before, lang
        )
    if is_source or not segments:
        piece = Piece(block.text, Status.SOURCE, unit=bool(segments))
        return EditionBlock(block.kind, (piece,), block.blank_before, lang)
    pieces = tuple(_translate(segment, translations, drafts) for segment in segments)
    if block.kind is Kind.PHONE:
        label = pieces[0]
        separator = (
            "" if label.text.endswith("：") else block.text[len(block.label) : -len(block.value)]
        )
        pieces = (label, Piece(separator + block.value, Status.SOURCE, unit=False))
    return EditionBlock(block.kind, pieces, block.blank_before, lang)


def _typeset(block: EditionBlock, source_language: str) -> EditionBlock:
    """Give each prose piece its display text, typeset in the language it is written in."""
    if block.kind not in PROSE_KINDS:
        return block
    pieces = tuple(
        replace(
            p,
            display=typeset(p.text, source_language if p.status is Status.MISSING else block.lang),
        )
        for p in block.pieces
    )
    return replace(block, pieces=pieces)


def notice(edition: Edition) -> str:
    """The notice of a page that is not simply the reviewed translation, in the page's
    language: a preview, an edition awaiting an update, unreviewed text; or ''."""
    parts = [_PREVIEW.get(edition.lang, _PREVIEW["en"])] if edition.preview else []
    if edition.awaiting is not None:
        parts.append(awaiting_notice(edition.awaiting, edition.lang))
    parts.append(_drafts_notice(edition))
    return " ".join(part for part in parts if part)


def awaiting_notice(awaiting: Awaiting, lang: str) -> str:
    """What a kept edition says of itself: which source version it translates.

    >>> awaiting_notice(Awaiting("2026-11-28", "en"), "fr")[:64]
    'Cette traduction est celle de la version anglaise du 28 novembre'
    >>> awaiting_notice(Awaiting("2026-11-28", "fr"), "ja")[:24]
    'この翻訳は2026年11月28日付のフランス語版'
    """
    when = format_long_date(datetime.date.fromisoformat(awaiting.translates), lang)
    source = language_adjective(awaiting.source_language, lang)
    return _AWAITING.get(lang, _AWAITING["en"]).format(when=when, source=source)


def _drafts_notice(edition: Edition) -> str:
    numbers = edition.unreviewed_blocks
    drafts = any(block.has_draft for block in edition.blocks)  # the title counts too
    below = edition.percent_reviewed < edition.threshold and not edition.is_source
    if not drafts and not below:
        return ""
    listed = _NOTICE_LIST[edition.lang if edition.lang in _NOTICE_LIST else "en"](numbers)
    share = f"{edition.percent_reviewed:.0f}"
    template = _NOTICES.get(edition.lang, _NOTICES["en"])
    return template.format(listed=listed, share=share)


_PREVIEW = {
    "en": "Preview: this page is not published.",
    "fr": "Aperçu : cette page n’est pas publiée.",
    "ja": "プレビュー：このページは公開されていません。",
}
_AWAITING = {
    "en": "This translation is of the {source} version of {when}, which has changed since; "
    "its update is being reviewed.",
    "fr": "Cette traduction est celle de la version {source} du {when}, modifiée depuis ; "
    "sa mise à jour est en cours de relecture.",
    "ja": "この翻訳は{when}付の{source}版の翻訳です。原文はその後更新されており、"
    "更新版の翻訳を確認中です。",
}
_NOTICES = {
    "en": "This page contains translation that has not been reviewed yet{listed}. "
    "{share} % of it is reviewed.",
    "fr": "Cette page contient une traduction qui n’a pas encore été relue{listed}. "
    "{share}\u202f% en est relu.",
    "ja": "このページには、まだ確認されていない翻訳が含まれています{listed}。"
    "確認済みは{share}％です。",
}
_NOTICE_LIST = {
    "en": lambda n: (
        f" (paragraph{'s' if len(n) > 1 else ''} {', '.join(map(str, n))})" if n else ""
    ),
    "fr": lambda n: (
        f" (paragraphe{'s' if len(n) > 1 else ''} {', '.join(map(str, n))})" if n else ""
    ),
    "ja": lambda n: f"（第{'・'.join(map(str, n))}段落）" if n else "",
}


def _translate(
    segment: Segment, translations: Mapping[str, Translation], drafts: DraftPolicy
) -> Piece:
    """A segment's piece: its translation (or the source), without its virtual marks."""
    msgid = segment.msgid
    found = translations.get(msgid)
    if found is None or not found.msgstr:
        return Piece(visible(msgid, segment), Status.MISSING)
    if found.reviewed:
        return Piece(visible(found.msgstr, segment), Status.REVIEWED)
    if drafts == "mark":
        return Piece(visible(found.msgstr, segment), Status.DRAFT, score=found.score)
    return Piece(visible(msgid, segment), Status.MISSING)
