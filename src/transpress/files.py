"""Atomic, change-aware file writes: a reader never sees a half-written file."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol, runtime_checkable


def write_if_changed(path: Path, content: str, *, durable: bool = True) -> bool:
    """Write `content` to `path` atomically unless it already holds exactly that; say if
    written. Not `durable`: no fsync (for files made again from others, see write_atomic)."""
    data = content.encode("utf-8")
    if holds(path, data):
        return False
    _write(path, data, expected=_ANY, durable=durable)
    return True


def holds(path: Path, data: bytes) -> bool:
    """Whether the file at `path` exists and holds exactly `data`."""
    try:
        return path.read_bytes() == data
    except FileNotFoundError:
        return False


#: What write_atomic names its temporary files: `.<name>.<random>.tmp` beside the target.
TEMPORARY_SUFFIX = ".tmp"


class ChangedOnDisk(Exception):
    """The file was changed by someone else since it was read (see write_atomic)."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, fsync it, then rename it over `path`.
    An error names `path`, never the temporary file.

    Files transpress can make again from others (editions, the index) are written without
    the fsync (`durable=False` below): a reader still sees the old file or the new one,
    never a mix; after a power cut the file may be empty, which the build cache's stamps
    notice (its size and times changed), so the next publish writes it again."""
    _write(path, data, expected=_ANY)


def write_atomic_if_unchanged(path: Path, data: bytes, expected: str | None) -> None:
    """write_atomic, but only if the file still has the digest `expected` (None: there
    was no file), checked just before the rename; else ChangedOnDisk, nothing written."""
    _write(path, data, expected=expected)


_ANY = "any content"


def _write(path: Path, data: bytes, *, expected: str | None, durable: bool = True) -> None:
    tmp = _temporary(path, data, durable=durable)
    with _removed_on_error(tmp, path):
        if expected is not _ANY and current_digest(path) != expected:
            raise ChangedOnDisk(str(path))
        os.replace(tmp, path)


def _temporary(path: Path, data: bytes, *, durable: bool) -> Path:
    """`data` in a new temporary file beside `path`, with the file's permissions (0644 for
    a new file), fsync-ed if `durable`; an error names `path` and leaves nothing behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=path.parent
        )
    except OSError as exc:
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    tmp = Path(name)
    with _removed_on_error(tmp, path):
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
    return tmp


@contextlib.contextmanager
def _removed_on_error(tmp: Path, path: Path) -> Iterator[None]:
    """Remove the temporary file `tmp` if the block fails; an OSError names `path`."""
    try:
        yield
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class Staging:
    """Derived files written beside their targets as temporaries, put in place together at
    the end (`commit`) or not at all (`discard`): a long build holds none of them in memory
    and leaves nothing changed when it fails half-way. Temporaries a killed run left are
    cleared by remove_stale_temporaries, like write_atomic's."""

    def __init__(self) -> None:
        self._staged: list[tuple[Path, Path]] = []  # (target, temporary)

    def stage(self, path: Path, content: str) -> bool:
        """Stage `content` for `path` unless the file already holds exactly that; say if."""
        data = content.encode("utf-8")
        if holds(path, data):
            return False
        self._staged.append((path, _temporary(path, data, durable=False)))
        return True

    def commit(self) -> list[Path]:
        """Put every staged file in place (each atomically); the paths, in staging order."""
        done = []
        try:
            for path, tmp in self._staged:
                try:
                    os.replace(tmp, path)
                except OSError as exc:
                    raise OSError(exc.errno, exc.strerror, str(path)) from None
                done.append(path)
        finally:
            self._staged = self._staged[len(done) :]
            self.discard()
        return done

    def discard(self) -> None:
        """Remove the staged temporaries."""
        for _, tmp in self._staged:
            tmp.unlink(missing_ok=True)
        self._staged = []


def current_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes now, or None when there is no such file."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def remove_stale_temporaries(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary files an interrupted run left (a kill -9 between writing and
    renaming); call it only while holding the workspace lock, when no write is under way."""
    removed = []
    for folder in folders:
        for top, _, names in os.walk(folder):  # one scandir a folder, no Path per file
            for name in names:
                if name.startswith(".") and name.endswith(TEMPORARY_SUFFIX):
                    candidate = Path(top) / name
                    if _is_our_temporary(candidate):
                        candidate.unlink(missing_ok=True)
                        removed.append(candidate)
    return removed


def _is_our_temporary(path: Path) -> bool:
    """`.<name>.<8 random characters>.tmp`, as tempfile.mkstemp names them here."""
    stem = path.name[1 : -len(TEMPORARY_SUFFIX)]
    target, _, random = stem.rpartition(".")
    return path.is_file() and bool(target) and len(random) == 8


class Planned(Protocol):
    """A file to write: its path, and its content or None when it is up to date."""

    @property
    def path(self) -> Path: ...

    @property
    def content(self) -> str | None: ...


@runtime_checkable
class Guarded(Protocol):
    """A planned file others may edit meanwhile (a catalogue in a PO editor): it knows
    the file it was made from, and can redo its work on the file as it is now."""

    @property
    def path(self) -> Path: ...

    @property
    def content(self) -> str | None: ...

    @property
    def digest(self) -> str | None: ...

    def redone(self) -> Guarded:
        """The same work, done again on the file as it is on disk now."""
        ...


#: Something a write did that the user must hear of: (file, what happened).
Notice = tuple[Path, str]


def write_planned(
    files: Iterable[Planned], notices: list[Notice] | None = None, *, durable: bool = True
) -> list[Path]:
    """Write every planned file whose content changed; return the paths written. A guarded
    file changed on disk since it was read is never overwritten: its work is redone on
    the new content (a notice says so), or it is left as it is. Not `durable`: derived
    files, written without fsync (see write_atomic)."""
    written = []
    for planned in files:
        if isinstance(planned, Guarded):
            if _write_guarded(planned, notices if notices is not None else []):
                written.append(planned.path)
        elif planned.content is not None and write_if_changed(
            planned.path, planned.content, durable=durable
        ):
            written.append(planned.path)
    return written


_ATTEMPTS = 3


def _write_guarded(planned: Guarded, notices: list[Notice]) -> bool:
    """Write a guarded file; if it changed since it was read, redo its work on the new
    content and try again (a few times: a PO editor may be saving right now)."""
    current = planned
    for attempt in range(_ATTEMPTS):
        content = current.content
        written = False
        if content is not None:
            data = content.encode("utf-8")
            try:
                if current_digest(current.path) != hashlib.sha256(data).hexdigest():
                    write_atomic_if_unchanged(current.path, data, current.digest)
                    written = True
            except ChangedOnDisk:
                current = current.redone()
                continue
        if attempt:
            merged = ", with this run's changes merged in" if written else ""
            notices.append(
                (
                    planned.path,
                    f"saved by another program while transpress ran; that version was kept{merged}",
                )
            )
        return written
    notices.append(
        (planned.path, "kept changing while transpress wrote it; left as it is (run again)")
    )
    return False


def stale_files(files: Iterable[Planned]) -> list[Path]:
    """The planned files whose content differs from what is on disk (what a write would
    change), for --check modes that write nothing."""
    stale = []
    for planned in files:
        if planned.content is not None and not holds(planned.path, planned.content.encode()):
            stale.append(planned.path)
    return stale
