"""Atomic, change-aware file writes: a reader never sees a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol


def write_if_changed(path: Path, content: str) -> bool:
    """Write `content` to `path` atomically unless it already holds exactly that; say if written."""
    data = content.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    write_atomic(path, data)
    return True


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Planned(Protocol):
    """A file to write: its path, and its content or None when it is up to date."""

    @property
    def path(self) -> Path: ...

    @property
    def content(self) -> str | None: ...


def write_planned(files: Iterable[Planned]) -> list[Path]:
    """Write every planned file whose content changed; return the paths written."""
    return [f.path for f in files if f.content is not None and write_if_changed(f.path, f.content)]


def stale_files(files: Iterable[Planned]) -> list[Path]:
    """The planned files whose content differs from what is on disk (what a write would
    change), for --check modes that write nothing."""
    stale = []
    for planned in files:
        if planned.content is None:
            continue
        try:
            if planned.path.read_bytes() == planned.content.encode("utf-8"):
                continue
        except FileNotFoundError:
            pass
        stale.append(planned.path)
    return stale
