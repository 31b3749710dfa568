"""The editor's workflow through the CLI: publish, edit a sentence, extract, re-run, bad input."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import polib
import pytest

from .conftest import GOLDEN, REPO, Run, publish_unreviewed, snapshot

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
    assert "fr: updated; 0 new, 1 fuzzy, 1 obsolete" in result.out

    for lang in TARGETS:
        po = catalogue(workspace, lang)
        fuzzy = [e for e in po if e.fuzzy]
        assert [e.msgid for e in fuzzy] == [new]
        assert fuzzy[0].previous_msgid == old
        assert fuzzy[0].msgstr == before[lang][old]
        kept = {e.msgid: e.msgstr for e in po if not e.fuzzy and not e.obsolete}
        assert kept == {m: s for m, s in before[lang].items() if m != old}
        # the old sentence is kept, obsolete, with its translation, in case it comes back
        assert [(e.msgid, e.msgstr) for e in po.obsolete_entries()] == [(old, before[lang][old])]
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
    assert f'<mark class="draft" title="Traduction non relue">{draft.msgstr}</mark>' in html
    assert (
        '<aside class="notice" role="note">Cette page contient une traduction qui n’a pas '
        "encore été relue (paragraphe 1). 89\u202f% en est relu. "
        '<a href="#p1">¶1</a></aside>'
    ) in html
    assert '<span class="untranslated" lang="en">CNES contacts</span>' in html
    assert not (workspace / "output" / SEED / "ja.html").exists()


def test_drafts_hidden_by_policy(workspace: Path, run: Run) -> None:
    (workspace / "transpress.toml").write_text('drafts = "hide"\n', "utf-8")
    po = catalogue(workspace, "fr")
    po[0].flags.append("fuzzy")
    po.save()
    result = run("-C", workspace, "publish", "--lang", "fr")
    assert "18/19 reviewed, 0 drafts (hidden: source shown), 1 missing" in result.out
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
    publish_unreviewed(root)
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
    publish_unreviewed(workspace)
    assert run("-C", workspace, "publish", SEED).code == 0
    result = run("-C", workspace, "publish", "en-mars-agreement")
    assert result.code == 0, result.err
    html = (workspace / "output" / "en-mars-agreement" / "fr.html").read_text("utf-8")
    assert "Paris, le 3 mai 2017" in html
    assert '<blockquote id="p2">' in html
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
    for word in ("init", "extract", "publish", "Exit codes", "3 an input file is unreadable"):
        assert word in result.out


def _edit_seed(root: Path) -> None:
    source = root / "sources" / f"{SEED}.txt"
    text = source.read_text("utf-8").replace("a large delegation of top", "a big delegation of top")
    source.write_text(text, "utf-8")


def test_failing_publish_writes_no_catalogue_either(workspace: Path, run: Run) -> None:
    _edit_seed(workspace)
    ja = workspace / "locale" / "ja" / "LC_MESSAGES" / f"{SEED}.po"
    ja.write_text(ja.read_text("utf-8") + "\nmsgid broken\n", "utf-8")
    before = snapshot(workspace)
    result = run("-C", workspace, "publish")
    assert result.code == 5
    assert snapshot(workspace) == before  # not even the .pot or fr.po, which were fine


def test_broken_template_writes_no_catalogue(workspace: Path, run: Run) -> None:
    _edit_seed(workspace)
    (workspace / "templates").mkdir()
    (workspace / "templates" / "release.html.j2").write_text("{% if %}", "utf-8")
    before = snapshot(workspace)
    assert run("-C", workspace, "publish").code == 6
    assert snapshot(workspace) == before


def test_unrelated_bad_source_does_not_block_a_named_release(workspace: Path, run: Run) -> None:
    shutil.copy(GOLDEN / "bad" / "binary.txt", workspace / "sources" / "zz.txt")
    result = run("-C", workspace, "publish", SEED)
    assert result.code == 0, result.err
    assert "warning: not in the index: sources/zz.txt: this is a binary file" in result.err


def test_file_system_error_is_one_line_exit_7(workspace: Path, run: Run) -> None:
    (workspace / "output").mkdir()
    (workspace / "output" / SEED).write_text("a file where a folder should be", "utf-8")
    result = run("-C", workspace, "publish")
    assert result.code == 7
    assert result.err.startswith("transpress: error: ") and result.err.count("\n") == 1
    assert "check the path, its permissions and free disk space" in result.err


def test_po_editor_header_and_wrapping_survive(workspace: Path, run: Run) -> None:
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path), wrapwidth=60)  # another editor, another wrap width
    po.header = "French translation of PR051.\nMarie Dupont <marie@example.fr>, 2016."
    po.metadata["X-Generator"] = "Poedit 3.4.2"
    po.metadata["X-Poedit-Bookmarks"] = "3,-1"
    po.metadata["Last-Translator"] = "Marie Dupont <marie@example.fr>"
    po.save()
    saved = path.read_bytes()
    result = run("-C", workspace, "extract")
    assert "fr: unchanged" in result.out
    assert path.read_bytes() == saved
    _edit_seed(workspace)
    assert "fr: updated; 0 new, 1 fuzzy" in run("-C", workspace, "extract").out
    merged = polib.pofile(str(path))
    assert merged.header == po.header
    assert merged.metadata["X-Poedit-Bookmarks"] == "3,-1"
    assert merged.metadata["X-Generator"] == "Poedit 3.4.2"
    assert merged.metadata["Last-Translator"] == "Marie Dupont <marie@example.fr>"


def test_two_edits_keep_the_text_that_was_translated(workspace: Path, run: Run) -> None:
    source = workspace / "sources" / f"{SEED}.txt"
    original = next(e.msgid for e in catalogue(workspace, "fr") if "top Japanese" in e.msgid)
    for old, new in (("a large delegation", "a big delegation"), ("a big", "a huge")):
        source.write_text(source.read_text("utf-8").replace(old, new), "utf-8")
        assert run("-C", workspace, "extract").code == 0
    entry = next(e for e in catalogue(workspace, "fr") if e.fuzzy)
    assert "a huge delegation" in entry.msgid
    assert entry.previous_msgid == original


def test_crlf_source_round_trips(tmp_path: Path, run: Run) -> None:
    root = tmp_path / "ws"
    assert run("init", root).code == 0
    shutil.copy(GOLDEN / "readers" / "fr-crlf.txt", root / "sources")
    publish_unreviewed(root)
    assert run("-C", root, "publish").code == 0
    edition = root / "output" / "fr-crlf" / "fr.txt"
    assert edition.read_bytes() == (root / "sources" / "fr-crlf.txt").read_bytes()
    assert b"\r\n" in (root / "output" / "fr-crlf" / "en.txt").read_bytes()


def test_two_sources_with_one_id_are_refused(workspace: Path, run: Run) -> None:
    shutil.copy(GOLDEN / "readers" / "en-mars-agreement.md", workspace / "sources" / f"{SEED}.md")
    before = snapshot(workspace)
    result = run("-C", workspace, "extract")
    assert result.code == 3
    assert "two sources share the release id 'pr051-2016'" in result.err
    assert snapshot(workspace) == before


def test_impossible_dateline_is_an_error(workspace: Path, run: Run) -> None:
    (workspace / "sources" / "bad-date.txt").write_text(
        "Paris, le 31 février 2017\n\nTitre\n\nUne phrase.\n", "utf-8"
    )
    result = run("-C", workspace, "extract", "bad-date")
    assert result.code == 3
    assert result.err == (
        "transpress: error: sources/bad-date.txt:1: the dateline 'Paris, le 31 février 2017' "
        "has an impossible date (day is out of range for month); correct it\n"
    )


def test_japanese_hard_wraps_join_without_space(workspace: Path, run: Run) -> None:
    shutil.copy(GOLDEN / "readers" / "ja-wrapped.md", workspace / "sources")
    publish_unreviewed(workspace)
    assert run("-C", workspace, "publish", "ja-wrapped").code == 0
    pot = (workspace / "locale" / "ja-wrapped.pot").read_text("utf-8")
    assert "リュウグウに到着したことを確認しました。" in pot
    assert 'msgid "今後の予定"' in pot and "#. subheading" in pot
    french = (workspace / "output" / "ja-wrapped" / "fr.html").read_text("utf-8")
    assert "リュウグウに到着したことを確認しました。" in french  # untranslated yet: source shown
    assert '<h2 id="p2">' in french


def test_language_below_threshold_is_not_published(workspace: Path, run: Run) -> None:
    shutil.copy(GOLDEN / "readers" / "en-mars-agreement.md", workspace / "sources")
    result = run("-C", workspace, "publish", "--no-translate")
    assert result.code == 0, result.err
    assert "en-mars-agreement [fr] 0/7 reviewed" in result.out
    assert "missing (source text shown): skipped (below 80% reviewed)" in result.out
    assert "[fr] 19/19 reviewed, 0 drafts (marked), 0 missing (source text shown): published\n" in (
        result.out
    )
    out = workspace / "output" / "en-mars-agreement"
    assert sorted(p.name for p in out.iterdir()) == ["en.html", "en.md", "en.txt"]
    english = (out / "en.html").read_text("utf-8")
    assert 'hreflang="fr"' not in english  # no switcher link to an unpublished edition
    index = (workspace / "output" / "index.html").read_text("utf-8")
    assert "en-mars-agreement/en.html" in index and "en-mars-agreement/fr.html" not in index
    assert "pr051-2016/ja.html" in index


@pytest.mark.parametrize("command", ["status", "check", "translate", "report", "publish"])
def test_unknown_language_is_refused_by_every_command(
    workspace: Path, run: Run, command: str
) -> None:
    result = run("-C", workspace, command, "--lang", "de")
    assert result.code == 4
    assert "--lang de is not a workspace language (en, fr, ja)" in result.err


@pytest.mark.parametrize(
    "variant",
    ["bom", "crlf", "mixed line ends", "trailing blank lines", "blank lines with spaces", "tabs"],
)
def test_the_source_text_edition_is_the_source_byte_for_byte(
    workspace: Path, run: Run, variant: str
) -> None:
    source = workspace / "sources" / f"{SEED}.txt"
    data = source.read_bytes()
    changed = {
        "bom": b"\xef\xbb\xbf" + data,
        "crlf": data.replace(b"\n", b"\r\n"),
        "mixed line ends": data.replace(b"\n", b"\r\n", 5),
        "trailing blank lines": data + b"\n\n\n",
        "blank lines with spaces": data.replace(b"\n\n", b"\n   \n", 3),
        "tabs": data.replace(b"\n\n", b"\n\t\n", 2),
    }[variant]
    source.write_bytes(changed)
    assert run("-C", workspace, "publish", "--no-translate").code == 0
    assert (workspace / "output" / SEED / "en.txt").read_bytes() == changed
