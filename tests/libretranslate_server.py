"""A real LibreTranslate server (from PyPI) on 127.0.0.1, over the tests' tiny real Argos
packages, in an isolated home: for tests that meet the HTTP engine's real counterpart.

LibreTranslate pins its own versions (numpy<2, polib 1.1.1, Flask 2.2…), so it lives in
its own virtual environment, `.venv-libretranslate`, installed from the committed lock
`requirements/libretranslate.txt` by the README's test command (TRANSPRESS_LIBRETRANSLATE
names another `libretranslate` program). In CI a missing server fails the tests; elsewhere
they are skipped.

Offline: each package ships its MiniSBD sentence splitter (`minisbd/fake.onnx`, see
tiny_argos.py), which argostranslate uses instead of downloading one from GitHub, and
with two or more packages installed LibreTranslate does not update its package index at
start; HOME and the XDG folders point into the test's folder, and the package index at
a port where nothing listens, so a download attempt would fail rather than escape.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
import zipfile
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Self

import pytest

REPO = Path(__file__).resolve().parents[1]


def libretranslate_program() -> str:
    """The `libretranslate` program; in CI a missing one fails the test, else it skips."""
    named = os.environ.get("TRANSPRESS_LIBRETRANSLATE")
    path = Path(named) if named else REPO / ".venv-libretranslate" / "bin" / "libretranslate"
    if not path.is_file():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is required in CI (the README's test command installs it)")
        pytest.skip(f"no LibreTranslate server at {path}")
    return str(path)


def install_packages(archives: Sequence[Path], home: Path) -> Path:
    """Unpack .argosmodel files into the server's package folder, as `argospm install` does."""
    folder = home / "packages"
    folder.mkdir(parents=True, exist_ok=True)
    for archive in archives:
        with zipfile.ZipFile(archive) as bundle:
            bundle.extractall(folder)
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class LibreTranslateServer:
    """`libretranslate --host 127.0.0.1 --port N` over a package folder, as a context."""

    def __init__(self, packages: Path, home: Path, *extra: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.home = home
        self.log = home / f"server-{self.port}.log"
        home.mkdir(parents=True, exist_ok=True)
        self.env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_CONFIG_HOME": str(home / "config"),
            "ARGOS_PACKAGES_DIR": str(packages),
            "ARGOS_PACKAGE_INDEX": "http://127.0.0.1:9/",  # nothing listens there
            "OMP_NUM_THREADS": "1",
        }
        self.args = [
            libretranslate_program(),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--disable-web-ui",
            *extra,
        ]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0) -> Self:
        """Start the server and wait until /languages answers."""
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.args, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"LibreTranslate exited: {self.log.read_text()[-2000:]}")
            try:
                self.languages()
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"LibreTranslate did not answer in {timeout} s: {self.log}")

    def languages(self) -> list[dict[str, object]]:
        """GET /languages."""
        with urllib.request.urlopen(f"{self.url}/languages", timeout=2) as answer:
            languages: list[dict[str, object]] = json.load(answer)
            return languages

    def requests(self) -> int:
        """How many /translate requests the server logged (argostranslate logs each text)."""
        return self.log.read_text(errors="replace").count("('paragraphs:'")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
