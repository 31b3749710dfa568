"""Use case: fill untranslated entries with machine drafts, never touching reviewed work."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog import (
    Draft,
    OpenCatalogue,
    read_translations,
)
from transpress.document import Release
from transpress.engines import (
    UNANSWERED,
    DraftOptions,
    Engine,
    EngineOptions,
    Route,
    find_route,
)
from transpress.extract import ExtractPlan, plan_extract, planned_catalogues, read_releases
from transpress.files import Notice, write_planned
from transpress.fuzzy import FuzzyIndex, Reviewed, differing_figures
from transpress.glossary import read_glossary
from transpress.machine import EngineJob, JobResult, Progress, run_jobs
from transpress.memory import (
    MemoryUnit,
    TranslationMemory,
    open_memory,
)
from transpress.models import workspace_engine
from transpress.tmx import read_tmx, write_tmx
from transpress.workspace import Workspace


@dataclass
class PairReport:
    """What machine translation did for one language pair."""

    source: str
    target: str
    route: str | None = None
    pending: int = 0
    translated: int = 0
    from_memory: int = 0
    from_reviewed: int = 0
    from_fuzzy: int = 0  # fuzzy matches of reviewed work (at or above the threshold)
    flagged: int = 0
    failed: int = 0
    unanswered: int = 0  # no server answered for them: still pending
    suggested: int = 0  # below --min-score: left as a comment
    back_checked: int = 0  # round-tripped through the reverse model
    drifted: int = 0  # of those, flagged as drifting from the source
    seconds: float = 0.0


@dataclass(frozen=True)
class TranslateReport:
    """What `transpress translate` did."""

    pairs: tuple[PairReport, ...]
    reviewed_untouched: int
    catalogs: tuple[Path, ...] = ()
    notices: tuple[str, ...] = ()  # catalogues a translator saved while the run went on
    engine: str = "argos"  # the engine's name
    warnings: tuple[str, ...] = ()  # the translation memory, set aside or not writable

    @property
    def unanswered(self) -> int:
        """Segments no machine-translation server answered for (they stay pending)."""
        return sum(p.unanswered for p in self.pairs)

    @property
    def missing(self) -> list[tuple[str, str]]:
        """Pairs with pending segments but no model."""
        return [(p.source, p.target) for p in self.pairs if p.route is None and p.pending]


@dataclass
class _Catalogue:
    release: Release
    lang: str
    catalogue: OpenCatalogue
    pending: list[str]


def machine_translate(
    workspace: Workspace,
    releases: Sequence[Release],
    plan: ExtractPlan,
    *,
    languages: Sequence[str] = (),
    refresh: bool = False,
    options: EngineOptions | None = None,
    drafting: DraftOptions | None = None,
    engine: Engine | None = None,
    engine_name: str | None = None,
    progress: Progress | None = None,
    memory_threshold: float | None = None,
) -> TranslateReport:
    """Draft every pending entry of the planned catalogues, pair by pair, in memory.

    The engine is `engine`, else `engine_name`, else the workspace's. With
    `options.workers` above one, the engine work of the pairs (cut into shards) runs in
    that many processes; the memory and the catalogues are only written here, by this one.
    """
    options = options or EngineOptions()
    drafting = drafting or DraftOptions()
    catalogues = [
        _Catalogue(release, lang, catalogue, [p.msgid for p in catalogue.pending(refresh=refresh)])
        for release, lang, catalogue in planned_catalogues(plan, releases, languages)
    ]
    reviewed = sum(1 for c in catalogues for t in c.catalogue.translations().values() if t.reviewed)
    pairs: dict[tuple[str, str], list[_Catalogue]] = {}
    for item in catalogues:
        if item.pending:
            pairs.setdefault((item.release.language, item.lang), []).append(item)
    if engine is None:  # made now, so that its settings are checked on every run
        engine = workspace_engine(workspace.config, engine_name, where=workspace.config_path)
    if not pairs:
        return TranslateReport((), reviewed, engine=engine.name)
    terms = read_glossary(workspace.glossary_path).do_not_translate()
    reviewed_work = reviewed_units(workspace)  # read once, for every pair
    changed: list[Path] = []
    threshold = workspace.config.memory_threshold if memory_threshold is None else memory_threshold
    with open_memory(workspace.memory_path) as memory:
        memory.add(unit for _, unit in reviewed_work)
        prepared = [
            _prepare(
                reviewed_work,
                engine,
                memory,
                pair,
                members,
                terms,
                (options, drafting),
                refresh=refresh,
                threshold=threshold,
            )
            for pair, members in pairs.items()
        ]
        jobs = [p.job for p in prepared if p.job]
        finished = run_jobs(engine, jobs, options.workers, progress)
        for done in prepared:
            drafts = done.drafts
            if done.job is not None:
                drafts |= _finish(memory, done.job, finished[done.job.pair], done.report, drafting)
            for member in done.members:
                chosen = {m: drafts[m] for m in member.pending if m in drafts}
                if member.catalogue.apply(chosen):
                    changed.append(member.catalogue.path)
    warnings = workspace.describe(memory.warnings)  # read once closed: closing may add one
    reports = tuple(done.report for done in prepared)
    return TranslateReport(reports, reviewed, tuple(changed), warnings=warnings, engine=engine.name)


@dataclass
class _Prepared:
    """One pair before the engine runs: what memory gave, and the engine's job, if any."""

    members: list[_Catalogue]
    report: PairReport
    drafts: dict[str, Draft]
    job: EngineJob | None


