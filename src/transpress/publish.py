"""Use case: extract, then render every edition of the chosen releases and the index."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transpress.buildcache import BuildCache, Record, sha256_of
from transpress.catalog import PlannedFile
from transpress.document import IndexEntry, Release
from transpress.errors import TranspressError
from transpress.extract import (
    ExtractPlan,
    ExtractReport,
    open_cache,
    plan_extract,
    recorded_extract,
    with_recorded,
)
from transpress.files import Notice, stale_files, write_planned
from transpress.workspace import FORMATS, Workspace

if TYPE_CHECKING:  # imported where used: a publish with nothing to do needs none of them
    from transpress.edition import Edition
    from transpress.engines import DraftOptions, EngineOptions
    from transpress.render import Renderer
    from transpress.translate import Progress, TranslateReport


@dataclass(frozen=True)
class EditionReport:
    """How one edition was assembled and which files it wrote."""

    release_id: str
    lang: str
    source: bool
    units: int
    reviewed: int
    drafts: int
    missing: int
    files: tuple[Path, ...]
    decision: str = "published"
    percent: float = 100.0
    threshold: float = 80.0


@dataclass(frozen=True)
class PublishReport:
    """What `transpress publish` did."""

    extract: ExtractReport
    editions: tuple[EditionReport, ...]
    written: tuple[Path, ...]
    drafts: str
    warnings: tuple[str, ...]
    machine: TranslateReport | None = None
    removed: tuple[Path, ...] = ()  # with check: the files publish would remove
    stale: tuple[Path, ...] = ()  # with check: the files publish would write


def publish(
    workspace: Workspace,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    translate: bool = True,
    options: EngineOptions | None = None,
    progress: Progress | None = None,
    check: bool = False,
    drafting: DraftOptions | None = None,
) -> PublishReport:
    """Plan the catalogues, render every edition in memory, then write what changed.

    Nothing is written unless every source, catalogue and template was read and
    rendered without error. With `check`, nothing is written at all (and nothing is
    machine-translated): the report lists the files a publish would change.
    """
    if check:
        return _publish(workspace, names, languages, False, options, progress, check=True)
    with workspace.locked("publish"):
        return _publish(
            workspace,
            names,
            languages,
            translate,
            options,
            progress,
            check=False,
            drafting=drafting,
        )


def _publish(
    workspace: Workspace,
    names: Sequence[str],
    languages: Sequence[str],
    translate: bool,
    options: EngineOptions | None,
    progress: Progress | None,
    *,
    check: bool,
    drafting: DraftOptions | None = None,
) -> PublishReport:
    langs = workspace.languages(languages)
    paths = workspace.source_paths(tuple(names))
    cache = None if check else open_cache(workspace)
    clean = _clean_releases(cache, paths, translate=translate)
    releases = [workspace.read_release(p) for p in paths if p.stem not in clean]
    plan = plan_extract(workspace, releases)
    machine: TranslateReport | None = None
    if translate and not check and releases:
        from transpress.translate import machine_translate

        machine = machine_translate(
            workspace,
            releases,
            plan,
            languages=langs,
            options=options,
            drafting=drafting,
            progress=progress,
        )
    renderer = _Renderers(workspace.templates_dir)
    outputs: list[PlannedFile] = []
    built: dict[str, _Built] = {}
    skipped: set[tuple[str, str]] = set()  # every language below its threshold, --lang or not
    for release in releases:
        built[release.id] = _build(workspace, plan, release, langs, renderer)
        outputs += built[release.id].outputs
        skipped |= {(release.id, lang) for lang in built[release.id].skipped}
    reports = [
        report
        for path in paths
        for report in (
            built[path.stem].reports
            if path.stem in built
            else _editions_of(clean[path.stem], workspace, langs)
        )
    ]
    listed, warnings = _index_entries(workspace, releases, clean, cache, outputs, skipped)
    index_key = _index_key(listed)
    if "html" in workspace.config.formats and not _index_clean(cache, workspace, index_key):
        outputs.append(PlannedFile(workspace.index_path, renderer.get().render_index(listed)))
    extract_report = with_recorded(plan.report, paths, clean, workspace)
    if check:
        return PublishReport(
            extract_report,
            tuple(reports),
            (),
            workspace.config.drafts,
            tuple(warnings),
            removed=tuple(_unpublish(workspace, skipped, dry_run=True)),
            stale=tuple(stale_files(plan.files) + stale_files(outputs)),
        )
    # Editions first: they are derived; if writing them fails, the catalogues (a translator's
    # work) are still as they were. Each file is replaced atomically.
    written = write_planned(outputs)
    notices: list[Notice] = []
    written += write_planned(plan.files, notices)
    warnings += workspace.describe(notices)
    removed = _unpublish(workspace, skipped)
    if cache is not None:
        _remember(cache, workspace, plan, releases, built, langs, notices)
        _remember_index(cache, workspace, index_key)
        if not names:
            cache.keep_only([*(p.stem for p in paths), _INDEX])
        cache.save()
    if machine is not None:
        warnings += [
            f"no translation model for {a}→{b}: install one with `transpress models install "
            f"{a}-{b}` (or a .argosmodel file); publishing what the catalogues hold"
            for a, b in machine.missing
        ]
        warnings += machine.warnings
    return PublishReport(
        extract_report,
        tuple(reports),
        tuple(written),
        workspace.config.drafts,
        tuple(warnings),
        machine,
        tuple(removed),
    )


class _Renderers:
    """The Jinja2 renderer, made when the first page needs it (not at all when nothing
    has to be rendered)."""

    def __init__(self, templates: Path):
        self._templates = templates
        self._renderer: Renderer | None = None

    def overrides(self, name: str) -> bool:
        """Whether the workspace replaces the packaged template `name`."""
        return self._templates.is_dir() and (self._templates / name).is_file()

    def get(self) -> Renderer:
        """The renderer."""
        if self._renderer is None:
            from transpress.render import Renderer

            self._renderer = Renderer(self._templates)
        return self._renderer


@dataclass
class _Built:
    """One release's editions, rendered in memory."""

    outputs: list[PlannedFile]
    reports: list[EditionReport]  # the --lang languages
    skipped: list[str]  # every language below its threshold
    all_reports: list[EditionReport]  # every language


