"""Confidence, alternatives and the back-translation check, on real tiny Argos packages.

The en→fr package here hesitates on one piece: for "▁satellite" it gives "satellite" with
p ≈ 0.62 and "Indi" with p ≈ 0.38 (`doubts`), so CTranslate2's own scores, hypotheses and
beam search decide what the catalogue gets; nothing is imitated.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import polib
import pytest

from transpress.chrf import chrf
from transpress.engines import DRIFT_THRESHOLD

from .conftest import Run, install_with_argos, snapshot
from .tiny_argos import SWAP_EN_FR, build_argos_package

DOUBTFUL = "The satellite will monitor the coastlines."
SURE = "The launch is scheduled for Tuesday."
RELEASE = f"Kourou, 12 March 2016\n\nThe launch\n\n{DOUBTFUL}\n\n{SURE}\n"


@pytest.fixture(scope="module")
def doubtful(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An en→fr copy package unsure of one piece."""
    folder = tmp_path_factory.mktemp("doubtful")
    return build_argos_package(folder, "en", "fr", doubts={"▁satellite": "▁Indi"})


@pytest.fixture
def newsroom(tmp_path: Path, run: Run) -> Path:
    """A workspace with one English release and French as its only target."""
    root = tmp_path / "newsroom"
    assert run("init", root).code == 0
    (root / "sources" / "launch.txt").write_text(RELEASE, "utf-8")
    return root


def french(root: Path) -> dict[str, polib.POEntry]:
    po = polib.pofile(str(root / "locale" / "fr" / "LC_MESSAGES" / "launch.po"))
    return {e.msgid: e for e in po if not e.obsolete}


def comment(entry: polib.POEntry, prefix: str) -> list[str]:
    return [line[len(prefix) :] for line in entry.tcomment.splitlines() if line.startswith(prefix)]


def test_scores_come_from_the_model_and_rank_drafts_for_review(
    newsroom: Path, packages: Path, doubtful: Path, run: Run
) -> None:
    install_with_argos(doubtful)
    assert run("-C", newsroom, "translate", "--lang", "fr").code == 0
    entries = french(newsroom)
    unsure, sure = entries[DOUBTFUL], entries[SURE]
    assert unsure.msgstr == DOUBTFUL and unsure.fuzzy  # the better hypothesis won
    # One piece at p = 1/(1+e^-0.5) among the 14 pieces and the end of the sentence: the
    # geometric mean of the token probabilities, as CTranslate2 scores it.
    assert comment(unsure, "mt-score: ") == ["0.97"]
    assert comment(sure, "mt-score: ") == ["1.00"]

    status = json.loads(run("-C", newsroom, "status", "--lang", "fr", "--format", "json").out)
    (row,) = status
    assert row["machine_score_min"] == pytest.approx(0.97, abs=0.005)
    drafts = row["machine_drafts"]
    assert drafts[0]["msgid"] == DOUBTFUL  # least confident first
    assert [d["score"] for d in drafts] == sorted(d["score"] for d in drafts)

    assert run("-C", newsroom, "report").code == 0
    html = (newsroom / "output" / "report.html").read_text("utf-8")
    waiting = html[html.index('class="entries"') :]  # the entries awaiting review
    assert waiting.index(DOUBTFUL) < waiting.index(SURE)
    assert "confidence 0.97" in waiting


def test_alternatives_are_distinct_hypotheses_in_translator_comments(
    newsroom: Path, packages: Path, doubtful: Path, run: Run
) -> None:
    install_with_argos(doubtful)
    assert run("-C", newsroom, "translate", "--lang", "fr", "--alternatives", "3").code == 0
    entries = french(newsroom)
    # Beam search's second hypothesis takes the other piece; the junk that fills the rest
    # of the beam (far less likely) is not offered.
    assert comment(entries[DOUBTFUL], "mt-alt: ") == ["The Indi will monitor the coastlines."]
    assert comment(entries[SURE], "mt-alt: ") == []
    po = newsroom / "locale" / "fr" / "LC_MESSAGES" / "launch.po"
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(po)], check=True)
    # What a PO editor shows: translate-toolkit (Weblate, Virtaal) reads them as notes.
    from translate.storage import po as toolkit_po

    with po.open("rb") as handle:
        units = toolkit_po.pofile(handle).units
    unit = next(u for u in units if u.source == DOUBTFUL)
    assert "mt-alt: The Indi will monitor the coastlines." in unit.getnotes("translator")


def test_min_score_leaves_a_suggestion_and_reruns_change_nothing(
    newsroom: Path, packages: Path, doubtful: Path, run: Run
) -> None:
    install_with_argos(doubtful)
    result = run("-C", newsroom, "translate", "--lang", "fr", "--min-score", "0.99")
    assert result.code == 0, result.err
    assert "1 below --min-score" in result.out
    entries = french(newsroom)
    unsure = entries[DOUBTFUL]
    assert unsure.msgstr == "" and not unsure.fuzzy
    (suggestion,) = comment(unsure, "mt-suggestion: ")
    assert suggestion == f"{DOUBTFUL} (argos translate-en_fr 1.0, score 0.97)"
    assert entries[SURE].msgstr == SURE and entries[SURE].fuzzy

    before = snapshot(newsroom / "locale")
    again = run("-C", newsroom, "translate", "--lang", "fr", "--min-score", "0.99")
    assert again.code == 0 and snapshot(newsroom / "locale") == before

    assert run("-C", newsroom, "translate", "--lang", "fr").code == 0  # no threshold now
    unsure = french(newsroom)[DOUBTFUL]
    assert unsure.msgstr == DOUBTFUL and unsure.fuzzy
    assert comment(unsure, "mt-suggestion: ") == []


