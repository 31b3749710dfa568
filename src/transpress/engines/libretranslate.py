"""LibreTranslate: its HTTP API, spoken to a pool of servers at once.

The only module that talks to machine-translation servers (with the standard library's
http.client: one kept-alive connection per request slot). What makes drafts safe stays in
transpress: segments arrive masked, are cut at clause boundaries when long, and come
back to be restored and verified like any engine's.

What a server does not say, or does silently, is handled here:

* `/languages` names no model version: the workspace pins one per pair
  (`[engines.libretranslate] versions`), which goes into provenance and the memory key;
  an unpinned pair's drafts are neither remembered nor recalled (`UNPINNED`);
* argostranslate on the server turns every `_` into a space and normalises text with
  NFKC, so only plain ASCII placeholders without `_` are "carried" (see `carries`), and
  a word with `_` is masked as a protected span by the caller;
* output is cut at 256 pieces without a word: segments are sent in clauses of at most
  `CLAUSE_PIECES` (estimated), and an output near the limit is flagged;
* a request fails as a whole (HTTP 500 on one bad segment, 400 over the batch limit):
  it is split in halves and retried, so that one segment never costs the others;
* 429 is a per-minute limit: waited out with back-off up to a minute; 502-504 and
  timeouts are retried, then the segments stay pending (UNANSWERED, exit 8).

Requests go to every server that offers the pair, each with at most `in_flight` at a
time (faster servers take more); 429 and 5xx answers and timeouts are retried with
back-off on any server, a server that stops answering is left out, and when none is left
the segments not translated are reported as UNANSWERED (the caller exits 8).
"""

from __future__ import annotations

import collections
import http.client
import json
import os
import socket
import ssl
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from transpress.engines import (
    UNANSWERED,
    UNPINNED,
    EngineOptions,
    Model,
    Output,
    Route,
)
from transpress.engines.clauses import clauses, estimated_pieces, joined
from transpress.errors import ModelError, WorkspaceError, one_line, shown

NAME = "libretranslate"
TABLE = f"[engines.{NAME}]"
#: argostranslate (on the server) decodes at most 256 pieces (CTranslate2's default).
OUTPUT_PIECES = 256
#: Clauses sent are at most this many pieces (estimated): French runs ~15 % longer than
#: English, and an estimate can be short.
CLAUSE_PIECES = 160
#: An output estimated this close to the limit may have been cut.
CUT_NEAR = int(OUTPUT_PIECES * 0.9)
#: The most bytes an answer may take (a hostile or broken server cannot fill memory).
MAX_ANSWER_BYTES = 32 * 2**20
#: Failures to connect in a row after which a server is left out for the rest of the run.
DOWN_AFTER = 2
#: Further attempts after a 429: with waits doubling up to a minute, at least a minute's
#: rate-limit window.
_PATIENCE = 5


