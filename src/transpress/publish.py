"""Use case: extract, then render every edition of the chosen releases and the index."""

from __future__ import annotations

import contextlib
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
    ReleaseExtract,
    build_time,
    open_cache,
    plan_extract,
    recorded_extract,
    with_recorded,
)
from transpress.files import Notice, Planned, Staging, stale_files, write_planned
from transpress.workspace import FORMATS, Workspace

if TYPE_CHECKING:  # imported where used: a publish with nothing to do needs none of them
    from transpress.edition import Edition
    from transpress.engines import DraftOptions, EngineOptions
    from transpress.machine import Progress
    from transpress.published import Snapshot
    from transpress.render import Renderer
    from transpress.translate import TranslateReport


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
    translates: str = ""  # a kept edition: the ISO date of the source version it translates


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
    engine_name: str | None = None,
    preview: bool = False,
) -> PublishReport:
    """Plan the catalogues, render every edition in memory, then write what changed.

    Nothing is written unless every source, catalogue and template was read and
    rendered without error. With `check`, nothing is written at all (and nothing is
    machine-translated): the report lists the files a publish would change. With
    `preview`, every language is rendered from the catalogues as they are, drafts marked,
    into the preview folder, and nothing else is written (nor machine-translated).
    """
    if preview:  # writes only the preview folder: other commands may run meanwhile
        return _publish(workspace.for_preview(), names, languages, False, None, None, check=False)
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
            engine_name=engine_name,
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
    engine_name: str | None = None,
) -> PublishReport:
    langs = workspace.languages(languages)
    paths = workspace.source_paths(tuple(names))
    cache = None if check else open_cache(workspace)
    clean = _clean_releases(cache, paths, translate=translate)
    run = _Run(workspace, langs, _Renderers(workspace.templates_dir), cache, check=check)
    try:
        todo = [p for p in paths if p.stem not in clean]
        machine = _build_all(run, todo, translate, options, drafting, progress, engine_name)
        return _finish(run, paths, clean, machine, names)
    finally:
        run.staging.discard()  # what was not put in place (an error): nothing changes
        run.snapshots.discard()


def _build_all(
    run: _Run,
    todo: Sequence[Path],
    translate: bool,
    options: EngineOptions | None,
    drafting: DraftOptions | None,
    progress: Progress | None,
    engine_name: str | None = None,
) -> TranslateReport | None:
    """Read, extract and render release after release, keeping only what the end of the
    run needs (memory does not grow with the archive); releases with segments to
    machine-translate wait, and are drafted together (the engine batches across them)."""
    workspace, now = run.workspace, build_time()
    drafting_on = translate and not run.check
    waiting: list[tuple[Release, ExtractPlan]] = []
    for path in todo:
        release = workspace.read_release(path)
        part = plan_extract(workspace, [release], now=now)
        if drafting_on and _has_pending(part, run.langs):
            waiting.append((release, part))
        else:
            run.add(release, part)
    if not drafting_on or not todo:
        return None
    from transpress.translate import TranslateReport, machine_translate

    if not waiting:
        return TranslateReport((), run.reviewed)
    plan = ExtractPlan.joined([part for _, part in waiting])
    machine = machine_translate(
        workspace,
        [release for release, _ in waiting],
        plan,
        languages=run.langs,
        options=options,
        drafting=drafting,
        engine_name=engine_name,
        progress=progress,
    )
    for release, part in waiting:
        run.add(release, part)
    return dataclasses.replace(machine, reviewed_untouched=run.reviewed)


def _has_pending(part: ExtractPlan, langs: Sequence[str]) -> bool:
    return any(
        lang in langs and catalogue.pending(refresh=False)
        for (_, lang), catalogue in part.catalogues.items()
    )


