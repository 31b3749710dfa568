"""The command line: parse options, call one use case, print its report. Nothing else."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from transpress import __version__
from transpress.errors import EXIT_CODES, FILE_ERROR_EXIT_CODE, TranspressError

if TYPE_CHECKING:
    from transpress.extract import ExtractReport
    from transpress.workspace import Workspace

_EPILOG = "Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())


def _workspace(ctx: click.Context) -> Workspace:
    from transpress.workspace import find_workspace

    folder = ctx.obj.get("workspace") or Path.cwd()
    return find_workspace(Path(folder))


def _split_languages(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(lang.strip() for value in values for lang in value.split(",") if lang.strip())


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


@cli.command()
@click.argument("releases", nargs=-1)
@click.option(
    "--lang", "languages", multiple=True, help="Only these languages (e.g. --lang fr,ja)."
)
@click.pass_context
def publish(ctx: click.Context, releases: tuple[str, ...], languages: tuple[str, ...]) -> None:
    """Extract, then write output/<release>/<lang>.html|.md|.txt and output/index.html."""
    from transpress.publish import publish as run_publish

    report = run_publish(_workspace(ctx), releases, languages=_split_languages(languages))
    _print_extract(report.extract)
    for warning in report.warnings:
        click.echo(f"warning: {warning}", err=True)
    drafts = "drafts (marked)" if report.drafts == "mark" else "drafts (hidden: source shown)"
    for edition in report.editions:
        if edition.source:
            click.echo(f"{edition.release_id} [{edition.lang}] source language")
            continue
        click.echo(
            f"{edition.release_id} [{edition.lang}] {edition.reviewed}/{edition.units} reviewed, "
            f"{edition.drafts} {drafts}, {edition.missing} missing (source text shown)"
        )
    click.echo(f"{len(report.written)} file(s) written")


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
    """A path relative to the current folder when it is below it, for one-line messages."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return path


if __name__ == "__main__":
    main()
