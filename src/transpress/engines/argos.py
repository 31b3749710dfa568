"""Argos Translate: its package format, installed packages and index; our own inference.

The only module that imports argostranslate, ctranslate2 and sentencepiece (lazily, so
`transpress --help` stays instant). argostranslate provides the package format and the
package directory; inference runs here, on transpress's own segments, because
argostranslate's translate() splits sentences with a model it downloads at first use,
turns every `_` into a space, and cuts output at 256 tokens without a word.

Packages and the index come from outside: every archive member, metadata field, index
entry and HTTP answer is checked before it is trusted, within time and size limits
(`Limits`), and an install is all or nothing.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import socket
import ssl
import stat
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transpress.engines import EngineOptions, Model, Output, Route
from transpress.errors import ModelError

#: CTranslate2's default max_input_length is 1024 tokens, </s> included.
MAX_INPUT_TOKENS = 1000
#: Upper bound on decoding; an output that reaches it is flagged as possibly cut.
MAX_DECODING_TOKENS = 1024
DEFAULT_INDEX = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/"
#: Argos's index.json is about 100 KB: anything much larger is not an index.
MAX_INDEX_BYTES = 16 * 2**20
#: A package's metadata.json is a few hundred bytes; a larger one is refused unread.
MAX_METADATA_BYTES = 2**20
#: Argos packages hold a few dozen files.
MAX_MEMBERS = 10_000
_NAME_PAIR = re.compile(r"translate-([a-z]{2,3})_([a-z]{2,3})")
_CLAUSE = re.compile(r"(?<=[,;:，、；：])\s*")
#: A package version: ASCII digits and dots ("²" and "٣" are digits to str.isdigit()).
_VERSION = re.compile(r"[0-9]+(?:\.[0-9]+)*")
_CHUNK = 2**16
_FROM_A_FILE = "install from a file with `transpress models install PATH.argosmodel`"
_REFETCH = "download it again or ask its publisher"


def argos_settings() -> Any:
    """argostranslate's settings, re-read from the environment now.

    argostranslate reads ARGOS_PACKAGES_DIR and ARGOS_PACKAGE_INDEX once, at import; a
    long-running process (or a test) that changes them would otherwise be ignored.
    """
    from argostranslate import settings

    packages = os.environ.get("ARGOS_PACKAGES_DIR")
    if packages:
        settings.package_data_dir = Path(packages)
        settings.package_dirs = [Path(packages)]
    settings.package_data_dir.mkdir(parents=True, exist_ok=True)
    return settings


def index_url() -> str:
    """The package index: ARGOS_PACKAGE_INDEX (a folder URL holding index.json) or Argos's own."""
    url = os.environ.get("ARGOS_PACKAGE_INDEX") or DEFAULT_INDEX
    return url if url.endswith("/") else url + "/"


