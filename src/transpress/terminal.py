"""The terminal: progress (a rich bar on a TTY, JSON lines on request), its width, safe text."""

from __future__ import annotations

import json
import re
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any

# Control characters but tab and newline: an ESC in a msgstr must not drive the terminal.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    r"""Text safe to print on a terminal: control characters shown as escapes.

    >>> printable("Le CNES\x1b]0;owned\x07 !")
    'Le CNES\\x1b]0;owned\\x07 !'
    """
    return _CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def width() -> int:
    """The columns text may take: COLUMNS when set, else the terminal's, else 80."""
    return shutil.get_terminal_size((80, 24)).columns


#: How `translate` and `publish` show their progress (--progress).
PROGRESS_MODES = ("auto", "bar", "json", "none")


@dataclass
class Tally:
    """One bar's counts and clock: the rate is the segments the engine finished over the
    time since it started translating (model loading and memory matches left out), so the
    rate and the ETA mean the same from the first batch to the last.

    >>> bar = Tally("en→fr", total=100, done=20, settled=20)
    >>> bar.begin(10.0); bar.done += 30
    >>> bar.rate(now=25.0), bar.eta(now=25.0)
    (2.0, 25.0)
    """

    label: str
    total: int
    done: float = 0.0  # segments, those settled from memory included
    settled: int = 0  # done before the engine began (memory): not part of the rate
    started: float | None = None  # when the engine began translating

    def begin(self, now: float) -> None:
        """The engine starts: the rate counts from now (once: the first worker ready)."""
        if self.started is None:
            self.started = now

    def rate(self, *, now: float) -> float | None:
        """Segments per second since the engine began; None before its first result."""
        worked = self.done - self.settled
        if self.started is None or worked <= 0 or now <= self.started:
            return None
        return worked / (now - self.started)

    def eta(self, *, now: float) -> float | None:
        """Seconds left at the rate so far."""
        rate = self.rate(now=now)
        return None if rate is None else max(0.0, self.total - self.done) / rate


class TerminalProgress:
    """Progress of a run on stderr: a rich bar on a terminal (mode "auto" or "bar"), JSON
    lines (mode "json"), or nothing (a pipe, or mode "none")."""

    def __init__(self, mode: str = "auto") -> None:
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "none"
        self.mode = mode
        self._bar: Any = None
        self._task: Any = None
        self._tally: Tally | None = None
        self._lock = threading.Lock()  # workers' progress arrives on a relay thread
        self._clock = time.perf_counter()

    def __enter__(self) -> TerminalProgress:
        self._clock = time.perf_counter()
        if self.mode == "bar":
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[count]}"),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]} seg/s"),
                TimeElapsedColumn(),
                _countdown(),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.stop()

    def start(self, total: int, label: str, *, done: int = 0) -> None:
        """Start a bar for one language pair (or for all, in workers)."""
        with self._lock:
            self._tally = Tally(label, total, float(done), done)
            if self._bar is not None:
                self._task = self._bar.add_task(
                    f"{label} (loading)",
                    total=total,
                    completed=done,
                    count=f"{done}/{total}",
                    rate="–",
                    eta=None,
                )
            self._show("start")

    def working(self) -> None:
        """The engine begins: the rate's clock starts."""
        with self._lock:
            if self._tally is not None and self._tally.started is None:
                self._tally.begin(self._now())
                self._show("working")

    def advance(self, count: float) -> None:
        """Move the bar and refresh the rate and ETA."""
        with self._lock:
            if self._tally is not None:
                self._tally.done = min(float(self._tally.total), self._tally.done + count)
                self._show("advance")

    def _now(self) -> float:
        return time.perf_counter() - self._clock

    def _show(self, event: str) -> None:
        tally = self._tally
        assert tally is not None
        now = self._now()
        rate, eta = tally.rate(now=now), tally.eta(now=now)
        if self.mode == "json":
            line = {
                "event": event,
                "label": tally.label,
                "done": round(tally.done, 3),
                "total": tally.total,
                "t": round(now, 3),
                "rate": None if rate is None else round(rate, 3),
                "eta": None if eta is None else round(eta, 1),
            }
            sys.stderr.write(json.dumps(line, ensure_ascii=False) + "\n")
            sys.stderr.flush()
        elif self._bar is not None and self._task is not None:
            loading = "" if tally.started is not None else " (loading)"
            self._bar.update(
                self._task,
                description=f"{tally.label}{loading}",
                completed=tally.done,
                count=f"{tally.done:.0f}/{tally.total}",
                rate="–" if rate is None else f"{rate:.1f}",
                eta=None if eta is None else (time.perf_counter(), eta),
            )


def _countdown() -> Any:
    """A rich column: the ETA of the last update, counting down between batches."""
    from rich.progress import ProgressColumn
    from rich.text import Text

    class Countdown(ProgressColumn):
        def render(self, task: Any) -> Text:
            known = task.fields.get("eta")
            if known is None:
                return Text("ETA –")
            at, eta = known
            return Text(f"ETA {_duration(max(0.0, eta - (time.perf_counter() - at)))}")

    return Countdown()


def _duration(seconds: float) -> str:
    """A short duration for an ETA.

    >>> _duration(9.6), _duration(75), _duration(3725)
    ('10 s', '1 min 15 s', '1 h 2 min')
    """
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60} s"
    return f"{whole // 3600} h {whole % 3600 // 60} min"