def _prepare(
    reviewed_work: list[tuple[str, MemoryUnit]],
    engine: Engine,
    memory: TranslationMemory,
    pair: tuple[str, str],
    members: list[_Catalogue],
    terms: list[str],
    asked: tuple[EngineOptions, DraftOptions],
    *,
    refresh: bool = False,
    threshold: float = 100.0,
) -> _Prepared:
    """Reviewed work first, then fuzzy matches of it (at least `threshold` percent), then
    remembered machine output (unless `refresh`, other hypotheses are asked for, or the
    route's versions are unknown), then the engine's job."""
    options, drafting = asked
    pending = list(dict.fromkeys(m for c in members for m in c.pending))
    report = PairReport(pair[0], pair[1], pending=len(pending))
    drafts = _reviewed_elsewhere(reviewed_work, memory, pair, pending)
    report.from_reviewed = len(drafts)
    todo = [m for m in pending if m not in drafts]
    fuzzy = _fuzzy_drafts(reviewed_work, memory, pair, todo, threshold) if todo else {}
    report.from_fuzzy = len(fuzzy)
    report.flagged += sum(1 for d in fuzzy.values() if d.problems)
    drafts |= fuzzy
    todo = [m for m in todo if m not in drafts]
    route = find_route(engine.installed(), *pair) if todo else None
    if route is None:
        return _Prepared(members, report, drafts, None)
    report.route = route.provenance
    key = memory_key(route, terms)
    recall = route.remembered and not refresh and not options.alternatives
    for msgid in todo if recall else []:
        remembered = memory.recall(msgid, pair, model=key)
        if remembered is not None:
            draft = Draft(remembered.target, route.provenance, score=remembered.score)
            drafts[msgid] = _below(draft, drafting.min_score)
            report.from_memory += 1
            report.suggested += drafts[msgid].suggested
    todo = [m for m in todo if m not in drafts]
    if not todo:
        return _Prepared(members, report, drafts, None)
    back = find_route(engine.installed(), pair[1], pair[0]) if drafting.back_check else None
    job = EngineJob(
        pair, route, back, tuple(todo), tuple(terms), options, drafting.drift_below, len(drafts)
    )
    return _Prepared(members, report, drafts, job)


