"""The command line: parse options, call one use case, print its report. Nothing else."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from transpress import __version__
from transpress.errors import (
    EXIT_CODES,
    FILE_ERROR_EXIT_CODE,
    STATUS_FAIL_EXIT_CODE,
    TranspressError,
)

if TYPE_CHECKING:
    from transpress.engines import EngineOptions
    from transpress.extract import ExtractReport
    from transpress.translate import TranslateReport
    from transpress.workspace import Workspace

_EPILOG = "Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())


def _workspace(ctx: click.Context) -> Workspace:
    from transpress.workspace import find_workspace

    folder = ctx.obj.get("workspace") or Path.cwd()
    return find_workspace(Path(folder))


def _split_languages(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(lang.strip() for value in values for lang in value.split(",") if lang.strip())


def _workspace_and_languages(
    ctx: click.Context, values: tuple[str, ...]
) -> tuple[Workspace, tuple[str, ...]]:
    """The workspace, and the --lang values checked against its languages (() = all)."""
    workspace = _workspace(ctx)
    requested = _split_languages(values)
    workspace.languages(requested)  # refuses a language the workspace does not have
    return workspace, requested


@click.group(epilog=_EPILOG, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="transpress")
@click.option(
    "-C",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the nearest folder upwards with transpress.toml).",
)
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """Turn one press release into English, French and Japanese editions."""
    ctx.ensure_object(dict)
    ctx.obj["workspace"] = workspace


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def init(folder: Path) -> None:
    """Create an empty workspace in FOLDER, with a commented transpress.toml."""
    from transpress.workspace import init_workspace

    for path in init_workspace(folder):
        click.echo(f"created {path}")


@cli.command()
@click.argument("releases", nargs=-1)
@click.pass_context
def extract(ctx: click.Context, releases: tuple[str, ...]) -> None:
    """Update locale/<release>.pot and each language's .po from the sources (all by default)."""
    from transpress.extract import extract as run_extract

    _print_extract(run_extract(_workspace(ctx), releases))


def _engine_options(func: Any) -> Any:
    """The inference options shared by `translate` and `publish`."""
    for option in reversed(
        [
            click.option(
                "--beam",
                "beam_size",
                type=click.IntRange(1, 16),
                default=4,
                show_default=True,
                help="Beam size.",
            ),
            click.option(
                "--threads",
                "intra_threads",
                type=click.IntRange(0, 64),
                default=1,
                show_default=True,
                help="Threads per translation (0 = all cores).",
            ),
            click.option(
                "--inter-threads",
                type=click.IntRange(1, 16),
                default=1,
                show_default=True,
                help="Translations run in parallel.",
            ),
            click.option(
                "--batch-size",
                type=click.IntRange(1, 1024),
                default=16,
                show_default=True,
                help="Segments per batch.",
            ),
        ]
    ):
        func = option(func)
    return func


def _options(
    beam_size: int, intra_threads: int, inter_threads: int, batch_size: int
) -> EngineOptions:
    from transpress.engines import EngineOptions

    return EngineOptions(beam_size, intra_threads, inter_threads, batch_size)


@cli.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang", "languages", multiple=True, help="Only these languages (e.g. --lang fr,ja)."
)
@click.option("--refresh", is_flag=True, help="Re-translate transpress's own drafts too.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON summary instead of text.")
@_engine_options
@click.pass_context
def translate(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    refresh: bool,
    as_json: bool,
    **engine: int,
) -> None:
    """Fill untranslated entries with machine drafts (fuzzy, with provenance)."""
    from transpress.terminal import TerminalProgress
    from transpress.translate import translate_releases

    workspace, chosen = _workspace_and_languages(ctx, languages)
    with TerminalProgress() as progress:
        report = translate_releases(
            workspace,
            releases,
            languages=chosen,
            refresh=refresh,
            options=_options(**engine),
            progress=progress,
        )
    if as_json:
        click.echo(json.dumps(_translate_summary(report), ensure_ascii=False, indent=2))
        return
    _print_translate(report)
    for source, target in report.missing:
        click.echo(
            f"warning: no translation model for {source}→{target}: install one with "
            f"`transpress models install {source}-{target}`",
            err=True,
        )


