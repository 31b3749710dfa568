"""Commands that make editions: init, extract, translate, publish."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from transpress.cli import (
    _draft_options,
    _drafting,
    _engine_options,
    _options,
    _split_languages,
    _workspace,
    _workspace_and_languages,
    cli,
    progress_option,
    releases_and_languages,
)

if TYPE_CHECKING:
    from transpress.extract import ExtractReport
    from transpress.publish import EditionReport, PublishReport
    from transpress.translate import TranslateReport
    from transpress.workspace import Workspace


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Create an empty workspace in FOLDER, with a commented transpress.toml."""
    from transpress.workspace import init_workspace

    for path in init_workspace(folder):
        click.echo(f"created {path}")


@cli.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 12 with a line per file if extract would change any.",
)
@click.pass_context
def extract(ctx: click.Context, releases: tuple[str, ...], check: bool) -> None:
    """Update locale/<release>.pot and each language's .po from the sources (all by default)."""
    from transpress.extract import check_extract
    from transpress.extract import extract as run_extract

    if not check:
        _print_extract(run_extract(_workspace(ctx), releases))
        return
    workspace = _workspace(ctx)
    _, stale = check_extract(workspace, releases)
    _fail_if_stale(stale, "transpress extract")


def _fail_if_stale(lines: list[str], command: str) -> None:
    """--check: one line per file that would change, then exit 12 (or say all is well)."""
    from transpress.errors import OutOfDateError

    for line in lines:
        click.echo(f"transpress: {line}", err=True)
    if lines:
        raise OutOfDateError(f"{len(lines)} file(s) out of date; run `{command}`")
    click.echo("up to date")


@cli.command()
@releases_and_languages
@click.option("--refresh", is_flag=True, help="Re-translate transpress's own drafts too.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of text.")
@click.option(
    "--memory-threshold",
    type=click.FloatRange(1, 100),
    default=None,
    help="Least score (percent) of a fuzzy match of reviewed work to draft from, ahead of "
    "machine translation; 100: exact matches only (default: memory_threshold in "
    "transpress.toml, else 75).",
)
@_engine_options
@_draft_options
@progress_option
@click.pass_context
def translate(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    refresh: bool,
    as_json: bool,
    memory_threshold: float | None,
    min_score: float | None,
    alternatives: int,
    back_check: bool,
    drift_below: float,
    engine_name: str | None,
    progress_mode: str,
    **engine: int,
) -> None:
    """Fill untranslated entries with machine drafts (fuzzy, with provenance)."""
    from transpress.engines import missing_advice
    from transpress.terminal import TerminalProgress
    from transpress.translate import translate_releases

    workspace, chosen = _workspace_and_languages(ctx, languages)
    with TerminalProgress(progress_mode) as progress:
        report = translate_releases(
            workspace,
            releases,
            languages=chosen,
            refresh=refresh,
            options=_options(**engine, alternatives=alternatives),
            drafting=_drafting(min_score, back_check, drift_below),
            engine_name=engine_name,
            progress=progress,
            memory_threshold=memory_threshold,
        )
    if as_json:
        click.echo(json.dumps(_translate_summary(report), ensure_ascii=False, indent=2))
    else:
        _print_translate(report)
        for source, target in report.missing:
            advice = missing_advice(report.engine, source, target)
            click.echo(f"warning: no translation model for {source}→{target}: {advice}", err=True)
    _fail_if_unanswered(report, "transpress translate")


def _fail_if_unanswered(report: TranslateReport | None, command: str) -> None:
    """Exit 8 once the drafts made are written, when servers stopped answering."""
    from transpress.errors import ModelError

    if report is not None and report.unanswered:
        raise ModelError(
            f"{report.unanswered} segment(s) not translated: no machine-translation server "
            f"answered (the drafts made are written); run `{command}` again once one is up"
        )


