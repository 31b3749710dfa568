"""Use case: extract, then render every edition of the chosen releases and the index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog import read_translations
from transpress.edition import Edition, Status, build_edition
from transpress.errors import WorkspaceError
from transpress.extract import ExtractReport, extract_releases, read_releases
from transpress.files import write_if_changed
from transpress.locale import language_name
from transpress.render import IndexEntry, Renderer
from transpress.workspace import Workspace


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


@dataclass(frozen=True)
class PublishReport:
    """What `transpress publish` did."""

    extract: ExtractReport
    editions: tuple[EditionReport, ...]
    written: tuple[Path, ...]


def publish(
    workspace: Workspace, names: Sequence[str] = (), *, languages: Sequence[str] = ()
) -> PublishReport:
    """Update catalogues, then render all editions in memory and write the changed files."""
    langs = _languages(workspace, languages)
    releases = read_releases(workspace, names)
    extracted = extract_releases(workspace, releases)
    renderer = Renderer(workspace.templates_dir)
    pending: list[tuple[Path, str]] = []
    reports = []
    for release in releases:
        alternates = [(lang, language_name(lang)) for lang in workspace.config.languages]
        for lang in langs:
            translations = (
                {}
                if lang == release.language
                else read_translations(workspace.catalog_path(release.id, lang))
            )
            edition = build_edition(release, lang, translations, drafts=workspace.config.drafts)
            files = []
            for fmt in workspace.config.formats:
                path = workspace.edition_path(release.id, lang, fmt)
                pending.append((path, renderer.render_edition(edition, fmt, alternates)))
                files.append(path)
            reports.append(_report(edition, tuple(files)))
    index_entries = [
        IndexEntry(
            r.id,
            r.title,
            r.language,
            r.dateline.date.isoformat() if r.dateline else "",
            tuple((lang, language_name(lang)) for lang in workspace.config.languages),
        )
        for r in read_releases(workspace)
    ]
    if "html" in workspace.config.formats:
        pending.append((workspace.output_dir / "index.html", renderer.render_index(index_entries)))
    written = tuple(path for path, text in pending if write_if_changed(path, text))
    return PublishReport(extracted, tuple(reports), written)


def _languages(workspace: Workspace, requested: Sequence[str]) -> tuple[str, ...]:
    unknown = [lang for lang in requested if lang not in workspace.config.languages]
    if unknown:
        raise WorkspaceError(
            f"--lang {','.join(unknown)} is not a workspace language "
            f"({', '.join(workspace.config.languages)}); add it to transpress.toml"
        )
    return tuple(requested) or workspace.config.languages


def _report(edition: Edition, files: tuple[Path, ...]) -> EditionReport:
    return EditionReport(
        release_id=edition.release_id,
        lang=edition.lang,
        source=edition.lang == edition.source_language,
        units=edition.units,
        reviewed=edition.count(Status.REVIEWED),
        drafts=edition.count(Status.DRAFT),
        missing=edition.count(Status.MISSING),
        files=files,
    )