@dataclass(frozen=True)
class Settings:
    """`[engines.libretranslate]` of transpress.toml."""

    urls: tuple[str, ...]
    api_key: str | None = None
    key_from: str = "the variable LIBRETRANSLATE_API_KEY"  # where the key is set
    timeout: float = 120.0  # seconds to wait for one request's answer
    in_flight: int = 2  # requests at once per server
    batch: int = 16  # segments per request (LibreTranslate's --batch-limit, if lower)
    retries: int = 3  # further attempts of a request after a 429, a 5xx or a timeout
    backoff: float = 0.5  # seconds before the first retry, doubled after each
    versions: Mapping[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> Settings:
        """Read and check the table; every mistake is a WorkspaceError naming its key."""
        known = {"urls", "api_key", "api_key_env", "timeout", "in_flight", "batch", "retries"}
        known |= {"backoff", "versions"}
        unknown = sorted(set(table) - known)
        if unknown:
            raise _bad(unknown[0], f"is not a setting; the settings are {sorted(known)}")
        urls = table.get("urls")
        if isinstance(urls, str):
            urls = [urls]
        if not isinstance(urls, list) or not urls:
            raise _bad("urls", 'must list the servers, e.g. urls = ["http://127.0.0.1:5000"]')
        for url in urls:
            parsed = urllib.parse.urlsplit(url) if isinstance(url, str) else None
            if parsed is None or parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise _bad("urls", f"must hold http:// or https:// addresses, got {shown(url)}")
        return cls(
            urls=tuple(str(u).rstrip("/") for u in dict.fromkeys(urls)),
            api_key=_api_key(table),
            key_from=_key_from(table),
            timeout=_number(table, "timeout", cls.timeout, minimum=0.1),
            in_flight=int(_number(table, "in_flight", cls.in_flight, minimum=1, integer=True)),
            batch=int(_number(table, "batch", cls.batch, minimum=1, integer=True)),
            retries=int(_number(table, "retries", cls.retries, minimum=0, integer=True)),
            backoff=_number(table, "backoff", cls.backoff, minimum=0),
            versions=_versions(table.get("versions", {})),
        )


def _bad(key: str, why: str) -> WorkspaceError:
    return WorkspaceError(f"{TABLE} {key} {why}")


def _api_key(table: Mapping[str, Any]) -> str | None:
    """`api_key_env` names the variable holding the key (default LIBRETRANSLATE_API_KEY);
    `api_key` writes it in the file (which then should not be committed)."""
    if "api_key" in table:
        if not isinstance(table["api_key"], str):
            raise _bad("api_key", "must be a string")
        return table["api_key"] or None
    variable = table.get("api_key_env", "LIBRETRANSLATE_API_KEY")
    if not isinstance(variable, str) or not variable:
        raise _bad("api_key_env", "must name an environment variable")
    return os.environ.get(variable) or None


def _key_from(table: Mapping[str, Any]) -> str:
    if "api_key" in table:
        return f"{TABLE} api_key"
    return f"the variable {table.get('api_key_env', 'LIBRETRANSLATE_API_KEY')}"


def _number(
    table: Mapping[str, Any], key: str, default: float, *, minimum: float, integer: bool = False
) -> float:
    value = table.get(key, default)
    kinds = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, kinds) or value < minimum:
        kind = "a whole number" if integer else "a number"
        raise _bad(key, f"must be {kind} of at least {minimum:g}, got {shown(value)}")
    return float(value)


def _versions(value: object) -> dict[tuple[str, str], str]:
    """`versions = { "en-fr" = "1.9" }`: the model each pair runs on the servers."""
    if not isinstance(value, dict):
        raise _bad("versions", 'must be a table such as { "en-fr" = "1.9" }')
    pins: dict[tuple[str, str], str] = {}
    for pair, version in value.items():
        codes = str(pair).replace("_", "-").split("-")
        if len(codes) != 2 or not all(codes) or not isinstance(version, str) or not version:
            raise _bad("versions", f'must map a pair to a version ("en-fr" = "1.9"), got {pair!r}')
        pins[(codes[0], codes[1])] = version
    return pins


# --- the engine ---------------------------------------------------------------------------


