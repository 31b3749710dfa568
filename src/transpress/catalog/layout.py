"""Write entries the way GNU gettext does (msgcat, msgmerge, Poedit's default layout).

Same line order, same escaping, strings wrapped at `width` columns at UAX #14 break
opportunities with East Asian wide characters counted as two, an empty first line when a
string takes several, and `#:` references wrapped at the width even without wrapping
strings (as `msgcat --no-wrap` does). `width=None` writes every string on one line per
newline, like `--no-wrap`.
"""

from __future__ import annotations

from collections.abc import Iterable

from transpress.catalog.linebreak import PROHIBITED, width_breaks
from transpress.catalog.message import Catalogue, Message

#: GNU gettext's default page width.
GNU_WIDTH = 79
_UNLIMITED = 1 << 30

#: The C escapes gettext writes; any other character (controls included) is written raw.
_ESCAPES = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    "\\": "\\\\",
    '"': '\\"',
}


def string_lines(keyword: str, value: str, *, prefix: str = "", width: int | None) -> list[str]:
    """The lines of `keyword "value"`, as gettext's write-po wraps them.

    >>> string_lines("msgid", "Hello\\nworld", width=79)
    ['msgid ""', '"Hello\\\\n"', '"world"']
    >>> string_lines("msgstr", "", prefix="#~ ", width=79)
    ['#~ msgstr ""']
    """
    after_break = len(prefix) + 1  # continuation lines open with the prefix and a quote
    room = (width if width is not None else _UNLIMITED) - 1 - after_break
    lines: list[str] = []
    first = True
    portions = _portions(value)
    for number, portion in enumerate(portions):
        text, overrides = _escaped(portion)
        start = len(keyword) + 1 if first else 0
        breaks = width_breaks(text, width=room, start_column=start, overrides=overrides)
        more = number < len(portions) - 1
        if first and text and (more or start > room or any(breaks)):
            lines.append(f'{prefix}{keyword} ""')
            first = False
            breaks = width_breaks(text, width=room, start_column=0, overrides=overrides)
        head = f"{prefix}{keyword} " if first else prefix
        first = False
        pieces, begin = [], 0
        for index, broken in enumerate(breaks):
            if broken:
                pieces.append(text[begin:index])
                begin = index
        pieces.append(text[begin:])
        lines.append(head + '"' + pieces[0] + '"')
        lines += [f'{prefix}"{piece}"' for piece in pieces[1:]]
    return lines


def _portions(value: str) -> list[str]:
    """`value` cut after each newline, as gettext writes one line per newline."""
    portions, begin = [], 0
    while True:
        end = value.find("\n", begin)
        if end < 0 or end == len(value) - 1:
            portions.append(value[begin:])
            return portions
        portions.append(value[begin : end + 1])
        begin = end + 1


def _escaped(portion: str) -> tuple[str, list[int | None]]:
    """The escaped text, and where breaking is forbidden (inside an escape sequence, and
    just before a final `\\n`)."""
    chars: list[str] = []
    overrides: list[int | None] = []
    for char in portion:
        escape = _ESCAPES.get(char)
        if escape is None:
            chars.append(char)
            overrides.append(None)
        else:
            chars += escape
            overrides += [None, PROHIBITED]
    if portion.endswith("\n"):
        overrides[-2] = PROHIBITED
    return "".join(chars), overrides


def reference_lines(references: Iterable[str], *, width: int = GNU_WIDTH) -> list[str]:
    """`#:` lines, as many references on each as fit in `width` columns.

    >>> reference_lines(["a.txt:1", "a.txt:1", "b.txt:2"])
    ['#: a.txt:1 b.txt:2']
    """
    lines: list[str] = []
    current, column = "#:", 2
    for reference in dict.fromkeys(references):  # gettext keeps each position once
        if column > 2 and column + len(reference) + 1 > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += len(reference) + 1
    if column > 2:
        lines.append(current)
    return lines


def render_message(message: Message, *, width: int | None) -> str:
    """One entry in GNU layout, without the blank line that separates entries."""
    lines = [f"# {c}" if c else "#" for c in message.comments]
    lines += [f"#. {c}" if c else "#." for c in message.extracted]
    lines += reference_lines(message.references, width=width or GNU_WIDTH)
    flags = _flags(message)
    if flags:
        lines.append("#, " + ", ".join(flags))
    previous = "#~| " if message.obsolete else "#| "
    for keyword, value in (
        ("msgctxt", message.previous_msgctxt),
        ("msgid", message.previous_msgid),
        ("msgid_plural", message.previous_msgid_plural),
    ):
        if value is not None:
            lines += string_lines(keyword, value, prefix=previous, width=width)
    prefix = "#~ " if message.obsolete else ""
    if message.msgctxt is not None:
        lines += string_lines("msgctxt", message.msgctxt, prefix=prefix, width=width)
    lines += string_lines("msgid", message.msgid, prefix=prefix, width=width)
    if message.msgid_plural is None:
        lines += string_lines("msgstr", message.msgstr, prefix=prefix, width=width)
    else:
        lines += string_lines("msgid_plural", message.msgid_plural, prefix=prefix, width=width)
        count = max(message.msgstr_plural, default=-1) + 1
        for index in range(max(count, 1)):
            value = message.msgstr_plural.get(index, "")
            lines += string_lines(f"msgstr[{index}]", value, prefix=prefix, width=width)
    return "\n".join(lines)


def _flags(message: Message) -> list[str]:
    """Flags in gettext's order: fuzzy first, and fuzzy only on a translated entry."""
    others = [f for f in message.flags if f != "fuzzy"]
    first = message.msgstr_plural.get(0, "") if message.plural else message.msgstr
    return (["fuzzy"] if message.fuzzy and first else []) + others


def render_catalogue(catalogue: Catalogue, *, width: int | None) -> str:
    """A whole catalogue: header, active entries, obsolete entries; entries nobody changed
    are written exactly as they were read."""
    ordered = ([catalogue.header] if catalogue.header else []) + catalogue.active
    ordered += catalogue.obsolete
    blocks = [m.raw if m.unchanged and m.raw else render_message(m, width=width) for m in ordered]
    if catalogue.trailer:
        blocks.append(catalogue.trailer)
    return "\n\n".join(blocks) + catalogue.ending


def layout_width(catalogue: Catalogue) -> int | None:
    """The width a catalogue's strings are wrapped at (None: not wrapped), judged from
    the entries whose two layouts differ; gettext's default when nothing tells."""
    wrapped = unwrapped = 0
    for message in catalogue.messages:
        if message.raw is None or not message.unchanged:
            continue
        gnu = render_message(message, width=GNU_WIDTH)
        flat = render_message(message, width=None)
        if gnu == flat:
            continue
        wrapped += message.raw == gnu
        unwrapped += message.raw == flat
    return None if unwrapped > wrapped else GNU_WIDTH