def _build(
    workspace: Workspace,
    plan: ExtractPlan,
    release: Release,
    langs: Sequence[str],
    renderers: _Renderers,
) -> _Built:
    """Every edition of one release in every language, the --lang ones rendered."""
    from transpress.locale import language_name

    editions = {
        lang: _edition(workspace, plan, release, lang) for lang in workspace.config.languages
    }
    decisions = {lang: _decide(workspace, e) for lang, e in editions.items()}
    alternates = [(lang, language_name(lang)) for lang, d in decisions.items() if d != SKIPPED]
    outputs: list[PlannedFile] = []
    reports: dict[str, EditionReport] = {}
    for lang in workspace.config.languages:
        files = []
        if decisions[lang] != SKIPPED and lang in langs:
            for fmt in workspace.config.formats:
                path = workspace.edition_path(release.id, lang, fmt)
                text = _source_as_written(workspace, release, lang, fmt, renderers)
                if text is None:
                    text = renderers.get().render_edition(editions[lang], fmt, alternates)
                outputs.append(PlannedFile(path, text))
                files.append(path)
        reports[lang] = _report(editions[lang], decisions[lang], tuple(files))
    return _Built(
        outputs,
        [reports[lang] for lang in langs],
        [lang for lang, d in decisions.items() if d == SKIPPED],
        list(reports.values()),
    )


def _source_as_written(
    workspace: Workspace, release: Release, lang: str, fmt: str, renderer: _Renderers
) -> str | None:
    """The text edition of a plain-text release in its own language is the source, byte
    for byte (its BOM, line endings and blank lines included), unless the workspace has
    its own text template."""
    if lang != release.language or fmt != "txt" or renderer.overrides("release.txt.j2"):
        return None
    path = workspace.root / release.source
    if path.suffix.lower() != ".txt":
        return None
    try:
        return path.read_bytes().decode("utf-8")  # read and decoded once already
    except (OSError, UnicodeDecodeError):
        return None