def _finish(
    run: _Run,
    paths: Sequence[Path],
    clean: Mapping[str, Record],
    machine: TranslateReport | None,
    names: Sequence[str],
) -> PublishReport:
    """The index, then (unless checking) every file put in place and the cache saved."""
    workspace, cache = run.workspace, run.cache
    reports = [
        report
        for path in paths
        for report in (
            run.reports[path.stem]
            if path.stem in run.reports
            else _editions_of(clean[path.stem], workspace, run.langs)
        )
    ]
    listed, warnings = _index_entries(run, clean, workspace.source_paths() if names else paths)
    index_key = _index_key(listed)
    if "html" in workspace.config.formats and not _index_clean(cache, workspace, index_key):
        for planned in _index_pages(workspace, listed, run.renderer):
            run.output(planned)
    extract_report = with_recorded(ExtractReport(tuple(run.extracted)), paths, clean, workspace)
    if run.check:
        return PublishReport(
            extract_report,
            tuple(reports),
            (),
            workspace.config.drafts,
            tuple(warnings),
            removed=tuple(_unpublish(workspace, run.skipped, dry_run=True)),
            stale=tuple(run.stale),
        )
    # Editions first: they are derived; if writing them fails, the catalogues (a translator's
    # work) are still as they were. Each file is replaced atomically.
    written = run.staging.commit()
    run.snapshots.commit()  # with their editions; internal state, not counted as written
    notices: list[Notice] = []
    if not workspace.previewing:  # the preview shows the catalogues merged, never writes them
        written += write_planned(run.files, notices)
    warnings += workspace.describe(notices)
    removed = _unpublish(workspace, run.skipped)
    if workspace.previewing and not names:
        removed += _unpreview_removed(workspace, {p.stem for p in paths})
    if cache is not None:
        _remember(cache, run, notices)
        _remember_index(cache, workspace, index_key)
        if not names:
            cache.keep_only([*(p.stem for p in paths), _INDEX])
        cache.save()
    if machine is not None:
        from transpress.engines import missing_advice

        warnings += [
            f"no translation model for {a}→{b}: {missing_advice(machine.engine, a, b)}; "
            "publishing what the catalogues hold"
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


@dataclass
class _Done:
    """What the end of a run needs of one built release (its pages are staged, not held)."""

    entry: IndexEntry  # what the index says of the release (its editions filled in later)
    reports: list[EditionReport]  # every language
    skipped: list[str]
    pages: dict[Path, str]  # each edition rendered → the digest of its text
    record: tuple[dict[str, str | None] | None, dict[str, Any]] | None  # recorded_extract


class _Run:
    """One publish: the releases built so far, their staged pages and planned catalogues."""

    def __init__(
        self,
        workspace: Workspace,
        langs: tuple[str, ...],
        renderer: _Renderers,
        cache: BuildCache | None,
        *,
        check: bool,
    ):
        self.workspace, self.langs, self.renderer, self.cache = workspace, langs, renderer, cache
        self.check = check
        self.staging = Staging()
        self.snapshots = Staging()  # the editions published now, as a later run may keep them
        self.stale: list[Path] = []  # with check: what a publish would write
        self.files: list[Planned] = []  # templates and catalogues to write
        self.extracted: list[ReleaseExtract] = []
        self.reports: dict[str, list[EditionReport]] = {}  # the --lang languages
        self.done: dict[str, _Done] = {}
        self.skipped: set[tuple[str, str]] = set()  # every language below its threshold
        self.reviewed = 0  # reviewed entries in the --lang catalogues, left as they are

    def output(self, planned: PlannedFile) -> None:
        """Stage a derived file (with check: note whether it would change)."""
        assert planned.content is not None
        if self.check:
            self.stale += stale_files([planned])
        else:
            self.staging.stage(planned.path, planned.content)

    def add(self, release: Release, part: ExtractPlan) -> None:
        """Build one release's editions from its extraction, stage them, keep the rest."""
        workspace = self.workspace
        built = _build(workspace, part, release, self.langs, self.renderer)
        for planned in built.outputs:
            self.output(planned)
        if not self.check:  # internal state, not output: `publish --check` is silent on it
            for planned in built.snapshots:
                assert planned.content is not None
                self.snapshots.stage(planned.path, planned.content)
        pages = {f.path: sha256_of(f.content.encode("utf-8")) for f in built.outputs if f.content}
        record = None
        if self.cache is not None and self.langs == tuple(workspace.config.languages):
            record = recorded_extract(workspace, part, release)
        if self.check:
            self.stale += stale_files(part.files)
        self.files += [f for f in part.files if f.content is not None]
        self.extracted += part.report.releases
        self.reports[release.id] = built.reports
        self.skipped |= {(release.id, lang) for lang in built.skipped}
        self.reviewed += sum(
            1
            for (_, lang), catalogue in part.catalogues.items()
            if lang in self.langs
            for t in catalogue.translations().values()
            if t.reviewed
        )
        titles, marks = built.listing
        entry = dataclasses.replace(_index_entry(release, ()), titles=titles, marks=marks)
        self.done[release.id] = _Done(entry, built.all_reports, built.skipped, pages, record)


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
    reports: list[EditionReport]  # the --lang languages (and those kept, marked now)
    skipped: list[str]  # every language without pages after this run
    all_reports: list[EditionReport]  # every language
    #: The index's titles and marks of the shown editions, (lang, text) each.
    listing: tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]
    snapshots: list[PlannedFile]  # the editions published now, as the next run may keep them


