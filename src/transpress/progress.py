"""Progress bars through rich, shown only on a terminal."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any


class TerminalProgress:
    """A rich progress bar (segments, seg/s, ETA) on stderr when it is a terminal; else silent."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> TerminalProgress:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TaskProgressColumn,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]} seg/s"),
                TimeRemainingColumn(),
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

    def start(self, total: int, label: str) -> None:
        """Start a bar for one language pair."""
        if self._bar is not None:
            self._task = self._bar.add_task(f"translating {label}", total=total, rate="–")

    def advance(self, count: int) -> None:
        """Move the bar and refresh the rate."""
        if self._bar is None or self._task is None:
            return
        self._bar.advance(self._task, count)
        task = self._bar.tasks[-1]
        speed = task.speed
        self._bar.update(self._task, rate=f"{speed:.0f}" if speed else "–")
