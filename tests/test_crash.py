"""kill -9 at random moments of translate and publish: every catalogue is still a valid
one, nothing reviewed is lost, and the next run finishes and clears what the killed one
left. A handful of trials run with the suite; TRANSPRESS_CRASH_TRIALS=60 runs a campaign.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from transpress.catalog import read_catalog

from .conftest import install_with_argos
from .tools import msgfmt_check

TRIALS = int(os.environ.get("TRANSPRESS_CRASH_TRIALS", "4"))
LONG = " ".join(
    f"Sentence {n} of the agreement between CNES and JAXA covers the Moon and Mars."
    for n in range(60)
)


def reviewed(root: Path) -> dict[tuple[str, str], str]:
    found = {}
    for path in (root / "locale").rglob("*.po"):
        catalogue = read_catalog(path)
        assert catalogue is not None
        for entry in catalogue.active:
            if entry.msgstr and not entry.fuzzy:
                found[path.parent.parent.name, entry.msgid] = entry.msgstr
    return found


def command(root: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).parent / "transpress"), "-C", str(root), *args]


@pytest.mark.parametrize("trial", range(TRIALS))
def test_a_killed_run_loses_nothing(
    workspace: Path, packages: Path, archives: dict[str, Path], trial: int
) -> None:
    install_with_argos(archives["en-fr"], archives["en-ja"])
    items = LONG.replace("Sentence", "Item")
    (workspace / "sources" / "long.txt").write_text(
        f"Paris, 12 March 2016\n\nA long agreement\n\n{LONG}\n\n{items}\n", "utf-8"
    )
    before = reviewed(workspace)
    rng = random.Random(trial)
    what = rng.choice(["translate", "publish"])
    process = subprocess.Popen(
        command(workspace, what), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(rng.uniform(0.05, 2.0))
    process.send_signal(signal.SIGKILL)
    process.wait()
    for path in (workspace / "locale").rglob("*.po"):
        msgfmt_check(path)  # whatever moment the kill came, each file is whole
    after = reviewed(workspace)
    assert {k: after.get(k) for k in before} == before
    again = subprocess.run(command(workspace, what), capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert not list(workspace.rglob(".*.tmp")), "the next run clears what the killed one left"
    assert {k: reviewed(workspace).get(k) for k in before} == before
