"""The review dashboard: its view model, its HTML, and the page as a real browser shows it."""

from __future__ import annotations

import shutil
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from transpress.render import Renderer
from transpress.report import Dashboard, build_report, write_report
from transpress.workspace import find_workspace

from . import browser
from .browser import ARTIFACTS, Chromium, Page, require_chromium, serve
from .conftest import REPO, Run, machine_note, put_in_review

SEED = "pr051-2016"
FR = f"locale/fr/LC_MESSAGES/{SEED}.po"
JA = f"locale/ja/LC_MESSAGES/{SEED}.po"
JA_DRAFT = "CNES、日仏宇宙対話に深く関与"


@dataclass(frozen=True)
class Finding:
    """A QA finding shaped like `transpress check`'s."""

    file: str
    line: int
    msgid: str
    rule: str
    severity: str
    message: str


FINDINGS = (
    Finding(FR, 22, "Friday 11 March", "french-spacing", "warning", "no narrow space before “:”"),
    Finding(FR, 31, "<b>11</b> March", "numbers", "error", "the number 11 is missing"),
)


def dashboard(root: Path, findings: Sequence[Finding] | None = None) -> Dashboard:
    """The dashboard of the workspace at `root`."""
    return build_report(find_workspace(root), findings=findings)


def test_progress_per_language(workspace: Path) -> None:
    put_in_review(workspace)
    (release,) = dashboard(workspace).releases
    assert (release.release_id, release.source_lang, release.source_language) == (
        SEED,
        "en",
        "English",
    )
    fr, ja = release.languages
    assert (fr.lang, fr.language, fr.path, fr.percent_text) == ("fr", "Français", FR, "77.8%")
    assert (fr.reviewed, fr.total) == (14, 18)
    assert {s.state: s.segments for s in fr.shares} == {
        "reviewed": 14,
        "machine": 1,
        "outdated": 1,
        "fuzzy": 1,
        "untranslated": 1,
    }
    assert (ja.language, ja.percent_text, ja.reviewed, ja.total) == ("日本語", "94.4%", 17, 18)


def test_waiting_entries_are_located_in_their_catalogue_and_source(workspace: Path) -> None:
    put_in_review(workspace)
    fr, ja = dashboard(workspace).releases[0].languages
    assert [(e.location, e.state) for e in fr.waiting] == [
        (f"{FR}:23", "machine"),
        (f"{FR}:35", "outdated"),
        (f"{FR}:47", "fuzzy"),
        (f"{FR}:59", "untranslated"),
    ]
    machine = fr.waiting[0]
    assert machine.label == "machine draft"
    assert machine.sources == ("sources/pr051-2016.txt:8",)
    assert machine.comments == tuple(
        machine_note("argos translate-en_fr 1.9", machine.msgstr, machine.msgid).splitlines()
    )
    assert machine.msgstr.startswith("La première réunion")
    assert [(e.location, e.msgstr) for e in ja.waiting] == [(f"{JA}:18", JA_DRAFT)]


def test_findings_most_serious_first_with_relative_locations(workspace: Path) -> None:
    absolute = Finding(str(workspace / JA), 0, "x", "identical", "info", "same as the source")
    report = dashboard(workspace, findings=[absolute, *FINDINGS])
    assert [(f.severity, f.location, f.rule) for f in report.findings] == [
        ("error", f"{FR}:31", "numbers"),
        ("warning", f"{FR}:22", "french-spacing"),
        ("info", JA, "identical"),
    ]
    assert (report.checked, report.count("error"), report.count("warning")) == (True, 1, 1)
    assert not dashboard(workspace).checked


def test_findings_of_transpress_check_are_listed(workspace: Path) -> None:
    from transpress.qa import check_catalogues

    path = workspace / FR
    path.write_text(path.read_text("utf-8").replace("11 mars", "12 mars"), "utf-8")
    ws = find_workspace(workspace)
    report = build_report(ws, findings=check_catalogues(ws, languages=["fr"]).findings)
    assert ("error", f"{FR}:23") in [(f.severity, f.location) for f in report.findings]


