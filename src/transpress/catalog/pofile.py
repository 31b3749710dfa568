"""PO files: strict reading with file and line in every error, and writing in GNU layout.

transpress reads and writes catalogues itself rather than through polib: polib splits
lines on U+2028 and other Unicode line breaks (GNU gettext splits on newlines only),
accepts `msgid broken` as msgid "roke", and rewraps every entry it writes, so a catalogue
saved by a PO editor would be reflowed by the first command that touches it. Here each
entry remembers the text it was read from and is written back exactly as it was unless
its content changed; changed entries are written in the file's own layout.

Reading follows GNU gettext's lexer: a string is bytes (`\\303\\251` and `\\xc3\\xa9` are
the two bytes of "é"), decoded as UTF-8 once whole; only the escapes gettext knows are
accepted; white space is ASCII white space; what msgfmt refuses (duplicate entries, a
comment inside an entry, a NUL or the context separator in a string) is refused here too.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from transpress.catalog.layout import GNU_WIDTH, layout_width, render_catalogue
from transpress.catalog.message import Catalogue, Message
from transpress.errors import CatalogError


@dataclass(frozen=True)
class PlannedFile:
    """A file to write, or `content=None` when it is already up to date."""

    path: Path
    content: str | None


_FIX = "fix it in a PO editor or check it with `msgfmt --check`"
_BLANKS = " \t\r\f\v"  # what gettext's lexer skips: ASCII white space only
_STRING = r'"(?:[^"\\]|\\.)*"'
_LINE = re.compile(
    rf"^(?:(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[{_BLANKS}]*)?"
    rf"((?:{_STRING}[{_BLANKS}]*)+)$"
)
_STRINGS = re.compile(_STRING)
# The common entry, read in one match: comment lines (no #~ or #|), an optional msgctxt,
# a msgid and a msgstr (no plural), every line unindented, and nothing after it on its
# line but the end of the entry. Anything else goes through the line-by-line reader.
_FAST_STRING = r'"[^"\\\n]*(?:\\[^\n][^"\\\n]*)*"'
_FAST_FIELD = rf"[ \t]*({_FAST_STRING}(?:\n{_FAST_STRING})*)\n"
_FAST_ENTRY = re.compile(
    rf"((?:#(?![~|])[^\n\r]*\n)*)(?:msgctxt{_FAST_FIELD})?msgid{_FAST_FIELD}msgstr{_FAST_FIELD}"
    rf"(?=\n|\Z)"
)
_FAST_ESCAPE = re.compile(r"\\(.)")
_FAST_SIMPLE = {"n": "\n", "t": "\t", "b": "\b", "r": "\r", "f": "\f", "v": "\v", "a": "\a"}
_FAST_SIMPLE |= {"\\": "\\", '"': '"'}
_SIMPLE = {"n": 10, "t": 9, "b": 8, "r": 13, "f": 12, "v": 11, "a": 7, "\\": 92, '"': 34}
_OCTAL = "01234567"
_HEX = "0123456789abcdefABCDEF"
# A reference is `file:line`; a file name with spaces is set between U+2068 and U+2069.
_REFERENCE = re.compile("\u2068[^\u2069]*\u2069(?::\\d+)?|\\S+")


def parse_po(text: str, *, path: Path | str | None = None) -> Catalogue:
    """Parse catalogue text strictly; every entry keeps the text it was read from."""
    bom = text.startswith("\ufeff")
    body = text.removeprefix("\ufeff")
    newline = "\r\n" if "\r\n" in body and body.count("\r\n") == body.count("\n") else "\n"
    body = body.replace("\r\n", "\n") if newline == "\r\n" else body
    catalogue = _Parser(body, path).parse()
    ending = len(body) - len(body.rstrip("\n"))
    catalogue.ending = "\n" * max(ending, 1)
    catalogue.newline, catalogue.bom = newline, bom
    return catalogue


def read_catalog(path: Path) -> Catalogue | None:
    """Read a catalogue (None if it does not exist); errors name file and line."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"cannot read catalogue ({exc.strerror}); {_FIX}", path=path) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(
            "not UTF-8; save it as UTF-8 in a PO editor (or convert it with `msgconv -t UTF-8`)",
            path=path,
            line=line,
        ) from None
    catalogue = parse_po(text, path=path)
    catalogue.digest = digest_of(data)
    return catalogue


