"""HTTP downloads with limits: a connect timeout, a read timeout, a deadline for the
whole transfer and a size cap, each failure a one-line ModelError naming the URL.

urllib alone has one timeout for connecting and each read, none for a whole transfer (a
server dripping a byte a second never times out) and no size limit.
"""

from __future__ import annotations

import http.client
import io
import os
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from transpress.errors import ModelError, byte_size, one_line

_CHUNK = 2**16


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


@dataclass(frozen=True)
class Transfer:
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


def received(transfer: Transfer) -> Iterator[bytes]:
    """The body at a URL, chunk by chunk, within the transfer's timeouts, deadline and size.

    A generator, so that only network failures are turned into messages here: the
    caller's own writes (a full disk) fail as themselves.
    """
    limits = transfer.limits
    try:
        request = urllib.request.Request(transfer.url)
    except ValueError as exc:  # "unknown url type"
        raise transfer.error(f"not a URL transpress can fetch ({one_line(exc)})") from None
    opener = _opener(limits, time.monotonic() + transfer.deadline)
    try:
        with opener.open(request) as answer:
            declared = _content_length(answer)
            if declared is not None and declared > transfer.max_bytes:
                raise transfer.error(
                    f"it is {byte_size(declared)}, more than {transfer.size_limit}"
                )
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
            f"not a valid HTTP answer ({type(exc).__name__}: {one_line(exc)})"
        ) from None
    except OSError as exc:  # only network reads happen here: reset, TLS, refused...
        raise transfer.error(f"the connection failed ({one_line(exc)})") from None
