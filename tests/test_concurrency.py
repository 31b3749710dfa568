"""Nothing a translator saves while a command runs is lost, and two transpress processes
never interleave their writes on one workspace."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from transpress.catalog import read_catalog
from transpress.lock import workspace_lock
from transpress.translate import translate_releases
from transpress.workspace import find_workspace

from .conftest import Run, install_with_argos
from .tools import msgfmt_check

NEWS = (
    "Paris, 12 March 2016\n\nCNES and JAXA sign an agreement\n\n"
    "The agreement of the two agencies covers the study of the Moon and Mars. "
    "The first meeting was held on Friday 11 March at Les Invalides in Paris. "
    "A second meeting will take place in Tokyo.\n"
)


def catalogue(root: Path) -> Path:
    return root / "locale" / "fr" / "LC_MESSAGES" / "news.po"


class TranslatorSavesMidRun:
    """A progress listener that, while the engine runs, does what a translator in a PO
    editor does: saves the catalogue with one entry reviewed by hand and another edited."""

    def __init__(self, path: Path, msgid: str):
        self.path, self.msgid, self.saved = path, msgid, False

    def start(self, total: int, label: str, *, done: int = 0) -> None:
        if self.saved:
            return
        po = polib.pofile(str(self.path))
        for entry in po:
            if entry.msgid == self.msgid:
                entry.msgstr = "La traduction de Marie, faite pendant la traduction."
            elif entry.msgid == "CNES and JAXA sign an agreement":
                entry.tcomment = "Marie: titre à relire"
        po.save()
        self.saved = True

    def working(self) -> None:
        pass

    def advance(self, count: float) -> None:
        pass


def test_a_save_made_while_translate_runs_is_kept_and_the_drafts_merged(
    workspace: Path, packages: Path, archives: dict[str, Path]
) -> None:
    install_with_argos(archives["en-fr"])
    (workspace / "sources" / "news.txt").write_text(NEWS, "utf-8")
    ws = find_workspace(workspace)
    from transpress.extract import extract

    extract(ws, ["news"])  # the catalogue the translator opens
    path = catalogue(workspace)
    pending = "A second meeting will take place in Tokyo."
    listener = TranslatorSavesMidRun(path, pending)
    report = translate_releases(ws, ["news"], languages=["fr"], progress=listener)
    assert listener.saved
    assert report.notices == (
        "locale/fr/LC_MESSAGES/news.po: saved by another program while transpress ran; that "
        "version was kept, with this run's changes merged in",
    )
    merged = read_catalog(path)
    assert merged is not None
    found = {m.msgid: m for m in merged.active}
    # the translator's own translation and comment are there…
    assert found[pending].msgstr == "La traduction de Marie, faite pendant la traduction."
    assert not found[pending].fuzzy
    assert "Marie: titre à relire" in found["CNES and JAXA sign an agreement"].comments
    # …and every other entry got its machine draft
    drafted = [m for m in merged.active if m.msgid != pending]
    assert drafted and all(m.msgstr and m.fuzzy for m in drafted)
    msgfmt_check(path)


def test_a_save_between_planning_and_writing_is_never_overwritten(
    workspace: Path, run: Run
) -> None:
    from transpress.extract import plan_extract, read_releases
    from transpress.files import write_planned

    ws = find_workspace(workspace)
    source = workspace / "sources" / "pr051-2016.txt"
    source.write_text(
        source.read_text("utf-8").replace("proposed closer", "proposed much closer"), "utf-8"
    )
    plan = plan_extract(ws, read_releases(ws))
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / "pr051-2016.po"
    po = polib.pofile(str(path))
    po[0].msgstr = "Titre revu par Marie pendant l’extraction"
    po.save()
    notices: list[tuple[Path, str]] = []
    write_planned(plan.files, notices)
    assert [p for p, _ in notices] == [path]
    merged = {e.msgid: e for e in polib.pofile(str(path))}
    assert merged[po[0].msgid].msgstr == "Titre revu par Marie pendant l’extraction"
    assert any("much closer" in m and e.fuzzy for m, e in merged.items())


def transpress(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    command = [str(Path(sys.executable).parent / "transpress"), *map(str, args)]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def test_a_second_run_waits_for_the_first(workspace: Path) -> None:
    with workspace_lock(workspace, "publish"):
        second = transpress("-C", workspace, "extract")
        assert second.stderr is not None
        # held until the second run says it waits (however long a loaded machine takes to
        # start it), then a while longer
        said = second.stderr.readline()
        time.sleep(0.5)
        assert second.poll() is None  # still waiting
    out, err = second.communicate(timeout=60)
    err = said + err
    assert second.returncode == 0, err
    assert "waiting for another transpress (pid" in err and "publish)" in err
    assert "template unchanged" in out


def test_a_second_run_gives_up_with_one_line(workspace: Path) -> None:
    with workspace_lock(workspace, "translate"):
        second = transpress("-C", workspace, "publish", env={"TRANSPRESS_LOCK_WAIT": "0.5"})
        _, err = second.communicate(timeout=60)
    assert second.returncode == 13
    lines = err.splitlines()
    assert lines[-1].startswith("transpress: error: ")
    assert "another transpress (pid" in lines[-1] and "translate)" in lines[-1]
    assert not (workspace / "output").exists()


def test_a_killed_run_leaves_no_lock_behind(workspace: Path) -> None:
    script = (
        "import sys, time\nfrom pathlib import Path\nfrom transpress.lock import workspace_lock\n"
        "with workspace_lock(Path(sys.argv[1]), 'publish'):\n"
        "    print('locked', flush=True)\n    time.sleep(60)\n"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(workspace)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    holder.kill()
    holder.wait()
    second = transpress("-C", workspace, "extract", env={"TRANSPRESS_LOCK_WAIT": "5"})
    _, err = second.communicate(timeout=60)
    assert second.returncode == 0, err
    assert "waiting" not in err


def test_temporary_files_of_an_interrupted_run_are_cleared(workspace: Path, run: Run) -> None:
    folder = workspace / "locale" / "fr" / "LC_MESSAGES"
    left = folder / ".pr051-2016.po.x1y2z3w4.tmp"
    left.write_text("half a catalogue", "utf-8")
    mine = folder / "notes.tmp"  # not a name transpress gives: not its to remove
    mine.write_text("a translator's file", "utf-8")
    assert run("-C", workspace, "extract").code == 0
    assert not left.exists() and mine.exists()


@pytest.mark.parametrize("command", ["extract", "publish"])
def test_two_runs_at_once_both_finish_and_agree(workspace: Path, command: str) -> None:
    runs = [transpress("-C", workspace, command) for _ in range(2)]
    results = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], results
    for path in (workspace / "locale").rglob("*.po"):
        msgfmt_check(path)