@dataclass(frozen=True)
class Limits:
    """How long a download may wait and last, and how large a package may be."""

    connect_timeout: float = 15.0
    read_timeout: float = 30.0
    index_deadline: float = 60.0
    download_deadline: float = 1800.0
    max_package_bytes: int = 2048 * 2**20

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, each overridden by its TRANSPRESS_* variable when that is set."""
        default = cls()

        def read(variable: str, value: float, unit: str) -> float:
            text = os.environ.get(variable, "").strip()
            if not text:
                return value
            try:
                number = float(text)
            except ValueError:
                number = -1.0
            if not 0 < number < float("inf"):
                raise ModelError(
                    f"{variable}={text!r} is not a positive number of {unit}; set it to a "
                    f"number such as {value:g} or unset it"
                )
            return number

        megabytes = read("TRANSPRESS_MAX_PACKAGE_MB", default.max_package_bytes / 2**20, "MiB")
        return cls(
            connect_timeout=read("TRANSPRESS_CONNECT_TIMEOUT", default.connect_timeout, "seconds"),
            read_timeout=read("TRANSPRESS_READ_TIMEOUT", default.read_timeout, "seconds"),
            index_deadline=read("TRANSPRESS_INDEX_DEADLINE", default.index_deadline, "seconds"),
            download_deadline=read(
                "TRANSPRESS_DOWNLOAD_DEADLINE", default.download_deadline, "seconds"
            ),
            max_package_bytes=max(1, int(megabytes * 2**20)),
        )


class ArgosEngine:
    """The built-in engine: Argos Translate packages run with CTranslate2."""

    name = "argos"

    def installed(self) -> list[Model]:
        """Installed translation packages, as models."""
        return [model for model, _ in _installed()]

    def broken(self) -> list[tuple[str, str]]:
        """Installed packages that cannot be read: (folder name, reason)."""
        return [(path.name, reason) for path, reason in broken_packages()]

    def open(self, route: Route, options: EngineOptions) -> ArgosTranslator:
        """Load each model of the route once for this run."""
        paths = dict((model, path) for model, path in _installed())
        return ArgosTranslator([_Leg.load(paths[m], m, options) for m in route.models], options)

    def install(self, source: str) -> list[Model]:
        """Install a .argosmodel file, a folder of them (all or none), or a pair from the index."""
        limits = Limits.from_environment()
        path = Path(source).expanduser()
        if path.is_file():
            return _install_archives([(path, None)], limits=limits)
        if path.is_dir():
            return _install_folder(path, limits=limits)
        pair = _parse_pair(source)
        if pair is None:
            raise ModelError(
                f"{source!r} is neither a file, a folder nor a language pair; "
                "give a path to a .argosmodel file or a pair such as en-fr"
            )
        return [_install_from_index(pair, limits=limits)]

    def remove(self, pair_or_name: str) -> list[Model]:
        """Uninstall the packages of a pair (`en-fr`) or with a name; return them."""
        from argostranslate import package

        pair = _parse_pair(pair_or_name)
        removed = []
        for model, path in _installed():
            if pair == (model.from_code, model.to_code) or model.name == pair_or_name:
                package.uninstall(package.Package(path))
                removed.append(model)
        for path, _ in broken_packages():  # unreadable: matched by folder name only
            named = _NAME_PAIR.fullmatch(path.name)
            folder_pair = (named.group(1), named.group(2)) if named else None
            if path.name == pair_or_name or (pair is not None and folder_pair == pair):
                shutil.rmtree(path)
                codes = folder_pair or ("?", "?")
                removed.append(Model("argos", path.name, codes[0], codes[1], "(broken)"))
        if not removed:
            raise ModelError(
                f"no installed package for {pair_or_name!r}; see `transpress models list`"
            )
        _forget_loaded()
        return removed

    def available(self) -> list[Model]:
        """The packages the index offers."""
        url = index_url() + "index.json"
        entries = _fetch_index(url, limits=Limits.from_environment())
        return [_model_from_metadata(entry) for entry in entries if isinstance(entry, dict)]


def _installed() -> list[tuple[Model, Path]]:
    """Installed translation packages that can be read (see `broken_packages`)."""
    return [(model, path) for path, model, _ in _scan() if model is not None]


def broken_packages() -> list[tuple[Path, str]]:
    """Installed package folders that cannot be read, with the reason."""
    return [(path, reason) for path, model, reason in _scan() if model is None]


def _scan() -> list[tuple[Path, Model | None, str]]:
    from argostranslate import package

    found: list[tuple[Path, Model | None, str]] = []
    for directory in argos_settings().package_dirs:
        for path in sorted(Path(directory).iterdir()) if Path(directory).is_dir() else []:
            if not path.is_dir() or path.name.startswith("."):
                continue  # hidden: our own .installing-* and .download-* folders
            try:
                pkg = package.Package(path)
            except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
                found.append((path, None, _reason(exc)))
                continue
            if pkg.type == "translate" and pkg.from_code and pkg.to_code:
                # Installed by another tool, a version such as "²" would crash the route
                # search (it sorts versions as numbers): list the package as broken.
                problem = _version_problem(pkg.package_version)
                if problem:
                    found.append((path, None, problem))
                else:
                    found.append((path, _model_from_package(pkg, path.name), ""))
    return found


def _model_from_package(pkg: Any, name: str) -> Model:
    version = _version_text(pkg.package_version)
    return Model("argos", name, str(pkg.from_code), str(pkg.to_code), version)


def _model_from_metadata(metadata: dict[str, Any]) -> Model:
    name = (
        metadata.get("code") or f"translate-{metadata.get('from_code')}_{metadata.get('to_code')}"
    )
    return Model(
        "argos",
        str(name),
        str(metadata.get("from_code")),
        str(metadata.get("to_code")),
        str(metadata.get("package_version", "0")),
    )


def _parse_pair(text: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"([a-z]{2,3})\s*(?:-|_|:|→|->)\s*([a-z]{2,3})", text.strip().lower())
    return (match.group(1), match.group(2)) if match else None


def _version_problem(version: object) -> str | None:
    """Why a package_version is unusable, or None; missing means 0.

    >>> _version_problem("1.9") is None, _version_problem(None) is None
    (True, True)
    >>> _version_problem("²")
    "package_version '²' is not a version such as 1.9"
    """
    text = _version_text(version)
    if _VERSION.fullmatch(text):
        return None
    return f"package_version {_short(text)} is not a version such as 1.9"


def _version_text(version: object) -> str:
    """A package_version as text; a missing one is "0", as argostranslate reads it."""
    return str(version or "0")


def _version_key(version: str) -> tuple[int, ...]:
    """A checked version (see `_version_problem`) as numbers, for sorting."""
    return tuple(int(part) for part in version.split("."))


def _reason(exc: BaseException) -> str:
    r"""An exception as a one-line reason, control characters escaped (a damaged file's
    bytes can end up in a library's message).

    >>> print(_reason(RuntimeError("byte piece <0\x18E1> is invalid\nsecond line")))
    byte piece <0\x18E1> is invalid
    """
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)


def _short(value: object, width: int = 60) -> str:
    """repr() of a value from outside, cut to fit a one-line message.

    >>> _short("x" * 100, width=10)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def _size(count: int) -> str:
    """A byte count for a message.

    >>> _size(3 * 2**30), _size(64 * 2**20), _size(900)
    ('3.0 GiB', '64.0 MiB', '900 bytes')
    """
    if count >= 2**30:
        return f"{count / 2**30:.1f} GiB"
    if count >= 2**20:
        return f"{count / 2**20:.1f} MiB"
    return f"{count} bytes"


# --- reading an .argosmodel --------------------------------------------------------------
#
# Checked member by member before anything is written: no member may leave the package
# folder, be a link, be encrypted or use a compression other than stored or deflated
# (what every Argos package uses; fewer decompressors fed untrusted input); the declared
# sizes are capped before a byte is unpacked, and the unpacking never goes past them.

#: What zipfile raises for a damaged member (CRC, deflate stream, truncation).
_ZIP_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


def _open_zip(archive: Path) -> zipfile.ZipFile:
    """The archive's zip directory; a file that is no zip is a ModelError."""
    if not zipfile.is_zipfile(archive):
        raise ModelError("not an Argos package: not a zip file; download it again", path=archive)
    try:
        return zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise ModelError(
            f"not an Argos package: a damaged zip file ({_reason(exc)}); download it again",
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


def _checked_members(infos: Sequence[zipfile.ZipInfo], archive: Path, *, max_bytes: int) -> str:
    """Check every member's name, type and size before unpacking; return the top folder."""
    if len(infos) > MAX_MEMBERS:
        raise ModelError(
            f"not an Argos package: more than {MAX_MEMBERS} files; {_REFETCH}", path=archive
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
                f"not a usable Argos package: member {_short(info.filename)} {problem}; {_REFETCH}",
                path=archive,
            )
        if not info.is_dir():
            files.add(name)
        parts = name.split("/")
        folders.update("/".join(parts[:n]) for n in range(1, len(parts) + int(info.is_dir())))
    if files & folders:
        clash = sorted(files & folders)[0]
        raise ModelError(
            f"not a usable Argos package: {clash!r} is both a file and a folder; {_REFETCH}",
            path=archive,
        )
    tops = {info.filename.split("/", 1)[0] for info in infos}
    if len(tops) != 1:
        raise ModelError("not an Argos package: expected one top-level folder", path=archive)
    total = sum(info.file_size for info in infos)
    if total > max_bytes:
        raise ModelError(
            f"the package would unpack to {_size(total)}, more than the {_size(max_bytes)} "
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
            f"not a usable Argos package: member {_short(info.filename)} is damaged "
            f"({_reason(exc)}); {_REFETCH}",
            path=archive,
        ) from None


def _read_metadata(bundle: zipfile.ZipFile, top: str, archive: Path) -> dict[str, Any]:
    """metadata.json, refused by its declared size before it is read (zip bombs)."""
    try:
        info = bundle.getinfo(f"{top}/metadata.json")
    except KeyError:
        raise ModelError("not an Argos package: no metadata.json", path=archive) from None
    if info.file_size > MAX_METADATA_BYTES:
        raise ModelError(
            f"not a usable Argos package: metadata.json would unpack to {_size(info.file_size)} "
            f"(at most {_size(MAX_METADATA_BYTES)} expected); {_REFETCH}",
            path=archive,
        )
    data = b"".join(_member_chunks(bundle, info, archive))
    try:
        metadata = json.loads(data)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise ModelError(f"broken metadata.json ({_reason(exc)})", path=archive) from None
    if not isinstance(metadata, dict):
        raise ModelError("metadata.json has no from_code/to_code", path=archive)
    return metadata


def _checked_pair(
    metadata: dict[str, Any], archive: Path, expected: tuple[str, str] | None
) -> tuple[str, str]:
    """The package's language pair, checked against what the file name or index claims."""
    if not metadata.get("from_code") or not metadata.get("to_code"):
        raise ModelError("metadata.json has no from_code/to_code", path=archive)
    problem = _version_problem(metadata.get("package_version"))
    if problem:
        raise ModelError(f"{problem}; ask the package's publisher", path=archive)
    pair = (str(metadata["from_code"]), str(metadata["to_code"]))
    named = _NAME_PAIR.search(archive.name)
    claimed = expected or ((named.group(1), named.group(2)) if named else None)
    if claimed is not None and claimed != pair:
        raise ModelError(
            f"wrong pair: the package translates {pair[0]}→{pair[1]} but was offered as "
            f"{claimed[0]}→{claimed[1]}; nothing was installed",
            path=archive,
        )
    return pair


_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")


def _folder_name(metadata: dict[str, Any], top: str, archive: Path) -> str:
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


def _unpack(
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


# --- installing --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Staged:
    """A package unpacked and load-tested in the staging folder, ready to be moved in."""

    archive: Path
    folder: Path
    name: str
    model: Model


def _install_folder(folder: Path, *, limits: Limits) -> list[Model]:
    """Install every .argosmodel of a folder, or none of them."""
    archives = sorted(folder.glob("*.argosmodel"))
    if not archives:
        raise ModelError("no .argosmodel files in this folder", path=folder)
    try:
        return _install_archives([(archive, None) for archive in archives], limits=limits)
    except ModelError as exc:
        if len(archives) == 1:
            raise
        raise ModelError(
            f"{exc.message}; none of the {len(archives)} packages in {folder.name}/ was installed",
            path=exc.path,
        ) from None


def _install_archives(
    archives: Sequence[tuple[Path, tuple[str, str] | None]], *, limits: Limits
) -> list[Model]:
    """Check, unpack and load-test every package beside the others, then move them all in.

    argostranslate's install_from_path extracts straight into the package folder, so a
    broken or interrupted install leaves half a package that later runs trip over; here
    nothing reaches the package folder until every package has passed.
    """
    packages = Path(argos_settings().package_data_dir)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=packages))
    try:
        staged = [
            _stage(archive, expected, staging / str(number), limits=limits)
            for number, (archive, expected) in enumerate(archives)
        ]
        _refuse_two_for_one_folder(staged)
        _move_into_place(staged, packages, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _forget_loaded()
    return [item.model for item in staged]


def _stage(
    archive: Path, expected: tuple[str, str] | None, folder: Path, *, limits: Limits
) -> _Staged:
    """Check one archive completely, unpack it under `folder` and load-test its model."""
    with _open_zip(archive) as bundle:
        infos = bundle.infolist()
        top = _checked_members(infos, archive, max_bytes=limits.max_package_bytes)
        metadata = _read_metadata(bundle, top, archive)
        _checked_pair(metadata, archive, expected)
        name = _folder_name(metadata, top, archive)
        _unpack(bundle, infos, folder, archive)
    model = _model_from_package(_read_package(folder / top, archive), name)
    _load_test(folder / top, model, archive)
    return _Staged(archive, folder / top, name, model)


def _read_package(path: Path, archive: Path) -> Any:
    """argostranslate's view of an unpacked package."""
    from argostranslate import package

    try:
        return package.Package(path)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"not a usable Argos package ({_reason(exc)})", path=archive) from None


#: What CTranslate2, SentencePiece and argostranslate raise for a model they cannot use.
_LOAD_ERRORS = (RuntimeError, OSError, ValueError, AttributeError, KeyError, IndexError, TypeError)


def _load_test(path: Path, model: Model, archive: Path) -> None:
    """Load the package as `translate` does and translate one word, or refuse it.

    A package can be a valid zip with valid metadata and still hold a model that
    CTranslate2 or SentencePiece cannot read; better said at install than at publish.
    """
    options = EngineOptions(beam_size=1)
    try:
        leg = _Leg._load(path, model, options)
        ArgosTranslator([leg], options).translate(["Hello."])
    except (ModelError, *_LOAD_ERRORS) as exc:
        reason = exc.message if isinstance(exc, ModelError) else _reason(exc)
        reason = reason.replace(f"{path}{os.sep}", "")  # the staging folder is gone
        raise ModelError(
            f"the model does not load or translate ({reason}); nothing was installed; {_REFETCH}",
            path=archive,
        ) from None


def _refuse_two_for_one_folder(staged: Sequence[_Staged]) -> None:
    """Two archives that would install into one folder: the user must choose."""
    seen: dict[str, Path] = {}
    for item in staged:
        if item.name in seen:
            raise ModelError(
                f"both {seen[item.name].name} and {item.archive.name} install {item.name}; "
                "keep one of them",
                path=item.archive.parent,
            )
        seen[item.name] = item.archive


def _move_into_place(staged: Sequence[_Staged], packages: Path, staging: Path) -> None:
    """Rename each staged package into the package folder; undo them all if one fails."""
    done: list[tuple[Path, Path | None]] = []  # (installed folder, the one it replaced)
    try:
        for number, item in enumerate(staged):
            final = packages / item.name
            previous = staging / f".previous-{number}" if final.exists() else None
            if previous is not None:
                final.rename(previous)
            done.append((final, previous))
            item.folder.rename(final)
    except OSError:
        for final, previous in reversed(done):
            if final.exists():  # the new package got in: take it out again
                shutil.rmtree(final, ignore_errors=True)
            if previous is not None:
                previous.rename(final)
        raise


# --- the index and downloads -------------------------------------------------------------


@dataclass(frozen=True)
class _Transfer:
    """One HTTP transfer: what it is for the user, and how long and large it may be."""

    url: str
    subject: str  # "the package index URL" or the URL
    verb: str  # cannot <verb> <subject>
    advice: str
    max_bytes: int
    size_limit: str
    deadline: float
    deadline_variable: str
    limits: Limits

    def error(self, problem: str) -> ModelError:
        """A one-line error naming the URL, the problem and what to do."""
        return ModelError(f"cannot {self.verb} {self.subject}: {problem}; {self.advice}")


class _DeadlinePassed(TimeoutError):
    """The whole transfer took longer than its deadline."""


class _DeadlineReader(io.RawIOBase):
    """A socket's bytes: each read waits at most `read_timeout`, and none starts or lasts
    past `ends` (a server dripping a byte a second never times out a read)."""

    def __init__(self, sock: socket.socket, read_timeout: float, ends: float) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)  # holds the socket open until closed
        self._read_timeout = read_timeout
        self._ends = ends

    def readable(self) -> bool:
        """Yes: this is a reader."""
        return True

    def readinto(self, buffer: Any) -> int | None:
        """One read from the socket, within both limits."""
        left = self._ends - time.monotonic()
        if left <= 0:
            raise _DeadlinePassed
        self._sock.settimeout(min(self._read_timeout, left))
        try:
            return self._raw.readinto(buffer)
        except TimeoutError:
            if time.monotonic() >= self._ends:
                raise _DeadlinePassed from None
            raise

    def close(self) -> None:
        """Close the socket file (the socket itself closes with its last file)."""
        self._raw.close()
        super().close()


