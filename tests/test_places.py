"""Datelines name a place by its own names only (issue 12): the shipped places, the
workspace's `[places]` table and front matter `place:` per language; a place nothing
names is kept as written, and one city never stands in for another."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from babel.core import get_global

from transpress import script
from transpress.document import Kind
from transpress.edition import build_edition
from transpress.locale import SUPPORTED_LANGUAGES, exemplar_city, place_key, zone_city
from transpress.places import Places
from transpress.readers.plaintext import PlainTextReader

from .conftest import Run

#: The shipped places, read as the installed package holds them.
ENTRIES: list[dict[str, Any]] = tomllib.loads(
    resources.files("transpress").joinpath("data/places.toml").read_text("utf-8")
)["place"]
WITH_JA = [entry for entry in ENTRIES if "ja" in entry]


def datelines(first_line: str) -> dict[str, str]:
    """The dateline of a plain-text release opening on `first_line`, in every edition."""
    text = f"{first_line}\n\nA title\n\nA paragraph of the release. It has two sentences.\n"
    release = PlainTextReader().read(text, release_id="r", source="r.txt", language=None)
    found = {}
    for lang in SUPPORTED_LANGUAGES:
        block = build_edition(release, lang, {}).first(Kind.DATELINE)
        assert block is not None
        found[lang] = block.text
    return found


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (  # CLDR has America/Montreal only as an alias of Toronto: Montréal stays Montréal
            "MONTRÉAL, March 3, 2026 –",
            {"fr": "Montréal, le 3 mars 2026", "ja": "2026年3月3日\u3000モントリオール"},
        ),
        (
            "TOULOUSE, 11 mars 2016 –",
            {"en": "Toulouse, 11 March 2016", "ja": "2016年3月11日\u3000トゥールーズ"},
        ),
        (
            "SMALLVILLE, March 3, 2026 –",
            {"fr": "SMALLVILLE, le 3 mars 2026", "ja": "2026年3月3日\u3000SMALLVILLE"},
        ),
        (
            "Smallville, le 3 mars 2026",
            {"en": "Smallville, 3 March 2026", "ja": "2026年3月3日\u3000Smallville"},
        ),
        (
            "2026年3月3日\u3000種子島",
            {"en": "Tanegashima, 3 March 2026", "fr": "Tanegashima, le 3 mars 2026"},
        ),
        (
            "内之浦、2026年3月3日",
            {"en": "Uchinoura, 3 March 2026", "fr": "Uchinoura, le 3 mars 2026"},
        ),
        (
            "Kourou, le 3 mars 2026",
            {"en": "Kourou, 3 March 2026", "ja": "2026年3月3日\u3000クールー"},
        ),
        (
            "WASHINGTON, D.C., March 3, 2026",
            {"fr": "Washington, le 3 mars 2026", "ja": "2026年3月3日\u3000ワシントン"},
        ),
        (  # a qualifier nothing knows: the whole place as written, the region not dropped
            "CAPE CANAVERAL, Fla., March 3, 2026",
            {
                "fr": "CAPE CANAVERAL, Fla., le 3 mars 2026",
                "ja": "2026年3月3日\u3000CAPE CANAVERAL, Fla.",
            },
        ),
        (  # shipped without a Japanese form: kept as written in Japanese
            "Saint-Hubert, March 3, 2026",
            {"fr": "Saint-Hubert, le 3 mars 2026", "ja": "2026年3月3日\u3000Saint-Hubert"},
        ),
        (  # not shipped, but CLDR's exemplar city of Europe/Lisbon, by its own French name
            "Lisbonne, le 3 mars 2026",
            {"en": "Lisbon, 3 March 2026", "ja": "2026年3月3日\u3000リスボン"},
        ),
    ],
)
def test_datelines_name_the_place_in_each_language(written: str, expected: dict[str, str]) -> None:
    found = datelines(written)
    source = next(lang for lang in SUPPORTED_LANGUAGES if lang not in expected)
    assert found == {source: written, **expected}  # the source keeps its line as written


@pytest.mark.parametrize("entry", WITH_JA, ids=[e["en"] for e in WITH_JA])
def test_each_shipped_place_reaches_japanese_by_any_of_its_names(entry: dict[str, Any]) -> None:
    places = Places()
    for name in (entry["en"], entry["fr"], entry["en"].upper(), *entry.get("aliases", ())):
        assert places.name(name, "ja") == entry["ja"], name
    assert places.name(entry["ja"], "en") == entry["en"]
    assert places.name(entry["ja"], "fr") == entry["fr"]
    assert (
        datelines(f"{entry['en'].upper()}, 3 March 2026")["ja"]
        == f"2026年3月3日\u3000{entry['ja']}"
    )


def test_a_zone_alias_never_renames_its_city() -> None:
    """CLDR leads America/Montreal to Toronto: a place is found by its own names only, so
    no alias's city comes out as the city of the zone it leads to."""
    renamed = []
    for alias, target in sorted(get_global("zone_aliases").items()):
        city = alias.rpartition("/")[2].replace("_", " ")
        names = {place_key(zone_city(target, lang)) for lang in SUPPORTED_LANGUAGES}
        if target.startswith("Etc/") or place_key(city) in names:
            continue  # no city, or another id of the same city (Asia/Calcutta, Kolkata)
        renamed += [
            (city, lang, found)
            for lang in SUPPORTED_LANGUAGES
            if place_key(found := Places().name(city, lang)) in names
        ]
    assert renamed == []
    assert Places().name("Montreal", "en") == "Montréal"


