"""Use case: QA checks over the target catalogues of releases, and the report's formats."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from transpress import plugins
from transpress.buildcache import FileMemo, fingerprint, sha256_of
from transpress.catalog import CatalogEntry, read_catalog
from transpress.catalog.entries import entries_of
from transpress.checks import (
    Check,
    CheckContext,
    Severity,
    is_checkable,
    registered_checks,
    run_checks,
)
from transpress.checks.text import shorten
from transpress.errors import CHECK_ERRORS_EXIT_CODE, CHECK_WARNINGS_EXIT_CODE
from transpress.extract import release_languages
from transpress.glossary import read_glossary
from transpress.workspace import Workspace

REPORT_FORMATS = ("text", "json", "csv")
_CSV_FIELDS = ("file", "line", "severity", "rule", "message", "msgid")


@dataclass(frozen=True)
class Finding:
    """One problem in one entry of one catalogue."""

    file: str  # workspace-relative path, with slashes
    line: int
    msgid: str
    rule: str
    severity: Severity
    message: str


@dataclass(frozen=True)
class CheckReport:
    """Every finding of a run, and how much was checked."""

    findings: tuple[Finding, ...] = ()
    catalogues: int = 0
    entries: int = 0

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> int:
        """How many findings are for information only (what publish fixes itself)."""
        return sum(1 for f in self.findings if f.severity == "info")


def check_catalogues(
    workspace: Workspace,
    names: Sequence[str] = (),
    *,
    languages: Sequence[str] = (),
    checks: Iterable[Check] | None = None,
    sources: Mapping[str, str] | None = None,
) -> CheckReport:
    """Run the checks (all registered ones by default) over the target catalogues of the
    named releases (all by default), as they are on disk; a missing catalogue is skipped.

    With the registered checks, each catalogue's findings are remembered against its stamp
    (`.transpress/checks.json`, keyed on transpress's code, the plug-in checks and the
    glossary): a catalogue unchanged since the last check is not read again. `sources`: each
    release's language by id, if the caller knows them (release_languages)."""
    chosen = tuple(registered_checks() if checks is None else checks)
    # The glossary file is where machine translation reads it (see translate.py).
    glossary_data = _read_bytes(workspace.glossary_path)
    glossary = read_glossary(workspace.glossary_path)
    memo = _findings_memo(workspace, glossary_data) if checks is None else None
    findings: list[Finding] = []
    catalogues = entries = 0
    if sources is None:
        sources = release_languages(workspace, workspace.source_paths(tuple(names)))
    for release_id, source_lang in sources.items():
        for lang in workspace.config.languages:
            if lang == source_lang or (languages and lang not in languages):
                continue
            path = workspace.catalog_path(release_id, lang)
            name = workspace.relative(path)
            known = _remembered(memo, name, source_lang)
            if known is None:
                catalogue = read_catalog(path)
                if catalogue is None:
                    continue
                context = CheckContext(source_lang, lang, glossary)
                checked = [e for e in entries_of(catalogue) if is_checkable(e)]
                found = _check_entries(name, checked, context, chosen)
                known = (found, len(checked))
                if memo is not None:
                    memo.put(name, catalogue.digest, _memo_value(source_lang, *known))
            findings += known[0]
            catalogues += 1
            entries += known[1]
    if memo is not None:
        memo.save()
    return CheckReport(tuple(findings), catalogues, entries)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _findings_memo(workspace: Workspace, glossary: bytes | None) -> FileMemo:
    """The findings memo, keyed on what findings depend on beside the catalogue itself."""
    checks = plugins.signature(plugins.CHECKS)
    parts = [
        fingerprint(workspace.config, workspace.templates_dir),
        sha256_of(glossary) if glossary is not None else None,
        checks,
    ]
    key = sha256_of(json.dumps(parts).encode("utf-8"))
    return FileMemo(workspace.root, workspace.findings_path, key)


