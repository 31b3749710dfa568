"""Use case: bring a workspace's templates and catalogues up to date with its sources."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpress.buildcache import BuildCache, Record, fingerprint, sha256_of
from transpress.catalog import (
    MergeReport,
    OpenCatalogue,
    PlannedFile,
    TemplateEntry,
    group_entries,
    plan_merge,
    plan_template,
    previous_template,
    read_catalog,
)
from transpress.catalog.entries import State
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
    #: Each template's digest as it was read (None: there was none), by release id.
    template_digests: dict[str, str | None] = dataclasses.field(default_factory=dict)

    @property
    def files(self) -> list[Planned]:
        """Everything to write: templates, then catalogues."""
        return [*self.templates, *self.catalogues.values()]

    @functools.cached_property
    def by_release(self) -> dict[str, tuple[ReleaseExtract, PlannedFile]]:
        """Each release's extract report and template, by release id (they are in the
        order of the releases, one each)."""
        pairs = zip(self.report.releases, self.templates, strict=True)
        return {extract.release_id: (extract, template) for extract, template in pairs}

    @classmethod
    def joined(cls, parts: Sequence[ExtractPlan]) -> ExtractPlan:
        """One plan of the releases of several."""
        catalogues: dict[tuple[str, str], OpenCatalogue] = {}
        digests: dict[str, str | None] = {}
        for part in parts:
            catalogues.update(part.catalogues)
            digests.update(part.template_digests)
        return cls(
            ExtractReport(tuple(r for part in parts for r in part.report.releases)),
            tuple(t for part in parts for t in part.templates),
            catalogues,
            digests,
        )

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


def plan_extract(
    workspace: Workspace, releases: Sequence[Release], *, now: datetime.datetime | None = None
) -> ExtractPlan:
    """Compute each release's template and each target catalogue's merge, writing nothing
    (`now`: the time headers get, build_time() by default)."""
    now = now or build_time()
    results, templates, catalogues = [], [], {}
    digests: dict[str, str | None] = {}
    for release in releases:
        entries = template_entries(release)
        template_path = workspace.template_path(release.id)
        on_disk = read_catalog(template_path)
        digests[release.id] = on_disk.digest if on_disk else None
        before = previous_template(on_disk)
        width = workspace.config.po_wrap
        template = plan_template(
            template_path,
            release.id,
            entries,
            source_lang=release.language,
            now=now,
            width=width,
            old=on_disk,
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
    return ExtractPlan(ExtractReport(tuple(results)), tuple(templates), catalogues, digests)


def planned_catalogues(
    plan: ExtractPlan, releases: Sequence[Release], languages: Sequence[str] = ()
) -> Iterator[tuple[Release, str, OpenCatalogue]]:
    """Each target catalogue of the releases, as `extract` leaves it, in memory."""
    by_release: dict[str, list[tuple[str, OpenCatalogue]]] = {}
    for (release_id, lang), catalogue in plan.catalogues.items():
        by_release.setdefault(release_id, []).append((lang, catalogue))
    for release in releases:
        for lang, catalogue in by_release.get(release.id, ()):
            if not languages or lang in languages:
                yield release, lang, catalogue


def extract(workspace: Workspace, names: Sequence[str] = ()) -> ExtractReport:
    """Extract the named releases (all by default): plan everything, then write. Releases
    whose files are as the last run left them (the build cache says) are not read."""
    with workspace.locked("extract"):
        paths = workspace.source_paths(tuple(names))
        cache = open_cache(workspace)
        clean = {}
        for path in paths:
            record = cache.clean(path.stem, published=False)
            if record is not None:
                clean[path.stem] = record
        releases = [workspace.read_release(p) for p in paths if p.stem not in clean]
        plan = plan_extract(workspace, releases)
        notices: list[Notice] = []
        write_planned(plan.files, notices)
        moved = {path for path, _ in notices}
        for release in releases:
            inputs, recorded = recorded_extract(workspace, plan, release)
            if inputs is None or any(workspace.root / name in moved for name in inputs):
                cache.forget(release.id)
            else:
                cache.record(release.id, inputs, None, recorded)
        if not names:
            cache.keep_only([*(p.stem for p in paths), ""])  # "": the index page's record
        cache.save()
    report = with_recorded(plan.report, paths, clean, workspace)
    return dataclasses.replace(report, notices=workspace.describe(notices))


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


# --------------------------------------------------------------------------------------
# The build cache (buildcache.py): releases whose files are as the last run left them
# --------------------------------------------------------------------------------------


def open_cache(workspace: Workspace) -> BuildCache:
    """The workspace's build cache, keyed on what editions depend on beside their files."""
    key = fingerprint(workspace.config, workspace.templates_dir)
    return BuildCache(workspace.root, workspace.build_cache_path, key)


