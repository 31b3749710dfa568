"""Use cases: XLIFF files out to agencies and CAT tools, and their translations back in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog import (
    MACHINE_PREFIXES,
    STAMP_PREFIX,
    CatalogEntry,
    OpenCatalogue,
    PlannedFile,
    State,
    export_stamp,
)
from transpress.catalog.drafts import Outcome, Returned
from transpress.document import Release
from transpress.errors import CatalogError, InputError
from transpress.extract import plan_extract, planned_catalogues, read_releases
from transpress.files import Notice, write_planned
from transpress.workspace import Workspace
from transpress.xliff import (
    VERSIONS,
    Document,
    ReceivedFile,
    Unit,
    read_xliff,
    unit_id,
    write_xliff,
)
from transpress.xmlfiles import representable


@dataclass(frozen=True)
class ExportReport:
    """The XLIFF files written, with their number of units and of units to translate."""

    files: tuple[tuple[Path, int, int], ...]


@dataclass(frozen=True)
class ImportedFile:
    """What became of each unit of one returned file."""

    path: Path
    release_id: str
    lang: str
    outcomes: dict[str, int]
    conflicts: tuple[str, ...]  # the msgids kept as the catalogue has them
    unknown: tuple[str, ...]  # sources no longer in the release


@dataclass(frozen=True)
class ImportReport:
    """What `transpress xliff import` did."""

    files: tuple[ImportedFile, ...]
    written: tuple[Path, ...]
    notices: tuple[str, ...] = ()  # catalogues a translator saved while the import went on


def export_xliff(
    workspace: Workspace,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    version: str = "1.2",
    folder: Path,
) -> ExportReport:
    """Write `<release>.<lang>.xlf` into `folder` for each release and target language,
    from the catalogues as extract would leave them (the workspace is not changed)."""
    if version not in VERSIONS:
        raise InputError(f"XLIFF version must be one of {', '.join(VERSIONS)}, not {version!r}")
    releases = read_releases(workspace, names)
    plan = plan_extract(workspace, releases)
    planned = []
    counts = []
    for release, lang, catalogue in planned_catalogues(plan, releases, languages):
        document = _document(release, lang, catalogue)
        path = folder / f"{release.id}.{lang}.xlf"
        planned.append(PlannedFile(path, write_xliff(document, version).decode("utf-8")))
        todo = sum(1 for u in document.units if not u.reviewed)
        counts.append((path, len(document.units), todo))
    write_planned(planned)
    return ExportReport(tuple(counts))


def _document(release: Release, lang: str, catalogue: OpenCatalogue) -> Document:
    units = []
    for entry in catalogue.entries():
        if not _exportable(entry):
            continue
        unit = _unit(entry)
        texts = (unit.source, unit.target, unit.kind, unit.previous_source or "")
        if not all(map(representable, (*texts, *unit.notes, *unit.provenance))):
            raise CatalogError(
                "this entry holds a control character XML cannot carry; remove it (from the "
                "source, if it is in the msgid) before exporting",
                path=catalogue.path,
                line=entry.line,
            )
        units.append(unit)
    return Document(release.source, release.language, lang, tuple(units))


def _exportable(entry: CatalogEntry) -> bool:
    return entry.state != State.OBSOLETE and entry.msgctxt is None and not entry.msgid_plural


def _unit(entry: CatalogEntry) -> Unit:
    machine_lines = [c for c in entry.comments if c.startswith(MACHINE_PREFIXES)]
    notes = [c for c in entry.comments if c not in machine_lines]
    machine_lines = [c for c in machine_lines if not c.startswith(STAMP_PREFIX)]
    translated = entry.state != State.UNTRANSLATED
    return Unit(
        id=unit_id(entry.msgctxt, entry.msgid),
        source=entry.msgid,
        target=entry.msgstr if translated else "",
        reviewed=entry.state == State.REVIEWED,
        machine=entry.state == State.MACHINE,
        notes=tuple(notes),
        kind=entry.extracted,
        locations=entry.occurrences,
        provenance=tuple(machine_lines),
        previous_source=entry.previous_msgid,
        exported=export_stamp(entry.msgstr, reviewed=entry.state == State.REVIEWED)
        if translated
        else None,
    )


def import_xliff(workspace: Workspace, paths: Sequence[Path]) -> ImportReport:
    """Merge the translations of returned XLIFF files into their catalogues, with
    extract's safety: a reviewed translation that changed since the export is never
    overwritten (a conflict is reported instead), nothing reviewed is demoted."""
    with workspace.locked("xliff import"):
        return _import(workspace, paths)


def _import(workspace: Workspace, paths: Sequence[Path]) -> ImportReport:
    received = [(path, part) for path in paths for part in read_xliff(path)]
    by_source = {workspace.relative(p): p for p in workspace.source_paths()}
    wanted = []
    for path, part in received:
        source = by_source.get(part.original) or next(
            (p for p in by_source.values() if p.stem == Path(part.original).stem), None
        )
        if source is None:
            raise InputError(
                f"no release for {part.original!r} in this workspace; import it where it "
                "was exported",
                path=path,
            )
        wanted.append(source.stem)
    releases = read_releases(workspace, list(dict.fromkeys(wanted)))
    plan = plan_extract(workspace, releases)
    results = []
    for (path, part), release_id in zip(received, wanted, strict=True):
        catalogue = plan.catalogues.get((release_id, part.target_lang))
        if catalogue is None:
            raise InputError(
                f"{part.target_lang!r} is not a target language of {release_id}",
                path=path,
            )
        results.append(_receive(path, release_id, part, catalogue))
    # only the catalogues that received translations: the rest is extract's business
    received_into = [plan.catalogues[r.release_id, r.lang] for r in results]
    notices: list[Notice] = []
    written = write_planned(list(dict.fromkeys(received_into)), notices)
    return ImportReport(tuple(results), tuple(written), workspace.describe(notices))


def _receive(
    path: Path, release_id: str, part: ReceivedFile, catalogue: OpenCatalogue
) -> ImportedFile:
    """Take one file's units into its catalogue; units are found by id, else by source."""
    msgids = {unit_id(e.msgctxt, e.msgid): e.msgid for e in catalogue.entries() if _exportable(e)}
    known = set(msgids.values())
    by_source = Counter(unit.source for unit in part.units if unit.id not in msgids)
    outcomes: Counter[str] = Counter()
    conflicts, unknown = [], []
    for unit in part.units:
        if not unit.source:
            continue  # a PO header carried over by a converter (po2xliff)
        msgid = msgids.get(unit.id)
        if msgid is None and by_source[unit.source] == 1 and unit.source in known:
            msgid = unit.source  # another tool's file: matched by its source text
        if msgid is None:
            outcomes[Outcome.UNKNOWN] += 1
            unknown.append(unit.source)
            continue
        outcome = catalogue.receive(Returned(msgid, unit.target, unit.reviewed, unit.exported))
        outcomes[outcome] += 1
        if outcome is Outcome.CONFLICT:
            conflicts.append(msgid)
    return ImportedFile(
        path, release_id, part.target_lang, dict(outcomes), tuple(conflicts), tuple(unknown)
    )
