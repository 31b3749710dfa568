"""`transpress status` at the terminal's width: whole release ids, no cell over two lines.

Through the CLI, with COLUMNS as a terminal sets it, on a workspace whose release ids are as
long as press offices make them.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from .conftest import GOLDEN, Run
from .test_review import SEED, fr_catalogue, put_in_every_state

LONG_IDS = ("pr2026-117-ariane6-vol-inaugural", "pr2026-118-cnes-jaxa-accord-lune-mars")
STATES = ("reviewed", "machine", "outdated", "fuzzy", "untranslated", "obsolete")


@pytest.fixture
def newsroom(workspace: Path) -> Path:
    """The seed in every French state, and two releases with long ids: one translated into
    French and reviewed, one not translated at all."""
    seed = workspace / "sources" / f"{SEED}.txt"
    for release in LONG_IDS:
        shutil.copy(seed, workspace / "sources" / f"{release}.txt")
    french = fr_catalogue(workspace)
    shutil.copy(french, french.with_name(f"{LONG_IDS[0]}.po"))
    put_in_every_state(workspace)
    return workspace


def _status(run: Run, root: Path, monkeypatch: pytest.MonkeyPatch, columns: int) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    result = run("-C", root, "status")
    assert result.code == 0, result.err
    return result.out.splitlines()


@pytest.mark.parametrize("columns", [60, 80, 120, 200])
def test_status_fits_the_terminal_and_keeps_every_id_whole(
    newsroom: Path, run: Run, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    lines = _status(run, newsroom, monkeypatch, columns)
    too_wide = [line for line in lines if len(line) > columns]
    assert too_wide == []
    words = [word for line in lines for word in line.split()]
    for release in (SEED, *LONG_IDS):
        assert release in words, release


def test_status_at_80_columns(newsroom: Path, run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "\n".join(_status(run, newsroom, monkeypatch, 80)) + "\n"
    golden = GOLDEN / "status" / "newsroom.80.txt"
    if os.environ.get("TRANSPRESS_REGENERATE"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, "utf-8")
    assert text == golden.read_text("utf-8")


def test_a_wider_terminal_shows_words_and_a_release_on_every_row(
    newsroom: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_80 = "\n".join(_status(run, newsroom, monkeypatch, 80))
    at_120 = _status(run, newsroom, monkeypatch, 120)
    assert " w)" not in at_80  # segments only: word counts would not fit
    assert "14 (" in "\n".join(at_120)  # the French seed's 14 reviewed segments, with words
    at_200 = _status(run, newsroom, monkeypatch, 200)
    rows = [line.split() for line in at_200[1:]]
    assert [(row[0], row[1]) for row in rows] == [
        (release, lang) for release in (SEED, *LONG_IDS) for lang in ("fr", "ja")
    ]


def test_a_narrow_terminal_lists_only_the_states_a_language_has(
    newsroom: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _status(run, newsroom, monkeypatch, 60)
    start = lines.index(f"{SEED} · 18 segments, 432 words")
    french = " ".join(lines[start + 1 : start + 3])
    assert french.split() == [
        "fr",
        "78%",
        "reviewed",
        "14,",
        "machine",
        "1,",
        "outdated",
        "1,",
        "fuzzy",
        "1,",
        "untranslated",
        "1,",
        "obsolete",
        "1",
    ]
    assert lines[start + 3] == "  ja  100%  reviewed 18"
