"""Use case: a static HTML review dashboard — progress, entries awaiting review, QA findings."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from transpress.catalog import CatalogEntry
from transpress.catalog.entries import State
from transpress.extract import build_time, release_languages
from transpress.files import write_if_changed
from transpress.locale import language_name
from transpress.status import STATES, LanguageStatus, catalog_status
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
    comments: tuple[str, ...]
    previous_msgid: str | None  # the source text the translation was made for, if outdated
    score: float | None = None  # a machine draft's confidence


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


@dataclass(frozen=True)
class ReleaseProgress:
    """One release, its source language and its target languages."""

    release_id: str
    source_lang: str
    source_language: str
    languages: tuple[LanguageProgress, ...]


@dataclass(frozen=True)
class FindingView:
    """A QA finding as the dashboard lists it."""

    location: str
    msgid: str
    rule: str
    severity: str
    message: str


@dataclass(frozen=True)
class Dashboard:
    """Everything the review dashboard shows."""

    releases: tuple[ReleaseProgress, ...]
    findings: tuple[FindingView, ...]
    checked: bool  # False when no check ran: "no findings" would be a false all-clear
    generated: str | None  # from SOURCE_DATE_EPOCH only, so the page is reproducible

    @property
    def legend(self) -> tuple[tuple[str, str], ...]:
        """(state, label) of the states a progress bar shows."""
        return tuple((s, STATE_LABELS[s]) for s in STATES if s != State.OBSOLETE)

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
    progress: dict[str, list[LanguageProgress]] = {}
    for row in catalog_status(workspace, names, languages=languages).rows:
        progress.setdefault(row.release_id, []).append(language_progress(row))
    releases = tuple(
        ReleaseProgress(r, sources[r], language_name(sources[r]), tuple(rows))
        for r, rows in progress.items()
    )
    views = sorted_findings(finding_view(workspace, f) for f in findings or ())
    return Dashboard(releases, tuple(views), findings is not None, _generated())


def write_report(
    workspace: Workspace, dashboard: Dashboard, *, path: Path | None = None
) -> ReportFile:
    """Render the dashboard to `path` (default output/report.html); unchanged files are kept."""
    from transpress.render import Renderer

    target = path if path is not None else default_report_path(workspace)
    html = Renderer(workspace.templates_dir).render_report(dashboard)
    return ReportFile(target, write_if_changed(target, html), dashboard)


def default_report_path(workspace: Workspace) -> Path:
    """`output/report.html`."""
    return workspace.report_path


def language_progress(row: LanguageStatus) -> LanguageProgress:
    """The progress and waiting entries of one release × language."""
    total = row.total.segments
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
        waiting=tuple(riskiest_first(waiting_entry(row.path, e) for e in row.waiting)),
    )


def waiting_entry(path: str, entry: CatalogEntry) -> WaitingEntry:
    """An entry awaiting review, with its `file.po:line` location."""
    return WaitingEntry(
        location=f"{path}:{entry.line}" if entry.line else path,
        state=entry.state,
        label=STATE_LABELS.get(entry.state, entry.state),
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        sources=tuple(f"{file}:{line}" if line else file for file, line in entry.occurrences),
        comments=entry.comments,
        previous_msgid=entry.previous_msgid,
        score=entry.score if entry.state == State.MACHINE else None,
    )


def riskiest_first(entries: Iterable[WaitingEntry]) -> list[WaitingEntry]:
    """Machine drafts by confidence, lowest first, then the other entries in catalogue order."""
    return sorted(entries, key=lambda e: (e.score is None, e.score or 0.0))


def finding_view(workspace: Workspace, finding: Finding) -> FindingView:
    """A finding with a workspace-relative `file:line` location."""
    path = Path(os.fspath(finding.file))
    where = workspace.relative(path) if path.is_absolute() else path.as_posix()
    return FindingView(
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


def percent_text(percent: float) -> str:
    """One decimal, as `status` rounds, but only complete work shows 100% and none shows 0%.

    >>> [percent_text(p) for p in (77.777, 99.96, 100.0, 0.0, 0.04)]
    ['77.8%', '99.9%', '100%', '0%', '0.1%']
    """
    shown = min(max(round(percent, 1), 0.1 if percent > 0 else 0.0), 99.9 if percent < 100 else 100)
    return f"{shown:.1f}".removesuffix(".0") + "%"


def _share(part: int, total: int) -> float:
    return 0.0 if total == 0 else 100.0 * part / total


def _generated() -> str | None:
    """The build date from SOURCE_DATE_EPOCH; no date otherwise, so reruns change nothing."""
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        return None
    return build_time().strftime("%Y-%m-%d %H:%M UTC")
