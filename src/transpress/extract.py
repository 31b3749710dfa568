"""Use case: bring a workspace's templates and catalogues up to date with its sources."""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from dataclasses import dataclass

from transpress.catalog import (
    MergeReport,
    TemplateEntry,
    group_entries,
    update_catalog,
    write_template,
)
from transpress.document import Release
from transpress.errors import WorkspaceError
from transpress.units import translation_units
from transpress.workspace import Workspace


@dataclass(frozen=True)
class ReleaseExtract:
    """What extraction did for one release."""

    release_id: str
    language: str
    template_written: bool
    messages: int
    catalogs: tuple[MergeReport, ...]


@dataclass(frozen=True)
class ExtractReport:
    """What `transpress extract` did."""

    releases: tuple[ReleaseExtract, ...]


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


def extract_releases(workspace: Workspace, releases: Sequence[Release]) -> ExtractReport:
    """Write each release's template and merge it into each target language's catalogue."""
    now = build_time()
    results = []
    for release in releases:
        entries = template_entries(release)
        written = write_template(workspace.template_path(release.id), release.id, entries, now=now)
        catalogs = tuple(
            update_catalog(
                workspace.catalog_path(release.id, lang), release.id, lang, entries, now=now
            )
            for lang in workspace.targets(release)
        )
        results.append(
            ReleaseExtract(release.id, release.language, written, len(entries), catalogs)
        )
    return ExtractReport(tuple(results))


def extract(workspace: Workspace, names: Sequence[str] = ()) -> ExtractReport:
    """Extract the named releases (all by default)."""
    return extract_releases(workspace, read_releases(workspace, names))