def _translate_summary(report: TranslateReport) -> dict[str, Any]:
    return {
        "pairs": [dataclasses.asdict(p) for p in report.pairs],
        "translated": sum(p.translated for p in report.pairs),
        "reused": sum(p.from_memory + p.from_reviewed for p in report.pairs),
        "skipped_reviewed": report.reviewed_untouched,
        "missing_models": [f"{a}-{b}" for a, b in report.missing],
        "catalogues_written": [str(p) for p in report.catalogs],
    }


def _print_translate(report: TranslateReport) -> None:
    for p in report.pairs:
        rate = f", {p.translated / p.seconds:.0f} seg/s" if p.seconds and p.translated else ""
        click.echo(
            f"{p.source}→{p.target}: {p.pending} pending; {p.translated} machine-translated{rate}, "
            f"{p.from_memory} from memory, {p.from_reviewed} reviewed elsewhere, "
            f"{p.flagged} flagged for review, {p.failed} failed"
            + ("" if p.route else " (no model)")
        )
    click.echo(f"{report.reviewed_untouched} reviewed entries left untouched")


@cli.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang", "languages", multiple=True, help="Only these languages (e.g. --lang fr,ja)."
)
@click.option(
    "--no-translate", is_flag=True, help="Do not machine-translate pending entries first."
)
@_engine_options
@click.pass_context
def publish(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    no_translate: bool,
    **engine: int,
) -> None:
    """Extract, machine-translate what is pending, then write output/<release>/<lang>.*"""
    from transpress.publish import publish as run_publish
    from transpress.terminal import TerminalProgress

    with TerminalProgress() as progress:
        report = run_publish(
            _workspace(ctx),
            releases,
            languages=_split_languages(languages),
            translate=not no_translate,
            options=_options(**engine),
            progress=progress,
        )
    _print_extract(report.extract)
    if report.machine is not None and report.machine.pairs:
        _print_translate(report.machine)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    drafts = "drafts (marked)" if report.drafts == "mark" else "drafts (hidden: source shown)"
    for edition in report.editions:
        if edition.source:
            click.echo(f"{edition.release_id} [{edition.lang}] source language")
            continue
        click.echo(
            f"{edition.release_id} [{edition.lang}] {edition.reviewed}/{edition.units} reviewed, "
            f"{edition.drafts} {drafts}, {edition.missing} missing (source text shown): "
            f"{edition.decision}"
            + (
                f" (below {edition.threshold:g}% reviewed)"
                if edition.percent < edition.threshold
                else ""
            )
        )
    click.echo(f"{len(report.written)} file(s) written")
    if report.removed:
        click.echo(f"{len(report.removed)} stale edition file(s) removed (below threshold)")


@cli.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang", "languages", multiple=True, help="Only these languages (e.g. --lang fr,ja)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    help=f"Exit {STATUS_FAIL_EXIT_CODE} when a language is less reviewed than this percentage.",
)
@click.pass_context
def status(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    fmt: str,
    fail_under: float | None,
) -> None:
    """Per release and language: reviewed, machine drafts, outdated, untranslated, obsolete."""
    from transpress.status import STATES, catalog_status, status_rows
    from transpress.terminal import render_table

    workspace, chosen = _workspace_and_languages(ctx, languages)
    report = catalog_status(workspace, releases, languages=chosen)
    rows = status_rows(report)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_csv(rows), nl=False)
    else:
        headers = ["release", "lang", *STATES, "% reviewed"]
        table = [
            [r.release_id, r.lang]
            + [f"{r.of(s).segments} ({r.of(s).words} w)" for s in STATES]
            + [f"{r.percent_reviewed:.0f}%"]
            for r in report.rows
        ]
        click.echo(render_table(headers, table, title="Translation status"), nl=False)
    if fail_under is not None and report.below(fail_under):
        late = ", ".join(
            f"{r.release_id} [{r.lang}] {r.percent_reviewed:.0f}%" for r in report.below(fail_under)
        )
        click.echo(f"below {fail_under:g}% reviewed: {late}", err=True)
        sys.exit(STATUS_FAIL_EXIT_CODE)


