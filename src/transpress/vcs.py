"""Reading files at a git revision: the one module that runs git.

However many files a revision holds, reading them costs a constant number of git
processes: one `git ls-tree` lists every file with its blob id, and one
`git cat-file --batch` reads the contents of only the blobs asked for. A caller that
knows a file's bytes elsewhere compares `blob_id` of them with the listed id and need not
read that blob at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from transpress.errors import WorkspaceError

_ADVICE = "give a commit, branch or tag of this repository, or a folder"


@dataclass(frozen=True)
class Tree:
    """The files under a folder as committed at one revision, each named by its blob id."""

    top: Path  # the repository's work tree, where git runs
    revision: str  # as the user gave it, to name files in messages
    commit: str  # its full commit id
    prefix: str  # the folder, relative to `top` ("" for the whole repository)
    blobs: dict[str, str]  # path relative to the folder -> blob id

    @property
    def algorithm(self) -> str:
        """The hash the repository names objects with: "sha1", or "sha256"."""
        return "sha256" if len(self.commit) == 64 else "sha1"

    def where(self, name: str) -> str:
        """How git names a listed file at this revision: `REV:path/in/repository`."""
        return f"{self.revision}:{self.prefix}/{name}" if self.prefix else f"{self.revision}:{name}"

    def read(self, names: Iterable[str]) -> dict[str, bytes]:
        """The bytes of the listed files `names`, through one git process."""
        ids = {name: self.blobs[name] for name in names}
        contents = read_blobs(self.top, ids.values())
        return {name: contents[oid] for name, oid in ids.items()}


def tree_at(folder: Path, revision: str, *, suffix: str) -> Tree:
    """Every file under `folder` ending in `suffix` as committed at `revision`, with its
    blob id, without reading any of them (three git processes)."""
    top = Path(_git(folder, "rev-parse", "--show-toplevel").strip())
    inside = folder.resolve().relative_to(top.resolve()).as_posix() if folder.exists() else ""
    prefix = "" if inside == "." else inside  # "." when the repository is the folder itself
    commit = _git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    listing = _run(top, ["ls-tree", "-r", "-z", commit, "--", prefix or "."])
    blobs = {}
    for name, oid in _blobs_listed(listing):
        if name.endswith(suffix):
            blobs[name[len(prefix) + 1 :] if prefix else name] = oid
    return Tree(top, revision, commit, prefix, blobs)


def files_at(folder: Path, revision: str, *, suffix: str) -> dict[str, str]:
    """Text of every file under `folder` ending in `suffix`, as committed at `revision`;
    keys are paths relative to `folder`."""
    tree = tree_at(folder, revision, suffix=suffix)
    return {name: data.decode("utf-8") for name, data in tree.read(tree.blobs).items()}


def blob_id(data: bytes, *, algorithm: str = "sha1") -> str:
    """The id git gives a file of exactly these bytes (as `git hash-object --no-filters`).

    >>> blob_id(b"")
    'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391'
    """
    digest = hashlib.new(algorithm, b"blob %d\0" % len(data))
    digest.update(data)
    return digest.hexdigest()


def read_blobs(top: Path, ids: Iterable[str]) -> dict[str, bytes]:
    """Blob id -> bytes of each blob in `ids`, read by one `git cat-file --batch`."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    request = "".join(f"{oid}\n" for oid in wanted).encode("ascii")
    return _parse_batch(_run(top, ["cat-file", "--batch", "--buffer"], stdin=request), wanted, top)


def _blobs_listed(listing: bytes) -> Iterable[tuple[str, str]]:
    """(path, blob id) of each blob in `git ls-tree -z` output (`<mode> <type> <id>\\t<path>`
    records ended by NUL; paths are given verbatim, never quoted)."""
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, path = record.partition(b"\t")
        fields = meta.decode("ascii").split(" ")
        if len(fields) == 3 and fields[1] == "blob":
            yield os.fsdecode(path), fields[2]


def _parse_batch(output: bytes, wanted: list[str], top: Path) -> dict[str, bytes]:
    """Split `git cat-file --batch` output into blobs: for each id asked, in order, a
    header `<id> <type> <size>\\n`, exactly `size` bytes and a newline."""
    found = {}
    at = 0
    for oid in wanted:
        end = output.find(b"\n", at)
        header = output[at:end].decode("ascii", "replace").split(" ") if end >= 0 else []
        if len(header) != 3 or header[0] != oid or not header[2].isdigit():
            detail = " ".join(header[1:]) or "no answer"
            raise _failure("cat-file", f"object {oid}: {detail}", top)
        start = end + 1
        stop = start + int(header[2])
        if output[stop : stop + 1] != b"\n":
            raise _failure("cat-file", f"object {oid}: truncated", top)
        found[oid] = output[start:stop]
        at = stop + 1
    return found


def _git(folder: Path, *args: str) -> str:
    """What a git command printed, as text; run in `folder` (or its parent, if it is gone)."""
    return _run(folder, list(args)).decode("utf-8")


def _run(folder: Path, args: list[str], *, stdin: bytes | None = None) -> bytes:
    """What a git command run in `folder` (or its parent, if it is gone) printed; any failure
    is a one-line WorkspaceError."""
    git = shutil.which("git")
    if git is None:
        raise WorkspaceError("git is not installed; compare two folders instead")
    result = subprocess.run(
        [git, "-C", str(folder if folder.exists() else folder.parent), *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        errors = result.stderr.decode("utf-8", "replace").strip()
        detail = errors.splitlines()[-1] if errors else "unknown revision"
        raise _failure(args[0], detail, folder)
    return result.stdout


def _failure(command: str, detail: str, folder: Path) -> WorkspaceError:
    """The one-line error of a failed git command."""
    return WorkspaceError(f"git {command} failed ({detail}); {_ADVICE}", path=folder)