def _build(
    workspace: Workspace,
    plan: ExtractPlan,
    release: Release,
    langs: Sequence[str],
    renderers: _Renderers,
) -> _Built:
    """Every edition of one release in every language, the --lang ones rendered."""
    from transpress.edition import Awaiting
    from transpress.locale import language_name
    from transpress.published import Snapshot

    editions = {
        lang: _edition(workspace, plan, release, lang) for lang in workspace.config.languages
    }
    snapshots = {lang: _snapshot(workspace, e) for lang, e in editions.items()}
    decisions = {lang: _decide(workspace, e, snapshots[lang]) for lang, e in editions.items()}
    alternates = [(lang, language_name(lang)) for lang, d in decisions.items() if d in SHOWN]
    shown = dict(editions)  # what each page shows: a kept edition, or the current one
    outputs: list[PlannedFile] = []
    snapshots_out: list[PlannedFile] = []
    reports: dict[str, EditionReport] = {}
    for lang in workspace.config.languages:
        files = []
        edition, decision, translates = editions[lang], decisions[lang], ""
        if decision == KEPT:
            kept = snapshots[lang]
            assert isinstance(kept, Snapshot)
            translates = kept.translates
            edition = dataclasses.replace(
                kept.edition, awaiting=Awaiting(kept.translates, release.language)
            )
            shown[lang] = edition
        if decision in RENDERED and (lang in langs or decision == KEPT):  # mark it now
            for fmt in workspace.config.formats:
                path = workspace.edition_path(release.id, lang, fmt)
                text = _source_as_written(workspace, release, lang, fmt, renderers)
                if text is None:
                    home = _home(workspace, lang)
                    text = renderers.get().render_edition(edition, fmt, alternates, home=home)
                outputs.append(PlannedFile(path, text))
                files.append(path)
            if _keeps_snapshot(workspace, edition, decision):
                snapshot = _next_snapshot(edition, release.digest, snapshots[lang])
                snapshots_out.append(
                    PlannedFile(workspace.snapshot_path(release.id, lang), snapshot)
                )
        if decision == KEPT_AS_IS:
            files = [p for p in _edition_files(workspace, release.id, lang) if p.exists()]
        reports[lang] = _report(editions[lang], decision, tuple(files), translates=translates)
    return _Built(
        outputs,
        # The --lang languages, and any other whose pages this run marked as kept.
        [r for lang, r in reports.items() if lang in langs or decisions[lang] == KEPT],
        [lang for lang, d in decisions.items() if d in (SKIPPED, REMOVED)],
        list(reports.values()),
        _listing(shown, decisions),
        snapshots_out,
    )


