"""Machine-translation throughput, real-size model: transpress, argostranslate, raw CTranslate2.

One installed Argos package (bench/real_model.py: a Transformer-base copy model, 6+6 layers,
d_model 512, int8, a 55,000-piece nmt_nfkc SentencePiece vocabulary), the same distinct
English news sentences (bench/news.py) and the same beam for every variant:

* A: argostranslate's own `translate(s, "en", "fr")`, called once per sentence (model loaded
  beforehand; intra_threads = cores, its best for one sentence at a time);
* B: one raw `ctranslate2.Translator.translate_batch` over all the tokenised sentences (only
  that call is timed), swept over max_batch_size x batch_type x threads (one replica per
  core, or one replica on every core) x length-sorted or not;
* C: `transpress.translate.translate_releases` with the engine's default options (only the
  beam is set: threads and batches are transpress's own choice) on a fresh workspace
  holding one release made of those sentences, timed end to end (extraction, catalogue
  merge, masking, model load, inference, memory, PO write).

Every measurement runs in a fresh process of its own, so that its peak RSS is its own; each
reports wall and CPU seconds of the timed part and counts the outputs that differ from their
input (the model copies). The sweep runs each configuration once; then A, the best B of the
sweep and C are timed in interleaved rounds (A in the first --a-repeats of them only).

Run: .venv/bin/python bench/mt_throughput.py [--segments 2000] [--beam 4 1] [--repeats 3]
     [--a-repeats 1] [--sweep-segments N] [--cache DIR] [--quick]
`--profile` prints a cProfile of one C run (at the first beam) instead of measuring;
`--quick` is a smoke run (24 segments, 4 raw configurations, one round).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for _path in (REPO / "src", REPO, BENCH):  # transpress, tests.tiny_argos, news/real_model
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

#: The sweep of raw translate_batch configurations: (batch_type, max_batch_size), each
#: length-sorted with one replica per core (inter_threads = cores, intra_threads = 1) and
#: with one replica using every core; the sizes in AS_GIVEN also on unsorted input.
GRID: tuple[tuple[str, int], ...] = (
    *(("examples", n) for n in (16, 32, 64, 128)),
    *(("tokens", n) for n in (1024, 2048, 4096)),
)
AS_GIVEN: tuple[tuple[str, int], ...] = (("examples", 32), ("examples", 64))
QUICK_GRID: tuple[tuple[str, int], ...] = (("examples", 16), ("tokens", 1024))
#: The batches transpress used before they were chosen from the model and the input.
REFERENCE = ("examples", 32, True)
#: Workers import transpress from this copy of src/, taken when the run starts: every
#: measurement of a run runs the same code, whatever is edited meanwhile.
SNAPSHOT = "TRANSPRESS_BENCH_SRC"
TARGETS = {"C/best B": 0.95, "C/A (beam 4)": 2.2, "RSS C/B": 1.3}


@dataclass(frozen=True)
class Job:
    """One measurement, run in a fresh process."""

    variant: str  # "A", "B" or "C"
    beam: int
    sentences: str  # JSON file of the sentences to translate
    result: str  # where the worker writes its Result as JSON
    workdir: str = ""
    batch_type: str = "examples"
    max_batch_size: int = 16
    sort: bool = True
    inter: int = 0  # B: CTranslate2 replicas (0: one per core)
    intra: int = 0  # B: threads per replica (0: cores / replicas)
    repeat: int = 0
    profile: str = ""  # C only: write a cProfile summary here

    @property
    def label(self) -> str:
        """How tables name the variant."""
        if self.variant == "A":
            return "A argostranslate translate() per sentence"
        if self.variant == "C":
            return "C transpress translate_releases"
        order = "length-sorted" if self.sort else "as given"
        inter, intra = self.threads
        return (
            f"B raw translate_batch, {self.max_batch_size} {self.batch_type}, {order}, "
            f"inter {inter} x intra {intra}"
        )

    @property
    def threads(self) -> tuple[int, int]:
        """B's (inter_threads, intra_threads), zeros resolved against this machine."""
        cores = os.cpu_count() or 1
        inter = self.inter or cores
        return inter, self.intra or max(1, cores // inter)


@dataclass
class Result:
    """What one measurement found."""

    wall: float
    cpu: float
    rss_mb: float
    segments: int
    wrong: int
    wrong_with_spans: int = 0
    load: float = 0.0  # A, B: model load (not timed); C: not measured apart
    engine: float = 0.0  # C: report.pairs[0].seconds (model load and inference)
    flagged: int = 0  # C: drafts with problems (placeholders lost...)
    notes: dict[str, Any] = field(default_factory=dict)


# --------------------------------------------------------------------------------------
# Setup: sentences, release, package
# --------------------------------------------------------------------------------------


def release_text(sentences: Sequence[str]) -> str:
    """A plain-text release: dateline, the first sentence as title, paragraphs of five."""
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(1, len(sentences), 5)]
    return "\n\n".join(["Paris, 11 March 2016", sentences[0], *paragraphs]) + "\n"


