"""Installing models and reading the package index: a one-line error, never a traceback,
a hang or a half-installed package.

Every case runs through the real CLI (`run`) against the real tiny packages of
tests/tiny_argos.py, copied and then corrupted here, and real HTTP servers on 127.0.0.1
started by the test. Timeouts come from the TRANSPRESS_* variables, set to about a second.
"""

from __future__ import annotations

import io
import json
import shutil
import socket
import ssl
import stat
import struct
import subprocess
import threading
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import pytest

from tests.conftest import Result, Run
from tests.tiny_argos import SWAP_EN_FR, build_argos_package

GIB = 2**30
TOP = "translate-en_fr"
ERROR = "transpress: error: "


@pytest.fixture(autouse=True)
def _fast_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Timeouts and deadlines of about a second, so that no test waits long (the read
    timeout well below the deadlines, so that a silent server is told from a slow one)."""
    monkeypatch.setenv("TRANSPRESS_CONNECT_TIMEOUT", "1")
    monkeypatch.setenv("TRANSPRESS_READ_TIMEOUT", "0.5")
    monkeypatch.setenv("TRANSPRESS_INDEX_DEADLINE", "1.5")
    monkeypatch.setenv("TRANSPRESS_DOWNLOAD_DEADLINE", "1.5")


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty Argos package folder for this test."""
    folder = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real packages, built once: en→fr (swap), en→ja and fr→en (copy), en→fr 0.9."""
    folder = tmp_path_factory.mktemp("built")
    return {
        "en-fr": build_argos_package(folder / "swap", "en", "fr", mapping=SWAP_EN_FR),
        "en-ja": build_argos_package(folder / "copy", "en", "ja"),
        "fr-en": build_argos_package(folder / "copy", "fr", "en"),
        "en-fr-0.9": build_argos_package(folder / "old", "en", "fr", package_version="0.9"),
    }


def left_in(packages: Path) -> list[str]:
    """Everything in the package folder, hidden temporary folders included."""
    return sorted(p.name for p in packages.iterdir()) if packages.exists() else []


def assert_one_line_error(result: Result, message: str) -> None:
    """Exit code 8 and exactly `transpress: error: <message>` on one line."""
    assert result.code == 8, result
    assert result.err == f"{ERROR}{message}\n"
    assert result.out == ""


# --- building bad packages from good ones ------------------------------------------------


def rezip(
    source: Path,
    dest: Path,
    *,
    replace: dict[str, bytes] | None = None,
    store: tuple[str, ...] = (),
    add: tuple[tuple[zipfile.ZipInfo | str, bytes], ...] = (),
) -> Path:
    """Copy a package zip: some members replaced or stored uncompressed, some added."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(dest, "w") as new:
        for info in old.infolist():
            data = (replace or {}).get(info.filename, old.read(info))
            if info.filename in store:
                info.compress_type = zipfile.ZIP_STORED
            new.writestr(info, data)
        with warnings.catch_warnings():  # "Duplicate name": built on purpose
            warnings.simplefilter("ignore", UserWarning)
            for extra, data in add:
                new.writestr(extra, data, zipfile.ZIP_DEFLATED)
    return dest


def _headers(data: bytes, name: str) -> tuple[int, int]:
    """Offsets of a member's local header and of its central-directory record."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local, start = archive.getinfo(name).header_offset, archive.start_dir
    central = start
    while data[central : central + 4] == b"PK\x01\x02":
        size, extra, comment = struct.unpack_from("<HHH", data, central + 28)
        if data[central + 46 : central + 46 + size] == name.encode():
            return local, central
        central += 46 + size + extra + comment
    raise AssertionError(f"{name} not in the central directory")


def patch_member(
    path: Path,
    name: str,
    *,
    flags: int | None = None,
    method: int | None = None,
    size: int | None = None,
) -> Path:
    """Rewrite a member's general-purpose flags, compression method or uncompressed size
    in both its local header and the central directory, as a hostile archive would."""
    data = bytearray(path.read_bytes())
    local, central = _headers(bytes(data), name)
    for value, fmt, at_local, at_central in (
        (flags, "<H", 6, 8),
        (method, "<H", 8, 10),
        (size, "<I", 22, 24),
    ):
        if value is not None:
            struct.pack_into(fmt, data, local + at_local, value)
            struct.pack_into(fmt, data, central + at_central, value)
    path.write_bytes(bytes(data))
    return path


def damage_member(path: Path, name: str) -> Path:
    """Overwrite 64 bytes in the middle of a member's stored or compressed data."""
    data = bytearray(path.read_bytes())
    local, _ = _headers(bytes(data), name)
    with zipfile.ZipFile(path) as archive:
        compressed = archive.getinfo(name).compress_size
    size, extra = struct.unpack_from("<HH", data, local + 26)
    start = local + 30 + size + extra + compressed // 2 - 32
    data[start : start + 64] = bytes(b ^ 0x5A for b in data[start : start + 64])
    path.write_bytes(bytes(data))
    return path


