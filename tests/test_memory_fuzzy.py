"""Translation memory for translators (issue 14): fuzzy matches of reviewed work ahead of
machine translation, exports of reviewed units, and TMX inline codes kept as codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import polib
import pytest

from transpress.memory import MemoryUnit, open_memory

from .conftest import Run, install_with_argos, machine_note

SEED = "pr051-2016"
INAUGURAL = (
    "The inaugural meeting of the France-Japan space dialogue was held on Friday 11 March "
    "at Les Invalides in Paris."
)
FIRST = INAUGURAL.replace("inaugural", "first")
COP = (
    "Lastly, they reviewed the contribution of space to the COP21 conference in Paris in "
    "December last year, which resulted in a decisive agreement on climate change, and the "
    "topic of industrial cooperation between the two countries."
)
NEWS = f"Paris, 12 March 2017\n\nA new dialogue\n\n{FIRST}\n\n{COP.replace('COP21', 'COP22')}\n"


def memory_path(root: Path) -> Path:
    return root / ".transpress" / "memory.sqlite3"


def entries(root: Path, lang: str, release: str = "news") -> dict[str, polib.POEntry]:
    po = polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / f"{release}.po"))
    return {e.msgid: e for e in po if not e.obsolete}


def reviewed(root: Path, msgid: str, lang: str = "fr") -> str:
    return entries(root, lang, SEED)[msgid].msgstr


@pytest.fixture
def news(workspace: Path) -> Path:
    """The seed (all reviewed) and a new release: one sentence near a reviewed one, one
    near another but for COP22 where it said COP21, a title nothing resembles."""
    (workspace / "sources" / "news.txt").write_text(NEWS, "utf-8")
    memory_path(workspace).parent.mkdir(exist_ok=True)
    # a machine draft in the memory, nearer than anything reviewed: never a fuzzy source
    with open_memory(memory_path(workspace)) as memory:
        draft = MemoryUnit("en", "fr", "A new dialogue.", "Un nouveau brouillon", "mt", "m@1")
        memory.add([draft])
    return workspace


def test_a_near_reviewed_sentence_is_a_fuzzy_draft_with_its_score_and_release(
    news: Path, run: Run
) -> None:
    result = run("-C", news, "translate", "news", "--lang", "fr")
    assert result.code == 0, result.err
    assert result.out.startswith(
        "en→fr: 3 pending; 0 machine-translated, 0 from memory, 0 reviewed elsewhere, "
        "2 fuzzy matches, 1 flagged for review, 0 failed (no model)\n"
    )
    french = entries(news, "fr")
    first = french[FIRST]
    assert first.fuzzy and first.msgstr == reviewed(news, INAUGURAL)
    assert first.tcomment == machine_note(f"memory 95 % {SEED}", first.msgstr, FIRST)
    assert french["A new dialogue"].msgstr == ""  # no reviewed source near it; drafts never
    po = news / "locale" / "fr" / "LC_MESSAGES" / "news.po"
    check = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", po], capture_output=True)
    assert check.returncode == 0, check.stderr


def test_changed_figures_are_flagged_not_a_quiet_draft(news: Path, run: Run) -> None:
    assert run("-C", news, "translate", "news", "--lang", "fr").code == 0
    cop = entries(news, "fr")[COP.replace("COP21", "COP22")]
    assert cop.fuzzy and "COP21" in cop.msgstr  # the reviewed text, as it was
    assert cop.tcomment.splitlines()[0].startswith("mt: memory 9")
    assert cop.tcomment.splitlines()[-1] == (
        "mt-check: the remembered source differs in figures or codes (COP21 there, COP22 "
        "here): check them in the translation"
    )


def test_the_threshold_comes_from_the_toml_or_the_command_line(news: Path, run: Run) -> None:
    assert "2 fuzzy matches" in run("-C", news, "translate", "news", "--lang", "fr").out
    (news / "locale" / "fr" / "LC_MESSAGES" / "news.po").unlink()
    strict = run("-C", news, "translate", "news", "--lang", "fr", "--memory-threshold", "96")
    assert "1 fuzzy matches" in strict.out  # COP22 for COP21 (99 %), not "first" (95 %)
    assert entries(news, "fr")[FIRST].msgstr == ""
    (news / "locale" / "fr" / "LC_MESSAGES" / "news.po").unlink()
    config = news / "transpress.toml"
    config.write_text(config.read_text("utf-8") + "\nmemory_threshold = 101\n", "utf-8")
    refused = run("-C", news, "translate", "news")
    assert refused.code == 4
    assert refused.err == (
        "transpress: error: transpress.toml: memory_threshold must be a percentage from 1 to 100 "
        "(100: exact matches only), got 101\n"
    )
    config.write_text(config.read_text("utf-8").replace("= 101", "= 100"), "utf-8")
    assert "fuzzy matches" not in run("-C", news, "translate", "news", "--lang", "fr").out


def test_fuzzy_drafts_come_ahead_of_machine_translation_which_never_replaces_them(
    news: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"])
    result = run("-C", news, "translate", "news", "--lang", "fr", "--json")
    summary = json.loads(result.out)
    assert (summary["translated"], summary["fuzzy"]) == (1, 2)  # the title alone
    french = entries(news, "fr")
    assert french["A new dialogue"].tcomment.startswith("mt: argos translate-en_fr 1.0")
    assert french[FIRST].tcomment.startswith(f"mt: memory 95 % {SEED}")
    po_path = news / "locale" / "fr" / "LC_MESSAGES" / "news.po"
    before = po_path.read_bytes()
    again = json.loads(run("-C", news, "translate", "news", "--lang", "fr", "--json").out)
    assert again["pairs"] == [] and po_path.read_bytes() == before  # nothing pending
    # a translator reviews the fuzzy draft: no rerun, even --refresh, touches it
    po = polib.pofile(str(po_path))
    mine = po.find(FIRST)
    assert mine is not None
    mine.msgstr, mine.flags = "La première réunion, revue par moi.", []
    po.save()
    assert run("-C", news, "translate", "news", "--lang", "fr", "--refresh").code == 0
    assert entries(news, "fr")[FIRST].msgstr == "La première réunion, revue par moi."
    assert not entries(news, "fr")[FIRST].fuzzy


def test_fuzzy_matches_come_from_an_imported_tmx_too(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    tmx = tmp_path / "agency.tmx"
    tmx.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en-GB" creationtool="x" '
        'creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" datatype="html"/>'
        '<body><tu><tuv xml:lang="en-GB"><seg>The rocket lifted off from Kourou at dawn.</seg>'
        '</tuv><tuv xml:lang="ja-JP"><seg>ロケットは夜明けにクールーから打ち上げられた。</seg>'
        "</tuv></tu></body></tmx>",
        "utf-8",
    )
    assert run("-C", workspace, "memory", "import", tmx).code == 0
    (workspace / "sources" / "news.txt").write_text(
        "Title\n\nThe rocket lifted off from Kourou at night.\n", "utf-8"
    )
    assert run("-C", workspace, "translate", "news", "--lang", "ja").code == 0
    entry = entries(workspace, "ja")["The rocket lifted off from Kourou at night."]
    assert entry.msgstr == "ロケットは夜明けにクールーから打ち上げられた。"
    assert entry.tcomment.startswith("mt: memory 9") and "translation memory" in entry.tcomment


# --- memory export: reviewed units unless asked ---------------------------------------


def test_memory_export_writes_reviewed_units_unless_drafts_are_asked_for(
    news: Path, tmp_path: Path, run: Run
) -> None:
    tmx = tmp_path / "out.tmx"
    result = run("-C", news, "memory", "export", tmx)
    assert result.code == 0, result.err
    reviewed_count = int(result.out.split()[0])
    assert result.out == f"{reviewed_count} reviewed units written to {tmx}\n"
    text = tmx.read_text("utf-8")
    assert "Un nouveau brouillon" not in text and ">mt<" not in text
    assert reviewed(news, INAUGURAL) in text
    everything = run("-C", news, "memory", "export", "--include-drafts", tmx)
    assert everything.out == (
        f"{reviewed_count + 1} units (reviewed and machine drafts) written to {tmx}\n"
    )
    assert "Un nouveau brouillon" in tmx.read_text("utf-8")


# --- TMX inline codes ------------------------------------------------------------------

# As Trados and OmegaT write them: HTML native codes in bpt/ept with i and x, a ph with
# its content, an it, a hi around a term.
CAT_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="SDL Language Platform" creationtoolversion="8.1" o-tmf="SDL TM8"
          datatype="xml" segtype="sentence" adminlang="en-US" srclang="en-US"/>
  <body>
    <tu creationdate="20170301T101010Z">
      <tuv xml:lang="en-US"><seg>The <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>launch\
<ept i="1">&lt;/b&gt;</ept> is on <bpt i="2" x="2">&lt;a href="https://cnes.fr/launch"&gt;</bpt>\
the mission page<ept i="2">&lt;/a&gt;</ept>.<ph x="3" type="lb">&lt;br/&gt;</ph></seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Le <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>lancement\
<ept i="1">&lt;/b&gt;</ept> est sur <bpt i="2" x="2">&lt;a href="https://cnes.fr/launch"&gt;\
</bpt>la page de la mission<ept i="2">&lt;/a&gt;</ept>.<ph x="3" type="lb">&lt;br/&gt;</ph>\
</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="en-US"><seg>Ask <hi type="x-term">CNES</hi> <it pos="begin" x="1">\
&lt;i&gt;</it>now</seg></tuv>
      <tuv xml:lang="fr-FR"><seg>Demandez au <hi type="x-term">CNES</hi> <it pos="begin" \
x="1">&lt;i&gt;</it>maintenant</seg></tuv>
    </tu>
  </body>
</tmx>
"""
LAUNCH = "The **launch** is on [the mission page](https://cnes.fr/launch)."
LANCEMENT = "Le **lancement** est sur [la page de la mission](https://cnes.fr/launch)."


