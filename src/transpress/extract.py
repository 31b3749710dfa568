"""Use case: bring a workspace's templates and catalogues up to date with its sources."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog import (
    MergeReport,
    PlannedFile,
    TemplateEntry,
    group_entries,
    plan_merge,
    plan_template,
)
from transpress.document import Release, Translation
from transpress.errors import WorkspaceError
from transpress.files import write_planned
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


@dataclass(frozen=True)
class ExtractPlan:
    """Extraction computed in memory: the report, the files to write, the merged translations."""

    report: ExtractReport
    files: tuple[PlannedFile, ...]
    translations: dict[tuple[str, str], dict[str, Translation]]  # (release id, lang) → …


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
    results, files, translations = [], [], {}
    for release in releases:
        entries = template_entries(release)
        template = plan_template(workspace.template_path(release.id), release.id, entries, now=now)
        files.append(template)
        reports = []
        for lang in workspace.targets(release):
            path = workspace.catalog_path(release.id, lang)
            merged = plan_merge(path, release.id, lang, entries, now=now)
            files.append(merged.file)
            reports.append(merged.report)
            translations[release.id, lang] = merged.translations
        changed = template.content is not None
        results.append(
            ReleaseExtract(release.id, release.language, changed, len(entries), tuple(reports))
        )
    return ExtractPlan(ExtractReport(tuple(results)), tuple(files), translations)


def planned_catalogues(
    workspace: Workspace,
    releases: Sequence[Release],
    plan: ExtractPlan,
    languages: Sequence[str] = (),
) -> Iterator[tuple[Release, str, Path, str]]:
    """Each target catalogue (release, lang, path, text) as `extract` leaves it: the planned
    content, or the file when it is already up to date."""
    planned = {f.path: f.content for f in plan.files}
    for release in releases:
        for lang in workspace.targets(release):
            if languages and lang not in languages:
                continue
            path = workspace.catalog_path(release.id, lang)
            yield release, lang, path, planned.get(path) or path.read_text(encoding="utf-8")


def extract(workspace: Workspace, names: Sequence[str] = ()) -> ExtractReport:
    """Extract the named releases (all by default): plan everything, then write."""
    plan = plan_extract(workspace, read_releases(workspace, names))
    write_planned(plan.files)
    return plan.report