def _listing(
    editions: Mapping[str, Edition], decisions: Mapping[str, str]
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """What the index says of each shown edition: its title, and its mark ("notice" for
    a page with the notice, "awaiting" for a kept one)."""
    from transpress.document import Kind

    titles, marks = [], []
    for lang, decision in decisions.items():
        if decision not in SHOWN:
            continue
        title = editions[lang].first(Kind.TITLE)
        if title is not None:
            titles.append((lang, title.display_text))
        if decision in (KEPT, KEPT_AS_IS):
            marks.append((lang, "awaiting"))
        elif decision == WITH_NOTICE and not editions[lang].is_source:
            marks.append((lang, "notice"))
    return tuple(titles), tuple(marks)


def _home(workspace: Workspace, lang: str) -> str:
    """The link from an edition to the index in its language."""
    return "../" + workspace.index_path_for(lang).name


def _snapshot(workspace: Workspace, edition: Edition) -> Snapshot | bool:
    """The last published edition of a translation (a Snapshot); True when only its pages
    are there (published before snapshots were kept), False when it has no pages."""
    from transpress.published import Snapshot

    if edition.is_source or workspace.previewing:
        return False
    if not any(p.exists() for p in _edition_files(workspace, edition.release_id, edition.lang)):
        return False  # not live (never published, or taken down): nothing to keep
    path = workspace.snapshot_path(edition.release_id, edition.lang)
    try:
        found = Snapshot.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = None
    if found is not None and found.edition.release_id == edition.release_id:
        return found
    return True


def _edition_files(workspace: Workspace, release_id: str, lang: str) -> list[Path]:
    return [workspace.edition_path(release_id, lang, fmt) for fmt in FORMATS]


def _keeps_snapshot(workspace: Workspace, edition: Edition, decision: str) -> bool:
    """Whether this run records the edition as the last published one."""
    return not edition.is_source and not workspace.previewing and decision in PUBLISHING


def _next_snapshot(edition: Edition, digest: str, before: Snapshot | bool) -> str:
    """The snapshot of an edition published now: it translates the source version first
    published with the previous snapshot if the source is unchanged since, else today's."""
    from transpress.published import Snapshot

    if isinstance(before, Snapshot) and before.source_digest == digest:
        translates = before.translates
    else:
        translates = build_time().date().isoformat()
    return Snapshot(edition, digest, translates).to_json()


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
    """Remove the editions of these (release, language) pairs that exist: languages taken
    down (below their threshold, "remove"), or releases gone from the preview."""
    removed = []
    for release_id, lang in sorted(skipped):
        for path in _edition_files(workspace, release_id, lang):
            if path.exists():
                if not dry_run:
                    path.unlink()
                removed.append(path)
    return removed


def _unpreview_removed(workspace: Workspace, releases: set[str]) -> list[Path]:
    """Remove from the preview the editions of releases no longer in sources/ (the
    preview shows the workspace as it is; live editions are never removed this way)."""
    folder = workspace.output_dir
    gone = {d.name for d in _folders(folder) if d.name not in releases}
    removed = _unpublish(
        workspace, {(r, lang) for r in gone for lang in workspace.config.languages}
    )
    for release_id in gone:
        with contextlib.suppress(OSError):
            (folder / release_id).rmdir()  # only when nothing else is in it
    return removed


def _folders(folder: Path) -> list[Path]:
    try:
        return [entry for entry in folder.iterdir() if entry.is_dir()]
    except OSError:
        return []


PUBLISHED = "published"
WITH_NOTICE = "published with notice"
KEPT = "kept"  # the last published edition, marked as awaiting an update
KEPT_AS_IS = "kept as it is"  # its pages, untouched: no snapshot says what they translate
REMOVED = "removed"  # below its threshold, and `published_below_threshold = "remove"`
SKIPPED = "skipped"
#: Decisions whose editions this run renders; that are published; that have pages after it.
RENDERED = (PUBLISHED, WITH_NOTICE, KEPT)
PUBLISHING = (PUBLISHED, WITH_NOTICE)
SHOWN = (PUBLISHED, WITH_NOTICE, KEPT, KEPT_AS_IS)


def _edition(workspace: Workspace, plan: ExtractPlan, release: Release, lang: str) -> Edition:
    from transpress.edition import build_edition
    from transpress.places import Places

    translations = plan.translations(release.id, lang)
    edition = build_edition(
        release,
        lang,
        translations,
        drafts=workspace.config.drafts,
        threshold=workspace.config.threshold_for(lang),
        places=Places(workspace.config.places),
    )
    return dataclasses.replace(edition, preview=True) if workspace.previewing else edition


def _decide(workspace: Workspace, edition: Edition, before: Snapshot | bool) -> str:
    """Publish, publish with a notice, keep the last published edition, or leave out (or
    take down) a language below the reviewed threshold. `before` is what _snapshot says
    of the language's last publication."""
    if edition.is_source or edition.percent_reviewed >= edition.threshold:
        from transpress.edition import notice

        return WITH_NOTICE if notice(edition) else PUBLISHED
    from transpress.published import Snapshot

    config = workspace.config
    if not before:  # never published: below_threshold says
        return WITH_NOTICE if config.below_threshold == "notice" else SKIPPED
    policy = config.published_below_threshold
    if policy == "keep":
        return KEPT if isinstance(before, Snapshot) else KEPT_AS_IS
    return WITH_NOTICE if policy == "notice" else REMOVED


def _published_languages(run: _Run, done: _Done) -> tuple[tuple[str, str], ...]:
    """Languages with an HTML edition after this run (written now, or already there)."""
    from transpress.locale import language_name

    found = []
    release_id = done.entry.release_id
    for lang in run.workspace.config.languages:
        page = run.workspace.edition_path(release_id, lang, "html")
        if (release_id, lang) not in run.skipped and (page in done.pages or page.exists()):
            found.append((lang, language_name(lang)))
    return tuple(found)


def _index_entries(
    run: _Run, clean: Mapping[str, Record], every: Sequence[Path]
) -> tuple[list[IndexEntry], list[str]]:
    """Every release of the workspace for the index; others that cannot be read are skipped.
    Releases whose build is recorded and unchanged come from their record, unread."""
    workspace, cache = run.workspace, run.cache
    known = {r: _index_of(record) for r, record in clean.items()}
    for done in run.done.values():
        known[done.entry.release_id] = dataclasses.replace(
            done.entry, editions=_published_languages(run, done)
        )
    warnings = []
    for path in every:
        if path.stem in known:
            continue
        record = cache.clean(path.stem, published=True) if cache is not None else None
        if record is not None:
            known[path.stem] = _index_of(record)
            continue
        try:
            release = workspace.read_release(path)
        except TranspressError as exc:
            warnings.append(f"not in the index: {exc.format()}")
            continue
        known[release.id] = _index_entry(
            release,
            tuple(
                (lang, _language_name(lang))
                for lang in workspace.config.languages
                if workspace.edition_path(release.id, lang, "html").exists()
            ),
        )
    return [known[r] for r in sorted(known)], warnings


def _index_entry(release: Release, editions: tuple[tuple[str, str], ...]) -> IndexEntry:
    """What the index says of a release read in this run."""
    date_iso = release.dateline.date.isoformat() if release.dateline else ""
    return IndexEntry(release.id, release.title, release.language, date_iso, editions)


def _language_name(lang: str) -> str:
    from transpress.locale import language_name

    return language_name(lang)


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
        tuple((lang, title) for lang, title in item.get("titles", ())),
        tuple((lang, mark) for lang, mark in item.get("marks", ())),
    )