def check_segmentation(sentences: Sequence[str]) -> None:
    """transpress's segmenter must give back exactly the sentences each paragraph is made of."""
    from transpress.segment import split_sentences

    wrong = []
    for start in range(1, len(sentences), 5):
        chunk = list(sentences[start : start + 5])
        if split_sentences(" ".join(chunk), "en") != chunk:
            wrong.append(chunk)
    if split_sentences(sentences[0], "en") != [sentences[0]]:
        wrong.append([sentences[0]])
    if wrong:
        raise SystemExit(
            f"transpress segments {len(wrong)} paragraphs differently, e.g. {wrong[0]}"
        )


def has_span(sentence: str) -> bool:
    """Whether transpress masks something in the sentence (a number, a date, a URL...)."""
    from transpress.protect import protected_spans

    return bool(protected_spans(sentence))


def set_environment(home: Path) -> None:
    """Point argostranslate at a throw-away home; children inherit it.

    argostranslate reads these once, at import: set before anything imports it. Its
    translate() runs one sentence at a time, which one replica with every core serves best.
    """
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "packages")
    os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # never the internet
    os.environ["ARGOS_INTRA_THREADS"] = str(os.cpu_count() or 1)
    os.environ["ARGOS_INTER_THREADS"] = "1"
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"


def install_package(archive: Path) -> Path:
    """Install the .argosmodel with argostranslate's own API; return its folder."""
    from argostranslate import package

    from transpress.engines.argos import argos_settings

    argos_settings()
    package.install_from_path(archive)
    installed = [p for p in package.get_installed_packages() if p.code == "translate-en_fr"]
    return Path(installed[0].package_path)


# --------------------------------------------------------------------------------------
# Workers (one fresh process per measurement)
# --------------------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _wrong(sources: Sequence[str], outputs: Sequence[str]) -> tuple[int, int]:
    """Outputs that differ from their source (copy model), and how many of those have spans."""
    bad = [s for s, o in zip(sources, outputs, strict=True) if s != o]
    return len(bad), sum(1 for s in bad if has_span(s))


def run_argos(job: Job, sentences: list[str]) -> Result:
    """A: argostranslate.translate.translate() once per sentence."""
    started = time.perf_counter()
    from argostranslate import settings, translate

    translate.translate("Warm up the model and the sentence splitter.", "en", "fr")
    load = time.perf_counter() - started
    loaded = translate.get_translation_from_codes("en", "fr").underlying.translator
    notes = {
        "argos": f"beam_size={settings.beam_size}, intra_threads={settings.intra_threads}, "
        f"inter_threads={settings.inter_threads} (num_translators={loaded.num_translators}), "
        f"batch_size={settings.batch_size}, chunk_type={settings.chunk_type.name}"
    }
    wall, cpu = time.perf_counter(), time.process_time()
    outputs = [translate.translate(s, "en", "fr") for s in sentences]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    wrong, spans = _wrong(sentences, outputs)
    return Result(wall, cpu, _peak_rss_mb(), len(sentences), wrong, spans, load, notes=notes)


