"""A newsroom's archive: transpress against po4a on N generated releases, in the same run.

`generate(root, n)` writes a workspace of n plain-text releases in the seed's form
(dateline, reference, title, paragraphs of news-like English sentences from bench/news.py,
a quotation, a contacts block), extracts it and marks every French and Japanese entry as
reviewed; the same texts go to a po4a 0.69 project with one configuration (`[type: text]`
per release, one template and one catalogue per language, every entry translated), the
peer a press office would otherwise run.

Each command runs as a fresh process, timed as a whole (wall seconds) with its peak RSS
(`wait4`); po4a's figures are for the same work on the same texts:

| row | transpress | po4a |
| --- | --- | --- |
| extract, nothing changed | `extract` | `po4a --no-translations` |
| publish, everything to do | `publish` (output/ empty) | `po4a` (outputs removed) |
| publish, nothing changed | `publish` | `po4a` |
| one sentence edited | `extract` + `publish` | `po4a` |
| another sentence edited | `publish` alone (it extracts first) | `po4a` |
| check, first run | `check` with no findings remembered | — |
| status / check / report / diff HEAD | each command (check's findings remembered) | — |

Run: .venv/bin/python bench/archive.py [--releases 1000] [--rss 100 1000 3000] [--keep DIR]
`--rss` also times publish (nothing changed, and everything to do) at other sizes, for
peak memory and the cost per release as the archive grows.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
for _path in (REPO / "src", BENCH):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from news import DOMAINS, MONTHS, PEOPLE, PLACES, news_sentence  # noqa: E402

LANGUAGES = ("en", "fr", "ja")
TARGETS = ("fr", "ja")
_CITIES = ("Paris", "Toulouse", "Kourou", "Tokyo", "Tsukuba", "Brussels", "Darmstadt")


@dataclass(frozen=True)
class Run:
    """One timed process."""

    seconds: float
    rss_mb: float
    code: int


def run(command: Sequence[str | Path], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command to completion; its wall time and peak RSS (from wait4)."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(c) for c in command],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 9, 10):  # check: warnings (9) and errors (10) are fine
        tail = errors.decode("utf-8", "replace")[-2000:]
        raise SystemExit(f"{' '.join(map(str, command))} failed ({process.returncode}):\n{tail}")
    return Run(seconds, usage.ru_maxrss / 1024, process.returncode)


# --------------------------------------------------------------------------------------
# The archive
# --------------------------------------------------------------------------------------


def release_text(rng: random.Random, number: int) -> str:
    """One release in the seed's plain-text form, 25 to 45 sentences."""
    year = 2010 + number % 16
    city = rng.choice(_CITIES)
    dateline = f"{city}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year}"
    reference = f"PR{number % 1000:03d} – {year}"
    title = news_sentence(rng).rstrip(".")
    paragraphs = [
        " ".join(news_sentence(rng) for _ in range(rng.randint(2, 6)))
        for _ in range(rng.randint(4, 8))
    ]
    person = rng.choice(PEOPLE)
    quote = (
        f'{person}, head of the agency in {rng.choice(PLACES)}, commented: "'
        + " ".join(_unquoted_sentence(rng) for _ in range(2))
        + '"'
    )
    first, last = rng.sample(PEOPLE, 2)
    domain = rng.choice(DOMAINS)
    contacts = "\n".join(
        [
            "Press contacts",
            "",
            first,
            last,
            "",
            f"Tel: +33 (0)1 44 76 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            "",
            f"{first.split()[0].lower()}.{first.split()[-1].lower()}@{domain}",
            f"press.{domain}",
        ]
    )
    return "\n\n".join([dateline, reference, title, *paragraphs, quote, contacts]) + "\n"


def _unquoted_sentence(rng: random.Random) -> str:
    """A news sentence with no quotation of its own (it goes inside one)."""
    while True:
        sentence = news_sentence(rng, span_rate=0.0)
        if '"' not in sentence:
            return sentence


def release_id(number: int) -> str:
    """pr0001-2011…: ids that sort like a real archive's."""
    return f"pr{number:04d}-{2010 + number % 16}"


def transpress_cli() -> list[str]:
    """The CLI as a user runs it, from this checkout."""
    return [sys.executable, "-m", "transpress.cli"]


