"""`translate --progress json`: progress as the engine really finishes segments.

Through the CLI, against the real tiny Argos models the tests build: one JSON line per event
on stderr, read back and checked for what a person watching the bar relies on — it moves
while the engine works (not all at the end), never backwards, and its rate and ETA are
segments over the time the engine has worked.
"""

from __future__ import annotations

import itertools
import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run, install_with_argos

NOUNS = ("satellite", "launcher", "payload", "agency", "programme", "partner", "mission")
VERBS = ("was integrated in January", "will monitor the coastlines", "signed the contract")


def sentences(count: int) -> list[str]:
    """Distinct press-release sentences in the tiny models' vocabulary, without a number
    (nothing masked: every segment goes through the model as it is)."""
    made = (
        f"The {a} and the {b} of the {c} {verb}."
        for verb in VERBS
        for a, b, c in itertools.permutations(NOUNS, 3)
    )
    return list(itertools.islice(made, count))


def write_release(root: Path, name: str, lines: list[str]) -> None:
    paragraphs = [" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5)]
    text = "\n\n".join(["Paris, 11 March 2016", "The agency confirms the launch", *paragraphs])
    (root / "sources" / f"{name}.txt").write_text(text + "\n", "utf-8")


@pytest.fixture
def newsroom(workspace: Path, packages: Path, archives: dict[str, Path]) -> Path:
    """An en→fr workspace (with the fr→en model for the back-check) and one long release."""
    install_with_argos(archives["en-fr"], archives["fr-en"])
    (workspace / "transpress.toml").write_text('languages = ["en", "fr"]\n', "utf-8")
    shutil.rmtree(workspace / "locale")
    for source in (workspace / "sources").iterdir():
        source.unlink()
    write_release(workspace, "pr2026-117-ariane6", sentences(400))
    return workspace


def events(stderr: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def translate(run: Run, root: Path, *args: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    result = run("-C", root, "translate", "--json", "--progress", "json", *args)
    assert result.code == 0, result.err
    return json.loads(result.out), events(result.err)


def test_progress_moves_as_batches_finish_with_an_honest_rate(newsroom: Path, run: Run) -> None:
    began = time.perf_counter()
    summary, seen = translate(run, newsroom, "--batch-size", "8")
    wall = time.perf_counter() - began
    (pair,) = summary["pairs"]
    segments = pair["pending"]
    assert segments == summary["translated"] == 401 and pair["back_checked"] == segments
    kinds = [e["event"] for e in seen]
    assert kinds[:2] == ["start", "working"] and set(kinds[2:]) == {"advance"}
    assert seen[0]["total"] == segments and seen[0]["done"] == 0

    steps = seen[2:]
    # 51 batches there and 51 back, each its own step, in order, the clock never back.
    assert len(steps) == 2 * -(-segments // 8)
    dones, times = [e["done"] for e in steps], [e["t"] for e in steps]
    assert dones == sorted(dones) and times == sorted(times)
    assert dones[-1] == segments
    # Half a segment per batch: a segment is done once it has been there and back.
    assert dones[0] == pytest.approx(4.0)

    # Spread over the engine's work, not bunched at its end: the first batch is reported
    # early and half the steps come in the first half of the run.
    working, last = seen[1]["t"], times[-1]
    assert (times[0] - working) < 0.25 * (last - working)
    assert sum(t < (working + last) / 2 for t in times) >= len(times) // 4

    # The rate: segments finished over the time since the engine began, and the ETA the
    # time left at that rate (both within the precision they are printed with).
    for event in steps:
        elapsed = event["t"] - working  # both printed to the millisecond: within 0.002 s
        slowest, fastest = (
            event["done"] / (elapsed + 0.002),
            event["done"] / max(elapsed - 0.002, 1e-9),
        )
        assert slowest * 0.99 - 0.01 <= event["rate"] <= fastest * 1.01 + 0.01, event
        left = (segments - event["done"]) / event["rate"]
        assert event["eta"] == pytest.approx(left, abs=0.1)
    final = steps[-1]["rate"]
    assert segments / wall <= final <= segments / (times[-1] - times[0])
    assert steps[-1]["eta"] == 0


def test_memory_matches_count_at_once_and_not_in_the_rate(newsroom: Path, run: Run) -> None:
    translate(run, newsroom)
    write_release(newsroom, "pr2026-118-vega", sentences(400)[:300] + sentences(500)[400:])
    summary, seen = translate(run, newsroom, "--batch-size", "8")
    (pair,) = summary["pairs"]
    reused = pair["from_memory"] + pair["from_reviewed"]
    assert (pair["pending"], reused, pair["translated"]) == (401, 301, 100)
    start, working, *steps = seen
    assert (start["done"], start["total"]) == (reused, 401)
    assert steps[-1]["done"] == 401
    # The rate counts the 100 segments the engine translated, not the 301 remembered.
    elapsed = steps[-1]["t"] - working["t"]
    assert steps[-1]["rate"] == pytest.approx(100 / elapsed, rel=0.01)


def test_workers_report_each_batch_as_it_finishes(newsroom: Path, run: Run) -> None:
    summary, seen = translate(run, newsroom, "--batch-size", "8", "--workers", "2")
    segments = summary["pairs"][0]["pending"]
    start, *rest = seen
    assert start["total"] == segments and "2 workers" in start["label"]
    assert [e["event"] for e in rest].count("working") == 1  # the first worker ready
    steps = [e for e in rest if e["event"] == "advance"]
    # Two shards (201 and 200 segments), every batch each way a step of its own.
    first = -(-segments // 2)
    assert len(steps) == 2 * (-(-first // 8) + -(-(segments - first) // 8))
    dones = [e["done"] for e in steps]
    assert dones == sorted(dones) and dones[-1] == segments
    times = [e["t"] for e in steps]
    assert len({round(t, 2) for t in times}) > len(times) // 4  # not all at one instant


def test_no_progress_unless_asked_when_not_a_terminal(newsroom: Path, run: Run) -> None:
    result = run("-C", newsroom, "translate", "--lang", "fr")
    assert result.code == 0 and result.err == ""


def test_the_bar_ends_full_with_its_rate(newsroom: Path, run: Run) -> None:
    result = run("-C", newsroom, "translate", "--progress", "bar")
    assert result.code == 0, result.err
    last = result.err.strip().splitlines()[-1]
    assert "en→fr" in last and "401/401" in last and "100%" in last
    assert "seg/s" in last and "ETA 0 s" in last


def test_publish_reports_the_same_progress(newsroom: Path, run: Run) -> None:
    result = run("-C", newsroom, "publish", "--progress", "json", "--batch-size", "64")
    assert result.code == 0, result.err
    seen = events(result.err)
    assert [e["event"] for e in seen[:2]] == ["start", "working"]
    # 401 segments in batches of 64 (the last of 17), there and back: half a batch a step.
    there = [32.0 * n for n in range(1, 7)] + [200.5]
    assert [e["done"] for e in seen[2:]] == there + [200.5 + d for d in there]
