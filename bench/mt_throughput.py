"""Machine-translation throughput: `transpress translate`, argostranslate, raw CTranslate2.

One installed Argos package (the tiny en→fr copy model of tests/tiny_argos.py), the same
distinct English sentences and the same beam for every variant:

* A: argostranslate's own `translate(s, "en", "fr")`, called once per sentence;
* B: one raw `ctranslate2.Translator.translate_batch` over all the tokenised sentences,
  as given and length-sorted (only that call is timed);
* C: `transpress.translate.translate_releases` on a fresh workspace holding one release
  made of those sentences, timed end to end (extraction, catalogue merge, masking,
  model load, inference, memory, PO write), with the engine-only time beside it.

Run: .venv/bin/python bench/mt_throughput.py [--segments 2000] [--beam 4] [--repeats 3]
(`--inter 1 2` sets the inter_threads values; `--profile` adds a cProfile of one transpress
run per value, on stderr.)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BATCH_SIZE = 16
INTRA_THREADS = 1
SEED = 20160311

# Words the tiny SentencePiece model knows well (1 to 4 pieces each, from its corpus).
OPENERS = ("The", "This", "A", "Both", "More")
_WORD_TEXT = """
    the a and in of to at for is launch off on part press site space will agency be from
    has its lunar million minister must said same segment seven than time took total
    were who with data first launcher local media mission monitor national office
    operation orbit partner satellite second series share teams today visit which whole
    world comes continent
"""
WORDS = tuple(_WORD_TEXT.split())
# Sentence-final words: plain nouns, never an abbreviation the segmenter would keep.
_ENDING_TEXT = """
    satellite mission orbit agency data site space launch world continent partner series
    teams segment operation office media launcher
"""
ENDINGS = tuple(_ENDING_TEXT.split())


#: Runs a variant once (the argument is the repeat number): (seconds, engine-only seconds).
Runner = Callable[[int], tuple[float, float | None]]


@dataclass(frozen=True)
class Timing:
    """The repeated measurements of one variant."""

    variant: str
    inter_threads: int
    seconds: list[float]
    engine_seconds: list[float] | None = None

    def rate(self, segments: int) -> float:
        """Median segments per second."""
        return segments / statistics.median(self.seconds)


def set_environment(home: Path, beam: int) -> None:
    """Point argostranslate at a throw-away home and fix its inference settings.

    argostranslate reads (and creates) these folders and its settings once, at import:
    this must run before anything imports argostranslate or transpress.engines.
    """
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(home / name.lower())
    os.environ["ARGOS_PACKAGES_DIR"] = str(home / "packages")
    os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # never the internet
    os.environ["ARGOS_BEAM_SIZE"] = str(beam)
    os.environ["ARGOS_INTRA_THREADS"] = str(INTRA_THREADS)
    os.environ["ARGOS_INTER_THREADS"] = "1"
    os.environ["ARGOS_DEVICE_TYPE"] = "cpu"
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))  # for tests.tiny_argos


def make_sentences(count: int, seed: int = SEED) -> list[str]:
    """`count` distinct English sentences of 8 to 40 words, the same for a given seed."""
    rng = random.Random(seed)
    seen: set[str] = set()
    sentences: list[str] = []
    while len(sentences) < count:
        length = rng.randint(8, 40)
        middle = [rng.choice(WORDS) for _ in range(length - 2)]
        sentence = " ".join([rng.choice(OPENERS), *middle, rng.choice(ENDINGS)]) + "."
        if sentence not in seen:
            seen.add(sentence)
            sentences.append(sentence)
    return sentences


def release_text(sentences: Sequence[str]) -> str:
    """A plain-text release: dateline, the first sentence as title, paragraphs of five."""
    paragraphs = [" ".join(sentences[i : i + 5]) for i in range(1, len(sentences), 5)]
    return "\n\n".join(["Paris, 11 March 2016", sentences[0], *paragraphs]) + "\n"


def install_package(folder: Path) -> Path:
    """Build the tiny en→fr copy package and install it with argostranslate's own API."""
    from argostranslate import package
    from tests.tiny_argos import build_argos_package

    from transpress.engines.argos import argos_settings

    archive = build_argos_package(folder / "archives", "en", "fr")
    argos_settings()
    package.install_from_path(archive)
    installed = [p for p in package.get_installed_packages() if p.code == "translate-en_fr"]
    return Path(installed[0].package_path)


