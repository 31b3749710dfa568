"""msgmerge semantics of update_catalog, header correctness, stability, gettext validity."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from transpress.catalog import (
    MergeReport,
    TemplateEntry,
    plan_merge,
    plan_template,
    read_translations,
)
from transpress.errors import CatalogError
from transpress.files import write_planned

NOW = datetime.datetime(2016, 3, 11, 9, 30, tzinfo=datetime.UTC)
LATER = NOW + datetime.timedelta(days=3)


def update_catalog(
    path: Path, domain: str, lang: str, units: list[TemplateEntry], *, now: datetime.datetime
) -> MergeReport:
    merged = plan_merge(path, domain, lang, units, source_lang="en", now=now)
    write_planned([merged.catalogue])
    return merged.report


def write_template(
    path: Path, domain: str, units: list[TemplateEntry], *, now: datetime.datetime
) -> bool:
    planned = plan_template(path, domain, units, source_lang="en", now=now)
    write_planned([planned])
    return planned.content is not None


def entries(*msgids: str) -> list[TemplateEntry]:
    return [
        TemplateEntry(m, (("sources/r.txt", n + 1),), ("paragraph",)) for n, m in enumerate(msgids)
    ]


def translate(path: Path, table: dict[str, str]) -> None:
    """Act as a translator in a PO editor: fill msgstrs, clear fuzzy."""
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in table:
            entry.msgstr = table[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
    po.save(str(path))


@pytest.fixture
def po(tmp_path: Path) -> Path:
    path = tmp_path / "fr" / "LC_MESSAGES" / "r.po"
    update_catalog(
        path,
        "r",
        "fr",
        entries("The probe was launched today.", "It carries two cameras."),
        now=NOW,
    )
    translate(path, {"The probe was launched today.": "La sonde a été lancée aujourd’hui."})
    return path


def test_new_catalogue_has_correct_header(tmp_path: Path) -> None:
    path = tmp_path / "ja.po"
    report = update_catalog(path, "r", "ja", entries("Hello world."), now=NOW)
    assert report.created and report.changed and report.new == 1
    meta = polib.pofile(str(path)).metadata
    assert meta["Language"] == "ja"
    assert meta["Plural-Forms"] == "nplurals=1; plural=0;"
    assert meta["Content-Type"] == "text/plain; charset=UTF-8"
    assert meta["POT-Creation-Date"] == "2016-03-11 09:30+0000"


def test_changed_source_becomes_fuzzy_with_previous_msgid(po: Path) -> None:
    report = update_catalog(
        po,
        "r",
        "fr",
        entries("The probe was launched this morning.", "It carries two cameras."),
        now=LATER,
    )
    # the old sentence stays, obsolete, as it was: undoing the edit brings it back reviewed
    assert (report.new, report.fuzzy, report.obsolete) == (0, 1, 1)
    entry = polib.pofile(str(po)).find("The probe was launched this morning.")
    assert entry is not None
    assert entry.fuzzy
    assert entry.previous_msgid == "The probe was launched today."
    assert entry.msgstr == "La sonde a été lancée aujourd’hui."
    assert '#| msgid "The probe was launched today."' in po.read_text("utf-8")
    (kept,) = polib.pofile(str(po)).obsolete_entries()
    assert (kept.msgid, kept.msgstr, kept.fuzzy) == (
        "The probe was launched today.",
        "La sonde a été lancée aujourd’hui.",
        False,
    )
    update_catalog(
        po,
        "r",
        "fr",
        entries("The probe was launched today.", "It carries two cameras."),
        now=LATER,
    )
    entry = polib.pofile(str(po)).find("The probe was launched today.")
    assert entry is not None and not entry.fuzzy


def test_removed_translated_entry_becomes_obsolete_never_deleted(po: Path) -> None:
    report = update_catalog(
        po, "r", "fr", entries("Something entirely different happened."), now=LATER
    )
    assert report.obsolete == 1
    text = po.read_text("utf-8")
    assert '#~ msgid "The probe was launched today."' in text
    assert '#~ msgstr "La sonde a été lancée aujourd’hui."' in text
    # and it comes back, translation intact, when the sentence returns
    update_catalog(po, "r", "fr", entries("The probe was launched today."), now=LATER)
    assert read_translations(po)["The probe was launched today."].reviewed


def test_unrelated_new_sentence_is_untranslated_not_fuzzy(po: Path) -> None:
    report = update_catalog(
        po,
        "r",
        "fr",
        entries("The probe was launched today.", "Ministers met in Tokyo on Monday."),
        now=LATER,
    )
    assert (report.new, report.fuzzy) == (1, 0)
    assert read_translations(po)["Ministers met in Tokyo on Monday."].msgstr == ""


def test_no_rewrite_when_only_the_date_would_change(po: Path) -> None:
    before = po.read_bytes()
    mtime = po.stat().st_mtime_ns
    report = update_catalog(
        po,
        "r",
        "fr",
        entries("The probe was launched today.", "It carries two cameras."),
        now=LATER,
    )
    assert not report.changed
    assert po.read_bytes() == before and po.stat().st_mtime_ns == mtime


def test_unchanged_entries_are_byte_stable(po: Path) -> None:
    def block(text: str, msgid: str) -> str:
        return next(b for b in text.split("\n\n") if msgid in b)

    before = po.read_text("utf-8")
    update_catalog(
        po,
        "r",
        "fr",
        entries("The probe was launched today.", "It carries two cameras.", "New one."),
        now=LATER,
    )
    after = po.read_text("utf-8")
    assert block(after, "launched today") == block(before, "launched today")


def test_translator_header_fields_survive(po: Path) -> None:
    catalogue = polib.pofile(str(po))
    catalogue.metadata["Last-Translator"] = "Marie Martin <marie@example.fr>"
    catalogue.save(str(po))
    update_catalog(po, "r", "fr", entries("A brand new sentence about Mars."), now=LATER)
    assert polib.pofile(str(po)).metadata["Last-Translator"] == "Marie Martin <marie@example.fr>"


def test_template_not_rewritten_when_unchanged(tmp_path: Path) -> None:
    pot = tmp_path / "r.pot"
    assert write_template(pot, "r", entries("One.", "Two."), now=NOW)
    assert not write_template(pot, "r", entries("One.", "Two."), now=LATER)
    assert write_template(pot, "r", entries("One.", "Three."), now=LATER)
    assert "2016-03-14" in pot.read_text("utf-8")


def test_unreadable_catalogue_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text('msgid ""\nmsgstr ""\n\nmsgid "a"\nmsgstr "b"\nthis is not po\n', "utf-8")
    with pytest.raises(CatalogError) as caught:
        update_catalog(path, "r", "fr", entries("One."), now=NOW)
    assert caught.value.line == 6
    assert caught.value.exit_code == 5
    assert path.read_text("utf-8").endswith("this is not po\n")  # left as the translator wrote it


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext's msgfmt is required in CI")
        pytest.skip("GNU gettext (msgfmt) is not installed")
    return subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_written_files_pass_msgfmt_check(po: Path, tmp_path: Path) -> None:
    update_catalog(
        po, "r", "fr", entries("The probe was launched this morning.", "Gone soon."), now=LATER
    )
    update_catalog(po, "r", "fr", entries("Another sentence entirely."), now=LATER)
    pot = tmp_path / "r.pot"
    write_template(pot, "r", entries('He said "hello"\tand left.', "Deux\\trois."), now=NOW)
    for path in (po, pot):
        result = msgfmt_check(path)
        assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("tail", "line", "reason"),
    [
        ("\nmsgid broken\n", 8, "not a PO line"),
        ('\nmsgid "a"\nmsgstr "again"\n', 8, "a second entry for msgid"),
    ],
)
def test_lenient_parse_is_refused_before_merge(
    tmp_path: Path, tail: str, line: int, reason: str
) -> None:
    path = tmp_path / "fr.po"
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    text = header + '\nmsgid "a"\nmsgstr "b"\n'
    path.write_text(text + tail, "utf-8")
    with pytest.raises(CatalogError) as caught:
        update_catalog(path, "r", "fr", entries("a"), now=NOW)
    assert caught.value.line == line
    assert reason in caught.value.message
    assert path.read_text("utf-8") == text + tail