def test_tmx_codes_become_markup_and_match_a_markdown_release(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    tmx = tmp_path / "trados.tmx"
    tmx.write_text(CAT_TMX, "utf-8")
    assert run("-C", workspace, "memory", "import", tmx).out == f"2 units imported from {tmx}\n"
    with open_memory(memory_path(workspace)) as memory:
        texts = {(u.source, u.target) for u in memory.units()}
    assert texts == {(LAUNCH, LANCEMENT), ("Ask CNES now", "Demandez au CNES maintenant")}
    (workspace / "sources" / "md.md").write_text(
        f"---\ntitle: Launch\nlanguage: en\n---\n\n{LAUNCH}\n", "utf-8"
    )
    assert run("-C", workspace, "translate", "md", "--lang", "fr").code == 0
    assert entries(workspace, "fr", "md")[LAUNCH].msgstr == LANCEMENT  # an exact match


def test_codes_go_back_out_as_they_came_and_as_valid_tmx(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    from lxml import etree

    tmx = tmp_path / "trados.tmx"
    tmx.write_text(CAT_TMX, "utf-8")
    assert run("-C", workspace, "memory", "import", tmx).code == 0
    out = tmp_path / "out.tmx"
    assert run("-C", workspace, "memory", "export", out).code == 0
    dtd = etree.DTD(str(Path(__file__).parent / "schemas" / "tmx14-content.dtd"))
    document = etree.parse(str(out))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    segs = {
        etree.tostring(seg, encoding="unicode", with_tail=False)
        for seg in document.iter("seg")
        if "launch" in "".join(seg.itertext()) or "Ask" in "".join(seg.itertext())
    }
    assert (
        '<seg>The <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>launch<ept i="1">&lt;/b&gt;</ept>'
        ' is on <bpt i="2" x="2">&lt;a href="https://cnes.fr/launch"&gt;</bpt>the mission page'
        '<ept i="2">&lt;/a&gt;</ept>.<ph x="3" type="lb">&lt;br/&gt;</ph></seg>'
    ) in segs
    assert (
        '<seg>Ask <hi type="x-term">CNES</hi> <it pos="begin" x="1">&lt;i&gt;</it>now</seg>' in segs
    )


def test_transpress_markup_goes_out_as_codes_and_comes_back(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    from lxml import etree

    with open_memory(memory_path(workspace)) as memory:
        memory.add([MemoryUnit("en", "fr", LAUNCH + " See `H-IIA`.", LANCEMENT, "reviewed")])
    out = tmp_path / "out.tmx"
    assert run("-C", workspace, "memory", "export", out).code == 0
    document = etree.parse(str(out))
    dtd = etree.DTD(str(Path(__file__).parent / "schemas" / "tmx14-content.dtd"))
    assert dtd.validate(document), dtd.error_log.filter_from_errors()
    [seg] = [s for s in document.iter("seg") if "H-IIA" in "".join(s.itertext())]
    assert [(c.tag, c.get("type"), c.text) for c in seg] == [
        ("bpt", "bold", "**"),
        ("ept", None, "**"),
        ("bpt", "link", "["),
        ("ept", None, "](https://cnes.fr/launch)"),
        ("ph", "x-code", "`H-IIA`"),
    ]
    # the library Weblate and Pootle use reads the native codes back into the text: the
    # Markdown the segment has
    from translate.storage import tmx as toolkit

    [unit] = [u for u in toolkit.tmxfile.parsefile(str(out)).units if "H-IIA" in u.source]
    assert (unit.source, unit.target) == (LAUNCH + " See `H-IIA`.", LANCEMENT)
    other = tmp_path / "other"
    assert run("init", other).code == 0
    assert run("-C", other, "memory", "import", out).code == 0
    with open_memory(memory_path(other)) as memory:
        assert (LAUNCH + " See `H-IIA`.", LANCEMENT) in {
            (u.source, u.target) for u in memory.units()
        }


SEGMENTS = {
    "OmegaT": (
        '<seg><bpt i="0" x="1">&lt;b0&gt;</bpt>Kourou<ept i="0">&lt;/b0&gt;</ept> at '
        '<bpt i="1" x="2">&lt;a1&gt;</bpt>dawn<ept i="1">&lt;/a1&gt;</ept><ph x="3">'
        "&lt;x3/&gt;</ph></seg>",
        "**Kourou** at dawn",
    ),
    "Trados, typed codes": (
        '<seg><bpt i="1" type="x-italic"/>Ariane 6<ept i="1"/> flies</seg>',
        "*Ariane 6* flies",
    ),
    "RTF": (
        '<seg><bpt i="1">{\\b </bpt>CNES<ept i="1">}</ept> and <ut>{\\field}</ut>JAXA</seg>',
        "**CNES** and JAXA",
    ),
    "a code span in a ph": ("<seg>Run <ph>`make`</ph> now</seg>", "Run `make` now"),
}


@pytest.mark.parametrize("name", SEGMENTS)
def test_codes_of_cat_tools_become_transpress_markup_or_are_set_aside(name: str) -> None:
    import xml.etree.ElementTree as ET

    from transpress.tmx import seg_text

    xml, text = SEGMENTS[name]
    assert seg_text(ET.fromstring(xml)) == text