def _opener(limits: Limits, ends: float) -> urllib.request.OpenerDirector:
    """urllib (proxies and redirects included) with a connect timeout, a read timeout and
    a deadline: urllib alone has one timeout for both, and none for a whole transfer."""

    class Response(http.client.HTTPResponse):
        def __init__(self, sock: socket.socket, *args: Any, **kwargs: Any) -> None:
            super().__init__(sock, *args, **kwargs)
            self.fp.close()  # HTTPResponse reads only through self.fp: bound it
            self.fp = io.BufferedReader(_DeadlineReader(sock, limits.read_timeout, ends))

    class Connection(http.client.HTTPConnection):
        response_class = Response

        def connect(self) -> None:
            self.timeout = limits.connect_timeout
            super().connect()

    class SecureConnection(http.client.HTTPSConnection):
        response_class = Response

        def connect(self) -> None:
            self.timeout = limits.connect_timeout  # TCP and the TLS handshake
            super().connect()

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            # Made here, not up front: loading the CA certificates takes a while, and
            # only HTTPS needs them. SSL_CERT_FILE and SSL_CERT_DIR are honoured.
            context = ssl.create_default_context()
            return self.do_open(SecureConnection, req, context=context)

    return urllib.request.build_opener(Handler(), SecureHandler())