def _remember(cache: BuildCache, run: _Run, notices: Sequence[Notice]) -> None:
    """Record each release built in every language whose files are what this run left."""
    workspace = run.workspace
    moved = {path for path, _ in notices}  # saved by someone else meanwhile
    for release_id, done in run.done.items():
        if done.record is None:
            cache.forget(release_id)  # only some editions were rendered
            continue
        inputs, extract_json = done.record
        if inputs is None or any(workspace.root / name in moved for name in inputs):
            cache.forget(release_id)
            continue
        outputs = _expected_outputs(workspace, done)
        if outputs is None:
            cache.forget(release_id)
            continue
        report = {
            **extract_json,
            "editions": [_edition_json(e, workspace) for e in done.reports],
            "index": _index_json(done, workspace),
        }
        cache.record(release_id, inputs, outputs, report)


def _expected_outputs(workspace: Workspace, done: _Done) -> dict[str, str | None] | None:
    """The digest of each edition as this run rendered it, None for the editions of a
    skipped language, which must not exist (None altogether: something was not rendered)."""
    outputs: dict[str, str | None] = {}
    for lang in workspace.config.languages:
        for fmt in FORMATS:
            path = workspace.edition_path(done.entry.release_id, lang, fmt)
            if lang in done.skipped:
                outputs[workspace.relative(path)] = None
            elif fmt in workspace.config.formats:
                digest = done.pages.get(path)
                if digest is None:
                    return None
                outputs[workspace.relative(path)] = digest
    return outputs


def _edition_json(report: EditionReport, workspace: Workspace) -> dict[str, Any]:
    item = dataclasses.asdict(report)
    item["files"] = [workspace.relative(path) for path in report.files]
    return item


def _index_json(done: _Done, workspace: Workspace) -> dict[str, Any]:
    from transpress.locale import language_name

    entry = done.entry
    editions = [
        (lang, language_name(lang))
        for lang in workspace.config.languages
        if lang not in done.skipped
    ]
    return {
        "release_id": entry.release_id,
        "title": entry.title,
        "lang": entry.lang,
        "date_iso": entry.date_iso,
        "editions": editions if "html" in workspace.config.formats else [],
        "titles": entry.titles,
        "marks": entry.marks,
    }


def _index_pages(
    workspace: Workspace, listed: Sequence[IndexEntry], renderers: _Renderers
) -> list[PlannedFile]:
    """The index in every language of the workspace."""
    from transpress.listing import index_page

    langs = workspace.config.languages
    hrefs = [(lang, workspace.index_path_for(lang).name) for lang in langs]
    return [
        PlannedFile(
            workspace.index_path_for(lang),
            renderers.get().render_index(index_page(listed, lang, hrefs)),
        )
        for lang in langs
    ]


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
    digests = {}
    for lang in workspace.config.languages:
        path = workspace.index_path_for(lang)
        try:
            digests[workspace.relative(path)] = sha256_of(path.read_bytes())
        except OSError:
            cache.forget(_INDEX)
            return
    cache.record(_INDEX, {}, digests, {"key": key})


def _report(
    edition: Edition, decision: str, files: tuple[Path, ...], *, translates: str = ""
) -> EditionReport:
    from transpress.edition import Status

    return EditionReport(
        translates=translates,
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
