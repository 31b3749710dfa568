"""One transpress at a time on a workspace: an advisory lock on `.transpress/lock`.

The lock is the operating system's (flock on POSIX, msvcrt on Windows): it is released
when its process ends, however it ends (kill -9 included), so a stale lock cannot block a
workspace. The file itself only says who holds it, for the message a second run prints
while it waits.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from transpress.errors import BusyError

#: How long a second run waits for the first before giving up (seconds).
DEFAULT_WAIT = 300.0
_POLL = 0.2


def lock_wait() -> float:
    """The wait, from TRANSPRESS_LOCK_WAIT (seconds) or the default."""
    try:
        return max(0.0, float(os.environ.get("TRANSPRESS_LOCK_WAIT", DEFAULT_WAIT)))
    except ValueError:
        return DEFAULT_WAIT


@contextlib.contextmanager
def workspace_lock(
    folder: Path,
    command: str,
    *,
    wait: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the lock of the workspace in `folder` while the block runs; wait for another
    transpress to finish (telling `on_wait` once), up to `wait` seconds."""
    path = folder / ".transpress" / "lock"
    path.parent.mkdir(exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, command, lock_wait() if wait is None else wait, on_wait)
        _say_who(fd, command)
        try:
            yield
        finally:
            _release(fd)
    finally:
        os.close(fd)


def _acquire(
    fd: int, path: Path, command: str, wait: float, on_wait: Callable[[str], None] | None
) -> None:
    deadline = time.monotonic() + wait
    told = False
    while not _try_lock(fd):
        holder = _holder(path)
        if time.monotonic() >= deadline:
            raise BusyError(
                f"another transpress ({holder}) is working on this workspace; run "
                f"`transpress {command}` again when it is done",
                path=path.parent.parent,
            )
        if not told and on_wait is not None:
            on_wait(f"waiting for another transpress ({holder}) to finish with this workspace")
            told = True
        time.sleep(_POLL)


def _say_who(fd: int, command: str) -> None:
    """Write who holds the lock into its file, for a waiting run's message; a full disk
    only loses the message (the lock itself is the kernel's)."""
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()} {command}\n".encode())
    except OSError:
        pass


def _holder(path: Path) -> str:
    """Who holds the lock, as its file says: `pid 123, publish`."""
    try:
        pid, _, command = path.read_text("utf-8").strip().partition(" ")
    except OSError:
        return "pid unknown"
    return f"pid {pid}, {command}" if pid else "pid unknown"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _release(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _release(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
