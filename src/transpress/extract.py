"""Use case: bring a workspace's templates and catalogues up to date with its sources."""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from transpress.catalog import (
    MergeReport,
    OpenCatalogue,
    PlannedFile,
    TemplateEntry,
    group_entries,
    plan_merge,
    plan_template,
    previous_template,
)
from transpress.catalog.headers import time_stamp
from transpress.document import Release, Translation
from transpress.errors import WorkspaceError
from transpress.files import Notice, Planned, stale_files, write_planned
from transpress.units import translation_units
from transpress.workspace import Workspace


@dataclass(frozen=True)
class ReleaseExtract:
    """What extraction changes for one release."""

    release_id: str
    language: str
    template_changed: bool
    messages: int
    catalogs: tuple[MergeReport, ...]


@dataclass(frozen=True)
class ExtractReport:
    """What `transpress extract` did."""

    releases: tuple[ReleaseExtract, ...]
    notices: tuple[str, ...] = ()  # catalogues a translator saved while the run went on


@dataclass(frozen=True)
class ExtractPlan:
    """Extraction computed in memory: the report, the templates, the merged catalogues."""

    report: ExtractReport
    templates: tuple[PlannedFile, ...]
    catalogues: dict[tuple[str, str], OpenCatalogue]  # (release id, lang) → catalogue

    @property
    def files(self) -> list[Planned]:
        """Everything to write: templates, then catalogues."""
        return [*self.templates, *self.catalogues.values()]

    def translations(self, release_id: str, lang: str) -> dict[str, Translation]:
        """The merged translations of one catalogue (empty if there is none)."""
        catalogue = self.catalogues.get((release_id, lang))
        return {} if catalogue is None else catalogue.translations()


def build_time() -> datetime.datetime:
    """Now, or SOURCE_DATE_EPOCH when set, for reproducible headers."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)
        except ValueError:
            raise WorkspaceError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds"
            ) from None
    return datetime.datetime.now(tz=datetime.UTC).replace(second=0, microsecond=0)


def template_entries(release: Release) -> list[TemplateEntry]:
    """The template entries of a release, grouped by msgid, in document order."""
    return group_entries(
        (unit.msgid, release.source, unit.line, unit.kind.value)
        for unit in translation_units(release)
    )


def read_releases(workspace: Workspace, names: Sequence[str] = ()) -> list[Release]:
    """Read every named release (all of them by default) before anything is written."""
    return [workspace.read_release(path) for path in workspace.source_paths(tuple(names))]


def plan_extract(workspace: Workspace, releases: Sequence[Release]) -> ExtractPlan:
    """Compute each release's template and each target catalogue's merge, writing nothing."""
    now = build_time()
    results, templates, catalogues = [], [], {}
    for release in releases:
        entries = template_entries(release)
        template_path = workspace.template_path(release.id)
        before = previous_template(template_path)
        width = workspace.config.po_wrap
        template = plan_template(
            template_path, release.id, entries, source_lang=release.language, now=now, width=width
        )
        templates.append(template)
        created = before.created if template.content is None else time_stamp(now)
        reports = []
        for lang in workspace.targets(release):
            path = workspace.catalog_path(release.id, lang)
            merged = plan_merge(
                path,
                release.id,
                lang,
                entries,
                source_lang=release.language,
                now=now,
                extracted_before=before.keys,
                template_created=created,
                width=width,
            )
            catalogues[release.id, lang] = merged.catalogue
            reports.append(merged.report)
        changed = template.content is not None
        results.append(
            ReleaseExtract(release.id, release.language, changed, len(entries), tuple(reports))
        )
    return ExtractPlan(ExtractReport(tuple(results)), tuple(templates), catalogues)


def planned_catalogues(
    plan: ExtractPlan, releases: Sequence[Release], languages: Sequence[str] = ()
) -> Iterator[tuple[Release, str, OpenCatalogue]]:
    """Each target catalogue of the releases, as `extract` leaves it, in memory."""
    for release in releases:
        for (release_id, lang), catalogue in plan.catalogues.items():
            if release_id == release.id and (not languages or lang in languages):
                yield release, lang, catalogue


def extract(workspace: Workspace, names: Sequence[str] = ()) -> ExtractReport:
    """Extract the named releases (all by default): plan everything, then write."""
    with workspace.locked("extract"):
        plan = plan_extract(workspace, read_releases(workspace, names))
        notices: list[Notice] = []
        write_planned(plan.files, notices)
    return dataclasses.replace(plan.report, notices=workspace.describe(notices))


def check_extract(
    workspace: Workspace, names: Sequence[str] = ()
) -> tuple[ExtractReport, list[str]]:
    """What `extract` would change, writing nothing: the report and one line per file."""
    plan = plan_extract(workspace, read_releases(workspace, names))
    stale = set(stale_files(plan.files))
    lines = []
    for release, template in zip(plan.report.releases, plan.templates, strict=True):
        if template.path in stale:
            lines.append(f"{workspace.relative(template.path)}: template would be updated")
        for merge in release.catalogs:
            if merge.path in stale:
                lines.append(f"{workspace.relative(merge.path)}: {describe_merge(merge)}")
    return plan.report, lines


def describe_merge(merge: MergeReport) -> str:
    """What a merge does to a catalogue, in a few words.

    >>> from pathlib import Path
    >>> describe_merge(MergeReport(Path("fr.po"), "fr", False, True, 1, 2, 1, 9, kept=1))
    'would be updated (1 new, 2 fuzzy, 1 obsolete of which 1 not extracted by transpress)'
    """
    state = "would be created" if merge.created else "would be updated"
    kept = f" of which {merge.kept} not extracted by transpress" if merge.kept else ""
    return f"{state} ({merge.new} new, {merge.fuzzy} fuzzy, {merge.obsolete} obsolete{kept})"
