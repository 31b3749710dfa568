"""The command line: parse options, call one use case, print its report. Nothing else.

The group, the shared options and the one error funnel live here; the commands are in
`editions` (init, extract, translate, publish), `review` (status, check, diff, report)
and `resources` (models, glossary, memory).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from transpress import __version__
from transpress.errors import (
    EXIT_CODES,
    FILE_ERROR_EXIT_CODE,
    TranspressError,
)

if TYPE_CHECKING:
    from transpress.engines import DraftOptions, EngineOptions
    from transpress.workspace import Workspace

_EPILOG = "Exit codes: " + "; ".join(f"{code} {meaning}" for code, meaning in EXIT_CODES.items())


def _workspace(ctx: click.Context) -> Workspace:
    from transpress.workspace import find_workspace

    folder = ctx.obj.get("workspace") or Path.cwd()
    return find_workspace(
        Path(folder), on_wait=lambda message: click.echo(f"transpress: {message}…", err=True)
    )


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


def releases_and_languages(func: Any) -> Any:
    """The RELEASE... argument and the --lang option most commands take."""
    func = click.option(
        "--lang", "languages", multiple=True, help="Only these languages (e.g. --lang fr,ja)."
    )(func)
    return click.argument("releases", nargs=-1)(func)


#: --engine, on every command that uses one.
engine_option = click.option(
    "--engine",
    "engine_name",
    default=None,
    help="Machine-translation engine (default: engine = … in transpress.toml, else argos).",
)


#: --progress, on the commands that run an engine (choices: transpress.terminal.PROGRESS_MODES).
progress_option = click.option(
    "--progress",
    "progress_mode",
    type=click.Choice(["auto", "bar", "json", "none"]),
    default="auto",
    show_default=True,
    help="Progress on stderr: a bar on a terminal (auto), a bar, a JSON line per finished "
    "batch (for logs and scripts), or nothing.",
)


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
                default=None,
                help="Threads per batch (default: 1, or all cores with --inter-threads 1).",
            ),
            click.option(
                "--inter-threads",
                type=click.IntRange(1, 64),
                default=None,
                help="Batches translated in parallel (default: one per core).",
            ),
            click.option(
                "--batch-size",
                type=click.IntRange(1, 1024),
                default=None,
                help="Segments per batch (default: chosen from the model and the input).",
            ),
            click.option(
                "--workers",
                type=click.IntRange(1, 64),
                default=1,
                show_default=True,
                help="Processes the language pairs are translated in (each gets its share "
                "of the cores; catalogues and memory are written by this one).",
            ),
            engine_option,
        ]
    ):
        func = option(func)
    return func


def _options(
    beam_size: int,
    intra_threads: int | None,
    inter_threads: int | None,
    batch_size: int | None,
    workers: int = 1,
    alternatives: int = 0,
) -> EngineOptions:
    from transpress.engines import EngineOptions

    return EngineOptions(
        beam_size, intra_threads, inter_threads, batch_size, alternatives, workers=workers
    )


def _draft_options(func: Any) -> Any:
    """What `translate` and `publish` ask of machine drafts: confidence, alternatives and
    the back-translation check."""
    for option in reversed(
        [
            click.option(
                "--min-score",
                type=click.FloatRange(0, 1),
                default=None,
                help="Leave drafts the model is less sure of than this (0–1) untranslated, "
                "with the draft as a suggestion in a comment.",
            ),
            click.option(
                "--alternatives",
                type=click.IntRange(0, 8),
                default=0,
                show_default=True,
                help="Also write the N best other translations as comments (# mt-alt:); "
                "the beam is widened to N + 1 if needed.",
            ),
            click.option(
                "--back-check/--no-back-check",
                default=True,
                show_default=True,
                help="Translate fresh drafts back when the reverse model is installed, and "
                "flag those that drift from their source.",
            ),
            click.option(
                "--drift-below",
                type=click.FloatRange(0, 1),
                default=0.4,
                show_default=True,
                help="The chrF (0–1) between a back-translation and its source under which "
                "a draft is flagged.",
            ),
        ]
    ):
        func = option(func)
    return func


def _drafting(min_score: float | None, back_check: bool, drift_below: float) -> DraftOptions:
    from transpress.engines import DraftOptions

    return DraftOptions(min_score, back_check, drift_below)


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
        if exc.path is not None and Path(exc.path).is_absolute():
            exc.path = _shorter(Path(exc.path))
        from transpress.terminal import printable

        click.echo(f"transpress: error: {printable(exc.format())}", err=True)
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


# The commands register themselves on `cli` when imported.
from transpress.cli import editions, resources, review  # noqa: E402, F401
