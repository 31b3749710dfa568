"""Use case: what changed in translation status between two versions of a workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transpress.catalog import CatalogEntry, entries_from_text, read_entries
from transpress.catalog.entries import State
from transpress.errors import CatalogError
from transpress.textdiff import Piece, word_changes
from transpress.vcs import Tree, blob_id, tree_at
from transpress.workspace import Workspace, catalogue_key

Key = tuple[str, str]  # a catalogue: (release id, lang)

KINDS = ("newly_reviewed", "newly_outdated", "new", "removed", "changed")


@dataclass(frozen=True)
class Change:
    """One entry that changed: its source text and translation, before and after."""

    msgid: str
    old_msgstr: str
    new_msgstr: str
    old_state: str
    new_state: str
    old_msgid: str | None = None  # for an entry outdated by a source edit
    msgctxt: str | None = None  # the entry's context, if it has one

    @property
    def translation_changes(self) -> tuple[Piece, ...]:
        """The words (Japanese: characters) of the translation taken out and put in."""
        return word_changes(self.old_msgstr, self.new_msgstr)

    @property
    def source_changes(self) -> tuple[Piece, ...]:
        """The words of the source that changed, for an entry outdated by a source edit."""
        return () if self.old_msgid is None else word_changes(self.old_msgid, self.msgid)


@dataclass(frozen=True)
class LanguageDiff:
    """Changes in one release × language catalogue."""

    release_id: str
    lang: str
    changes: dict[str, tuple[Change, ...]]

    def count(self, kind: str) -> int:
        """How many changes of a kind."""
        return len(self.changes.get(kind, ()))


@dataclass(frozen=True)
class DiffReport:
    """Changes between version `old` and version `new` of a workspace's catalogues."""

    old: str
    new: str
    catalogues: tuple[LanguageDiff, ...]

    def total(self, kind: str) -> int:
        """How many changes of a kind across every catalogue."""
        return sum(c.count(kind) for c in self.catalogues)


def diff_versions(workspace: Workspace, old: str, new: str | None = None) -> DiffReport:
    """Compare catalogues at `old` and `new` (git revisions or folders; `new` defaults to
    the working tree).

    A catalogue whose bytes are the same on both sides (the same git blob id) has no
    change and is not parsed; the others are read in bulk, a revision's through one git
    process whatever their number."""
    before = _version(workspace, old)
    after = _version(workspace, new)
    revisions = [v.tree for v in (before, after) if isinstance(v, _Revision)]
    algorithm = revisions[0].algorithm if revisions else "sha1"
    keys = [
        key
        for key in sorted(before.keys() | after.keys())
        if not _same_bytes(before, after, key, algorithm)
    ]
    old_entries, new_entries = before.entries(keys), after.entries(keys)
    found = []
    for key in keys:
        changes = compare_entries(old_entries.get(key, []), new_entries.get(key, []))
        if any(changes.values()):
            found.append(LanguageDiff(key[0], key[1], changes))
    return DiffReport(old, new or "working tree", tuple(found))


@dataclass(frozen=True)
class _Folder:
    """The catalogues of a locale folder (the working tree's, or a copy of one)."""

    paths: dict[Key, Path]

    def keys(self) -> set[Key]:
        """Which catalogues there are."""
        return set(self.paths)

    def __contains__(self, key: Key) -> bool:
        return key in self.paths

    def content_id(self, key: Key, algorithm: str) -> str | None:
        """The git blob id of a catalogue's bytes (None if it cannot be read: reading its
        entries then reports why)."""
        try:
            return blob_id(self.paths[key].read_bytes(), algorithm=algorithm)
        except OSError:
            return None

    def entries(self, keys: list[Key]) -> dict[Key, list[CatalogEntry]]:
        """The entries of those of `keys` this folder has."""
        return {key: read_entries(self.paths[key]) for key in keys if key in self.paths}


@dataclass(frozen=True)
class _Revision:
    """The catalogues committed at a git revision: listed with their blob ids, read only
    when asked for."""

    tree: Tree
    names: dict[Key, str]  # catalogue -> its path in `tree`

    def keys(self) -> set[Key]:
        """Which catalogues there are."""
        return set(self.names)

    def __contains__(self, key: Key) -> bool:
        return key in self.names

    def content_id(self, key: Key, algorithm: str) -> str | None:
        """The catalogue's git blob id, as listed."""
        return self.tree.blobs[self.names[key]]

    def entries(self, keys: list[Key]) -> dict[Key, list[CatalogEntry]]:
        """The entries of those of `keys` this revision has, read through one git process."""
        wanted = {key: self.names[key] for key in keys if key in self.names}
        data = self.tree.read(wanted.values())
        return {
            key: entries_from_text(_text(data[name], self.tree.where(name)))
            for key, name in wanted.items()
        }


