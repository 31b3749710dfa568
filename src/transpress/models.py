"""Use cases: list, install and remove translation models for the workspace's languages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations
from pathlib import Path

from transpress.engines import Engine, Model, find_route, missing_advice, open_engine
from transpress.errors import WorkspaceError
from transpress.workspace import Config


@dataclass(frozen=True)
class PairStatus:
    """Whether a language pair can be translated, and how."""

    source: str
    target: str
    kind: str  # "direct", "pivot" or "missing"
    route: str


@dataclass(frozen=True)
class ModelsReport:
    """Installed models and the coverage of the workspace's language pairs."""

    engine: str
    installed: tuple[Model, ...]
    pairs: tuple[PairStatus, ...]
    broken: tuple[tuple[str, str], ...] = ()


def workspace_engine(
    config: Config, name: str | None = None, *, where: Path | None = None
) -> Engine:
    """The engine `name` (else the workspace's), made with its `[engines.<name>]` table; a
    mistake in that table is reported against transpress.toml (`where`)."""
    chosen, settings = config.engine_settings(name)
    try:
        return open_engine(chosen, settings)
    except WorkspaceError as exc:
        from_file = name is None or chosen in config.engines  # named or set up in the file
        if exc.path is None and where is not None and from_file:
            raise WorkspaceError(exc.message, path=where) from None
        raise


def list_models(languages: Sequence[str], engine: Engine) -> ModelsReport:
    """What the engine offers, and for each pair of `languages`: direct, pivoted or missing."""
    installed = engine.installed()
    pairs = []
    for source, target in permutations(languages, 2):
        route = find_route(installed, source, target)
        if route is None:
            pairs.append(
                PairStatus(source, target, "missing", missing_advice(engine.name, source, target))
            )
        else:
            kind = "pivot" if route.pivot else "direct"
            pairs.append(PairStatus(source, target, kind, route.provenance))
    return ModelsReport(engine.name, tuple(installed), tuple(pairs), tuple(engine.broken()))


def install_models(source: str, engine: Engine) -> list[Model]:
    """Install from a file, a folder or the index; return what was installed.

    The Argos engine installs all or nothing: every package is checked, unpacked and
    load-tested before any is moved in, so after a ModelError nothing has changed.
    """
    return list(engine.install(source))


def remove_models(pair_or_name: str, engine: Engine) -> list[Model]:
    """Uninstall the models of a pair or name; return what was removed."""
    return list(engine.remove(pair_or_name))