def _translate_summary(report: TranslateReport) -> dict[str, Any]:
    return {
        "pairs": [dataclasses.asdict(p) for p in report.pairs],
        "translated": sum(p.translated for p in report.pairs),
        "reused": sum(p.from_memory + p.from_reviewed for p in report.pairs),
        "fuzzy": sum(p.from_fuzzy for p in report.pairs),
        "suggested": sum(p.suggested for p in report.pairs),
        "drifted": sum(p.drifted for p in report.pairs),
        "skipped_reviewed": report.reviewed_untouched,
        "unanswered": report.unanswered,
        "missing_models": [f"{a}-{b}" for a, b in report.missing],
        "catalogues_written": [str(p) for p in report.catalogs],
    }


def _print_translate(report: TranslateReport) -> None:
    for p in report.pairs:
        rate = f", {p.translated / p.seconds:.0f} seg/s" if p.seconds and p.translated else ""
        click.echo(
            f"{p.source}→{p.target}: {p.pending} pending; {p.translated} machine-translated{rate}, "
            f"{p.from_memory} from memory, {p.from_reviewed} reviewed elsewhere, "
            + (f"{p.from_fuzzy} fuzzy matches, " if p.from_fuzzy else "")
            + f"{p.flagged} flagged for review, {p.failed} failed"
            + (f", {p.unanswered} unanswered (no server)" if p.unanswered else "")
            + (f", {p.suggested} below --min-score (suggestions)" if p.suggested else "")
            + (
                f"; back-translated {p.back_checked}, {p.drifted} drifting"
                if p.back_checked
                else ""
            )
            + ("" if p.route else " (no model)")
        )
    click.echo(f"{report.reviewed_untouched} reviewed entries left untouched")
    for notice in (*report.notices, *report.warnings):
        click.echo(f"warning: {notice}", err=True)