def environment(home: Path) -> dict[str, str]:
    """No model installed and no index reachable: publish translates nothing."""
    env = dict(os.environ)
    # As installed: compiled modules are kept (pip compiles them at install; this checkout's
    # are compiled by the first run), not compiled again by every command.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(
        ARGOS_PACKAGES_DIR=str(home / "packages"),
        ARGOS_PACKAGE_INDEX="http://127.0.0.1:9/",
        XDG_DATA_HOME=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_CACHE_HOME=str(home / "cache"),
        PYTHONPATH=str(REPO / "src"),
        COLUMNS="100",
        GIT_AUTHOR_NAME="bench",
        GIT_AUTHOR_EMAIL="bench@example.org",
        GIT_COMMITTER_NAME="bench",
        GIT_COMMITTER_EMAIL="bench@example.org",
    )
    return env


def review_all(catalogue: Path) -> None:
    """Every active entry translated and not fuzzy, as after a translator's review.

    The translation is the source sentence after a mark of its language: realistic in
    size, ending as the source does, and the typography of the target language still
    applies to it.
    """
    from transpress.catalog import parse_po, render_po

    lang = catalogue.parent.parent.name
    parsed = parse_po(catalogue.read_text("utf-8"), path=catalogue)
    for message in parsed.messages:
        if message.obsolete or not message.msgid:
            continue
        message.msgstr = f"[{lang}] {message.msgid}"
        message.flags = [f for f in message.flags if f != "fuzzy"]
        message.raw = None
    catalogue.write_text(render_po(parsed), "utf-8")


def generate(root: Path, count: int, env: dict[str, str], seed: int = 20160311) -> None:
    """A transpress workspace and a po4a project over the same `count` releases."""
    rng = random.Random(seed)
    subprocess.run([*transpress_cli(), "init", root], check=True, env=env, capture_output=True)
    (root / "transpress.toml").write_text(
        'languages = ["en", "fr", "ja"]\nformats = ["html", "md", "txt"]\n', "utf-8"
    )
    sources = root / "sources"
    for number in range(1, count + 1):
        text = release_text(rng, number)
        (sources / f"{release_id(number)}.txt").write_text(text, "utf-8")
    run([*transpress_cli(), "extract"], root, env)
    for catalogue in sorted((root / "locale").glob("*/LC_MESSAGES/*.po")):
        review_all(catalogue)
    subprocess.run(["git", "init", "-q", root], check=True)
    subprocess.run(["git", "-C", root, "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", root, "commit", "-qm", "archive"], check=True, env=env)
    po4a_project(root, count, env)


def po4a_project(root: Path, count: int, env: dict[str, str]) -> None:
    """root/po4a/: one configuration over the same sources, every entry translated."""
    project = root / "po4a"
    project.mkdir()
    lines = [
        "[po4a_langs] fr ja",
        "[po4a_paths] po/archive.pot $lang:po/$lang.po",
        "[options] --keep 80",
    ]
    for number in range(1, count + 1):
        name = release_id(number)
        lines.append(f"[type: text] ../sources/{name}.txt $lang:out/$lang/{name}.txt")
    (project / "po4a.cfg").write_text("\n".join(lines) + "\n", "utf-8")
    run(["po4a", "--no-translations", "po4a.cfg"], project, env)
    for catalogue in (project / "po").glob("*.po"):
        subprocess.run(["msgen", "-o", catalogue, catalogue], check=True)


def edit_one_sentence(source: Path) -> None:
    """Change one word of the first paragraph's first sentence."""
    text = source.read_text("utf-8")
    paragraphs = text.split("\n\n")
    paragraphs[3] = paragraphs[3].replace(" ", " indeed ", 1)
    source.write_text("\n\n".join(paragraphs), "utf-8")


# --------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------


