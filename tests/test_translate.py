"""Machine translation with real (tiny) Argos packages: CTranslate2 inference, no mocks."""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path
from xml.etree import ElementTree

import polib
import pytest

from .conftest import (
    GOLDEN,
    Run,
    install_with_argos,
    machine_note,
    publish_unreviewed,
    snapshot,
)
from .tiny_argos import (
    SWAP_EN_FR,
    PackageIndexServer,
    build_argos_package,
    build_broken_packages,
    write_index,
)

SEED = "pr051-2016"
TRICKY = (
    "The launch of the rocket cost €1.2bn on 2016-03-11 at 10:30, see "
    "https://presse.cnes.fr/a_b.html or write to press_office@cnes.fr and the_team."
)
NEWS = (
    "Paris, 12 March 2016\n\nCNES and JAXA sign an agreement\n\n"
    f"{TRICKY} The agreement of the two agencies covers the study of the Moon and Mars.\n\n"
    "The first meeting of the France-Japan space dialogue was held on Friday 11 March at "
    "Les Invalides in Paris.\n"
)


def news_workspace(workspace: Path) -> Path:
    (workspace / "sources" / "news.txt").write_text(NEWS, "utf-8")
    return workspace


def entries(root: Path, lang: str, release: str = "news") -> dict[str, polib.POEntry]:
    po = polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / f"{release}.po"))
    return {e.msgid: e for e in po if not e.obsolete}


