"""Argos packages as files: an .argosmodel (a zip) checked member by member before a byte
is unpacked, and its metadata.

No member may leave the package folder, be a link, be encrypted or use a compression
other than stored or deflated (what every Argos package uses; fewer decompressors fed
untrusted input); the declared sizes are capped before anything is unpacked, and the
unpacking never goes past them.
"""

from __future__ import annotations

import json
import re
import stat
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from transpress.errors import ModelError, byte_size, one_line, shown

#: A package's metadata.json is a few hundred bytes; a larger one is refused unread.
MAX_METADATA_BYTES = 2**20
#: Argos packages hold a few dozen files.
MAX_MEMBERS = 10_000
#: The pair in a package's folder or file name.
NAME_PAIR = re.compile(r"translate-([a-z]{2,3})_([a-z]{2,3})")
#: A package version: ASCII digits and dots ("²" and "٣" are digits to str.isdigit()).
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_CHUNK = 2**16
REFETCH = "download it again or ask its publisher"


def version_problem(version: object) -> str | None:
    """Why a package_version is unusable, or None; missing means 0.

    >>> version_problem("1.9") is None, version_problem(None) is None
    (True, True)
    >>> version_problem("²")
    "package_version '²' is not a version such as 1.9"
    """
    text = version_text(version)
    if _VERSION.fullmatch(text):
        return None
    return f"package_version {shown(text)} is not a version such as 1.9"


def version_text(version: object) -> str:
    """A package_version as text; a missing one is "0", as argostranslate reads it."""
    return str(version or "0")


def version_key(version: str) -> tuple[int, ...]:
    """A checked version (see `version_problem`) as numbers, for sorting."""
    return tuple(int(part) for part in version.split("."))


#: What zipfile raises for a damaged member (CRC, deflate stream, truncation).
_ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


def open_zip(archive: Path) -> zipfile.ZipFile:
    """The archive's zip directory; a file that is no zip is a ModelError."""
    if not zipfile.is_zipfile(archive):
        raise ModelError("not an Argos package: not a zip file; download it again", path=archive)
    try:
        return zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ModelError(
            f"not an Argos package: a damaged zip file ({one_line(exc)}); download it again",
            path=archive,
        ) from None


def _member_problem(info: zipfile.ZipInfo) -> str | None:
    """Why one member cannot be unpacked safely, or None."""
    name = info.filename
    parts = name.rstrip("/").split("/")
    if name.startswith("/") or "\\" in name or ".." in parts or re.match(r"[A-Za-z]:", name):
        return "points outside the package folder"
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        return "is a symbolic link"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "is not a plain file or folder"
    if info.flag_bits & 0x1:
        return "is encrypted"
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return f"is compressed with method {info.compress_type}, not stored or deflated"
    return None


def checked_members(infos: Sequence[zipfile.ZipInfo], archive: Path, *, max_bytes: int) -> str:
    """Check every member's name, type and size before unpacking; return the top folder."""
    if len(infos) > MAX_MEMBERS:
        raise ModelError(
            f"not an Argos package: more than {MAX_MEMBERS} files; {REFETCH}", path=archive
        )
    files: set[str] = set()
    folders: set[str] = set()
    for info in infos:
        problem = _member_problem(info)
        name = info.filename.rstrip("/")
        if problem is None and name in files:
            problem = "appears twice"
        if problem:
            raise ModelError(
                f"not a usable Argos package: member {shown(info.filename)} {problem}; {REFETCH}",
                path=archive,
            )
        if not info.is_dir():
            files.add(name)
        parts = name.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts) + int(info.is_dir())))
    if files & folders:
        clash = sorted(files & folders)[0]
        raise ModelError(
            f"not a usable Argos package: {clash!r} is both a file and a folder; {REFETCH}",
            path=archive,
        )
    tops = {info.filename.split("/", 1)[0] for info in infos}
    if len(tops) != 1:
        raise ModelError("not an Argos package: expected one top-level folder", path=archive)
    total = sum(info.file_size for info in infos)
    if total > max_bytes:
        raise ModelError(
            f"the package would unpack to {byte_size(total)}, more than the {byte_size(max_bytes)} "
            "limit (TRANSPRESS_MAX_PACKAGE_MB); nothing was installed",
            path=archive,
        )
    top = tops.pop()
    if f"{top}/model/model.bin" not in files:
        raise ModelError("not an Argos package: no CTranslate2 model/model.bin", path=archive)
    return top


