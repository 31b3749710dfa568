"""Use case: `transpress serve`, the preview on 127.0.0.1, rebuilt when its inputs change.

The preview is `publish --preview` (every language, drafts marked, written to the preview
folder and nowhere else), built again, incrementally, whenever a source, a catalogue, a
template or transpress.toml changes. Pages are served as written, with a small script
added on the way out that reloads them after a rebuild and shows a build error, so a
translator saving in Poedit sees the page change without touching the browser.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

from transpress.errors import ServeError, TranspressError

if TYPE_CHECKING:
    from transpress.publish import PublishReport
    from transpress.workspace import Workspace

#: Where the pages ask whether the preview was rebuilt (not a file of the preview).
BUILD_PATH = "/__transpress__/build"
_RELOAD = """<script>
(() => {
  let seen = null;
  const ask = async () => {
    try {
      const state = await (await fetch("BUILD_PATH", {cache: "no-store"})).json();
      if (seen !== null && state.build !== seen) { location.reload(); return; }
      seen = state.build;
      let box = document.getElementById("transpress-build-error");
      if (state.error && !box) {
        box = document.createElement("pre");
        box.id = "transpress-build-error";
        box.style.cssText = "position:fixed;left:0;right:0;bottom:0;margin:0;padding:.75rem;" +
          "background:#b42318;color:#fff;white-space:pre-wrap;font:14px/1.4 monospace";
        document.body.append(box);
      }
      if (box) { box.textContent = state.error || ""; box.hidden = !state.error; }
    } catch (e) { /* the server stopped: try again later */ }
    setTimeout(ask, 700);
  };
  ask();
})();
</script>
""".replace("BUILD_PATH", BUILD_PATH)


@dataclass(frozen=True)
class Build:
    """One build of the preview: its number, and its error if it failed (the pages are
    then the previous build's)."""

    number: int
    error: str = ""
    report: PublishReport | None = None


def input_state(workspace: Workspace) -> tuple[tuple[str, int, int], ...]:
    """(path, size, mtime) of everything the preview is built from, sorted: a change in
    any of them (a translator's save, an edited source) means a rebuild."""
    found = []
    folders = (workspace.sources_dir, workspace.locale_dir, workspace.templates_dir)
    for folder in folders:
        for path in _files(folder):
            found.append(_stamp(path))
    found.append(_stamp(workspace.config_path))
    return tuple(sorted(found))


def _files(folder: Path) -> Iterator[Path]:
    for top, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):  # editors' and transpress's temporaries
                yield Path(top) / name


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        st = path.stat()
    except OSError:
        return (str(path), -1, -1)
    return (str(path), st.st_size, st.st_mtime_ns)


class Preview:
    """The preview of a workspace, rebuilt on change (thread-safe to read)."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        reload: Callable[[Workspace], Workspace],
        on_build: Callable[[Build], None] = lambda build: None,
    ):
        self._workspace = workspace
        self._reload = reload  # transpress.toml read again
        self._on_build = on_build
        self._lock = threading.Lock()
        self._build = Build(0)
        self._state: tuple[tuple[str, int, int], ...] | None = None

    @property
    def folder(self) -> Path:
        """The folder the pages are in."""
        return self._workspace.for_preview().output_dir

    @property
    def build(self) -> Build:
        """The latest build."""
        with self._lock:
            return self._build

    def refresh(self) -> bool:
        """Rebuild if an input changed since the last build; say whether it did."""
        state = input_state(self._workspace)
        if state == self._state:
            return False
        self._state = state
        from transpress.publish import publish

        number = self.build.number + 1
        try:
            self._workspace = self._reload(self._workspace)
            build = Build(number, report=publish(self._workspace, preview=True))
        except TranspressError as exc:
            build = Build(number, error=exc.format())
        except OSError as exc:
            build = Build(number, error=f"{exc.filename or ''}: {exc.strerror or exc}")
        with self._lock:
            self._build = build
        self._on_build(build)
        return True


def serve(
    preview: Preview,
    *,
    port: int = 8000,
    interval: float = 0.5,
    on_ready: Callable[[str], None] = lambda url: None,
    stop: threading.Event | None = None,
) -> None:
    """Build the preview, serve it on 127.0.0.1:`port` (0: any free port) and rebuild it
    every `interval` seconds that an input changed, until `stop` is set (or Ctrl+C)."""
    preview.refresh()
    preview.folder.mkdir(parents=True, exist_ok=True)
    handler = partial(_Handler, preview=preview)
    try:
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise ServeError(
            f"cannot listen on 127.0.0.1:{port}: {exc.strerror or exc}; pick another port "
            "with --port (0: any free one)"
        ) from None
    server.daemon_threads = True
    stop = stop or threading.Event()
    watcher = threading.Thread(target=_watch, args=(preview, interval, stop), daemon=True)
    watcher.start()
    host, bound = server.server_address[:2]
    on_ready(f"http://{host!s}:{bound}/")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2})
    thread.start()
    try:
        stop.wait()
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
        thread.join()
        watcher.join(timeout=30)  # a build under way finishes: its files are put in place


def _watch(preview: Preview, interval: float, stop: threading.Event) -> None:
    while not stop.wait(interval):
        preview.refresh()


class _Handler(SimpleHTTPRequestHandler):
    """The preview's files, never cached, HTML pages with the reload script added."""

    def __init__(self, *args: Any, preview: Preview, **kwargs: Any):
        self.preview = preview
        super().__init__(*args, directory=str(preview.folder), **kwargs)

    def do_GET(self) -> None:
        """A page, a file, or the build state."""
        if self.path.split("?", 1)[0] == BUILD_PATH:
            build = self.preview.build
            state = json.dumps({"build": build.number, "error": build.error})
            self._reply(state, "application/json")
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            at = text.rfind("</body>")
            text = text[:at] + _RELOAD + text[at:] if at >= 0 else text + _RELOAD
            self._reply(text, "text/html")
            return
        super().do_GET()

    def _reply(self, text: str, media_type: str) -> None:
        data = text.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{media_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def end_headers(self) -> None:
        """Every answer uncached: the preview changes under the browser."""
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal shows builds, not requests."""
