"""Use case: what changed in translation status between two versions of a workspace."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from transpress.catalog import CatalogEntry, entries_from_text, read_entries
from transpress.vcs import files_at
from transpress.workspace import Workspace, catalogue_key

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
    the working tree)."""
    before = _catalogues(workspace, old)
    after = _catalogues(workspace, new)
    found = []
    for key in sorted(before.keys() | after.keys()):
        changes = compare_entries(before.get(key, []), after.get(key, []))
        if any(changes.values()):
            found.append(LanguageDiff(key[0], key[1], changes))
    return DiffReport(old, new or "working tree", tuple(found))


def _catalogues(
    workspace: Workspace, version: str | None
) -> dict[tuple[str, str], list[CatalogEntry]]:
    """(release, lang) → entries, from the working tree, a folder or a git revision."""
    if version is None:
        locale = workspace.locale_dir
    elif Path(version).is_dir():
        folder = Path(version)
        locale = folder / "locale" if (folder / "locale").is_dir() else folder
    else:
        texts = files_at(workspace.locale_dir, version, suffix=".po")
        return {
            key: entries_from_text(texts[name])
            for name in texts
            if (key := catalogue_key(Path(name))) is not None
        }
    return {
        key: read_entries(locale / relative)
        for relative in sorted(p.relative_to(locale) for p in locale.rglob("*.po"))
        if (key := catalogue_key(relative)) is not None
    }


def compare_entries(
    old: list[CatalogEntry], new: list[CatalogEntry]
) -> dict[str, tuple[Change, ...]]:
    """Classify every difference between two versions of one catalogue."""
    before = {e.key: e for e in old if e.state != "obsolete"}
    after = {e.key: e for e in new if e.state != "obsolete"}
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
        elif entry.state == "reviewed" and was.state != "reviewed":
            found["newly_reviewed"].append(_change(was, entry))
        elif entry.state == "outdated" and was.state != "outdated":
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
