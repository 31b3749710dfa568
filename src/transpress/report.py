"""Use case: a static HTML review dashboard — progress, entries awaiting review, QA findings."""

from __future__ import annotations

import dataclasses
import datetime
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from transpress.catalog import CatalogEntry
from transpress.catalog.entries import (
    CHECK_PREFIX,
    MACHINE_PREFIXES,
    MT_PREFIX,
    SUGGESTION_PREFIX,
    State,
)
from transpress.extract import build_time, release_languages
from transpress.files import write_if_changed
from transpress.locale import format_number, language_name, percent_sign
from transpress.status import STATES, LanguageStatus, catalog_status
from transpress.textdiff import Piece, word_changes
from transpress.workspace import Workspace

#: How the dashboard names each state, in STATES order.
STATE_LABELS = {
    State.REVIEWED: "reviewed",
    State.MACHINE: "machine draft",
    State.OUTDATED: "outdated",
    State.FUZZY: "fuzzy draft",
    State.UNTRANSLATED: "untranslated",
    State.OBSOLETE: "obsolete",
}
#: Findings sort by severity, most serious first; unknown severities come last.
SEVERITY_ORDER = ("error", "warning", "info")
#: States a reviewer can filter the entries by, riskiest first (then: failed checks).
FILTER_STATES = (State.OUTDATED, State.MACHINE, State.FUZZY, State.UNTRANSLATED)
#: Entries shown at once in a catalogue's section; the others wait behind "N more", so
#: that a page of many drafts stays a page (the riskiest come first, so they are shown).
SHOWN_AT_ONCE = 3


class Finding(Protocol):
    """A QA finding as `transpress check` reports it (read-only attributes are enough)."""

    @property
    def file(self) -> str | os.PathLike[str]: ...

    @property
    def line(self) -> int | None: ...

    @property
    def msgid(self) -> str: ...

    @property
    def rule(self) -> str: ...

    @property
    def severity(self) -> str: ...

    @property
    def message(self) -> str: ...


@dataclass(frozen=True)
class StateShare:
    """One state of one catalogue: segments, source words and share of active segments."""

    state: str
    label: str
    segments: int
    words: int
    percent: float


@dataclass(frozen=True)
class WaitingEntry:
    """An entry awaiting review or translation, located in its catalogue and its source."""

    location: str  # locale/fr/LC_MESSAGES/<release>.po:42
    state: str
    label: str
    msgid: str
    msgstr: str
    sources: tuple[str, ...]  # sources/<release>.txt:8
    notes: tuple[str, ...]  # the translators' own comments (transpress's notes are parsed)
    previous_msgid: str | None  # the source text the translation was made for, if outdated
    score: float | None = None  # a machine draft's confidence
    provenance: tuple[str, ...] = ()  # where a draft comes from: `argos translate-en_fr 1.9`
    machine_checks: tuple[str, ...] = ()  # what `translate` found wrong with its draft
    suggestion: str | None = None  # a draft left below the confidence asked for
    findings: tuple[FindingView, ...] = ()  # what `check` found in this entry

    @property
    def source_changes(self) -> tuple[Piece, ...]:
        """How the source changed since the translation was made (outdated entries)."""
        return () if self.previous_msgid is None else word_changes(self.previous_msgid, self.msgid)

    @property
    def worst(self) -> str | None:
        """The most serious severity among the entry's findings."""
        return next(
            (s for s in SEVERITY_ORDER if any(f.severity == s for f in self.findings)), None
        )

    @property
    def risk(self) -> tuple[int, int, float]:
        """Sort key, riskiest first: failed checks, then a source that changed, then machine
        drafts by confidence (lowest first; unscored after scored), then the rest."""
        severity = SEVERITY_ORDER.index(self.worst) if self.worst in SEVERITY_ORDER else 3
        state = FILTER_STATES.index(self.state) if self.state in FILTER_STATES else 4
        return (min(severity, 2), state, 2.0 if self.score is None else self.score)


