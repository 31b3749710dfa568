"""QA checks over translated entries: a registry of plug-ins, the built-in rules included.

A check is any object with a `name` (a kebab-case rule id), a `severity` ("error" or
"warning") and `__call__(entry, context) -> list[str]` returning one message per problem.
A check about typography also sets `typographic = True`: what it finds in a translation is
judged again on the translation as publish prints it, typeset (`transpress.typography`);
what typesetting fixes is reported for information only (severity "info", never a
failure), what is left at the check's severity.
Third-party checks register under the `transpress.checks` entry-point group (see
`transpress.plugins`): the entry point names a check object, or a class or function that
makes one when called with no arguments. A translator silences rules on one entry with a
comment line such as `# check-ignore: numbers, length-ratio`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from transpress import plugins
from transpress.catalog import CatalogEntry, State
from transpress.checks.text import published_text
from transpress.document import PROSE_KINDS
from transpress.glossary import Glossary

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
#: The translator-comment prefix that silences rules on one entry.
IGNORE_PREFIX = "check-ignore:"
#: Added to what a typographic check finds in the text as written but not once typeset.
PUBLISH_FIXES = "; publish fixes it"


@dataclass(frozen=True)
class CheckContext:
    """What a check knows besides the entry: the language pair and the glossary."""

    source_lang: str
    target_lang: str
    glossary: Glossary = field(default_factory=Glossary)

    @functools.cached_property
    def term_pairs(self) -> tuple[tuple[str, str], ...]:
        """(source form, target form) of each glossary term to translate, for this pair of
        languages, in glossary order (do-not-translate terms and missing forms left out)."""
        pairs = (
            (term.forms.get(self.source_lang, ""), term.forms.get(self.target_lang, ""))
            for term in self.glossary.terms
            if not term.dnt
        )
        return tuple((source, target) for source, target in pairs if source and target)

    @functools.cached_property
    def term_sources(self) -> tuple[str, ...]:
        """The source forms of `term_pairs`, in order."""
        return tuple(source for source, _ in self.term_pairs)


class Check(Protocol):
    """A QA rule: its id, its severity, and a test returning one message per problem."""

    @property
    def name(self) -> str:
        """The rule id, in kebab-case (what `check-ignore:` names)."""

    @property
    def severity(self) -> Severity:
        """ "error" or "warning"."""

    def __call__(self, entry: CatalogEntry, context: CheckContext) -> list[str]:
        """Messages about what is wrong with the entry's translation (none if it is fine)."""


@dataclass(frozen=True)
class Rule:
    """A check made of a test function, optionally limited to some target languages."""

    name: str
    severity: Severity
    test: Callable[[CatalogEntry, CheckContext], list[str]]
    languages: tuple[str, ...] = ()  # target languages it applies to; empty: all
    typographic: bool = False  # judges the typeset translation (see the module's doc)

    def __call__(self, entry: CatalogEntry, context: CheckContext) -> list[str]:
        """Run the test, unless the target language is not one this rule is for."""
        if self.languages and context.target_lang not in self.languages:
            return []
        return self.test(entry, context)


@dataclass(frozen=True)
class Problem:
    """One message of one check about one entry."""

    rule: str
    severity: Severity
    message: str


@functools.cache
def registered_checks() -> tuple[Check, ...]:
    """The built-in checks, then the plug-ins' (`transpress.plugins`: one precedence rule)."""
    checks: dict[str, Check] = {}
    for plugin in plugins.plugins(plugins.CHECKS):
        for check in _as_checks(plugin, plugin.load()):
            if check.name in checks:
                raise plugin.refused(
                    f"has a check named {check.name!r}, which another check has; rename it"
                )
            checks[check.name] = check
    return tuple(checks.values())


def _as_checks(plugin: plugins.Plugin, loaded: object) -> list[Check]:
    """An entry point's object as checks: itself, what calling it makes, or each of a
    tuple of them (the built-in rules)."""
    items = list(loaded) if isinstance(loaded, (tuple, list)) else [loaded]
    checks = []
    for item in items:
        if isinstance(item, type) or not hasattr(item, "severity"):
            if not callable(item):
                raise plugin.refused("is neither a check nor a factory of checks")
            item = plugin.make(item)
        if getattr(item, "severity", None) not in SEVERITIES or not callable(item):
            raise plugin.refused("is not a check: it needs a name, a severity and __call__")
        check: Check = item  # verified just above
        checks.append(check)
    return checks


def silenced_rules(entry: CatalogEntry) -> frozenset[str]:
    """The rule ids a translator silenced on this entry with `check-ignore:` comments.

    >>> entry = CatalogEntry("a", "b", 1, State.REVIEWED, ("check-ignore: numbers, urls",))
    >>> sorted(silenced_rules(entry))
    ['numbers', 'urls']
    """
    rules: set[str] = set()
    for line in entry.comments:
        text = line.strip()
        if text.lower().startswith(IGNORE_PREFIX):
            rest = text[len(IGNORE_PREFIX) :]
            rules.update(r.strip() for r in rest.replace(" ", ",").split(",") if r.strip())
    return frozenset(rules)


def is_checkable(entry: CatalogEntry) -> bool:
    """Checks look only at active entries that have a translation."""
    return bool(entry.msgid) and bool(entry.msgstr) and entry.state != State.OBSOLETE


def run_checks(
    entry: CatalogEntry, context: CheckContext, checks: Iterable[Check] | None = None
) -> list[Problem]:
    """Every problem the checks (all registered ones by default) find in one entry."""
    if not is_checkable(entry):
        return []
    silenced = silenced_rules(entry)
    published: CatalogEntry | None = None  # typeset when first needed
    problems = []
    for check in registered_checks() if checks is None else checks:
        if check.name in silenced:
            continue
        found = check(entry, context)
        if not found or not getattr(check, "typographic", False):
            problems += [Problem(check.name, check.severity, m) for m in found]
            continue
        # Only a text that fails as written is typeset to be judged again: typesetting adds
        # no-break spaces, curls quotes and widens marks, so it never makes a failure of a
        # text that passes (and typesetting every translation would double a run's time).
        published = published or published_entry(entry, context.target_lang)
        left = check(published, context) if published is not entry else found
        if left:
            problems += [Problem(check.name, check.severity, m) for m in left]
        else:  # all of it is what publish's typesetting takes care of
            problems += [Problem(check.name, "info", m + PUBLISH_FIXES) for m in found]
    return problems


def published_entry(entry: CatalogEntry, lang: str) -> CatalogEntry:
    """The entry with its translation as publish prints it, typeset; the entry itself when
    typesetting changes nothing or publish does not typeset it (a phone line's label).

    >>> entry = CatalogEntry("Why?", "Pourquoi ?", 3, State.REVIEWED, extracted="paragraph")
    >>> published_entry(entry, "fr").msgstr
    'Pourquoi\u202f?'
    >>> label = CatalogEntry("Tel:", "Tél. :", 3, State.REVIEWED, extracted="phone")
    >>> published_entry(label, "fr") is label
    True
    """
    kinds = [kind.strip() for kind in entry.extracted.split(",") if kind.strip()]
    # Publish typesets prose blocks only; an entry of no known block is taken for prose.
    if not all(kind in PROSE_KINDS for kind in kinds):
        return entry
    typeset = published_text(entry.msgstr, lang)
    return entry if typeset == entry.msgstr else replace(entry, msgstr=typeset)
