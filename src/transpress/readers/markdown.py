"""Markdown releases with YAML front matter: the structured alternative to plain text."""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from transpress.document import Block, Dateline, Kind, ListMarker, Release, TableCell
from transpress.errors import InputError
from transpress.locale import SUPPORTED_LANGUAGES
from transpress.readers.structure import (
    detect_language,
    has_quotation,
    indent_width,
    markdown_list_marker,
    require_structure,
)

_FENCE = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")


class MarkdownReader:
    """Read `.md` releases: front matter (title, date, place, reference, issuer, language,
    contacts)."""

    name = "markdown"

    def claims(self, path: Path) -> bool:
        """Claim `.md` and `.markdown` files."""
        return path.suffix.lower() in (".md", ".markdown")

    def read(self, text: str, *, release_id: str, source: str, language: str | None) -> Release:
        """Parse front matter and body paragraphs (`> ` paragraphs are quotations)."""
        text = text.replace("\r\n", "\n")
        meta, body_start = _front_matter(text, source)
        lines = text.split("\n")
        blocks: list[Block] = []
        dateline = _dateline(meta, source)
        if dateline is not None:
            blocks.append(Block(Kind.DATELINE, "", _line_of(lines, "date", body_start), 0))
        if meta.get("reference"):
            blocks.append(
                Block(
                    Kind.REFERENCE,
                    str(meta["reference"]),
                    _line_of(lines, "reference", body_start),
                    0,
                )
            )
        blocks.extend(_issuer_blocks(meta.get("issuer"), lines, body_start))
        title = str(meta["title"]).strip() if meta.get("title") else ""
        if title:
            blocks.append(Block(Kind.TITLE, title, _line_of(lines, "title", body_start)))
        blocks.extend(_body_blocks(lines, body_start, has_title=bool(title)))
        blocks.extend(_contact_blocks(meta.get("contacts"), lines, body_start, source))
        require_structure(
            blocks,
            source,
            hint="give a `title:` in the front matter (or a `# Title` line) and at least one "
            "body paragraph",
        )
        lang = (
            language
            or _language(meta, source)
            or detect_language(
                " ".join(b.text for b in blocks if b.kind in (Kind.PARAGRAPH, Kind.QUOTE))
            )
        )
        if dateline is not None:
            dateline = _with_place(dateline, meta.get("place"), lang, source, lines, body_start)
        return Release(
            id=release_id,
            source=source,
            language=lang,
            blocks=tuple(blocks),
            dateline=dateline,
            final_newline=text.endswith("\n"),
            markup="markdown",
            metadata={
                k: str(v) for k, v in meta.items() if isinstance(v, str | int | datetime.date)
            },
        )


#: Front matter holds a release's fields, nothing more: bounds that no real release
#: reaches and that keep a hostile file from exhausting memory or the stack.
_MAX_FRONT_MATTER = 64 * 1024
_MAX_DEPTH = 4
#: The fields and what each holds (text, or text or a list of texts).
_TEXT_FIELDS = ("title", "date", "reference", "language")
_TEXT_OR_LISTS = ("issuer",)
_CONTACT_TEXT = ("heading", "phone_label", "website")
_CONTACT_LISTS = ("names", "phones", "emails")