# --- the shipped data file ------------------------------------------------------------


def test_no_name_is_shared_by_two_shipped_places() -> None:
    owners: dict[str, str] = {}
    for entry in ENTRIES:
        for name in {entry[k] for k in SUPPORTED_LANGUAGES if k in entry} | set(
            entry.get("aliases", ())
        ):
            assert owners.setdefault(place_key(name), entry["en"]) == entry["en"], name


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["en"] for e in ENTRIES])
def test_every_shipped_place_says_where_its_names_come_from(entry: dict[str, Any]) -> None:
    assert set(entry) <= {*SUPPORTED_LANGUAGES, "aliases", "cldr", "ja_source"}
    assert entry["en"] and entry["fr"]
    if "cldr" in entry:  # CLDR's own names, as the installed Babel gives them
        assert {lang: zone_city(entry["cldr"], lang) for lang in SUPPORTED_LANGUAGES} == {
            lang: entry[lang] for lang in SUPPORTED_LANGUAGES
        }
        return
    # Not marked as CLDR's: then it is no exemplar city, whose names CLDR would give.
    for name in (entry["en"], entry["fr"], entry.get("ja", "")):
        assert exemplar_city(name, "en") is None, f"{name} is a CLDR exemplar city: use cldr ="
    source = entry["ja_source"]
    assert source.split()[0] in ("official", "usual", "uncertain", "none")
    assert ("ja" in entry) == (not source.startswith("none"))


@pytest.mark.parametrize("entry", WITH_JA, ids=[e["en"] for e in WITH_JA])
def test_japanese_forms_are_written_in_japanese_script(entry: dict[str, Any]) -> None:
    assert re.fullmatch(f"[{script.WORD}]+", entry["ja"])


# --- the workspace's table and the release's front matter -------------------------------

CONFIG = """\
formats = ["txt"]
threshold = 0
"""


def mini_workspace(root: Path, places: str) -> Path:
    """A workspace publishing text editions of untranslated releases, with a places table."""
    (root / "sources").mkdir(parents=True)
    (root / "transpress.toml").write_text(CONFIG + places, "utf-8")
    body = "\n\nThe agency signed an agreement\n\nThe agency signed an agreement today.\n"
    (root / "sources" / "csa.txt").write_text("SAINT-HUBERT, March 3, 2026 –" + body, "utf-8")
    (root / "sources" / "cnes.txt").write_text(
        "TOULOUSE, 11 mars 2016 –\n\nLe CNES signe un accord\n\nLe CNES a signé un accord.\n",
        "utf-8",
    )
    (root / "sources" / "jaxa.md").write_text(
        "---\ntitle: A launch\ndate: 2026-03-03\nplace:\n  en: Tsukuba\n  ja: 筑波\n"
        "language: en\n---\n\nThe satellite was launched today.\n",
        "utf-8",
    )
    return root


def dateline_of(root: Path, release: str, lang: str) -> str:
    return (root / "output" / release / f"{lang}.txt").read_text("utf-8").split("\n")[0]


