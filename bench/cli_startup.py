"""Start-up and publish time of the CLI, against a bare interpreter in the same run.

Run: .venv/bin/python bench/cli_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def median_seconds(command: list[str], runs: int, cwd: Path) -> float:
    """Median wall time of `command` over `runs` runs."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Print a table of medians and ratios to the bare interpreter."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        workspace = Path(tmp)
        shutil.copy(REPO / "transpress.toml", workspace)
        shutil.copytree(REPO / "sources", workspace / "sources")
        shutil.copytree(REPO / "locale", workspace / "locale")
        cli = [python, "-m", "transpress.cli"]
        rows = {
            "python -c pass (baseline)": [python, "-c", "pass"],
            "transpress --help": [*cli, "--help"],
            "transpress publish (sample, up to date)": [*cli, "publish"],
        }
        subprocess.run([*cli, "publish"], cwd=workspace, check=True, capture_output=True)
        results = {name: median_seconds(cmd, runs, workspace) for name, cmd in rows.items()}
    baseline = results["python -c pass (baseline)"]
    print(f"| command | median ms ({runs} runs) | × bare python |")
    print("| --- | ---: | ---: |")
    for name, seconds in results.items():
        print(f"| {name} | {seconds * 1000:.0f} | {seconds / baseline:.1f} |")


if __name__ == "__main__":
    main()