class LibreTranslateEngine:
    """Machine translation by LibreTranslate servers."""

    name = NAME

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        self.settings = Settings.from_table(settings or {})
        self._servers = [_Server(url) for url in self.settings.urls]
        self._asked = False

    def installed(self) -> list[Model]:
        """The pairs the servers offer (asked once), with the pinned versions."""
        self._ask()
        pairs = sorted({pair for s in self._servers for pair in s.offers})
        return [self._model(source, target) for source, target in pairs]

    def broken(self) -> list[tuple[str, str]]:
        """Servers that do not answer, and why."""
        self._ask()
        return [(s.url, s.reason) for s in self._servers if s.down]

    def open(self, route: Route, options: EngineOptions) -> LibreTranslateTranslator:
        """A translator sending the route's segments to the servers that offer each leg."""
        self._ask()
        return LibreTranslateTranslator(self.settings, self._servers, route, options)

    def install(self, source: str) -> list[Model]:
        """Servers hold their own models: nothing to install here."""
        raise ModelError(_ON_THE_SERVER)

    def remove(self, pair_or_name: str) -> list[Model]:
        """Servers hold their own models: nothing to remove here."""
        raise ModelError(_ON_THE_SERVER)

    def _model(self, source: str, target: str) -> Model:
        version = self.settings.versions.get((source, target), UNPINNED)
        return Model(NAME, f"translate-{source}_{target}", source, target, version)

    def _ask(self) -> None:
        """GET /languages from every server at once; exit 8 when none answers."""
        if self._asked:
            return
        threads = [
            threading.Thread(target=s.ask_languages, args=(self.settings,), daemon=True)
            for s in self._servers
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self._asked = True
        if all(s.down for s in self._servers):
            raise ModelError(_nobody(self._servers))


_ON_THE_SERVER = (
    "LibreTranslate servers hold their own models: install them on each server "
    "(argospm install translate-en_fr, or LibreTranslate's --update-models), or choose "
    'engine = "argos" to install models here'
)


def _nobody(servers: Sequence[_Server]) -> str:
    reasons = "; ".join(f"{s.url}: {s.reason}" for s in servers)
    return (
        f"no LibreTranslate server answers ({reasons}); start one, or fix {TABLE} urls "
        "in transpress.toml"
    )


# --- one server ---------------------------------------------------------------------------


class _Server:
    """One LibreTranslate server: what it offers, and whether it still answers."""

    def __init__(self, url: str) -> None:
        self.url = url
        parsed = urllib.parse.urlsplit(url)
        self.secure = parsed.scheme == "https"
        self.host = parsed.hostname or ""
        self.port = parsed.port
        self.prefix = parsed.path.rstrip("/")
        self.offers: set[tuple[str, str]] = set()
        self.down = False
        self.reason = ""
        self.char_limit: int | None = None  # its --char-limit, from /frontend/settings
        self.failures = 0  # failures to connect in a row

    def connect(self, timeout: float) -> http.client.HTTPConnection:
        """A new connection (kept alive for the requests of one slot)."""
        if self.secure:
            context = ssl.create_default_context()
            return http.client.HTTPSConnection(
                self.host, self.port, timeout=timeout, context=context
            )
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def ask_languages(self, settings: Settings) -> None:
        """What the server offers: every (source, target) of /languages but identities."""
        connection = self.connect(min(settings.timeout, 15.0))
        try:
            status, body = _exchange(connection, "GET", f"{self.prefix}/languages", None)
            if status != 200:
                raise _Answer(f"HTTP {status} from /languages{_said(body)}")
            self.offers = _offers(json.loads(body))
        except (OSError, http.client.HTTPException, ValueError, _Answer) as exc:
            self.down, self.reason = True, _why(exc)
            connection.close()
            return
        try:  # how long a text may be (not every server, or proxy, tells)
            status, body = _exchange(connection, "GET", f"{self.prefix}/frontend/settings", None)
            limit = json.loads(body).get("charLimit") if status == 200 else None
            if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
                self.char_limit = limit
        except (OSError, http.client.HTTPException, ValueError, AttributeError, _Answer):
            pass
        finally:
            connection.close()


def _offers(languages: object) -> set[tuple[str, str]]:
    """The pairs in a /languages answer: [{"code": "en", "targets": ["fr", …]}, …]."""
    if not isinstance(languages, list):
        raise _Answer("/languages did not answer a list of languages")
    offers = set()
    for language in languages:
        if not isinstance(language, dict) or not isinstance(language.get("code"), str):
            raise _Answer(f"/languages holds {shown(language)}, not a language")
        targets = language.get("targets", [])
        if not isinstance(targets, list):
            raise _Answer(f"/languages gives {language['code']} targets that are not a list")
        source = language["code"]
        offers |= {(source, str(t)) for t in targets if isinstance(t, str) and t != source}
    return offers


class _Answer(Exception):
    """A server's answer that cannot be used."""


def _why(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, json.JSONDecodeError):
        return "answered something that is not JSON"
    return one_line(exc)


def _said(body: bytes) -> str:
    """The server's own error message, if its answer has one."""
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return ""
    return f": {shown(error, 120)}" if isinstance(error, str) else ""


def _exchange(
    connection: http.client.HTTPConnection, method: str, path: str, payload: object
) -> tuple[int, bytes]:
    """One request on a connection; the status and at most MAX_ANSWER_BYTES of body."""
    body = None if payload is None else json.dumps(payload, ensure_ascii=False).encode("utf-8")
    headers = {"Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    data = response.read(MAX_ANSWER_BYTES + 1)
    if len(data) > MAX_ANSWER_BYTES:
        connection.close()
        raise _Answer(f"answered more than {MAX_ANSWER_BYTES // 2**20} MB")
    retry_after = response.getheader("Retry-After")
    if response.status == 429 and retry_after and retry_after.isdigit():
        raise _SlowDown(float(retry_after), data)
    return response.status, data


class _SlowDown(Exception):
    """HTTP 429 with a Retry-After in seconds."""

    def __init__(self, seconds: float, body: bytes) -> None:
        super().__init__(f"HTTP 429{_said(body)}")
        self.seconds = seconds


# --- translating --------------------------------------------------------------------------


class LibreTranslateTranslator:
    """Translates segments along a route through the servers that offer each leg."""

    def __init__(
        self, settings: Settings, servers: list[_Server], route: Route, options: EngineOptions
    ) -> None:
        self.settings = settings
        self.servers = servers
        self.route = route
        self.options = options

    def carries(self, text: str) -> bool:
        """Whether `text` survives argostranslate on the server: plain ASCII that NFKC
        leaves alone, without `_` (turned into a space)."""
        return text.isascii() and "_" not in text and unicodedata.normalize("NFKC", text) == text

    def translate(
        self, segments: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[Output]:
        """Translate every segment, leg after leg; no confidence (servers give none)."""
        outputs = [Output(text) for text in segments]
        for model in self.route.models:
            outputs = self._leg(model, outputs, progress)
        return outputs

    def _leg(
        self, model: Model, inputs: list[Output], progress: Callable[[int], None] | None
    ) -> list[Output]:
        servers = [s for s in self.servers if (model.from_code, model.to_code) in s.offers]
        size = _clause_size(min((s.char_limit for s in servers if s.char_limit), default=None))
        pieces: list[tuple[int, str]] = [  # (input index, clause)
            (index, clause)
            for index, item in enumerate(inputs)
            if item.text
            for clause in clauses(item.text, size, CLAUSE_PIECES)
        ]
        left = collections.Counter(index for index, _ in pieces)

        def done(jobs: Sequence[int]) -> None:
            finished = 0
            for job in jobs:
                index = pieces[job][0]
                left[index] -= 1
                finished += left[index] == 0
            if progress is not None and finished:
                progress(finished)

        pool = _Pool(self.settings, servers, (model.from_code, model.to_code))
        alternatives = self.options.alternatives
        answers = pool.run([text for _, text in pieces], alternatives, done)
        found: dict[int, list[_Result]] = collections.defaultdict(list)
        for (index, _), answer in zip(pieces, answers, strict=True):
            found[index].append(answer)
        outputs = []
        for index, item in enumerate(inputs):
            parts = found.get(index, [])
            failed = [p.problem for p in parts if p.text is None]
            if not item.text or failed:
                outputs.append(Output("", (*item.problems, *dict.fromkeys(failed))))
                continue
            problems = list(item.problems)
            if any(estimated_pieces(p.text or "") >= CUT_NEAR for p in parts):
                problems.append(
                    f"the output may be cut (LibreTranslate stops at {OUTPUT_PIECES} pieces); "
                    "split the sentence in the source"
                )
            others = parts[0].alternatives if len(parts) == 1 else ()
            text = joined([p.text or "" for p in parts], model.to_code)
            outputs.append(Output(text, tuple(problems), None, others))
        return outputs


def _clause_size(char_limit: int | None) -> Callable[[str], int]:
    """How big a clause is against CLAUSE_PIECES: its estimated pieces, or its characters
    scaled so that the servers' character limit counts as CLAUSE_PIECES, whichever is more.

    >>> _clause_size(300)("x" * 300), _clause_size(None)("x" * 300)
    (160, 100)
    """
    if char_limit is None:
        return estimated_pieces
    return lambda text: max(estimated_pieces(text), -(-len(text) * CLAUSE_PIECES // char_limit))


@dataclass(frozen=True)
class _Result:
    """What became of one text: its translation, or why there is none."""

    text: str | None
    problem: str = ""
    alternatives: tuple[str, ...] = ()


@dataclass
class _Request:
    """Texts sent together (indices into the run's texts), and how they fared so far."""

    jobs: list[int]
    attempts: int = 0
    ready_at: float = 0.0  # not before this time (back-off)


class _Fatal(Exception):
    """An answer that ends the run (the API key refused)."""


class _Pool:
    """The run's requests, taken by `in_flight` slots per server, retried and split."""

    def __init__(self, settings: Settings, servers: list[_Server], pair: tuple[str, str]):
        self.settings = settings
        self.servers = servers
        self.pair = pair
        self.queue: collections.deque[_Request] = collections.deque()
        self.busy = 0  # requests being sent
        self.lock = threading.Condition()
        self.fatal: str | None = None

    def run(
        self, texts: list[str], alternatives: int, done: Callable[[Sequence[int]], None]
    ) -> list[_Result]:
        """Every text's result, in order (a text no server answered: UNANSWERED)."""
        self.texts, self.alternatives, self.done = texts, alternatives, done
        self.results: list[_Result | None] = [None] * len(texts)
        size = self.settings.batch
        self.queue.extend(
            _Request(list(range(i, min(i + size, len(texts))))) for i in range(0, len(texts), size)
        )
        slots = [
            threading.Thread(target=self._slot, args=(server,), daemon=True)
            for server in self.servers
            if not server.down
            for _ in range(self.settings.in_flight)
        ]
        for slot in slots:
            slot.start()
        for slot in slots:
            slot.join()
        if self.fatal is not None:
            raise ModelError(self.fatal)
        nobody = f"{UNANSWERED} ({_nobody(self.servers)})"
        return [r if r is not None else _Result(None, nobody) for r in self.results]

    def _slot(self, server: _Server) -> None:
        """Take requests and send them to `server` until none is left (or it is down)."""
        connection: http.client.HTTPConnection | None = None
        try:
            while (request := self._take(server)) is not None:
                connection = connection or server.connect(self.settings.timeout)
                try:
                    answer = self._send(connection, server, request)
                except (OSError, http.client.HTTPException, _Answer, _SlowDown) as exc:
                    connection.close()
                    connection = None
                    self._failed(server, request, exc)
                    continue
                self._answered(server, request, *answer)
        finally:
            if connection is not None:
                connection.close()

    def _take(self, server: _Server) -> _Request | None:
        """The next request ready to send, waiting out back-offs; None when the run is over
        for this slot (nothing left anywhere, the server is down, or the run failed)."""
        with self.lock:
            while True:
                if server.down or self.fatal is not None:
                    return None
                now = time.monotonic()
                ready = next((r for r in self.queue if r.ready_at <= now), None)
                if ready is not None:
                    self.queue.remove(ready)
                    self.busy += 1
                    return ready
                if not self.queue and not self.busy:
                    return None
                soonest = min((r.ready_at for r in self.queue), default=now + 0.05)
                self.lock.wait(max(0.01, min(soonest - now, 0.25)))

    def _send(
        self, connection: http.client.HTTPConnection, server: _Server, request: _Request
    ) -> tuple[int, bytes]:
        payload: dict[str, Any] = {
            "q": [self.texts[job] for job in request.jobs],
            "source": self.pair[0],
            "target": self.pair[1],
            "format": "text",
        }
        if self.alternatives:
            payload["alternatives"] = self.alternatives
        if self.settings.api_key:
            payload["api_key"] = self.settings.api_key
        return _exchange(connection, "POST", f"{server.prefix}/translate", payload)

    def _answered(self, server: _Server, request: _Request, status: int, body: bytes) -> None:
        with self.lock:
            self.busy -= 1
            server.failures = 0
            if status == 200:
                try:
                    texts, others = _translations(body, len(request.jobs))
                except _Answer as exc:
                    self._retry(request, f"{server.url} {exc}")
                else:
                    for job, text, alternatives in zip(request.jobs, texts, others, strict=True):
                        self.results[job] = _Result(text, alternatives=alternatives)
                    self.done(request.jobs)
            elif status in (401, 403) or (status == 400 and b"API key" in body):
                self.fatal = (
                    f"{server.url} refused the request (HTTP {status}{_said(body)}); set its "
                    f"API key in {self.settings.key_from}"
                )
            elif status in (400, 413, 500) and len(request.jobs) > 1:
                self._split(request)  # one text may be at fault: find it, keep the others
            elif status == 500:
                self._retry(request, f"{server.url} HTTP 500{_said(body)}")
            elif status == 429:  # a rate limit (LibreTranslate's are per minute)
                self._retry(request, f"{server.url} HTTP 429{_said(body)}", patient=True)
            elif status >= 500:  # 502, 503, 504: the server (or its proxy's pool) is away
                self._retry(request, f"{server.url} HTTP {status}{_said(body)}", away=True)
            else:
                self._give_up(request, f"{server.url} HTTP {status}{_said(body)}")
            self.lock.notify_all()

    def _failed(self, server: _Server, request: _Request, exc: BaseException) -> None:
        """A request got no answer: no connection, a timeout, a cut or unusable answer."""
        with self.lock:
            self.busy -= 1
            if isinstance(exc, _SlowDown):
                self._retry(request, f"{server.url} {exc}", wait=exc.seconds, patient=True)
            else:
                server.failures += 1
                refused = isinstance(exc, ConnectionRefusedError)
                if refused or server.failures >= DOWN_AFTER:
                    server.down, server.reason = True, _why(exc)
                if refused:  # it never reached the server: another takes it, at no cost
                    self.queue.appendleft(request)
                else:  # a timeout, a cut connection: the server, or one slow segment
                    self._retry(request, f"{server.url} {_why(exc)}", away=True)
            self.lock.notify_all()

    def _retry(
        self,
        request: _Request,
        why: str,
        *,
        wait: float = 0.0,
        patient: bool = False,
        away: bool = False,
    ) -> None:
        """Send the request again after a back-off (to any server). Out of attempts, when
        the server was `away` (502-504, a timeout) or rate-limiting (`patient`: a minute's
        worth of attempts), its texts are UNANSWERED and stay pending; else (a 500) the
        request is split, one of its texts may be at fault, and a lone text given up."""
        request.attempts += 1
        limit = self.settings.retries + (_PATIENCE if patient else 0)
        if request.attempts > limit:
            if away or patient:
                self._give_up(request, why, unanswered=True)
            elif len(request.jobs) > 1:
                self._split(request)
            else:
                self._give_up(request, why)
            return
        delay = max(wait, self.settings.backoff * 2 ** (request.attempts - 1))
        if patient:
            delay = min(60.0, max(delay, 1.0))
        request.ready_at = time.monotonic() + delay
        self.queue.append(request)

    def _split(self, request: _Request) -> None:
        half = len(request.jobs) // 2
        for jobs in (request.jobs[:half], request.jobs[half:]):
            self.queue.appendleft(_Request(jobs))

    def _give_up(self, request: _Request, why: str, *, unanswered: bool = False) -> None:
        problem = (
            f"{UNANSWERED} ({why})" if unanswered else f"the server could not translate it ({why})"
        )
        for job in request.jobs:
            self.results[job] = _Result(None, problem)
        self.done(request.jobs)


def _translations(body: bytes, count: int) -> tuple[list[str], list[tuple[str, ...]]]:
    """`translatedText` (and `alternatives`) of a /translate answer for `count` texts."""
    try:
        answer = json.loads(body)
    except ValueError:
        raise _Answer("answered something that is not JSON") from None
    texts = answer.get("translatedText") if isinstance(answer, dict) else None
    if (
        not isinstance(texts, list)
        or len(texts) != count
        or not all(isinstance(t, str) for t in texts)
    ):
        raise _Answer(f"answered {shown(answer)} instead of {count} translations")
    others = answer.get("alternatives", [])
    if not isinstance(others, list) or len(others) != count:
        others = [[] for _ in texts]
    alternatives = [
        tuple(a for a in item if isinstance(a, str)) if isinstance(item, list) else ()
        for item in others
    ]
    return texts, alternatives