def measure(root: Path, count: int, env: dict[str, str]) -> dict[str, tuple[Run, Run | None]]:
    """Every row of the table: (transpress, po4a or None)."""
    cli, project = transpress_cli(), root / "po4a"
    rows: dict[str, tuple[Run, Run | None]] = {}
    # The translators' review (generate) changed every catalogue: both tools take it in once.
    run([*cli, "extract"], root, env)
    run(["po4a", "--no-translations", "po4a.cfg"], project, env)
    rows["extract, nothing changed"] = (
        run([*cli, "extract"], root, env),
        run(["po4a", "--no-translations", "po4a.cfg"], project, env),
    )
    shutil.rmtree(root / "output", ignore_errors=True)
    shutil.rmtree(project / "out", ignore_errors=True)
    rows["publish, everything to do"] = (
        run([*cli, "publish"], root, env),
        run(["po4a", "po4a.cfg"], project, env),
    )
    rows["publish, nothing changed"] = (
        run([*cli, "publish"], root, env),
        run(["po4a", "po4a.cfg"], project, env),
    )
    edited = root / "sources" / f"{release_id(count // 2 or 1)}.txt"
    edit_one_sentence(edited)
    extract = run([*cli, "extract"], root, env)
    publish = run([*cli, "publish"], root, env)
    po4a = run(["po4a", "po4a.cfg"], project, env)
    rows["one sentence edited: extract + publish"] = (
        Run(extract.seconds + publish.seconds, max(extract.rss_mb, publish.rss_mb), 0),
        po4a,
    )
    other = root / "sources" / f"{release_id(count // 3 or 1)}.txt"
    edit_one_sentence(other)
    rows["one sentence edited: publish alone (it extracts)"] = (
        run([*cli, "publish"], root, env),
        run(["po4a", "po4a.cfg"], project, env),
    )
    rows["check, first run (no findings remembered)"] = (run([*cli, "check"], root, env), None)
    for name, args in (
        ("status", ["status"]),
        ("check", ["check"]),
        ("report", ["report", "-o", str(root / "report.html")]),
        ("diff HEAD", ["diff", "HEAD"]),
    ):
        rows[name] = (run([*cli, *args], root, env), None)
    return rows


def table(rows: dict[str, tuple[Run, Run | None]], count: int) -> str:
    """Markdown: seconds and peak RSS, transpress against po4a, and the ratio."""
    lines = [
        f"| N = {count:,} | transpress s | po4a s | po4a ÷ transpress | transpress RSS MB "
        "| po4a RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, (ours, theirs) in rows.items():
        peer = f"{theirs.seconds:.2f}" if theirs else "—"
        ratio = f"{theirs.seconds / ours.seconds:.2f}" if theirs else "—"
        peer_rss = f"{theirs.rss_mb:.0f}" if theirs else "—"
        lines.append(
            f"| {name} | {ours.seconds:.2f} | {peer} | {ratio} | {ours.rss_mb:.0f} | {peer_rss} |"
        )
    return "\n".join(lines)


def scaling(sizes: Sequence[int], work: Path, env: dict[str, str]) -> str:
    """Markdown: publish at several archive sizes, per release and peak RSS."""
    lines = [
        "| N | publish, everything to do s | per release ms | publish, nothing changed s "
        "| per release ms | peak RSS MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for count in sizes:
        root = work / f"scale-{count}"
        generate(root, count, env)
        first = run([*transpress_cli(), "publish"], root, env)
        again = run([*transpress_cli(), "publish"], root, env)
        lines.append(
            f"| {count:,} | {first.seconds:.2f} | {1000 * first.seconds / count:.1f} | "
            f"{again.seconds:.2f} | {1000 * again.seconds / count:.2f} | "
            f"{max(first.rss_mb, again.rss_mb):.0f} |"
        )
        shutil.rmtree(root)
    return "\n".join(lines)


def versions() -> str:
    """What ran: cores, Python, po4a."""
    po4a = subprocess.run(["po4a", "--version"], capture_output=True, text=True, check=False)
    first = po4a.stdout.splitlines()[0] if po4a.stdout else "po4a ?"
    return f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {first.strip()}"


def main() -> None:
    """Generate the archive, measure, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--releases", type=int, default=1000)
    parser.add_argument("--rss", type=int, nargs="*", default=[], help="other archive sizes")
    parser.add_argument("--keep", type=Path, help="generate here and keep it")
    args = parser.parse_args()
    if shutil.which("po4a") is None:
        raise SystemExit("po4a is not installed (apt-get install po4a)")
    with tempfile.TemporaryDirectory(prefix="transpress-archive-") as tmp:
        work = args.keep or Path(tmp)
        env = environment(Path(tmp) / "home")
        root = work / "archive"
        started = time.perf_counter()
        generate(root, args.releases, env)
        msgids = sum(
            pot.read_text("utf-8").count("\nmsgid ") - 1 for pot in (root / "locale").glob("*.pot")
        )
        print(
            f"{versions()}; {args.releases} releases ({msgids:,} msgids) generated in "
            f"{time.perf_counter() - started:.0f} s\n",
            flush=True,
        )
        print(table(measure(root, args.releases, env), args.releases), flush=True)
        if args.rss:
            print()
            print(scaling(args.rss, work, env))


if __name__ == "__main__":
    main()
