"""The review dashboard: its view model, its HTML, and the page as a real browser shows it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from transpress.catalog.entries import draft_stamp
from transpress.render import Renderer
from transpress.report import Dashboard, build_report, write_report
from transpress.workspace import find_workspace

from . import browser
from .browser import ARTIFACTS, Chromium, require_chromium, serve
from .conftest import REPO, Run, machine_note, put_in_review
from .layout import Layout, View, measure

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


def test_waiting_entries_riskiest_first_located_in_their_catalogue_and_source(
    workspace: Path,
) -> None:
    put_in_review(workspace)
    fr, ja = dashboard(workspace).releases[0].languages
    # The source changed, then the machine draft, the fuzzy entry, the missing one.
    assert [(e.location, e.state) for e in fr.waiting] == [
        (f"{FR}:35", "outdated"),
        (f"{FR}:23", "machine"),
        (f"{FR}:47", "fuzzy"),
        (f"{FR}:59", "untranslated"),
    ]
    machine = fr.waiting[1]
    assert machine.label == "machine draft"
    assert machine.sources == ("sources/pr051-2016.txt:8",)
    assert machine.provenance == ("argos translate-en_fr 1.9",)
    assert machine.notes == ()  # the fingerprint line is transpress's, not a comment to show
    assert machine.msgstr.startswith("La première réunion")
    assert [(e.location, e.msgstr) for e in ja.waiting] == [(f"{JA}:18", JA_DRAFT)]


def test_failed_checks_come_first_then_the_least_confident_drafts(workspace: Path) -> None:
    put_in_review(workspace)
    path = workspace / FR
    po = polib.pofile(str(path))
    active = [e for e in po if not e.obsolete]
    for entry, score in zip(active[5:8], (0.91, 0.42, 0.67), strict=True):
        entry.flags.append("fuzzy")
        entry.tcomment = machine_note("argos translate-en_fr 1.9", entry.msgstr, entry.msgid, score)
    po.save()
    untranslated = next(e for e in polib.pofile(str(path)) if not e.msgstr)
    failed = Finding(FR, untranslated.linenum, untranslated.msgid, "numbers", "error", "x")
    fr = dashboard(workspace, findings=[failed]).releases[0].languages[0]
    assert [(e.state, e.score) for e in fr.waiting] == [
        ("untranslated", None),  # a failed check outranks everything
        ("outdated", None),
        ("machine", 0.42),
        ("machine", 0.67),
        ("machine", 0.91),
        ("machine", None),
        ("fuzzy", None),
    ]
    assert fr.waiting[0].findings[0].rule == "numbers" and fr.to_do


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
    assert "Generated by transpress on 11 Mar 2016, 00:00:00." in html
    assert not write_report(ws, build_report(ws, findings=FINDINGS)).written
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert "Generated by transpress." in Renderer().render_report(build_report(ws))


def test_page_is_self_contained_and_its_one_script_is_inline(workspace: Path) -> None:
    put_in_review(workspace)
    ws = find_workspace(workspace)
    html = write_report(ws, build_report(ws, findings=FINDINGS)).path.read_text("utf-8")
    assert html.count("<script") == 1 and "<script>" in html  # no src: nothing fetched
    assert "url(" not in html and "@import" not in html
    assert 'src="' not in html and "http://" not in html and "https://" not in html


def test_no_fingerprint_or_other_internal_note_is_shown(workspace: Path) -> None:
    put_in_review(workspace)
    path = workspace / FR
    po = polib.pofile(str(path))
    draft = next(e for e in po if "fuzzy" in e.flags and e.tcomment)
    draft.tcomment += "\nmt-score: 0.42\nmt-check: back-translation drifted (chrF 31)"
    draft.tcomment += "\nmt-alt: Une autre traduction.\nCheck the date with the press office."
    po.save()
    ws = find_workspace(workspace)
    html = write_report(ws, build_report(ws)).path.read_text("utf-8")
    for internal in (
        "mt-draft",
        "mt-score",
        "mt-check",
        "mt-alt",
        "mt: ",
        draft_stamp(draft.msgstr),
    ):
        assert internal not in html, internal
    assert "Draft from: argos translate-en_fr 1.9" in html
    assert "confidence 0.42" in html
    assert "Machine check: back-translation drifted (chrF 31)" in html
    assert "Check the date with the press office." in html  # the translator's own comment


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
    assert (
        result.out
        == f"{workspace / 'r.html'} written: 4 entries awaiting review, 0 errors, 0 warnings\n"
    )
    html = (workspace / "r.html").read_text("utf-8")
    assert '<html lang="en">' in html and "77.8% reviewed" in html and "日本語" not in html


def test_cli_report_in_the_workspace_language_or_ui_lang(workspace: Path, run: Run) -> None:
    put_in_review(workspace)
    config = workspace / "transpress.toml"
    config.write_text(config.read_text("utf-8") + '\nreport_language = "fr"\n', "utf-8")
    assert run("-C", workspace, "report").code == 0
    html = (workspace / "output" / "report.html").read_text("utf-8")
    assert '<html lang="fr">' in html and "<title>Relecture des traductions</title>" in html
    assert "77,8\xa0% relus" in html and "brouillon automatique" in html  # CLDR's French
    assert "Produit par transpress le 11 mars 2016, 00:00:00." in html
    assert "Translation review" not in html and "machine draft" not in html
    assert run("-C", workspace, "report", "--ui-lang", "ja").code == 0
    html = (workspace / "output" / "report.html").read_text("utf-8")
    assert '<html lang="ja">' in html and "<title>翻訳レビュー</title>" in html
    assert "レビュー待ち 5 件" in html and "レビュー済み 77.8%" in html


def test_an_unknown_report_language_is_one_line_naming_the_file(workspace: Path, run: Run) -> None:
    config = workspace / "transpress.toml"
    config.write_text(config.read_text("utf-8") + '\nreport_language = "de"\n', "utf-8")
    result = run("-C", workspace, "report")
    assert result.code == 4
    assert result.err == (
        "transpress: error: transpress.toml: report_language must be one of "
        "['en', 'fr', 'ja'], got 'de'\n"
    )
    config.write_text(config.read_text("utf-8").replace('"de"', '"fr"'), "utf-8")
    result = run("-C", workspace, "report", "--ui-lang", "de")
    assert result.code == 2 and "'de' is not one of 'en', 'fr', 'ja'" in result.err


# --- The interface catalogues ----------------------------------------------------------------


def template_strings() -> set[str | tuple[str, str]]:
    """Every string the report and diff templates mark for translation (Babel's extractor)."""
    from babel.messages.extract import extract_from_file

    found: set[str | tuple[str, str]] = set()
    for name in ("report.html.j2", "diff.html.j2"):
        path = REPO / "src" / "transpress" / "templates" / name
        for _, message, _, _ in extract_from_file(
            "jinja2.ext:babel_extract", str(path), options={"newstyle_gettext": "true"}
        ):
            found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


@pytest.mark.parametrize("lang", ["fr", "ja"])
def test_every_interface_string_is_translated(lang: str) -> None:
    from transpress.interface import interface_catalogue_path

    catalogue = polib.pofile(str(interface_catalogue_path(lang)))
    shipped = {(e.msgid, e.msgid_plural) if e.msgid_plural else e.msgid for e in catalogue}
    assert template_strings() == shipped
    assert catalogue.percent_translated() == 100 and not catalogue.fuzzy_entries()


def test_interface_catalogues_pass_msgfmt_check_and_are_up_to_date() -> None:
    from transpress.interface import interface_locale_dir

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.skip("GNU gettext is not installed")
    for path in sorted(interface_locale_dir().rglob("*.po")):
        checked = subprocess.run(
            [msgfmt, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True
        )
        assert checked.returncode == 0, checked.stderr
    tool = subprocess.run(
        [sys.executable, str(REPO / "tools" / "interface_catalogues.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert tool.returncode == 0, tool.stdout + tool.stderr


# --- In a real browser ---------------------------------------------------------------------

OTHERS = ("pr052-2016", "pr053-2016", "pr054-2016")


def four_releases(root: Path) -> None:
    """The sample release under review (put_in_review) and three copies of it just through
    `translate`: every entry a machine draft with a confidence score, as a first hour gives."""
    put_in_review(root)
    for n, release in enumerate(OTHERS):
        shutil.copy(root / "sources" / f"{SEED}.txt", root / "sources" / f"{release}.txt")
        for lang in ("fr", "ja"):
            po = polib.pofile(str(REPO / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"))
            for i, entry in enumerate(e for e in po if not e.obsolete):
                score = round(0.35 + ((i * 7 + n * 3) % 60) / 100, 2)
                entry.flags.append("fuzzy")
                entry.tcomment = machine_note(
                    f"argos translate-en_{lang} 1.9", entry.msgstr, entry.msgid, score
                )
            po.save(str(root / "locale" / lang / "LC_MESSAGES" / f"{release}.po"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Chromium, Path]:
    """The dashboard of four short releases under review, written in English and French."""
    root = tmp_path_factory.mktemp("report")  # the sample workspace, as conftest copies it
    shutil.copy(REPO / "transpress.toml", root)
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locale", root / "locale")
    four_releases(root)
    findings = (
        Finding(FR, 23, "The inaugural meeting", "numbers", "error", "the number 11 is missing"),
        Finding(FR, 0, "x", "identical", "info", "same as the source"),
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1457654400")
        ws = find_workspace(root)
        dash = build_report(ws, findings=findings)
        write_report(ws, dash)
        write_report(ws, dash, path=root / "output" / "report-fr.html", lang="fr")
    return Chromium(require_chromium(), tmp_path_factory.mktemp("chromium")), root / "output"


@pytest.fixture(scope="module")
def layouts(pages: tuple[Chromium, Path]) -> dict[str, Layout]:
    """The report measured at 1280 and 390 px, unfiltered and filtered (by address, with
    the page's script; and by radio buttons alone, as with scripts off)."""
    chromium, folder = pages
    views = [
        View("wide", "report.html", 1280),
        View("phone", "report.html", 390),
        View("fr-phone", "report-fr.html", 390),
        View("query", "report.html?lang=ja&state=machine", 1280),
        View("css", "report.html", 1280, check=("lang-fr", "state-outdated")),
        View("checks", "report.html", 390, check=("state-check",)),
    ]
    with serve(folder) as server:
        found = measure(chromium, server, folder, views)
        for width, height in ((1280, 1600), (390, 1600)):
            shot = ARTIFACTS / f"report-{width}.png"
            chromium.screenshot(server.url("report.html"), shot, size=(width, height))
            print(f"screenshot: {shot}")
        chromium.screenshot(
            server.url("report-fr.html"), ARTIFACTS / "report-fr-390.png", size=(390, 1600)
        )
        assert not server.failed(), server.failed()
    for name, layout in found.items():
        print(f"{name}: {layout.width}px wide, {layout.height}px tall")
    return found


def test_browser_page_is_compact_open_where_there_is_work(layouts: dict[str, Layout]) -> None:
    wide, phone = layouts["wide"], layouts["phone"]
    # Before: 22,159 px at 1280 and 71,192 px at 390 (974 px wide) for these four releases.
    assert wide.height < 4000 and phone.height < 9000, (wide.height, phone.height)
    # Four releases, eight catalogues, 113 entries waiting: three per catalogue at once.
    assert len(wide.entries) == 3 * 7 + 1
    release_sections = [s for s in wide.sections if s[2].startswith("release-")]
    assert len(release_sections) == 4


@pytest.mark.parametrize("name", ["phone", "fr-phone", "checks"])
def test_browser_nothing_is_wider_than_a_phone(layouts: dict[str, Layout], name: str) -> None:
    layout = layouts[name]
    assert layout.width == 390 and layout.scroll_width <= 390, layout.scroll_width
    assert layout.wide == (), layout.wide


def test_browser_filters_follow_the_address_with_the_script(layouts: dict[str, Layout]) -> None:
    query = layouts["query"]
    assert "lang-ja" in query.checked and "state-machine" in query.checked
    assert query.search == "?lang=ja&state=machine"
    assert query.entries and {(lang, state) for lang, state, _ in query.entries} == {
        ("ja", "machine")
    }
    assert query.findings == ()  # the findings are French, and not a state filter's business


def test_browser_filters_work_by_css_alone(layouts: dict[str, Layout]) -> None:
    css = layouts["css"]
    assert [(lang, state) for lang, state, _ in css.entries] == [("fr", "outdated")]
    assert [s[2] for s in css.sections if s[2].startswith("release-")] == [f"release-{SEED}"]
    checks = layouts["checks"]
    assert [(lang, state) for lang, state, _ in checks.entries] == [("fr", "machine")]
    assert len(checks.findings) == 2


def test_browser_strings_in_the_reviewers_language(
    pages: tuple[Chromium, Path], layouts: dict[str, Layout]
) -> None:
    assert layouts["wide"].lang == "en" and layouts["fr-phone"].lang == "fr"
    chromium, folder = pages
    with serve(folder) as server:
        page = chromium.load(server.url("report-fr.html"))
    assert page.document.find_all("h1")[0].text == "Relecture des traductions"
    summary = page.document.by_id("summary").text
    assert summary == (
        "4 communiqués · 113 entrées à relire · "
        "1 erreur, 0 avertissement signalés par les contrôles"
    )
    fr = page.document.by_id(f"progress-{SEED}-fr").text
    assert fr.startswith("Français 77,8 % relus (14 segments sur 18)")  # CLDR's no-break space
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