def _content_length(response: Any) -> int | None:
    """The declared body size, if the server declared a sane one."""
    text = str(response.headers.get("Content-Length") or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _received(transfer: _Transfer) -> Iterator[bytes]:
    """The body at a URL, chunk by chunk, within the transfer's timeouts, deadline and size.

    A generator, so that only network failures are turned into messages here: the
    caller's own writes (a full disk) fail as themselves.
    """
    limits = transfer.limits
    try:
        request = urllib.request.Request(transfer.url)
    except ValueError as exc:  # "unknown url type"
        raise transfer.error(f"not a URL transpress can fetch ({_reason(exc)})") from None
    opener = _opener(limits, time.monotonic() + transfer.deadline)
    try:
        with opener.open(request) as answer:
            declared = _content_length(answer)
            if declared is not None and declared > transfer.max_bytes:
                raise transfer.error(f"it is {_size(declared)}, more than {transfer.size_limit}")
            count = 0
            while chunk := answer.read(_CHUNK):
                count += len(chunk)
                if count > transfer.max_bytes:
                    raise transfer.error(f"it is larger than {transfer.size_limit}")
                yield chunk
            if declared is not None and count < declared:
                raise transfer.error(
                    f"the server stopped after {count} of {declared} bytes; try again"
                )
    except urllib.error.HTTPError as exc:
        exc.close()
        raise transfer.error(f"HTTP {exc.code} {' '.join(str(exc.reason).split())}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError):
            reason = (
                f"no connection within {limits.connect_timeout:g} s, TRANSPRESS_CONNECT_TIMEOUT"
            )
        raise ModelError(f"cannot reach {transfer.subject} ({reason}); {transfer.advice}") from None
    except _DeadlinePassed:
        raise transfer.error(
            f"not finished within {transfer.deadline:g} s ({transfer.deadline_variable})"
        ) from None
    except TimeoutError:
        raise transfer.error(
            f"nothing received for {limits.read_timeout:g} s (TRANSPRESS_READ_TIMEOUT)"
        ) from None
    except http.client.HTTPException as exc:
        raise transfer.error(
            f"not a valid HTTP answer ({type(exc).__name__}: {_reason(exc)})"
        ) from None
    except OSError as exc:  # only network reads happen here: reset, TLS, refused...
        raise transfer.error(f"the connection failed ({_reason(exc)})") from None


def _fetch_index(url: str, *, limits: Limits) -> list[Any]:
    """index.json: a JSON list, at most MAX_INDEX_BYTES, read within the index deadline."""
    advice = f"check ARGOS_PACKAGE_INDEX, or {_FROM_A_FILE}"
    transfer = _Transfer(
        url=url,
        subject=f"the package index {url}",
        verb="read",
        advice=advice,
        max_bytes=MAX_INDEX_BYTES,
        size_limit=f"the {_size(MAX_INDEX_BYTES)} an index may hold",
        deadline=limits.index_deadline,
        deadline_variable="TRANSPRESS_INDEX_DEADLINE",
        limits=limits,
    )
    body = b"".join(_received(transfer))
    try:
        data = json.loads(body)
    except RecursionError:
        raise ModelError(f"the package index {url} is nested too deeply; {advice}") from None
    except ValueError as exc:  # UnicodeDecodeError is a ValueError
        raise ModelError(
            f"the package index {url} is not valid JSON ({_reason(exc)}); {advice}"
        ) from None
    if not isinstance(data, list):
        raise ModelError(
            f"the package index {url} is not a list of packages (it is a JSON "
            f"{type(data).__name__}); {advice}"
        )
    return data


@dataclass(frozen=True)
class _Offer:
    """A package the index offers for a pair: its version and where to download it."""

    version: str
    link: str


def _best_offer(entries: list[Any], pair: tuple[str, str], url: str) -> _Offer:
    """The newest package the index offers for `pair`; a malformed entry for it is an
    error (entries for other pairs are not this install's business)."""
    offers = [
        _offer(entry, pair, url)
        for entry in entries
        if isinstance(entry, dict) and (entry.get("from_code"), entry.get("to_code")) == pair
    ]
    if not offers:
        raise ModelError(
            f"the package index {url} has no {pair[0]}→{pair[1]} model; check the pair and "
            f"ARGOS_PACKAGE_INDEX, or {_FROM_A_FILE}"
        )
    return max(offers, key=lambda offer: _version_key(offer.version))


def _offer(entry: dict[str, Any], pair: tuple[str, str], url: str) -> _Offer:
    """One index entry, checked: a version such as 1.9 and an http(s) download link."""
    version, links = entry.get("package_version"), entry.get("links")
    listed = links if isinstance(links, list) else []
    link = next((item for item in listed if _is_download_url(item, url)), None)
    problem = "no package_version" if version is None else _version_problem(version)
    if problem is None and links is None:
        problem = "no links"
    elif problem is None and not isinstance(links, list):
        problem = f"links {_short(links)}, not a list of download URLs"
    elif problem is None and link is None:
        problem = f"no http(s) download link (links: {_short(links)})"
    if problem is not None or link is None:
        raise ModelError(
            f"the package index {url} offers {pair[0]}→{pair[1]} with {problem}; tell the "
            f"index's maintainers, or {_FROM_A_FILE}"
        )
    return _Offer(_version_text(version), link)


def _is_download_url(link: object, index: str) -> bool:
    """An absolute http(s) URL on one line (file: too if the index itself is a file).

    >>> _is_download_url("https://example.org/a.argosmodel", "https://example.org/")
    True
    >>> _is_download_url("a.argosmodel", "https://example.org/")
    False
    """
    if not isinstance(link, str) or any(c.isspace() or not c.isprintable() for c in link):
        return False
    try:
        parts = urllib.parse.urlsplit(link)
    except ValueError:
        return False
    if parts.scheme == "file":
        return urllib.parse.urlsplit(index).scheme == "file"
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _download(url: str, archive: Path, *, limits: Limits) -> None:
    """Write the package at `url` to `archive`, within the download limits."""
    transfer = _Transfer(
        url=url,
        subject=url,
        verb="download",
        advice=f"try again later, or download it yourself and {_FROM_A_FILE}",
        max_bytes=limits.max_package_bytes,
        size_limit=f"the {_size(limits.max_package_bytes)} limit (TRANSPRESS_MAX_PACKAGE_MB)",
        deadline=limits.download_deadline,
        deadline_variable="TRANSPRESS_DOWNLOAD_DEADLINE",
        limits=limits,
    )
    with archive.open("wb") as out:
        for chunk in _received(transfer):
            out.write(chunk)


def _install_from_index(pair: tuple[str, str], *, limits: Limits) -> Model:
    """Download the newest package of a pair to a temporary file, then install it."""
    url = index_url() + "index.json"
    offer = _best_offer(_fetch_index(url, limits=limits), pair, url)
    packages = Path(argos_settings().package_data_dir)
    # A fresh download every time: argostranslate reuses a cached file of the same
    # name even after the index moved to a new version. The folder goes on any failure.
    with tempfile.TemporaryDirectory(prefix=".download-", dir=packages) as folder:
        archive = Path(folder) / f"translate-{pair[0]}_{pair[1]}.argosmodel"
        _download(offer.link, archive, limits=limits)
        try:
            [model] = _install_archives([(archive, pair)], limits=limits)
        except ModelError as exc:  # the temporary file is gone: name what the user can check
            raise ModelError(exc.message, path=offer.link) from None
    return model


# --- inference ------------------------------------------------------------------------


@dataclass
class _Leg:
    """One loaded model: CTranslate2 translator and the package's tokenizer."""

    model: Model
    translator: Any
    encode: Callable[[str], list[str]]
    decode: Callable[[list[str]], str]
    target_prefix: str

    @classmethod
    def load(cls, path: Path, model: Model, options: EngineOptions) -> _Leg:
        """Load a package's model and tokenizer (cached for the process until an install)."""
        key = (str(path), model.version, options.intra_threads, options.inter_threads)
        if key not in _LOADED:
            try:
                _LOADED[key] = cls._load(path, model, options)
            except (RuntimeError, OSError, ValueError, AttributeError, KeyError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else repr(exc)
                raise ModelError(
                    f"cannot load {model.label} ({reason}); "
                    f"reinstall it: `transpress models remove {model.from_code}-{model.to_code}`, "
                    "then `transpress models install …`",
                    path=path,
                ) from None
        return _LOADED[key]

    @classmethod
    def _load(cls, path: Path, model: Model, options: EngineOptions) -> _Leg:
        import ctranslate2
        from argostranslate import package

        pkg = package.Package(path)
        translator = ctranslate2.Translator(
            str(path / "model"),
            device="cpu",
            inter_threads=options.inter_threads,
            intra_threads=options.intra_threads,
        )
        sp_model = path / "sentencepiece.model"
        if sp_model.exists():
            import sentencepiece

            processor = sentencepiece.SentencePieceProcessor(model_file=str(sp_model))

            def encode(text: str) -> list[str]:
                return list(processor.encode(text, out_type=str))

            def decode(pieces: list[str]) -> str:
                # Not argostranslate's decode, which also turns every "_" into a space.
                return str(processor.decode_pieces(pieces))

            return cls(model, translator, encode, decode, str(pkg.target_prefix or ""))
        tokenizer = pkg.tokenizer  # BPE packages: Moses tokenisation, as Argos does it
        return cls(
            model, translator, tokenizer.encode, tokenizer.decode, str(pkg.target_prefix or "")
        )


_LOADED: dict[tuple[str, str, int, int], _Leg] = {}


def _forget_loaded() -> None:
    """Drop loaded models (ours and argostranslate's) after an install or a removal."""
    _LOADED.clear()
    try:
        from argostranslate import translate

        translate.get_installed_languages.cache_clear()
        getattr(translate, "installed_translates", []).clear()
    except (ImportError, AttributeError):
        pass


class ArgosTranslator:
    """Translates segments along a route: length-sorted batches, one leg after the other."""

    def __init__(self, legs: list[_Leg], options: EngineOptions):
        self.legs = legs
        self.options = options

    def translate(
        self, segments: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[Output]:
        """Translate every segment; problems (too long, possibly cut) are reported, not hidden.

        `progress` is told how many segments each finished batch held, once per leg.
        """
        outputs = [Output(text) for text in segments]
        for leg in self.legs:
            outputs = self._run_leg(leg, outputs, progress)
        return outputs

    def _run_leg(
        self, leg: _Leg, inputs: list[Output], progress: Callable[[int], None] | None
    ) -> list[Output]:
        jobs: list[tuple[int, list[str]]] = []  # (input index, tokens of one chunk)
        problems: dict[int, list[str]] = {i: list(o.problems) for i, o in enumerate(inputs)}
        skipped: set[int] = {i for i, o in enumerate(inputs) if not o.text}
        for index, item in enumerate(inputs):
            for chunk in _chunks(item.text, leg.encode) if item.text else []:
                if len(chunk) > MAX_INPUT_TOKENS:
                    problems[index].append(
                        f"a clause is too long for the model ({len(chunk)} > {MAX_INPUT_TOKENS} "
                        "tokens); split it in the source"
                    )
                    skipped.add(index)
                    continue
                jobs.append((index, chunk))
        results = self._translate_tokens(leg, [tokens for _, tokens in jobs], progress)
        texts: dict[int, list[str]] = {i: [] for i in range(len(inputs))}
        for (index, _), (text, cut) in zip(jobs, results, strict=True):
            texts[index].append(text)
            if cut:
                problems[index].append("the output reached the decoding limit (may be cut)")
        joiner = "" if leg.model.to_code in ("ja", "zh") else " "
        return [
            Output("" if i in skipped else joiner.join(texts[i]), tuple(problems[i]))
            for i in range(len(inputs))
        ]

    def _translate_tokens(
        self, leg: _Leg, batch: list[list[str]], progress: Callable[[int], None] | None
    ) -> list[tuple[str, bool]]:
        """Length-sorted batches, all submitted at once so that every CTranslate2 worker
        (inter_threads) has work, then collected in order."""
        order = sorted(range(len(batch)), key=lambda i: len(batch[i]))
        size = self.options.batch_size
        submitted = []
        for start in range(0, len(order), size):
            chosen = order[start : start + size]
            tokens = [batch[i] for i in chosen]
            limit = min(MAX_DECODING_TOKENS, 2 * max(len(t) for t in tokens) + 32)
            prefix = [[leg.target_prefix] for _ in chosen] if leg.target_prefix else None
            pending = leg.translator.translate_batch(
                tokens,
                target_prefix=prefix,
                beam_size=self.options.beam_size,
                max_batch_size=size,
                max_decoding_length=limit,
                asynchronous=True,
            )
            submitted.append((chosen, limit, pending))
        results: list[tuple[str, bool]] = [("", False)] * len(batch)
        for chosen, limit, pending in submitted:
            for i, item in zip(chosen, pending, strict=True):
                try:
                    hypothesis = list(item.result().hypotheses[0])
                except RuntimeError as exc:
                    raise ModelError(
                        f"{leg.model.label} failed while translating ({exc})"
                    ) from None
                if leg.target_prefix and hypothesis[:1] == [leg.target_prefix]:
                    hypothesis = hypothesis[1:]
                results[i] = (leg.decode(hypothesis), len(hypothesis) >= limit)
            if progress is not None:
                progress(len(chosen))
        return results


def _chunks(text: str, encode: Callable[[str], list[str]]) -> list[list[str]]:
    """The segment's tokens, split at clause boundaries when it exceeds the input limit."""
    tokens = encode(text)
    if len(tokens) <= MAX_INPUT_TOKENS:
        return [tokens]
    chunks: list[list[str]] = []
    current = ""
    for clause in (c for c in _CLAUSE.split(text) if c):
        candidate = f"{current} {clause}".strip()
        if current and len(encode(candidate)) > MAX_INPUT_TOKENS:
            chunks.append(encode(current))
            current = clause
        else:
            current = candidate
    if current:
        chunks.append(encode(current))
    return chunks
