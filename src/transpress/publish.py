"""Use case: extract, then render every edition of the chosen releases and the index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog import PlannedFile
from transpress.document import Release
from transpress.edition import Edition, Status, build_edition, notice
from transpress.engines import EngineOptions
from transpress.errors import TranspressError
from transpress.extract import ExtractPlan, ExtractReport, plan_extract, read_releases
from transpress.files import Notice, stale_files, write_planned
from transpress.locale import language_name
from transpress.render import IndexEntry, Renderer
from transpress.translate import DraftOptions, Progress, TranslateReport, machine_translate
from transpress.workspace import FORMATS, Workspace


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
    releases = read_releases(workspace, names)
    plan = plan_extract(workspace, releases)
    machine: TranslateReport | None = None
    if translate and not check:
        machine = machine_translate(
            workspace,
            releases,
            plan,
            languages=langs,
            options=options,
            drafting=drafting,
            progress=progress,
        )
    renderer = Renderer(workspace.templates_dir)
    outputs: list[PlannedFile] = []
    reports: list[EditionReport] = []
    skipped: set[tuple[str, str]] = set()  # every language below its threshold, --lang or not
    for release in releases:
        editions = {
            lang: _edition(workspace, plan, release, lang) for lang in workspace.config.languages
        }
        decisions = {lang: _decide(workspace, e) for lang, e in editions.items()}
        alternates = [(lang, language_name(lang)) for lang, d in decisions.items() if d != SKIPPED]
        skipped |= {(release.id, lang) for lang, d in decisions.items() if d == SKIPPED}
        for lang in langs:
            files = []
            if decisions[lang] != SKIPPED:
                for fmt in workspace.config.formats:
                    path = workspace.edition_path(release.id, lang, fmt)
                    text = _source_as_written(workspace, release, lang, fmt, renderer)
                    if text is None:
                        text = renderer.render_edition(editions[lang], fmt, alternates)
                    outputs.append(PlannedFile(path, text))
                    files.append(path)
            reports.append(_report(editions[lang], decisions[lang], tuple(files)))
    listed, warnings = _index_entries(workspace, releases, outputs, skipped)
    if "html" in workspace.config.formats:
        outputs.append(PlannedFile(workspace.index_path, renderer.render_index(listed)))
    if check:
        return PublishReport(
            plan.report,
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
    if machine is not None:
        warnings += [
            f"no translation model for {a}→{b}: install one with `transpress models install "
            f"{a}-{b}` (or a .argosmodel file); publishing what the catalogues hold"
            for a, b in machine.missing
        ]
        warnings += machine.warnings
    return PublishReport(
        plan.report,
        tuple(reports),
        tuple(written),
        workspace.config.drafts,
        tuple(warnings),
        machine,
        tuple(removed),
    )


def _source_as_written(
    workspace: Workspace, release: Release, lang: str, fmt: str, renderer: Renderer
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
        return WITH_NOTICE if notice(edition) else PUBLISHED
    return WITH_NOTICE if workspace.config.below_threshold == "notice" else SKIPPED


def _published_languages(
    workspace: Workspace, release_id: str, outputs: list[PlannedFile], skipped: set[tuple[str, str]]
) -> tuple[tuple[str, str], ...]:
    """Languages with an HTML edition after this run (written now, or already there)."""
    planned = {f.path for f in outputs}
    found = []
    for lang in workspace.config.languages:
        page = workspace.edition_path(release_id, lang, "html")
        if (release_id, lang) not in skipped and (page in planned or page.exists()):
            found.append((lang, language_name(lang)))
    return tuple(found)


def _index_entries(
    workspace: Workspace,
    published: Sequence[Release],
    outputs: list[PlannedFile],
    skipped: set[tuple[str, str]],
) -> tuple[list[IndexEntry], list[str]]:
    """Every release of the workspace for the index; others that cannot be read are skipped."""
    by_id = {r.id: r for r in published}
    warnings = []
    for path in workspace.source_paths():
        if path.stem in by_id:
            continue
        try:
            by_id[path.stem] = workspace.read_release(path)
        except TranspressError as exc:
            warnings.append(f"not in the index: {exc.format()}")
    entries = [
        IndexEntry(
            r.id,
            r.title,
            r.language,
            r.dateline.date.isoformat() if r.dateline else "",
            _published_languages(workspace, r.id, outputs, skipped),
        )
        for r in sorted(by_id.values(), key=lambda r: r.id)
    ]
    return entries, warnings


def _report(edition: Edition, decision: str, files: tuple[Path, ...]) -> EditionReport:
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
