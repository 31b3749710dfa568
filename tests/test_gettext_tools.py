"""Catalogues meet the tools translators use: GNU gettext (msgcat, msgmerge, msginit,
msgfmt), translate-toolkit (Weblate's library: saves, pofilter, po2xliff) and Babel.

A catalogue saved by any of them survives every transpress command byte for byte, but for
the entries whose source changed; contexts and plural forms survive every command.
"""

from __future__ import annotations

import difflib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from transpress.catalog import parse_po, plural_forms, read_catalog
from transpress.locale import SUPPORTED_LANGUAGES

from .conftest import Run, snapshot
from .tools import msgcat, msgfmt_check, program, run_tool

SEED = "pr051-2016"
OLD = "During this visit, Japan proposed closer bilateral relations"
NEW = "During this visit, Japan proposed much closer bilateral relations"


def po_path(root: Path, lang: str) -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"


def edit_source(root: Path, old: str = OLD, new: str = NEW) -> None:
    source = root / "sources" / f"{SEED}.txt"
    text = source.read_text("utf-8")
    assert old in text
    source.write_text(text.replace(old, new), "utf-8")


def changed_lines(before: str, after: str) -> list[str]:
    """The lines a diff shows as removed or added."""
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def only_the_edited_entry_changed(before: str, after: str) -> None:
    """Every changed line is the header's creation date, part of the edited entry, or part
    of the old sentence's entry now kept obsolete after it."""
    blocks = after.split("\n\n")
    edited = next(b for b in blocks if "much closer" in b and "#~" not in b)
    kept = next(
        b
        for b in blocks
        if b.startswith(("#~", "#."))
        and "#~ msgid" in b
        and "proposed closer" in b.replace('"\n#~ "', "")
    )
    allowed = set(edited.split("\n")) | set(kept.split("\n"))
    for line in changed_lines(before, after):
        assert "POT-Creation-Date" in line or line[0] == "-" or line[1:] in allowed | {""}, line
    removed = [line[1:] for line in changed_lines(before, after) if line[0] == "-"]
    old_block = next(block for block in before.split("\n\n") if "proposed closer" in block)
    for line in removed:
        assert "POT-Creation-Date" in line or line in old_block.split("\n"), line


def save_with_translate_toolkit(path: Path, *, edit: bool = False) -> None:
    """Load and save a catalogue as Weblate does, through translate-toolkit's storage (run
    in the test venv's interpreter, where translate-toolkit is installed)."""
    program("pofilter")  # translate-toolkit is installed
    script = (
        "import sys\n"
        "from translate.storage import factory\n"
        "store = factory.getobject(sys.argv[1])\n"
        "if sys.argv[2] == 'edit':\n"
        "    unit = [u for u in store.units if not u.isheader()][0]\n"
        "    unit.target = unit.target + ' (relu)'\n"
        "open(sys.argv[1], 'wb').write(bytes(store))\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(path), "edit" if edit else "keep"], check=True
    )


@pytest.mark.parametrize("lang", ["fr", "ja"])
def test_new_catalogues_are_byte_for_byte_what_msgcat_writes(
    workspace: Path, run: Run, lang: str
) -> None:
    shutil.rmtree(workspace / "locale")
    assert run("-C", workspace, "extract").code == 0
    for path in (po_path(workspace, lang), workspace / "locale" / f"{SEED}.pot"):
        text = path.read_text("utf-8")
        assert text == msgcat(text)
        msgfmt_check(path)


def test_the_sample_catalogues_are_in_gnu_layout() -> None:
    from .conftest import REPO

    for path in sorted((REPO / "locale").rglob("*.po*")):
        text = path.read_text("utf-8")
        assert text == msgcat(text), f"{path}: run `msgcat -o {path} {path}`"


@pytest.mark.parametrize(
    ("lang", "options"), [("fr", ()), ("ja", ()), ("fr", ("--no-wrap",)), ("ja", ("-w", "60"))]
)
def test_after_a_gnu_save_a_source_edit_changes_only_that_entry(
    workspace: Path, run: Run, lang: str, options: tuple[str, ...]
) -> None:
    path = po_path(workspace, lang)
    run_tool("msgcat", *options, "-o", path, path)
    saved = path.read_text("utf-8")
    assert run("-C", workspace, "extract").code == 0
    assert path.read_text("utf-8") == saved  # nothing reflowed
    edit_source(workspace)
    assert "1 fuzzy" in run("-C", workspace, "extract").out
    after = path.read_text("utf-8")
    only_the_edited_entry_changed(saved, after)
    if options == ("--no-wrap",):
        assert after == msgcat(after, "--no-wrap")  # the file's layout, kept


