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
from transpress.chrf import chrf
from transpress.document import Release
from transpress.engines import (
    DraftOptions,
    Engine,
    EngineOptions,
    PairTranslator,
    Route,
    find_route,
    registered_engines,
)
from transpress.extract import ExtractPlan, plan_extract, planned_catalogues, read_releases
from transpress.files import Notice, write_planned
from transpress.glossary import read_glossary
from transpress.memory import (
    MemoryUnit,
    TranslationMemory,
    open_memory,
)
from transpress.placeholders import Masked, Restored, carried_forms, describe, mask, restore
from transpress.tmx import read_tmx, write_tmx
from transpress.typography import typeset
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
    drafting: DraftOptions | None = None,
    engine: Engine | None = None,
    progress: Progress | None = None,
) -> TranslateReport:
    """Draft every pending entry of the planned catalogues, pair by pair, in memory."""
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
                (options, drafting),
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
    asked: tuple[EngineOptions, DraftOptions],
    progress: Progress | None,
    report: PairReport,
    *,
    refresh: bool = False,
) -> dict[str, Draft]:
    """Reviewed work first, then remembered machine output (unless `refresh`, or other
    hypotheses are asked for), then the engine; below `min_score`, only a suggestion."""
    options, drafting = asked
    drafts = _reviewed_elsewhere(reviewed_work, memory, pair, pending)
    report.from_reviewed = len(drafts)
    todo = [m for m in pending if m not in drafts]
    if not todo:
        return drafts
    installed = engine.installed()
    route = find_route(installed, *pair)
    if route is None:
        return drafts
    report.route = route.provenance
    key = memory_key(route, terms)
    machine: dict[str, Draft] = {}
    for msgid in [] if refresh or options.alternatives else todo:
        remembered = memory.recall(msgid, pair, model=key)
        if remembered is not None:
            machine[msgid] = Draft(remembered.target, route.provenance, score=remembered.score)
            report.from_memory += 1
    todo = [m for m in todo if m not in machine]
    started = time.perf_counter()
    fresh = _run_engine(engine, route, todo, terms, options, progress)
    back = find_route(installed, pair[1], pair[0]) if drafting.back_check else None
    if back is not None:
        fresh = _back_check(engine, back, fresh, terms, options, drafting.drift_below, report)
    report.seconds = time.perf_counter() - started
    report.translated = sum(1 for d in fresh.values() if d.msgstr)
    report.flagged = sum(1 for d in fresh.values() if d.problems and d.msgstr)
    report.failed = sum(1 for d in fresh.values() if not d.msgstr)
    memory.add(
        MemoryUnit(pair[0], pair[1], msgid, draft.msgstr, "mt", key, draft.score)
        for msgid, draft in fresh.items()
        if draft.msgstr and not draft.problems
    )
    machine |= fresh
    if drafting.min_score is not None:
        machine = {m: _below(d, drafting.min_score) for m, d in machine.items()}
        report.suggested = sum(1 for d in machine.values() if d.suggested)
    return {**drafts, **machine}


def _below(draft: Draft, min_score: float) -> Draft:
    """The draft, or only a suggestion when the model was less sure of it than asked."""
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
    results = _translations(translator, route, segments, terms, progress)
    return {
        segment: Draft(
            r.text, route.provenance, r.problems, r.score, r.alternatives, protection=r.protection
        )
        for segment, r in zip(segments, results, strict=True)
    }


@dataclass(frozen=True)
class _Translation:
    """A machine translation with its spans put back, and what went wrong making it."""

    text: str
    problems: tuple[str, ...]
    score: float | None
    alternatives: tuple[str, ...]
    protection: str = ""  # how its protected spans went through the model, if it had any


def _translations(
    translator: PairTranslator,
    route: Route,
    segments: list[str],
    terms: list[str],
    progress: Progress | None,
    *,
    label: str = "",
) -> list[_Translation]:
    """Translate masked segments and put their spans back (alternatives that lose one are
    left out). Placeholders take the first form the model's tokenizer carries; Japanese
    gets its punctuation back from the model's NFKC normalisation (！ became !)."""
    forms = carried_forms(translator.carries)
    target = route.models[-1].to_code
    masked = [mask(segment, terms, forms) for segment in segments]
    advance = None
    if progress is not None:
        pair = f"{route.models[0].from_code}→{route.models[-1].to_code}"
        progress.start(len(segments) * len(route.models), f"{pair}{label}")
        advance = progress.advance
    outputs = translator.translate([m.text for m in masked], advance)
    results = []
    for item, output in zip(masked, outputs, strict=True):
        if not output.text:
            results.append(_Translation("", output.problems, None, ()))
            continue
        restored = _put_back(output.text, item, target)
        alternatives: list[str] = []
        for other in output.alternatives:
            again = _put_back(other, item, target)
            if not again.problems and again.text not in (restored.text, *alternatives):
                alternatives.append(again.text)
        results.append(
            _Translation(
                restored.text,
                output.problems + restored.problems,
                output.score,
                tuple(alternatives),
                describe(item.form) if item.spans else "",
            )
        )
    return results


def _put_back(text: str, item: Masked, target: str) -> Restored:
    """A model's output with its language's punctuation where NFKC took it away (Japanese:
    placeholders and spans are not touched), then the spans put back."""
    if target == "ja":
        text = typeset(text, "ja")
    return restore(text, item, target=target)


def _back_check(
    engine: Engine,
    back: Route,
    drafts: dict[str, Draft],
    terms: list[str],
    options: EngineOptions,
    threshold: float,
    report: PairReport,
) -> dict[str, Draft]:
    """Translate the drafts back with the reverse model; flag those whose way back drifts
    from their source (chrF below `threshold`)."""
    sources = [msgid for msgid, draft in drafts.items() if draft.msgstr]
    if not sources:
        return drafts
    translator = engine.open(back, dataclasses.replace(options, alternatives=0))
    texts = [drafts[m].msgstr for m in sources]
    returned = _translations(translator, back, texts, terms, None)
    checked = dict(drafts)
    report.back_checked = len(sources)
    for msgid, way_back in zip(sources, returned, strict=True):
        if not way_back.text:
            continue
        score = chrf(way_back.text, msgid)
        if score < threshold:
            problem = (
                f"back-translation drifts from the source (chrF {score:.2f}, below "
                f"{threshold:.2f}): {way_back.text}"
            )
            draft = checked[msgid]
            checked[msgid] = dataclasses.replace(draft, problems=(*draft.problems, problem))
            report.drifted += 1
    return checked


def translate_releases(
    workspace: Workspace,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    refresh: bool = False,
    options: EngineOptions | None = None,
    drafting: DraftOptions | None = None,
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
            drafting=drafting,
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