def test_drafts_are_fuzzy_with_provenance(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"], archives["en-ja"])
    root = news_workspace(workspace)
    result = run("-C", root, "translate", "news")
    assert result.code == 0, result.err
    french = entries(root, "fr")
    entry = french["CNES and JAXA sign an agreement"]
    assert entry.fuzzy
    assert entry.tcomment == machine_note(
        "argos translate-en_fr 1.0", entry.msgstr, entry.msgid, score=1.0
    )
    agreement = next(e for m, e in french.items() if m.startswith("The agreement of the two"))
    assert agreement.msgstr.startswith("The agreement de le two agencies")  # the swap model ran
    japanese = entries(root, "ja")[TRICKY]
    assert japanese.msgstr == TRICKY  # copy model: numbers, URL, email, underscores intact
    assert japanese.fuzzy
    assert japanese.tcomment == machine_note(
        "argos translate-en_ja 1.0",
        japanese.msgstr,
        japanese.msgid,
        score=1.0,
        protection="placeholders [X1X]",  # the form the model's vocabulary carries
    )


def test_reviewed_work_is_reused_not_retranslated(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"])
    root = news_workspace(workspace)
    seed_catalogues = snapshot(root / "locale" / "fr")
    result = run("-C", root, "translate", "--lang", "fr")
    assert result.code == 0, result.err
    meeting = next(e for m, e in entries(root, "fr").items() if m.startswith("The first meeting"))
    # the seed's sentence differs ("inaugural"): a fuzzy match of its reviewed one...
    assert meeting.tcomment.startswith(f"mt: memory 95 % {SEED}\n")
    # ...while the seed's own catalogue, all reviewed, is byte for byte as it was
    assert {k: v for k, v in snapshot(root / "locale" / "fr").items() if SEED in k} == {
        k: v for k, v in seed_catalogues.items() if SEED in k
    }


def test_second_run_translates_nothing(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"], archives["en-ja"])
    root = news_workspace(workspace)
    first = run("-C", root, "translate", "--json")
    summary = json.loads(first.out)
    assert summary["translated"] == 6 and summary["skipped_reviewed"] == 36
    assert summary["fuzzy"] == 2  # "The first meeting…", near the seed's reviewed sentence
    before = snapshot(root)
    second = json.loads(run("-C", root, "translate", "--json").out)
    assert second["translated"] == 0 and second["pairs"] == []
    assert snapshot(root) == before


def test_identical_segment_is_translated_once_across_releases_and_runs(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-ja"])
    root = news_workspace(workspace)
    first = json.loads(run("-C", root, "translate", "--json", "--lang", "ja").out)
    assert (first["translated"], first["fuzzy"]) == (3, 1)
    shutil.copy(root / "sources" / "news.txt", root / "sources" / "news-copy.txt")
    summary = json.loads(run("-C", root, "translate", "--json", "--lang", "ja").out)
    assert summary["translated"] == 0
    reused = ("from_memory", "from_reviewed", "from_fuzzy")
    assert sum(summary["pairs"][0][key] for key in reused) == 4


def test_reviewed_translation_elsewhere_comes_first(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"])
    seed = (workspace / "sources" / f"{SEED}.txt").read_text("utf-8")
    (workspace / "sources" / "reprint.txt").write_text(
        seed.replace("PR051 – 2016", "PR052 – 2016"), "utf-8"
    )
    assert run("-C", workspace, "translate", "reprint", "--lang", "fr").code == 0
    reprint = entries(workspace, "fr", "reprint")
    reviewed = entries(workspace, "fr", SEED)
    title = "CNES closely involved in France-Japan space dialogue"
    assert reprint[title].msgstr == reviewed[title].msgstr
    assert reprint[title].fuzzy
    assert reprint[title].tcomment == machine_note(
        f"memory: reviewed in {SEED}", reprint[title].msgstr, title
    )


@pytest.fixture
def drafted(workspace: Path, packages: Path, archives: dict[str, Path], run: Run) -> Path:
    """The news release machine-translated into French with the swap model."""
    install_with_argos(archives["en-fr"])
    root = news_workspace(workspace)
    assert run("-C", root, "translate", "news", "--lang", "fr").code == 0
    return root


def test_reviewed_machine_draft_survives_a_source_edit(drafted: Path, run: Run) -> None:
    root = drafted
    po = polib.pofile(str(root / "locale" / "fr" / "LC_MESSAGES" / "news.po"))
    entry = next(e for e in po if e.msgid.startswith("The agreement of the two"))
    entry.msgstr = "L’accord des deux agences porte sur l’étude de la Lune et de Mars."
    entry.flags.remove("fuzzy")  # reviewed in a PO editor, which keeps the comments
    po.save()
    source = root / "sources" / "news.txt"
    source.write_text(source.read_text("utf-8").replace("and Mars", "and of Mars"), "utf-8")
    for command in (
        ("translate", "news", "--lang", "fr"),
        ("translate", "--refresh"),
        ("publish",),
    ):
        assert run("-C", root, *command).code == 0
    edited = next(e for m, e in entries(root, "fr").items() if m.endswith("and of Mars."))
    assert edited.msgstr == "L’accord des deux agences porte sur l’étude de la Lune et de Mars."
    assert (
        edited.fuzzy
        and edited.previous_msgid is not None
        and edited.previous_msgid.endswith("the Moon and Mars.")
    )
    assert "mt:" not in edited.tcomment  # now a person's work: never machine-translated again


def test_post_edited_draft_is_the_translators_even_with_refresh(drafted: Path, run: Run) -> None:
    root = drafted
    po = polib.pofile(str(root / "locale" / "fr" / "LC_MESSAGES" / "news.po"))
    entry = po.find("CNES and JAXA sign an agreement")
    assert entry is not None
    entry.msgstr = "Le CNES et la JAXA signent un accord (à relire)"  # still fuzzy
    po.save()
    seed = snapshot(root / "locale")
    assert run("-C", root, "translate", "--refresh").code == 0
    kept = entries(root, "fr")["CNES and JAXA sign an agreement"]
    assert kept.msgstr == "Le CNES et la JAXA signent un accord (à relire)"
    seeds = {k: v for k, v in snapshot(root / "locale").items() if SEED in k}
    assert seeds == {k: v for k, v in seed.items() if SEED in k}  # reviewed seed untouched


def test_own_draft_is_redone_when_the_source_changes_not_a_human_one(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-ja"])
    root = news_workspace(workspace)
    assert run("-C", root, "translate", "--lang", "ja").code == 0
    source = root / "sources" / "news.txt"
    source.write_text(
        source.read_text("utf-8").replace("sign an agreement", "sign a treaty"), "utf-8"
    )
    assert run("-C", root, "translate", "--lang", "ja").code == 0
    title = entries(root, "ja")["CNES and JAXA sign a treaty"]
    assert title.msgstr == "CNES and JAXA sign a treaty" and title.previous_msgid is None
    # a translator's own fuzzy draft is theirs: MT leaves it alone
    po = polib.pofile(str(root / "locale" / "ja" / "LC_MESSAGES" / "news.po"))
    mine = po.find("CNES and JAXA sign a treaty")
    assert mine is not None
    mine.msgstr, mine.tcomment = "CNESとJAXAが条約に署名", "translator: check the name"
    po.save()
    source.write_text(source.read_text("utf-8").replace("a treaty", "a new treaty"), "utf-8")
    assert run("-C", root, "translate", "--lang", "ja").code == 0
    kept = entries(root, "ja")["CNES and JAXA sign a new treaty"]
    assert (
        kept.msgstr == "CNESとJAXAが条約に署名"
        and kept.previous_msgid == "CNES and JAXA sign a treaty"
    )


def test_pivot_through_english(
    tmp_path: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    # fr→en copies; en→ja swaps "le"↔"the": a "the" in the draft proves both legs ran.
    second_leg = build_argos_package(tmp_path / "swap", "en", "ja", mapping=SWAP_EN_FR)
    install_with_argos(archives["fr-en"], second_leg)
    root = tmp_path / "newsroom"
    assert run("init", root).code == 0
    shutil.copy(GOLDEN / "readers" / "fr-cp042-2017.txt", root / "sources")
    result = run("-C", root, "translate", "--lang", "ja")
    assert result.code == 0, result.err
    drafts = entries(root, "ja", "fr-cp042-2017")
    signed = next(e for m, e in drafts.items() if "ont signé le 3 mai 2017" in m)
    assert "ont signé the 3 mai 2017" in signed.msgstr
    assert signed.tcomment == machine_note(
        "argos translate-fr_en 1.0 + argos translate-en_ja 1.0 (pivot en)",
        signed.msgstr,
        signed.msgid,
        score=1.0,
        protection="placeholders [X1X]",
    )


def test_direct_model_is_preferred_to_a_pivot(
    packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["fr-en"], archives["en-ja"], archives["fr-ja"])
    listing = run("models", "list").out
    assert "fr→ja: direct (argos translate-fr_ja 1.0)" in listing
    assert "ja→fr: missing (install one with `transpress models install ja-fr`)" in listing
    assert "en→fr: missing" in listing


def test_lost_placeholder_is_flagged_not_hidden(
    tmp_path: Path, workspace: Path, packages: Path, run: Run
) -> None:
    # a model that writes "2" where it reads "1" corrupts placeholder [X1X] into [X2X]
    archive = build_argos_package(tmp_path / "bad", "en", "ja", mapping={"1": "2"})
    install_with_argos(archive)
    (workspace / "sources" / "n.txt").write_text(
        "Title\n\nThe rocket weighs 300 tonnes.\n", "utf-8"
    )
    result = run("-C", workspace, "translate", "n", "--lang", "ja")
    assert "1 flagged for review" in result.out
    entry = entries(workspace, "ja", "n")["The rocket weighs 300 tonnes."]
    assert entry.fuzzy
    assert "mt-check: placeholder [X1X] (300 tonnes) was lost" in entry.tcomment
    assert "mt-check: unknown placeholder [X2X]" in entry.tcomment


def test_long_segment_is_split_or_reported_never_cut(
    tmp_path: Path, workspace: Path, packages: Path, run: Run
) -> None:
    install_with_argos(build_argos_package(tmp_path / "copy", "en", "fr"))
    clauses = ", ".join(
        f"the mission reached station number {n} of the long survey" for n in range(120)
    )
    giant = "A" + "a" * 3000 + " is one word."
    (workspace / "sources" / "long.txt").write_text(f"Long\n\n{clauses}.\n\n{giant}\n", "utf-8")
    result = run("-C", workspace, "translate", "long", "--lang", "fr", "--json")
    summary = json.loads(result.out)
    assert summary["pairs"][0]["failed"] == 1
    found = entries(workspace, "fr", "long")
    assert found[f"{clauses}."].msgstr == f"{clauses}."  # split at commas, all of it kept
    assert found[giant].msgstr == ""  # too long even alone: left for a person, not cut


def test_publish_translates_first_and_warns_once_for_a_missing_model(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"])
    root = news_workspace(workspace)
    config = root / "transpress.toml"
    config.write_text(config.read_text("utf-8").replace('"skip"', '"notice"'), "utf-8")
    result = run("-C", root, "publish")
    assert result.code == 0, result.err
    assert result.err.count("no translation model for en→ja") == 1
    assert "install one with `transpress models install en-ja`" in result.err
    html = (root / "output" / "news" / "fr.html").read_text("utf-8")
    assert '<mark class="draft"' in html
    assert "[fr] 0/4 reviewed, 4 drafts (marked), 0 missing" in result.out
    # no model, but a fuzzy match of the seed's reviewed work
    assert "[ja] 0/4 reviewed, 1 drafts (marked), 3 missing" in result.out
    again = run("-C", root, "publish", "--no-translate")
    assert "no translation model" not in again.err


def test_install_from_a_served_index(
    tmp_path: Path,
    packages: Path,
    archives: dict[str, Path],
    run: Run,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(archives["en-ja"], site)
    with PackageIndexServer(site) as server:
        write_index(site, [site / archives["en-ja"].name], server.url)
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", server.url)
        result = run("models", "install", "en-ja")
    assert result.code == 0, result.err
    assert result.out == "installed translate-en_ja 1.0 (en→ja)\n"
    assert "en→ja: direct" in run("models", "list").out
    assert run("models", "remove", "en-ja").out == "removed translate-en_ja 1.0 (en→ja)\n"
    assert not any(packages.iterdir())


def test_unreachable_index_is_a_clear_error(
    packages: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("ARGOS_PACKAGE_INDEX", f"http://127.0.0.1:{port}/")
    result = run("models", "install", "en-fr")
    assert result.code == 8
    assert result.err.startswith(
        f"transpress: error: cannot reach the package index http://127.0.0.1:{port}/index.json"
    )
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("not-a-zip", "not an Argos package: not a zip file"),
        ("no-metadata", "not an Argos package: no metadata.json"),
        ("no-model", "not an Argos package: no CTranslate2 model/model.bin"),
        ("wrong-pair", "wrong pair: the package translates en→de but was offered as en→fr"),
    ],
)
def test_broken_package_installs_nothing(
    tmp_path: Path, packages: Path, run: Run, kind: str, message: str
) -> None:
    broken = build_broken_packages(tmp_path / "broken")
    result = run("models", "install", broken[kind])
    assert result.code == 8
    assert message in result.err and str(broken[kind].name) in result.err
    assert not packages.exists() or not any(packages.iterdir())


def test_install_a_folder_then_replace_a_version(tmp_path: Path, packages: Path, run: Run) -> None:
    folder = tmp_path / "models"
    build_argos_package(folder, "en", "fr", mapping=SWAP_EN_FR)
    build_argos_package(folder, "en", "ja")
    assert run("models", "install", folder).out.count("installed") == 2
    newer = build_argos_package(tmp_path / "newer", "en", "ja", package_version="1.1")
    assert run("models", "install", newer).code == 0
    assert sorted(p.name for p in packages.iterdir()) == ["translate-en_fr", "translate-en_ja"]
    assert "en→ja: direct (argos translate-en_ja 1.1)" in run("models", "list").out


def test_memory_round_trips_through_tmx(
    tmp_path: Path, workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-ja"])
    root = news_workspace(workspace)
    assert run("-C", root, "translate", "--lang", "ja").code == 0
    tmx = tmp_path / "memory.tmx"
    assert run("-C", root, "memory", "export", "--include-drafts", tmx).code == 0
    text = tmx.read_text("utf-8")
    assert '<tmx version="1.4">' in text and 'xml:lang="ja"' in text
    assert "argos:translate-en_ja@1.0" in text and "CNES、日仏宇宙対話に深く関与" in text
    other = tmp_path / "other"
    assert run("init", other).code == 0
    assert run("-C", other, "memory", "import", tmx).out.endswith(f"units imported from {tmx}\n")
    shutil.copy(root / "sources" / "news.txt", other / "sources")
    summary = json.loads(run("-C", other, "translate", "--lang", "ja", "--json").out)
    assert summary["translated"] == 0 and summary["reused"] == 3 and summary["fuzzy"] == 1


def test_do_not_translate_terms_survive(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"])
    (workspace / "glossary.csv").write_text(
        "en,fr,ja,dnt,note\nCentre of the Sea,,,yes,agency name\nthe Moon,la Lune,月,no,\n",
        "utf-8",
    )
    (workspace / "sources" / "g.txt").write_text(
        "Title\n\nThe Centre of the Sea studies the tides of the Moon.\n", "utf-8"
    )
    assert run("-C", workspace, "translate", "g", "--lang", "fr").code == 0
    entry = entries(workspace, "fr", "g")["The Centre of the Sea studies the tides of the Moon."]
    assert entry.msgstr == "The Centre of the Sea studies le tides de le Moon."


def test_index_update_installs_the_new_version_not_a_cached_file(
    tmp_path: Path, packages: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    old = build_argos_package(site, "en", "fr", mapping=SWAP_EN_FR, package_version="1.0")
    with PackageIndexServer(site) as server:
        monkeypatch.setenv("ARGOS_PACKAGE_INDEX", server.url)
        write_index(site, [old], server.url)
        assert run("models", "install", "en-fr").out == "installed translate-en_fr 1.0 (en→fr)\n"
        new = build_argos_package(site, "en", "fr", package_version="1.1")  # same file name
        write_index(site, [new], server.url)
        assert run("models", "install", "en-fr").out == "installed translate-en_fr 1.1 (en→fr)\n"


def test_installing_in_a_running_process_drops_the_loaded_model(
    tmp_path: Path, workspace: Path, packages: Path, run: Run
) -> None:
    install_with_argos(build_argos_package(tmp_path / "v1", "en", "fr", mapping=SWAP_EN_FR))
    root = news_workspace(workspace)
    assert run("-C", root, "translate", "news", "--lang", "fr").code == 0
    title = "CNES and JAXA sign an agreement"
    agreement = next(m for m in entries(root, "fr") if m.startswith("The agreement of the two"))
    assert entries(root, "fr")[agreement].msgstr != agreement  # swapped by v1.0
    newer = build_argos_package(tmp_path / "v2", "en", "fr", package_version="1.1")
    assert run("models", "install", newer).code == 0
    assert run("-C", root, "translate", "news", "--lang", "fr", "--refresh").code == 0
    assert entries(root, "fr")[agreement].msgstr == agreement  # v1.1 is a copy model
    assert entries(root, "fr")[title].tcomment == machine_note(
        "argos translate-en_fr 1.1", entries(root, "fr")[title].msgstr, title, score=1.0
    )


def test_a_package_cannot_name_a_folder_outside(tmp_path: Path, packages: Path, run: Run) -> None:
    import zipfile

    good = build_argos_package(tmp_path / "good", "en", "fr")
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("keep me", "utf-8")
    evil = tmp_path / "evil" / "translate-en_fr.argosmodel"
    evil.parent.mkdir()
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(evil, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.endswith("metadata.json"):
                meta = json.loads(data)
                meta["code"] = f"../../{victim.name}"
                data = json.dumps(meta).encode()
            target.writestr(item, data)
    result = run("models", "install", evil)
    assert result.code == 8
    assert "refusing a package named '../../victim'" in result.err
    assert (victim / "notes.txt").read_text("utf-8") == "keep me"
    assert not any(p for p in packages.iterdir() if not p.name.startswith("."))


@pytest.mark.parametrize("damage", ["model.bin", "sentencepiece.model"])
def test_a_damaged_installed_model_is_a_clear_error(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run, damage: str
) -> None:
    install_with_argos(archives["en-fr"])
    target = next(packages.glob(f"*/**/{damage}"))
    if damage == "model.bin":
        target.write_bytes(b"not a model")
    else:
        target.unlink()
    root = news_workspace(workspace)
    before = snapshot(root / "locale")
    result = run("-C", root, "translate", "news", "--lang", "fr")
    assert result.code == 8, result.err
    assert result.err.startswith("transpress: error: ") and result.err.count("\n") == 1
    assert "cannot load argos translate-en_fr 1.0" in result.err
    assert "transpress models remove en-fr" in result.err
    assert snapshot(root / "locale") == before


STANDARD_TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="OtherCAT" creationtoolversion="9" datatype="plaintext"
          segtype="sentence" adminlang="en-US" srclang="en-US" o-tmf="other"/>
  <body>
    <tu><tuv xml:lang="en-US"><seg>CNES and JAXA sign an agreement</seg></tuv>
        <tuv xml:lang="ja-JP"><seg>CNESとJAXAが協定に署名</seg></tuv></tu>
  </body>
</tmx>
"""


def test_a_tmx_from_another_tool_is_reused_as_reviewed_work(
    tmp_path: Path, workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    tmx = tmp_path / "other.tmx"
    tmx.write_text(STANDARD_TMX, "utf-8")
    root = news_workspace(workspace)
    assert run("-C", root, "memory", "import", tmx).out == f"1 units imported from {tmx}\n"
    install_with_argos(archives["en-ja"])
    assert run("-C", root, "translate", "news", "--lang", "ja").code == 0
    title = entries(root, "ja")["CNES and JAXA sign an agreement"]
    assert title.msgstr == "CNESとJAXAが協定に署名"
    assert title.tcomment.startswith("mt: memory: reviewed (translation memory)")


def test_memory_labels_each_unit_with_its_own_languages(
    tmp_path: Path, workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["fr-en"], archives["en-ja"])
    shutil.copy(GOLDEN / "readers" / "fr-cp042-2017.txt", workspace / "sources")
    assert run("-C", workspace, "translate", "fr-cp042-2017", "--lang", "ja").code == 0
    tmx = tmp_path / "out.tmx"
    assert run("-C", workspace, "memory", "export", tmx).code == 0
    lang_attr = "{http://www.w3.org/XML/1998/namespace}lang"
    units = [
        (tu.get("srclang"), [(tuv.get(lang_attr), tuv.findtext("seg")) for tuv in tu.iter("tuv")])
        for tu in ElementTree.parse(tmx).getroot().iter("tu")
    ]
    seed_title = [
        u for u in units if u[1][0][1] == "CNES closely involved in France-Japan space dialogue"
    ]
    assert seed_title and all(src == "en" and tuvs[0][0] == "en" for src, tuvs in seed_title)
    assert all(src == "fr" for src, tuvs in units if tuvs[0][1] == "Contacts presse")
    phone = entries(workspace, "ja", "fr-cp042-2017")["Tél. :"]
    assert "reviewed in" not in phone.tcomment  # the seed's en→ja "Tel:" is not fr→ja work


def test_refresh_applies_a_new_do_not_translate_term(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"])
    root = news_workspace(workspace)
    assert run("-C", root, "translate", "news", "--lang", "fr").code == 0
    agreement = next(m for m in entries(root, "fr") if m.startswith("The agreement of the two"))
    assert "de le two" in entries(root, "fr")[agreement].msgstr
    (root / "glossary.csv").write_text("en,dnt\nthe two agencies,yes\n", "utf-8")
    assert run("-C", root, "translate", "news", "--lang", "fr", "--refresh").code == 0
    refreshed = entries(root, "fr")[agreement].msgstr
    assert "the two agencies" in refreshed and "le two" not in refreshed


def test_inline_markdown_survives_translation_and_renders(
    workspace: Path, packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"])
    (workspace / "sources" / "md.md").write_text(
        "---\ntitle: Launch\nlanguage: en\n---\n\n"
        "The **launch of the** rocket `H-IIA_F50` is on [the mission page](/missions/the_page).\n",
        "utf-8",
    )
    publish_unreviewed(workspace)
    assert run("-C", workspace, "publish", "md").code == 0
    sentence = next(e for m, e in entries(workspace, "fr", "md").items() if m.startswith("The **"))
    assert sentence.msgstr == (
        "The **launch de le** rocket `H-IIA_F50` is on [the mission page](/missions/the_page)."
    )
    html = (workspace / "output" / "md" / "fr.html").read_text("utf-8")
    assert "<strong>launch de le</strong>" in html and "<code>H-IIA_F50</code>" in html
    assert '<a href="/missions/the_page">the mission page</a>' in html
    markdown = (workspace / "output" / "md" / "fr.md").read_text("utf-8")
    assert "[the mission page](/missions/the_page)" in markdown


def test_outdated_draft_is_found_even_after_plain_msgmerge(drafted: Path, run: Run) -> None:
    import os
    import subprocess

    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext's msgmerge is required in CI")
        pytest.skip("GNU gettext is not installed")
    root = drafted
    source = root / "sources" / "news.txt"
    source.write_text(
        source.read_text("utf-8").replace("sign an agreement", "sign a pact"), "utf-8"
    )
    assert run("-C", root, "extract").code == 0
    po = root / "locale" / "fr" / "LC_MESSAGES" / "news.po"
    # A translator's own merge, without --previous: the #| lines are gone.
    subprocess.run(
        [msgmerge, "-q", "--update", "--backup=none", str(po), str(root / "locale" / "news.pot")],
        check=True,
    )
    assert "#| msgid" not in po.read_text("utf-8")
    (row,) = json.loads(run("-C", root, "status", "news", "--lang", "fr", "--format", "json").out)
    assert row["outdated_segments"] == 1
    assert run("-C", root, "translate", "news", "--lang", "fr").code == 0
    assert entries(root, "fr")["CNES and JAXA sign a pact"].msgstr == "CNES et JAXA sign a pact"


def test_an_unreadable_installed_package_is_listed_and_removable(
    packages: Path, archives: dict[str, Path], run: Run
) -> None:
    install_with_argos(archives["en-fr"], archives["en-ja"])
    (packages / "translate-en_fr" / "metadata.json").write_text("{", "utf-8")
    listing = run("models", "list")
    assert listing.code == 0
    assert "broken: translate-en_fr (" in listing.out
    assert "en→ja  translate-en_ja 1.0" in listing.out
    removed = run("models", "remove", "en-fr")
    assert removed.code == 0 and "removed translate-en_fr (broken)" in removed.out
    assert not (packages / "translate-en_fr").exists()


def test_tmx_with_any_source_language_imports(tmp_path: Path, workspace: Path, run: Run) -> None:
    tmx = tmp_path / "all.tmx"
    tmx.write_text(STANDARD_TMX.replace('srclang="en-US"', 'srclang="*all*"'), "utf-8")
    assert run("-C", workspace, "memory", "import", tmx).out == f"1 units imported from {tmx}\n"


def test_a_catalogue_with_a_byte_order_mark_is_read(workspace: Path, run: Run) -> None:
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = run("-C", workspace, "status", "--lang", "fr", "--format", "json")
    assert result.code == 0, result.err
    assert json.loads(result.out)[0]["reviewed_segments"] == 18
