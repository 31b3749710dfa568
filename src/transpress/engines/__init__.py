"""Machine-translation engines: a registry of plug-ins, the built-in Argos engine included.

An engine turns a list of segments in one language into drafts in another. Engines are
plug-ins (`transpress.plugins`): each registers, under the `transpress.engines`
entry-point group, a factory called with the engine's settings (its `[engines.<name>]`
table of transpress.toml) that returns an `Engine`. A workspace chooses one with
`engine = "<name>"`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from transpress import plugins
from transpress.errors import WorkspaceError

#: The engine of a workspace that names none.
DEFAULT_ENGINE = "argos"
#: The version of a model whose engine cannot say which it is (a server that does not tell,
#: and no pin in transpress.toml): its drafts are neither remembered nor recalled.
UNPINNED = "unpinned"
#: How an Output's problem begins when no server could be reached for it (the segment is
#: not at fault: it stays pending, and the run ends with exit 8).
UNANSWERED = "no machine-translation server answered"


@dataclass(frozen=True)
class Model:
    """One installed translation model: a direct language pair and its version."""

    engine: str
    name: str
    from_code: str
    to_code: str
    version: str

    @property
    def label(self) -> str:
        """How provenance comments and reports name the model."""
        return f"{self.engine} {self.name} {self.version}"


@dataclass(frozen=True)
class Route:
    """How to get from one language to another: one model, or two through a pivot."""

    models: tuple[Model, ...]

    @property
    def pivot(self) -> str | None:
        """The pivot language, if the route has two legs."""
        return self.models[0].to_code if len(self.models) > 1 else None

    @property
    def provenance(self) -> str:
        """The provenance comment of a draft made along this route."""
        text = " + ".join(m.label for m in self.models)
        return f"{text} (pivot {self.pivot})" if self.pivot else text

    @property
    def remembered(self) -> bool:
        """Whether drafts made along the route may go into the memory and come back from it
        (every model's version is known)."""
        return all(m.version != UNPINNED for m in self.models)

    @property
    def key(self) -> str:
        """The translation-memory key: which models, which versions."""
        return "+".join(f"{m.engine}:{m.name}@{m.version}" for m in self.models)


@dataclass(frozen=True)
class EngineOptions:
    """Inference settings shared by engines."""

    beam_size: int = 4
    intra_threads: int | None = None  # None: chosen from the cores (engines/batching.py)
    inter_threads: int | None = None  # None: one replica per core
    batch_size: int | None = None  # None: chosen from the model and the input
    alternatives: int = 0  # other hypotheses to return beside the best
    workers: int = 1  # processes the pairs' work is shared between (transpress.machine)


#: Below this chrF between a draft's back-translation and its source, the draft is flagged:
#: sentences that come back this far from where they started lost or changed meaning.
DRIFT_THRESHOLD = 0.4


@dataclass(frozen=True)
class DraftOptions:
    """What is asked of machine drafts, beside how the engine runs.

    min_score: a draft the model is less sure of than this is left as a suggestion (a
    comment), the entry untranslated. back_check: round-trip fresh drafts through the
    reverse model, when one is installed, and flag those that drift (chrF below
    `drift_below`).
    """

    min_score: float | None = None
    back_check: bool = True
    drift_below: float = DRIFT_THRESHOLD


@dataclass(frozen=True)
class Output:
    """One machine translation, how sure the model was, and anything that went wrong."""

    text: str
    problems: tuple[str, ...] = ()
    score: float | None = None  # the model's confidence, 0 to 1 (mean token probability)
    alternatives: tuple[str, ...] = ()  # other distinct hypotheses, best first


class PairTranslator(Protocol):
    """Translates batches of segments along one route; loaded once per run."""

    def translate(
        self, segments: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[Output]:
        """Translate segments, in order; tell `progress` how many are done as batches finish."""

    def carries(self, text: str) -> bool:
        """Whether `text` comes out of every model's tokenizer as it went in (so that a
        placeholder written that way can survive translation)."""


class Engine(Protocol):
    """A machine-translation engine."""

    name: str

    def installed(self) -> list[Model]:
        """The models installed for this engine."""

    def broken(self) -> list[tuple[str, str]]:
        """Installed models that cannot be read: (name, reason)."""

    def open(self, route: Route, options: EngineOptions) -> PairTranslator:
        """Load the models of a route for a run."""

    def install(self, source: str) -> list[Model]:
        """Install models from a file, a folder or the engine's index."""

    def remove(self, pair_or_name: str) -> list[Model]:
        """Uninstall models; return them."""


def find_route(
    models: Sequence[Model], source: str, target: str, *, pivot: str = "en"
) -> Route | None:
    """A direct model from source to target, else two through the pivot language, else None.

    >>> m = lambda a, b: Model("argos", f"translate-{a}_{b}", a, b, "1.0")
    >>> find_route([m("fr", "en"), m("en", "ja")], "fr", "ja").provenance
    'argos translate-fr_en 1.0 + argos translate-en_ja 1.0 (pivot en)'
    >>> find_route([m("en", "fr")], "fr", "en") is None
    True
    """

    def newest(a: str, b: str) -> Model | None:
        found = [x for x in models if (x.from_code, x.to_code) == (a, b)]
        return max(found, key=lambda x: _version_key(x.version)) if found else None

    direct = newest(source, target)
    if direct is not None:
        return Route((direct,))
    if pivot in (source, target):
        return None
    first, second = newest(source, pivot), newest(pivot, target)
    return Route((first, second)) if first and second else None


def _version_key(version: str) -> tuple[int, ...]:
    """A version as numbers, for sorting ("²" is a digit to str.isdigit(), not to int()).

    >>> _version_key("1.10.2"), _version_key("2.²")
    ((1, 10, 2), (2,))
    """
    return tuple(int(part) for part in version.split(".") if part.isascii() and part.isdigit())


def missing_advice(engine: str, source: str, target: str) -> str:
    """What to do about a pair the engine cannot translate.

    >>> missing_advice("argos", "en", "fr")
    'install one with `transpress models install en-fr`'
    """
    if engine == DEFAULT_ENGINE:
        return f"install one with `transpress models install {source}-{target}`"
    return f"the {engine} engine does not offer it (see `transpress models list`)"


def engine_names() -> list[str]:
    """The engines a workspace can choose, built-ins first."""
    return [plugin.name for plugin in plugins.plugins(plugins.ENGINES)]


def open_engine(name: str = DEFAULT_ENGINE, settings: Mapping[str, Any] | None = None) -> Engine:
    """The engine of that name, made with its settings (its table in transpress.toml).

    An unknown name is a workspace error (exit 4); an engine plug-in that cannot be loaded
    or made is a PluginError naming it (exit 14); bad settings are the engine's to refuse.
    """
    plugin = plugins.find(plugins.ENGINES, name)
    if plugin is None:
        raise WorkspaceError(
            f"no machine-translation engine {name!r}; choose one of {engine_names()} "
            "(engine = … in transpress.toml, or --engine)"
        )
    engine = plugin.make(plugin.load(), dict(settings or {}))
    if not all(callable(getattr(engine, m, None)) for m in ("installed", "open", "broken")):
        raise plugin.refused("is not an engine: it needs installed(), broken() and open()")
    made: Engine = engine
    return made