def _unpublish(
    workspace: Workspace, skipped: set[tuple[str, str]], *, dry_run: bool = False
) -> list[Path]:
    """Remove the old editions of languages now below their threshold: not stale pages."""
    removed = []
    for release_id, lang in sorted(skipped):
        for fmt in FORMATS:
            path = workspace.edition_path(release_id, lang, fmt)
            if path.exists():
                if not dry_run:
                    path.unlink()
                removed.append(path)
    return removed


PUBLISHED = "published"
WITH_NOTICE = "published with notice"
SKIPPED = "skipped"


def _edition(workspace: Workspace, plan: ExtractPlan, release: Release, lang: str) -> Edition:
    from transpress.edition import build_edition

    translations = plan.translations(release.id, lang)
    return build_edition(
        release,
        lang,
        translations,
        drafts=workspace.config.drafts,
        threshold=workspace.config.threshold_for(lang),
    )


def _decide(workspace: Workspace, edition: Edition) -> str:
    """Publish, publish with a notice, or skip a language below the reviewed threshold."""
    if edition.is_source or edition.percent_reviewed >= edition.threshold:
        from transpress.edition import notice

        return WITH_NOTICE if notice(edition) else PUBLISHED
    return WITH_NOTICE if workspace.config.below_threshold == "notice" else SKIPPED