def test_the_workspace_wins_over_shipped_places_and_front_matter_over_both(
    tmp_path: Path, run: Run
) -> None:
    root = mini_workspace(
        tmp_path / "ws",
        '[places."Saint-Hubert"]\nja = "サンテュベール"\n\n'
        '[places.Toulouse]\nja = "ツールーズ"\n\n'
        '[places.Tsukuba]\nja = "つくば市"\n',
    )
    assert run("-C", root, "publish", "--no-translate").code == 0
    assert dateline_of(root, "csa", "ja") == "2026年3月3日\u3000サンテュベール"  # workspace
    assert dateline_of(root, "csa", "fr") == "Saint-Hubert, le 3 mars 2026"  # shipped
    assert dateline_of(root, "cnes", "ja") == "2016年3月11日\u3000ツールーズ"  # over shipped
    assert dateline_of(root, "cnes", "en") == "Toulouse, 11 March 2016"  # shipped
    assert dateline_of(root, "jaxa", "ja") == "2026年3月3日\u3000筑波"  # front matter
    assert dateline_of(root, "jaxa", "fr") == "Tsukuba, le 3 mars 2026"  # shipped
    assert dateline_of(root, "jaxa", "en") == "Tsukuba, 3 March 2026"  # the source's own


def test_the_workspace_names_a_place_it_knows_in_one_language_by_the_shipped_names(
    tmp_path: Path, run: Run
) -> None:
    """The table's name and forms are all names of the place: `Kourou (Guyane)` given as
    `Kourou` in English is the shipped Kourou in the languages the table leaves out."""
    root = mini_workspace(tmp_path / "ws", '[places."Kourou (Guyane)"]\nen = "Kourou"\n')
    (root / "sources" / "cnes.txt").write_text(
        "KOUROU (Guyane), le 3 mars 2026 –\n\nLe CNES lance\n\nLe CNES a lancé un satellite.\n",
        "utf-8",
    )
    assert run("-C", root, "publish", "--no-translate").code == 0
    assert dateline_of(root, "cnes", "en") == "Kourou, 3 March 2026"
    assert dateline_of(root, "cnes", "ja") == "2026年3月3日\u3000クールー"


def test_a_changed_places_table_rebuilds_the_editions(tmp_path: Path, run: Run) -> None:
    root = mini_workspace(tmp_path / "ws", '[places.Toulouse]\nja = "ツールーズ"\n')
    assert run("-C", root, "publish", "--no-translate").code == 0
    config = root / "transpress.toml"
    config.write_text(config.read_text("utf-8").replace("ツールーズ", "トゥルーズ"), "utf-8")
    assert run("-C", root, "publish", "--no-translate").code == 0
    assert dateline_of(root, "cnes", "ja") == "2016年3月11日\u3000トゥルーズ"


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            "places = 3\n",
            'places must be a table of places, e.g. [places."Saint-Hubert"] with '
            'ja = "サンテュベール"',
        ),
        (
            '[places]\nToulouse = "トゥールーズ"\n',
            "places.Toulouse must be a table of its names per language, e.g. "
            '[places."Saint-Hubert"] with ja = "サンテュベール"',
        ),
        (
            '[places.Toulouse]\njp = "トゥールーズ"\n',
            "places.Toulouse has 'jp', which is not a language; name the place in en, fr, ja",
        ),
        (
            '[places."Cap Kennedy"]\nja = 3\n',
            'places."Cap Kennedy".ja must be the place\'s name in ja, got 3',
        ),
        (
            '[places.Montreal]\nja = "モントリオール"\n\n[places."MONTRÉAL"]\nfr = "Montréal"\n',
            "places.Montreal and places.\"MONTRÉAL\" share the name 'Montréal' (names compare "
            "without case, accents, spaces or hyphens); keep one of them",
        ),
    ],
)
def test_a_bad_places_table_is_one_line_naming_transpress_toml(
    tmp_path: Path, run: Run, table: str, message: str
) -> None:
    root = mini_workspace(tmp_path / "ws", table)
    result = run("-C", root, "publish", "--no-translate")
    assert result.code == 4
    assert result.err == f"transpress: error: transpress.toml: {message}\n"