def run_raw(job: Job, sentences: list[str], package: Path) -> Result:
    """B: one translate_batch call over all the pre-tokenised sentences."""
    started = time.perf_counter()
    import ctranslate2
    import sentencepiece

    inter, intra = job.threads
    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package / "sentencepiece.model")
    )
    translator = ctranslate2.Translator(
        str(package / "model"), device="cpu", intra_threads=intra, inter_threads=inter
    )
    load = time.perf_counter() - started
    tokens = [list(processor.encode(s, out_type=str)) for s in sentences]
    order = sorted(range(len(tokens)), key=lambda i: len(tokens[i])) if job.sort else None
    batch = [tokens[i] for i in order] if order else tokens
    translator.translate_batch(tokens[:8], beam_size=job.beam)  # warm-up, not timed
    wall, cpu = time.perf_counter(), time.process_time()
    results = translator.translate_batch(
        batch, beam_size=job.beam, max_batch_size=job.max_batch_size, batch_type=job.batch_type
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    decoded = [processor.decode_pieces(list(r.hypotheses[0])) for r in results]
    sources = [sentences[i] for i in order] if order else sentences
    wrong, spans = _wrong(sources, decoded)
    notes = {"tokens": sum(map(len, tokens)), "threads": f"intra {intra}, inter {inter}"}
    return Result(wall, cpu, _peak_rss_mb(), len(sentences), wrong, spans, load, notes=notes)


def new_workspace(root: Path, sentences: Sequence[str]) -> Any:
    """A fresh en+fr workspace with one release, sources/bench.txt, holding the sentences."""
    from transpress.workspace import CONFIG_NAME, find_workspace, init_workspace

    init_workspace(root)
    (root / CONFIG_NAME).write_text('languages = ["en", "fr"]\n', encoding="utf-8")
    (root / "sources" / "bench.txt").write_text(release_text(sentences), encoding="utf-8")
    return find_workspace(root)


def run_transpress(job: Job, sentences: list[str]) -> Result:
    """C: `transpress translate bench --lang fr` with the engine's defaults but the beam."""
    from transpress.catalog import read_translations
    from transpress.engines import EngineOptions
    from transpress.translate import translate_releases

    workspace = new_workspace(Path(job.workdir), sentences)
    options = EngineOptions(beam_size=job.beam)

    def call() -> Any:
        return translate_releases(workspace, ["bench"], languages=["fr"], options=options)

    wall, cpu = time.perf_counter(), time.process_time()
    report = _profiled(call, job.profile) if job.profile else call()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    (pair,) = report.pairs
    drafts = read_translations(workspace.catalog_path("bench", "fr"))
    if {pair.pending, len(drafts)} != {len(sentences)} or set(drafts) != set(sentences):
        raise SystemExit(
            f"transpress had {pair.pending} pending segments and wrote {len(drafts)} catalogue "
            f"entries: expected the {len(sentences)} sentences, segmented as they were written"
        )
    wrong, spans = _wrong(sentences, [drafts[s].msgstr for s in sentences])
    example = next((s for s in sentences if drafts[s].msgstr != s), None)
    notes = {"options": str(options), "translated": pair.translated, "failed": pair.failed}
    if example is not None:
        notes["example"] = {"source": example, "draft": drafts[example].msgstr}
    return Result(
        wall,
        cpu,
        _peak_rss_mb(),
        len(sentences),
        wrong,
        spans,
        engine=pair.seconds,
        flagged=pair.flagged,
        notes=notes,
    )


def _profiled(call: Callable[[], Any], path: str) -> Any:
    """Run `call` under cProfile; write the top functions by own and cumulative time."""
    import cProfile
    import io
    import pstats

    profiler = cProfile.Profile()
    value = profiler.runcall(call)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(45)
    Path(path).write_text(out.getvalue(), encoding="utf-8")
    return value


def worker(job_file: Path) -> None:
    """Run the job in this (fresh) process and write its Result."""
    snapshot = os.environ.get(SNAPSHOT)
    if snapshot:
        sys.path.insert(0, snapshot)
    job = Job(**json.loads(job_file.read_text("utf-8")))
    sentences = json.loads(Path(job.sentences).read_text("utf-8"))
    package = Path(os.environ["ARGOS_PACKAGES_DIR"]) / "translate-en_fr"
    if job.variant == "A":
        result = run_argos(job, sentences)
    elif job.variant == "B":
        result = run_raw(job, sentences, package)
    else:
        result = run_transpress(job, sentences)
    Path(job.result).write_text(json.dumps(asdict(result)), encoding="utf-8")


def run_job(job: Job, folder: Path) -> Result:
    """Run one measurement in a fresh Python process and read its Result back."""
    job_file = folder / f"{Path(job.result).stem}.job.json"
    job_file.write_text(json.dumps(asdict(job)), encoding="utf-8")
    env = dict(os.environ, ARGOS_BEAM_SIZE=str(job.beam))
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", str(job_file)]
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{job.label} (beam {job.beam}) failed:\n{completed.stderr[-3000:]}")
    return Result(**json.loads(Path(job.result).read_text("utf-8")))


# --------------------------------------------------------------------------------------
# The plan: sweep, then interleaved rounds
# --------------------------------------------------------------------------------------


@dataclass
class Measured:
    """The results of one configuration (one per repeat)."""

    job: Job
    results: list[Result]

    def median(self, name: str) -> float:
        """Median of one Result field over the repeats."""
        return statistics.median(float(getattr(r, name)) for r in self.results)

    @property
    def rate(self) -> float:
        """Segments per second, from the median wall time."""
        return self.results[0].segments / self.median("wall")


class Bench:
    """Runs the jobs of one benchmark in a temporary folder, logging as it goes."""

    def __init__(self, folder: Path, log: Callable[[str], None]):
        self.folder = folder
        self.log = log
        self.count = 0

    def sentences_file(self, name: str, sentences: Sequence[str]) -> str:
        """Write sentences for the workers; return the path."""
        path = self.folder / f"{name}.json"
        path.write_text(json.dumps(list(sentences)), encoding="utf-8")
        return str(path)

    def run(self, job: Job) -> Result:
        """One measurement, logged."""
        result = run_job(job, self.folder)
        self.log(
            f"  beam {job.beam} {job.label}: {result.wall:.2f} s wall, {result.cpu:.2f} s CPU, "
            f"{result.segments / result.wall:.1f} seg/s, peak RSS {result.rss_mb:.0f} MB, "
            f"{result.wrong} outputs differ (load average {_load()})"
        )
        return result

    def job(self, variant: str, beam: int, sentences: str, **options: Any) -> Job:
        """A job with fresh result and work paths."""
        self.count += 1
        name = f"{self.count:03d}-{variant}-beam{beam}"
        return Job(
            variant,
            beam,
            sentences,
            result=str(self.folder / f"{name}.result.json"),
            workdir=str(self.folder / f"{name}-ws"),
            **options,
        )


def sweep(
    bench: Bench,
    beam: int,
    sentences: str,
    grid: Sequence[tuple[str, int]],
    as_given: Sequence[tuple[str, int]],
) -> list[Measured]:
    """B once per configuration: the grid length-sorted with one replica per core and
    with one replica on every core, and `as_given` unsorted with one replica per core."""
    cores = os.cpu_count() or 1
    plan = [(bt, n, True, 0, 1) for bt, n in grid]
    if cores > 1:
        plan += [(bt, n, True, 1, cores) for bt, n in grid]
    plan += [(bt, n, False, 0, 1) for bt, n in as_given]
    measured = []
    for batch_type, size, sort, inter, intra in plan:
        job = bench.job(
            "B",
            beam,
            sentences,
            batch_type=batch_type,
            max_batch_size=size,
            sort=sort,
            inter=inter,
            intra=intra,
        )
        measured.append(Measured(job, [bench.run(job)]))
    return measured


def best(measured: Sequence[Measured]) -> Measured:
    """The fastest configuration."""
    return max(measured, key=lambda m: m.rate)


def rounds(
    bench: Bench,
    beams: Sequence[int],
    sentences: str,
    best_b: dict[int, Job],
    repeats: int,
    a_repeats: int,
) -> dict[int, list[Measured]]:
    """The best B and C at each beam in `repeats` interleaved rounds, A in the first
    `a_repeats` of them (A is the slowest by far and the least variable)."""
    plan = {
        beam: [
            *([bench.job("A", beam, sentences)] if a_repeats else []),
            best_b[beam],
            bench.job("C", beam, sentences),
        ]
        for beam in beams
    }
    measured = {beam: [Measured(job, []) for job in jobs] for beam, jobs in plan.items()}
    for repeat in range(repeats):
        bench.log(f"round {repeat + 1} of {repeats}")
        for beam in beams:
            for item in measured[beam]:
                if item.job.variant == "A" and repeat >= a_repeats:
                    continue
                job = bench.job(
                    item.job.variant,
                    beam,
                    sentences,
                    batch_type=item.job.batch_type,
                    max_batch_size=item.job.max_batch_size,
                    sort=item.job.sort,
                    inter=item.job.inter,
                    intra=item.job.intra,
                    repeat=repeat,
                )
                item.results.append(bench.run(job))
    return measured


# --------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------


def _variants(items: Sequence[Measured]) -> tuple[Measured | None, Measured, Measured]:
    """A (None when it was not run), the best B and C of one beam's rounds."""
    by = {m.job.variant: m for m in items}
    return by.get("A"), by["B"], by["C"]


def sweep_table(sweeps: dict[int, list[Measured]]) -> str:
    """Markdown: every raw configuration, per beam, against the former fixed batches."""
    lines = [
        "| beam | batch_type | max_batch_size | input order | inter × intra threads | wall s "
        "| CPU s | seg/s | × 32 examples sorted | peak RSS MB |",
        "| ---: | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for beam, measured in sweeps.items():
        top = best(measured)
        ref = next(
            (
                m
                for m in measured
                if (m.job.batch_type, m.job.max_batch_size, m.job.sort) == REFERENCE
                and m.job.inter == 0
            ),
            measured[0],
        )
        for m in measured:
            rate = f"**{m.rate:.2f}**" if m is top else f"{m.rate:.2f}"
            lines.append(
                f"| {beam} | {m.job.batch_type} | {m.job.max_batch_size} | "
                f"{'length-sorted' if m.job.sort else 'as given'} | "
                f"{' × '.join(map(str, m.job.threads))} | {m.median('wall'):.1f} | "
                f"{m.median('cpu'):.1f} | {rate} | {m.rate / ref.rate:.3f} | "
                f"{m.median('rss_mb'):.0f} |"
            )
    return "\n".join(lines)


def best_lines(sweeps: dict[int, list[Measured]]) -> str:
    """One line per beam naming the best raw configuration (also machine-readable)."""
    lines = []
    for beam, measured in sweeps.items():
        top = best(measured)
        order = "length-sorted" if top.job.sort else "as given"
        lines.append(
            f"BEST beam={beam} batch_type={top.job.batch_type} "
            f"max_batch_size={top.job.max_batch_size} input={order} "
            f"inter_threads={top.job.threads[0]} intra_threads={top.job.threads[1]} "
            f"seg_per_s={top.rate:.2f} segments={top.results[0].segments}"
        )
    return "\n".join(lines)


def rounds_table(measured: dict[int, list[Measured]]) -> str:
    """Markdown: A, best B and C per beam: time, CPU, rate, RSS, wrong outputs, ratios."""
    lines = [
        "| beam | variant | median wall s | median CPU s | seg/s | × A | ÷ best B | peak RSS MB "
        "| outputs ≠ input |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for beam, items in measured.items():
        a, b, _ = _variants(items)
        rate_a, rate_b = (a.rate if a else None), b.rate
        for m in items:
            name = f"**{m.job.label}**" if m.job.variant == "C" else m.job.label
            wrong = m.results[-1].wrong
            lines.append(
                f"| {beam} | {name} | {m.median('wall'):.1f} | {m.median('cpu'):.1f} | "
                f"{m.rate:.2f} | {f'{m.rate / rate_a:.2f}' if rate_a else '—'} | "
                f"{m.rate / rate_b:.2f} | "
                f"{m.median('rss_mb'):.0f} | {wrong} of {m.results[-1].segments} |"
            )
    return "\n".join(lines)


def overhead_table(measured: dict[int, list[Measured]]) -> str:
    """Markdown: transpress's end-to-end time split into the engine and the rest."""
    lines = [
        "| beam | transpress total s | engine s (`report.pairs[0].seconds`, model load "
        "included) | rest s | raw model load s (B) | engine seg/s | drafts flagged |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for beam, items in measured.items():
        _, raw, c = _variants(items)
        total, engine = c.median("wall"), c.median("engine")
        segments = c.results[0].segments
        lines.append(
            f"| {beam} | {total:.1f} | {engine:.1f} | {total - engine:.1f} | "
            f"{raw.median('load'):.2f} | {segments / engine:.2f} | {c.results[-1].flagged} |"
        )
    return "\n".join(lines)


def targets_table(measured: dict[int, list[Measured]]) -> str:
    """Markdown: the issue's three targets, per beam."""
    lines = ["| target | beam | value | verdict |", "| --- | ---: | ---: | --- |"]

    def row(name: str, beam: int, value: float, ok: bool) -> None:
        lines.append(f"| {name} | {beam} | {value:.2f} | {'**met**' if ok else '**not met**'} |")

    for beam, items in measured.items():
        a, b, c = _variants(items)
        row(f"C / best B ≥ {TARGETS['C/best B']}", beam, c.rate / b.rate, c.rate / b.rate >= 0.95)
        if beam == 4 and a is not None:
            row(f"C / A ≥ {TARGETS['C/A (beam 4)']}", beam, c.rate / a.rate, c.rate / a.rate >= 2.2)
        rss = c.median("rss_mb") / b.median("rss_mb")
        row(f"peak RSS C / B ≤ {TARGETS['RSS C/B']}", beam, rss, rss <= 1.3)
    return "\n".join(lines)


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def machine() -> str:
    """Cores, Python and the versions of the inference packages."""
    from importlib.metadata import version

    packages = ", ".join(
        f"{name} {version(name)}" for name in ("argos-translate-lt", "ctranslate2", "sentencepiece")
    )
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {packages}, {_revision()}"


def _revision() -> str:
    """The commit of the working tree, and whether src/ has uncommitted changes."""
    try:
        head = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(REPO), "status", "--porcelain", "--", "src"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"transpress at {head}" + (" with uncommitted changes in src/" if dirty else "")


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def describe_sentences(sentences: Sequence[str], package: Path) -> str:
    """Words, SentencePiece tokens and protected spans of the sentences."""
    import sentencepiece

    from news import length_summary

    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(package / "sentencepiece.model")
    )
    pieces = [len(processor.encode(s)) for s in sentences]
    spans = sum(1 for s in sentences if has_span(s))
    return (
        f"{len(sentences)} distinct sentences, {length_summary(sentences)}; "
        f"{statistics.mean(pieces):.1f} SentencePiece tokens on average (max {max(pieces)}); "
        f"{spans} ({100 * spans / len(sentences):.0f} %) with a span transpress masks; "
        f"{masking_cost(sentences, processor)}"
    )


def masking_cost(sentences: Sequence[str], processor: Any) -> str:
    """The placeholder form the vocabulary carries and what masking does to token counts."""
    from transpress.placeholders import carried_forms, mask

    def carries(text: str) -> bool:
        return bool(processor.decode_pieces(processor.encode(text, out_type=str)) == text)

    forms = carried_forms(carries)
    if not forms:
        return "no placeholder form carried: spans stay in the text, checked after"
    plain = sum(len(processor.encode(s)) for s in sentences)
    masked = sum(len(processor.encode(mask(s, forms=forms).text)) for s in sentences)
    return (
        f"placeholders {forms[0].name} carried; masking changes source tokens by "
        f"{100 * (masked - plain) / plain:+.2f} %"
    )


def sample(sentences: Sequence[str], count: int) -> list[str]:
    """`count` sentences spread evenly over the list (same length distribution)."""
    count = min(count, len(sentences))
    return [sentences[i * len(sentences) // count] for i in range(count)]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options; --quick shrinks everything for a smoke run."""
    from real_model import DEFAULT_CACHE

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=2000, help="sentences per timed run")
    parser.add_argument("--beam", type=int, nargs="+", default=[4, 1], help="beam sizes")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of best B and C")
    parser.add_argument("--a-repeats", type=int, default=1, help="rounds with A in them")
    parser.add_argument(
        "--sweep-segments", type=int, default=0, help="sentences per sweep run (default: all)"
    )
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="built package cache")
    parser.add_argument(
        "--profile", action="store_true", help="only print a cProfile of one C run (first beam)"
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 24 segments, 1 round")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.quick:
        args.segments, args.sweep_segments, args.repeats = 24, 24, 1
    args.sweep_segments = args.sweep_segments or args.segments
    return args


def main() -> None:
    """Sweep B, time A, best B and C in rounds, print the tables and the targets."""
    args = parse_args()
    if args.worker:
        worker(args.worker)
        return
    from news import news_sentences
    from real_model import build_info, cached_package

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = time.perf_counter()
    archive = cached_package(args.cache, log=log)
    info = build_info(archive)
    sentences = news_sentences(args.segments)
    check_segmentation(sentences)
    swept = sample(sentences, args.sweep_segments)
    grid = QUICK_GRID if args.quick else GRID
    with tempfile.TemporaryDirectory(prefix="transpress-mt-bench-") as tmp:
        folder = Path(tmp)
        shutil.copytree(REPO / "src" / "transpress", folder / "src" / "transpress")
        os.environ[SNAPSHOT] = str(folder / "src")
        set_environment(folder / "argos-home")
        package = install_package(archive)
        log(describe_sentences(sentences, package))
        bench = Bench(folder, log)
        all_file = bench.sentences_file("sentences", sentences)
        sweep_file = bench.sentences_file("sweep", swept)
        if args.profile:  # a profiled run is slower: kept apart from the measurements
            profile = folder / "profile.txt"
            job = bench.job("C", args.beam[0], all_file, profile=str(profile))
            log(f"cProfile of one transpress run, beam {args.beam[0]}, {len(sentences)} segments")
            bench.run(job)
            print(profile.read_text("utf-8"))
            return
        sweeps: dict[int, list[Measured]] = {}
        for beam in args.beam:
            log(f"sweep of raw translate_batch, beam {beam}, {len(swept)} segments")
            sweeps[beam] = sweep(bench, beam, sweep_file, grid, () if args.quick else AS_GIVEN)
        best_b = {beam: best(sweeps[beam]).job for beam in args.beam}
        measured = rounds(bench, args.beam, all_file, best_b, args.repeats, args.a_repeats)
        notes = {beam: [m.results[-1].notes for m in items] for beam, items in measured.items()}
        described = describe_sentences(sentences, package)
    print(
        f"{machine()}; load average at the end {_load()}; "
        f"{(time.perf_counter() - started) / 60:.1f} minutes in all\n"
    )
    print(f"Model: {json.dumps(info)}\n")
    print(f"Sentences: {described}\n")
    print(f"Sweep ({len(swept)} segments, one run each):\n")
    print(sweep_table(sweeps))
    print()
    print(best_lines(sweeps))
    print(
        f"\nRounds ({args.segments} segments, median of {args.repeats}, "
        f"A in {min(args.a_repeats, args.repeats)}):\n"
    )
    print(rounds_table(measured))
    print()
    print(overhead_table(measured))
    print()
    print(targets_table(measured))
    print()
    for beam, items in notes.items():
        for item in items:
            print(f"beam {beam}: {json.dumps(item, ensure_ascii=False)}")


if __name__ == "__main__":
    main()
