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
    looks_like_contact,
    looks_like_dateline,
    parse_dateline,
    require_structure,
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
        newline = "\r\n" if "\r\n" in text else "\n"
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
            newline=newline,
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
    index = 0
    while index < len(groups) and not any(b.kind is Kind.TITLE for b in blocks):
        following = groups[index + 1] if index + 1 < len(groups) else None
        for block in _header_blocks(groups[index], following, source, dateline is not None):
            if block.kind is Kind.DATELINE:
                dateline, written_in = _parse_checked(block, source)
            blocks.append(block)
        index += 1
    body = groups[index:]
    for offset, group in enumerate(body):
        if _opens_contacts(group, body[offset + 1 :]):
            blocks.extend(b for g in body[offset:] for b in _contact_blocks(g))
            break
        kind = Kind.QUOTE if has_quotation(" ".join(group.lines)) else Kind.PARAGRAPH
        blocks.append(Block(kind, "\n".join(group.lines), group.first_line, group.blank_before))
    require_structure(
        blocks,
        source,
        hint="expected a title and at least one paragraph, separated by blank lines "
        "(see README, 'Writing a release')",
    )
    return blocks, dateline, written_in


def _header_blocks(
    group: _Group, following: _Group | None, source: str, has_dateline: bool
) -> list[Block]:
    """The dateline, reference and title lines of one header group, up to the title."""
    blocks = []
    for offset, line in enumerate(group.lines):
        number = group.first_line + offset
        gap = group.blank_before if offset == 0 else 0
        if not has_dateline and looks_like_dateline(line):
            blocks.append(Block(Kind.DATELINE, line, number, gap))
            has_dateline = True
        elif is_reference(line) and _reference_fits(group, following):
            blocks.append(Block(Kind.REFERENCE, line, number, gap))
        else:
            blocks.append(Block(Kind.TITLE, "\n".join(group.lines[offset:]), number, gap))
            break
    return blocks


def _reference_fits(group: _Group, following: _Group | None) -> bool:
    """A reference shares its group with the dateline, or a one-line title follows it:
    otherwise a short line such as `SVOM 2024` is the title itself."""
    return len(group.lines) > 1 or (following is not None and len(following.lines) == 1)


def _parse_checked(block: Block, source: str) -> tuple[Dateline, str]:
    try:
        parsed = parse_dateline(block.text)
    except ValueError as exc:
        raise InputError(
            f"the dateline {block.text.strip()!r} has an impossible date ({exc}); correct it",
            path=source,
            line=block.line,
        ) from None
    assert parsed is not None  # looks_like_dateline said so
    return parsed


def _opens_contacts(group: _Group, rest: list[_Group]) -> bool:
    """A contacts block is a heading or contact lines, and nothing but contact lines after."""
    opens = (len(group.lines) == 1 and is_contacts_heading(group.lines[0])) or all(
        is_contact_line(line) for line in group.lines
    )
    return opens and all(looks_like_contact(line) for g in rest for line in g.lines)


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
