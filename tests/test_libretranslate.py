"""The LibreTranslate engine against real LibreTranslate servers (PyPI's `libretranslate`,
started on 127.0.0.1 over the tests' tiny real Argos packages; see libretranslate_server.py).

The drafts a server makes must be the drafts transpress makes in-process with the same
models, but for the engine's name in the provenance (and no confidence: servers give
none); a pool of two servers must spread the work and lose nothing when one stops.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import polib
import pytest

from .conftest import Run, install_with_argos, snapshot
from .libretranslate_server import LibreTranslateServer, install_packages
from .tools import msgfmt_check

PAIRS = ("en-fr", "en-ja", "fr-en", "ja-en")
VERSIONS = "{ " + ", ".join(f'"{pair}" = "1.0"' for pair in PAIRS) + " }"

# A release nobody here wrote: a file name with underscores (argostranslate on the server
# makes every "_" a space) and a sentence longer than a server's 256-piece output limit.
_LONG = ", ".join(
    f"the launcher and the satellite of the agency number {n} were integrated in January"
    for n in range(1, 9)
)
DATA_RELEASE = f"""\
---
title: The data of the agency
date: 2026-03-01
place: Paris
language: en
---

The agency published the file orbit_data_2026.csv and the map of the coast.

{_LONG[0].upper()}{_LONG[1:]}.
"""


@pytest.fixture(scope="module")
def server_packages(
    tmp_path_factory: pytest.TempPathFactory, archives: dict[str, Path]
) -> tuple[Path, Path]:
    """A package folder for the servers (the same packages the in-process runs install)."""
    home = tmp_path_factory.mktemp("libretranslate")
    return install_packages([archives[p] for p in PAIRS], home), home


@pytest.fixture(scope="module")
def server(server_packages: tuple[Path, Path]) -> Iterator[LibreTranslateServer]:
    packages, home = server_packages
    with LibreTranslateServer(packages, home / "a") as running:
        yield running


def _pending_workspace(root: Path) -> Path:
    """The sample workspace with no catalogues (every segment pending) and a second
    release, in Markdown."""
    shutil.rmtree(root / "locale")
    (root / "sources" / "pr200-2026.md").write_text(DATA_RELEASE, encoding="utf-8")
    return root


def _use_libretranslate(root: Path, *urls: str, **settings: str) -> None:
    config = root / "transpress.toml"
    table = "\n".join(f"{key} = {value}" for key, value in settings.items())
    quoted = ", ".join(f'"{url}"' for url in urls)
    config.write_text(
        'engine = "libretranslate"\n'
        + config.read_text(encoding="utf-8")
        + f"\n[engines.libretranslate]\nurls = [{quoted}]\n{table}\n",
        encoding="utf-8",
    )


def _drafts(root: Path) -> dict[tuple[str, str, str], tuple[str, bool, list[str]]]:
    """Every entry of every catalogue: its msgstr, fuzzy flag and provenance lines."""
    found = {}
    for path in sorted((root / "locale").glob("*/LC_MESSAGES/*.po")):
        for entry in polib.pofile(str(path)):
            provenance = [line for line in entry.tcomment.splitlines() if line.startswith("mt: ")]
            key = (path.parts[-3], path.stem, entry.msgid)
            found[key] = (entry.msgstr, "fuzzy" in entry.flags, provenance)
    return found


@pytest.fixture
def in_process(
    tmp_path: Path, workspace: Path, run: Run, packages: Path, archives: dict[str, Path]
) -> dict[tuple[str, str, str], tuple[str, bool, list[str]]]:
    """The drafts `transpress translate` makes in-process with the same packages."""
    local = _pending_workspace(shutil.copytree(workspace, tmp_path / "local"))
    install_with_argos(*(archives[p] for p in PAIRS))
    result = run("-C", local, "translate")
    assert result.code == 0, result.err
    shutil.rmtree(packages)  # the remote runs must not find these
    return _drafts(local)


def test_drafts_made_by_a_libretranslate_server_are_the_in_process_drafts(
    workspace: Path,
    run: Run,
    server: LibreTranslateServer,
    in_process: dict[tuple[str, str, str], tuple[str, bool, list[str]]],
) -> None:
    remote = _pending_workspace(workspace)
    _use_libretranslate(remote, server.url, versions=VERSIONS)
    result = run("-C", remote, "translate")
    assert result.code == 0, result.err
    drafts = _drafts(remote)
    assert drafts.keys() == in_process.keys()
    for key, (msgstr, fuzzy, provenance) in drafts.items():
        local_msgstr, local_fuzzy, local_provenance = in_process[key]
        assert (msgstr, fuzzy) == (local_msgstr, local_fuzzy), key
        expected = [p.replace("mt: argos ", "mt: libretranslate ") for p in local_provenance]
        if "_" in key[2]:  # the server would make "_" a space: the file name was masked
            expected.append("mt: placeholders [X1X]")
        assert provenance == expected, key
    fr = {k[2]: v for k, v in drafts.items() if k[:2] == ("fr", "pr200-2026")}
    # The swap model's work is visible, the file name came back whole, the long sentence
    # was sent in clauses and joined again (as long as the source: the model copies).
    name = "The agency published the file orbit_data_2026.csv and the map of the coast."
    assert fr[name][0] == "The agency published le file orbit_data_2026.csv et le map de le coast."
    long = next(m for m in fr if m.startswith("The launcher"))
    assert fr[long][0].count(", ") == long.count(", ") and fr[long][0].endswith("January.")
    assert fr[long][2][0] == "mt: libretranslate translate-en_fr 1.0"
    for path in (remote / "locale").glob("*/LC_MESSAGES/*.po"):
        msgfmt_check(path)
    # The memory key holds the pinned version: a second run asks the server nothing.
    requests = server.requests()
    again = run("-C", remote, "translate", "--json")
    assert again.code == 0 and json.loads(again.out)["translated"] == 0
    assert server.requests() == requests


def test_an_unpinned_pair_says_so_and_is_not_remembered(
    workspace: Path, run: Run, server: LibreTranslateServer
) -> None:
    remote = _pending_workspace(workspace)
    _use_libretranslate(remote, server.url)
    listed = run("-C", remote, "models", "list")
    assert listed.code == 0, listed.err
    assert "engine: libretranslate" in listed.out
    assert "en→fr  translate-en_fr unpinned" in listed.out
    assert "en→ja: direct (libretranslate translate-en_ja unpinned)" in listed.out
    assert "ja→fr: direct" in listed.out  # the server pivots itself: one model to transpress
    assert "the libretranslate engine does not offer it" not in listed.out
    first = run("-C", remote, "translate", "--lang", "ja", "--json")
    assert first.code == 0, first.err
    assert json.loads(first.out)["translated"] > 0
    po = polib.pofile(str(remote / "locale" / "ja" / "LC_MESSAGES" / "pr200-2026.po"))
    assert "mt: libretranslate translate-en_ja unpinned" in po[0].tcomment
    # Nothing was remembered under a version nobody knows: --refresh asks the server again.
    requests = server.requests()
    assert run("-C", remote, "translate", "--lang", "ja", "--refresh").code == 0
    assert server.requests() > requests


def test_no_server_answering_is_exit_8_and_nothing_is_written(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    remote = _pending_workspace(workspace)
    run("-C", remote, "extract")
    _use_libretranslate(remote, "http://127.0.0.1:9", "http://127.0.0.1:9/lt")
    before = snapshot(remote)
    result = run("-C", remote, "translate")
    assert result.code == 8
    [line] = result.err.splitlines()
    assert line.startswith("transpress: error: no LibreTranslate server answers (")
    assert "http://127.0.0.1:9: connection refused" in line
    assert "[engines.libretranslate] urls" in line
    memory = ".transpress/memory.sqlite3"  # every translate adds the reviewed work to it
    assert {k: v for k, v in snapshot(remote).items() if k != memory} == before


def test_bad_engine_settings_name_the_key_and_the_file(workspace: Path, run: Run) -> None:
    _use_libretranslate(workspace, "ftp://example.org")
    result = run("-C", workspace, "translate")
    assert result.code == 4
    assert result.err.strip() == (
        "transpress: error: transpress.toml: [engines.libretranslate] urls must hold http:// "
        "or https:// addresses, got 'ftp://example.org'"
    )


def test_two_servers_share_the_work_and_one_stopping_loses_nothing(
    tmp_path: Path,
    workspace: Path,
    run: Run,
    server_packages: tuple[Path, Path],
    in_process: dict[tuple[str, str, str], tuple[str, bool, list[str]]],
) -> None:
    packages, _ = server_packages
    remote = _pending_workspace(workspace)
    with (
        LibreTranslateServer(packages, tmp_path / "b") as first,
        LibreTranslateServer(packages, tmp_path / "c") as second,
    ):
        _use_libretranslate(remote, first.url, second.url, versions=VERSIONS, batch="1")

        at_kill: list[int] = []

        def stop_the_second_mid_run() -> None:
            deadline = time.monotonic() + 60
            while second.requests() < 5 and time.monotonic() < deadline:
                time.sleep(0.01)
            second.process.kill()  # type: ignore[union-attr]  # started above
            at_kill.append(first.requests())

        stopper = threading.Thread(target=stop_the_second_mid_run)
        stopper.start()
        result = run("-C", remote, "translate", "--no-back-check", "--json")
        stopper.join()
        assert result.code == 0, result.err
        summary = json.loads(result.out)
        assert summary["unanswered"] == 0
        assert second.requests() >= 5 and first.requests() > 0
        assert first.requests() > at_kill[0]  # the first took over once the second was gone
        assert second.process.poll() is not None  # type: ignore[union-attr]
    drafts = _drafts(remote)
    assert {k: v[:2] for k, v in drafts.items()} == {k: v[:2] for k, v in in_process.items()}


class _Proxy(BaseHTTPRequestHandler):
    """In front of a real server: answers 429 to the first /translate, and HTTP 500 to
    any request holding a segment naming Le Gall (a server failing on one segment)."""

    upstream: str
    seen: list[int]
    away = False  # answer every /translate 503, as nginx does when its pool is down

    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""

    def do_GET(self) -> None:
        self._forward(None)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        payload = json.loads(body)
        self.seen.append(len(payload["q"]))
        if self.away:
            self._answer(503, b'{"error": "Translation pool unavailable"}')
        elif len(self.seen) == 1:
            self._answer(429, b'{"error": "Slow down"}', {"Retry-After": "0"})
        elif any("Le Gall" in text for text in payload["q"]):
            self._answer(500, b'{"error": "Cannot translate text"}')
        else:
            self._forward(body)

    def _forward(self, body: bytes | None) -> None:
        host, port = self.upstream.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        headers = {"Content-Type": "application/json"} if body else {}
        connection.request(self.command, self.path, body=body, headers=headers)
        answer = connection.getresponse()
        self._answer(answer.status, answer.read())

    def _answer(self, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@contextlib.contextmanager
def _proxy(upstream: str, *, away: bool = False) -> Iterator[tuple[str, list[int]]]:
    """A _Proxy in front of `upstream`: its URL, and the size of each /translate it got."""
    seen: list[int] = []
    handler = type("Proxy", (_Proxy,), {"upstream": upstream, "seen": seen, "away": away})
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    serving = threading.Thread(target=proxy.serve_forever, kwargs={"poll_interval": 0.02})
    serving.start()
    try:
        yield f"http://127.0.0.1:{proxy.server_port}", seen
    finally:
        proxy.shutdown()
        proxy.server_close()
        serving.join()


def test_one_failing_segment_costs_only_itself_and_429_is_retried(
    workspace: Path, run: Run, server: LibreTranslateServer
) -> None:
    remote = _pending_workspace(workspace)
    with _proxy(server.url) as (url, seen):
        _use_libretranslate(remote, url, versions=VERSIONS, backoff="0.01")
        result = run("-C", remote, "translate", "--lang", "fr", "--no-back-check", "--json")
    assert result.code == 0, result.err
    [pair] = json.loads(result.out)["pairs"]
    kourou = {m[2] for m in _drafts(remote) if "Le Gall" in m[2]}  # distinct segments
    assert pair["failed"] == len(kourou) >= 1
    assert pair["translated"] == pair["pending"] - len(kourou)
    assert seen[0] > 1 and 1 in seen  # the batch was split down to the failing segment
    for key, (msgstr, _, _) in _drafts(remote).items():
        if key[0] == "fr":
            assert bool(msgstr) == ("Le Gall" not in key[2]), key


def test_a_servers_char_limit_cuts_clauses_and_refuses_only_what_cannot_be_cut(
    workspace: Path, run: Run, server_packages: tuple[Path, Path], tmp_path: Path
) -> None:
    packages, _ = server_packages
    remote = _pending_workspace(workspace)
    uncut = " ".join(["the satellite of the agency"] * 14) + "."  # 390 characters, no comma
    source = remote / "sources" / "pr200-2026.md"
    source.write_text(source.read_text(encoding="utf-8") + f"\n{uncut[0].upper()}{uncut[1:]}\n")
    with LibreTranslateServer(packages, tmp_path / "limited", "--char-limit", "300") as limited:
        _use_libretranslate(remote, limited.url, versions=VERSIONS)
        result = run("-C", remote, "translate", "--lang", "fr", "--no-back-check", "--json")
    assert result.code == 0, result.err
    [pair] = json.loads(result.out)["pairs"]
    assert pair["failed"] == 1
    po = polib.pofile(str(remote / "locale" / "fr" / "LC_MESSAGES" / "pr200-2026.po"))
    assert [e.msgid[:20] for e in po if not e.msgstr] == ["The satellite of the"]
    long = next(e for e in po if e.msgid.startswith("The launcher"))
    assert len(long.msgid) > 600 and long.msgstr.endswith("January.")  # sent in clauses


def test_a_pool_that_answers_503_leaves_the_segments_pending_and_exits_8(
    workspace: Path, run: Run, server: LibreTranslateServer
) -> None:
    remote = _pending_workspace(workspace)
    run("-C", remote, "extract")
    before = snapshot(remote / "locale")
    with _proxy(server.url, away=True) as (url, seen):
        _use_libretranslate(remote, url, versions=VERSIONS, backoff="0.01", retries="1")
        result = run("-C", remote, "translate", "--lang", "fr")
    assert result.code == 8
    assert result.err.splitlines()[-1].startswith("transpress: error: ")
    assert "segment(s) not translated: no machine-translation server answered" in result.err
    assert "unanswered (no server)" in result.out
    assert snapshot(remote / "locale") == before  # nothing drafted: they are still pending
    assert all(size > 1 for size in seen)  # an absent pool is not searched for a bad segment


def test_a_hung_server_times_out_and_the_other_does_the_work(
    tmp_path: Path,
    workspace: Path,
    run: Run,
    server_packages: tuple[Path, Path],
    server: LibreTranslateServer,
) -> None:
    packages, _ = server_packages
    remote = _pending_workspace(workspace)
    with LibreTranslateServer(packages, tmp_path / "hung") as hung:
        assert hung.process is not None
        hung.process.send_signal(signal.SIGSTOP)  # accepts connections, never answers
        try:
            _use_libretranslate(
                remote, hung.url, server.url, versions=VERSIONS, timeout="3", batch="4"
            )
            started = time.monotonic()
            result = run("-C", remote, "translate", "--lang", "fr", "--no-back-check", "--json")
            elapsed = time.monotonic() - started
        finally:
            hung.process.send_signal(signal.SIGCONT)
    assert result.code == 0, result.err
    [pair] = json.loads(result.out)["pairs"]
    assert pair["translated"] == pair["pending"] and pair["failed"] == 0
    assert elapsed < 40  # two timeouts of three seconds put it out of the run


def test_a_servers_batch_limit_is_met_by_smaller_requests(
    tmp_path: Path, workspace: Path, run: Run, server_packages: tuple[Path, Path]
) -> None:
    packages, _ = server_packages
    remote = _pending_workspace(workspace)
    with LibreTranslateServer(packages, tmp_path / "small", "--batch-limit", "3") as small:
        _use_libretranslate(remote, small.url, versions=VERSIONS, batch="16")
        result = run("-C", remote, "translate", "--lang", "fr", "--no-back-check", "--json")
    assert result.code == 0, result.err
    [pair] = json.loads(result.out)["pairs"]
    assert pair["translated"] == pair["pending"] > 16 and pair["failed"] == 0


def test_an_api_key_is_sent_and_a_missing_one_stops_the_run_in_one_line(
    tmp_path: Path,
    workspace: Path,
    run: Run,
    server_packages: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    packages, _ = server_packages
    keys = tmp_path / "keys" / "api_keys.db"
    keys.parent.mkdir()
    remote = _pending_workspace(workspace)
    run("-C", remote, "extract")
    flags = ("--api-keys", "--api-keys-db-path", str(keys), "--under-attack")
    with LibreTranslateServer(packages, tmp_path / "keyed", *flags) as keyed:
        manage = Path(keyed.args[0]).with_name("ltmanage")
        subprocess.run(
            [manage, "keys", "--api-keys-db-path", keys, "add", "1000", "--key", "k-123"],
            check=True,
            capture_output=True,
            env=keyed.env,
        )
        _use_libretranslate(remote, keyed.url, versions=VERSIONS, api_key_env='"NEWSROOM_MT_KEY"')
        before = snapshot(remote / "locale")
        refused = run("-C", remote, "translate", "--lang", "fr")
        assert refused.code == 8
        [line] = refused.err.splitlines()
        assert "refused the request (HTTP 400: 'Please contact the server operator" in line
        assert "NEWSROOM_MT_KEY" in line
        assert snapshot(remote / "locale") == before
        monkeypatch.setenv("NEWSROOM_MT_KEY", "k-123")
        accepted = run("-C", remote, "translate", "--lang", "fr", "--json")
    assert accepted.code == 0, accepted.err
    assert json.loads(accepted.out)["translated"] > 0
