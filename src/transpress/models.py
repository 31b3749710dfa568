"""Use cases: list, install and remove translation models for the workspace's languages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import permutations

from transpress.engines import Model, find_route, registered_engines


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

    installed: tuple[Model, ...]
    pairs: tuple[PairStatus, ...]
    broken: tuple[tuple[str, str], ...] = ()


def list_models(languages: Sequence[str], *, engine: str = "argos") -> ModelsReport:
    """Installed models, and for each pair of `languages`: direct, pivoted or missing."""
    chosen = registered_engines()[engine]
    installed = chosen.installed()
    pairs = []
    for source, target in permutations(languages, 2):
        route = find_route(installed, source, target)
        if route is None:
            pairs.append(
                PairStatus(
                    source, target, "missing", f"transpress models install {source}-{target}"
                )
            )
        else:
            kind = "pivot" if route.pivot else "direct"
            pairs.append(PairStatus(source, target, kind, route.provenance))
    return ModelsReport(tuple(installed), tuple(pairs), tuple(chosen.broken()))


def install_models(source: str, *, engine: str = "argos") -> list[Model]:
    """Install from a file, a folder or the index; return what was installed.

    The Argos engine installs all or nothing: every package is checked, unpacked and
    load-tested before any is moved in, so after a ModelError nothing has changed.
    """
    return list(registered_engines()[engine].install(source))


def remove_models(pair_or_name: str, *, engine: str = "argos") -> list[Model]:
    """Uninstall the models of a pair or name; return what was removed."""
    return list(registered_engines()[engine].remove(pair_or_name))