def symlink_member(name: str, target: str) -> zipfile.ZipInfo:
    """A zip member that unzip would create as a symbolic link to `target`."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix: the mode lives in the high 16 bits
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def metadata_of(package: Path, **changes: Any) -> bytes:
    """The package's metadata.json with some fields changed (None removes one)."""
    with zipfile.ZipFile(package) as archive:
        [name] = [n for n in archive.namelist() if n.count("/") == 1 and "/metadata." in n]
        metadata = json.loads(archive.read(name))
    metadata.update(changes)
    return json.dumps({k: v for k, v in metadata.items() if v is not None}).encode()


def _bomb(good: Path, dest: Path) -> Path:
    """metadata.json followed by 64 MiB of spaces: valid JSON, 60 KB deflated."""
    padding = metadata_of(good) + b" " * (64 * 2**20)
    return rezip(good, dest, replace={f"{TOP}/metadata.json": padding}, store=())


MODEL = f"{TOP}/model/model.bin"
METADATA = f"{TOP}/metadata.json"

#: name → (build the bad package from a good one, what the error says after the file name)
BAD_PACKAGES: dict[str, tuple[Callable[[Path, Path], Path], str]] = {
    "bad-crc-metadata": (
        lambda good, dest: damage_member(rezip(good, dest, store=(METADATA,)), METADATA),
        f"not a usable Argos package: member '{METADATA}' is damaged "
        f"(Bad CRC-32 for file '{METADATA}'); download it again or ask its publisher",
    ),
    "bad-crc-model": (
        lambda good, dest: damage_member(rezip(good, dest, store=(MODEL,)), MODEL),
        f"not a usable Argos package: member '{MODEL}' is damaged "
        f"(Bad CRC-32 for file '{MODEL}'); download it again or ask its publisher",
    ),
    "corrupt-deflate-stream": (
        lambda good, dest: damage_member(rezip(good, dest), MODEL),
        f"not a usable Argos package: member '{MODEL}' is damaged",
    ),
    "encrypted": (
        lambda good, dest: patch_member(rezip(good, dest), MODEL, flags=0x1),
        f"not a usable Argos package: member '{MODEL}' is encrypted; "
        "download it again or ask its publisher",
    ),
    "compression-method-99": (
        lambda good, dest: patch_member(rezip(good, dest), MODEL, method=99),
        f"not a usable Argos package: member '{MODEL}' is compressed with method 99, "
        "not stored or deflated; download it again or ask its publisher",
    ),
    "metadata-bomb": (
        _bomb,
        "not a usable Argos package: metadata.json would unpack to 64.0 MiB (at most 1.0 MiB "
        "expected); download it again or ask its publisher",
    ),
    "metadata-declares-3-gib": (
        lambda good, dest: patch_member(rezip(good, dest), METADATA, size=3 * GIB),
        "the package would unpack to 3.0 GiB, more than the 2.0 GiB limit "
        "(TRANSPRESS_MAX_PACKAGE_MB); nothing was installed",
    ),
    "metadata-bomb-declares-200-bytes": (
        lambda good, dest: patch_member(_bomb(good, dest), METADATA, size=200),
        f"not a usable Argos package: member '{METADATA}' is damaged "
        f"(Bad CRC-32 for file '{METADATA}'); download it again or ask its publisher",
    ),
    "model-declares-3-gib": (
        lambda good, dest: patch_member(rezip(good, dest), MODEL, size=3 * GIB),
        "the package would unpack to 3.0 GiB, more than the 2.0 GiB limit "
        "(TRANSPRESS_MAX_PACKAGE_MB); nothing was installed",
    ),
    "path-traversal": (
        lambda good, dest: rezip(good, dest, add=((f"{TOP}/../../evil.txt", b"owned"),)),
        f"not a usable Argos package: member '{TOP}/../../evil.txt' points outside the "
        "package folder; download it again or ask its publisher",
    ),
    "absolute-path": (
        lambda good, dest: rezip(good, dest, add=(("/tmp/evil.txt", b"owned"),)),
        "not a usable Argos package: member '/tmp/evil.txt' points outside the package "
        "folder; download it again or ask its publisher",
    ),
    "backslash-path": (
        lambda good, dest: rezip(good, dest, add=((f"{TOP}\\..\\..\\evil.txt", b"owned"),)),
        f"not a usable Argos package: member '{TOP}\\\\..\\\\..\\\\evil.txt' points outside the "
        "package folder; download it again or ask its publisher",
    ),
    "symlink": (
        lambda good, dest: rezip(
            good, dest, add=((symlink_member(f"{TOP}/model/vocab", "/etc/passwd"), b"/etc/passwd"),)
        ),
        f"not a usable Argos package: member '{TOP}/model/vocab' is a symbolic link; "
        "download it again or ask its publisher",
    ),
    "duplicate-member": (
        lambda good, dest: rezip(good, dest, add=((f"{TOP}/README.md", b"again"),)),
        f"not a usable Argos package: member '{TOP}/README.md' appears twice; "
        "download it again or ask its publisher",
    ),
    "version-superscript-two": (
        lambda good, dest: rezip(
            good, dest, replace={METADATA: metadata_of(good, package_version="²")}
        ),
        "package_version '²' is not a version such as 1.9; ask the package's publisher",
    ),
    "truncated": (
        lambda good, dest: _write(dest, good.read_bytes()[: good.stat().st_size // 2]),
        "not an Argos package: not a zip file; download it again",
    ),
}


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("kind", sorted(BAD_PACKAGES))
def test_a_bad_package_file_is_one_line_and_installs_nothing(
    tmp_path: Path, packages: Path, built: dict[str, Path], run: Run, kind: str
) -> None:
    build, message = BAD_PACKAGES[kind]
    bad = build(built["en-fr"], tmp_path / "bad" / f"{TOP}.argosmodel")
    before = bad.read_bytes()
    start = time.perf_counter()
    result = run("models", "install", bad)
    assert time.perf_counter() - start < 5  # nothing was unpacked to 3 GiB or read whole
    assert result.code == 8, result
    assert result.err.startswith(f"{ERROR}{bad}: {message}")
    assert result.err.count("\n") == 1 and result.out == ""
    assert left_in(packages) == []  # no package, no .installing-* folder
    assert bad.read_bytes() == before
    assert not list(tmp_path.rglob("evil.txt"))


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("model.bin", "(File model.bin is incomplete: failed to read a value of size 4"),
        ("sentencepiece.model", "(INTERNAL: could not parse ModelProto from sentencepiece.model)"),
        ("shared_vocabulary.json", "([json.exception.parse_error.101] parse error at line 1"),
        ("config.json", "([json.exception.parse_error.101] parse error at line 1"),
    ],
)
def test_a_package_whose_model_cannot_load_is_refused(
    tmp_path: Path, packages: Path, built: dict[str, Path], run: Run, damage: str, reason: str
) -> None:
    member = next(n for n in zipfile.ZipFile(built["en-fr"]).namelist() if n.endswith(damage))
    bad = rezip(built["en-fr"], tmp_path / "bad" / f"{TOP}.argosmodel", replace={member: b"no"})
    result = run("models", "install", bad)
    assert result.code == 8, result
    assert result.err.startswith(f"{ERROR}{bad}: the model does not load or translate (")
    assert reason in result.err
    assert result.err.endswith("); nothing was installed; download it again or ask its publisher\n")
    assert result.err.count("\n") == 1
    assert left_in(packages) == []


