"""`transpress serve`: the preview on 127.0.0.1, rebuilt as a translator saves, in a real
browser; nothing live touched."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import polib

from .browser import ARTIFACTS, Chromium, require_chromium
from .conftest import REPO, snapshot

SEED = "pr051-2016"


class Served:
    """A `transpress serve` process and what it printed."""

    def __init__(self, process: subprocess.Popen[str], url: str, lines: list[str]):
        self.process, self.url, self.lines = process, url, lines

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url + path, timeout=10) as answer:
            assert answer.headers["Cache-Control"] == "no-store"
            return str(answer.read().decode("utf-8"))

    def build(self) -> dict[str, object]:
        return dict(json.loads(self.get("__transpress__/build")))

    def wait_for_build(self, number: int, timeout: float = 30) -> dict[str, object]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.build()
            if int(str(state["build"])) >= number:
                return state
            time.sleep(0.1)
        raise AssertionError(f"no build {number} within {timeout:g}s: {self.build()}")


@contextmanager
def serving(workspace: Path, *args: str) -> Iterator[Served]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-m", "transpress.cli", "-C", str(workspace), "serve", *args]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            if line.startswith("Serving the preview at "):
                url = line.split(" at ", 1)[1].split(" ", 1)[0]
                break
        else:
            raise AssertionError(f"serve exited {process.wait()}: {''.join(lines)}")
        yield Served(process, url, lines)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _save_po(path: Path, change: str) -> None:
    """Save as a PO editor does, then make sure the stamp moves (coarse clocks)."""
    po = polib.pofile(str(path))
    if change == "draft":
        po[0].flags.append("fuzzy")
    elif change == "review":
        po[0].flags.remove("fuzzy")
    po.save()
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_serve_rebuilds_as_a_translator_saves_and_touches_nothing_live(
    workspace: Path, tmp_path: Path
) -> None:
    before = {k: v for k, v in snapshot(workspace).items() if k.startswith("output/")}
    po = workspace / "locale" / "ja" / "LC_MESSAGES" / f"{SEED}.po"
    with serving(workspace, "--port", "0") as served:
        assert served.url.startswith("http://127.0.0.1:")
        assert served.build() == {"build": 1, "error": ""}
        page = served.get(f"{SEED}/ja.html")
        assert "プレビュー：このページは公開されていません。" in page
        assert '<mark class="draft"' not in page and "__transpress__/build" in page
        assert "Press releases" in served.get("")  # a folder: its index.html

        _save_po(po, "draft")
        assert served.wait_for_build(2) == {"build": 2, "error": ""}
        assert '<mark class="draft"' in served.get(f"{SEED}/ja.html")

        good = po.read_text("utf-8")
        po.write_text(good + '\nmsgid "broken\n', "utf-8")
        state = served.wait_for_build(3)
        assert "pr051-2016.po" in str(state["error"]), state
        assert '<mark class="draft"' in served.get(f"{SEED}/ja.html")  # the last good build

        po.write_text(good, "utf-8")
        _save_po(po, "review")
        assert served.wait_for_build(4) == {"build": 4, "error": ""}
        assert '<mark class="draft"' not in served.get(f"{SEED}/ja.html")

        chromium = Chromium(require_chromium(), tmp_path / "chromium")
        loaded = chromium.load(served.url + f"{SEED}/ja.html")
        assert loaded.console == ()
        assert "プレビュー" in loaded.text
        chromium.screenshot(served.url + f"{SEED}/ja.html", ARTIFACTS / "serve-ja.png")

        served.process.send_signal(signal.SIGINT)
        assert served.process.wait(timeout=20) == 0
        assert served.process.stdout is not None
        rest = served.process.stdout.read()
    printed = "".join(served.lines) + rest
    assert "build 2: " in printed and "stopped" in printed
    assert "build 3 failed: " in printed and "pr051-2016.po" in printed
    after = {k: v for k, v in snapshot(workspace).items() if k.startswith("output/")}
    assert after == before  # nothing published


def test_a_port_in_use_is_a_one_line_error(workspace: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "transpress.cli",
                "-C",
                str(workspace),
                "serve",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert result.returncode == 15, result
    assert result.stderr.endswith(
        f"cannot listen on 127.0.0.1:{port}: Address already in use; pick another port with "
        "--port (0: any free one)\n"
    )
