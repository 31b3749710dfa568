"""Catalogue entries and headers as data: everything a PO file can say, nothing about I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: (msgctxt, msgid): what identifies an entry, as in msgmerge and Babel's Catalog.
Key = tuple[str | None, str]


@dataclass(eq=False, slots=True)
class Message:
    """One PO entry: strings, comments, flags and previous strings, with the text it was
    read from (so an entry nobody changed is written back exactly as it was)."""

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)  # translator comments (# …)
    extracted: list[str] = field(default_factory=list)  # extracted comments (#. …)
    references: list[str] = field(default_factory=list)  # file:line (#: …)
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    line: int = 0  # where the entry starts in the file it was read from
    raw: str | None = None  # its text in that file
    raw_content: int | None = None  # hash(content()) when it was read: an archive holds
    # tens of thousands of entries, and a hash is a word where the tuple is a kilobyte

    @property
    def key(self) -> Key:
        """(msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        """Marked as needing review."""
        return "fuzzy" in self.flags

    @property
    def plural(self) -> bool:
        """A plural entry (msgid_plural and msgstr[n])."""
        return self.msgid_plural is not None

    @property
    def translated(self) -> bool:
        """Has any translation (msgstr, or any msgstr[n])."""
        return bool(self.msgstr) or any(self.msgstr_plural.values())

    @property
    def comment(self) -> str:
        """The translator comment as one text (lines joined with newlines)."""
        return "\n".join(self.comments)

    @comment.setter
    def comment(self, text: str) -> None:
        self.comments = text.split("\n") if text else []

    def content(self) -> tuple[object, ...]:
        """Everything the entry says, to tell whether it changed since it was read."""
        return (
            self.msgctxt,
            self.msgid,
            self.msgstr,
            self.msgid_plural,
            tuple(sorted(self.msgstr_plural.items())),
            tuple(self.flags),
            tuple(self.comments),
            tuple(self.extracted),
            tuple(self.references),
            self.previous_msgctxt,
            self.previous_msgid,
            self.previous_msgid_plural,
            self.obsolete,
        )

    @property
    def unchanged(self) -> bool:
        """Says exactly what it said when read (so its text can be written back as is)."""
        return self.raw is not None and self.raw_content == hash(self.content())

    def remember_text(self, raw: str) -> None:
        """Record the text this entry was read from."""
        self.raw = raw
        self.raw_content = hash(self.content())


@dataclass(eq=False)
class Catalogue:
    """A PO or POT file: its header entry, its entries in file order, and any comment
    lines after the last entry."""

    header: Message | None
    messages: list[Message] = field(default_factory=list)
    trailer: str = ""
    ending: str = "\n"  # what follows the last line: some tools leave a blank line there
    digest: str | None = None  # of the file's bytes as they were read
    newline: str = "\n"  # the file's line ending, kept ("\r\n" from some Windows tools)
    bom: bool = False  # the file began with a byte-order mark, kept

    @property
    def active(self) -> list[Message]:
        """Entries that are not obsolete."""
        return [m for m in self.messages if not m.obsolete]

    @property
    def obsolete(self) -> list[Message]:
        """Obsolete (#~) entries."""
        return [m for m in self.messages if m.obsolete]

    @property
    def metadata(self) -> dict[str, str]:
        """The header's fields."""
        return header_fields(self.header.msgstr) if self.header else {}

    def content(self) -> tuple[object, ...]:
        """Everything the catalogue says, but the template's creation date (which changes
        without anything else changing)."""
        header = self.header
        fields = {k: v for k, v in self.metadata.items() if k != "POT-Creation-Date"}
        return (
            sorted(fields.items()),
            tuple(header.comments) if header else (),
            tuple(header.flags) if header else (),
            tuple(m.content() for m in self.messages),
            self.trailer,
        )


_FIELD = re.compile(r"^([^:\n]+):[ \t]*(.*)$")


def header_fields(msgstr: str) -> dict[str, str]:
    """The `Key: value` lines of a header.

    >>> header_fields("Language: fr\\nPlural-Forms: nplurals=2; plural=(n > 1);\\n")
    {'Language': 'fr', 'Plural-Forms': 'nplurals=2; plural=(n > 1);'}
    """
    fields = {}
    for line in msgstr.split("\n"):
        match = _FIELD.match(line)
        if match:
            fields[match.group(1).strip()] = match.group(2).strip()
    return fields


def with_header_fields(msgstr: str, updates: dict[str, str]) -> str:
    """A header with some fields set: existing lines changed in place, new ones appended,
    every other line kept as it is.

    >>> with_header_fields("A: 1\\nB: 2\\n", {"B": "3", "C": "4"})
    'A: 1\\nB: 3\\nC: 4\\n'
    """
    lines = msgstr.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    pending = {key.lower(): (key, value) for key, value in updates.items()}
    for index, line in enumerate(lines):
        match = _FIELD.match(line)
        name = match.group(1).strip() if match else ""
        if name.lower() in pending:
            _, value = pending.pop(name.lower())
            lines[index] = f"{name}: {value}"  # the field keeps the name as written
    lines += [f"{key}: {value}" for key, value in pending.values()]
    return "".join(line + "\n" for line in lines)


def render_header(fields: dict[str, str]) -> str:
    """A header msgstr from fields, in the order given."""
    return "".join(f"{key}: {value}\n" for key, value in fields.items())