def argos_runner(sentences: Sequence[str], beam: int, inter: int) -> tuple[Runner, str]:
    """A: argostranslate.translate.translate() once per sentence; also what it runs with."""
    from argostranslate import settings, translate

    settings.beam_size, settings.intra_threads, settings.inter_threads = beam, INTRA_THREADS, inter
    translate.get_installed_languages.cache_clear()
    translate.installed_translates.clear()  # a new ctranslate2.Translator with these settings
    translate.translate("Warm up the model and the sentence splitter.", "en", "fr")
    loaded = translate.get_translation_from_codes("en", "fr").underlying.translator
    used = (
        f"beam_size={settings.beam_size}, intra_threads={settings.intra_threads}, "
        f"inter_threads={settings.inter_threads} (num_translators={loaded.num_translators}), "
        f"batch_size={settings.batch_size} tokens, chunk_type={settings.chunk_type.name}"
    )

    def run(repeat: int) -> tuple[float, float | None]:
        start = time.perf_counter()
        outputs = [translate.translate(s, "en", "fr") for s in sentences]
        seconds = time.perf_counter() - start
        check_copies("argostranslate", sentences, outputs)
        return seconds, None

    return run, used


def raw_runners(
    model_dir: Path, sentences: Sequence[str], beam: int, inter: int
) -> dict[str, Runner]:
    """B: one translate_batch call over all sentences, as given and length-sorted."""
    import ctranslate2
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(model_dir / "sentencepiece.model")
    )
    tokens = [list(processor.encode(s, out_type=str)) for s in sentences]
    translator = ctranslate2.Translator(
        str(model_dir / "model"), device="cpu", intra_threads=INTRA_THREADS, inter_threads=inter
    )
    translator.translate_batch(tokens[:BATCH_SIZE], beam_size=beam, max_batch_size=BATCH_SIZE)

    def runner(label: str, batch: list[list[str]]) -> Runner:
        def run(repeat: int) -> tuple[float, float | None]:
            start = time.perf_counter()
            results = translator.translate_batch(batch, beam_size=beam, max_batch_size=BATCH_SIZE)
            seconds = time.perf_counter() - start
            decoded = [processor.decode_pieces(list(r.hypotheses[0])) for r in results]
            check_copies(label, [processor.decode_pieces(t) for t in batch], decoded)
            return seconds, None

        return run

    return {
        label: runner(label, batch)
        for label, batch in (
            ("B raw translate_batch", tokens),
            ("B raw translate_batch, length-sorted", sorted(tokens, key=len)),
        )
    }


def new_workspace(root: Path, sentences: Sequence[str]) -> Any:
    """A fresh en+fr workspace with one release, sources/bench.txt, holding the sentences."""
    from transpress.workspace import CONFIG_NAME, find_workspace, init_workspace

    init_workspace(root)
    (root / CONFIG_NAME).write_text('languages = ["en", "fr"]\n', encoding="utf-8")
    (root / "sources" / "bench.txt").write_text(release_text(sentences), encoding="utf-8")
    return find_workspace(root)


def run_transpress(workspace: Any, beam: int, inter: int) -> Any:
    """C, once: `transpress translate bench --lang fr` as a fresh process would run it."""
    from transpress.engines import EngineOptions
    from transpress.engines import argos as argos_engine
    from transpress.translate import translate_releases

    argos_engine._LOADED.clear()  # as in a new process: the model load is part of the run
    options = EngineOptions(
        beam_size=beam, intra_threads=INTRA_THREADS, inter_threads=inter, batch_size=BATCH_SIZE
    )
    return translate_releases(workspace, ["bench"], languages=["fr"], options=options)


