"""Commands for reviewers: status, check, diff, report."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from transpress.cli import (
    _workspace,
    _workspace_and_languages,
    cli,
    releases_and_languages,
)
from transpress.errors import STATUS_FAIL_EXIT_CODE

if TYPE_CHECKING:
    from transpress.status import StatusReport


@cli.command()
@releases_and_languages
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
    from transpress.status import catalog_status, percent_text, status_json, status_rows

    workspace, chosen = _workspace_and_languages(ctx, languages)
    report = catalog_status(workspace, releases, languages=chosen)
    if fmt == "json":
        click.echo(json.dumps(status_json(report), ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(_csv(status_rows(report)), nl=False)
    else:
        _print_status(report)
    if fail_under is not None and report.below(fail_under):
        late = ", ".join(
            f"{r.release_id} [{r.lang}] {percent_text(r.percent_reviewed)}"
            for r in report.below(fail_under)
        )
        click.echo(f"below {fail_under:g}% reviewed: {late}", err=True)
        sys.exit(STATUS_FAIL_EXIT_CODE)


def _print_status(report: StatusReport) -> None:
    """The status table at the terminal's width (COLUMNS, else 80 when not a terminal);
    release headings in bold on a terminal (click drops the styles elsewhere)."""
    from transpress.status_layout import LineKind, status_lines
    from transpress.terminal import printable, width

    for line in status_lines(report, width=width()):
        text = printable(line.text)
        if line.kind == LineKind.RELEASE:
            text = click.style(text, bold=True)
        elif line.kind == LineKind.HEADER:
            text = click.style(text, dim=True)
        click.echo(text)


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
@releases_and_languages
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
    end punctuation, French spacing, Japanese punctuation, identical, length ratio, doubled
    words. Typography is judged as publish prints it: what publish fixes is only info."""
    from transpress.qa import check_catalogues, exit_code, render_report

    workspace, chosen = _workspace_and_languages(ctx, languages)
    report = check_catalogues(workspace, releases, languages=chosen)
    from transpress.terminal import printable

    text = render_report(report, fmt)
    click.echo(printable(text) if fmt == "text" else text, nl=False)
    code = exit_code(report, fail_on="error" if fail_on == "error" else "warning")
    if code:
        sys.exit(code)


def _ui_lang(function: Callable[..., None]) -> Callable[..., None]:
    """`--ui-lang`: the language of a page's interface (`--lang` chooses target languages)."""
    from transpress.interface import INTERFACE_LANGUAGES

    return click.option(
        "--ui-lang",
        type=click.Choice(INTERFACE_LANGUAGES),
        help="Language of the page's headings, labels, numbers and dates "
        "(default: report_language in transpress.toml, else en).",
    )(function)


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
@_ui_lang
@click.pass_context
def diff(
    ctx: click.Context,
    /,
    old: str,
    new: str | None,
    fmt: str,
    output: Path | None,
    ui_lang: str | None,
) -> None:
    """What changed in translation between OLD and NEW (git revisions or folders; NEW
    defaults to the working tree); the HTML page marks the words that changed."""
    from transpress.diff import diff_to_dict, diff_to_text, diff_versions

    workspace = _workspace(ctx)
    report = diff_versions(workspace, old, new)
    if fmt == "json":
        text = json.dumps(diff_to_dict(report), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        from transpress.render import Renderer

        ui = ui_lang or workspace.config.report_language
        text = Renderer(workspace.templates_dir).render_diff(report, lang=ui)
    else:
        text = diff_to_text(report)
    if output is None:
        from transpress.terminal import printable

        click.echo(printable(text) if fmt == "text" else text, nl=False)
    else:
        from transpress.files import write_if_changed

        write_if_changed(output, text)
        click.echo(f"written to {output}")


@cli.command()
@releases_and_languages
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the page (default: output/report.html).",
)
@click.option("--no-check", is_flag=True, help="Leave out the findings of `transpress check`.")
@_ui_lang
@click.pass_context
def report(
    ctx: click.Context,
    /,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    output: Path | None,
    no_check: bool,
    ui_lang: str | None,
) -> None:
    """Write an HTML review dashboard: progress, entries awaiting review (riskiest first,
    filterable by language and state), check findings."""
    from transpress.extract import release_languages
    from transpress.qa import check_catalogues
    from transpress.report import build_report, write_report

    workspace, chosen = _workspace_and_languages(ctx, languages)
    sources = release_languages(workspace, workspace.source_paths(releases))
    checked = (
        None
        if no_check
        else check_catalogues(workspace, releases, languages=chosen, sources=sources)
    )
    dashboard = build_report(
        workspace,
        releases,
        languages=chosen,
        findings=None if checked is None else checked.findings,
        sources=sources,
    )
    result = write_report(workspace, dashboard, path=output, lang=ui_lang)
    click.echo(
        f"{result.path} {'written' if result.written else 'unchanged'}: "
        f"{dashboard.waiting} entries awaiting review, "
        f"{dashboard.count('error')} errors, {dashboard.count('warning')} warnings"
    )