def release_languages(workspace: Workspace, paths: Sequence[Path]) -> dict[str, str]:
    """Each release's language, by id: from its build record while its files are as
    recorded (the source is not read), else from the source."""
    cache = open_cache(workspace)
    languages = {}
    for path in paths:
        record = cache.clean(path.stem, published=False)
        extract = record.report.get("extract") if record is not None else None
        if isinstance(extract, dict) and isinstance(extract.get("language"), str):
            languages[path.stem] = extract["language"]
        else:
            languages[path.stem] = workspace.read_release(path).language
    return languages


def recorded_extract(
    workspace: Workspace, plan: ExtractPlan, release: Release
) -> tuple[dict[str, str | None] | None, dict[str, Any]]:
    """What the cache records of a release's extraction: the digest of its source, template
    and catalogues as this run left them (None: unknown, not to be recorded), and what a
    no-op extract reports of it."""
    extract, template = plan.by_release[release.id]
    report = {
        "extract": {
            "language": extract.language,
            "messages": extract.messages,
            "catalogues": [(m.lang, workspace.relative(m.path)) for m in extract.catalogs],
        },
        "pending": sum(
            len(plan.catalogues[release.id, m.lang].pending(refresh=False))
            for m in extract.catalogs
        ),
        "status": [
            _status_json(m.lang, plan.catalogues[release.id, m.lang]) for m in extract.catalogs
        ],
    }
    if not release.digest:
        return None, report
    inputs: dict[str, str | None] = {release.source: release.digest}
    inputs[workspace.relative(template.path)] = (
        sha256_of(template.content.encode("utf-8"))
        if template.content is not None
        else plan.template_digests.get(release.id)
    )
    for lang in workspace.targets(release):
        catalogue = plan.catalogues[release.id, lang]
        content = catalogue.content
        digest = sha256_of(content.encode("utf-8")) if content is not None else catalogue.digest
        if digest is None:
            return None, report
        inputs[workspace.relative(catalogue.path)] = digest
    return inputs, report


def _status_json(lang: str, catalogue: OpenCatalogue) -> dict[str, Any]:
    """What `status` says of a catalogue: segments and words per state, and how many
    entries wait for review (status lists those, so it reads a catalogue that has any)."""
    tallies: dict[str, list[int]] = {}
    waiting = 0
    for entry in catalogue.entries():
        tally = tallies.setdefault(str(entry.state), [0, 0])
        tally[0] += 1
        tally[1] += entry.words
        waiting += entry.state not in (State.REVIEWED, State.OBSOLETE)
    return {"lang": lang, "tallies": tallies, "waiting": waiting}


def with_recorded(
    report: ExtractReport, paths: Sequence[Path], clean: Mapping[str, Record], ws: Workspace
) -> ExtractReport:
    """The extract report of a run, with what a no-op extract says of recorded releases."""
    done = {r.release_id: r for r in report.releases}
    releases = []
    for path in paths:
        if path.stem in done:
            releases.append(done[path.stem])
            continue
        item = clean[path.stem].report["extract"]
        merges = tuple(
            MergeReport(ws.root / name, lang, False, False, 0, 0, 0, item["messages"])
            for lang, name in item["catalogues"]
        )
        releases.append(
            ReleaseExtract(path.stem, item["language"], False, item["messages"], merges)
        )
    return dataclasses.replace(report, releases=tuple(releases))