def _member_chunks(
    bundle: zipfile.ZipFile, info: zipfile.ZipInfo, archive: Path
) -> Iterator[bytes]:
    """A member's bytes, never more than it declares; a damaged member is a ModelError."""
    count = 0
    try:
        with bundle.open(info) as member:
            while chunk := member.read(_CHUNK):
                count += len(chunk)
                if count > info.file_size:  # zipfile stops there; never trust one check
                    raise zipfile.BadZipFile("more bytes than its declared size")
                yield chunk
    except _ZIP_DAMAGE as exc:
        raise ModelError(
            f"not a usable Argos package: member {shown(info.filename)} is damaged "
            f"({one_line(exc)}); {REFETCH}",
            path=archive,
        ) from None


def read_metadata(bundle: zipfile.ZipFile, top: str, archive: Path) -> dict[str, Any]:
    """metadata.json, refused by its declared size before it is read (zip bombs)."""
    try:
        info = bundle.getinfo(f"{top}/metadata.json")
    except KeyError:
        raise ModelError("not an Argos package: no metadata.json", path=archive) from None
    if info.file_size > MAX_METADATA_BYTES:
        raise ModelError(
            "not a usable Argos package: metadata.json would unpack to "
            f"{byte_size(info.file_size)} (at most {byte_size(MAX_METADATA_BYTES)} expected); "
            f"{REFETCH}",
            path=archive,
        )
    data = b"".join(_member_chunks(bundle, info, archive))
    try:
        metadata = json.loads(data)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ModelError(f"broken metadata.json ({one_line(exc)})", path=archive) from None
    if not isinstance(metadata, dict):
        raise ModelError("metadata.json has no from_code/to_code", path=archive)
    return metadata


def checked_pair(
    metadata: dict[str, Any], archive: Path, expected: tuple[str, str] | None
) -> tuple[str, str]:
    """The package's language pair, checked against what the file name or index claims."""
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelError("metadata.json has no from_code/to_code", path=archive)
    problem = version_problem(metadata.get("package_version"))
    if problem:
        raise ModelError(f"{problem}; ask the package's publisher", path=archive)
    pair = (str(metadata["from_code"]), str(metadata["to_code"]))
    named = NAME_PAIR.search(archive.name)
    claimed = expected or ((named.group(1), named.group(2)) if named else None)
    if claimed is not None and claimed != pair:
        raise ModelError(
            f"wrong pair: the package translates {pair[0]}→{pair[1]} but was offered as "
            f"{claimed[0]}→{claimed[1]}; nothing was installed",
            path=archive,
        )
    return pair


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def folder_name(metadata: dict[str, Any], top: str, archive: Path) -> str:
    """The package's folder name: its `code`, or the archive's top folder; never a path
    (a package naming itself `../x` would otherwise replace a folder outside)."""
    name = str(metadata.get("code") or top)
    if not _SAFE_NAME.fullmatch(name) or name in (".", ".."):
        raise ModelError(
            f"refusing a package named {name!r}: a package name is letters, digits, '_', "
            "'.' and '-'",
            path=archive,
        )
    return name


def unpack(
    bundle: zipfile.ZipFile, infos: Sequence[zipfile.ZipInfo], folder: Path, archive: Path
) -> None:
    """Write the checked members under `folder` (plain files and folders only)."""
    for info in infos:
        target = folder.joinpath(*info.filename.rstrip("/").split("/"))
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as out:
            for chunk in _member_chunks(bundle, info, archive):
                out.write(chunk)