def _finish(
    memory: TranslationMemory,
    job: EngineJob,
    done: JobResult,
    report: PairReport,
    drafting: DraftOptions,
) -> dict[str, Draft]:
    """Count the engine's drafts, remember the sound ones, leave doubtful ones as
    suggestions (below `min_score`)."""
    fresh = done.drafts
    report.seconds = done.seconds
    report.back_checked, report.drifted = done.back_checked, done.drifted
    report.translated = sum(1 for d in fresh.values() if d.msgstr)
    report.flagged = sum(1 for d in fresh.values() if d.problems and d.msgstr)
    report.unanswered = sum(1 for d in fresh.values() if not d.msgstr and _unanswered(d))
    report.failed = sum(1 for d in fresh.values() if not d.msgstr) - report.unanswered
    if job.route.remembered:
        key = memory_key(job.route, list(job.terms))
        memory.add(
            MemoryUnit(job.pair[0], job.pair[1], msgid, draft.msgstr, "mt", key, draft.score)
            for msgid, draft in fresh.items()
            if draft.msgstr and not draft.problems
        )
    machine = {m: _below(d, drafting.min_score) for m, d in fresh.items()}
    report.suggested += sum(1 for d in machine.values() if d.suggested)
    return machine


def _unanswered(draft: Draft) -> bool:
    return any(problem.startswith(UNANSWERED) for problem in draft.problems)


def _below(draft: Draft, min_score: float | None) -> Draft:
    """The draft, or only a suggestion when the model was less sure of it than asked."""
    if min_score is None:
        return draft
    doubtful = draft.msgstr and draft.score is not None and draft.score < min_score
    return dataclasses.replace(draft, suggested=True) if doubtful else draft


def memory_key(route: Route, terms: list[str]) -> str:
    """What a remembered machine translation depends on: the models and their versions, and
    the do-not-translate terms (a new term must reach drafts made before it).

    >>> from transpress.engines import Model
    >>> route = Route((Model("argos", "translate-en_fr", "en", "fr", "1.9"),))
    >>> memory_key(route, []), memory_key(route, ["CNES"])
    ('argos:translate-en_fr@1.9', 'argos:translate-en_fr@1.9#dnt:f6954f51')
    """
    if not terms:
        return route.key
    digest = hashlib.sha256("\n".join(sorted(terms)).encode("utf-8")).hexdigest()[:8]
    return f"{route.key}#dnt:{digest}"


def reviewed_units(workspace: Workspace) -> list[tuple[str, MemoryUnit]]:
    """Every reviewed translation in the workspace's catalogues, as (release id, unit)
    labelled with that release's own source language."""
    written_in = workspace.source_languages()
    found = []
    for lang in workspace.config.languages:
        for path in workspace.catalog_paths(lang):
            source = written_in.get(path.stem)
            if source is None:
                continue  # no readable source: its msgids' language is unknown
            for msgid, translation in read_translations(path).items():
                if translation.reviewed:
                    unit = MemoryUnit(source, lang, msgid, translation.msgstr, "reviewed")
                    found.append((path.stem, unit))
    return found


def _reviewed_elsewhere(
    reviewed_work: list[tuple[str, MemoryUnit]],
    memory: TranslationMemory,
    pair: tuple[str, str],
    pending: list[str],
) -> dict[str, Draft]:
    """Reviewed translations of the same segments in other catalogues, then in the memory."""
    wanted = set(pending)
    drafts: dict[str, Draft] = {}
    for release_id, unit in reviewed_work:
        relevant = (unit.source_lang, unit.target_lang) == pair and unit.source in wanted
        if relevant and unit.source not in drafts:
            drafts[unit.source] = Draft(unit.target, f"memory: reviewed in {release_id}")
    for msgid in wanted - drafts.keys():
        remembered = memory.lookup(msgid, pair, model="", origin="reviewed")
        if remembered is not None:
            drafts[msgid] = Draft(remembered, "memory: reviewed (translation memory)")
    return drafts


