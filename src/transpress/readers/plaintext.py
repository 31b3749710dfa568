"""The plain-text release form: dateline, reference, issuer, title, paragraphs, lists,
contacts."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

from transpress import script
from transpress.document import Block, Dateline, Kind, ListMarker, Release
from transpress.errors import InputError
from transpress.readers.structure import (
    classify_contact_line,
    detect_language,
    has_quotation,
    indent_width,
    is_contact_line,
    is_contacts_heading,
    is_reference,
    looks_like_contact,
    looks_like_dateline,
    looks_like_issuer,
    parse_dateline,
    plain_list_marker,
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
        prose = " ".join(
            b.text for b in blocks if b.kind in (Kind.PARAGRAPH, Kind.QUOTE, Kind.LIST_ITEM)
        )
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
    titled = False
    while index < len(groups) and not titled:
        # The next two groups: a title, and a body after it, may still come.
        rest = groups[index + 1 : index + 3]
        header = _header_blocks(groups[index], rest, dateline is not None, bool(blocks))
        for block in header:
            if block.kind is Kind.DATELINE:
                dateline, written_in = _parse_checked(block, source)
            titled = titled or block.kind is Kind.TITLE
            blocks.append(block)
        index += 1
    body = groups[index:]
    contacts = _contacts_start(body)
    for offset, group in enumerate(body):
        if offset == contacts:
            blocks.extend(b for g in body[offset:] for b in _contact_blocks(g))
            break
        neighbours = (body[offset - 1] if offset else None, body[offset + 1 : offset + 2])
        blocks.extend(_body_blocks(group, *neighbours))
    require_structure(
        blocks,
        source,
        hint="expected a title and at least one paragraph, separated by blank lines "
        "(see README, 'Writing a release')",
    )
    return blocks, dateline, written_in


def _header_blocks(
    group: _Group, rest: list[_Group], has_dateline: bool, after_header: bool
) -> list[Block]:
    """The dateline, reference, issuer and title lines of one header group, up to the
    title (`rest`: the groups after it; `after_header`: a header line came before)."""
    blocks: list[Block] = []
    following = rest[0] if rest else None
    for offset, line in enumerate(group.lines):
        number = group.first_line + offset
        gap = group.blank_before if offset == 0 else 0
        if not has_dateline and looks_like_dateline(line):
            blocks.append(Block(Kind.DATELINE, line, number, gap))
            has_dateline = True
        elif is_reference(line) and _reference_fits(group, following):
            blocks.append(Block(Kind.REFERENCE, line, number, gap))
        elif (after_header or blocks) and _is_issuer(group, offset, rest):
            blocks.append(Block(Kind.ISSUER, line, number, gap))
        else:
            blocks.append(Block(Kind.TITLE, "\n".join(group.lines[offset:]), number, gap))
            break
    return blocks


def _is_issuer(group: _Group, offset: int, rest: list[_Group]) -> bool:
    """An organisation's name alone under the dateline or reference, with a title still to
    come: the next line that is not a reference, or else the next group, which must have a
    body after it. A title continues on a lowercase line and does not end like a sentence
    (`European Space Agency` / `selects its next missions` is one title)."""
    if not looks_like_issuer(group.lines[offset]):
        return False
    lines = group.lines
    later = (lines[i] for i in range(offset + 1, len(lines)) if not is_reference(lines[i]))
    title = next(later, None)
    if title is None and len(rest) >= 2:
        title = rest[0].lines[0]
    if title is None:
        return False
    title = title.strip()
    return not title[:1].islower() and not title.endswith((".", "。"))


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


_SENTENCE_END = (".", "!", "?", ":", ";", "。", "！", "？", "：", "；")
_LEAD_IN = (":", "：")


def _body_blocks(group: _Group, previous: _Group | None, following: list[_Group]) -> list[Block]:
    """A body group as paragraphs and list items: a list may follow a lead-in line in the
    same group, and a paragraph may follow the list (and another list that paragraph)."""
    blocks: list[Block] = []
    lines, begin = group.lines, 0
    while begin < len(lines):
        start = _list_start(group, begin, previous, following)
        if start is None:
            start = end = len(lines)
        if start > begin:
            gap = group.blank_before if begin == 0 else 0
            blocks.append(_prose_block(lines[begin:start], group.first_line + begin, gap))
        if start < len(lines):
            items, end = _list_items(group, start)
            blocks.extend(items)
        begin = end
    return blocks


def _prose_block(lines: tuple[str, ...], first_line: int, blank_before: int) -> Block:
    kind = Kind.QUOTE if has_quotation(" ".join(lines)) else Kind.PARAGRAPH
    return Block(kind, "\n".join(lines), first_line, blank_before)


def _list_start(
    group: _Group, begin: int, previous: _Group | None, following: list[_Group]
) -> int | None:
    """Where a list starts in a group from line `begin`, or None when the rest is prose.

    A line starting with a bullet or number opens a list only with evidence that it is one:
    a lead-in ending with a colon, or a next item of the same kind at the same indentation
    (the next bullet, the next number) in the group or, for a group that is one item of a
    loose list, in the group before or after it. A lead-in paragraph of several lines
    must end like a sentence, so that a hard-wrapped line starting `- 5 °C` (minus five)
    stays in its paragraph.
    """
    lines = group.lines
    for start in range(begin, len(lines)):
        first = plain_list_marker(lines[start])
        if first is None:
            continue
        lead = lines[start - 1].rstrip() if start > begin else ""
        if start - begin > 1 and not lead.endswith(_SENTENCE_END):
            continue  # a hard-wrapped paragraph line
        if start == 0 and previous is not None:
            lead = previous.lines[-1].rstrip()
        if lead.endswith(_LEAD_IN) or _has_next_item(group, start, first, previous, following):
            return start
    return None


def _has_next_item(
    group: _Group,
    start: int,
    first: ListMarker,
    previous: _Group | None,
    following: list[_Group],
) -> bool:
    """Whether the item at line `start` has a sibling: the next item at its indentation,
    or, for a group that is one item, the first line of the group before or after it."""
    lines = group.lines
    width = indent_width(lines[start])
    wanted = {None} if first.number is None else {first.number + 1, first.number - 1}
    for index in range(start + 1, len(lines)):
        marker = plain_list_marker(lines[index])
        if marker is not None and indent_width(lines[index]) == width:
            return marker.family == first.family and marker.number in wanted
    if start:
        return False
    around = [g.lines[0] for g in (*following, *([previous] if previous else []))]
    return any(
        m is not None and m.family == first.family and m.number in wanted
        for m in map(plain_list_marker, around)
    )


def _list_items(group: _Group, start: int) -> tuple[list[Block], int]:
    """The list items from line `start` of a group, and where the list ends.

    Deeper indentation nests an item. A line without a marker continues the item when it
    is indented or visibly hard-wrapped (see _wrapped); otherwise the list has ended and a
    paragraph follows.
    """
    items: list[tuple[int, ListMarker, list[str]]] = []
    levels: list[int] = []  # indentation of each open level
    end = len(group.lines)
    for index in range(start, len(group.lines)):
        line = group.lines[index]
        marker = plain_list_marker(line)
        if marker is not None:
            width = indent_width(line)
            while levels and width < levels[-1]:
                levels.pop()
            if not levels or width > levels[-1]:
                levels.append(width)
            items.append(
                (index, replace(marker, depth=len(levels) - 1), [line[len(marker.text) :]])
            )
            continue
        if indent_width(line) > levels[-1] or _wrapped(items[-1][2][-1], line):
            items[-1][2].append(line)
            continue
        end = index
        break
    blocks = [
        Block(
            Kind.LIST_ITEM,
            "\n".join(text),
            group.first_line + index,
            group.blank_before if index == 0 else 0,
            marker=marker,
        )
        for index, marker, text in items
    ]
    return blocks, end


_HIRAGANA_START = re.compile(f"[{script.HIRAGANA}]")


def _wrapped(last: str, line: str) -> bool:
    """Whether an unindented line goes on with the item above it: the item stops on a
    comma or hyphen, or the line starts in lowercase or on a Japanese particle. Items are
    fragments with no final stop, so that alone says nothing: `- 40 engineers` /
    `The campaign starts…` is an item and a paragraph.

    >>> _wrapped("- 1.2 billion euros, shared", "between CNES and CNSA")
    True
    >>> _wrapped("- 40 engineers", "The campaign starts in May.")
    False
    """
    text = line.lstrip()
    return (
        last.rstrip().endswith((",", "、", "-", "–"))
        or text[:1].islower()
        or bool(_HIRAGANA_START.match(text))
    )


def _contacts_start(body: list[_Group]) -> int | None:
    """Where the contacts block starts: at a heading or contact lines, with nothing but
    contact lines after (found from the end, in one pass over the body)."""
    start = None
    for offset in range(len(body) - 1, -1, -1):
        group = body[offset]
        opens = (len(group.lines) == 1 and is_contacts_heading(group.lines[0])) or all(
            is_contact_line(line) for line in group.lines
        )
        if opens:
            start = offset
        if not all(looks_like_contact(line) for line in group.lines):
            break
    return start


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