def _csv(rows: list[dict[str, object]]) -> str:
    import csv
    import io

    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


@cli.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang", "languages", multiple=True, help="Only these languages (e.g. --lang fr,ja)."
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True
)
@click.option(
    "--fail-on",
    type=click.Choice(["warning", "error"]),
    default="warning",
    show_default=True,
    help="Exit 9 on warnings alone (default), or only 10 on errors.",
)
@click.pass_context
def check(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    fmt: str,
    fail_on: str,
) -> None:
    """QA over catalogues: numbers, dates, URLs, emails, phones, placeholders, glossary,
    end punctuation, French spacing, Japanese punctuation, identical, length ratio."""
    from transpress.qa import check_catalogues, exit_code, render_report

    workspace, chosen = _workspace_and_languages(ctx, languages)
    report = check_catalogues(workspace, releases, languages=chosen)
    click.echo(render_report(report, fmt), nl=False)
    code = exit_code(report, fail_on="error" if fail_on == "error" else "warning")
    if code:
        sys.exit(code)


@cli.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
)
@click.pass_context
def diff(ctx: click.Context, /, old: str, new: str | None, fmt: str, output: Path | None) -> None:
    """What changed in translation between OLD and NEW (git revisions or folders; NEW
    defaults to the working tree)."""
    from transpress.diff import diff_to_dict, diff_to_text, diff_versions

    workspace = _workspace(ctx)
    report = diff_versions(workspace, old, new)
    if fmt == "json":
        text = json.dumps(diff_to_dict(report), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from transpress.render import Renderer

        text = Renderer(workspace.templates_dir).render_diff(report)
    else:
        text = diff_to_text(report)
    if output is None:
        click.echo(text, nl=False)
    else:
        from transpress.files import write_if_changed

        write_if_changed(output, text)
        click.echo(f"written to {output}")


@cli.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang", "languages", multiple=True, help="Only these languages (e.g. --lang fr,ja)."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the page (default: output/report.html).",
)
@click.option("--no-check", is_flag=True, help="Leave out the findings of `transpress check`.")
@click.pass_context
def report(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    output: Path | None,
    no_check: bool,
) -> None:
    """Write an HTML review dashboard: progress bars, entries awaiting review, check findings."""
    from transpress.qa import check_catalogues
    from transpress.report import build_report, write_report

    workspace, chosen = _workspace_and_languages(ctx, languages)
    checked = None if no_check else check_catalogues(workspace, releases, languages=chosen)
    dashboard = build_report(
        workspace,
        releases,
        languages=chosen,
        findings=None if checked is None else checked.findings,
    )
    result = write_report(workspace, dashboard, path=output)
    click.echo(
        f"{result.path} {'written' if result.written else 'unchanged'}: "
        f"{dashboard.waiting} entries awaiting review, "
        f"{dashboard.count('error')} errors, {dashboard.count('warning')} warnings"
    )


@cli.group()
def models() -> None:
    """List, install and remove machine-translation models (Argos packages)."""


@models.command("list")
@click.pass_context
def models_list(ctx: click.Context) -> None:
    """Installed packages, and which pairs of the workspace are direct, pivoted or missing."""
    from transpress.models import list_models
    from transpress.workspace import find_workspace

    try:
        languages = find_workspace(Path(ctx.obj.get("workspace") or Path.cwd())).config.languages
    except TranspressError:
        languages = ("en", "fr", "ja")
    report = list_models(languages)
    if not report.installed:
        click.echo("no models installed")
    for model in report.installed:
        click.echo(f"{model.from_code}→{model.to_code}  {model.name} {model.version}")
    for pair in report.pairs:
        click.echo(f"{pair.source}→{pair.target}: {pair.kind} ({pair.route})")