@dataclass(frozen=True)
class LanguageProgress:
    """One release × language: how much is reviewed, and what is waiting."""

    release_id: str
    lang: str
    language: str
    path: str
    anchor: str
    percent_reviewed: float
    percent_text: str
    reviewed: int
    total: int
    shares: tuple[StateShare, ...]
    waiting: tuple[WaitingEntry, ...]
    findings: tuple[FindingView, ...] = ()  # every finding in this catalogue

    @property
    def shown(self) -> tuple[WaitingEntry, ...]:
        """The riskiest entries, shown at once."""
        return self.waiting[:SHOWN_AT_ONCE]

    @property
    def more(self) -> tuple[WaitingEntry, ...]:
        """The other entries, behind a "more" switch."""
        return self.waiting[SHOWN_AT_ONCE:]

    @property
    def to_do(self) -> bool:
        """Whether anything waits here: entries to review, or findings."""
        return bool(self.waiting or self.findings)

    def count(self, severity: str) -> int:
        """Findings of one severity in this catalogue."""
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True)
class ReleaseProgress:
    """One release, its source language and its target languages."""

    release_id: str
    source_lang: str
    source_language: str
    languages: tuple[LanguageProgress, ...]

    @property
    def to_do(self) -> bool:
        """Whether anything waits in one of its languages."""
        return any(p.to_do for p in self.languages)

    @property
    def waiting(self) -> int:
        """Entries awaiting review or translation, over its languages."""
        return sum(len(p.waiting) for p in self.languages)


@dataclass(frozen=True)
class FindingView:
    """A QA finding as the dashboard lists it."""

    path: str  # workspace-relative, as the catalogue's progress row names it
    line: int  # of the entry (0: the catalogue as a whole)
    location: str
    msgid: str
    rule: str
    severity: str
    message: str
    lang: str = ""  # the catalogue's language, for the language filter


@dataclass(frozen=True)
class Dashboard:
    """Everything the review dashboard shows."""

    releases: tuple[ReleaseProgress, ...]
    findings: tuple[FindingView, ...]
    checked: bool  # False when no check ran: "no findings" would be a false all-clear
    generated: datetime.datetime | None  # from SOURCE_DATE_EPOCH only: reproducible pages

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        """(state, label) of the states a progress bar shows."""
        return tuple((s, STATE_LABELS[s]) for s in STATES if s != State.OBSOLETE)

    @property
    def languages(self) -> tuple[tuple[str, str], ...]:
        """(code, name) of the target languages shown, for the language filter."""
        codes = dict.fromkeys(p.lang for r in self.releases for p in r.languages)
        return tuple((code, language_name(code)) for code in codes)

    @property
    def states(self) -> tuple[str, ...]:
        """The states an entry on the page has, riskiest first, for the state filter."""
        present = {e.state for r in self.releases for p in r.languages for e in p.waiting}
        return tuple(s for s in FILTER_STATES if s in present)

    @property
    def waiting(self) -> int:
        """Entries awaiting review or translation, across every catalogue."""
        return sum(len(p.waiting) for r in self.releases for p in r.languages)

    def count(self, severity: str) -> int:
        """Findings of one severity."""
        return sum(1 for f in self.findings if f.severity == severity)


@dataclass(frozen=True)
class ReportFile:
    """The dashboard written: where, and whether its content changed."""

    path: Path
    written: bool
    dashboard: Dashboard


def build_report(
    workspace: Workspace,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    findings: Iterable[Finding] | None = None,
    sources: Mapping[str, str] | None = None,
) -> Dashboard:
    """The dashboard of the named releases (all by default); `findings` from `check`, if
    run; `sources`: each release's language by id, if the caller knows them."""
    if sources is None:
        sources = release_languages(workspace, workspace.source_paths(tuple(names)))
    rows = catalog_status(workspace, names, languages=languages).rows
    langs = {row.path: row.lang for row in rows}
    views = [
        dataclasses.replace(view, lang=langs.get(view.path, ""))
        for view in sorted_findings(finding_view(workspace, f) for f in findings or ())
    ]
    progress: dict[str, list[LanguageProgress]] = {}
    for row in rows:
        progress.setdefault(row.release_id, []).append(language_progress(row, findings=views))
    releases = tuple(
        ReleaseProgress(r, sources[r], language_name(sources[r]), tuple(rows))
        for r, rows in progress.items()
    )
    return Dashboard(releases, tuple(views), findings is not None, _generated())


def write_report(
    workspace: Workspace,
    dashboard: Dashboard,
    *,
    path: Path | None = None,
    lang: str | None = None,
) -> ReportFile:
    """Render the dashboard to `path` (default output/report.html) with its interface in
    `lang` (default: the workspace's `report_language`); unchanged files are kept."""
    from transpress.render import Renderer

    target = path if path is not None else default_report_path(workspace)
    ui = lang or workspace.config.report_language
    html = Renderer(workspace.templates_dir).render_report(dashboard, lang=ui)
    return ReportFile(target, write_if_changed(target, html), dashboard)


def default_report_path(workspace: Workspace) -> Path:
    """`output/report.html`."""
    return workspace.report_path


