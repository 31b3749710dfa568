"""Plug-ins: readers, engines and checks, built-in or installed, found and loaded one way.

Each kind is an entry-point group (`transpress.readers`, `transpress.engines`,
`transpress.checks`). transpress's own plug-ins are declared in its `pyproject.toml`
like anyone's, and listed here too (`BUILT_IN`), so that a source tree run without being
installed still has them; a test keeps the two lists equal.

One precedence rule for every kind: built-ins come first and keep their names; installed
plug-ins follow in the order of their names. A plug-in that takes a built-in's name, or
another plug-in's, or that cannot be imported or made, is refused with one line naming it
and its distribution (PluginError, exit 14), never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from transpress.errors import PluginError, TranspressError, one_line

READERS = "transpress.readers"
ENGINES = "transpress.engines"
CHECKS = "transpress.checks"

#: transpress's own plug-ins, as pyproject.toml declares them.
BUILT_IN: dict[str, dict[str, str]] = {
    READERS: {
        "markdown": "transpress.readers.markdown:MarkdownReader",
        "text": "transpress.readers.plaintext:PlainTextReader",
    },
    ENGINES: {
        "argos": "transpress.engines.argos:ArgosEngine",
        "libretranslate": "transpress.engines.libretranslate:LibreTranslateEngine",
    },
    CHECKS: {
        "content": "transpress.checks.rules:CONTENT_RULES",
        "punctuation": "transpress.checks.punctuation:PUNCTUATION_RULES",
    },
}

_UNKNOWN = "an unknown distribution"
_KIND = {READERS: "reader", ENGINES: "engine", CHECKS: "check"}


@dataclass(frozen=True)
class Plugin:
    """One registered plug-in: its name, where it lives, and who provides it."""

    group: str
    name: str
    value: str  # module:attribute
    origin: str  # "built-in", or the distribution and its version

    @property
    def built_in(self) -> bool:
        """Whether transpress itself provides it."""
        return self.origin == "built-in"

    def describe(self) -> str:
        """How an error names the plug-in."""
        kind = _KIND.get(self.group, self.group)
        return f"{kind} plug-in {self.name!r} ({self.origin}: {self.value})"

    def load(self) -> Any:
        """Import the object the plug-in names; a failure is one line naming the plug-in."""
        try:
            return EntryPoint(self.name, self.value, self.group).load()
        except Exception as exc:  # a third party's import may raise anything
            raise self.refused(f"cannot be imported ({_reason(exc)})") from None

    def make(self, factory: Callable[..., Any], *args: Any) -> Any:
        """Call the plug-in's factory; a failure is one line naming the plug-in."""
        try:
            return factory(*args)
        except TranspressError:  # the plug-in's own one-line error (bad settings…)
            raise
        except Exception as exc:
            raise self.refused(f"failed to start ({_reason(exc)})") from None

    def refused(self, why: str) -> PluginError:
        """The error saying this plug-in cannot be used, and what to do."""
        if self.built_in:
            advice = "this is a bug in transpress; please report it"
        elif self.origin == _UNKNOWN:
            advice = "fix or uninstall the package that provides it"
        else:
            advice = f"fix or uninstall {self.origin.split(' ')[0]}"
        return PluginError(f"{self.describe()} {why}; {advice}")


def _reason(exc: BaseException) -> str:
    """The exception's type and first line, control characters escaped (one_line)."""
    return f"{type(exc).__name__}: {one_line(exc)}" if str(exc).strip() else type(exc).__name__


def plugins(group: str) -> list[Plugin]:
    """The group's plug-ins in precedence order: built-ins, then installed ones by name.

    transpress's own entry points are its built-ins (already listed); another plug-in
    taking a name already taken is refused.
    """
    found = [Plugin(group, name, value, "built-in") for name, value in BUILT_IN[group].items()]
    taken = {plugin.name: plugin for plugin in found}
    installed = [_from_entry_point(entry) for entry in entry_points(group=group)]
    for plugin in sorted(installed, key=lambda p: (p.name, p.origin)):
        if BUILT_IN[group].get(plugin.name) == plugin.value:
            continue  # transpress's own entry point, for a built-in listed above
        if plugin.name in taken:
            other = taken[plugin.name]
            whose = "a built-in's" if other.built_in else f"that of {other.describe()}"
            raise plugin.refused(f"takes {whose} name; rename it in its entry points")
        taken[plugin.name] = plugin
        found.append(plugin)
    return found


def _from_entry_point(entry: EntryPoint) -> Plugin:
    dist = entry.dist
    origin = f"{dist.name} {dist.version}" if dist is not None else _UNKNOWN
    return Plugin(entry.group, entry.name, entry.value, origin)


def find(group: str, name: str) -> Plugin | None:
    """The plug-in of that name in the group, or None."""
    return next((p for p in plugins(group) if p.name == name), None)


def signature(group: str) -> list[tuple[str, str, str]]:
    """What identifies the group's installed plug-ins: (name, value, origin), for keys of
    memos whose content depends on them."""
    return [(p.name, p.value, p.origin) for p in plugins(group)]


def loaded(group: str, make: Callable[[Plugin, Any], Iterable[Any]]) -> list[Any]:
    """Every plug-in of the group, loaded and made into objects by `make`, in order."""
    return [item for plugin in plugins(group) for item in make(plugin, plugin.load())]