@pytest.mark.parametrize("lang", ["fr", "ja"])
def test_after_msgmerge_previous_extract_has_nothing_to_do(
    workspace: Path, run: Run, lang: str
) -> None:
    path = po_path(workspace, lang)
    before = path.read_text("utf-8")
    edit_source(workspace)
    assert run("-C", workspace, "extract").code == 0
    path.write_text(before, "utf-8")  # the translator merges the new template themselves
    run_tool(
        "msgmerge",
        "--quiet",
        "--previous",
        "-U",
        "--backup=off",
        path,
        workspace / "locale" / f"{SEED}.pot",
    )
    merged = path.read_text("utf-8")
    assert f'#| msgid "{OLD}' in merged.replace('"\n#| "', "")
    assert f"{lang}: unchanged" in run("-C", workspace, "extract").out
    assert path.read_text("utf-8") == merged


def test_a_translate_toolkit_save_survives_and_a_source_edit_changes_only_that_entry(
    workspace: Path, run: Run
) -> None:
    path = po_path(workspace, "ja")
    save_with_translate_toolkit(path, edit=True)
    saved = path.read_text("utf-8")
    assert "（改）" not in saved and "(relu)" in saved
    assert "ja: unchanged" in run("-C", workspace, "extract").out
    assert path.read_text("utf-8") == saved
    edit_source(workspace)
    run("-C", workspace, "extract")
    only_the_edited_entry_changed(saved, path.read_text("utf-8"))


def test_a_babel_save_survives(workspace: Path, run: Run) -> None:
    from babel.messages.pofile import read_po, write_po

    path = po_path(workspace, "fr")
    with path.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76)
    path.write_bytes(buffer.getvalue())
    saved = path.read_text("utf-8")
    run("-C", workspace, "extract")
    # Babel keeps only the header fields it knows: the source language comes back, and
    # nothing else changes
    assert changed_lines(saved, path.read_text("utf-8")) == ['+"X-Source-Language: en\\n"']
    saved = path.read_text("utf-8")
    edit_source(workspace)
    run("-C", workspace, "extract")
    only_the_edited_entry_changed(saved, path.read_text("utf-8"))
    with path.open("rb") as handle:  # and Babel reads what transpress wrote
        edited = [m for m in read_po(handle) if m.id and "much closer" in str(m.id)]
    assert len(edited) == 1 and edited[0].fuzzy


CONTEXT_AND_PLURALS = """
# Marie: the title as the home page shows it
#, fuzzy
msgctxt "home page"
msgid "CNES closely involved in France-Japan space dialogue"
msgstr "Le CNES au cœur du dialogue spatial"

#. counted in the report
msgid "{n} delegate"
msgid_plural "{n} delegates"
msgstr[0] "{n} délégué"
msgstr[1] "{n} délégués"
"""


def test_contexts_and_plural_entries_survive_every_command(workspace: Path, run: Run) -> None:
    path = po_path(workspace, "fr")
    path.write_text(path.read_text("utf-8") + CONTEXT_AND_PLURALS, "utf-8")
    plain = read_catalog(path)
    assert plain is not None
    title = next(m for m in plain.messages if m.msgid.startswith("CNES closely") and not m.msgctxt)
    result = run("-C", workspace, "extract")
    assert "2 obsolete (of which 2 not extracted by transpress)" in result.out
    text = path.read_text("utf-8")
    for line in (
        '#~ msgctxt "home page"',
        '#~ msgstr "Le CNES au cœur du dialogue spatial"',
        '#~ msgid_plural "{n} delegates"',
        '#~ msgstr[1] "{n} délégués"',
        "# Marie: the title as the home page shows it",
        "#. counted in the report",
        "#, fuzzy",
    ):
        assert line in text
    msgfmt_check(path)
    for command in (("extract",), ("publish",), ("status",), ("check",), ("translate",)):
        run("-C", workspace, *command)
        assert path.read_text("utf-8") == text, command
    published = (workspace / "output" / SEED / "fr.txt").read_text("utf-8")
    assert title.msgstr in published and "au cœur du dialogue" not in published