def _memo_value(source_lang: str, found: list[Finding], checked: int) -> dict[str, object]:
    rows = [[f.line, f.msgid, f.rule, f.severity, f.message] for f in found]
    return {"source": source_lang, "entries": checked, "findings": rows}


def _remembered(
    memo: FileMemo | None, name: str, source_lang: str
) -> tuple[list[Finding], int] | None:
    """A catalogue's findings and entry count from the memo, if still valid."""
    value = memo.get(name) if memo is not None else None
    if not isinstance(value, dict) or value.get("source") != source_lang:
        return None
    try:
        found = [
            Finding(name, int(line), str(msgid), str(rule), _severity(severity), str(message))
            for line, msgid, rule, severity, message in value["findings"]
        ]
        return found, int(value["entries"])
    except (KeyError, TypeError, ValueError):
        return None


def _severity(value: object) -> Severity:
    if value == "error":
        return "error"
    if value == "warning":
        return "warning"
    if value == "info":
        return "info"
    raise ValueError(f"not a severity: {value!r}")


def _check_entries(
    file: str, entries: Iterable[CatalogEntry], context: CheckContext, checks: tuple[Check, ...]
) -> list[Finding]:
    return [
        Finding(file, entry.line, entry.msgid, p.rule, p.severity, p.message)
        for entry in entries
        for p in run_checks(entry, context, checks)
    ]


def exit_code(report: CheckReport, *, fail_on: Severity = "warning") -> int:
    """0 when nothing (at `fail_on` level) was found, 9 for warnings only, 10 for errors;
    information never fails.

    >>> warning = Finding("x.po", 3, "Hi", "identical", "warning", "identical")
    >>> info = Finding("x.po", 5, "Why?", "french-spacing", "info", "…; publish fixes it")
    >>> [exit_code(CheckReport(found)) for found in ((), (warning,), (info,))]
    [0, 9, 0]
    >>> exit_code(CheckReport((warning,)), fail_on="error")
    0
    """
    if report.errors:
        return CHECK_ERRORS_EXIT_CODE
    if report.warnings and fail_on == "warning":
        return CHECK_WARNINGS_EXIT_CODE
    return 0


def render_text(report: CheckReport) -> str:
    """One line per finding (`file:line: severity: rule: message  [msgid: …]`), then totals."""
    lines = [
        f"{f.file}:{f.line}: {f.severity}: {f.rule}: {f.message}  [msgid: {shorten(f.msgid)}]"
        for f in report.findings
    ]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def summary(report: CheckReport) -> str:
    """One line of totals (information counted only when there is some).

    >>> summary(CheckReport((), 2, 36))
    '0 errors, 0 warnings in 2 catalogues (36 entries checked)'
    >>> info = Finding("x.po", 5, "Why?", "french-spacing", "info", "…; publish fixes it")
    >>> summary(CheckReport((info,), 1, 4))
    '0 errors, 0 warnings, 1 for information in 1 catalogue (4 entries checked)'
    """
    infos = f", {report.infos} for information" if report.infos else ""
    return (
        f"{_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}{infos} in "
        f"{_plural(report.catalogues, 'catalogue')} ({_plural(report.entries, 'entry')} checked)"
    )


def _plural(count: int, noun: str) -> str:
    if count == 1:
        return f"1 {noun}"
    return f"{count} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"


def render_json(report: CheckReport) -> str:
    """The findings and counts as a JSON document."""
    document = {
        "errors": report.errors,
        "warnings": report.warnings,
        "infos": report.infos,
        "catalogues": report.catalogues,
        "entries": report.entries,
        "findings": [asdict(f) for f in report.findings],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_csv(report: CheckReport) -> str:
    """The findings as CSV, one row per finding, with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CSV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {k: v for k, v in asdict(f).items() if k in _CSV_FIELDS} for f in report.findings
    )
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[CheckReport], str]] = {
    "text": render_text,
    "json": render_json,
    "csv": render_csv,
}


def render_report(report: CheckReport, fmt: str = "text") -> str:
    """The report in one of REPORT_FORMATS."""
    return RENDERERS[fmt](report)