def _front_matter(text: str, source: str) -> tuple[dict[str, Any], int]:
    match = _FENCE.match(text)
    if not match:
        return {}, 0
    raw = match.group("yaml")
    if len(raw) > _MAX_FRONT_MATTER:
        raise InputError(
            f"front matter over {_MAX_FRONT_MATTER // 1024} KiB; keep to the release's fields "
            "(title, date, place, reference, language, contacts)",
            path=source,
            line=2,
        )
    try:
        _check_shape(raw, source)
        # BaseLoader: every value is text (no dates, numbers or tags resolved by YAML),
        # so a date such as 2027-02-30 or a 5,000-digit number is ours to check.
        meta = yaml.load(raw, Loader=yaml.BaseLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else None
        raise InputError(
            f"invalid YAML front matter: {exc}".split("\n")[0], path=source, line=line
        ) from None
    if not isinstance(meta, dict):
        raise InputError(
            "front matter must be a mapping of `key: value` lines", path=source, line=2
        )
    _check_types(meta, source)
    return meta, text[: match.end()].count("\n")


def _check_shape(raw: str, source: str) -> None:
    """Refuse anchors and aliases (the "billion laughs") and deep nesting, reading YAML
    events one by one before anything is built."""
    depth = 0
    for event in yaml.parse(raw, Loader=yaml.BaseLoader):
        line = event.start_mark.line + 2 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise InputError(
                "front matter uses YAML anchors or aliases (& or *); write each value out",
                path=source,
                line=line,
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > _MAX_DEPTH:
                raise InputError(
                    "front matter nested too deeply; it holds the release's fields and "
                    "`contacts:` with its lists",
                    path=source,
                    line=line,
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _check_types(meta: dict[str, Any], source: str) -> None:
    for key in _TEXT_FIELDS:
        if key in meta and not isinstance(meta[key], str):
            raise InputError(f"front matter `{key}:` must be text", path=source)
    place = meta.get("place")
    if isinstance(place, dict):
        for lang, name in place.items():
            if lang not in SUPPORTED_LANGUAGES:
                raise InputError(
                    f"front matter `place:` has {lang!r}, which is not a language; name the "
                    f"place in {', '.join(SUPPORTED_LANGUAGES)} (`ja: 種子島`)",
                    path=source,
                )
            if not isinstance(name, str):
                raise InputError(f"front matter `place.{lang}:` must be text", path=source)
    elif place is not None and not isinstance(place, str):
        raise InputError(
            "front matter `place:` must be text, or the place's name per language "
            "(`en: Tsukuba` and `ja: つくば` indented under it)",
            path=source,
        )
    for key in _TEXT_OR_LISTS:
        if key in meta and not _texts(meta[key]):
            raise InputError(f"front matter `{key}:` must be text or a list of texts", path=source)
    contacts = meta.get("contacts")
    if not isinstance(contacts, dict):
        return
    for key in _CONTACT_TEXT:
        if key in contacts and not isinstance(contacts[key], str):
            raise InputError(f"front matter `contacts.{key}:` must be text", path=source)
    for key in _CONTACT_LISTS:
        value = contacts.get(key)
        if value is not None and not _texts(value):
            raise InputError(
                f"front matter `contacts.{key}:` must be text or a list of texts", path=source
            )


def _texts(value: object) -> bool:
    """Whether a front matter value is text or a list of texts."""
    items = value if isinstance(value, list) else [value]
    return all(isinstance(item, str) for item in items)


def _issuer_blocks(value: object, lines: list[str], end: int) -> list[Block]:
    """`issuer:` names who issues the release (one organisation, or a list of them)."""
    names = value if isinstance(value, list) else [value] if value else []
    line = _line_of(lines, "issuer", end)
    return [Block(Kind.ISSUER, str(name).strip(), line, 0) for name in names if str(name).strip()]


def _language(meta: dict[str, Any], source: str) -> str | None:
    lang = meta.get("language")
    if lang is None:
        return None
    code = str(lang).strip().lower().replace("_", "-").split("-")[0]
    if code not in SUPPORTED_LANGUAGES:
        raise InputError(
            f"unsupported language {lang!r}; use one of {', '.join(SUPPORTED_LANGUAGES)}",
            path=source,
        )
    return code


def _dateline(meta: dict[str, Any], source: str) -> Dateline | None:
    value = meta.get("date")
    if value is None:
        return None
    try:
        date = datetime.datetime.fromisoformat(str(value).strip()).date()
    except ValueError:
        raise InputError(
            f"front matter date {str(value)[:40]!r} is not an ISO date; write it as YYYY-MM-DD",
            path=source,
        ) from None
    return Dateline(place="", date=date)


def _with_place(
    dateline: Dateline, place: object, lang: str, source: str, lines: list[str], end: int
) -> Dateline:
    """The dateline with the front matter's place: one name as the release writes it, or
    a name per language, which must include the release's own."""
    if not isinstance(place, dict):
        return dataclasses.replace(dateline, place=str(place or "").strip())
    forms = {code: name.strip() for code, name in place.items() if name.strip()}
    if forms and lang not in forms:
        raise InputError(
            f"front matter `place:` does not name the place in {lang}, the release's "
            f"language; add `{lang}: …` under `place:`",
            path=source,
            line=_line_of(lines, "place", end),
        )
    ordered = tuple((code, forms[code]) for code in SUPPORTED_LANGUAGES if code in forms)
    return dataclasses.replace(dateline, place=forms.get(lang, ""), place_forms=ordered)


def _line_of(lines: list[str], key: str, end: int) -> int:
    prefix = f"{key}:"
    return next((n for n, line in enumerate(lines[:end], 1) if line.startswith(prefix)), 1)


def _body_blocks(lines: list[str], start: int, *, has_title: bool) -> list[Block]:
    """Paragraphs separated by blank lines; `#` headings; `> ` paragraphs are quotations;
    list items, one block each; table cells, one block each."""
    blocks: list[Block] = []
    for chunk in _chunks(lines, start):
        if isinstance(chunk, _Table):
            blocks.extend(chunk.blocks())
            continue
        if isinstance(chunk, _Item):
            text = "\n".join(line.strip() for line in chunk.lines)
            blocks.append(
                Block(Kind.LIST_ITEM, text, chunk.first, chunk.blank_before, marker=chunk.marker)
            )
            continue
        first, paragraph = chunk
        quoted = all(line.lstrip().startswith(">") for line in paragraph)
        # Hard-wrapped lines stay separate: units.block_text joins them per language.
        text = "\n".join(line.lstrip().removeprefix(">").strip() for line in paragraph)
        heading = _HEADING.match(text) if len(paragraph) == 1 else None
        if heading and heading.group("level") == "#" and not has_title and not blocks:
            blocks.append(Block(Kind.TITLE, heading.group("title"), first))
            has_title = True
        elif heading:
            blocks.append(Block(Kind.SUBHEADING, heading.group("title"), first))
        else:
            kind = Kind.QUOTE if quoted or has_quotation(text) else Kind.PARAGRAPH
            blocks.append(Block(kind, text, first))
    return blocks


def _lazy(line: str, blank: int) -> bool:
    """Whether an unindented line goes on with the item above it: right under it, and not
    a heading or a quotation, which start blocks of their own."""
    return not blank and not _HEADING.match(line.strip()) and not line.lstrip().startswith(">")


@dataclass
class _Item:
    """A list item being read: its marker (with its depth), first line and lines."""

    marker: ListMarker
    first: int
    blank_before: int
    lines: list[str] = field(default_factory=list)


@dataclass
class _Table:
    """A table being read: its columns' alignments and its rows (first line, cells), the
    header row first."""

    aligns: list[str]
    rows: list[tuple[int, list[str]]]

    def blocks(self) -> list[Block]:
        """One block per cell, row by row; a short row is padded with empty cells, a long
        one cut to the header's width (as GitHub does)."""
        width = len(self.aligns)
        return [
            Block(
                Kind.TABLE_CELL,
                (cells[column] if column < len(cells) else ""),
                line,
                1 if row == column == 0 else 0,
                cell=TableCell(row, column, self.aligns[column]),
            )
            for row, (line, cells) in enumerate(self.rows)
            for column in range(width)
        ]


# A table's delimiter row: `| --- | :---: | ---: |`, pipes between cells required.
_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
_ALIGNS = {(True, False): "left", (True, True): "center", (False, True): "right"}


def table_cells(line: str) -> list[str]:
    """The cells of a table row, as GitHub splits them: on pipes, but not `\\|`.

    >>> table_cells("| Mass | 930 kg | 1\\\\|2 |"), table_cells("a | b")
    (['Mass', '930 kg', '1|2'], ['a', 'b'])
    """
    text = line.strip().removeprefix("|")
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    cells = re.split(r"(?<!\\)\|", text)
    return [cell.strip().replace("\\|", "|") for cell in cells]


def _table_start(lines: list[str], index: int) -> _Table | None:
    """The table whose header row is `lines[index]`, if the next line is its delimiter row
    (as many cells as the header)."""
    if index + 1 >= len(lines) or "|" not in lines[index] or "|" not in lines[index + 1]:
        return None
    if not _DELIMITER.match(lines[index + 1]):
        return None
    header, delimiters = table_cells(lines[index]), table_cells(lines[index + 1])
    if len(header) != len(delimiters):
        return None
    aligns = [_ALIGNS.get((d.startswith(":"), d.endswith(":")), "") for d in delimiters]
    return _Table(aligns, [(index + 1, header)])


def _chunks(lines: list[str], start: int) -> list[_Item | _Table | tuple[int, list[str]]]:
    """The body as paragraphs (runs of non-blank lines, with their first line number) and
    list items, as CommonMark reads them: an item goes on over lazy continuation lines and,
    after a blank line, over lines indented to its text (a loose item's next paragraph);
    an item indented to the text of the one above nests under it; a blank line between
    items keeps them in one (loose) list. A numbered item interrupts a paragraph only
    when it starts at 1, so that a wrapped line starting `2016.` stays prose. A table
    (GitHub's: a header row, a delimiter row, rows) goes on to a blank line or a line
    without a pipe; it is not read inside a list item.
    """
    chunks: list[_Item | _Table | tuple[int, list[str]]] = []
    columns: list[int] = []  # where the text of each open item starts
    blank = 0
    index = start
    while index < len(lines):
        line, number = lines[index], index + 1
        index += 1
        if not line.strip():
            blank += 1
            continue
        last = chunks[-1] if chunks else None
        if isinstance(last, _Table) and not blank and "|" in line:
            last.rows.append((number, table_cells(line)))
            continue
        table = None if isinstance(last, _Item) else _table_start(lines, number - 1)
        if table is not None:
            chunks.append(table)
            columns.clear()
            index += 1  # the delimiter row
            blank = 0
            continue
        in_paragraph = isinstance(last, tuple) and not blank
        marker = markdown_list_marker(line)
        if marker is not None and in_paragraph and marker.number not in (None, 1):
            marker = None
        width = indent_width(line)
        if marker is not None:
            while columns and width < columns[-1]:
                columns.pop()
            item = _Item(replace(marker, depth=len(columns)), number, min(blank, 1))
            item.lines.append(line[len(marker.text) :])
            columns.append(width + len(marker.text.lstrip(" \t")))
            chunks.append(item)
        elif isinstance(last, _Item) and (width >= columns[-1] or _lazy(line, blank)):
            last.lines.append(line)  # the item's text goes on (indented, or lazily)
        elif in_paragraph:
            assert isinstance(last, tuple)
            last[1].append(line)
        else:
            columns.clear()
            chunks.append((number, [line]))
        blank = 0
    return chunks


def _contact_blocks(contacts: object, lines: list[str], end: int, source: str) -> list[Block]:
    if contacts is None:
        return []
    if not isinstance(contacts, dict):
        raise InputError(
            "`contacts:` must be a mapping (heading, names, phones, emails, website)",
            path=source,
            line=_line_of(lines, "contacts", end),
        )
    line = _line_of(lines, "contacts", end)
    blocks = [Block(Kind.CONTACTS_HEADING, str(contacts.get("heading") or "Contacts"), line)]
    label = str(contacts.get("phone_label", "Tel:"))
    for kind, key in ((Kind.CONTACT_NAME, "names"), (Kind.PHONE, "phones"), (Kind.EMAIL, "emails")):
        values = contacts.get(key) or []
        for index, value in enumerate(values if isinstance(values, list) else [values]):
            gap = 1 if index == 0 else 0
            if kind is Kind.PHONE:
                blocks.append(
                    Block(kind, f"{label} {value}", line, gap, label=label, value=str(value))
                )
            else:
                blocks.append(Block(kind, str(value), line, gap))
    if contacts.get("website"):
        blocks.append(Block(Kind.WEBSITE, str(contacts["website"]), line, 0))
    return blocks