def test_html_is_escaped_reproducible_and_dated_from_source_date_epoch(
    workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_in_review(workspace)
    ws = find_workspace(workspace)
    first = write_report(ws, build_report(ws, findings=FINDINGS))
    assert first.path == workspace / "output" / "report.html" and first.written
    html = first.path.read_text("utf-8")
    assert "&lt;b&gt;11&lt;/b&gt; March" in html and "<b>11" not in html
    assert "<time>2016-03-11 00:00 UTC</time>" in html
    assert not write_report(ws, build_report(ws, findings=FINDINGS)).written
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert "<time>" not in Renderer().render_report(build_report(ws, findings=FINDINGS))


def test_page_is_self_contained(workspace: Path) -> None:
    put_in_review(workspace)
    ws = find_workspace(workspace)
    html = write_report(ws, build_report(ws, findings=FINDINGS)).path.read_text("utf-8")
    assert "<script" not in html and "url(" not in html and "@import" not in html
    assert 'src="' not in html and "http://" not in html and "https://" not in html


def test_a_workspace_template_overrides_the_packaged_one(workspace: Path) -> None:
    (workspace / "templates").mkdir()
    (workspace / "templates" / "report.html.j2").write_text(
        "{{ dashboard.waiting }} waiting\n", "utf-8"
    )
    ws = find_workspace(workspace)
    assert write_report(ws, build_report(ws)).path.read_text("utf-8") == "0 waiting\n"


def test_cli_writes_the_report(workspace: Path, run: Run) -> None:
    put_in_review(workspace)
    result = run("-C", workspace, "report", "--lang", "fr", "-o", workspace / "r.html")
    assert result.code == 0, result.err
    assert "77.8%" in (workspace / "r.html").read_text("utf-8")


# --- In a real browser ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Page:
    """The dashboard of a workspace under review, as Chromium renders it from 127.0.0.1.

    Module-scoped: two Chromium runs (DOM, screenshot) serve every browser test here.
    """
    chromium = Chromium(require_chromium(), tmp_path_factory.mktemp("chromium"))
    root = tmp_path_factory.mktemp("report")  # the sample workspace, as conftest copies it
    shutil.copy(REPO / "transpress.toml", root)
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locale", root / "locale")
    put_in_review(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1457654400")
        ws = find_workspace(root)
        path = write_report(ws, build_report(ws, findings=FINDINGS)).path
    with serve(path.parent) as server:
        started = time.monotonic()
        loaded = chromium.load(server.url("report.html"))
        shot = chromium.screenshot(
            server.url("report.html"), ARTIFACTS / "report.png", size=(1280, 1800)
        )
        print(f"screenshot: {shot} ({time.monotonic() - started:.1f}s in Chromium)")
        assert server.requests == [("/report.html", 200)] * 2, server.requests
    return loaded


def test_browser_shows_progress_per_language(page: Page) -> None:
    fr = page.document.by_id(f"progress-{SEED}-fr")
    ja = page.document.by_id(f"progress-{SEED}-ja")
    assert fr.text.startswith("Français fr 77.8% reviewed (14/18 segments)")
    assert ja.text.startswith("日本語 ja 94.4% reviewed (17/18 segments)")
    (bar,) = fr.find_all("progress")
    assert (bar.attrs["value"], bar.attrs["max"]) == ("77.8", "100")
    assert "5 entries awaiting review" in page.document.by_id("summary").text


def test_browser_shows_waiting_entries_with_po_locations(page: Page) -> None:
    tables = page.document.find_all("table", cls="waiting")
    fr_rows = [r.text for r in tables[0].find_all("tr")[1:]]
    assert fr_rows[0].startswith(f"{FR}:23 machine draft The inaugural meeting")
    assert [r.split()[0] for r in fr_rows] == [f"{FR}:23", f"{FR}:35", f"{FR}:47", f"{FR}:59"]
    (ja_row,) = [r.text for r in tables[1].find_all("tr")[1:]]
    assert ja_row.startswith(f"{JA}:18 machine draft CNES closely involved")
    assert JA_DRAFT in ja_row
    translations = [e for e in tables[1].find_all("span", cls="text") if e.attrs["lang"] == "ja"]
    assert [e.text for e in translations] == [JA_DRAFT]


def test_browser_shows_findings_and_logs_nothing(page: Page) -> None:
    (table,) = page.document.find_all("table", cls="findings")
    rows = [r.text for r in table.find_all("tr")[1:]]
    assert rows == [
        f"error {FR}:31 numbers <b>11</b> March the number 11 is missing",
        f"warning {FR}:22 french-spacing Friday 11 March no narrow space before “:”",
    ]
    assert page.console == ()


def test_without_chromium_the_browser_tests_skip_locally_but_fail_on_ci(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(browser, "find_chromium", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        browser.require_chromium()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        browser.require_chromium()