def _published_languages(
    workspace: Workspace, release_id: str, planned: set[Path], skipped: set[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """Languages with an HTML edition after this run (written now, or already there)."""
    from transpress.locale import language_name

    found = []
    for lang in workspace.config.languages:
        page = workspace.edition_path(release_id, lang, "html")
        if (release_id, lang) not in skipped and (page in planned or page.exists()):
            found.append((lang, language_name(lang)))
    return tuple(found)


def _index_entries(
    workspace: Workspace,
    published: Sequence[Release],
    clean: Mapping[str, Record],
    cache: BuildCache | None,
    outputs: list[PlannedFile],
    skipped: set[tuple[str, str]],
) -> tuple[list[IndexEntry], list[str]]:
    """Every release of the workspace for the index; others that cannot be read are skipped.
    Releases whose build is recorded and unchanged come from their record, unread."""
    by_id = {r.id: r for r in published}
    known = {r: _index_of(record) for r, record in clean.items()}
    warnings = []
    for path in workspace.source_paths():
        if path.stem in by_id or path.stem in known:
            continue
        record = cache.clean(path.stem, published=True) if cache is not None else None
        if record is not None:
            known[path.stem] = _index_of(record)
            continue
        try:
            by_id[path.stem] = workspace.read_release(path)
        except TranspressError as exc:
            warnings.append(f"not in the index: {exc.format()}")
    planned = {f.path for f in outputs}
    for r in by_id.values():
        known[r.id] = IndexEntry(
            r.id,
            r.title,
            r.language,
            r.dateline.date.isoformat() if r.dateline else "",
            _published_languages(workspace, r.id, planned, skipped),
        )
    return [known[r] for r in sorted(known)], warnings


# --------------------------------------------------------------------------------------
# The build cache: releases whose files are as the last publish left them are not rebuilt
# --------------------------------------------------------------------------------------

_INDEX = ""  # the index page's record (no release has an empty id)


def _clean_releases(
    cache: BuildCache | None, paths: Sequence[Path], *, translate: bool
) -> dict[str, Record]:
    """The releases with nothing to do: every file as recorded, and nothing left to
    machine-translate (when this run would try)."""
    if cache is None:
        return {}
    clean = {}
    for path in paths:
        record = cache.clean(path.stem, published=True)
        if record is not None and not (translate and record.report.get("pending")):
            clean[path.stem] = record
    return clean


def _editions_of(record: Record, workspace: Workspace, langs: Sequence[str]) -> list[EditionReport]:
    """The edition reports of a recorded release, for the --lang languages."""
    reports = []
    for item in record.report["editions"]:
        if item["lang"] in langs:
            files = tuple(workspace.root / name for name in item["files"])
            reports.append(EditionReport(**{**item, "files": files}))
    return reports


def _index_of(record: Record) -> IndexEntry:
    item = record.report["index"]
    return IndexEntry(
        item["release_id"],
        item["title"],
        item["lang"],
        item["date_iso"],
        tuple((lang, name) for lang, name in item["editions"]),
    )


def _remember(
    cache: BuildCache,
    workspace: Workspace,
    plan: ExtractPlan,
    releases: Sequence[Release],
    built: Mapping[str, _Built],
    langs: Sequence[str],
    notices: Sequence[Notice],
) -> None:
    """Record each release built in every language whose files are what this run left."""
    if tuple(langs) != tuple(workspace.config.languages):
        for release in releases:
            cache.forget(release.id)  # only some editions were rendered
        return
    moved = {path for path, _ in notices}  # saved by someone else meanwhile
    for release in releases:
        inputs, extract_json = recorded_extract(workspace, plan, release)
        if inputs is None or any(workspace.root / name in moved for name in inputs):
            cache.forget(release.id)
            continue
        this = built[release.id]
        outputs = _expected_outputs(workspace, release, this)
        if outputs is None:
            cache.forget(release.id)
            continue
        report = {
            **extract_json,
            "editions": [_edition_json(e, workspace) for e in this.all_reports],
            "index": _index_json(release, this, workspace),
        }
        cache.record(release.id, inputs, outputs, report)


def _expected_outputs(
    workspace: Workspace, release: Release, built: _Built
) -> dict[str, str | None] | None:
    """The digest of each edition as this run rendered it, None for the editions of a
    skipped language, which must not exist (None altogether: something was not rendered)."""
    texts = {f.path: f.content for f in built.outputs}
    outputs: dict[str, str | None] = {}
    for lang in workspace.config.languages:
        for fmt in FORMATS:
            path = workspace.edition_path(release.id, lang, fmt)
            if lang in built.skipped:
                outputs[workspace.relative(path)] = None
            elif fmt in workspace.config.formats:
                text = texts.get(path)
                if text is None:
                    return None
                outputs[workspace.relative(path)] = sha256_of(text.encode("utf-8"))
    return outputs


def _edition_json(report: EditionReport, workspace: Workspace) -> dict[str, Any]:
    item = dataclasses.asdict(report)
    item["files"] = [workspace.relative(path) for path in report.files]
    return item


def _index_json(release: Release, built: _Built, workspace: Workspace) -> dict[str, Any]:
    from transpress.locale import language_name

    editions = [
        (lang, language_name(lang))
        for lang in workspace.config.languages
        if lang not in built.skipped
    ]
    return {
        "release_id": release.id,
        "title": release.title,
        "lang": release.language,
        "date_iso": release.dateline.date.isoformat() if release.dateline else "",
        "editions": editions if "html" in workspace.config.formats else [],
    }


def _index_key(listed: Sequence[IndexEntry]) -> str:
    return sha256_of(json.dumps([dataclasses.astuple(e) for e in listed]).encode("utf-8"))


def _index_clean(cache: BuildCache | None, workspace: Workspace, key: str) -> bool:
    """Whether the index page on disk is the one this run would render."""
    if cache is None:
        return False
    record = cache.clean(_INDEX, published=True)
    return record is not None and record.report.get("key") == key


def _remember_index(cache: BuildCache, workspace: Workspace, key: str) -> None:
    if "html" not in workspace.config.formats:
        cache.forget(_INDEX)
        return
    if _index_clean(cache, workspace, key):
        return
    try:
        digest = sha256_of(workspace.index_path.read_bytes())
    except OSError:
        cache.forget(_INDEX)
        return
    cache.record(_INDEX, {}, {workspace.relative(workspace.index_path): digest}, {"key": key})


def _report(edition: Edition, decision: str, files: tuple[Path, ...]) -> EditionReport:
    from transpress.edition import Status

    return EditionReport(
        decision=decision,
        percent=edition.percent_reviewed,
        threshold=edition.threshold,
        release_id=edition.release_id,
        lang=edition.lang,
        source=edition.lang == edition.source_language,
        units=edition.units,
        reviewed=edition.count(Status.REVIEWED),
        drafts=edition.count(Status.DRAFT),
        missing=edition.count(Status.MISSING),
        files=files,
    )