def test_a_good_package_is_load_tested_and_installed(
    packages: Path, built: dict[str, Path], run: Run
) -> None:
    result = run("models", "install", built["en-fr"])
    assert (result.code, result.out, result.err) == (
        0,
        "installed translate-en_fr 1.0 (en→fr)\n",
        "",
    )
    assert left_in(packages) == [TOP]
    assert "en→fr  translate-en_fr 1.0" in run("models", "list").out


# --- folders: all or nothing -------------------------------------------------------------


@pytest.fixture
def old_en_fr(packages: Path, built: dict[str, Path], run: Run) -> bytes:
    """en→fr 0.9 installed; return its metadata, to prove that it was not touched."""
    assert run("models", "install", built["en-fr-0.9"]).code == 0
    return (packages / TOP / "metadata.json").read_bytes()


def _folder_with(tmp_path: Path, built: dict[str, Path], bad: Callable[[Path], Path]) -> Path:
    """en→fr 1.0 and en→ja (good) and fr→en (bad, sorted last) in one folder."""
    folder = tmp_path / "models"
    folder.mkdir()
    for key in ("en-fr", "en-ja"):
        (folder / built[key].name).write_bytes(built[key].read_bytes())
    bad(folder / built["fr-en"].name)
    return folder


@pytest.mark.parametrize("kind", ["damaged", "does not load"])
def test_a_folder_with_one_bad_package_installs_none(
    tmp_path: Path,
    packages: Path,
    built: dict[str, Path],
    run: Run,
    old_en_fr: bytes,
    kind: str,
) -> None:
    model = "translate-fr_en/model/model.bin"

    def bad(dest: Path) -> Path:
        if kind == "damaged":
            return damage_member(rezip(built["fr-en"], dest, store=(model,)), model)
        return rezip(built["fr-en"], dest, replace={model: b"not a model"})

    folder = _folder_with(tmp_path, built, bad)
    result = run("models", "install", folder)
    assert result.code == 8, result
    assert result.err.startswith(f"{ERROR}{folder / 'translate-fr_en.argosmodel'}: ")
    assert result.err.endswith("; none of the 3 packages in models/ was installed\n")
    assert ("is damaged" if kind == "damaged" else "does not load") in result.err
    assert result.err.count("\n") == 1
    assert left_in(packages) == [TOP]  # the 0.9 installed before, nothing else
    assert (packages / TOP / "metadata.json").read_bytes() == old_en_fr
    assert run("models", "list").out.startswith("engine: argos\nen→fr  translate-en_fr 0.9\n")


