"""Use case: how far each release is translated and reviewed, per language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from transpress.buildcache import Record
from transpress.catalog import CHECK_PREFIX, CatalogEntry
from transpress.catalog.entries import State
from transpress.extract import open_cache, plan_extract, planned_catalogues
from transpress.workspace import Workspace

#: Every state, in the order tables show them.
STATES = tuple(State)


@dataclass(frozen=True)
class Tally:
    """Segments and source words."""

    segments: int = 0
    words: int = 0


@dataclass(frozen=True)
class LanguageStatus:
    """The state of one release's catalogue for one language."""

    release_id: str
    lang: str
    path: str
    tallies: dict[str, Tally] = field(default_factory=dict)
    waiting: tuple[CatalogEntry, ...] = ()  # entries awaiting review or translation

    def of(self, state: str) -> Tally:
        """The tally of one state (zero if none)."""
        return self.tallies.get(state, Tally())

    @property
    def machine_drafts(self) -> list[CatalogEntry]:
        """The machine drafts awaiting review, in catalogue order."""
        return [e for e in self.waiting if e.state == State.MACHINE]

    @property
    def total(self) -> Tally:
        """Active (not obsolete) segments and words."""
        active = [t for s, t in self.tallies.items() if s != State.OBSOLETE]
        return Tally(sum(t.segments for t in active), sum(t.words for t in active))

    @property
    def percent_reviewed(self) -> float:
        """Reviewed share of active segments, 0–100 (100 for an empty catalogue)."""
        total = self.total.segments
        return 100.0 if total == 0 else 100.0 * self.of(State.REVIEWED).segments / total


@dataclass(frozen=True)
class StatusReport:
    """Status of every release × target language."""

    rows: tuple[LanguageStatus, ...]

    def below(self, percent: float) -> list[LanguageStatus]:
        """The rows whose reviewed share is under `percent`."""
        return [row for row in self.rows if row.percent_reviewed < percent]


def catalog_status(
    workspace: Workspace, names: Sequence[str] = (), *, languages: Sequence[str] = ()
) -> StatusReport:
    """Status of the catalogues as `extract` would leave them, without writing anything.
    A release whose files are as the build cache recorded them, with nothing waiting for
    review, is not read: its tallies are the recorded ones."""
    paths = workspace.source_paths(tuple(names))
    cache = open_cache(workspace)
    recorded: dict[str, list[LanguageStatus]] = {}
    for path in paths:
        record = cache.clean(path.stem, published=False)
        rows = _recorded(workspace, record, path.stem, languages) if record else None
        if rows is not None:
            recorded[path.stem] = rows
    releases = [workspace.read_release(p) for p in paths if p.stem not in recorded]
    plan = plan_extract(workspace, releases)
    fresh: dict[str, list[LanguageStatus]] = {}
    for release, lang, catalogue in planned_catalogues(plan, releases, languages):
        row = _status(release.id, lang, workspace.relative(catalogue.path), catalogue.entries())
        fresh.setdefault(release.id, []).append(row)
    rows = [row for p in paths for row in recorded.get(p.stem, fresh.get(p.stem, []))]
    return StatusReport(tuple(rows))


def _recorded(
    workspace: Workspace, record: Record, release_id: str, languages: Sequence[str]
) -> list[LanguageStatus] | None:
    """A recorded release's rows, or None when one has entries waiting (status lists them)
    or the record does not say."""
    try:
        paths = dict(record.report["extract"]["catalogues"])
        rows = []
        for item in record.report["status"]:
            if languages and item["lang"] not in languages:
                continue
            if item["waiting"]:
                return None
            tallies: dict[str, Tally] = {
                State(s).value: Tally(int(n), int(words))
                for s, (n, words) in item["tallies"].items()
            }
            rows.append(LanguageStatus(release_id, item["lang"], paths[item["lang"]], tallies))
    except (KeyError, ValueError, TypeError):
        return None
    return rows


def _status(release_id: str, lang: str, path: str, entries: list[CatalogEntry]) -> LanguageStatus:
    tallies: dict[str, Tally] = {}
    for entry in entries:
        seen = tallies.get(entry.state, Tally())
        tallies[entry.state] = Tally(seen.segments + 1, seen.words + entry.words)
    waiting = tuple(e for e in entries if e.state not in (State.REVIEWED, State.OBSOLETE))
    return LanguageStatus(release_id, lang, path, tallies, waiting)


def percent_text(percent: float) -> str:
    """A reviewed share as a whole percentage that never claims 100 % or 0 % before it is
    (a language at 99.6 % is not ready to publish).

    >>> percent_text(77.8), percent_text(99.6), percent_text(0.2), percent_text(100.0)
    ('78%', '99%', '1%', '100%')
    """
    shown = round(percent)
    if 0 < percent < 100:
        shown = min(99, max(1, shown))
    return f"{shown}%"


def status_rows(report: StatusReport) -> list[dict[str, object]]:
    """Flat rows for JSON and CSV: one per release × language."""
    rows = []
    for row in report.rows:
        flat: dict[str, object] = {"release": row.release_id, "lang": row.lang, "path": row.path}
        for state in STATES:
            flat[f"{state}_segments"] = row.of(state).segments
            flat[f"{state}_words"] = row.of(state).words
        flat["total_segments"] = row.total.segments
        flat["percent_reviewed"] = round(row.percent_reviewed, 1)
        scores = [s for s in (e.score for e in row.machine_drafts) if s is not None]
        flat["machine_score_min"] = round(min(scores), 2) if scores else None
        flat["machine_score_mean"] = round(sum(scores) / len(scores), 2) if scores else None
        rows.append(flat)
    return rows


def status_json(report: StatusReport) -> list[dict[str, object]]:
    """`status --format json`: the flat rows, each with its machine drafts, least
    confident first (a draft without a score last)."""
    rows = status_rows(report)
    for flat, row in zip(rows, report.rows, strict=True):
        drafts = sorted(row.machine_drafts, key=lambda e: (e.score is None, e.score or 0.0))
        flat["machine_drafts"] = [
            {
                "line": e.line,
                "msgid": e.msgid,
                "msgstr": e.msgstr,
                "score": e.score,
                "checks": [
                    c.removeprefix(CHECK_PREFIX) for c in e.comments if c.startswith(CHECK_PREFIX)
                ],
            }
            for e in drafts
        ]
    return rows
