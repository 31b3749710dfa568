"""Write entries the way GNU gettext does (msgcat, msgmerge, Poedit's default layout).

Same line order, same escaping, strings wrapped at `width` columns at UAX #14 break
opportunities with East Asian wide characters counted as two, an empty first line when a
string takes several, and `#:` references wrapped at the width even without wrapping
strings (as `msgcat --no-wrap` does). `width=None` writes every string on one line per
newline, like `--no-wrap`.
"""

from __future__ import annotations

from collections.abc import Iterable

from transpress.catalog.linebreak import PROHIBITED, display_width, width_breaks
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
        size = len(reference.encode("utf-8")) + 1  # gettext counts bytes here
        if column > 2 and column + size > width:
            lines.append(current)
            current, column = "#:", 2
        current += " " + reference
        column += size
    if column > 2:
        lines.append(current)
    return lines


def render_message(message: Message, *, width: int | None) -> str:
    """One entry in GNU layout, without the blank line that separates entries."""
    lines = [f"# {c}" if c else "#" for c in message.comments]
    lines += [f"#. {c}" if c else "#." for c in message.extracted]
    lines += reference_lines(message.references, width=width or GNU_WIDTH)
    flags = _flags(message)
    if "no-wrap" in flags:
        width = None  # the entry asks for its strings on one line each
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


#: gettext's format languages, in the order it writes their flags (format.c).
_FORMATS = (
    *("c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript"),
    *("scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "pascal", "smalltalk"),
    *("qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace", "php"),
    *("gcc-internal", "gfc-internal", "ycp"),
)


def _flags(message: Message) -> list[str]:
    """Flags in gettext's order, each once: fuzzy (only on a translated entry), format
    flags, range, wrap; flags gettext does not know are kept, last."""
    flags = list(dict.fromkeys(message.flags))
    first = message.msgstr_plural.get(0, "") if message.plural else message.msgstr
    ordered = ["fuzzy"] if "fuzzy" in flags and first else []
    for language in _FORMATS:
        for prefix in ("", "possible-", "no-"):
            if f"{prefix}{language}-format" in flags:
                ordered.append(f"{prefix}{language}-format")
    ordered += [f for f in flags if f.startswith("range:")]
    ordered += [f for f in ("wrap", "no-wrap") if f in flags]
    known = set(ordered) | {"fuzzy"}
    return ordered + [f for f in flags if f not in known]


def render_catalogue(catalogue: Catalogue, *, width: int | None) -> str:
    """A whole catalogue: header, active entries, obsolete entries; entries nobody changed
    are written exactly as they were read."""
    ordered = ([catalogue.header] if catalogue.header else []) + catalogue.active
    ordered += catalogue.obsolete
    blocks = [m.raw if m.unchanged and m.raw else render_message(m, width=width) for m in ordered]
    if catalogue.trailer:
        blocks.append(catalogue.trailer)
    text = "\n\n".join(blocks) + catalogue.ending
    if catalogue.newline != "\n":
        text = text.replace("\n", catalogue.newline)  # strings hold newlines only as \n
    return ("\ufeff" if catalogue.bom else "") + text


#: How many telling entries are enough to judge a file's layout.
_ENOUGH = 12
#: Widths tools use, most common first: several widths often give the same lines, and
#: then the one a tool would have used is the likeliest.
_USUAL = (GNU_WIDTH, 76, 80, 78, 72, 100, 120, 60, 70, 40)


def layout_width(catalogue: Catalogue) -> int | None:
    """The width a catalogue's strings are wrapped at (None: not wrapped), judged from
    the entries whose layout tells (a long string): gettext's 79 columns, no wrapping,
    or another width (`msgcat -w 60`); gettext's default when nothing tells."""
    possible: set[int | None] | None = None
    telling = 0
    for message in catalogue.messages:
        if message.raw is None or not message.unchanged or "no-wrap" in message.flags:
            continue
        widths = _widths_of(message)
        if not widths:
            continue  # says nothing, or was written in a layout of no width
        narrowed = widths if possible is None else possible & widths
        if narrowed:
            possible = narrowed
        telling += 1
        if telling >= _ENOUGH:
            break
    if not possible:
        return GNU_WIDTH
    if None in possible:
        return None
    usual = [w for w in _USUAL if w in possible]
    return usual[0] if usual else min(w for w in possible if w is not None)


def _widths_of(message: Message) -> set[int | None] | None:
    """The widths that give this entry's text (None in it: unwrapped); None when every
    width gives it (short strings)."""
    flat = render_message(message, width=None)
    if render_message(message, width=GNU_WIDTH) == flat:
        return None
    if message.raw == flat:
        return {None}
    widest = max((display_width(line) for line in (message.raw or "").split("\n")), default=0)
    return {
        width
        for width in range(max(widest, 20), widest + 13)
        if render_message(message, width=width) == message.raw
    }
