"""XLIFF for agencies and CAT tools: files valid against the OASIS schemas, read by
translate-toolkit, and translations back in with extract's safety."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

from transpress.catalog import read_catalog

from .conftest import Run, put_in_review, snapshot
from .tools import msgfmt_check, program, run_tool

SEED = "pr051-2016"
SCHEMAS = Path(__file__).resolve().parent / "schemas" / "xliff"
XSD = {"1.2": SCHEMAS / "xliff-core-1.2-strict.xsd", "2.0": SCHEMAS / "xliff_core_2.0.xsd"}


class _LocalSchemas(etree.Resolver):
    """The W3C xml.xsd both schemas import, from the vendored copy (never the network)."""

    def resolve(self, url: str, pubid: str, context: object) -> object:
        if url.endswith("xml.xsd"):
            local = SCHEMAS / "informativeCopiesOf3rdPartySchemas" / "w3c" / "xml.xsd"
            return self.resolve_filename(str(local), context)
        return None


def validate(path: Path, version: str) -> list[str]:
    """The schema errors of an XLIFF file (empty when valid)."""
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalSchemas())
    schema = etree.XMLSchema(etree.parse(str(XSD[version]), parser))
    valid = schema.validate(etree.parse(str(path)))
    return [] if valid else [str(e) for e in schema.error_log]


def fr_po(root: Path) -> Path:
    return root / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"


def in_review(root: Path) -> None:
    """Entries in every state (see put_in_review), and a translator's comment."""
    put_in_review(root)
    po = polib.pofile(str(fr_po(root)))
    [e for e in po if not e.obsolete][5].tcomment = "Marie: keep « dialogue spatial »"
    po.save()


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_exports_validate_against_the_oasis_schemas(
    workspace: Path, run: Run, tmp_path: Path, version: str
) -> None:
    in_review(workspace)
    before = snapshot(workspace)
    result = run("-C", workspace, "xliff", "export", "--version", version, "-o", tmp_path)
    assert result.code == 0, result.err
    assert snapshot(workspace) == before  # exporting changes nothing in the workspace
    for lang in ("fr", "ja"):
        path = tmp_path / f"{SEED}.{lang}.xlf"
        assert validate(path, version) == []
    text = (tmp_path / f"{SEED}.fr.xlf").read_text("utf-8")
    for expected in (
        ["mt-suggestion", 'state="needs-review-translation"', 'origin="previous"']
        if version == "1.2"
        else ['subState="transpress:machine"', 'category="previous-source"', 'srcLang="en"']
    ):
        assert expected in text
    assert "An older wording." in text
    assert "Marie: keep « dialogue spatial »" in text
    assert "18 units, 4 to translate or review" in result.out


def test_a_broken_file_fails_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">'
        '<file id="f"><unit id="u"><segment state="done"><source>a</source></segment></unit>'
        "</file></xliff>",
        "utf-8",
    )
    assert validate(path, "2.0")


def test_unit_ids_survive_a_round_trip(workspace: Path, run: Run, tmp_path: Path) -> None:
    run("-C", workspace, "xliff", "export", "-o", tmp_path / "a")
    run("-C", workspace, "xliff", "import", tmp_path / "a" / f"{SEED}.fr.xlf")
    run("-C", workspace, "xliff", "export", "-o", tmp_path / "b")
    ids = [
        re.findall(r'id="(t[0-9a-f]+)"', (tmp_path / d / f"{SEED}.fr.xlf").read_text())
        for d in "ab"
    ]
    assert ids[0] == ids[1] and len(set(ids[0])) == 18


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_an_untouched_file_imports_as_unchanged(
    workspace: Path, run: Run, tmp_path: Path, version: str
) -> None:
    in_review(workspace)
    run("-C", workspace, "xliff", "export", "--version", version, "-o", tmp_path)
    before = snapshot(workspace)
    result = run("-C", workspace, "xliff", "import", *sorted(tmp_path.glob("*.xlf")))
    assert result.code == 0, result.err
    assert "0 catalogue(s) written" in result.out
    assert snapshot(workspace) == before


