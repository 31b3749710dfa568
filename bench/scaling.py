"""Scaling out machine translation: --workers, --inter-threads and a LibreTranslate pool.

The real-size copy model of bench/real_model.py (Transformer-base, int8, 55,000 pieces),
installed twice, as en→fr and en→ja, so that a workspace has two independent pairs; one
English release of --segments news sentences (bench/news.py). Each variant is a fresh
`transpress translate --no-back-check --json` process on a fresh copy of that workspace,
timed end to end (start-up, extraction, model load, inference, memory, catalogues), its
drafts checked against the sources (the model copies):

* one core: `--inter-threads 1 --threads 1` (the baseline of the scaling ratios);
* `--inter-threads 2`: one process, two CTranslate2 replicas (the default on 2 cores);
* `--workers 2`: two processes, one pair each, one replica and one thread each;
* LibreTranslate: `engine = "libretranslate"` against --servers real LibreTranslate
  servers (PyPI, .venv-libretranslate) on 127.0.0.1 over the same package folder, each
  started with OMP_NUM_THREADS=1 and one CTranslate2 thread (ARGOS_INTER_THREADS=1,
  ARGOS_INTRA_THREADS=1), transpress sending `in_flight` 1 request of `batch` 16 segments
  to each. The HTTP path's cost per segment is compared with in-process at the same cores.

Rounds are interleaved (--repeats); the best of each variant is reported.

Run: .venv/bin/python bench/scaling.py [--segments 200] [--repeats 1] [--servers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for _path in (REPO / "src", REPO, BENCH):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from tests.libretranslate_server import LibreTranslateServer  # noqa: E402

from mt_throughput import machine, release_text  # noqa: E402
from news import news_sentences  # noqa: E402
from real_model import DEFAULT_CACHE, cached_package  # noqa: E402

TRANSPRESS = Path(sys.executable).parent / "transpress"


@dataclass(frozen=True)
class Variant:
    name: str
    args: tuple[str, ...] = ()
    servers: int = 0


VARIANTS = (
    Variant("one core (--inter-threads 1 --threads 1)", ("--inter-threads", "1", "--threads", "1")),
    Variant("--inter-threads 2 (default)", ("--inter-threads", "2")),
    Variant("--workers 2", ("--workers", "2")),
    Variant("LibreTranslate pool", servers=2),
)


def install_pairs(archive: Path, packages: Path) -> None:
    """The package unpacked as translate-en_fr and, relabelled, as translate-en_ja."""
    packages.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive) as bundle:
        bundle.extractall(packages)
    french = packages / "translate-en_fr"
    japanese = packages / "translate-en_ja"
    shutil.copytree(french, japanese)
    metadata = json.loads((japanese / "metadata.json").read_text("utf-8"))
    metadata |= {"to_code": "ja", "to_name": "Japanese", "code": "translate-en_ja"}
    (japanese / "metadata.json").write_text(json.dumps(metadata), "utf-8")


def blank_workspace(root: Path, sentences: Sequence[str]) -> None:
    (root / "sources").mkdir(parents=True)
    (root / "transpress.toml").write_text('languages = ["en", "fr", "ja"]\n', "utf-8")
    (root / "sources" / "bench.txt").write_text(release_text(sentences), "utf-8")


def run_variant(
    variant: Variant, blank: Path, work: Path, env: dict[str, str], urls: Sequence[str]
) -> tuple[float, int, int]:
    """(seconds, drafts, drafts that differ from their source) of one run."""
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(blank, work)
    if urls:
        quoted = ", ".join(f'"{u}"' for u in urls)
        config = work / "transpress.toml"
        config.write_text(
            'engine = "libretranslate"\n'
            + config.read_text("utf-8")
            + f"[engines.libretranslate]\nurls = [{quoted}]\nin_flight = 1\nbatch = 16\n"
            + 'versions = { "en-fr" = "1.0", "en-ja" = "1.0" }\n',
            "utf-8",
        )
    command = [str(TRANSPRESS), "-C", str(work), "translate", "--no-back-check", "--json"]
    started = time.perf_counter()
    done = subprocess.run([*command, *variant.args], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{variant.name}: exit {done.returncode}: {done.stderr[-2000:]}")
    import polib

    drafts = wrong = 0
    for lang in ("fr", "ja"):
        for entry in polib.pofile(str(work / "locale" / lang / "LC_MESSAGES" / "bench.po")):
            drafts += bool(entry.msgstr)
            # en→ja drafts of a copy model are English typeset as Japanese (“ ” become
            # 「 」, … ): only the en→fr drafts must equal their sources.
            wrong += lang == "fr" and bool(entry.msgstr) and entry.msgstr != entry.msgid
    return seconds, drafts, wrong


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=200, help="sentences of the release")
    parser.add_argument("--repeats", type=int, default=1, help="interleaved rounds")
    parser.add_argument("--servers", type=int, default=2, help="LibreTranslate servers")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="built package cache")
    args = parser.parse_args(argv)
    archive = cached_package(args.cache)
    sentences = news_sentences(args.segments)
    home = Path(tempfile.mkdtemp(prefix="transpress-scaling-"))
    try:
        packages = home / "packages"
        install_pairs(archive, packages)
        blank = home / "blank"
        blank_workspace(blank, sentences)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"ARGOS_PACKAGES_DIR": str(packages), "XDG_DATA_HOME": str(home / "data")}
        env |= {"ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/", "SOURCE_DATE_EPOCH": "1457654400"}
        servers = [
            LibreTranslateServer(packages, home / f"server-{n}") for n in range(args.servers)
        ]
        for server in servers:
            server.env |= {"ARGOS_INTER_THREADS": "1", "ARGOS_INTRA_THREADS": "1"}
            server.start()
        urls = [s.url for s in servers]
        # Each server loads its models at its first request: warm them before timing.
        small = home / "small"
        blank_workspace(small, sentences[:6])
        for url in urls:
            run_variant(Variant("warm-up", servers=1), small, home / "warm", env, [url])
        best: dict[str, tuple[float, int, int]] = {}
        for _ in range(args.repeats):
            for variant in VARIANTS:
                work = home / "work"
                result = run_variant(variant, blank, work, env, urls if variant.servers else ())
                if variant.name not in best or result[0] < best[variant.name][0]:
                    best[variant.name] = result
                print(f"{variant.name}: {result[0]:.2f} s", file=sys.stderr, flush=True)
        for server in servers:
            server.stop()
    finally:
        shutil.rmtree(home, ignore_errors=True)
    report(best, args, len(sentences))


def report(best: dict[str, tuple[float, int, int]], args: argparse.Namespace, count: int) -> None:
    segments = 2 * count  # en→fr and en→ja
    one_core = best[VARIANTS[0].name][0]
    replicas = best[VARIANTS[1].name][0]
    print(f"{machine()}; {count} sentences x 2 pairs, beam 4, best of {args.repeats}\n")
    print("| variant | seconds | segments/s | ms per segment | vs one core | vs 2 replicas |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for variant in VARIANTS:
        seconds, drafts, wrong = best[variant.name]
        name = variant.name + (f" ({args.servers} servers)" if variant.servers else "")
        if drafts != segments or wrong:
            name += f" — {drafts} drafts, {wrong} en→fr drafts differ from their source"
        print(
            f"| {name} | {seconds:.1f} | {segments / seconds:.1f} | "
            f"{1000 * seconds / segments:.1f} | {one_core / seconds:.2f}× | "
            f"{replicas / seconds:.2f}× |"
        )


if __name__ == "__main__":
    main()
