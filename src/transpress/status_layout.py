"""The `status` table as text for a terminal: the richest layout that fits its width.

From the widest to the narrowest: one row per release and language with word counts; a
heading line per release with its languages under it, with word counts, then segments
only; and, on a narrow terminal, one line per language naming only the states it has.
A release id is never cut: it has a line of its own as soon as a table would squeeze it.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from transpress.catalog.linebreak import display_width
from transpress.status import STATES, LanguageStatus, StatusReport, Tally, percent_text

#: The narrowest width laid out for (a narrower terminal gets this and wraps).
MIN_WIDTH = 40
#: Between columns.
GAP = "  "
#: Before a language under its release's heading.
INDENT = "  "


class LineKind(enum.StrEnum):
    """What a line of the layout is, so that a terminal can style it."""

    HEADER = "header"
    RELEASE = "release"
    ROW = "row"


@dataclass(frozen=True)
class Line:
    """One line of the status layout."""

    kind: LineKind
    text: str


def status_lines(report: StatusReport, *, width: int) -> list[Line]:
    """The status report laid out in at most `width` columns (a release id longer than
    that excepted), using the columns a wider terminal offers for word counts."""
    width = max(width, MIN_WIDTH)
    layouts: list[Callable[[StatusReport], list[Line]]] = [
        lambda r: _flat(r, words=True),
        lambda r: _grouped(r, words=True),
        lambda r: _grouped(r, words=False),
    ]
    for layout in layouts:
        lines = layout(report)
        if all(display_width(line.text) <= width for line in lines):
            return lines
    return _listed(report, width)


def cell(tally: Tally, *, words: bool) -> str:
    """A state's cell: its segments, and their source words when there is room.

    >>> cell(Tally(18, 432), words=True), cell(Tally(18, 432), words=False)
    ('18 (432 w)', '18')
    >>> cell(Tally(), words=True)
    '0'
    """
    if words and tally.segments:
        return f"{tally.segments} ({tally.words} w)"
    return str(tally.segments)


_PERCENT = "% reviewed"


def _cells(row: LanguageStatus, *, words: bool) -> list[str]:
    return [cell(row.of(s), words=words) for s in STATES] + [percent_text(row.percent_reviewed)]


def _flat(report: StatusReport, *, words: bool) -> list[Line]:
    """One row per release and language, the release id on each."""
    headers = ["release", "lang", *STATES, _PERCENT]
    rows = [[r.release_id, r.lang, *_cells(r, words=words)] for r in report.rows]
    header, *lines = _aligned([headers, *rows], left=2)
    return [Line(LineKind.HEADER, header)] + [Line(LineKind.ROW, text) for text in lines]


def _grouped(report: StatusReport, *, words: bool) -> list[Line]:
    """One heading line per release, its languages under it, the column names once."""
    headers = ["lang", *STATES, _PERCENT]
    table = _aligned([headers, *([r.lang, *_cells(r, words=words)] for r in report.rows)], left=1)
    lines = [Line(LineKind.HEADER, INDENT + table[0])]
    rows = iter(table[1:])
    for release_id, members in _by_release(report):
        lines.append(Line(LineKind.RELEASE, _heading(release_id, members)))
        lines += [Line(LineKind.ROW, INDENT + next(rows)) for _ in members]
    return lines


def _listed(report: StatusReport, width: int) -> list[Line]:
    """A narrow terminal: a line per language with its share reviewed and only the states
    it has, wrapped under itself."""
    lines: list[Line] = []
    for release_id, members in _by_release(report):
        heading = _heading(release_id, members)
        fits = display_width(heading) <= width
        lines.append(Line(LineKind.RELEASE, heading if fits else release_id))
        lang_width = max(len(r.lang) for r in members)
        for row in members:
            share = percent_text(row.percent_reviewed)
            lead = f"{INDENT}{row.lang.ljust(lang_width)}  {share:>4}  "
            parts = [f"{s} {row.of(s).segments}" for s in STATES if row.of(s).segments]
            lines += [Line(LineKind.ROW, text) for text in _wrapped(lead, parts, width)]
    return lines


def _by_release(report: StatusReport) -> list[tuple[str, list[LanguageStatus]]]:
    """The rows grouped by release, in the report's order."""
    groups: dict[str, list[LanguageStatus]] = {}
    for row in report.rows:
        groups.setdefault(row.release_id, []).append(row)
    return list(groups.items())


def _heading(release_id: str, members: Sequence[LanguageStatus]) -> str:
    """A release's heading: its id, and its size when every language agrees on it (they
    do unless a catalogue is stale)."""
    sizes = {r.total for r in members}
    if len(sizes) != 1:
        return release_id
    (size,) = sizes
    return f"{release_id} · {size.segments} segments, {size.words} words"


def _aligned(rows: Sequence[Sequence[str]], *, left: int) -> list[str]:
    """Rows as aligned text: the first `left` columns to the left, numbers to the right."""
    widths = [max(display_width(row[i]) for row in rows) for i in range(len(rows[0]))]

    def pad(text: str, column: int) -> str:
        space = " " * (widths[column] - display_width(text))
        return text + space if column < left else space + text

    return [GAP.join(pad(text, i) for i, text in enumerate(row)).rstrip() for row in rows]


def _wrapped(lead: str, parts: Sequence[str], width: int) -> list[str]:
    """`lead` then the parts joined by commas, continued under the first part.

    >>> _wrapped("  fr  50%  ", ["reviewed 9", "untranslated 9"], 30)
    ['  fr  50%  reviewed 9,', '           untranslated 9']
    """
    lines: list[str] = []
    current, fresh = lead, True
    for number, part in enumerate(parts):
        text = part + ("," if number < len(parts) - 1 else "")
        if not fresh and display_width(current) + 1 + display_width(text) > width:
            lines.append(current)
            current, fresh = " " * display_width(lead), True
        current += text if fresh else " " + text
        fresh = False
    lines.append(current.rstrip())
    return lines
