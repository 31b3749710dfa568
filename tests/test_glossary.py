"""The glossary: CSV read by machine translation and checks, TBX imported into it."""

from __future__ import annotations

from pathlib import Path

from transpress.glossary import read_glossary

from .conftest import Run

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<tbx style="dca" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="c1">
      <langSec xml:lang="en"><termSec><term>launcher</term></termSec></langSec>
      <langSec xml:lang="fr"><termSec><term>lanceur</term></termSec></langSec>
      <langSec xml:lang="ja"><termSec><term>ロケット</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""
TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
  <termEntry id="t1">
    <descrip type="definition">Agency name: do not translate</descrip>
    <langSet xml:lang="en"><tig><term>JAXA</term></tig></langSet>
  </termEntry>
</body></text></martif>
"""


def test_tbx_terms_join_the_glossary_once(workspace: Path, tmp_path: Path, run: Run) -> None:
    for name, text in (("a.tbx", TBX), ("b.tbx", TBX_V2)):
        (tmp_path / name).write_text(text, "utf-8")
    assert run("-C", workspace, "glossary", "import", tmp_path / "a.tbx").out == (
        "1 terms added to glossary.csv\n"
    )
    assert run("-C", workspace, "glossary", "import", tmp_path / "b.tbx").code == 0
    assert run("-C", workspace, "glossary", "import", tmp_path / "a.tbx").out.startswith("0 terms")
    assert (workspace / "glossary.csv").read_text("utf-8") == (
        "en,fr,ja,dnt,note\n"
        "launcher,lanceur,ロケット,no,\n"
        "JAXA,,,yes,Agency name: do not translate\n"
    )
    glossary = read_glossary(workspace / "glossary.csv")
    assert glossary.do_not_translate() == ["JAXA"]


def test_broken_tbx_is_one_line_exit_3(workspace: Path, tmp_path: Path, run: Run) -> None:
    broken = tmp_path / "broken.tbx"
    broken.write_text("<tbx><text>", "utf-8")
    result = run("-C", workspace, "glossary", "import", broken)
    assert result.code == 3
    assert "not a readable TBX file" in result.err and result.err.count("\n") == 1
    assert not (workspace / "glossary.csv").exists()


def test_a_malformed_glossary_is_refused(workspace: Path, run: Run) -> None:
    (workspace / "sources" / "g.txt").write_text("Title\n\nThe Moon is near.\n", "utf-8")
    (workspace / "glossary.csv").write_text("en,fr,dnt\nthe Moon,la Lune,maybe\n", "utf-8")
    result = run("-C", workspace, "check", "g")
    assert result.code == 3
    assert result.err == "transpress: error: glossary.csv:2: dnt must be yes or no, not 'maybe'\n"
    (workspace / "glossary.csv").write_text("english,french\nMoon,Lune\n", "utf-8")
    result = run("-C", workspace, "check")
    assert "unknown glossary columns ['english', 'french']" in result.err and result.code == 3


def test_broken_csv_quoting_and_extra_cells_are_refused(workspace: Path, run: Run) -> None:
    (workspace / "glossary.csv").write_text('en,fr,dnt\n"unterminated,x,yes\n', "utf-8")
    result = run("-C", workspace, "check")
    assert result.code == 3 and "cannot read the glossary" in result.err
    (workspace / "glossary.csv").write_text("en,fr,dnt\nMoon,Lune,no,extra\n", "utf-8")
    result = run("-C", workspace, "check")
    assert result.err == "transpress: error: glossary.csv:2: more cells than column names\n"
