"""PO files: strict reading with file and line in every error, and writing in GNU layout.

transpress reads and writes catalogues itself rather than through polib: polib splits
lines on U+2028 and other Unicode line breaks (GNU gettext splits on newlines only),
accepts `msgid broken` as msgid "roke", and rewraps every entry it writes, so a catalogue
saved by a PO editor would be reflowed by the first command that touches it. Here each
entry remembers the text it was read from and is written back exactly as it was unless
its content changed; changed entries are written in the file's own layout.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog.layout import GNU_WIDTH, layout_width, render_catalogue
from transpress.catalog.message import Catalogue, Message
from transpress.errors import CatalogError


@dataclass(frozen=True)
class PlannedFile:
    """A file to write, or `content=None` when it is already up to date."""

    path: Path
    content: str | None


_STRING = r'"(?:[^"\\]|\\.)*"'
_KEYWORD = re.compile(
    rf"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)[ \t]*({_STRING})[ \t]*$"
)
_CONTINUATION = re.compile(rf"^({_STRING})[ \t]*$")
_ESCAPE = re.compile(r"\\(?:([abfnrtv\\\"'?])|([0-7]{1,3})|x([0-9A-Fa-f]+)|(.?))")
_SIMPLE_ESCAPES = {
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "v": "\v",
    "\\": "\\",
    '"': '"',
    "'": "'",
    "?": "?",
}
_FIX = "fix it in a PO editor or check it with `msgfmt --check`"


def parse_po(text: str, *, path: Path | str | None = None) -> Catalogue:
    """Parse catalogue text strictly; every entry keeps the text it was read from."""
    catalogue = _Parser(text.removeprefix("\ufeff"), path).parse()
    ending = len(text) - len(text.rstrip("\n"))
    catalogue.ending = "\n" * max(ending, 1)
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
    catalogue = parse_po(text.replace("\r\n", "\n"), path=path)
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


class _Parser:
    """A line-by-line reader of PO text (one instance per text)."""

    def __init__(self, text: str, path: Path | str | None):
        self.lines = text.split("\n")
        if self.lines and self.lines[-1] == "":
            self.lines.pop()
        self.path = path
        self.messages: list[Message] = []
        self._reset()

    def _reset(self) -> None:
        self.current: Message | None = None
        self.start: int | None = None  # index of the entry's first line
        self.end = 0  # index after its last non-blank line
        self.keywords: list[str] = []  # keywords seen in this entry, in order
        self.target: tuple[str, int | None] | None = None  # where a continuation goes
        self.obsolete_lines = self.active_lines = 0

    def error(self, number: int, message: str) -> CatalogError:
        return CatalogError(f"{message}; {_FIX}", path=self.path, line=number + 1)

    def parse(self) -> Catalogue:
        for number, line in enumerate(self.lines):
            self._line(number, line)
        trailer = ""
        if self.current is not None and self.keywords:
            self._finish()
        elif self.start is not None:
            trailer = "\n".join(self.lines[self.start : self.end])
        return self._catalogue(trailer)

    def _catalogue(self, trailer: str) -> Catalogue:
        header = next(
            (m for m in self.messages if m.msgid == "" and m.msgctxt is None and not m.obsolete),
            None,
        )
        seen: set[tuple[str | None, str]] = set()
        for message in self.messages:
            if message.obsolete or message is header:
                continue
            if message.key in seen:
                raise CatalogError(
                    f"duplicate entry for msgid {message.msgid[:40]!r}; merge the two in a "
                    "PO editor",
                    path=self.path,
                    line=message.line,
                )
            seen.add(message.key)
        messages = [m for m in self.messages if m is not header]
        return Catalogue(header, messages, trailer)

    def _line(self, number: int, line: str) -> None:
        text = line.strip()
        if not text:
            if self.keywords:
                self._finish()
            return
        if text.startswith("#~"):
            rest = text[2:]
            if rest.startswith("|"):
                self._previous(number, rest[1:].strip())
            else:
                self._strings(number, rest.strip())
            self.obsolete_lines += 1
        elif text.startswith("#"):
            if self.keywords and self.target is not None and self.target[0] == "msgstr":
                self._finish()  # a comment right after an entry starts the next one
            self._comment(number, line.lstrip())
        else:
            self._strings(number, text)
            self.active_lines += 1
        self.end = number + 1

    def _begin(self, number: int) -> Message:
        if self.current is None:
            self.current = Message(msgid="", line=number + 1)
            self.start = number
        return self.current

    def _comment(self, number: int, text: str) -> None:
        message = self._begin(number)
        kind, body = text[1:2], text[2:]
        if kind == "|":
            self._previous(number, body.strip())
        elif kind == ".":
            message.extracted.append(body.removeprefix(" "))
        elif kind == ":":
            message.references += body.split()
        elif kind == ",":
            message.flags += [f.strip() for f in body.split(",") if f.strip()]
        else:
            message.comments.append(text[1:].removeprefix(" "))

    def _previous(self, number: int, text: str) -> None:
        if self.keywords and self.target is not None and self.target[0] == "msgstr":
            self._finish()
        message = self._begin(number)
        match = _KEYWORD.match(text)
        if match and match.group(1) in ("msgctxt", "msgid", "msgid_plural"):
            name = "previous_" + match.group(1)
            setattr(message, name, self._decode(number, match.group(3)))
            self.target = (name, None)
            return
        continuation = _CONTINUATION.match(text)
        if continuation and self.target and self.target[0].startswith("previous_"):
            name = self.target[0]
            setattr(message, name, getattr(message, name) + self._decode(number, text))
            return
        raise self.error(number, f"not a PO line: {text[:40]!r}")

    def _strings(self, number: int, text: str) -> None:
        match = _KEYWORD.match(text)
        if match:
            keyword, index, value = match.group(1), match.group(2), match.group(3)
            if keyword in ("msgctxt", "msgid") and self.target and self.target[0] == "msgstr":
                self._finish()
            self._keyword(number, keyword, index, self._decode(number, value))
            return
        if _CONTINUATION.match(text):
            if self.target is None or self.target[0].startswith("previous_"):
                raise self.error(number, "a string with no msgid or msgstr before it")
            name, plural_index = self.target
            value = self._decode(number, text)
            message = self._begin(number)
            if plural_index is not None:
                message.msgstr_plural[plural_index] += value
            else:
                setattr(message, name, getattr(message, name) + value)
            return
        raise self.error(number, f"not a PO line: {text[:40]!r}")

    def _keyword(self, number: int, keyword: str, index: str | None, value: str) -> None:
        message = self._begin(number)
        base = "msgstr" if keyword.startswith("msgstr") else keyword
        if base == "msgctxt" and self.keywords:
            raise self.error(number, "msgctxt after the entry's msgid")
        if base == "msgid" and self.keywords not in ([], ["msgctxt"]):
            raise self.error(number, "a second msgid in one entry (a blank line is missing?)")
        if base == "msgid_plural" and "msgid" not in self.keywords:
            raise self.error(number, "msgid_plural without a msgid")
        if base == "msgstr" and "msgid" not in self.keywords:
            raise self.error(number, "msgstr without a msgid")
        if base == "msgstr":
            self._msgstr(number, message, index, value)
        else:
            setattr(message, keyword, value)
            self.target = (keyword, None)
        self.keywords.append(base)

    def _msgstr(self, number: int, message: Message, index: str | None, value: str) -> None:
        plural = message.msgid_plural is not None
        if plural != (index is not None):
            wanted = "msgstr[0]" if plural else "msgstr"
            raise self.error(number, f"expected {wanted} here")
        if index is None:
            if "msgstr" in self.keywords:
                raise self.error(number, "a second msgstr in one entry")
            message.msgstr = value
            self.target = ("msgstr", None)
        else:
            position = int(index)
            if position != len(message.msgstr_plural):
                raise self.error(number, f"msgstr[{position}] out of order")
            message.msgstr_plural[position] = value
            self.target = ("msgstr", position)

    def _finish(self) -> None:
        message, start = self.current, self.start
        if message is None or start is None:
            return
        if "msgstr" not in self.keywords:
            raise self.error(self.end - 1, "an entry without msgstr")
        if self.obsolete_lines and self.active_lines:
            raise self.error(start, "an entry mixing obsolete (#~) and active lines")
        message.obsolete = self.obsolete_lines > 0
        message.remember_text("\n".join(self.lines[start : self.end]))
        self.messages.append(message)
        self._reset()

    def _decode(self, number: int, quoted: str) -> str:
        """The value of a quoted PO string, C escapes resolved."""

        def replace(match: re.Match[str]) -> str:
            simple, octal, hexa, bad = match.groups()
            if simple is not None:
                return _SIMPLE_ESCAPES[simple]
            if octal is not None:
                return chr(int(octal, 8))
            if hexa is not None:
                return chr(int(hexa, 16))
            raise self.error(number, f"invalid escape sequence \\{bad}")

        return _ESCAPE.sub(replace, quoted[1:-1])
