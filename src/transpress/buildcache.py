"""The build cache: what each release's files were when transpress last left them in step.

`.transpress/build.json` holds, per release, a stamp of every file the release's build
reads or writes (its source, template, catalogues and editions: size, mtime, inode and
SHA-256; or "absent"), with what the build reported. A release whose files all still
match their stamps has nothing to do, so a command over an unchanged archive costs a
`stat` of each file instead of reading, parsing, merging and rendering it.

The cache is never trusted over the files:

* a stamp is only recorded for content transpress knows (what it read or wrote, by
  digest), read back from disk and stat-ed twice around the read: a file a translator
  saved meanwhile gets no stamp, so its release is built again next time;
* a file modified within the file system's timestamp granularity of the recording
  ("racy", as git calls it) is read and hashed instead of trusted by its stat;
* the cache as a whole is keyed on everything else an edition depends on (transpress's
  own code, the versions of the libraries that shape its output, the settings and the
  workspace's templates): when any of those changes, it is empty;
* a missing, unreadable, corrupt or foreign cache is an empty one; it is written only
  after a command succeeded, atomically, and deleting it is always safe.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

#: Bump when the record format changes: older caches are then ignored.
FORMAT = 3
#: Files written this close to the recording may change again without their stat showing
#: it: on file systems with nanosecond times (ext4, xfs, btrfs, tmpfs) the clock ticks
#: every few milliseconds; times in whole milliseconds or seconds (FAT, SMB, HFS+) get two
#: seconds.
FINE_WINDOW_NS = 50_000_000
COARSE_WINDOW_NS = 2_000_000_000
#: Libraries whose versions change what an edition looks like.
_LIBRARIES = ("jinja2", "markupsafe", "babel", "pyyaml", "tzdata")


class Stamp(NamedTuple):
    """What a file was: its stat fields that change on any write, and its digest (a named
    tuple: an archive's cache holds tens of thousands, made at each command's start)."""

    size: int
    mtime_ns: int
    ctime_ns: int  # set by the system on any write: an edit that restores the mtime shows
    inode: int
    sha256: str

    def racy(self, recorded_ns: int) -> bool:
        """Whether a later write could have kept this stat (see FINE_WINDOW_NS)."""
        latest = max(self.mtime_ns, self.ctime_ns)
        coarse = latest % 1_000_000 == 0
        window = COARSE_WINDOW_NS if coarse else FINE_WINDOW_NS
        return latest >= recorded_ns - window


#: A file that must not exist (a skipped language's editions).
ABSENT = "absent"


def sha256_of(data: bytes) -> str:
    """The digest stamps hold."""
    return hashlib.sha256(data).hexdigest()


def stamp_known(path: Path, expected: str | None) -> Stamp | str | None:
    """The stamp of `path` if it holds exactly the content of digest `expected` (None: the
    file must be absent), read back between two identical stats; else None (unknown)."""
    try:
        before = path.stat()
    except FileNotFoundError:
        return ABSENT if expected is None else None
    except OSError:
        return None
    if expected is None:
        return None
    try:
        data = path.read_bytes()
        after = path.stat()
    except OSError:
        return None
    if _fields(before) != _fields(after) or sha256_of(data) != expected:
        return None
    return Stamp(after.st_size, after.st_mtime_ns, after.st_ctime_ns, after.st_ino, expected)


def _fields(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns


def still(path: Path | str, stamp: Stamp | str, recorded_ns: int) -> bool:
    """Whether `path` is still what its stamp says."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return stamp == ABSENT
    except OSError:
        return False
    if not isinstance(stamp, Stamp):
        return False
    now = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
    if now != (stamp.size, stamp.mtime_ns, stamp.ctime_ns, stamp.inode):
        return False
    if not stamp.racy(recorded_ns):
        return True
    try:
        return sha256_of(Path(path).read_bytes()) == stamp.sha256
    except OSError:
        return False


Stamps = Mapping[str, Stamp | str]  # workspace-relative path → stamp or ABSENT


