"""Commands for what translation draws on: models, glossary, memory."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from transpress.cli import (
    _workspace,
    _workspace_and_languages,
    cli,
    engine_option,
    releases_and_languages,
)
from transpress.errors import TranspressError

if TYPE_CHECKING:
    from transpress.engines import Engine


@cli.group()
def models() -> None:
    """List the models of the engine; install and remove Argos packages."""


def _engine(ctx: click.Context, name: str | None) -> tuple[Engine, tuple[str, ...]]:
    """The engine asked for (else the workspace's) and the workspace's languages; outside a
    workspace, the defaults."""
    from transpress.models import workspace_engine
    from transpress.workspace import Config, find_workspace

    try:
        workspace = find_workspace(Path(ctx.obj.get("workspace") or Path.cwd()))
    except TranspressError:
        return workspace_engine(Config(), name), Config.languages
    engine = workspace_engine(workspace.config, name, where=workspace.config_path)
    return engine, workspace.config.languages


@models.command("list")
@engine_option
@click.pass_context
def models_list(ctx: click.Context, engine_name: str | None) -> None:
    """What the engine offers, and which pairs of the workspace are direct, pivoted or missing."""
    from transpress.models import list_models

    engine, languages = _engine(ctx, engine_name)
    report = list_models(languages, engine)
    click.echo(f"engine: {report.engine}")
    if not report.installed:
        click.echo("no models installed")
    for model in report.installed:
        click.echo(f"{model.from_code}→{model.to_code}  {model.name} {model.version}")
    for name, reason in report.broken:
        if report.engine == "argos":
            click.echo(
                f"broken: {name} ({reason}); remove it with `transpress models remove {name}`"
            )
        else:
            click.echo(f"not answering: {name} ({reason})")
    for pair in report.pairs:
        click.echo(f"{pair.source}→{pair.target}: {pair.kind} ({pair.route})")


@models.command("install")
@click.argument("source")
@engine_option
@click.pass_context
def models_install(ctx: click.Context, source: str, engine_name: str | None) -> None:
    """Install SOURCE: a .argosmodel file, a folder of them, or a pair from the index (en-fr)."""
    from transpress.models import install_models

    for model in install_models(source, _engine(ctx, engine_name)[0]):
        click.echo(f"installed {model.name} {model.version} ({model.from_code}→{model.to_code})")


@models.command("remove")
@click.argument("pair")
@engine_option
@click.pass_context
def models_remove(ctx: click.Context, pair: str, engine_name: str | None) -> None:
    """Uninstall the package(s) of PAIR (en-fr) or with that name."""
    from transpress.models import remove_models

    for model in remove_models(pair, _engine(ctx, engine_name)[0]):
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
    from transpress.glossary import merge_terms, read_glossary, read_tbx_terms, render_glossary

    workspace = _workspace(ctx)
    with workspace.locked("glossary import"):
        before = read_glossary(workspace.glossary_path)
        found = read_tbx_terms(path)
        _warn(tuple(f"{p}: {m}" for p, m in found.warnings))
        after = merge_terms(before, list(found.terms))
        write_if_changed(
            workspace.glossary_path, render_glossary(after, workspace.config.languages)
        )
    added = len(after.terms) - len(before.terms)
    click.echo(f"{added} terms added to {workspace.relative(workspace.glossary_path)}")


@cli.group()
def memory() -> None:
    """Export or import the translation memory as TMX 1.4."""


@memory.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--include-drafts",
    is_flag=True,
    help="Also write the machine drafts the memory keeps (told apart only by a "
    '<prop type="x-origin">mt</prop>, which CAT tools ignore).',
)
@click.pass_context
def memory_export(ctx: click.Context, path: Path, include_drafts: bool) -> None:
    """Write every reviewed translation (of the catalogues and the memory) to PATH (.tmx)."""
    from transpress.translate import export_memory

    done = export_memory(_workspace(ctx), path, include_drafts=include_drafts)
    _warn(done.warnings)
    kind = "units (reviewed and machine drafts)" if include_drafts else "reviewed units"
    click.echo(f"{done.units} {kind} written to {path}")


@memory.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def memory_import(ctx: click.Context, path: Path) -> None:
    """Add the translation units of a TMX file to the memory."""
    from transpress.translate import import_memory

    done = import_memory(_workspace(ctx), path)
    _warn(done.warnings)
    click.echo(f"{done.units} units imported from {path}")


def _warn(lines: tuple[str, ...]) -> None:
    for line in lines:
        click.echo(f"warning: {line}", err=True)


@cli.group()
def xliff() -> None:
    """Exchange translations with agencies and CAT tools as XLIFF 1.2 or 2.0."""


@xliff.command("export")
@releases_and_languages
@click.option(
    "--version",
    "version",
    type=click.Choice(["1.2", "2.0"]),
    default="1.2",
    show_default=True,
    help="XLIFF version.",
)
@click.option(
    "-o",
    "--output",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write <release>.<lang>.xlf into.",
)
@click.pass_context
def xliff_export(
    ctx: click.Context,
    releases: tuple[str, ...],
    languages: tuple[str, ...],
    version: str,
    folder: Path,
) -> None:
    """Write one XLIFF file per release and target language (the workspace is unchanged)."""
    from transpress.interchange import export_xliff

    workspace, chosen = _workspace_and_languages(ctx, languages)
    report = export_xliff(workspace, releases, languages=chosen, version=version, folder=folder)
    for path, units, todo in report.files:
        click.echo(f"{path}: {units} units, {todo} to translate or review")


@xliff.command("import")
@click.argument(
    "paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.pass_context
def xliff_import(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """Merge the translations of XLIFF files back into their catalogues."""
    from transpress.interchange import import_xliff

    report = import_xliff(_workspace(ctx), paths)
    for item in report.files:
        counts = ", ".join(f"{n} {outcome}" for outcome, n in sorted(item.outcomes.items()))
        click.echo(f"{item.path} → {item.release_id} [{item.lang}]: {counts or 'no units'}")
        for msgid in item.conflicts:
            click.echo(
                f"warning: {item.path}: conflict on {msgid[:60]!r}: kept the catalogue's "
                "translation (changed there since the export, or the returned one would undo "
                "a review); compare them in a PO editor",
                err=True,
            )
        for source in item.unknown:
            click.echo(
                f"warning: {item.path}: {source[:60]!r} is not an entry of {item.release_id} "
                "(its source changed since the export, or several units share it); not imported",
                err=True,
            )
    for notice in report.notices:
        click.echo(f"warning: {notice}", err=True)
    click.echo(f"{len(report.written)} catalogue(s) written")
