"""Running an engine over segments: mask, translate, restore, verify, translate back;
in this process, or in worker processes (`--workers`).

Workers only compute: each takes a shard of one pair's segments, loads the route's models
once (the batched path is the same as in-process) and returns the drafts. The memory and
the catalogues are written by the calling process alone, so parallel runs cannot lose an
update or meet a locked database.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol

from transpress.catalog import Draft
from transpress.chrf import chrf
from transpress.engines import Engine, EngineOptions, PairTranslator, Route, batching
from transpress.placeholders import Masked, Restored, carried_forms, describe, mask, restore
from transpress.typography import typeset


class Progress(Protocol):
    """Where a long run reports how far it got (a progress bar on a terminal).

    Counts are segments: a segment is one unit of work however many models it goes
    through (a pivot's two legs, the back-check's), so each leg's batch advances by its
    share, as soon as the engine has its result."""

    def start(self, total: int, label: str, *, done: int = 0) -> None:
        """A new bar: `total` segments, `done` of them settled already (from memory)."""

    def working(self) -> None:
        """The engine has its models loaded and starts translating: the rate counts from now."""

    def advance(self, count: float) -> None:
        """`count` more segments are done."""


@dataclass(frozen=True)
class EngineJob:
    """One pair's engine work: segments to translate along a route (and back, to check)."""

    pair: tuple[str, str]
    route: Route
    back: Route | None
    segments: tuple[str, ...]
    terms: tuple[str, ...]
    options: EngineOptions
    drift_below: float
    settled: int = 0  # the pair's other pending segments, drafted from memory already

    @property
    def legs(self) -> int:
        """Models each segment goes through: the route's, then the way back's."""
        return len(self.route.models) + (len(self.back.models) if self.back else 0)

    def shard(self, count: int) -> list[EngineJob]:
        """The job cut into `count` contiguous parts of about the same size."""
        size = -(-len(self.segments) // max(1, count))
        parts = [self.segments[i : i + size] for i in range(0, len(self.segments), size)]
        return [dataclasses.replace(self, segments=part) for part in parts]


@dataclass
class JobResult:
    """What the engine made of a job: a draft per segment, the back-check's counts."""

    drafts: dict[str, Draft]
    back_checked: int = 0
    drifted: int = 0
    seconds: float = 0.0

    def join(self, other: JobResult) -> JobResult:
        """Two shards' results as one (shards run at the same time: the longest counts)."""
        return JobResult(
            self.drafts | other.drafts,
            self.back_checked + other.back_checked,
            self.drifted + other.drifted,
            max(self.seconds, other.seconds),
        )


def run_jobs(
    engine: Engine, jobs: Sequence[EngineJob], workers: int, progress: Progress | None
) -> dict[tuple[str, str], JobResult]:
    """Every job's result, by pair: one after the other here, or in `workers` processes."""
    if workers <= 1 or not jobs:
        return {job.pair: run_job(engine, job, progress) for job in jobs}
    return _in_workers(engine, jobs, workers, progress)


def run_job(engine: Engine, job: EngineJob, progress: Progress | None) -> JobResult:
    """Translate a job's segments, then back-translate the drafts when a reverse route is
    known, flagging those that drift from their source."""
    started = time.perf_counter()
    if progress is not None:
        total = len(job.segments) + job.settled
        progress.start(total, _pair_label(job.route), done=job.settled)
    drafts = _drafts(engine, job, progress)
    result = JobResult(drafts)
    if job.back is not None:
        result = _back_check(engine, job, drafts, progress)
    result.seconds = time.perf_counter() - started
    return result


def _pair_label(route: Route) -> str:
    return f"{route.models[0].from_code}→{route.models[-1].to_code}"


def _share(job: EngineJob, progress: Progress | None) -> Callable[[int], None] | None:
    """The engine's callback (segments through one model) as shares of whole segments."""
    if progress is None:
        return None
    legs = job.legs
    return lambda count: progress.advance(count / legs)


def _drafts(engine: Engine, job: EngineJob, progress: Progress | None) -> dict[str, Draft]:
    """Mask, translate every segment in one call (the engine batches), restore and verify."""
    if not job.segments:
        return {}
    segments = list(job.segments)
    translator = engine.open(job.route, job.options)
    if progress is not None:
        progress.working()
    results = translations(translator, job.route, segments, list(job.terms), _share(job, progress))
    provenance = job.route.provenance
    return {
        segment: Draft(
            r.text, provenance, r.problems, r.score, r.alternatives, protection=r.protection
        )
        for segment, r in zip(segments, results, strict=True)
    }


@dataclass(frozen=True)
class Translation:
    """A machine translation with its spans put back, and what went wrong making it."""

    text: str
    problems: tuple[str, ...]
    score: float | None
    alternatives: tuple[str, ...]
    protection: str = ""  # how its protected spans went through the model, if it had any


#: A word with an underscore (a file or variable name), which some tokenizers mangle.
_UNDERSCORED = re.compile(r"[^\W_]*(?:_+[^\W_]+)+_*|_+[^\W_]+")


def translations(
    translator: PairTranslator,
    route: Route,
    segments: list[str],
    terms: list[str],
    advance: Callable[[int], None] | None,
) -> list[Translation]:
    """Translate masked segments and put their spans back (alternatives that lose one are
    left out); `advance` hears of each batch the engine finishes, per model of the route.
    Placeholders take the first form the model's tokenizer carries; a word with
    `_` is protected when the tokenizer does not carry `_` (argostranslate makes it a
    space); Japanese gets its punctuation back from the model's NFKC normalisation."""
    forms = carried_forms(translator.carries)
    underscores = not translator.carries("a_b")
    target = route.models[-1].to_code
    masked = [
        mask(segment, [*terms, *_UNDERSCORED.findall(segment)] if underscores else terms, forms)
        for segment in segments
    ]
    outputs = translator.translate([m.text for m in masked], advance)
    results = []
    for item, output in zip(masked, outputs, strict=True):
        if not output.text:
            results.append(Translation("", output.problems, None, ()))
            continue
        restored = _put_back(output.text, item, target)
        alternatives: list[str] = []
        for other in output.alternatives:
            again = _put_back(other, item, target)
            if not again.problems and again.text not in (restored.text, *alternatives):
                alternatives.append(again.text)
        results.append(
            Translation(
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
    engine: Engine, job: EngineJob, drafts: dict[str, Draft], progress: Progress | None
) -> JobResult:
    """Translate the drafts back with the reverse model; flag those whose way back drifts
    from their source (chrF below the job's threshold)."""
    assert job.back is not None
    sources = [msgid for msgid, draft in drafts.items() if draft.msgstr]
    advance = _share(job, progress)
    if advance is not None and len(sources) < len(drafts):  # no draft: nothing to check
        advance((len(drafts) - len(sources)) * len(job.back.models))
    if not sources:
        return JobResult(drafts)
    translator = engine.open(job.back, dataclasses.replace(job.options, alternatives=0))
    texts = [drafts[m].msgstr for m in sources]
    returned = translations(translator, job.back, texts, list(job.terms), advance)
    checked = dict(drafts)
    drifted = 0
    for msgid, way_back in zip(sources, returned, strict=True):
        if not way_back.text:
            continue
        score = chrf(way_back.text, msgid)
        if score < job.drift_below:
            problem = (
                f"back-translation drifts from the source (chrF {score:.2f}, below "
                f"{job.drift_below:.2f}): {way_back.text}"
            )
            draft = checked[msgid]
            checked[msgid] = dataclasses.replace(draft, problems=(*draft.problems, problem))
            drifted += 1
    return JobResult(checked, len(sources), drifted)


# --- worker processes -----------------------------------------------------------------------


def _in_workers(
    engine: Engine, jobs: Sequence[EngineJob], workers: int, progress: Progress | None
) -> dict[tuple[str, str], JobResult]:
    """Run the jobs' shards in `workers` fresh processes (spawned: nothing of this one's
    open files, locks or threads is inherited), each CTranslate2 loaded with its share of
    the cores unless threads were asked for; progress comes back through a queue."""
    shards_per_job = max(1, -(-workers // len(jobs)))
    share = max(1, batching.cores() // workers)
    shards = [
        _with_threads(shard, share)
        for job in jobs
        for shard in job.shard(shards_per_job)
        if shard.segments
    ]
    context = multiprocessing.get_context("spawn")
    counts: Any = context.Queue()
    if progress is not None:
        settled = sum(job.settled for job in jobs)
        total = sum(len(job.segments) for job in jobs) + settled
        progress.start(total, f"{len(jobs)} pair(s) in {workers} workers", done=settled)
    relay = threading.Thread(target=_relay, args=(counts, progress), daemon=True)
    relay.start()
    results: dict[tuple[str, str], JobResult] = {}
    try:
        with ProcessPoolExecutor(
            workers, mp_context=context, initializer=_worker_started, initargs=(counts,)
        ) as pool:
            futures = [(shard.pair, pool.submit(_worker_job, engine, shard)) for shard in shards]
            for pair, future in futures:
                done = future.result()
                results[pair] = results[pair].join(done) if pair in results else done
    finally:
        counts.put(None)
        relay.join()
    return results


def _with_threads(job: EngineJob, share: int) -> EngineJob:
    """The job with CTranslate2 given `share` cores, unless the user chose threads."""
    if job.options.inter_threads is not None or job.options.intra_threads is not None:
        return job
    options = dataclasses.replace(job.options, inter_threads=share, intra_threads=1)
    return dataclasses.replace(job, options=options)


#: What a worker sends when its models are loaded (else it sends segment counts).
_WORKING = "working"


def _relay(counts: Any, progress: Progress | None) -> None:
    """Move the workers' progress to the progress bar as it comes, until told to stop."""
    while (message := counts.get()) is not None:
        if progress is None:
            continue
        if message == _WORKING:
            progress.working()  # the first worker to be ready starts the clock
        else:
            progress.advance(message)


_COUNTS: Any = None  # in a worker: the queue its progress goes to


def _worker_started(counts: Any) -> None:
    global _COUNTS
    _COUNTS = counts


class _QueueProgress:
    """A worker's progress: sent to the parent as it happens (one bar shows all workers)."""

    def start(self, total: int, label: str, *, done: int = 0) -> None:
        """The parent already knows the totals."""

    def working(self) -> None:
        """Tell the parent this worker has its models loaded."""
        _COUNTS.put(_WORKING)

    def advance(self, count: float) -> None:
        """Tell the parent."""
        _COUNTS.put(count)


def _worker_job(engine: Engine, job: EngineJob) -> JobResult:
    return run_job(engine, job, _QueueProgress())