@dataclass(frozen=True)
class Record:
    """One release as its last build left it: its files and what the build reported."""

    inputs: Stamps  # source, template, catalogues
    outputs: Stamps | None  # editions (None: the record comes from extract alone)
    recorded_ns: int
    report: Mapping[str, Any]  # JSON: what the command would report for a no-op run

    def to_json(self) -> dict[str, Any]:
        """The record as build.json stores it."""
        return {
            "inputs": _stamps_to_json(self.inputs),
            "outputs": None if self.outputs is None else _stamps_to_json(self.outputs),
            "recorded_ns": self.recorded_ns,
            "report": self.report,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Record:
        """A record read back (KeyError, TypeError or ValueError if it is not one)."""
        outputs = data["outputs"]
        return cls(
            _stamps_from_json(data["inputs"]),
            None if outputs is None else _stamps_from_json(outputs),
            int(data["recorded_ns"]),
            dict(data["report"]),
        )


def _stamps_to_json(stamps: Stamps) -> dict[str, Any]:
    return {n: list(s) if isinstance(s, Stamp) else s for n, s in stamps.items()}


def _stamps_from_json(data: Mapping[str, Any]) -> dict[str, Stamp | str]:
    stamps: dict[str, Stamp | str] = {}
    for name, value in data.items():
        if isinstance(value, list):
            stamps[str(name)] = _stamp(value)
        elif value == ABSENT:
            stamps[str(name)] = ABSENT
        else:
            raise ValueError(f"not a stamp: {value!r}")
    return stamps


def _stamp(value: list[Any]) -> Stamp:
    """A stamp from its JSON list (size, mtime, ctime, inode, digest)."""
    size, mtime_ns, ctime_ns, inode, digest = value
    if not all(isinstance(n, int) for n in (size, mtime_ns, ctime_ns, inode)):
        raise ValueError(f"not a stamp: {value!r}")
    if not isinstance(digest, str):
        raise ValueError(f"not a stamp: {value!r}")
    return Stamp(size, mtime_ns, ctime_ns, inode, digest)


class BuildCache:
    """The records of one workspace, loaded at the start of a command, saved at its end.

    The file is one line per release (its id, a tab, its record as JSON) after a header
    line; a record is parsed only when asked for, so an archive's cache costs a string per
    release in memory, not the objects of every record."""

    def __init__(self, root: Path, path: Path, key: str):
        self.root = root
        self._root = str(root)
        self.path = path
        self.key = key
        self._records = _load(path, key)
        self._dirty = False

    def clean(self, release_id: str, *, published: bool) -> Record | None:
        """The release's record if every one of its files still matches it (its editions
        too, when `published`), else None: the release must be built."""
        record = self._record(release_id)
        if record is None or (published and record.outputs is None):
            return None
        files = [record.inputs, *([record.outputs] if published and record.outputs else [])]
        for stamps in files:
            for name, stamp in stamps.items():
                if not still(os.path.join(self._root, name), stamp, record.recorded_ns):
                    return None
        return record

    def _record(self, release_id: str) -> Record | None:
        """A release's record, parsed (None: none, or not a record: then forgotten)."""
        text = self._records.get(release_id)
        if text is None:
            return None
        try:
            return Record.from_json(json.loads(text))
        except (ValueError, KeyError, TypeError, AttributeError):
            self.forget(release_id)
            return None

    def record(
        self,
        release_id: str,
        inputs: Mapping[str, str | None],
        outputs: Mapping[str, str | None] | None,
        report: Mapping[str, Any],
    ) -> bool:
        """Record a release from the digests of what this command read or wrote (None: a
        file that must be absent); forget it if any file is not what was expected."""
        recorded_ns = time.time_ns()
        stamped = [self._stamps(inputs), None if outputs is None else self._stamps(outputs)]
        if stamped[0] is None or (outputs is not None and stamped[1] is None):
            self.forget(release_id)
            return False
        assert stamped[0] is not None
        record = Record(stamped[0], stamped[1], recorded_ns, dict(report))
        self._records[release_id] = json.dumps(record.to_json(), separators=(",", ":"))
        self._dirty = True
        return True

    def _stamps(self, expected: Mapping[str, str | None]) -> dict[str, Stamp | str] | None:
        stamps: dict[str, Stamp | str] = {}
        for name, digest in expected.items():
            stamp = stamp_known(self.root / name, digest)
            if stamp is None:
                return None
            stamps[name] = stamp
        return stamps

    def forget(self, release_id: str) -> None:
        """Drop a release's record (it will be built next time)."""
        if self._records.pop(release_id, None) is not None:
            self._dirty = True

    def keep_only(self, release_ids: Iterable[str]) -> None:
        """Drop the records of releases that are no longer in the workspace."""
        keep = set(release_ids)
        for gone in [r for r in self._records if r not in keep]:
            self.forget(gone)

    def save(self) -> None:
        """Write the records if they changed (atomically); a failure only loses the cache."""
        if not self._dirty:
            return
        from transpress.files import write_atomic

        lines = [json.dumps({"format": FORMAT, "key": self.key}, separators=(",", ":"))]
        lines += [f"{r}\t{text}" for r, text in sorted(self._records.items())]
        try:
            write_atomic(self.path, "\n".join(lines).encode("utf-8") + b"\n")
        except OSError:
            return
        self._dirty = False


def _load(path: Path, key: str) -> dict[str, str]:
    """The records (as JSON text, by release id) of a cache file written with this key,
    or none."""
    try:
        header, _, body = path.read_bytes().decode("utf-8").partition("\n")
        data = json.loads(header)
        if data.get("format") != FORMAT or data.get("key") != key:
            return {}
    except (OSError, ValueError, AttributeError):
        return {}
    records = {}
    for line in body.splitlines():
        release_id, tab, text = line.partition("\t")
        if tab:
            records[release_id] = text
    return records


def fingerprint(settings: Any, templates: Path) -> str:
    """Everything beside a release's own files that its editions depend on: transpress's
    code, the libraries' versions, Python's, the settings and the workspace's templates."""
    from importlib import metadata

    import transpress

    parts: list[Any] = [FORMAT, sys.version, _settings(settings)]
    package = Path(transpress.__file__).parent
    parts.append(_tree(package, suffixes=(".py", ".j2", ".toml", ".json")))
    parts.append(_tree(templates))
    for name in _LIBRARIES:
        try:
            parts.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            parts.append((name, None))
    return sha256_of(json.dumps(parts, default=str).encode("utf-8"))


def _settings(settings: Any) -> Any:
    try:
        return dataclasses.asdict(settings)
    except TypeError:
        return repr(settings)


def _tree(folder: Path, suffixes: tuple[str, ...] = ()) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime) of every file under `folder`, sorted."""
    found = []
    for top, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in names:
            if suffixes and not name.endswith(suffixes):
                continue
            path = Path(top) / name
            try:
                st = path.stat()
            except OSError:
                continue
            found.append((path.relative_to(folder).as_posix(), st.st_size, st.st_mtime_ns))
    return sorted(found)


class FileMemo:
    """Results computed from one file each (a catalogue's check findings), remembered
    against the file's stamp in one JSON file, under a key naming everything else they
    depend on. Like the build cache, it is never trusted over the files: a value is given
    back only while its file still matches its stamp, and a missing, corrupt or foreign
    memo is an empty one."""

    def __init__(self, root: Path, path: Path, key: str):
        self.root, self.path, self.key = root, path, key
        self._values = _load_memo(path, key)
        self._dirty = False

    def get(self, name: str) -> Any | None:
        """The value remembered for workspace-relative file `name`, if the file is still
        what it was (else None)."""
        item = self._values.get(name)
        if item is None:
            return None
        stamp, recorded_ns, value = item
        if not still(self.root / name, stamp, recorded_ns):
            self._values.pop(name)
            self._dirty = True
            return None
        return value

    def put(self, name: str, digest: str | None, value: Any) -> None:
        """Remember `value` for file `name`, if it still holds the content of `digest`."""
        recorded_ns = time.time_ns()
        stamp = stamp_known(self.root / name, digest)
        if isinstance(stamp, Stamp):
            self._values[name] = (stamp, recorded_ns, value)
        else:
            self._values.pop(name, None)
        self._dirty = True

    def save(self) -> None:
        """Write the memo if it changed (atomically); a failure only loses the memo."""
        if not self._dirty:
            return
        from transpress.files import write_atomic

        data = {
            "format": FORMAT,
            "key": self.key,
            "files": {
                name: [list(stamp), recorded_ns, value]
                for name, (stamp, recorded_ns, value) in sorted(self._values.items())
            },
        }
        try:
            write_atomic(self.path, json.dumps(data, separators=(",", ":")).encode("utf-8"))
        except OSError:
            return
        self._dirty = False


def _load_memo(path: Path, key: str) -> dict[str, tuple[Stamp, int, Any]]:
    try:
        data = json.loads(path.read_bytes())
        if data.get("format") != FORMAT or data.get("key") != key:
            return {}
        return {
            str(name): (_stamp(stamp), int(recorded_ns), value)
            for name, (stamp, recorded_ns, value) in data["files"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