def _translate_in_cat_tool(path: Path, version: str, edits: dict[str, tuple[str, bool]]) -> None:
    """Act as an agency's CAT tool: set targets, mark them translated (or not)."""
    tree = etree.parse(str(path))
    ns = {"x": "urn:oasis:names:tc:xliff:document:" + version}
    units = "//x:trans-unit" if version == "1.2" else "//x:unit"
    for unit in tree.xpath(units, namespaces=ns):
        source = "".join(unit.xpath(".//x:source", namespaces=ns)[0].itertext())
        if source not in edits:
            continue
        text, done = edits[source]
        parent = unit if version == "1.2" else unit.xpath("x:segment", namespaces=ns)[0]
        target = parent.find(f"{{{ns['x']}}}target")
        if target is None:
            target = etree.SubElement(parent, f"{{{ns['x']}}}target")
            if version == "1.2":  # schema order: source, target, then the rest
                parent.remove(target)
                parent.insert(1, target)
        target.text = text
        if version == "1.2":
            target.set("state", "translated" if done else "needs-review-translation")
            target.attrib.pop("state-qualifier", None)
            unit.set("approved", "yes" if done else "no")
        else:
            parent.set("state", "translated" if done else "initial")
            parent.attrib.pop("subState", None)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize("version", ["1.2", "2.0"])
def test_an_agency_translation_comes_back_with_its_states(
    workspace: Path, run: Run, tmp_path: Path, version: str
) -> None:
    in_review(workspace)
    po = polib.pofile(str(fr_po(workspace)))
    active = [e for e in po if not e.obsolete]
    machine, empty, reviewed = active[1], active[4], active[0]
    run("-C", workspace, "xliff", "export", "--version", version, "-o", tmp_path)
    path = tmp_path / f"{SEED}.fr.xlf"
    _translate_in_cat_tool(
        path,
        version,
        {
            machine.msgid: ("Une traduction de l’agence.", True),
            empty.msgid: ("Un brouillon de l’agence.", False),
            reviewed.msgid: ("Le titre revu par l’agence.", True),
        },
    )
    assert validate(path, version) == []
    result = run("-C", workspace, "xliff", "import", path)
    assert result.code == 0, result.err
    assert "3 imported" in result.out and "1 catalogue(s) written" in result.out
    catalogue = read_catalog(fr_po(workspace))
    assert catalogue is not None
    found = {m.msgid: m for m in catalogue.active}
    assert found[machine.msgid].msgstr == "Une traduction de l’agence."
    assert not found[machine.msgid].fuzzy and not any(
        c.startswith("mt") for c in found[machine.msgid].comments
    )
    assert found[empty.msgid].msgstr == "Un brouillon de l’agence." and found[empty.msgid].fuzzy
    # a reviewed entry nobody touched here since the export takes the agency's revision
    assert found[reviewed.msgid].msgstr == "Le titre revu par l’agence."
    msgfmt_check(fr_po(workspace))