def digest_of(data: bytes) -> str:
    """What identifies a file's content: its SHA-256."""
    return hashlib.sha256(data).hexdigest()


def render_po(catalogue: Catalogue, *, width: int | str | None = "auto") -> str:
    """The text of a catalogue: unchanged entries as they were read, changed ones in
    GNU layout at `width` ("auto": the layout the file already has)."""
    chosen = layout_width(catalogue) if width == "auto" else width
    return render_catalogue(catalogue, width=chosen if not isinstance(chosen, str) else GNU_WIDTH)


@dataclass
class _Entry:
    """An entry being read: its message, where it starts, and its strings as bytes."""

    message: Message
    start: int
    fields: dict[str, bytearray] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # where each field starts
    keywords: list[str] = field(default_factory=list)  # msgctxt, msgid, msgid_plural, msgstr
    target: str | None = None  # the field continuation strings go to
    obsolete: int = 0  # lines that were #~
    active: int = 0  # keyword and string lines that were not

    @property
    def complete(self) -> bool:
        return "msgstr" in self.keywords


class _Parser:
    """A line-by-line reader of PO text (one instance per text)."""

    def __init__(self, text: str, path: Path | str | None):
        self.text = text if text.endswith("\n") or not text else text + "\n"
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.path = path
        self.messages: list[Message] = []
        self.entry: _Entry | None = None
        self.end = 0  # index after the last non-blank line of the entry being read

    def error(self, number: int, message: str) -> CatalogError:
        return CatalogError(f"{message}; {_FIX}", path=self.path, line=number + 1)

    def parse(self) -> Catalogue:
        text, lines, pos, number = self.text, self.lines, 0, 0
        while number < len(lines):
            if self.entry is None and text.startswith(("#", "msg"), pos):
                read = self._fast(pos, number)
                if read:
                    pos, number = read
                    continue
            self._line(number, lines[number])
            pos += len(lines[number]) + 1
            number += 1
        trailer = ""
        if self.entry is not None and self.entry.keywords:
            self._finish()
        elif self.entry is not None:
            trailer = "\n".join(self.lines[self.entry.start : self.end])
        return self._catalogue(trailer)

    def _fast(self, pos: int, number: int) -> tuple[int, int] | None:
        """Read a common entry at `pos` in one match; its end (offset and line), or None
        when it needs the line-by-line reader (which then says what is wrong, if anything)."""
        match = _FAST_ENTRY.match(self.text, pos)
        if match is None:
            return None
        comments, ctxt, msgid, msgstr = match.groups()
        msgid, msgstr = _fast_value(msgid), _fast_value(msgstr)
        msgctxt = None if ctxt is None else _fast_value(ctxt)
        values = msgid + msgstr + (msgctxt or "")
        if "\x00" in values or "\x04" in values or "\ufffd" in values:
            return None  # NUL, separator or a bad escape: the strict reader reports it
        message = Message(msgid=msgid, msgstr=msgstr, msgctxt=msgctxt, line=number + 1)
        if comments:
            for line in comments[:-1].split("\n"):
                _comment_into(message, line)
        raw = self.text[pos : match.end() - 1]
        message.remember_text(raw)
        self.messages.append(message)
        size = raw.count("\n") + 1
        self.end = number + size
        return match.end(), number + size

    def _catalogue(self, trailer: str) -> Catalogue:
        """The catalogue, once no two entries share a key (gettext refuses that, obsolete
        or not)."""
        seen: dict[tuple[str | None, str], Message] = {}
        for message in self.messages:
            first = seen.get(message.key)
            if first is not None:
                raise CatalogError(
                    f"a second entry for msgid {message.msgid[:40]!r} (the first is on line "
                    f"{first.line}); keep one of them in a PO editor",
                    path=self.path,
                    line=message.line,
                )
            seen[message.key] = message
        header = seen.get((None, ""))
        if header is not None and header.obsolete:
            header = None
        messages = [m for m in self.messages if m is not header]
        return Catalogue(header, messages, trailer)

    def _line(self, number: int, line: str) -> None:
        text = line.strip(_BLANKS)
        entry = self.entry
        if not text:
            if entry is not None and entry.complete:
                self._finish()
            return
        if text.startswith("#~|"):
            self._previous(number, text[3:].strip(_BLANKS), obsolete=True)
        elif text.startswith("#~"):
            self._strings(number, text[2:].strip(_BLANKS), obsolete=True)
        elif text.startswith("#|"):
            self._previous(number, text[2:].strip(_BLANKS), obsolete=False)
        elif text.startswith("#"):
            self._comment(number, line.lstrip(_BLANKS).rstrip("\r"))
        else:
            self._strings(number, text, obsolete=False)
        self.end = number + 1

    def _begin(self, number: int) -> _Entry:
        """The entry a line belongs to: the current one, or a new one after a complete
        entry."""
        if self.entry is not None and self.entry.complete:
            self._finish()
        if self.entry is None:
            self.entry = _Entry(Message(msgid="", line=number + 1), number)
        return self.entry

    def _comment(self, number: int, text: str) -> None:
        if self.entry is not None and self.entry.keywords and not self.entry.complete:
            raise self.error(number, "a comment between msgid and msgstr")
        _comment_into(self._begin(number).message, text)

    def _previous(self, number: int, text: str, *, obsolete: bool) -> None:
        entry = self._begin(number)
        if entry.keywords:
            raise self.error(number, "a previous string (#|) after the entry's msgid")
        match = _LINE.match(text)
        keyword = match.group(1) if match else None
        if match and keyword in ("msgctxt", "msgid", "msgid_plural"):
            self._add(entry, number, f"previous_{keyword}", match.group(3), new=True)
        elif match and keyword is None and entry.target and entry.target.startswith("previous"):
            self._add(entry, number, entry.target, match.group(3), new=False)
        else:
            raise self.error(number, f"not a PO line: {text[:40]!r}")
        entry.obsolete += obsolete

    def _strings(self, number: int, text: str, *, obsolete: bool) -> None:
        match = _LINE.match(text)
        if not match:
            raise self.error(number, f"not a PO line: {text[:40]!r}")
        keyword, index, strings = match.group(1), match.group(2), match.group(3)
        if keyword in ("msgctxt", "msgid"):
            entry = self._begin(number)  # after a complete entry: the next one
        elif self.entry is None:
            raise self.error(number, "a string with no msgid or msgstr before it")
        else:
            entry = self.entry
        if obsolete:
            entry.obsolete += 1
        else:
            entry.active += 1
        if keyword is None:
            if entry.target is None or entry.target.startswith("previous"):
                raise self.error(number, "a string with no msgid or msgstr before it")
            self._add(entry, number, entry.target, strings, new=False)
            return
        base = "msgstr" if keyword.startswith("msgstr") else keyword
        self._check_order(entry, number, base, index)
        name = base if index is None else f"msgstr[{index}]"
        self._add(entry, number, name, strings, new=True)
        entry.keywords.append(base)

    def _check_order(self, entry: _Entry, number: int, base: str, index: str | None) -> None:
        seen = entry.keywords
        if base == "msgctxt" and seen:
            raise self.error(number, "msgctxt after the entry's msgid")
        if base == "msgid" and seen not in ([], ["msgctxt"]):
            raise self.error(number, "a second msgid in one entry (a blank line is missing?)")
        if base in ("msgid_plural", "msgstr") and "msgid" not in seen:
            raise self.error(number, f"{base} without a msgid")
        if base == "msgid_plural" and ("msgid_plural" in seen or "msgstr" in seen):
            raise self.error(number, "msgid_plural out of place")
        if base != "msgstr":
            return
        plural = "msgid_plural" in seen
        if plural != (index is not None):
            raise self.error(number, f"expected {'msgstr[0]' if plural else 'msgstr'} here")
        count = sum(1 for k in seen if k == "msgstr")
        if index is None and count:
            raise self.error(number, "a second msgstr in one entry")
        if index is not None and int(index) != count:
            raise self.error(number, f"msgstr[{index}] out of order")

    def _add(self, entry: _Entry, number: int, name: str, strings: str, *, new: bool) -> None:
        """Append the bytes of the quoted strings of a line to a field."""
        if new:
            if name in entry.fields:
                raise self.error(number, f"a second {name.replace('_', ' ')} in one entry")
            entry.fields[name] = bytearray()
            entry.lines[name] = number
        for quoted in _STRINGS.findall(strings):
            entry.fields[name] += self._unescape(number, quoted[1:-1])
        entry.target = name

    def _unescape(self, number: int, text: str) -> bytes:
        """The bytes a quoted PO string stands for, escapes resolved as gettext does."""
        data = text.encode("utf-8") if "\\" not in text else self._escapes(number, text)
        if b"\x00" in data:
            raise self.error(number, "a NUL character (\\0) in a string")
        if b"\x04" in data:
            raise self.error(number, "the context separator (U+0004) in a string")
        return data

    def _escapes(self, number: int, text: str) -> bytes:
        out = bytearray()
        i, size = 0, len(text)
        while i < size:
            char = text[i]
            if char != "\\":
                j = text.find("\\", i)
                j = size if j < 0 else j
                out += text[i:j].encode("utf-8")
                i = j
                continue
            code = text[i + 1] if i + 1 < size else ""
            if code in _SIMPLE:
                out.append(_SIMPLE[code])
                i += 2
                continue
            digits, base = "", 8
            if code and code in _OCTAL:
                j = i + 1
                while j < size and j < i + 4 and text[j] in _OCTAL:
                    j += 1
                digits = text[i + 1 : j]
            elif code == "x" and i + 2 < size and text[i + 2] in _HEX:
                j, base = i + 2, 16
                while j < size and text[j] in _HEX:
                    j += 1
                digits = text[i + 2 : j]
            if not digits:
                raise self.error(number, f"invalid escape sequence \\{code}")
            value = int(digits, base)
            if value > 0xFF:
                raise self.error(number, f"the escape \\{text[i + 1 : j]} is more than a byte")
            out.append(value)
            i = j
        return bytes(out)

    def _finish(self) -> None:
        entry = self.entry
        if entry is None:
            return
        self.entry = None
        if not entry.complete:
            raise self.error(self.end - 1, "an entry without msgstr")
        if entry.obsolete and entry.active:
            raise self.error(entry.start, "an entry mixing obsolete (#~) and active lines")
        message = entry.message
        message.obsolete = entry.obsolete > 0
        for name, data in entry.fields.items():
            try:
                value = data.decode("utf-8")
            except UnicodeDecodeError:
                raise self.error(entry.lines[name], "a string that is not valid UTF-8") from None
            if name.startswith("msgstr["):
                message.msgstr_plural[int(name[7:-1])] = value
            else:
                setattr(message, name, value)
        message.remember_text("\n".join(self.lines[entry.start : self.end]))
        self.messages.append(message)


def _fast_value(field: str) -> str:
    """The text of a field's quoted lines; an escape gettext does not know (or an octal
    or hex one) gives U+FFFD, which sends the entry to the strict reader."""
    value = field.replace('"\n"', "")[1:-1]  # a string holds no newline: each is a seam
    if "\\" in value:
        value = _FAST_ESCAPE.sub(lambda m: _FAST_SIMPLE.get(m.group(1), "\ufffd"), value)
    return value


def _comment_into(message: Message, text: str) -> None:
    """Add a comment line (`#…`) to an entry."""
    kind, body = text[1:2], text[2:]
    if kind == ".":
        message.extracted.append(body.removeprefix(" "))
    elif kind == ":":
        message.references += _REFERENCE.findall(body)
    elif kind == ",":
        message.flags += [f.strip(_BLANKS) for f in body.split(",") if f.strip(_BLANKS)]
    else:
        message.comments.append(text[1:].removeprefix(" "))