def test_memory_keeps_the_score_of_a_remembered_draft(
    newsroom: Path, packages: Path, doubtful: Path, run: Run
) -> None:
    install_with_argos(doubtful)
    assert run("-C", newsroom, "translate", "--lang", "fr").code == 0
    (newsroom / "sources" / "reprint.txt").write_text(RELEASE, "utf-8")
    summary = json.loads(run("-C", newsroom, "translate", "reprint", "--json").out)
    assert summary["translated"] == 0 and summary["reused"] == 3
    po = polib.pofile(str(newsroom / "locale" / "fr" / "LC_MESSAGES" / "reprint.po"))
    reprinted = next(e for e in po if e.msgid == DOUBTFUL)
    assert comment(reprinted, "mt-score: ") == ["0.97"]


# --- back-translation ---------------------------------------------------------------

SWAPPED = "The agency of the state and the city of the region and the minister of the sea."


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """en→fr swaps the/le, of/de, and/et; fr→en copies: a swapped draft comes back swapped."""
    folder = tmp_path_factory.mktemp("round-trip")
    return {
        "en-fr": build_argos_package(folder / "swap", "en", "fr", mapping=SWAP_EN_FR),
        "fr-en": build_argos_package(folder / "copy", "fr", "en", mapping=None),
    }


def test_back_translation_flags_drafts_that_drift(
    tmp_path: Path, packages: Path, round_trip: dict[str, Path], run: Run
) -> None:
    install_with_argos(round_trip["en-fr"], round_trip["fr-en"])
    root = tmp_path / "newsroom"
    assert run("init", root).code == 0
    (root / "sources" / "launch.txt").write_text(
        f"Kourou, 12 March 2016\n\nThe launch\n\n{SWAPPED}\n\n{SURE}\n", "utf-8"
    )
    way_back = "The agency de le state et le city de le region et le minister de le sea."
    drift = chrf(way_back, SWAPPED)
    threshold = 0.7
    assert drift < threshold < chrf(SURE, SURE)  # what the test relies on
    result = run("-C", root, "translate", "--lang", "fr", "--drift-below", str(threshold))
    assert result.code == 0, result.err
    assert "back-translated 3, 1 drifting" in result.out
    po = polib.pofile(str(root / "locale" / "fr" / "LC_MESSAGES" / "launch.po"))
    drafts = {e.msgid: e for e in po if not e.obsolete}
    checks = comment(drafts[SWAPPED], "mt-check: ")
    assert checks == [
        f"back-translation drifts from the source (chrF {drift:.2f}, below 0.70): {way_back}"
    ]
    assert drafts[SWAPPED].fuzzy and drafts[SWAPPED].msgstr == way_back
    assert comment(drafts[SURE], "mt-check: ") == []
    assert comment(drafts["The launch"], "mt-check: ") == []

    # `transpress check` and the report show it like any machine check.
    found = run("-C", root, "check", "--lang", "fr")
    assert "back-translation" in found.out + found.err


def test_back_translation_needs_the_reverse_model_and_can_be_turned_off(
    tmp_path: Path, packages: Path, round_trip: dict[str, Path], run: Run
) -> None:
    install_with_argos(round_trip["en-fr"])
    root = tmp_path / "newsroom"
    assert run("init", root).code == 0
    (root / "sources" / "launch.txt").write_text(f"Title\n\n{SWAPPED}\n", "utf-8")
    result = run("-C", root, "translate", "--lang", "fr", "--drift-below", "0.99")
    assert result.code == 0 and "back-translated" not in result.out  # no fr→en installed
    install_with_argos(round_trip["fr-en"])
    refreshed = run(
        "-C",
        root,
        "translate",
        "--lang",
        "fr",
        "--refresh",
        "--no-back-check",
        "--drift-below",
        "0.99",
    )
    assert refreshed.code == 0 and "back-translated" not in refreshed.out
    po = (root / "locale" / "fr" / "LC_MESSAGES" / "launch.po").read_text("utf-8")
    assert "back-translation" not in po


def test_the_cli_default_drift_threshold_is_the_library_one(run: Run) -> None:
    help_text = run("translate", "--help").out
    assert re.search(rf"--drift-below\s.*\[default:\s*{DRIFT_THRESHOLD}[;\]]", help_text, re.S)


def test_the_publish_notice_names_the_least_confident_paragraph_first(
    workspace: Path, run: Run
) -> None:
    from .conftest import machine_note

    path = workspace / "locale" / "ja" / "LC_MESSAGES" / "pr051-2016.po"
    po = polib.pofile(str(path))
    scores = {"During this visit": 0.91, '"Japan has been one': 0.42}
    for entry in po:
        for start, score in scores.items():
            if entry.msgid.startswith(start):
                entry.flags.append("fuzzy")
                note = machine_note("argos translate-en_ja 1.0", entry.msgstr, entry.msgid, score)
                entry.tcomment = note
    po.save()
    assert run("-C", workspace, "publish").code == 0
    html = (workspace / "output" / "pr051-2016" / "ja.html").read_text("utf-8")
    assert "（第5・3段落）" in html  # paragraph 5 (0.42) before paragraph 3 (0.91)
    assert '<a href="#p5">¶5</a> <a href="#p3">¶3</a>' in html
