"""`--workers N`: the pairs' engine work in N processes, written by one.

The drafts must be those of one process, byte for byte (the same batched CTranslate2
path runs in each worker), and the memory written once per draft by the parent alone.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from .conftest import Run, install_with_argos


def _catalogues(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.glob("locale/**/*.po")}


def _memory_units(root: Path) -> int:
    with sqlite3.connect(root / ".transpress" / "memory.sqlite3") as db:
        [(count,)] = db.execute("SELECT count(*) FROM units")
    return int(count)


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_draft_what_one_process_drafts_and_one_writes(
    tmp_path: Path,
    workspace: Path,
    run: Run,
    packages: Path,
    archives: dict[str, Path],
    workers: int,
) -> None:
    install_with_argos(archives["en-fr"], archives["en-ja"], archives["fr-en"])
    shutil.rmtree(workspace / "locale")
    parallel = shutil.copytree(workspace, tmp_path / "parallel")
    one = run("-C", workspace, "translate", "--json")
    many = run("-C", parallel, "translate", "--workers", str(workers), "--json")
    assert one.code == 0 and many.code == 0, many.err
    assert _catalogues(parallel) == _catalogues(workspace)
    assert _memory_units(parallel) == _memory_units(workspace) > 0
    drafted = _catalogues(parallel)
    again = run("-C", parallel, "translate", "--workers", str(workers))
    assert again.code == 0 and _catalogues(parallel) == drafted


def test_publish_with_workers_writes_what_publish_writes(
    tmp_path: Path, workspace: Path, run: Run, packages: Path, archives: dict[str, Path]
) -> None:
    install_with_argos(archives["en-fr"], archives["en-ja"])
    shutil.rmtree(workspace / "locale")
    parallel = shutil.copytree(workspace, tmp_path / "parallel")
    assert run("-C", workspace, "publish").code == 0
    result = run("-C", parallel, "publish", "--workers", "2")
    assert result.code == 0, result.err
    assert "en→fr: 18 pending; 18 machine-translated" in result.out
    assert _catalogues(parallel) == _catalogues(workspace)
    editions = {p.relative_to(workspace).as_posix() for p in workspace.glob("output/**/*.*")}
    for name in editions:
        assert (parallel / name).read_bytes() == (workspace / name).read_bytes(), name