def _version(workspace: Workspace, version: str | None) -> _Folder | _Revision:
    """The working tree (None), a folder, or a git revision of the workspace's catalogues."""
    if version is None:
        locale = workspace.locale_dir
    elif Path(version).is_dir():
        folder = Path(version)
        locale = folder / "locale" if (folder / "locale").is_dir() else folder
    else:
        tree = tree_at(workspace.locale_dir, version, suffix=".po")
        return _Revision(
            tree,
            {key: name for name in tree.blobs if (key := catalogue_key(Path(name))) is not None},
        )
    return _Folder(
        {
            key: locale / relative
            for relative in sorted(p.relative_to(locale) for p in locale.rglob("*.po"))
            if (key := catalogue_key(relative)) is not None
        }
    )


def _same_bytes(
    before: _Folder | _Revision, after: _Folder | _Revision, key: Key, algorithm: str
) -> bool:
    """Whether a catalogue is on both sides with the very same bytes (so no entry changed).
    Bytes that differ only as git's filters or line-ending conversion store them are not
    the same: both sides are then parsed and compared, which is still exact."""
    if key not in before or key not in after:
        return False
    old = before.content_id(key, algorithm)
    return old is not None and old == after.content_id(key, algorithm)


def _text(data: bytes, where: str) -> str:
    """A catalogue's bytes at a revision as text; one line naming it if they are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CatalogError(
            "not UTF-8; save it as UTF-8 in a PO editor (or convert it with `msgconv -t UTF-8`)",
            path=where,
            line=data[: exc.start].count(b"\n") + 1,
        ) from None


def compare_entries(
    old: list[CatalogEntry], new: list[CatalogEntry]
) -> dict[str, tuple[Change, ...]]:
    """Classify every difference between two versions of one catalogue."""
    before = {e.key: e for e in old if e.state != State.OBSOLETE}
    after = {e.key: e for e in new if e.state != State.OBSOLETE}
    found: dict[str, list[Change]] = {kind: [] for kind in KINDS}
    renamed = set()
    for key, entry in after.items():
        was = before.get(key)
        previous_key = (entry.msgctxt, entry.previous_msgid)
        if was is None and entry.previous_msgid is not None and previous_key in before:
            previous = before[previous_key]
            renamed.add(previous_key)
            found["newly_outdated"].append(_change(previous, entry, old_msgid=previous.msgid))
        elif was is None:
            found["new"].append(_change(None, entry))
        elif entry.state == State.REVIEWED and was.state != State.REVIEWED:
            found["newly_reviewed"].append(_change(was, entry))
        elif entry.state == State.OUTDATED and was.state != State.OUTDATED:
            found["newly_outdated"].append(_change(was, entry))
        elif entry.msgstr != was.msgstr:
            found["changed"].append(_change(was, entry))
    for key, entry in before.items():
        if key not in after and key not in renamed:
            found["removed"].append(_change(entry, None))
    return {kind: tuple(changes) for kind, changes in found.items()}


def _change(
    old: CatalogEntry | None, new: CatalogEntry | None, *, old_msgid: str | None = None
) -> Change:
    current = new or old
    assert current is not None
    return Change(
        msgid=current.msgid,
        old_msgstr=old.msgstr if old else "",
        new_msgstr=new.msgstr if new else "",
        old_state=old.state if old else "absent",
        new_state=new.state if new else "absent",
        old_msgid=old_msgid,
        msgctxt=current.msgctxt,
    )


TITLES = {
    "newly_reviewed": "newly reviewed",
    "newly_outdated": "newly outdated",
    "new": "new",
    "removed": "removed",
    "changed": "changed translations",
}


def diff_to_dict(report: DiffReport) -> dict[str, object]:
    """The report as plain data for JSON: summary counts first, then every change."""
    return {
        "old": report.old,
        "new": report.new,
        "summary": {kind: report.total(kind) for kind in KINDS},
        "catalogues": [
            {
                "release": c.release_id,
                "lang": c.lang,
                "summary": {kind: c.count(kind) for kind in KINDS},
                "changes": {kind: [vars(x) for x in c.changes.get(kind, ())] for kind in KINDS},
            }
            for c in report.catalogues
        ],
    }


def diff_to_text(report: DiffReport) -> str:
    """The report for a terminal: summary counts, then each change with old and new text."""
    lines = [f"{report.old} → {report.new}"]
    lines.append(", ".join(f"{report.total(k)} {TITLES[k]}" for k in KINDS))
    for catalogue in report.catalogues:
        counts = ", ".join(f"{catalogue.count(k)} {TITLES[k]}" for k in KINDS)
        lines += ["", f"{catalogue.release_id} [{catalogue.lang}]: {counts}"]
        for kind in KINDS:
            for change in catalogue.changes.get(kind, ()):
                context = f"[{change.msgctxt}] " if change.msgctxt is not None else ""
                lines.append(f"  {TITLES[kind]}: {context}{change.msgid}")
                if change.old_msgid:
                    lines.append(f"    source was: {change.old_msgid}")
                if change.old_msgstr:
                    lines.append(f"    - {change.old_msgstr}  ({change.old_state})")
                if change.new_msgstr:
                    lines.append(f"    + {change.new_msgstr}  ({change.new_state})")
    if not report.catalogues:
        lines.append("no change in any catalogue")
    return "\n".join(lines) + "\n"