def test_a_folder_with_two_packages_for_one_folder_installs_none(
    tmp_path: Path, packages: Path, built: dict[str, Path], run: Run
) -> None:
    folder = tmp_path / "models"
    folder.mkdir()
    (folder / "a.argosmodel").write_bytes(built["en-fr-0.9"].read_bytes())
    (folder / "b.argosmodel").write_bytes(built["en-fr"].read_bytes())
    result = run("models", "install", folder)
    assert_one_line_error(
        result,
        f"{folder}: both a.argosmodel and b.argosmodel install translate-en_fr; keep one of "
        "them; none of the 2 packages in models/ was installed",
    )
    assert left_in(packages) == []


def test_a_good_folder_installs_everything_and_replaces_the_old_version(
    tmp_path: Path, packages: Path, built: dict[str, Path], run: Run, old_en_fr: bytes
) -> None:
    folder = _folder_with(tmp_path, built, lambda dest: _write(dest, built["fr-en"].read_bytes()))
    result = run("models", "install", folder)
    assert result.code == 0, result
    assert result.out.count("installed ") == 3
    assert left_in(packages) == ["translate-en_fr", "translate-en_ja", "translate-fr_en"]
    assert "en→fr  translate-en_fr 1.0" in run("models", "list").out


def test_an_installed_package_with_an_unusable_version_is_listed_as_broken(
    tmp_path: Path, packages: Path, built: dict[str, Path], run: Run
) -> None:
    from argostranslate import package

    from transpress.engines.argos import argos_settings

    odd = rezip(
        built["en-fr"],
        tmp_path / "odd" / f"{TOP}.argosmodel",
        replace={METADATA: metadata_of(built["en-fr"], package_version="²")},
    )
    argos_settings()
    package.install_from_path(odd)  # installed by argostranslate itself, unchecked
    result = run("models", "list")
    assert result.code == 0, result
    assert (
        "broken: translate-en_fr (package_version '²' is not a version such as 1.9); remove it "
        "with `transpress models remove translate-en_fr`"
    ) in result.out
    assert run("models", "remove", "en-fr").code == 0
    assert left_in(packages) == []


