"""The terminal, through rich: progress bars and tables on a TTY, plain text elsewhere."""

from __future__ import annotations

import re
import shutil
import sys
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