def test_an_untranslated_entry_another_tool_added_is_kept(workspace: Path, run: Run) -> None:
    path = po_path(workspace, "fr")
    path.write_text(
        path.read_text("utf-8") + '\n#: templates/footer.html:3\nmsgid "Legal notice"\nmsgstr ""\n',
        "utf-8",
    )
    run("-C", workspace, "extract")
    text = path.read_text("utf-8")
    assert '#~ msgid "Legal notice"' in text and "#: templates/footer.html:3" in text


def test_a_header_field_a_tool_removed_is_not_put_back(workspace: Path, run: Run) -> None:
    path = po_path(workspace, "fr")
    path.write_text(
        path.read_text("utf-8").replace('"X-Generator: transpress 0.1.0\\n"\n', ""), "utf-8"
    )
    saved = path.read_bytes()
    assert "fr: unchanged" in run("-C", workspace, "extract").out
    assert path.read_bytes() == saved


def test_templates_and_catalogues_name_their_source_language(workspace: Path, run: Run) -> None:
    shutil.rmtree(workspace / "locale")
    run("-C", workspace, "extract")
    for path in (po_path(workspace, "ja"), workspace / "locale" / f"{SEED}.pot"):
        catalogue = read_catalog(path)
        assert catalogue is not None and catalogue.metadata["X-Source-Language"] == "en"


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_plural_forms_are_what_msginit_writes(tmp_path: Path, lang: str) -> None:
    template = tmp_path / "r.pot"
    template.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n', "utf-8"
    )
    written = run_tool("msginit", "--no-translator", "-l", lang, "-i", template, "-o", "-")
    header = parse_po(written).metadata
    assert header["Plural-Forms"] == plural_forms(lang)


