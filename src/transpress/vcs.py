"""Reading files at a git revision: the one module that runs git."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from transpress.errors import WorkspaceError


def files_at(folder: Path, revision: str, *, suffix: str) -> dict[str, str]:
    """Text of every file under `folder` ending in `suffix`, as committed at `revision`;
    keys are paths relative to `folder`."""
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    prefix = folder.resolve().relative_to(top.resolve()).as_posix() if folder.exists() else ""
    commit = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    listing = _git(top, "ls-tree", "-r", "--name-only", commit, "--", prefix or ".")
    found = {}
    for name in listing.splitlines():
        if name.endswith(suffix):
            relative = name[len(prefix) + 1 :] if prefix else name
            found[relative] = _git(top, "show", f"{commit}:{name}")
    return found


def _git(folder: Path, *args: str) -> str:
    git = shutil.which("git")
    if git is None:
        raise WorkspaceError("git is not installed; compare two folders instead")
    result = subprocess.run(
        [git, "-C", str(folder if folder.exists() else folder.parent), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if result.returncode != 0:
        detail = (
            result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "unknown revision"
        )
        raise WorkspaceError(
            f"git {args[0]} failed ({detail}); give a commit, branch or tag of this repository, "
            "or a folder",
            path=folder,
        )
    return result.stdout