def test_a_bad_limit_setting_is_one_line(
    packages: Path, built: dict[str, Path], run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSPRESS_READ_TIMEOUT", "soon")
    assert_one_line_error(
        run("models", "install", built["en-fr"]),
        "TRANSPRESS_READ_TIMEOUT='soon' is not a positive number of seconds; set it to a "
        "number such as 30 or unset it",
    )
    assert left_in(packages) == []


# --- a scripted HTTP server ---------------------------------------------------------------

Respond = Callable[[BaseHTTPRequestHandler, threading.Event], None]


class _QuietServer(ThreadingHTTPServer):
    """No traceback on stderr when a client hangs up (pytest captures stderr)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that left is what these tests do on purpose."""


class Site:
    """An HTTP server on 127.0.0.1 whose paths answer as scripted, run in a thread.

    Leaving the context releases every handler still sleeping or dripping.
    """

    def __init__(self, routes: dict[str, Respond], *, tls: ssl.SSLContext | None = None) -> None:
        """Bind now, so that .url is known before the routes are filled in; HTTPS with `tls`."""
        self.routes = routes
        self.stop = threading.Event()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                respond = site.routes.get(self.path)
                try:
                    if respond is None:
                        self.send_error(404)
                    else:
                        respond(self, site.stop)
                except OSError:  # the client gave up: expected
                    pass

            def log_message(self, format: str, *args: Any) -> None:
                """No access log."""

        self._httpd = _QuietServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            self._httpd.socket = tls.wrap_socket(self._httpd.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self._httpd.server_port}/"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> Self:
        """Start serving."""
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Release the handlers, stop serving, close the socket."""
        self.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join()


def body(data: bytes, *, status: int = 200, declare: bool = True) -> Respond:
    """Answer with `data` (and its Content-Length unless `declare` is False)."""

    def respond(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        handler.send_response(status)
        if declare:
            handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    return respond


def error(status: int) -> Respond:
    """Answer with an HTTP error page."""
    return lambda handler, stop: handler.send_error(status)


def stream(chunk: bytes, *, every: float = 0.0, declare: int | None = None) -> Respond:
    """Send `chunk` again and again (every `every` seconds) until the client leaves."""

    def respond(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        handler.send_response(200)
        if declare is not None:
            handler.send_header("Content-Length", str(declare))
        handler.end_headers()
        while not stop.wait(every):
            handler.wfile.write(chunk)
            handler.wfile.flush()

    return respond


def drip_status_line(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """Send the status line and headers one byte every 50 ms, forever."""
    for byte in b"HTTP/1.0 200 OK\r\nX-Slow: " + b"z" * 10_000:
        if stop.wait(0.05):
            return
        handler.wfile.write(bytes([byte]))
        handler.wfile.flush()


def silent(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
    """Accept the request and never answer."""
    stop.wait(30)


def cut_short(data: bytes) -> Respond:
    """Declare all of `data`, send half, hang up."""

    def respond(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        handler.send_response(200)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data[: len(data) // 2])

    return respond


def index_entry(package: Path, link: str, **changes: Any) -> dict[str, Any]:
    """The package's metadata as an index lists it, with some fields changed or removed."""
    return dict(json.loads(metadata_of(package, **({"links": [link]} | changes))))


@pytest.fixture
def site(built: dict[str, Path], packages: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    """A served index offering en→fr at /translate-en_fr.argosmodel, set as ARGOS_PACKAGE_INDEX."""
    with Site({}) as served:
        link = served.url + f"{TOP}.argosmodel"
        served.routes["/index.json"] = body(
            json.dumps([index_entry(built["en-fr"], link)]).encode()
        )
        served.routes[f"/{TOP}.argosmodel"] = body(built["en-fr"].read_bytes())
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", served.url)
        yield served


def install_en_fr(run: Run) -> tuple[Result, float]:
    """`transpress models install en-fr`, and how long it took."""
    start = time.perf_counter()
    result = run("models", "install", "en-fr")
    return result, time.perf_counter() - start


INDEX_ADVICE = (
    "check ARGOS_PACKAGE_INDEX, or install from a file with "
    "`transpress models install PATH.argosmodel`"
)
DOWNLOAD_ADVICE = (
    "try again later, or download it yourself and install from a file with "
    "`transpress models install PATH.argosmodel`"
)
ENTRY_ADVICE = (
    "tell the index's maintainers, or install from a file with "
    "`transpress models install PATH.argosmodel`"
)


def test_install_from_the_index_leaves_no_temporary_file(
    site: Site, packages: Path, run: Run
) -> None:
    result, _ = install_en_fr(run)
    assert (result.code, result.out) == (0, "installed translate-en_fr 1.0 (en→fr)\n"), result
    assert left_in(packages) == [TOP]


def test_a_redirected_download_is_followed_within_the_same_limits(
    site: Site, packages: Path, built: dict[str, Path], run: Run
) -> None:
    def moved(handler: BaseHTTPRequestHandler, stop: threading.Event) -> None:
        handler.send_response(302)
        handler.send_header("Location", f"/{TOP}.argosmodel")
        handler.end_headers()

    site.routes["/moved"] = moved
    entry = index_entry(built["en-fr"], site.url + "moved")
    site.routes["/index.json"] = body(json.dumps([entry]).encode())
    result, _ = install_en_fr(run)
    assert (result.code, result.out) == (0, "installed translate-en_fr 1.0 (en→fr)\n"), result
    site.routes[f"/{TOP}.argosmodel"] = stream(b"\0", every=0.05)
    assert_one_line_error(
        install_en_fr(run)[0],
        f"cannot download {site.url}moved: not finished within 1.5 s "
        f"(TRANSPRESS_DOWNLOAD_DEADLINE); {DOWNLOAD_ADVICE}",
    )
    assert left_in(packages) == [TOP]  # the first install, untouched


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"package_version": "²"}, "package_version '²' is not a version such as 1.9"),
        ({"package_version": None}, "no package_version"),
        ({"links": None}, "no links"),
        ({"links": "LINK"}, "links 'LINK', not a list of download URLs"),
        ({"links": []}, "no http(s) download link (links: [])"),
        (
            {"links": ["translate-en_fr.argosmodel"]},
            "no http(s) download link (links: ['translate-en_fr.argosmodel'])",
        ),
        (
            {"links": ["ftp://127.0.0.1/x.argosmodel", 42]},
            "no http(s) download link (links: ['ftp://127.0.0.1/x.argosmodel', 42])",
        ),
    ],
    ids=[
        "superscript-version",
        "no-version",
        "no-links",
        "links-string",
        "links-empty",
        "relative-link",
        "ftp-and-number",
    ],
)
def test_a_malformed_index_entry_is_one_line(
    site: Site,
    packages: Path,
    built: dict[str, Path],
    run: Run,
    changes: dict[str, Any],
    problem: str,
) -> None:
    link = site.url + f"{TOP}.argosmodel"
    if changes.get("links") == "LINK":
        changes = {"links": link}
        problem = problem.replace("LINK", link)
    entry = index_entry(built["en-fr"], link, **changes)
    site.routes["/index.json"] = body(json.dumps([entry]).encode())
    result, _ = install_en_fr(run)
    assert_one_line_error(
        result,
        f"the package index {site.url}index.json offers en→fr with {problem}; {ENTRY_ADVICE}",
    )
    assert left_in(packages) == []