def language_progress(
    row: LanguageStatus, *, findings: Sequence[FindingView] = ()
) -> LanguageProgress:
    """The progress and waiting entries of one release × language, riskiest first."""
    total = row.total.segments
    mine = tuple(f for f in findings if f.path == row.path)
    shares = tuple(
        StateShare(
            state,
            STATE_LABELS[state],
            row.of(state).segments,
            row.of(state).words,
            _share(row.of(state).segments, total),
        )
        for state in STATES
        if state != State.OBSOLETE
    )
    return LanguageProgress(
        release_id=row.release_id,
        lang=row.lang,
        language=language_name(row.lang),
        path=row.path,
        anchor=f"waiting-{row.release_id}-{row.lang}",
        percent_reviewed=row.percent_reviewed,
        percent_text=percent_text(row.percent_reviewed),
        reviewed=row.of(State.REVIEWED).segments,
        total=total,
        shares=shares,
        waiting=tuple(
            riskiest_first(waiting_entry(row.path, e, findings=mine) for e in row.waiting)
        ),
        findings=mine,
    )


def waiting_entry(
    path: str, entry: CatalogEntry, *, findings: Sequence[FindingView] = ()
) -> WaitingEntry:
    """An entry awaiting review, with its `file.po:line` location, what transpress noted
    about it (read out of its comments: provenance, checks, a suggestion; never the
    fingerprints) and the findings of `check` on it."""
    own = tuple(c for c in entry.comments if not c.startswith(MACHINE_PREFIXES))
    return WaitingEntry(
        location=f"{path}:{entry.line}" if entry.line else path,
        state=entry.state,
        label=STATE_LABELS.get(entry.state, entry.state),
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        sources=tuple(f"{file}:{line}" if line else file for file, line in entry.occurrences),
        notes=own,
        previous_msgid=entry.previous_msgid,
        score=entry.score if entry.state == State.MACHINE else None,
        provenance=_notes(entry, MT_PREFIX) if entry.state == State.MACHINE else (),
        machine_checks=_notes(entry, CHECK_PREFIX) if entry.state == State.MACHINE else (),
        suggestion=next(iter(_notes(entry, SUGGESTION_PREFIX)), None),
        findings=tuple(f for f in findings if f.line == entry.line),
    )


def _notes(entry: CatalogEntry, prefix: str) -> tuple[str, ...]:
    return tuple(c.removeprefix(prefix).strip() for c in entry.comments if c.startswith(prefix))


def riskiest_first(entries: Iterable[WaitingEntry]) -> list[WaitingEntry]:
    """Failed checks first, then changed sources, then machine drafts by confidence (lowest
    first), fuzzy entries and missing ones; catalogue order within each."""
    return sorted(entries, key=lambda e: e.risk)


def finding_view(workspace: Workspace, finding: Finding) -> FindingView:
    """A finding with a workspace-relative `file:line` location."""
    path = Path(os.fspath(finding.file))
    where = workspace.relative(path) if path.is_absolute() else path.as_posix()
    return FindingView(
        path=where,
        line=finding.line or 0,
        location=f"{where}:{finding.line}" if finding.line else where,
        msgid=finding.msgid,
        rule=finding.rule,
        severity=finding.severity,
        message=finding.message,
    )


def sorted_findings(findings: Iterable[FindingView]) -> list[FindingView]:
    """Most serious first; within a severity, the order `check` gave."""
    rank = {severity: i for i, severity in enumerate(SEVERITY_ORDER)}
    return sorted(findings, key=lambda f: rank.get(f.severity, len(rank)))


def percent_text(percent: float, lang: str = "en") -> str:
    """One decimal, as `status` rounds, but only complete work shows 100% and none shows 0%;
    written as `lang` writes numbers (CLDR).

    >>> [percent_text(p) for p in (77.777, 99.96, 100.0, 0.0, 0.04)]
    ['77.8%', '99.9%', '100%', '0%', '0.1%']
    >>> percent_text(77.777, "fr")
    '77,8\xa0%'
    """
    shown = min(max(round(percent, 1), 0.1 if percent > 0 else 0.0), 99.9 if percent < 100 else 100)
    return percent_sign(format_number(shown, lang, decimals=1), lang)


def _share(part: int, total: int) -> float:
    return 0.0 if total == 0 else 100.0 * part / total


def _generated() -> datetime.datetime | None:
    """The build date from SOURCE_DATE_EPOCH; no date otherwise, so reruns change nothing."""
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        return None
    return build_time()