@cli.command()
@releases_and_languages
@click.option(
    "--no-translate", is_flag=True, help="Do not machine-translate pending entries first."
)
@click.option(
    "--check",
    is_flag=True,
    help="Write and translate nothing; exit 12 with a line per file publish would change.",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Write every language, drafts marked, into the preview folder only (nothing "
    "published, nothing translated).",
)
@_engine_options
@_draft_options
@progress_option
@click.pass_context
def publish(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    no_translate: bool,
    check: bool,
    preview: bool,
    min_score: float | None,
    alternatives: int,
    back_check: bool,
    drift_below: float,
    engine_name: str | None,
    progress_mode: str,
    **engine: int,
) -> None:
    """Extract, machine-translate what is pending, then write output/<release>/<lang>.*"""
    from transpress.publish import publish as run_publish
    from transpress.terminal import TerminalProgress

    workspace = _workspace(ctx)
    if preview and check:
        raise click.UsageError("--preview and --check do not go together")
    if preview:
        _print_preview(
            workspace,
            run_publish(workspace, releases, languages=_split_languages(languages), preview=True),
        )
        return
    with TerminalProgress(progress_mode) as progress:
        report = run_publish(
            workspace,
            releases,
            languages=_split_languages(languages),
            translate=not no_translate,
            options=_options(**engine, alternatives=alternatives),
            drafting=_drafting(min_score, back_check, drift_below),
            progress=progress,
            check=check,
            engine_name=engine_name,
        )
    if check:
        stale = [
            f"{workspace.relative(p)}: would be {'updated' if p.exists() else 'created'}"
            for p in report.stale
        ]
        stale += [f"{workspace.relative(p)}: would be removed" for p in report.removed]
        _fail_if_stale(stale, "transpress publish")
        return
    _print_extract(report.extract)
    if report.machine is not None and report.machine.pairs:
        _print_translate(report.machine)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    drafts = "drafts (marked)" if report.drafts == "mark" else "drafts (hidden: source shown)"
    editions = report.editions
    if len(report.extract.releases) > ARCHIVE_SIZE:  # an archive: what this run changed
        written = set(report.written)
        editions = tuple(e for e in editions if written.intersection(e.files))
        if len(editions) < len(report.editions):
            click.echo(f"{len(report.editions) - len(editions)} edition(s) already up to date")
    for edition in editions:
        if edition.source:
            click.echo(f"{edition.release_id} [{edition.lang}] source language")
            continue
        click.echo(
            f"{edition.release_id} [{edition.lang}] {edition.reviewed}/{edition.units} reviewed, "
            f"{edition.drafts} {drafts}, {edition.missing} missing (source text shown): "
            + _decision(edition)
        )
    click.echo(f"{len(report.written)} file(s) written")
    if report.removed:
        click.echo(f"{len(report.removed)} stale edition file(s) removed (below threshold)")
    _fail_if_unanswered(report.machine, "transpress publish")


def _print_preview(workspace: Workspace, report: PublishReport) -> None:
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    for edition in report.editions:
        if edition.source:
            continue
        live = "would be published" if edition.percent >= edition.threshold else "not published"
        click.echo(
            f"{edition.release_id} [{edition.lang}] {edition.reviewed}/{edition.units} reviewed, "
            f"{edition.drafts} drafts (marked), {edition.missing} missing: previewed "
            f"({live}: {edition.percent:.0f}% reviewed, {edition.threshold:g}% needed)"
        )
    folder = workspace.for_preview()
    if report.removed:
        click.echo(f"{len(report.removed)} file(s) of releases no longer in sources/ removed")
    click.echo(
        f"{len(report.written)} file(s) written to {workspace.relative(folder.output_dir)}/; "
        f"open {workspace.relative(folder.index_path)}, or run `transpress serve`"
    )


@cli.command()
@click.option(
    "--port", default=8000, show_default=True, help="Port on 127.0.0.1 (0: any free port)."
)
@click.pass_context
def serve(ctx: click.Context, /, port: int) -> None:
    """Serve the preview on 127.0.0.1, rebuilt whenever a source, catalogue or template
    changes (Ctrl+C stops)."""
    from transpress.serve import Build, Preview
    from transpress.serve import serve as run_server
    from transpress.workspace import find_workspace

    workspace = _workspace(ctx)

    def built(build: Build) -> None:
        if build.error:
            click.echo(f"build {build.number} failed: {build.error}", err=True)
        elif build.report is not None:
            click.echo(f"build {build.number}: {len(build.report.written)} file(s) written")

    def ready(url: str) -> None:
        click.echo(f"Serving the preview at {url} (Ctrl+C to stop)")

    preview = Preview(workspace, reload=lambda ws: find_workspace(ws.root), on_build=built)
    try:
        run_server(preview, port=port, on_ready=ready)
    except KeyboardInterrupt:
        click.echo("stopped")


def _decision(edition: EditionReport) -> str:
    """What publish did with a translated edition, and why, in words."""
    from transpress.publish import KEPT, KEPT_AS_IS, REMOVED, SKIPPED

    below = f"below {edition.threshold:g}% reviewed"
    said = {
        KEPT: f"kept the last published edition ({below}), marked as awaiting an update: "
        f"it translates the source of {edition.translates}",
        KEPT_AS_IS: f"kept as published ({below}); no record says which source it translates, "
        "so it is not marked",
        REMOVED: f'removed ({below}; published_below_threshold = "remove")',
        SKIPPED: f"skipped ({below}): see it with `transpress publish --preview`",
    }.get(edition.decision)
    if said is not None:
        return said
    return edition.decision + (f" ({below})" if edition.percent < edition.threshold else "")


#: Above this many releases, commands list only the releases and editions they changed.
ARCHIVE_SIZE = 20


def _print_extract(report: ExtractReport) -> None:
    for notice in report.notices:
        click.echo(f"warning: {notice}", err=True)
    releases = report.releases
    if len(releases) > ARCHIVE_SIZE:
        releases = tuple(
            r for r in releases if r.template_changed or any(m.changed for m in r.catalogs)
        )
        if len(releases) < len(report.releases):
            unchanged = len(report.releases) - len(releases)
            click.echo(f"{unchanged} release(s) unchanged: templates and catalogues up to date")
    for release in releases:
        template = "updated" if release.template_changed else "unchanged"
        click.echo(
            f"{release.release_id} ({release.language}): {release.messages} messages, "
            f"template {template}"
        )
        for merge in release.catalogs:
            state = "created" if merge.created else ("updated" if merge.changed else "unchanged")
            kept = f" (of which {merge.kept} not extracted by transpress)" if merge.kept else ""
            click.echo(
                f"  {merge.lang}: {state}; "
                f"{merge.new} new, {merge.fuzzy} fuzzy, "
                f"{merge.obsolete} obsolete{kept}"
            )
