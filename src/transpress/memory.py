"""Translation memory: an SQLite file of translated segments, exchanged as TMX 1.4.

The memory is a cache: reviewed work lives in the catalogues and machine drafts can be
made again. So a damaged file is moved aside and rebuilt empty, and a memory that cannot
be written is replaced by one that lasts the run; each time `TranslationMemory.warnings`
says so, for the caller to report. Only a caller whose purpose is to change the memory
(`memory import`) asks for an error instead (`require_writable`).
"""

from __future__ import annotations

import contextlib
import datetime
import errno
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from transpress.files import Notice

_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,          -- 'mt' (machine draft) or 'reviewed'
    model TEXT NOT NULL DEFAULT '', -- engine/package/version for 'mt'; '' for 'reviewed'
    changed TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source, origin, model)
)
"""
# A machine draft's confidence, beside its unit: a table of its own, so that a memory
# written before scores existed is still transpress's (its `units` unchanged).
_SCORES_SCHEMA = """
CREATE TABLE IF NOT EXISTS scores (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    model TEXT NOT NULL,
    score REAL NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source, model)
)
"""
# The inline codes (<bpt>, <ph>…) a unit came with from another CAT tool's TMX, as the XML
# inside its two <seg>, for `memory export` to give them back as they were: its text holds
# them as transpress's own markup, or not at all. Keyed by the texts, so that a unit whose
# translation changed since no longer takes them. A table of its own, as `scores`.
_CODES_SCHEMA = """
CREATE TABLE IF NOT EXISTS codes (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    source_seg TEXT NOT NULL,
    target_seg TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source, target)
)
"""

#: SQLite's own journals: left beside a fresh file, SQLite would replay them into it.
_SIDE_FILES = ("-journal", "-wal", "-shm")


@dataclass(frozen=True)
class MemoryUnit:
    """One remembered translation."""

    source_lang: str
    target_lang: str
    source: str
    target: str
    origin: str
    model: str = ""
    score: float | None = None  # a machine draft's confidence, if the engine gave one
    #: The XML inside the source and target <seg> of a TMX whose inline codes the texts
    #: cannot say as they were (how the unit came, not what it is: not compared).
    seg_xml: tuple[str, str] | None = field(default=None, compare=False)


class _Damaged(Exception):
    """The file is not a transpress memory SQLite can read (the reason is the message)."""


class TranslationMemory:
    """Remembered translations, keyed by source text, language pair and model version.

    `warnings` lists what went wrong with the file (moved aside, not writable) as
    (file, what happened) notices for the caller to print; `persistent` is False when
    nothing will be saved. With `require_writable`, a memory that cannot be written
    raises OSError instead.
    """

    def __init__(self, path: Path, *, require_writable: bool = False):
        self.path = path
        self.require_writable = require_writable
        self.warnings: list[Notice] = []
        self.persistent = True
        self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        """The file's database, rebuilt if damaged, or a stand-in when it cannot be written."""
        try:
            try:
                return _connect(self.path)
            except _Damaged as damage:
                aside = self._set_aside(str(damage))
                self.warnings.append(
                    (
                        self.path,
                        f"the translation memory was damaged ({damage}); it was "
                        f"moved to {aside.name} and a new, empty one started (reviewed "
                        "translations in the catalogues are not affected; import your TMX "
                        "files again if you had imported any)",
                    )
                )
                return _connect(self.path)
        except (OSError, _Damaged) as exc:
            if self.require_writable:
                raise _as_os_error(exc, self.path) from None
            return self._stand_in(_as_os_error(exc, self.path))

    def _set_aside(self, damage: str) -> Path:
        """Rename the damaged file (and its journals) to `<name>.corrupt-<UTC time>`."""
        try:
            return _move_aside(self.path)
        except OSError as exc:
            raise OSError(
                exc.errno,
                f"the translation memory is damaged ({damage}) and cannot be moved aside "
                f"({exc.strerror or exc})",
                str(self.path),
            ) from None

    def _stand_in(self, failure: OSError) -> sqlite3.Connection:
        """A database in RAM for this run, holding what the file had if it can be read."""
        self.persistent = False
        db = sqlite3.connect(":memory:")
        seeded = _copy_readable(self.path, db)
        _create(db)
        where = Path(failure.filename or self.path)
        reason = failure.strerror or str(failure)
        if seeded:
            self.warnings.append(
                (
                    where,
                    f"{reason}: remembered translations are used, new ones are not saved; "
                    "make the file and its folder writable to keep them",
                )
            )
        else:
            self.warnings.append(
                (
                    where,
                    f"{reason}; carrying on without a translation memory: make its folder "
                    "writable, or remove what is in the way",
                )
            )
        return db

    def _recover(self, exc: sqlite3.Error) -> None:
        """An operation failed mid-run: move a damaged file aside, carry on in RAM."""
        with contextlib.suppress(sqlite3.Error):
            self._db.close()
        what = f"the translation memory failed ({exc})"
        if self.require_writable:
            raise OSError(errno.EIO, what, str(self.path)) from None
        if self.persistent and _is_damage(exc):
            with contextlib.suppress(OSError):
                aside = _move_aside(self.path)
                what = f"the translation memory was damaged ({exc}); it was moved to {aside.name}"
        self.persistent = False
        self._db = sqlite3.connect(":memory:")
        _create(self._db)
        self.warnings.append((self.path, f"{what}; the rest of this run goes without it"))

    def close(self) -> None:
        """Commit and close the database."""
        try:
            self._db.commit()
        except sqlite3.Error as exc:
            if self.require_writable:
                raise _as_os_error(exc, self.path) from None
            self.warnings.append((self.path, f"the last changes were not saved ({exc})"))
        finally:
            self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup(
        self, source: str, pair: tuple[str, str], *, model: str, origin: str = "mt"
    ) -> str | None:
        """The translation of `source` by exactly this model (or reviewed), if remembered."""
        unit = self.recall(source, pair, model=model, origin=origin)
        return unit.target if unit else None

    def recall(
        self, source: str, pair: tuple[str, str], *, model: str, origin: str = "mt"
    ) -> MemoryUnit | None:
        """The unit remembered for `source` by exactly this model (or reviewed), with the
        confidence of a machine draft."""
        try:
            row = self._db.execute(
                "SELECT u.target, s.score FROM units AS u LEFT JOIN scores AS s "
                "ON s.source_lang = u.source_lang AND s.target_lang = u.target_lang "
                "AND s.source = u.source AND s.model = u.model AND u.origin = 'mt' "
                "WHERE u.source_lang=? AND u.target_lang=? AND u.source=? "
                "AND u.origin=? AND u.model=?",
                (*pair, source, origin, model),
            ).fetchone()
        except sqlite3.Error as exc:
            self._recover(exc)
            return None
        if row is None:
            return None
        score = float(row[1]) if row[1] is not None else None
        return MemoryUnit(*pair, source, str(row[0]), origin, model, score)

    def add(self, units: Iterable[MemoryUnit]) -> int:
        """Remember units (a newer translation replaces the same key); return how many."""
        now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        units = list(units)
        rows = [
            (u.source_lang, u.target_lang, u.source, u.target, u.origin, u.model, now)
            for u in units
        ]
        scored = [
            (u.source_lang, u.target_lang, u.source, u.model, u.score)
            for u in units
            if u.origin == "mt"
        ]
        coded = [
            (u.source_lang, u.target_lang, u.source, u.target, *u.seg_xml)
            for u in units
            if u.seg_xml is not None
        ]
        try:
            self._insert(rows, scored, coded)
        except sqlite3.Error as exc:
            self._recover(exc)
            self._insert(rows, scored, coded)  # the stand-in keeps them for the rest of the run
        return len(rows)

    def _insert(
        self,
        rows: Sequence[tuple[str, ...]],
        scored: Sequence[tuple[str | float | None, ...]],
        coded: Sequence[tuple[str, ...]] = (),
    ) -> None:
        """Write units, the scores of machine drafts (a draft without one loses its old)
        and the inline codes units came with."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            self._db.executemany("INSERT OR REPLACE INTO codes VALUES (?, ?, ?, ?, ?, ?)", coded)
            self._db.executemany(
                "DELETE FROM scores WHERE source_lang=? AND target_lang=? AND source=? AND model=?",
                [row[:4] for row in scored if row[4] is None],
            )
            self._db.executemany(
                "INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?, ?)",
                [row for row in scored if row[4] is not None],
            )

    def reviewed(self, pair: tuple[str, str]) -> list[MemoryUnit]:
        """The reviewed units of one language pair (never machine drafts), by source."""
        try:
            rows = self._db.execute(
                "SELECT source, target FROM units WHERE source_lang=? AND target_lang=? "
                "AND origin='reviewed' ORDER BY source, model",
                pair,
            ).fetchall()
        except sqlite3.Error as exc:
            self._recover(exc)
            rows = []
        return [MemoryUnit(*pair, str(source), str(target), "reviewed") for source, target in rows]

    def units(self) -> Iterator[MemoryUnit]:
        """Every remembered unit, in a stable order, with the inline codes it came with."""
        query = (
            "SELECT u.source_lang, u.target_lang, u.source, u.target, u.origin, u.model, "
            "c.source_seg, c.target_seg FROM units AS u LEFT JOIN codes AS c "
            "ON c.source_lang = u.source_lang AND c.target_lang = u.target_lang "
            "AND c.source = u.source AND c.target = u.target"
        )
        try:
            rows = self._db.execute(
                query + " ORDER BY u.source_lang, u.target_lang, u.source, u.origin, u.model"
            ).fetchall()
        except sqlite3.Error as exc:
            self._recover(exc)
            rows = []
        for source_lang, target_lang, source, target, origin, model, *seg in rows:
            codes = (str(seg[0]), str(seg[1])) if seg[0] is not None else None
            yield MemoryUnit(source_lang, target_lang, source, target, origin, model, seg_xml=codes)


def _connect(path: Path) -> sqlite3.Connection:
    """A checked, writable connection to the memory at `path`, created if absent.

    Raises _Damaged for a file that is not a transpress memory, OSError for one that
    cannot be written (a read-only file or folder, a folder in its place).
    """
    if path.is_dir():  # SQLite would only say "unable to open database file"
        raise IsADirectoryError(
            errno.EISDIR, "the translation memory is a folder, not a file", str(path)
        )
    if path.parent.exists() and not path.parent.is_dir():
        raise NotADirectoryError(
            errno.ENOTDIR,
            "a file is where the translation memory's folder should be",
            str(path.parent),
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = f"the translation memory's folder cannot be made ({exc.strerror or exc})"
        raise OSError(exc.errno, reason, str(path.parent)) from None
    try:
        db = sqlite3.connect(path)
    except sqlite3.Error as exc:
        raise _as_os_error(exc, path) from None
    try:
        _check(db)
        with db:
            _create(db)
        _probe_write(db)
    except _Damaged:
        db.close()
        raise
    except sqlite3.Error as exc:
        db.close()
        if _is_damage(exc):
            raise _Damaged(str(exc)) from None
        raise _as_os_error(exc, path) from None
    return db


def _check(db: sqlite3.Connection) -> None:
    """Raise _Damaged unless `db` is empty or holds transpress's `units` table intact."""
    query = "SELECT name FROM sqlite_master WHERE type = 'table'"
    tables = sorted(name for (name,) in db.execute(query))
    if not tables:
        return  # a new (or zero-byte) file
    if "units" not in tables:
        raise _Damaged(f"it is another program's database, with tables {', '.join(tables)}")
    if _columns(db) != _expected_columns():
        raise _Damaged("its units table is not transpress's")
    verdict = [str(row[0]) for row in db.execute("PRAGMA quick_check(1)")]
    if verdict != ["ok"]:
        raise _Damaged(verdict[0] if verdict else "SQLite's check gave no answer")