def _fuzzy_drafts(
    reviewed_work: list[tuple[str, MemoryUnit]],
    memory: TranslationMemory,
    pair: tuple[str, str],
    todo: list[str],
    threshold: float,
) -> dict[str, Draft]:
    """The best fuzzy match of each segment among reviewed translations (catalogues first,
    then the memory's), as a draft saying its score and release: `memory 87 % pr042-2017`.

    Its figures are compared with the new source's: a remembered 2016 where the source now
    says 2017 is flagged (an `mt-check:` line), never passed on as a quiet good draft."""
    if threshold >= 100:
        return {}  # 100 % is an exact match, which reviewed work gave already
    here = (Reviewed(u.source, u.target, release) for release, u in reviewed_work if _of(u, pair))
    remembered = (Reviewed(u.source, u.target) for u in memory.reviewed(pair))
    index = FuzzyIndex([*here, *remembered])
    drafts: dict[str, Draft] = {}
    for msgid in todo if len(index) else []:
        match = index.best(msgid, threshold=threshold)
        if match is None:
            continue
        where = match.unit.release or "translation memory"
        new, old = differing_figures(msgid, match.unit.source)
        problems = (
            (
                f"the remembered source differs in figures or codes ({', '.join(old) or 'none'}"
                f" there, {', '.join(new) or 'none'} here): check them in the translation",
            )
            if new or old
            else ()
        )
        drafts[msgid] = Draft(match.unit.target, f"memory {match.percent} % {where}", problems)
    return drafts


def _of(unit: MemoryUnit, pair: tuple[str, str]) -> bool:
    return (unit.source_lang, unit.target_lang) == pair


def translate_releases(
    workspace: Workspace,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    refresh: bool = False,
    options: EngineOptions | None = None,
    drafting: DraftOptions | None = None,
    engine_name: str | None = None,
    progress: Progress | None = None,
    memory_threshold: float | None = None,
) -> TranslateReport:
    """`transpress translate`: extract, draft what is pending, then write the catalogues
    (a catalogue a translator saved meanwhile gets the drafts merged into their version)."""
    with workspace.locked("translate"):
        releases = read_releases(workspace, names)
        plan = plan_extract(workspace, releases)
        report = machine_translate(
            workspace,
            releases,
            plan,
            languages=languages,
            refresh=refresh,
            options=options,
            drafting=drafting,
            engine_name=engine_name,
            progress=progress,
            memory_threshold=memory_threshold,
        )
        notices: list[Notice] = []
        write_planned(plan.files, notices)
    return dataclasses.replace(report, notices=workspace.describe(notices))


@dataclass(frozen=True)
class MemoryTransfer:
    """What `memory export` or `memory import` moved, and what it has to say."""

    units: int
    warnings: tuple[str, ...]


def export_memory(
    workspace: Workspace, path: Path, *, include_drafts: bool = False
) -> MemoryTransfer:
    """Write the reviewed units of the memory, with every reviewed translation of the
    workspace, as TMX 1.4; machine drafts too with `include_drafts` (units XML cannot carry
    are left out and counted, so the file always reads back)."""
    with open_memory(workspace.memory_path) as memory:
        memory.add(unit for _, unit in reviewed_units(workspace))
        units = (u for u in memory.units() if include_drafts or u.origin == "reviewed")
        written = write_tmx(units, path)
    warnings = workspace.describe(memory.warnings) + tuple(f"{p}: {m}" for p, m in written.warnings)
    return MemoryTransfer(written.written, warnings)


def import_memory(workspace: Workspace, path: Path) -> MemoryTransfer:
    """Add the units of a TMX file to the memory (which must be writable: exit 7)."""
    read = read_tmx(path)
    writable = open_memory(workspace.memory_path, require_writable=True)
    with workspace.locked("memory import"), writable as memory:
        added = memory.add(read.units)
    warnings = tuple(f"{p}: {m}" for p, m in read.warnings) + workspace.describe(memory.warnings)
    return MemoryTransfer(added, warnings)
