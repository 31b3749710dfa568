"""The plain-text release form: dateline, reference, title, paragraphs, contacts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transpress.document import Block, Dateline, Kind, Release
from transpress.errors import InputError
from transpress.readers.structure import (
    classify_contact_line,
    detect_language,
    has_quotation,
    is_contact_line,
    is_contacts_heading,
    is_reference,
    parse_dateline,
)


@dataclass(frozen=True)
class _Group:
    """Consecutive non-blank lines, with the blank lines before them."""

    lines: tuple[str, ...]
    first_line: int
    blank_before: int


class PlainTextReader:
    """Read the plain-text release form (`.txt`)."""

    name = "text"

    def claims(self, path: Path) -> bool:
        """Claim `.txt` files."""
        return path.suffix.lower() == ".txt"

    def read(self, text: str, *, release_id: str, source: str, language: str | None) -> Release:
        """Parse the plain-text form; keep its layout so the source round-trips byte for byte."""
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        final_newline = text.endswith("\n")
        groups = _group_lines(text.removesuffix("\n").split("\n"))
        blocks, dateline, written_in = _read_header_and_body(groups, source)
        prose = " ".join(b.text for b in blocks if b.kind in (Kind.PARAGRAPH, Kind.QUOTE))
        lang = language or written_in or detect_language(prose)
        return Release(
            id=release_id,
            source=source,
            language=lang,
            blocks=tuple(blocks),
            dateline=dateline,
            final_newline=final_newline,
        )


def _group_lines(lines: list[str]) -> list[_Group]:
    groups: list[_Group] = []
    current: list[str] = []
    blank = 0
    start = 1
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
            continue
        if current:
            groups.append(_Group(tuple(current), start, blank))
            current, blank = [], 0
        blank += 1
    if current:
        groups.append(_Group(tuple(current), start, blank))
    return groups


def _read_header_and_body(
    groups: list[_Group], source: str
) -> tuple[list[Block], Dateline | None, str | None]:
    blocks: list[Block] = []
    dateline: Dateline | None = None
    written_in: str | None = None
    in_contacts = False
    for group in groups:
        has_title = any(b.kind is Kind.TITLE for b in blocks)
        if in_contacts or _opens_contacts(group, has_title):
            in_contacts = True
            blocks.extend(_contact_blocks(group))
            continue
        if has_title:
            kind = Kind.QUOTE if has_quotation(" ".join(group.lines)) else Kind.PARAGRAPH
            blocks.append(Block(kind, "\n".join(group.lines), group.first_line, group.blank_before))
            continue
        for offset, line in enumerate(group.lines):
            number = group.first_line + offset
            gap = group.blank_before if offset == 0 else 0
            parsed = parse_dateline(line) if dateline is None else None
            if parsed and not any(b.kind is Kind.TITLE for b in blocks):
                dateline, written_in = parsed
                blocks.append(Block(Kind.DATELINE, line, number, gap))
            elif is_reference(line) and not any(b.kind is Kind.TITLE for b in blocks):
                blocks.append(Block(Kind.REFERENCE, line, number, gap))
            elif not any(b.kind is Kind.TITLE for b in blocks):
                rest = "\n".join(group.lines[offset:])
                blocks.append(Block(Kind.TITLE, rest, number, gap))
                break
    if not any(b.kind is Kind.TITLE for b in blocks) or not any(
        b.kind in (Kind.PARAGRAPH, Kind.QUOTE) for b in blocks
    ):
        raise InputError(
            "no release structure found: expected a title and at least one paragraph, "
            "separated by blank lines (see README, 'Writing a release')",
            path=source,
        )
    return blocks, dateline, written_in


def _opens_contacts(group: _Group, has_title: bool) -> bool:
    if not has_title:
        return False
    if len(group.lines) == 1 and is_contacts_heading(group.lines[0]):
        return True
    return all(is_contact_line(line) for line in group.lines)


def _contact_blocks(group: _Group) -> list[Block]:
    blocks = []
    for offset, line in enumerate(group.lines):
        gap = group.blank_before if offset == 0 else 0
        number = group.first_line + offset
        if is_contacts_heading(line) and len(group.lines) == 1:
            blocks.append(Block(Kind.CONTACTS_HEADING, line, number, gap))
            continue
        kind, label, value = classify_contact_line(line)
        blocks.append(Block(kind, line, number, gap, label=label, value=value))
    return blocks
