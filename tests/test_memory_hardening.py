"""A damaged or unwritable translation memory, TMX and TBX files transpress must read back,
and structurally wrong TMX/TBX files: warnings, one-line errors or clean results, never a
traceback (issue 9)."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpress.glossary import (
    Glossary,
    merge_terms,
    read_glossary,
    read_tbx_terms,
    render_glossary,
)
from transpress.memory import MemoryUnit, open_memory
from transpress.tmx import read_tmx, write_tmx

from .conftest import Run

NEWS = "CNES and JAXA sign an agreement\n\nThe agreement of the two agencies is signed today.\n"
UNIT = MemoryUnit("en", "fr", "The Moon", "La Lune", "reviewed")
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
needs_permissions = pytest.mark.skipif(AS_ROOT, reason="root writes read-only folders anyway")


def memory_path(root: Path) -> Path:
    return root / ".transpress" / "memory.sqlite3"


def pending_workspace(workspace: Path) -> Path:
    """The sample workspace with a release nobody translated: translate opens the memory."""
    (workspace / "sources" / "news.txt").write_text(NEWS, "utf-8")
    return workspace


def a_full_memory(path: Path) -> bytes:
    """The bytes of a healthy memory of a few pages."""
    units = [
        MemoryUnit("en", "fr", f"Sentence {i} " * 20, f"Phrase {i}", "mt", "m") for i in range(300)
    ]
    with open_memory(path) as memory:
        memory.add(units)
    data = path.read_bytes()
    path.unlink()
    return data


def random_bytes(path: Path) -> None:
    path.write_bytes(bytes(range(256)) * 16)


def truncated_to_its_header(path: Path) -> None:
    path.write_bytes(a_full_memory(path)[:512])


def truncated_in_the_middle(path: Path) -> None:
    data = a_full_memory(path)
    path.write_bytes(data[: len(data) // 2])


def another_schema(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE units (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("INSERT INTO units VALUES (1, 'not ours')")
    db.commit()
    db.close()


def another_program(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (name TEXT)")
    db.commit()
    db.close()


DAMAGES: dict[str, Callable[[Path], None]] = {
    "random bytes": random_bytes,
    "truncated to its header": truncated_to_its_header,
    "truncated in the middle": truncated_in_the_middle,
    "a units table of another schema": another_schema,
    "another program's database": another_program,
}


def damage(root: Path, kind: str) -> bytes:
    path = memory_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    DAMAGES[kind](path)
    return path.read_bytes()


def set_aside(root: Path) -> list[Path]:
    """The damaged memories moved aside (without their journal files)."""
    found = memory_path(root).parent.glob("memory.sqlite3.corrupt-*")
    return sorted(p for p in found if not p.name.endswith(("-journal", "-wal", "-shm")))


# --- a damaged memory is moved aside, rebuilt and reported ----------------------------


@pytest.mark.parametrize("kind", DAMAGES)
def test_a_damaged_memory_is_moved_aside_and_rebuilt(tmp_path: Path, kind: str) -> None:
    before = damage(tmp_path, kind)
    with open_memory(memory_path(tmp_path)) as memory:
        assert list(memory.units()) == []
        memory.add([UNIT])
    assert memory.persistent
    [(where, warning)] = memory.warnings
    assert where == memory_path(tmp_path)
    assert warning.startswith("the translation memory was damaged (")
    [aside] = set_aside(tmp_path)
    assert f"moved to {aside.name} and a new, empty one started" in warning
    assert aside.read_bytes() == before  # kept as it was, for whoever wants to look
    with open_memory(memory_path(tmp_path)) as again:
        assert list(again.units()) == [UNIT]
    assert again.warnings == []


def test_an_empty_file_is_a_new_memory_not_a_damaged_one(tmp_path: Path) -> None:
    memory_path(tmp_path).parent.mkdir()
    memory_path(tmp_path).write_bytes(b"")
    with open_memory(memory_path(tmp_path)) as memory:
        memory.add([UNIT])
    assert memory.warnings == [] and set_aside(tmp_path) == []


def test_the_journal_files_of_a_damaged_memory_go_with_it(tmp_path: Path) -> None:
    path = memory_path(tmp_path)
    path.parent.mkdir()
    other = sqlite3.connect(path)  # another program has its own database open there
    other.execute("PRAGMA journal_mode=WAL")
    other.execute("CREATE TABLE photos (name TEXT)")
    other.commit()
    try:
        assert path.with_name("memory.sqlite3-wal").exists()
        with open_memory(path) as memory:
            memory.add([UNIT])
    finally:
        other.close()
    [aside] = set_aside(tmp_path)
    assert aside.with_name(aside.name + "-wal").exists()
    assert not path.with_name("memory.sqlite3-wal").exists()
    with open_memory(path) as again:
        assert list(again.units()) == [UNIT]


def test_a_memory_damaged_during_the_run_is_set_aside_and_the_run_goes_on(tmp_path: Path) -> None:
    path = memory_path(tmp_path)
    with open_memory(path) as memory:
        memory.add([UNIT])
        path.write_bytes(bytes(range(256)) * 16)  # another program overwrote it
        assert memory.lookup("The Moon", ("en", "fr"), model="", origin="reviewed") is None
        memory.add([UNIT])
        assert list(memory.units()) == [UNIT]
    assert not memory.persistent
    [(where, warning)] = memory.warnings
    assert where == path and warning.startswith("the translation memory was damaged (")
    assert warning.endswith("; the rest of this run goes without it")
    assert len(set_aside(tmp_path)) == 1


@pytest.mark.parametrize("command", ["translate", "publish"])
@pytest.mark.parametrize("kind", DAMAGES)
def test_translate_and_publish_rebuild_a_damaged_memory(
    workspace: Path, run: Run, command: str, kind: str
) -> None:
    root = pending_workspace(workspace)
    damage(root, kind)
    result = run("-C", root, command, "news")
    assert result.code == 0, result.err
    assert len(set_aside(root)) == 1
    with open_memory(memory_path(root)) as memory:  # rebuilt, with the reviewed work
        assert any(u.origin == "reviewed" for u in memory.units())
    assert memory.warnings == []


def test_memory_import_and_export_rebuild_a_damaged_memory(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    damage(workspace, "random bytes")
    tmx = tmp_path / "one.tmx"
    write_tmx([UNIT], tmx)
    assert run("-C", workspace, "memory", "import", tmx).out == f"1 units imported from {tmx}\n"
    assert len(set_aside(workspace)) == 1
    damage(workspace, "another program's database")
    out = tmp_path / "out.tmx"
    result = run("-C", workspace, "memory", "export", out)
    assert result.code == 0 and len(set_aside(workspace)) == 2
    assert UNIT not in read_tmx(out).units  # the memory it was in was set aside
    assert read_tmx(out).units  # the workspace's reviewed work is still exported


# --- a memory that cannot be written does not stop translation ------------------------


def folder_in_place(root: Path) -> None:
    memory_path(root).mkdir(parents=True)


def file_in_place_of_its_folder(root: Path) -> None:
    memory_path(root).parent.write_text("not a folder", "utf-8")


IN_THE_WAY: dict[str, Callable[[Path], None]] = {
    "a folder where the file should be": folder_in_place,
    "a file where its folder should be": file_in_place_of_its_folder,
}


@pytest.mark.parametrize("kind", IN_THE_WAY)
def test_a_memory_that_cannot_be_written_lasts_the_run(tmp_path: Path, kind: str) -> None:
    IN_THE_WAY[kind](tmp_path)
    with open_memory(memory_path(tmp_path)) as memory:
        memory.add([UNIT])
        assert memory.lookup("The Moon", ("en", "fr"), model="", origin="reviewed") == "La Lune"
    assert not memory.persistent
    [(where, warning)] = memory.warnings
    assert "; carrying on without a translation memory: make its folder writable" in warning
    if kind == "a folder where the file should be":
        assert where == memory_path(tmp_path)
        assert warning.startswith("the translation memory is a folder, not a file")
        assert not any(memory_path(tmp_path).iterdir()) and set_aside(tmp_path) == []
    else:
        assert where == memory_path(tmp_path).parent
        assert warning.startswith("a file is where the translation memory's folder should be")
        assert memory_path(tmp_path).parent.read_text("utf-8") == "not a folder"


@pytest.mark.parametrize("command", ["translate", "publish"])
def test_translate_and_publish_go_on_without_a_memory(
    workspace: Path, run: Run, command: str
) -> None:
    root = pending_workspace(workspace)
    folder_in_place(root)
    result = run("-C", root, command, "news")
    assert result.code == 0, result.err
    assert (root / "locale" / "fr" / "LC_MESSAGES" / "news.po").exists()
    assert not any(memory_path(root).iterdir())  # nothing was put in the folder


@needs_permissions
def test_a_read_only_memory_is_used_but_not_changed(tmp_path: Path) -> None:
    with open_memory(memory_path(tmp_path)) as memory:
        memory.add([UNIT])
    before = memory_path(tmp_path).read_bytes()
    memory_path(tmp_path).parent.chmod(0o555)
    try:
        with open_memory(memory_path(tmp_path)) as memory:
            assert memory.lookup("The Moon", ("en", "fr"), model="", origin="reviewed")
            memory.add([MemoryUnit("en", "fr", "Mars", "Mars", "reviewed")])
        [(where, warning)] = memory.warnings
        assert where == memory_path(tmp_path)
        assert "remembered translations are used, new ones are not saved" in warning
        assert memory_path(tmp_path).read_bytes() == before
    finally:
        memory_path(tmp_path).parent.chmod(0o755)


@pytest.mark.parametrize("kind", IN_THE_WAY)
def test_a_memory_that_must_be_written_raises_an_os_error(tmp_path: Path, kind: str) -> None:
    IN_THE_WAY[kind](tmp_path)
    with (
        pytest.raises(OSError) as raised,
        open_memory(memory_path(tmp_path), require_writable=True),
    ):
        pass
    assert raised.value.filename in (str(memory_path(tmp_path)), str(memory_path(tmp_path).parent))
    assert "translation memory" in raised.value.strerror


def test_memory_import_into_a_memory_that_cannot_be_written_is_exit_7(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    folder_in_place(workspace)
    tmx = tmp_path / "one.tmx"
    write_tmx([UNIT], tmx)
    result = run("-C", workspace, "memory", "import", tmx)
    assert result.code == 7 and result.out == ""
    assert result.err == (
        "transpress: error: .transpress/memory.sqlite3: the translation memory is a folder, "
        "not a file; check the path, its permissions and free disk space\n"
    )


# --- every TMX transpress writes, it reads back ----------------------------------------


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1c", "\x0b", "\ufffe", "\ud800"])
@pytest.mark.parametrize("field", ["source", "target", "model"])
def test_units_xml_cannot_carry_are_left_out_and_counted(
    tmp_path: Path, char: str, field: str
) -> None:
    bad = dataclasses.replace(UNIT, origin="mt", **{field: f"a{char}b"})
    result = write_tmx([UNIT, bad], tmp_path / "out.tmx")
    assert (result.written, result.skipped) == (1, 1)
    assert result.warnings == (
        (
            tmp_path / "out.tmx",
            "1 unit(s) left out: their text holds characters XML 1.0 "
            f"cannot carry (such as U+{ord(char):04X})",
        ),
    )
    assert read_tmx(tmp_path / "out.tmx").units == (UNIT,)


def test_carriage_returns_and_whitespace_come_back_as_they_were(tmp_path: Path) -> None:
    units = [
        MemoryUnit("en", "fr", "one\rtwo", "un\r\ndeux", "reviewed"),
        MemoryUnit("en", "ja", "  spaced\ttab\n", "", "mt", "argos:x@1 <&>\"'"),
    ]
    write_tmx(units, tmp_path / "out.tmx")
    assert read_tmx(tmp_path / "out.tmx").units == tuple(units)


@pytest.mark.parametrize(
    ("source_lang", "target_lang", "why"),
    [
        ("x", "fr", "their language is not a language code (such as en, fr, ja)"),
        ("", "fr", "their language is not a language code (such as en, fr, ja)"),
        ("en", "en-US", "their language is not a language code (such as en, fr, ja)"),
        ("en", "en", "their source and target languages are the same"),
    ],
)
def test_units_of_no_language_pair_are_left_out(
    tmp_path: Path, source_lang: str, target_lang: str, why: str
) -> None:
    odd = MemoryUnit(source_lang, target_lang, "s", "t", "reviewed")
    result = write_tmx([odd, UNIT], tmp_path / "out.tmx")
    assert result.warnings == ((tmp_path / "out.tmx", f"1 unit(s) left out: {why}"),)
    assert read_tmx(tmp_path / "out.tmx").units == (UNIT,)


LANGUAGES = st.sampled_from(["en", "fr", "ja", "qaa", "de", "x", "", "en-US", "i-default"])
UNITS = st.builds(MemoryUnit, LANGUAGES, LANGUAGES, st.text(), st.text(), st.text(), st.text())


@settings(max_examples=200, deadline=None)
@given(st.lists(UNITS, max_size=8))
def test_what_write_tmx_writes_read_tmx_reads_back(units: list[MemoryUnit]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.tmx"
        written = write_tmx(units, path)
        back = read_tmx(path)
    assert written.written + written.skipped == len(units)
    assert len(back.units) == written.written and back.skipped == 0 and back.warnings == ()
    assert set(back.units) <= set(units)


def test_memory_export_then_import_gives_every_unit_back(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    strange = [
        MemoryUnit("en", "fr", "bell\x07", "cloche", "reviewed"),
        MemoryUnit("en", "fr", "carriage\rreturn", "retour\r\nchariot", "mt", "argos:a@1"),
        MemoryUnit("x", "fr", "from an old import", "d'un vieil import", "reviewed"),
    ]
    with open_memory(memory_path(workspace)) as memory:
        memory.add(strange)
    tmx = tmp_path / "out.tmx"
    result = run("-C", workspace, "memory", "export", "--include-drafts", tmx)
    assert result.code == 0, result.err
    written = int(result.out.split()[0])
    other = tmp_path / "other"
    assert run("init", other).code == 0
    result = run("-C", other, "memory", "import", tmx)
    assert result.out == f"{written} units imported from {tmx}\n", result.err
    with open_memory(memory_path(other)) as memory:
        back = set(memory.units())
    assert strange[1] in back and not {strange[0], strange[2]} & back


# --- structurally wrong but well-formed TMX --------------------------------------------


def tu(source: str, target: str) -> str:
    """An en→fr <tu> (its texts are XML already)."""
    return (
        f'<tu><tuv xml:lang="en"><seg>{source}</seg></tuv>'
        f'<tuv xml:lang="fr"><seg>{target}</seg></tuv></tu>'
    )


def tmx_file(tmp_path: Path, body: str, header: str = '<header srclang="en"/>') -> Path:
    path = tmp_path / "in.tmx"
    path.write_text(f'<?xml version="1.0"?>\n<tmx version="1.4">{header}{body}</tmx>', "utf-8")
    return path


def test_a_tmx_without_body_is_one_line_exit_3(workspace: Path, tmp_path: Path, run: Run) -> None:
    path = tmx_file(tmp_path, "")
    result = run("-C", workspace, "memory", "import", path)
    assert result.code == 3
    assert result.err == (
        f"transpress: error: {path}: not a TMX file: <tmx> has no <body>, where TMX 1.4 "
        "keeps its units\n"
    )


def test_not_xml_and_not_tmx_are_one_line_exit_3(workspace: Path, tmp_path: Path, run: Run) -> None:
    for text in ("<tmx><body><tu>", "<xliff/>", ""):
        path = tmp_path / "in.tmx"
        path.write_text(text, "utf-8")
        result = run("-C", workspace, "memory", "import", path)
        assert result.code == 3 and result.err.count("\n") == 1, result.err


TU_WITHOUT_TUV = "<tu/>"
TU_ONLY_SOURCE = '<tu><tuv xml:lang="en"><seg>alone</seg></tuv></tu>'
TU_NO_SOURCE = (
    '<tu srclang="de"><tuv xml:lang="fr"><seg>x</seg></tuv>'
    '<tuv xml:lang="ja"><seg>y</seg></tuv></tu>'
)
TUV_WITHOUT_SEG = '<tu><tuv xml:lang="en"/><tuv xml:lang="fr"><seg>x</seg></tuv></tu>'
TUV_ODD_TAGS = (
    '<tu><tuv xml:lang="en"><seg>Moon</seg></tuv><tuv xml:lang="x-klingon"><seg>maS</seg></tuv>'
    '<tuv xml:lang=""><seg>?</seg></tuv><tuv xml:lang="fr-CA"><seg>Lune</seg></tuv></tu>'
)


def test_incomplete_units_are_left_out_and_counted(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    body = TU_WITHOUT_TUV + TU_ONLY_SOURCE + TU_NO_SOURCE + TUV_WITHOUT_SEG + TUV_ODD_TAGS
    path = tmx_file(tmp_path, f"<body>{body}</body>")
    read = read_tmx(path)
    assert read.units == (MemoryUnit("en", "fr", "Moon", "Lune", "reviewed"),)
    assert read.skipped == 4
    assert read.warnings == (
        (path, "1 <tu> left out: no <tuv> with a language and a <seg>"),
        (path, "2 <tu> left out: no segment in their source language"),
        (path, "1 <tu> left out: no translation, only the source segment"),
        (
            path,
            "2 <tuv> left out: their language tag ('x-klingon', '') names no language "
            "(a code such as en, fr, ja)",
        ),
    )
    assert run("-C", workspace, "memory", "import", path).out == f"1 units imported from {path}\n"


def test_a_body_without_units_imports_nothing(workspace: Path, tmp_path: Path, run: Run) -> None:
    for body in ("<body/>", "<body><tu/><tu/></body>"):
        path = tmx_file(tmp_path, body, header="")
        result = run("-C", workspace, "memory", "import", path)
        assert (result.code, result.out) == (0, f"0 units imported from {path}\n")


def test_an_unusable_header_srclang_leaves_units_out(tmp_path: Path) -> None:
    body = f"<body>{tu('a', 'b')}</body>"
    read = read_tmx(tmx_file(tmp_path, body, header='<header srclang="x-klingon"/>'))
    assert read.units == () and read.skipped == 1


def test_many_units_and_deep_markup_import(workspace: Path, tmp_path: Path, run: Run) -> None:
    units = [
        MemoryUnit("en", "fr", f"Sentence {i}.", f"Phrase {i}.", "reviewed") for i in range(20_000)
    ]
    path = tmp_path / "many.tmx"
    assert write_tmx(units, path).written == 20_000
    assert (
        run("-C", workspace, "memory", "import", path).out == f"20000 units imported from {path}\n"
    )
    deep = "<hi>" * 50_000 + "x" + "</hi>" * 50_000  # highlighted text is text
    body = f"<body>{tu(deep, 'y')}</body>"
    assert read_tmx(tmx_file(tmp_path, body)).units[0].source == "x"
    codes = "<ph>" * 50_000 + "x" + "</ph>" * 50_000  # an inline code's content is not
    read = read_tmx(tmx_file(tmp_path, f"<body>{tu(codes + 'z', 'y')}</body>"))
    assert read.units[0].source == "z"


# --- every glossary transpress writes, it reads back -----------------------------------


def tbx_file(tmp_path: Path, tags: list[str], root: str = "martif") -> Path:
    sections = "".join(
        f'<langSet xml:lang="{tag}"><tig><term>term {i}</term></tig></langSet>'
        for i, tag in enumerate(tags)
    )
    path = tmp_path / "in.tbx"
    path.write_text(
        f'<{root}><text><body><termEntry id="t1"><langSet xml:lang="en"><tig><term>Moon</term>'
        f"</tig></langSet>{sections}</termEntry></body></text></{root}>",
        "utf-8",
    )
    return path


ODD_TAGS = ["x-klingon", "qaa", "de-CH-1996", "", "i-default", "dnt", "note", "EN_gb", "123"]


@pytest.mark.parametrize("tag", ODD_TAGS)
def test_a_glossary_imported_from_tbx_reads_back(
    workspace: Path, tmp_path: Path, run: Run, tag: str
) -> None:
    result = run("-C", workspace, "glossary", "import", tbx_file(tmp_path, [tag]))
    assert result.out == "1 terms added to glossary.csv\n", result.err
    [term] = read_glossary(workspace / "glossary.csv").terms
    assert term.forms["en"] == "Moon"
    column = {"qaa": "qaa", "de-CH-1996": "de"}.get(tag)
    assert {k: v for k, v in term.forms.items() if v} == (
        {"en": "Moon", column: "term 0"} if column else {"en": "Moon"}
    )


def test_tbx_forms_glossary_csv_cannot_hold_are_counted(tmp_path: Path) -> None:
    path = tbx_file(tmp_path, ["x-klingon", "i-default", "x-klingon", "fr"])
    read = read_tbx_terms(path)
    assert read.terms[0].forms == {"en": "Moon", "fr": "term 3"}
    assert read.warnings == (
        (
            path,
            "3 term(s) left out: their language tag ('x-klingon', 'i-default') cannot be "
            "a glossary.csv column; use a language code such as en, fr, ja",
        ),
    )


def test_check_reads_a_glossary_imported_with_odd_tags(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    assert run("-C", workspace, "glossary", "import", tbx_file(tmp_path, ODD_TAGS)).code == 0
    result = run("-C", workspace, "check")
    assert result.code in (0, 9, 10) and "glossary" not in result.err, result.err


TAGS = st.one_of(
    st.sampled_from(ODD_TAGS),
    st.from_regex(r"[A-Za-z0-9_-]{0,12}", fullmatch=True),
)
# What a TBX file can carry: no control characters, surrogates or U+FFFE/U+FFFF.
TERMS = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="\ufffe\uffff"),
    min_size=1,
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(TAGS, TERMS), min_size=1, max_size=5))
def test_any_tbx_gives_a_glossary_read_glossary_reads(sections: list[tuple[str, str]]) -> None:
    import tempfile

    entry = ET.Element("termEntry")
    for tag, text in sections:
        lang_set = ET.SubElement(
            entry, "langSet", {"{http://www.w3.org/XML/1998/namespace}lang": tag}
        )
        ET.SubElement(ET.SubElement(lang_set, "tig"), "term").text = text
    root = ET.Element("martif")
    ET.SubElement(ET.SubElement(root, "text"), "body").append(entry)
    with tempfile.TemporaryDirectory() as folder:
        tbx, csv = Path(folder) / "in.tbx", Path(folder) / "glossary.csv"
        tbx.write_bytes(ET.tostring(root, encoding="utf-8"))
        terms = list(read_tbx_terms(tbx).terms)
        csv.write_text(render_glossary(merge_terms(Glossary(), terms), ("en", "fr", "ja")), "utf-8")
        back = read_glossary(csv)
    assert [{k: v for k, v in t.forms.items() if v} for t in back.terms] == [t.forms for t in terms]


# --- structurally wrong but well-formed TBX --------------------------------------------


def test_a_tbx_without_terms_adds_none(workspace: Path, tmp_path: Path, run: Run) -> None:
    empty = tmp_path / "empty.tbx"
    for text in (
        "<martif><text><body/></text></martif>",
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"/>',
        '<martif><text><body><termEntry><langSet xml:lang="en"/></termEntry></body></text>'
        "</martif>",
        '<martif><text><body><termEntry><langSet xml:lang="en"><tig><term> </term></tig>'
        "</langSet></termEntry></body></text></martif>",
    ):
        empty.write_text(text, "utf-8")
        result = run("-C", workspace, "glossary", "import", empty)
        assert (result.code, result.out) == (0, "0 terms added to glossary.csv\n"), result.err
    assert read_glossary(workspace / "glossary.csv").terms == ()
    assert read_tbx_terms(empty).warnings == (
        (empty, "1 entries left out: no term with a language code in them"),
    )


def test_a_file_that_is_not_tbx_is_one_line_exit_3(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    path = tmp_path / "memory.tbx"
    path.write_text('<tmx version="1.4"><body/></tmx>', "utf-8")
    result = run("-C", workspace, "glossary", "import", path)
    assert result.code == 3
    assert result.err == (
        f"transpress: error: {path}: not a TBX file: the root element is <tmx>, not <tbx> "
        "(TBX 2019) or <martif> (TBX 2)\n"
    )
