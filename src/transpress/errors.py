"""User-facing failures: one base class carrying the exit code, one subclass per failure."""

from __future__ import annotations

from pathlib import Path


class TranspressError(Exception):
    """Base class of every error the CLI reports as one line and an exit code."""

    exit_code = 1

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(self.format())

    def format(self) -> str:
        """Return `path:line: message`, leaving out what is unknown."""
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        return f"{where}{self.message}"


class InputError(TranspressError):
    """A release source cannot be read or understood."""

    exit_code = 3


class WorkspaceError(TranspressError):
    """The workspace or its transpress.toml is missing or invalid."""

    exit_code = 4


class CatalogError(TranspressError):
    """A .po or .pot catalogue cannot be read."""

    exit_code = 5


class PublishError(TranspressError):
    """A template is missing or broken, or an edition cannot be rendered."""

    exit_code = 6


class ModelError(TranspressError):
    """A translation model is missing, broken, or cannot be fetched."""

    exit_code = 8


#: A file the tool must read or write is inaccessible (permissions, disk full, a file
#: where a folder should be): reported as one line by the CLI, like every other error.
FILE_ERROR_EXIT_CODE = 7


class PluginError(TranspressError):
    """A reader, engine or check plug-in cannot be loaded or started."""

    exit_code = 14


class ServeError(TranspressError):
    """`transpress serve` cannot listen on its port (another server has it)."""

    exit_code = 15


class BusyError(TranspressError):
    """Another transpress kept the workspace locked for longer than this one would wait."""

    exit_code = 13


class OutOfDateError(TranspressError):
    """`extract --check` or `publish --check`: a file would change."""

    exit_code = 12


#: `transpress check`: warnings only, or errors.
CHECK_WARNINGS_EXIT_CODE = 9
CHECK_ERRORS_EXIT_CODE = 10
#: `transpress status --fail-under PCT`: a language is less reviewed than PCT.
STATUS_FAIL_EXIT_CODE = 11

EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "unexpected internal error (please report it)",
    2: "command-line usage error",
    InputError.exit_code: "an input file is unreadable: a release source (empty, binary, "
    "not UTF-8, no structure), a glossary, TMX or TBX file",
    WorkspaceError.exit_code: "no workspace here, transpress.toml is invalid, or an unknown "
    "--lang or git revision",
    CatalogError.exit_code: "a .po/.pot catalogue is unreadable",
    PublishError.exit_code: "a template is missing or broken",
    FILE_ERROR_EXIT_CODE: "a file cannot be read or written (permissions, disk full)",
    ModelError.exit_code: "a translation model is missing or broken, or the index or every "
    "machine-translation server is unreachable",
    CHECK_WARNINGS_EXIT_CODE: "check found warnings but no errors",
    CHECK_ERRORS_EXIT_CODE: "check found errors",
    STATUS_FAIL_EXIT_CODE: "status --fail-under: a language is below the reviewed percentage",
    OutOfDateError.exit_code: "extract --check or publish --check: a file would change",
    BusyError.exit_code: "another transpress is working on this workspace (waited for it)",
    PluginError.exit_code: "a reader, engine or check plug-in cannot be loaded (it is named)",
    ServeError.exit_code: "transpress serve cannot listen on its port (pick another: --port)",
}


# Messages about things that came from outside (a file's bytes, a server's answer).


def one_line(exc: BaseException) -> str:
    r"""An exception as a one-line reason, control characters escaped (a damaged file's
    bytes can end up in a library's message).

    >>> print(one_line(RuntimeError("byte piece <0\x18E1> is invalid\nsecond line")))
    byte piece <0\x18E1> is invalid
    """
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in line)


def shown(value: object, width: int = 60) -> str:
    """repr() of a value from outside, cut to fit a one-line message.

    >>> shown("x" * 100, width=10)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def byte_size(count: int) -> str:
    """A byte count for a message.

    >>> byte_size(3 * 2**30), byte_size(64 * 2**20), byte_size(900)
    ('3.0 GiB', '64.0 MiB', '900 bytes')
    """
    if count >= 2**30:
        return f"{count / 2**30:.1f} GiB"
    if count >= 2**20:
        return f"{count / 2**20:.1f} MiB"
    return f"{count} bytes"
