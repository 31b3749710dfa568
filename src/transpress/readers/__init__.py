"""Source readers: a registry of formats, built-ins registered like any plug-in.

A reader is any object with a `name`, a `claims(path) -> bool` and a
`read(path, text, *, release_id, source, language) -> Release`. Third-party readers
register under the `transpress.readers` entry-point group.
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points
from pathlib import Path
from typing import Protocol

from transpress.document import Release
from transpress.errors import InputError


class Reader(Protocol):
    """What a source reader provides."""

    name: str

    def claims(self, path: Path) -> bool:
        """Say whether this reader handles `path` (by its name)."""

    def read(self, text: str, *, release_id: str, source: str, language: str | None) -> Release:
        """Parse decoded `text` into a release; raise InputError naming `source` if it cannot."""


@functools.cache
def registered_readers() -> tuple[Reader, ...]:
    """Return the readers registered under `transpress.readers`, built-ins included."""
    from transpress.readers.markdown import MarkdownReader
    from transpress.readers.plaintext import PlainTextReader

    readers: list[Reader] = [MarkdownReader(), PlainTextReader()]
    for entry in entry_points(group="transpress.readers"):
        factory = entry.load()
        if factory not in (MarkdownReader, PlainTextReader):
            readers.insert(0, factory())
    return tuple(readers)


def reader_for(path: Path) -> Reader | None:
    """Return the first reader that claims `path`, or None."""
    return next((r for r in registered_readers() if r.claims(path)), None)


def decode_source(path: Path, data: bytes, *, source: str) -> str:
    """Decode a source file's bytes as UTF-8 text, refusing empty and binary files."""
    if not data.strip():
        raise InputError("the release is empty; write the release text into it", path=source)
    if b"\x00" in data:
        raise InputError(
            "this is a binary file, not a release; save the release as UTF-8 text", path=source
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "not valid UTF-8; re-save the file as UTF-8 (e.g. `iconv -f latin1 -t utf-8`)",
            path=source,
            line=line,
        ) from None
    return text.removeprefix("\ufeff")
