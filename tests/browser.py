"""Headless Chromium for tests: serve a folder on 127.0.0.1, load a page, read its DOM, screenshot.

No new dependency: Chromium's own `--dump-dom` and `--screenshot` switches drive it, its
console goes to stderr (`--enable-logging=stderr`), and the server records every request.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Screenshots and other files a CI run keeps (gitignored); CI's second lane, which runs
#: beside the first, sets TRANSPRESS_TEST_ARTIFACTS to a folder of its own.
ARTIFACTS = Path(os.environ.get("TRANSPRESS_TEST_ARTIFACTS") or REPO / "test-artifacts")
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: Quiet, offline, reproducible: no first-run UI, no background traffic, no GPU, and every
#: host but 127.0.0.1 unresolvable, so a page that needs the internet shows it.
SWITCHES = (
    "--headless",
    "--no-sandbox",  # CI containers run as root, where the sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--enable-logging=stderr",
    "--v=0",
)
_CONSOLE = re.compile(r":CONSOLE[(:]\d+\)?\] (.*)")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
#: Elements whose content a browser does not show (fallback content, code, metadata).
_UNSHOWN = {"style", "script", "template", "progress", "meter", "noscript", "title"}


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable, or None."""
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return next((path for name in CANDIDATES if (path := shutil.which(name))), None)


def require_chromium() -> str:
    """The Chromium executable; skip the test without one, but fail on CI, which must have it."""
    found = find_chromium()
    if found is None:
        message = "Chromium is not installed (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the browser tests")
        pytest.skip(message)
    return found


@dataclass
class Server:
    """A folder served over HTTP on 127.0.0.1, with every request's path and status."""

    root: str
    requests: list[tuple[str, int]] = field(default_factory=list)

    def url(self, path: str = "") -> str:
        """The address of a file under the served folder."""
        return f"{self.root}/{path.lstrip('/')}"

    def failed(self) -> list[tuple[str, int]]:
        """Requests answered with an error status (a missing stylesheet, image, …)."""
        return [(path, code) for path, code in self.requests if code >= 400]


class _RecordingHandler(SimpleHTTPRequestHandler):
    """Serves files and records (path, status) instead of logging to stderr."""

    def __init__(self, *args: Any, record: list[tuple[str, int]], **kwargs: Any):
        self._record = record  # set first: the base __init__ handles the request
        super().__init__(*args, **kwargs)

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        self._record.append((self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[Server]:
    """Serve `folder` on 127.0.0.1 (a free port) in a thread while the block runs."""
    record: list[tuple[str, int]] = []
    handler = functools.partial(_RecordingHandler, directory=str(folder), record=record)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", record)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@dataclass
class Element:
    """A node of the rendered DOM: tag, attributes, children and text."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The text a reader sees inside, whitespace collapsed."""
        return " ".join("".join(self._texts()).split())

    def _texts(self) -> Iterator[str]:
        for child in self.children:
            if isinstance(child, str):
                yield child
            elif child.tag not in _UNSHOWN:
                yield " " if child.tag in ("br", "td", "th", "li", "p", "div") else ""
                yield from child._texts()

    def find_all(self, tag: str | None = None, *, cls: str | None = None) -> list[Element]:
        """Descendants with this tag and/or class, in document order."""
        found = []
        for child in self.children:
            if isinstance(child, Element):
                classes = child.attrs.get("class", "").split()
                if (tag is None or child.tag == tag) and (cls is None or cls in classes):
                    found.append(child)
                found.extend(child.find_all(tag, cls=cls))
        return found

    def by_id(self, ident: str) -> Element:
        """The descendant with this id (AssertionError if none)."""
        for element in self.find_all():
            if element.attrs.get("id") == ident:
                return element
        raise AssertionError(f"no element with id {ident!r}")


class _TreeBuilder(HTMLParser):
    """Rebuilds the tree of a DOM Chromium serialised (every element explicitly closed)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self._open = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self._open[-1].children.append(element)
        if tag not in _VOID:
            self._open.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, 0, -1):
            if self._open[depth].tag == tag:
                del self._open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self._open[-1].children.append(data)


@dataclass(frozen=True)
class Page:
    """A page as Chromium rendered it: its serialised DOM and what it logged to the console."""

    url: str
    dom: str
    console: tuple[str, ...]

    @functools.cached_property
    def document(self) -> Element:
        """The DOM as a tree of elements."""
        builder = _TreeBuilder()
        builder.feed(self.dom)
        builder.close()
        return builder.root

    @property
    def text(self) -> str:
        """The body's text, whitespace collapsed."""
        return self.document.find_all("body")[0].text


class Chromium:
    """Runs headless Chromium, one fresh profile per run, killed with its children on timeout."""

    def __init__(self, executable: str, profiles: Path, *, timeout: float = 60):
        self.executable = executable
        self.profiles = profiles
        self.timeout = timeout
        self._runs = 0

    def load(self, url: str, *, size: tuple[int, int] | None = None) -> Page:
        """Load a page (in a window of `size`, if given) and return its DOM once loaded,
        and its console messages."""
        window = () if size is None else (f"--window-size={size[0]},{size[1]}",)
        out, err = self._run("--dump-dom", *window, url)
        return Page(url, out, console_messages(err))

    def screenshot(self, url: str, path: Path, *, size: tuple[int, int] = (1280, 900)) -> Path:
        """Save a PNG of the page as a window of `size` shows it."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.unlink(missing_ok=True)
        self._run(f"--screenshot={path}", f"--window-size={size[0]},{size[1]}", url)
        assert path.is_file(), f"Chromium wrote no screenshot of {url}"
        return path

    def _run(self, *args: str) -> tuple[str, str]:
        self._runs += 1
        profile = self.profiles / f"profile-{self._runs}"
        command = [self.executable, *SWITCHES, f"--user-data-dir={profile}", *args]
        # Its own process group, so a timeout ends Chromium's helper processes too.
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,
        ) as process:
            try:
                out, err = process.communicate(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.communicate()
                raise AssertionError(
                    f"Chromium timed out after {self.timeout:g}s: {args}"
                ) from None
        assert process.returncode == 0, f"Chromium exited {process.returncode}:\n{err[-2000:]}"
        return out, err


def console_messages(stderr: str) -> tuple[str, ...]:
    """The page's console messages among Chromium's log lines.

    >>> console_messages('[1:1:0/0:ERROR:dbus/bus.cc:405] no bus\\n'
    ...                  '[1:1:0/0:INFO:CONSOLE:3] "boom", source: http://x/ (3)\\n')
    ('"boom", source: http://x/ (3)',)
    """
    return tuple(m.group(1) for line in stderr.splitlines() if (m := _CONSOLE.search(line)))
