"""The editor's workflow through the CLI: publish, edit a sentence, extract, re-run, bad input."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest

from .conftest import GOLDEN, REPO, Run, snapshot

SEED = "pr051-2016"
TARGETS = ("fr", "ja")


def catalogue(root: Path, lang: str, release: str = SEED) -> polib.POFile:
    return polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / f"{release}.po"))


def test_publish_sample_writes_three_editions(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "publish")
    assert result.code == 0, result.err
    out = workspace / "output" / SEED
    assert (out / "en.txt").read_bytes() == (workspace / "sources" / f"{SEED}.txt").read_bytes()
    assert "Paris, le 11 mars 2016" in (out / "fr.txt").read_text("utf-8")
    assert "2016年3月11日" in (out / "ja.txt").read_text("utf-8")
    for lang in ("en", "fr", "ja"):
        for fmt in ("html", "md", "txt"):
            assert (out / f"{lang}.{fmt}").is_file()
        assert f'<html lang="{lang}">' in (out / f"{lang}.html").read_text("utf-8")
    assert "pr051-2016 [fr] 19/19 reviewed, 0 drafts (marked), 0 missing" in result.out
    assert "pr051-2016 [ja] 19/19 reviewed" in result.out
    assert (workspace / "output" / "index.html").is_file()


@pytest.mark.parametrize("name", ["fr.txt", "ja.txt", "fr.md", "ja.md", "fr.html", "en.html"])
def test_published_editions_match_golden(workspace: Path, run: Run, name: str) -> None:
    assert run("-C", workspace, "publish").code == 0
    actual = (workspace / "output" / SEED / name).read_text("utf-8")
    golden = GOLDEN / "publish" / SEED / name
    if os.environ.get("TRANSPRESS_REGENERATE"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, "utf-8")
    assert actual == golden.read_text("utf-8")


def test_editing_one_sentence_marks_exactly_that_entry_fuzzy(workspace: Path, run: Run) -> None:
    source = workspace / "sources" / f"{SEED}.txt"
    rest = "bilateral relations between the two countries through a space dialogue."
    old = f"During this visit, Japan proposed closer {rest}"
    new = f"During this visit, Japan proposed much closer {rest}"
    before = {lang: {e.msgid: e.msgstr for e in catalogue(workspace, lang)} for lang in TARGETS}
    source.write_text(source.read_text("utf-8").replace(old, new), "utf-8")

    result = run("-C", workspace, "extract")
    assert result.code == 0, result.err
    assert "fr: updated; 0 new, 1 fuzzy, 0 obsolete" in result.out

    for lang in TARGETS:
        po = catalogue(workspace, lang)
        fuzzy = [e for e in po if e.fuzzy]
        assert [e.msgid for e in fuzzy] == [new]
        assert fuzzy[0].previous_msgid == old
        assert fuzzy[0].msgstr == before[lang][old]
        kept = {e.msgid: e.msgstr for e in po if not e.fuzzy and not e.obsolete}
        assert kept == {m: s for m, s in before[lang].items() if m != old}
        assert not po.obsolete_entries()
    pot = (workspace / "locale" / f"{SEED}.pot").read_text("utf-8")
    assert "much closer" in pot and "proposed closer" not in pot


def test_rerunning_changes_nothing(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "publish").code == 0
    before = snapshot(workspace)
    result = run("-C", workspace, "publish")
    assert result.code == 0
    assert "0 file(s) written" in result.out
    assert "template unchanged" in result.out
    assert snapshot(workspace) == before


def test_sample_catalogues_are_up_to_date_and_reviewed(workspace: Path, run: Run) -> None:
    before = snapshot(workspace / "locale")
    assert run("-C", workspace, "extract").code == 0
    assert snapshot(workspace / "locale") == before, "run `transpress extract` and commit locale/"
    for lang in TARGETS:
        po = catalogue(workspace, lang)
        assert po.percent_translated() == 100 and not po.fuzzy_entries()


def test_drafts_are_marked_and_missing_fall_back_to_source(workspace: Path, run: Run) -> None:
    po = catalogue(workspace, "fr")
    draft = next(e for e in po if e.msgid.startswith("It was attended by a large delegation"))
    missing = po.find("CNES contacts")
    assert draft is not None and missing is not None
    draft.flags.append("fuzzy")
    missing.msgstr = ""
    po.save()
    result = run("-C", workspace, "publish", "--lang", "fr")
    assert result.code == 0, result.err
    assert "[fr] 17/19 reviewed, 1 drafts (marked), 1 missing (source text shown)" in result.out
    html = (workspace / "output" / SEED / "fr.html").read_text("utf-8")
    assert f'<mark class="draft" title="Unreviewed translation">{draft.msgstr}</mark>' in html
    assert '<span class="untranslated" lang="en">CNES contacts</span>' in html
    assert not (workspace / "output" / SEED / "ja.html").exists()


def test_drafts_hidden_by_policy(workspace: Path, run: Run) -> None:
    (workspace / "transpress.toml").write_text('drafts = "hide"\n', "utf-8")
    po = catalogue(workspace, "fr")
    po[0].flags.append("fuzzy")
    po.save()
    result = run("-C", workspace, "publish", "--lang", "fr")
    assert "18/19 reviewed, 0 drafts (marked), 1 missing" in result.out
    assert po[0].msgid in (workspace / "output" / SEED / "fr.txt").read_text("utf-8")


@pytest.mark.parametrize("name", ["binary.txt", "latin1.txt", "empty.txt", "nostructure.txt"])
def test_bad_source_is_one_line_exit_3_nothing_written(
    workspace: Path, run: Run, name: str
) -> None:
    shutil.copy(GOLDEN / "bad" / name, workspace / "sources" / name)
    before = snapshot(workspace)
    result = run("-C", workspace, "publish")
    assert result.code == 3
    assert result.err.startswith(f"transpress: error: sources/{name}:")
    assert result.err.count("\n") == 1
    assert snapshot(workspace) == before


def test_broken_catalogue_exit_5_names_line(workspace: Path, run: Run) -> None:
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    path.write_text(path.read_text("utf-8") + "\nmsgid broken\n", "utf-8")
    before = snapshot(workspace)
    result = run("-C", workspace, "publish")
    assert result.code == 5
    assert "pr051-2016.po:" in result.err and "fix it in a PO editor" in result.err
    assert snapshot(workspace) == before


def test_template_override_and_template_error(workspace: Path, run: Run) -> None:
    templates = workspace / "templates"
    templates.mkdir()
    (templates / "release.txt.j2").write_text(
        "{{ edition.lang }}: {{ edition.first(Kind.TITLE).text }}\n", "utf-8"
    )
    assert run("-C", workspace, "publish", "--lang", "fr").code == 0
    assert (workspace / "output" / SEED / "fr.txt").read_text("utf-8") == (
        "fr: Le CNES étroitement associé au dialogue spatial franco-japonais\n"
    )
    (templates / "release.txt.j2").write_text("line one\n{% for x in %}\n", "utf-8")
    result = run("-C", workspace, "publish", "--lang", "fr")
    assert result.code == 6
    assert "release.txt.j2:2: template error" in result.err


def test_no_workspace_exit_4(tmp_path: Path, run: Run) -> None:
    result = run("-C", tmp_path, "extract")
    assert result.code == 4
    assert (
        "no transpress.toml here or in any parent folder; run `transpress init DIR`" in result.err
    )


def test_unknown_language_exit_4(workspace: Path, run: Run) -> None:
    result = run("-C", workspace, "publish", "--lang", "de")
    assert result.code == 4
    assert "--lang de is not a workspace language" in result.err


def test_init_then_publish_a_french_release(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "newsroom"
    result = run("init", root)
    assert result.code == 0
    assert 'languages = ["en", "fr", "ja"]' in (root / "transpress.toml").read_text("utf-8")
    assert run("init", root).code == 4
    shutil.copy(GOLDEN / "readers" / "fr-cp042-2017.txt", root / "sources")
    result = run("-C", root, "publish")
    assert result.code == 0, result.err
    assert (root / "locale" / "en" / "LC_MESSAGES" / "fr-cp042-2017.po").is_file()
    assert (root / "output" / "fr-cp042-2017" / "fr.txt").read_bytes() == (
        root / "sources" / "fr-cp042-2017.txt"
    ).read_bytes()
    english = (root / "output" / "fr-cp042-2017" / "en.txt").read_text("utf-8")
    assert "Paris, 3 May 2017" in english


def test_markdown_release_publishes(workspace: Path, run: Run) -> None:
    shutil.copy(GOLDEN / "readers" / "en-mars-agreement.md", workspace / "sources")
    result = run("-C", workspace, "publish", "en-mars-agreement")
    assert result.code == 0, result.err
    html = (workspace / "output" / "en-mars-agreement" / "fr.html").read_text("utf-8")
    assert "Paris, le 3 mai 2017" in html
    assert "<blockquote>" in html
    index = (workspace / "output" / "index.html").read_text("utf-8")
    assert "en-mars-agreement/ja.html" in index and "pr051-2016/fr.html" in index


def test_reproducible_templates(tmp_path: Path, run: Run) -> None:
    texts = []
    for name in ("a", "b"):
        root = tmp_path / name
        root.mkdir()
        shutil.copy(REPO / "transpress.toml", root)
        shutil.copytree(REPO / "sources", root / "sources")
        assert run("-C", root, "extract").code == 0
        texts.append((root / "locale" / f"{SEED}.pot").read_bytes())
    assert texts[0] == texts[1]
    assert b"POT-Creation-Date: 2016-03-11 00:00+0000" in texts[0]


def test_help_lists_commands_and_exit_codes(run: Run) -> None:
    result = run("--help")
    assert result.code == 0
    for word in ("init", "extract", "publish", "Exit codes", "3 a release source is unreadable"):
        assert word in result.out