def test_pofilter_reads_transpress_catalogues(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "findings.po"
    for lang in ("fr", "ja"):
        run_tool("pofilter", "--progress=none", "-i", po_path(workspace, lang), "-o", out)
        assert parse_po(out.read_text("utf-8")).header is not None


def test_po2xliff_and_back_keeps_every_translation(workspace: Path, tmp_path: Path) -> None:
    for lang in ("fr", "ja"):
        xliff, back = tmp_path / f"{lang}.xlf", tmp_path / f"{lang}.po"
        run_tool("po2xliff", "--progress=none", po_path(workspace, lang), xliff)
        run_tool("xliff2po", "--progress=none", xliff, back)
        original = read_catalog(po_path(workspace, lang))
        returned = read_catalog(back)
        assert original is not None and returned is not None
        assert {m.msgid: m.msgstr for m in original.active} == {
            m.msgid: m.msgstr for m in returned.active
        }


def test_extract_check_writes_nothing_and_names_each_file(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "extract", "--check").code == 0
    edit_source(workspace)
    before = snapshot(workspace)
    result = run("-C", workspace, "extract", "--check")
    assert result.code == 12
    assert result.err.splitlines() == [
        f"transpress: locale/{SEED}.pot: template would be updated",
        f"transpress: locale/fr/LC_MESSAGES/{SEED}.po: would be updated (0 new, 1 fuzzy, "
        "1 obsolete)",
        f"transpress: locale/ja/LC_MESSAGES/{SEED}.po: would be updated (0 new, 1 fuzzy, "
        "1 obsolete)",
        "transpress: error: 3 file(s) out of date; run `transpress extract`",
    ]
    assert snapshot(workspace) == before


def test_publish_check_writes_nothing_and_names_each_file(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "publish").code == 0
    assert run("-C", workspace, "publish", "--check").code == 0
    edit_source(workspace)
    before = snapshot(workspace)
    result = run("-C", workspace, "publish", "--check")
    assert result.code == 12
    lines = result.err.splitlines()
    assert f"transpress: output/{SEED}/en.txt: would be updated" in lines
    assert f"transpress: locale/fr/LC_MESSAGES/{SEED}.po: would be updated" in lines
    assert lines[-1].startswith("transpress: error: ")
    assert snapshot(workspace) == before


@pytest.mark.parametrize(
    ("setting", "options"), [("false", ("--no-wrap",)), ("100", ("-w", "100"))]
)
def test_po_wrap_sets_the_width_of_new_catalogues(
    workspace: Path, run: Run, setting: str, options: tuple[str, ...]
) -> None:
    config = workspace / "transpress.toml"
    config.write_text(config.read_text("utf-8") + f"\npo_wrap = {setting}\n", "utf-8")
    shutil.rmtree(workspace / "locale")
    assert run("-C", workspace, "extract").code == 0
    text = po_path(workspace, "ja").read_text("utf-8")
    assert text == msgcat(text, *options)
    assert text != msgcat(text)


def test_an_invalid_po_wrap_is_refused(workspace: Path, run: Run) -> None:
    config = workspace / "transpress.toml"
    config.write_text(config.read_text("utf-8") + '\npo_wrap = "wide"\n', "utf-8")
    result = run("-C", workspace, "extract")
    assert result.code == 4
    assert "po_wrap must be" in result.err


def test_a_sentence_twice_in_one_paragraph_is_referenced_once(workspace: Path, run: Run) -> None:
    source = workspace / "sources" / f"{SEED}.txt"
    text = source.read_text("utf-8")
    sentence = "It was attended by a large delegation"
    start = text.index(sentence)
    end = text.index(".", start) + 1
    repeated = text[start:end]
    source.write_text(text[:end] + " " + repeated + text[end:], "utf-8")
    assert run("-C", workspace, "extract").code == 0
    pot = (workspace / "locale" / f"{SEED}.pot").read_text("utf-8")
    assert pot == msgcat(pot)  # gettext lists a place once: nothing for it to merge
    block = next(b for b in pot.split("\n\n") if sentence in b)
    (reference,) = [line for line in block.splitlines() if line.startswith("#:")]
    assert reference.count(f"sources/{SEED}.txt:") == 1


def test_a_plural_entry_with_an_extracted_msgid_becomes_that_entry(
    workspace: Path, run: Run
) -> None:
    path = po_path(workspace, "fr")
    text = path.read_text("utf-8")
    plain = (
        '#: sources/pr051-2016.txt:23 sources/pr051-2016.txt:24\nmsgid "Tel:"\nmsgstr "Tél.\u00a0:"'
    )
    assert plain in text
    plural = (
        '#: sources/pr051-2016.txt:23 sources/pr051-2016.txt:24\nmsgid "Tel:"\n'
        'msgid_plural "Tels:"\nmsgstr[0] "Tél.\u00a0:"\nmsgstr[1] "Tél. (plusieurs) :"'
    )
    path.write_text(text.replace(plain, plural), "utf-8")
    msgfmt_check(path)
    run("-C", workspace, "extract")
    msgfmt_check(path)  # one entry for the key, as gettext wants
    entry = next(m for m in read_catalog(path).active if m.msgid == "Tel:")  # type: ignore[union-attr]
    assert (entry.msgstr, entry.fuzzy, entry.plural) == ("Tél.\u00a0:", True, False)
    assert "msgstr[1] was: Tél. (plusieurs) :" in entry.comments


def test_an_obsolete_entry_used_to_seed_a_changed_sentence_is_kept(
    workspace: Path, run: Run
) -> None:
    path = po_path(workspace, "fr")
    path.write_text(
        path.read_text("utf-8")
        + '\n# Marie: footer\n#: templates/footer.html:12\nmsgid "CNES press contacts:"\n'
        'msgstr "Contacts presse du CNES :"\n',
        "utf-8",
    )
    run("-C", workspace, "extract")
    assert '#~ msgid "CNES press contacts:"' in path.read_text("utf-8")
    edit_source(workspace, "CNES contacts", "CNES press contacts")
    run("-C", workspace, "extract")
    text = path.read_text("utf-8")
    assert '#~ msgid "CNES press contacts:"' in text and "#: templates/footer.html:12" in text
    msgfmt_check(path)


def test_a_crlf_catalogue_with_a_bom_keeps_both(workspace: Path, run: Run) -> None:
    path = po_path(workspace, "fr")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    saved = path.read_bytes()
    assert "fr: unchanged" in run("-C", workspace, "extract").out
    edit_source(workspace)
    run("-C", workspace, "extract")
    after = path.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf") and after.count(b"\n") == after.count(b"\r\n")
    only_the_edited_entry_changed(
        saved.decode("utf-8-sig").replace("\r\n", "\n"),
        after.decode("utf-8-sig").replace("\r\n", "\n"),
    )