def test_a_reviewed_translation_changed_since_the_export_is_never_overwritten(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    run("-C", workspace, "xliff", "export", "-o", tmp_path)
    path = tmp_path / f"{SEED}.fr.xlf"
    po = polib.pofile(str(fr_po(workspace)))
    first, second = [e for e in po if not e.obsolete][:2]
    ours, untouched = first.msgstr + " (relu ici)", second.msgstr + " (relu ici)"
    first.msgstr, second.msgstr = ours, untouched
    po.save()
    _translate_in_cat_tool(path, "1.2", {first.msgid: ("Changé par l’agence.", True)})
    result = run("-C", workspace, "xliff", "import", path)
    assert result.code == 0
    assert "1 conflict" in result.out and "1 kept" in result.out
    assert f"warning: {path}: conflict on {first.msgid[:60]!r}" in result.err
    found = {e.msgid: e.msgstr for e in polib.pofile(str(fr_po(workspace)))}
    assert found[first.msgid] == ours and found[second.msgid] == untouched


def test_translate_toolkit_reads_the_exports(workspace: Path, run: Run, tmp_path: Path) -> None:
    in_review(workspace)
    run("-C", workspace, "xliff", "export", "-o", tmp_path / "12")
    run("-C", workspace, "xliff", "export", "--version", "2.0", "-o", tmp_path / "20")
    back = tmp_path / "back.po"
    run_tool("xliff2po", "--progress=none", tmp_path / "12" / f"{SEED}.fr.xlf", back)
    original = {e.msgid: (e.msgstr, e.fuzzy) for e in polib.pofile(str(fr_po(workspace)))}
    returned = {e.msgid: (e.msgstr, e.fuzzy) for e in polib.pofile(str(back)) if e.msgid}
    assert returned == {m: v for m, v in original.items() if m}
    program("pofilter")  # translate-toolkit is installed
    script = (
        "import sys\nfrom translate.storage.xliff2 import Xliff2File\n"
        "store = Xliff2File.parsefile(sys.argv[1])\n"
        "print(sum(1 for u in store.units if u.source and u.target), "
        "sum(1 for u in store.units if u.isfuzzy()))\n"
    )
    count = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "20" / f"{SEED}.fr.xlf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert count.split() == ["17", "3"]  # the empty entry has no target; three need review


def test_a_po2xliff_file_imports_by_source_text(workspace: Path, run: Run, tmp_path: Path) -> None:
    xliff = tmp_path / "fr.xlf"
    run_tool("po2xliff", "--progress=none", fr_po(workspace), xliff)
    result = run("-C", workspace, "xliff", "import", xliff)
    assert result.code == 0, result.err
    assert "18 unchanged" in result.out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<xliff", "not a readable XLIFF file"),
        ("<tmx version='1.4'/>", "not XLIFF 1.2 or 2.0"),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
            'trgLang="de"><file id="f" original="sources/pr051-2016.txt"/></xliff>',
            "'de' is not a target language of pr051-2016",
        ),
        (
            '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
            'trgLang="fr"><file id="f" original="sources/other.txt"/></xliff>',
            "no release for 'sources/other.txt'",
        ),
    ],
)
def test_bad_files_are_one_line_errors_and_write_nothing(
    workspace: Path, run: Run, tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.xlf"
    path.write_text(content, "utf-8")
    before = snapshot(workspace)
    result = run("-C", workspace, "xliff", "import", path)
    assert result.code == 3
    assert result.err.startswith(f"transpress: error: {path}") and message in result.err
    assert result.err.count("\n") == 1
    assert snapshot(workspace) == before


def test_a_carriage_return_survives_the_round_trip(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    po = polib.pofile(str(fr_po(workspace)))
    po[0].msgstr = "Le CNES\r\nétroitement associé"
    po.save()
    before = snapshot(workspace)
    for version in ("1.2", "2.0"):
        run("-C", workspace, "xliff", "export", "--version", version, "-o", tmp_path / version)
        result = run("-C", workspace, "xliff", "import", tmp_path / version / f"{SEED}.fr.xlf")
        assert "18 unchanged" in result.out
    assert snapshot(workspace) == before


def test_a_control_character_xml_cannot_carry_names_the_catalogue_entry(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    po = polib.pofile(str(fr_po(workspace)))
    po[1].flags.append("fuzzy")
    po[1].previous_msgid = "old\x0bsource"
    po.save()
    result = run("-C", workspace, "xliff", "export", "-o", tmp_path)
    assert result.code == 5
    assert result.err.startswith(f"transpress: error: locale/fr/LC_MESSAGES/{SEED}.po:")
    assert "control character XML cannot carry" in result.err
    assert not list(tmp_path.glob("*.xlf"))


def _export_edit_return(
    workspace: Path, run: Run, folder: Path, *, here: str, there: tuple[str, bool], fuzzy: bool
) -> tuple[str, str]:
    """Export the first entry (fuzzy or reviewed), set it to `here` in the catalogue, to
    `there` in the XLIFF, import; return (what the catalogue holds, import stderr)."""
    po = polib.pofile(str(fr_po(workspace)))
    if fuzzy:
        po[0].flags.append("fuzzy")
    po.save()
    run("-C", workspace, "xliff", "export", "-o", folder)
    po = polib.pofile(str(fr_po(workspace)))
    msgid = po[0].msgid
    po[0].msgstr = here
    if "fuzzy" in po[0].flags and not fuzzy:
        po[0].flags.remove("fuzzy")
    po.save()
    path = folder / f"{SEED}.fr.xlf"
    _translate_in_cat_tool(path, "1.2", {msgid: there})
    result = run("-C", workspace, "xliff", "import", path)
    entry = next(e for e in polib.pofile(str(fr_po(workspace))) if e.msgid == msgid)
    return ("fuzzy " if entry.fuzzy else "") + entry.msgstr, result.err


def test_a_draft_changed_on_both_sides_is_a_conflict(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    held, err = _export_edit_return(
        workspace, run, tmp_path, here="Brouillon B", there=("Agence C", True), fuzzy=True
    )
    assert held == "fuzzy Brouillon B" and "conflict" in err


def test_a_return_never_undoes_a_review(workspace: Path, run: Run, tmp_path: Path) -> None:
    po = polib.pofile(str(fr_po(workspace)))
    reviewed = po[0].msgstr
    held, err = _export_edit_return(
        workspace, run, tmp_path, here=reviewed, there=("Agence C", False), fuzzy=False
    )
    assert held == reviewed and "conflict" in err


def test_segments_and_ignorable_text_come_back_whole(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    po = polib.pofile(str(fr_po(workspace)))
    msgid = po[1].msgid
    po[1].msgstr = ""
    po.save()
    run("-C", workspace, "xliff", "export", "--version", "2.0", "-o", tmp_path)
    path = tmp_path / f"{SEED}.fr.xlf"
    tree = etree.parse(str(path))
    ns = "urn:oasis:names:tc:xliff:document:2.0"
    unit = next(
        u for u in tree.iter(f"{{{ns}}}unit") if "".join(u.itertext()).find(msgid[:30]) >= 0
    )
    for segment in unit.findall(f"{{{ns}}}segment"):
        unit.remove(segment)
    first, second = msgid.split(" at ", 1)
    for source, target in ((first + ",", "Première partie,"), ("at " + second, "seconde.")):
        segment = etree.SubElement(unit, f"{{{ns}}}segment", state="translated")
        etree.SubElement(segment, f"{{{ns}}}source").text = source
        etree.SubElement(segment, f"{{{ns}}}target").text = target
        if target.endswith(","):
            ignorable = etree.SubElement(unit, f"{{{ns}}}ignorable")
            etree.SubElement(ignorable, f"{{{ns}}}source").text = " "
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    assert validate(path, "2.0") == []
    run("-C", workspace, "xliff", "import", path)
    found = {e.msgid: e.msgstr for e in polib.pofile(str(fr_po(workspace)))}
    assert found[msgid] == "Première partie, seconde."


def test_units_another_tool_cannot_tell_apart_are_not_imported(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    path = fr_po(workspace)
    po = polib.pofile(str(path))
    title = po[0]
    title.flags.append("fuzzy")
    po.append(polib.POEntry(msgctxt="menu", msgid=title.msgid, msgstr="CTX"))
    po.save()
    xliff = tmp_path / "fr.xlf"
    run_tool("po2xliff", "--progress=none", path, xliff)  # po2xliff drops the context
    result = run("-C", workspace, "xliff", "import", xliff)
    assert result.code == 0, result.err
    assert "several units share it" in result.err
    entry = next(e for e in polib.pofile(str(path)) if e.msgid == title.msgid and not e.msgctxt)
    assert entry.msgstr != "CTX" and entry.fuzzy