def transpress_runner(folder: Path, sentences: Sequence[str], beam: int, inter: int) -> Runner:
    """C: translate_releases end to end, on a fresh workspace (and memory) each time."""
    from transpress.catalog import read_translations

    def run(repeat: int) -> tuple[float, float | None]:
        workspace = new_workspace(folder / f"ws-inter{inter}-{repeat}", sentences)
        start = time.perf_counter()
        report = run_transpress(workspace, beam, inter)
        seconds = time.perf_counter() - start
        (pair,) = report.pairs
        drafts = read_translations(workspace.catalog_path("bench", "fr"))
        counts = {pair.pending, pair.translated, len(drafts)}
        if counts != {len(sentences)} or set(drafts) != set(sentences):
            raise SystemExit(
                f"transpress had {pair.pending} pending segments, machine-translated "
                f"{pair.translated} ({len(drafts)} catalogue entries), expected "
                f"the {len(sentences)} sentences"
            )
        check_copies("transpress", sentences, [drafts[s].msgstr for s in sentences])
        return seconds, pair.seconds

    return run


def check_copies(label: str, sources: Sequence[str], outputs: Sequence[str]) -> None:
    """The copy model must give every sentence back: proof that each variant did the work."""
    wrong = sum(1 for s, o in zip(sources, outputs, strict=True) if s != o)
    if wrong:
        raise SystemExit(f"{label}: {wrong} of {len(sources)} outputs differ from the source")


def profile_transpress(folder: Path, sentences: Sequence[str], beam: int, inter: int) -> str:
    """cProfile of one transpress run: the functions with the most cumulative time."""
    workspace = new_workspace(folder / f"ws-profile-inter{inter}", sentences)
    profiler = cProfile.Profile()
    profiler.runcall(run_transpress, workspace, beam, inter)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
    return out.getvalue()