@models.command("install")
@click.argument("source")
def models_install(source: str) -> None:
    """Install SOURCE: a .argosmodel file, a folder of them, or a pair from the index (en-fr)."""
    from transpress.models import install_models

    for model in install_models(source):
        click.echo(f"installed {model.name} {model.version} ({model.from_code}→{model.to_code})")


@models.command("remove")
@click.argument("pair")
def models_remove(pair: str) -> None:
    """Uninstall the package(s) of PAIR (en-fr) or with that name."""
    from transpress.models import remove_models

    for model in remove_models(pair):
        click.echo(f"removed {model.name} {model.version} ({model.from_code}→{model.to_code})")


@cli.group()
def glossary() -> None:
    """Manage the workspace glossary (glossary.csv)."""


@glossary.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def glossary_import(ctx: click.Context, path: Path) -> None:
    """Add the terms of a TBX file to glossary.csv."""
    from transpress.files import write_if_changed
    from transpress.glossary import merge_terms, read_glossary, read_tbx, render_glossary

    workspace = _workspace(ctx)
    before = read_glossary(workspace.glossary_path)
    after = merge_terms(before, read_tbx(path))
    write_if_changed(workspace.glossary_path, render_glossary(after, workspace.config.languages))
    added = len(after.terms) - len(before.terms)
    click.echo(f"{added} terms added to {workspace.relative(workspace.glossary_path)}")


@cli.group()
def memory() -> None:
    """Export or import the translation memory as TMX 1.4."""


@memory.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def memory_export(ctx: click.Context, path: Path) -> None:
    """Write the memory and every reviewed translation to PATH (.tmx)."""
    from transpress.translate import export_memory

    click.echo(f"{export_memory(_workspace(ctx), path)} units written to {path}")


@memory.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def memory_import(ctx: click.Context, path: Path) -> None:
    """Add the translation units of a TMX file to the memory."""
    from transpress.translate import import_memory

    click.echo(f"{import_memory(_workspace(ctx), path)} units imported from {path}")


def _print_extract(report: ExtractReport) -> None:
    for release in report.releases:
        template = "updated" if release.template_changed else "unchanged"
        click.echo(
            f"{release.release_id} ({release.language}): {release.messages} messages, "
            f"template {template}"
        )
        for merge in release.catalogs:
            state = "created" if merge.created else ("updated" if merge.changed else "unchanged")
            click.echo(
                f"  {merge.lang}: {state}; "
                f"{merge.new} new, {merge.fuzzy} fuzzy, "
                f"{merge.obsolete} obsolete"
            )


def main(argv: list[str] | None = None) -> Any:
    """Run the CLI; the one place that turns a TranspressError into a message and exit code."""
    try:
        return cli.main(args=argv, prog_name="transpress", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(1)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except TranspressError as exc:
        if isinstance(exc.path, Path) and exc.path.is_absolute():
            exc.path = _shorter(exc.path)
        click.echo(f"transpress: error: {exc.format()}", err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:
        where = f"{_shorter(Path(exc.filename))}: " if exc.filename else ""
        click.echo(
            f"transpress: error: {where}{exc.strerror or exc}; check the path, its permissions "
            "and free disk space",
            err=True,
        )
        sys.exit(FILE_ERROR_EXIT_CODE)


def _shorter(path: Path) -> Path:
    """A path as the user knows it: relative to its workspace (as catalogues and reports
    write paths), else to the current folder, else as it is."""
    resolved = path.resolve()
    for folder in resolved.parents:
        if (folder / "transpress.toml").is_file():
            return resolved.relative_to(folder)
    try:
        return resolved.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


if __name__ == "__main__":
    main()