def _create(db: sqlite3.Connection) -> None:
    """Make the tables a memory has, where they are missing."""
    db.execute(_SCHEMA)
    db.execute(_SCORES_SCHEMA)
    db.execute(_CODES_SCHEMA)


def _columns(db: sqlite3.Connection) -> tuple[tuple[str, str, int], ...]:
    """Name, type and primary-key position of each column of `units`."""
    return tuple((row[1], row[2], row[5]) for row in db.execute("PRAGMA table_info(units)"))


@cache
def _expected_columns() -> tuple[tuple[str, str, int], ...]:
    """The columns of `units` as _SCHEMA makes them (the one definition of the table)."""
    db = sqlite3.connect(":memory:")
    db.execute(_SCHEMA)
    columns = _columns(db)
    db.close()
    return columns


def _probe_write(db: sqlite3.Connection) -> None:
    """Write and roll back, so that a read-only file or folder shows now, not mid-run."""
    (version,) = db.execute("PRAGMA user_version").fetchone()
    db.execute("BEGIN IMMEDIATE")
    try:
        db.execute(f"PRAGMA user_version = {int(version) + 1}")
    finally:
        if db.in_transaction:
            db.rollback()


def _is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the file is damaged or no database (not merely unwritable)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _as_os_error(exc: Exception, path: Path) -> OSError:
    """`exc` as the OSError the CLI reports as one line with exit code 7."""
    if isinstance(exc, OSError):
        return exc
    reason = f"the translation memory cannot be written ({exc})"
    return OSError(errno.EACCES, reason, str(path))


def _move_aside(path: Path) -> Path:
    """Rename `path` and its journals to `<name>.corrupt-<UTC time>`; return the new path."""
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while aside.exists():
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
        number += 1
    path.replace(aside)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(aside.with_name(aside.name + suffix))
    return aside


def _copy_readable(path: Path, target: sqlite3.Connection) -> bool:
    """Copy the memory at `path` into `target` if it can be read and is intact."""
    if not path.is_file():
        return False
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except (sqlite3.Error, OSError):
        return False
    try:
        _check(source)
        if source.execute("SELECT 1 FROM sqlite_master").fetchone() is None:
            return False  # nothing to copy
        source.backup(target)
    except (sqlite3.Error, _Damaged):
        return False
    finally:
        source.close()
    return True


@contextlib.contextmanager
def open_memory(path: Path, *, require_writable: bool = False) -> Iterator[TranslationMemory]:
    """Open the workspace's memory and close it when done (read `memory.warnings` after)."""
    memory = TranslationMemory(path, require_writable=require_writable)
    try:
        yield memory
    finally:
        memory.close()


# --- TMX 1.4 -------------------------------------------------------------------------

#: What XML 1.0 cannot carry at all, not even as a character reference.
