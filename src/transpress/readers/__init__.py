"""Source readers: a registry of formats, built-ins registered like any plug-in.

A reader is any object with a `name`, a `claims(path) -> bool` and a
`read(path, text, *, release_id, source, language) -> Release`. Third-party readers
register under the `transpress.readers` entry-point group (see `transpress.plugins`).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any, Protocol

from transpress import plugins
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
    """The readers, built-ins first (`transpress.plugins` has the one precedence rule)."""
    return tuple(plugins.loaded(plugins.READERS, _as_reader))


def _as_reader(plugin: plugins.Plugin, loaded: Any) -> list[Reader]:
    """An entry point's object as a reader: a class or function makes one, else itself."""
    made = (
        plugin.make(loaded) if isinstance(loaded, type) or not hasattr(loaded, "claims") else loaded
    )
    if not all(callable(getattr(made, method, None)) for method in ("claims", "read")):
        raise plugin.refused("is not a reader: it needs a name, claims(path) and read(text, …)")
    reader: Reader = made  # verified just above
    return [reader]


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
