"""The real programs translators and CI use, for tests that meet them: GNU gettext from
the system, translate-toolkit from the test environment."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def program(name: str) -> str:
    """The path of a program; in CI a missing one fails the test, elsewhere it skips it."""
    beside = Path(sys.executable).parent / name  # console scripts of the test venv
    found = str(beside) if beside.is_file() else shutil.which(name)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is required in CI (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")
    return found


def run_tool(name: str, *args: str | Path, stdin: str | None = None) -> str:
    """Run a program; return its standard output; fail the test with its errors."""
    result = subprocess.run(
        [program(name), *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 0, f"{name} {' '.join(map(str, args))}: {result.stderr}"
    return result.stdout


def msgcat(text: str, *options: str) -> str:
    """What GNU msgcat writes for a catalogue."""
    return run_tool("msgcat", *options, "-", stdin=text)


def msgfmt_check(path: Path) -> None:
    """GNU msgfmt --check accepts the file."""
    run_tool("msgfmt", "--check", "-o", os.devnull, path)
