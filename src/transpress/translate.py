"""Use case: fill untranslated entries with machine drafts, never touching reviewed work."""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from transpress.catalog import (
    Draft,
    OpenCatalogue,
    read_translations,
)
from transpress.document import Release
from transpress.engines import Engine, EngineOptions, Route, find_route, registered_engines
from transpress.extract import ExtractPlan, plan_extract, planned_catalogues, read_releases
from transpress.files import Notice, write_planned
from transpress.glossary import read_glossary
from transpress.memory import (
    MemoryUnit,
    TranslationMemory,
    open_memory,
)
from transpress.protect import mask, restore
from transpress.tmx import read_tmx, write_tmx
from transpress.workspace import Workspace


class Progress(Protocol):
    """Where a long run reports how far it got (a progress bar on a terminal)."""

    def start(self, total: int, label: str) -> None:
        """A new pair begins with `total` segments to translate."""

    def advance(self, count: int) -> None:
        """`count` more segments are done."""


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
    flagged: int = 0
    failed: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class TranslateReport:
    """What `transpress translate` did."""

    pairs: tuple[PairReport, ...]
    reviewed_untouched: int
    catalogs: tuple[Path, ...] = ()
    notices: tuple[str, ...] = ()  # catalogues a translator saved while the run went on
    warnings: tuple[str, ...] = ()  # the translation memory, set aside or not writable

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
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> TranslateReport:
    """Draft every pending entry of the planned catalogues, pair by pair, in memory."""
    options = options or EngineOptions()
    catalogues = [
        _Catalogue(release, lang, catalogue, [p.msgid for p in catalogue.pending(refresh=refresh)])
        for release, lang, catalogue in planned_catalogues(plan, releases, languages)
    ]
    reviewed = sum(1 for c in catalogues for t in c.catalogue.translations().values() if t.reviewed)
    pairs: dict[tuple[str, str], list[_Catalogue]] = {}
    for item in catalogues:
        if item.pending:
            pairs.setdefault((item.release.language, item.lang), []).append(item)
    if not pairs:
        return TranslateReport((), reviewed)
    engine = engine or registered_engines()["argos"]
    terms = read_glossary(workspace.glossary_path).do_not_translate()
    reviewed_work = reviewed_units(workspace)  # read once, for every pair
    reports, changed = [], []
    with open_memory(workspace.memory_path) as memory:
        memory.add(unit for _, unit in reviewed_work)
        for (source, target), members in pairs.items():
            pending = list(dict.fromkeys(m for c in members for m in c.pending))
            report = PairReport(source, target, pending=len(pending))
            drafts = _draft_pair(
                reviewed_work,
                engine,
                memory,
                (source, target),
                pending,
                terms,
                options,
                progress,
                report,
                refresh=refresh,
            )
            reports.append(report)
            for item in members:
                chosen = {m: drafts[m] for m in item.pending if m in drafts}
                if item.catalogue.apply(chosen):
                    changed.append(item.catalogue.path)
    warnings = workspace.describe(memory.warnings)  # read once closed: closing may add one
    return TranslateReport(tuple(reports), reviewed, tuple(changed), warnings=warnings)


def _draft_pair(
    reviewed_work: list[tuple[str, MemoryUnit]],
    engine: Engine,
    memory: TranslationMemory,
    pair: tuple[str, str],
    pending: list[str],
    terms: list[str],
    options: EngineOptions,
    progress: Progress | None,
    report: PairReport,
    *,
    refresh: bool = False,
) -> dict[str, Draft]:
    """Reviewed work first, then remembered machine output (unless `refresh`), then the
    engine."""
    drafts = _reviewed_elsewhere(reviewed_work, memory, pair, pending)
    report.from_reviewed = len(drafts)
    todo = [m for m in pending if m not in drafts]
    if not todo:
        return drafts
    route = find_route(engine.installed(), *pair)
    if route is None:
        return drafts
    report.route = route.provenance
    key = memory_key(route, terms)
    for msgid in [] if refresh else todo:
        remembered = memory.lookup(msgid, pair, model=key)
        if remembered is not None:
            drafts[msgid] = Draft(remembered, route.provenance)
            report.from_memory += 1
    todo = [m for m in todo if m not in drafts]
    started = time.perf_counter()
    fresh = _run_engine(engine, route, todo, terms, options, progress)
    report.seconds = time.perf_counter() - started
    report.translated = sum(1 for d in fresh.values() if d.msgstr)
    report.flagged = sum(1 for d in fresh.values() if d.problems and d.msgstr)
    report.failed = sum(1 for d in fresh.values() if not d.msgstr)
    memory.add(
        MemoryUnit(pair[0], pair[1], msgid, draft.msgstr, "mt", key)
        for msgid, draft in fresh.items()
        if draft.msgstr and not draft.problems
    )
    return {**drafts, **fresh}


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


def _run_engine(
    engine: Engine,
    route: Route,
    segments: list[str],
    terms: list[str],
    options: EngineOptions,
    progress: Progress | None,
) -> dict[str, Draft]:
    """Mask, translate every segment in one call (the engine batches), restore and verify."""
    if not segments:
        return {}
    translator = engine.open(route, options)
    masked = [mask(segment, terms) for segment in segments]
    advance = None
    if progress is not None:
        label = f"{route.models[0].from_code}→{route.models[-1].to_code}"
        progress.start(len(segments) * len(route.models), label)
        advance = progress.advance
    outputs = translator.translate([m.text for m in masked], advance)
    drafts = {}
    for segment, item, output in zip(segments, masked, outputs, strict=True):
        restored = restore(output.text, item.spans) if output.text else None
        text = restored.text if restored else ""
        problems = output.problems + (restored.problems if restored else ())
        drafts[segment] = Draft(text, route.provenance, problems)
    return drafts


def translate_releases(
    workspace: Workspace,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    refresh: bool = False,
    options: EngineOptions | None = None,
    progress: Progress | None = None,
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
            progress=progress,
        )
        notices: list[Notice] = []
        write_planned(plan.files, notices)
    return dataclasses.replace(report, notices=workspace.describe(notices))


@dataclass(frozen=True)
class MemoryTransfer:
    """What `memory export` or `memory import` moved, and what it has to say."""

    units: int
    warnings: tuple[str, ...]


def export_memory(workspace: Workspace, path: Path) -> MemoryTransfer:
    """Write the memory, with every reviewed translation of the workspace, as TMX 1.4
    (units XML cannot carry are left out and counted, so the file always reads back)."""
    with open_memory(workspace.memory_path) as memory:
        memory.add(unit for _, unit in reviewed_units(workspace))
        written = write_tmx(memory.units(), path)
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