def table(timings: Sequence[Timing], segments: int) -> str:
    """A Markdown table: median seg/s per variant and thread count, against A and B."""

    def reference(inter: int, prefix: str) -> float:
        return max(
            t.rate(segments)
            for t in timings
            if t.inter_threads == inter and t.variant.startswith(prefix)
        )

    lines = [
        "| variant | inter_threads | median s | seg/s (median) | seg/s per run | × A | ÷ best B |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for t in timings:
        rate = t.rate(segments)
        runs = ", ".join(f"{segments / s:.0f}" for s in t.seconds)
        lines.append(
            f"| {t.variant} | {t.inter_threads} | {statistics.median(t.seconds):.2f} | "
            f"{rate:.0f} | {runs} | {rate / reference(t.inter_threads, 'A'):.2f} | "
            f"{rate / reference(t.inter_threads, 'B'):.2f} |"
        )
    return "\n".join(lines)


def overhead(timings: Sequence[Timing], segments: int) -> str:
    """How transpress's end-to-end time splits between the engine and everything else."""
    lines = [
        "| inter_threads | total s (median) | engine s (median, report.pairs[0].seconds) "
        "| rest s | engine seg/s |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in timings:
        if t.engine_seconds is None:
            continue
        total, engine = statistics.median(t.seconds), statistics.median(t.engine_seconds)
        lines.append(
            f"| {t.inter_threads} | {total:.2f} | {engine:.2f} | {total - engine:.2f} | "
            f"{segments / engine:.0f} |"
        )
    return "\n".join(lines)


def verdict(timings: Sequence[Timing], segments: int) -> str:
    """The two targets of the issue, per thread count: ≥ 4× A and within 10 % of raw B."""
    lines = []
    for inter in sorted({t.inter_threads for t in timings}):
        rates = {t.variant[0]: 0.0 for t in timings}
        for t in timings:
            if t.inter_threads == inter:
                rates[t.variant[0]] = max(rates[t.variant[0]], t.rate(segments))
        vs_a, vs_b = rates["C"] / rates["A"], rates["C"] / rates["B"]
        lines.append(
            f"- inter_threads {inter}: C/A = {vs_a:.2f} (target ≥ 4: "
            f"{'met' if vs_a >= 4 else 'NOT met'}), C/best B = {vs_b:.2f} "
            f"(target ≥ 0.90: {'met' if vs_b >= 0.9 else 'NOT met'})"
        )
    return "\n".join(lines)


def measure(args: argparse.Namespace, folder: Path, log: Callable[[str], None]) -> list[Timing]:
    """Install the package, then time A, B and C, interleaved, at each inter_threads value."""
    sentences = make_sentences(args.segments)
    model_dir = install_package(folder)
    pieces = _mean_pieces(model_dir, sentences)
    log(f"{len(sentences)} distinct sentences, {pieces:.1f} SentencePiece tokens on average")
    timings: list[Timing] = []
    for inter in args.inter:
        argos, used = argos_runner(sentences, args.beam, inter)
        log(f"inter_threads {inter}: argostranslate runs with {used}")
        runners = {
            "A argostranslate translate() per sentence": argos,
            **raw_runners(model_dir, sentences, args.beam, inter),
            "C transpress translate_releases": transpress_runner(
                folder, sentences, args.beam, inter
            ),
        }
        seconds: dict[str, list[float]] = {name: [] for name in runners}
        engine: list[float] = []
        for repeat in range(args.repeats):  # one round of every variant per repeat
            for name, run in runners.items():
                took, engine_took = run(repeat)
                seconds[name].append(took)
                if engine_took is not None:
                    engine.append(engine_took)
            log(f"inter_threads {inter}, round {repeat + 1}: load average {_load()}")
        log(f"inter_threads {inter}: transpress machine-translated {len(sentences)} segments")
        for name, took in seconds.items():
            timings.append(Timing(name, inter, took, engine if name.startswith("C") else None))
    if args.profile:
        for inter in args.inter:
            log(f"cProfile of one transpress run, inter_threads {inter}:\n")
            log(profile_transpress(folder, sentences, args.beam, inter))
    return timings


def machine() -> str:
    """Cores, Python and the versions of the inference packages."""
    from importlib.metadata import version

    packages = ", ".join(
        f"{name} {version(name)}" for name in ("argos-translate-lt", "ctranslate2", "sentencepiece")
    )
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {packages}"


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _mean_pieces(model_dir: Path, sentences: Sequence[str]) -> float:
    import sentencepiece

    processor = sentencepiece.SentencePieceProcessor(
        model_file=str(model_dir / "sentencepiece.model")
    )
    return statistics.mean(len(processor.encode(s)) for s in sentences)


def main() -> None:
    """Print the throughput table, the overhead split and the verdict on the targets."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=2000)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--inter", type=int, nargs="+", default=[1, 2], help="inter_threads values")
    parser.add_argument("--profile", action="store_true", help="cProfile one transpress run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="transpress-mt-bench-") as tmp:
        folder = Path(tmp)
        set_environment(folder / "argos-home", args.beam)

        def log(message: str) -> None:
            print(message, file=sys.stderr, flush=True)

        timings = measure(args, folder, log)
    print(
        f"{args.segments} segments, beam {args.beam}, intra_threads {INTRA_THREADS}, "
        f"batch {BATCH_SIZE}, median of {args.repeats} interleaved runs; {machine()}; "
        f"load average at the end {_load()}\n"
    )
    print(table(timings, args.segments))
    print()
    print(overhead(timings, args.segments))
    print()
    print(verdict(timings, args.segments))


if __name__ == "__main__":
    main()