def test_malformed_entries_for_other_pairs_do_not_stop_an_install(
    site: Site, packages: Path, built: dict[str, Path], run: Run
) -> None:
    link = site.url + f"{TOP}.argosmodel"
    entries: list[Any] = [
        index_entry(built["en-ja"], "nowhere", package_version="²", links="x"),
        "not an entry",
        {"from_code": ["en"], "to_code": {"fr": 1}},
        index_entry(built["en-fr-0.9"], link),
        index_entry(built["en-fr"], link),
    ]
    site.routes["/index.json"] = body(json.dumps(entries).encode())
    result, _ = install_en_fr(run)
    assert (result.code, result.out) == (0, "installed translate-en_fr 1.0 (en→fr)\n"), result


@pytest.mark.parametrize(
    ("served", "problem"),
    [
        (b'{"packages": []}', "is not a list of packages (it is a JSON dict)"),
        (b"<html>moved</html>", "is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        (b"", "is not valid JSON (Expecting value: line 1 column 1 (char 0))"),
        (b"\xff\xfe\xfa", "is not valid JSON ("),
        (b"[" * 200_000, "is nested too deeply"),
    ],
    ids=["object", "html", "empty", "not-utf8", "deep"],
)
def test_an_index_that_is_not_a_list_of_packages_is_one_line(
    site: Site, packages: Path, run: Run, served: bytes, problem: str
) -> None:
    site.routes["/index.json"] = body(served)
    result, _ = install_en_fr(run)
    assert result.code == 8, result
    assert result.err.startswith(f"{ERROR}the package index {site.url}index.json {problem}")
    assert result.err.endswith(f"; {INDEX_ADVICE}\n") and result.err.count("\n") == 1
    assert left_in(packages) == []


@pytest.mark.parametrize(
    ("respond", "problem"),
    [
        (error(404), "HTTP 404 Not Found"),
        (error(500), "HTTP 500 Internal Server Error"),
        (
            stream(b" " * 65536, declare=3 * GIB),
            "it is 3.0 GiB, more than the 16.0 MiB an index may hold",
        ),
        (stream(b" " * 65536), "it is larger than the 16.0 MiB an index may hold"),
        (silent, "nothing received for 0.5 s (TRANSPRESS_READ_TIMEOUT)"),
        (stream(b" ", every=0.05), "not finished within 1.5 s (TRANSPRESS_INDEX_DEADLINE)"),
        (drip_status_line, "not finished within 1.5 s (TRANSPRESS_INDEX_DEADLINE)"),
        (cut_short(b"[]" * 1000), "the server stopped after 1000 of 2000 bytes; try again"),
    ],
    ids=[
        "404",
        "500",
        "declares-3-gib",
        "endless",
        "silent",
        "drips",
        "drips-headers",
        "cut-short",
    ],
)
def test_an_index_that_fails_to_arrive_is_one_line_and_quick(
    site: Site, packages: Path, run: Run, respond: Respond, problem: str
) -> None:
    site.routes["/index.json"] = respond
    result, seconds = install_en_fr(run)
    assert_one_line_error(
        result, f"cannot read the package index {site.url}index.json: {problem}; {INDEX_ADVICE}"
    )
    assert seconds < 4
    assert left_in(packages) == []


def test_an_index_that_accepts_no_connection_times_out(
    packages: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as server:
        # A full accept queue: the kernel drops further connection requests, so a
        # client's connect() waits, as with a firewall that drops packets.
        server.bind(("127.0.0.1", 0))
        server.listen(0)
        port = server.getsockname()[1]
        fillers = [socket.socket() for _ in range(3)]
        for filler in fillers:
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
        time.sleep(0.05)
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{port}/")
        result, seconds = install_en_fr(run)
        for filler in fillers:
            filler.close()
    assert_one_line_error(
        result,
        f"cannot reach the package index http://127.0.0.1:{port}/index.json (no connection "
        f"within 1 s, TRANSPRESS_CONNECT_TIMEOUT); {INDEX_ADVICE}",
    )
    assert seconds < 4


def test_an_index_url_that_is_not_a_url_is_one_line(
    packages: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", "argos-index")
    assert_one_line_error(
        install_en_fr(run)[0],
        "cannot read the package index argos-index/index.json: not a URL transpress can "
        f"fetch (unknown url type: 'argos-index/index.json'); {INDEX_ADVICE}",
    )


@pytest.mark.parametrize(
    ("respond", "problem"),
    [
        (error(404), "HTTP 404 Not Found"),
        (error(500), "HTTP 500 Internal Server Error"),
        (
            stream(b"\0" * 65536, declare=3 * GIB),
            "it is 3.0 GiB, more than the 1.0 MiB limit (TRANSPRESS_MAX_PACKAGE_MB)",
        ),
        (stream(b"\0" * 65536), "it is larger than the 1.0 MiB limit (TRANSPRESS_MAX_PACKAGE_MB)"),
        (silent, "nothing received for 0.5 s (TRANSPRESS_READ_TIMEOUT)"),
        (stream(b"\0", every=0.05), "not finished within 1.5 s (TRANSPRESS_DOWNLOAD_DEADLINE)"),
        (drip_status_line, "not finished within 1.5 s (TRANSPRESS_DOWNLOAD_DEADLINE)"),
        (cut_short(b"\0" * 4000), "the server stopped after 2000 of 4000 bytes; try again"),
    ],
    ids=[
        "404",
        "500",
        "declares-3-gib",
        "endless",
        "silent",
        "drips",
        "drips-headers",
        "cut-short",
    ],
)
def test_a_download_that_fails_is_one_line_quick_and_leaves_nothing(
    site: Site,
    packages: Path,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
    respond: Respond,
    problem: str,
) -> None:
    monkeypatch.setenv("TRANSPRESS_MAX_PACKAGE_MB", "1")
    site.routes[f"/{TOP}.argosmodel"] = respond
    result, seconds = install_en_fr(run)
    assert_one_line_error(
        result, f"cannot download {site.url}{TOP}.argosmodel: {problem}; {DOWNLOAD_ADVICE}"
    )
    assert seconds < 4
    assert left_in(packages) == []  # no .download-* folder either


@pytest.mark.parametrize(
    ("package", "message"),
    [
        (
            lambda good: b"<html>Not the package</html>",
            "not an Argos package: not a zip file; download it again",
        ),
        (
            lambda good: good.read_bytes()[:-200],
            "not an Argos package: not a zip file; download it again",
        ),
        (
            lambda good: rezip(
                good, good.with_name("bad.zip"), replace={MODEL: b"no"}
            ).read_bytes(),
            "the model does not load or translate (",
        ),
    ],
    ids=["html", "truncated", "does-not-load"],
)
def test_a_downloaded_package_that_is_bad_names_its_url(
    site: Site,
    packages: Path,
    built: dict[str, Path],
    tmp_path: Path,
    run: Run,
    package: Callable[[Path], bytes],
    message: str,
) -> None:
    good = tmp_path / "good.argosmodel"
    good.write_bytes(built["en-fr"].read_bytes())
    site.routes[f"/{TOP}.argosmodel"] = body(package(good))
    result, _ = install_en_fr(run)
    assert result.code == 8, result
    assert result.err.startswith(f"{ERROR}{site.url}{TOP}.argosmodel: {message}")
    assert result.err.count("\n") == 1
    assert left_in(packages) == []


# --- HTTPS and file: indexes --------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A self-signed certificate for 127.0.0.1, its key in the same PEM file."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    pem = tmp_path_factory.mktemp("tls") / "localhost.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(pem), "-out", str(pem)),
        ],
        check=True,
        capture_output=True,
    )
    return pem


@pytest.fixture
def secure_site(
    certificate: Path, built: dict[str, Path], packages: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Site]:
    """The `site` index over HTTPS, its certificate not trusted (see SSL_CERT_FILE)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate)
    with Site({}, tls=context) as served:
        link = served.url + f"{TOP}.argosmodel"
        served.routes["/index.json"] = body(
            json.dumps([index_entry(built["en-fr"], link)]).encode()
        )
        served.routes[f"/{TOP}.argosmodel"] = body(built["en-fr"].read_bytes())
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", served.url)
        yield served


def test_install_over_https_with_a_trusted_certificate(
    secure_site: Site, certificate: Path, packages: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    result, _ = install_en_fr(run)
    assert (result.code, result.out) == (0, "installed translate-en_fr 1.0 (en→fr)\n"), result
    assert left_in(packages) == [TOP]


def test_an_untrusted_certificate_is_one_line(
    secure_site: Site, packages: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    result, _ = install_en_fr(run)
    assert result.code == 8, result
    assert result.err.startswith(
        f"{ERROR}cannot reach the package index {secure_site.url}index.json ([SSL: "
        "CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate"
    )
    assert result.err.endswith(f"; {INDEX_ADVICE}\n") and result.err.count("\n") == 1
    assert left_in(packages) == []


def test_a_dripping_https_download_meets_the_deadline(
    secure_site: Site, certificate: Path, packages: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate))
    secure_site.routes[f"/{TOP}.argosmodel"] = stream(b"\0", every=0.05)
    result, seconds = install_en_fr(run)
    assert_one_line_error(
        result,
        f"cannot download {secure_site.url}{TOP}.argosmodel: not finished within 1.5 s "
        f"(TRANSPRESS_DOWNLOAD_DEADLINE); {DOWNLOAD_ADVICE}",
    )
    assert seconds < 4
    assert left_in(packages) == []


def test_a_file_index_may_link_files_and_a_web_index_may_not(
    tmp_path: Path,
    built: dict[str, Path],
    packages: Path,
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mirror = tmp_path / "mirror"
    mirror.mkdir()
    link = (mirror / f"{TOP}.argosmodel").as_uri()
    (mirror / f"{TOP}.argosmodel").write_bytes(built["en-fr"].read_bytes())
    (mirror / "index.json").write_text(json.dumps([index_entry(built["en-fr"], link)]), "utf-8")
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", mirror.as_uri())
    result, _ = install_en_fr(run)
    assert (result.code, result.out) == (0, "installed translate-en_fr 1.0 (en→fr)\n"), result
    with Site({}) as web:
        web.routes["/index.json"] = body(json.dumps([index_entry(built["en-fr"], link)]).encode())
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", web.url)
        refused = install_en_fr(run)[0]
    assert refused.code == 8, refused
    assert refused.err.startswith(
        f"{ERROR}the package index {web.url}index.json offers en→fr with no http(s) download "
        "link (links: ['file://"
    )
    assert refused.err.endswith(f"; {ENTRY_ADVICE}\n") and refused.err.count("\n") == 1
