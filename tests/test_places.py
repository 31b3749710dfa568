"""Datelines name a place by its own names only (issue 12): the shipped places, then
CLDR's exemplar cities; a place nothing names is kept as written, and one city never
stands in for another."""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Any

import pytest
from babel.core import get_global

from transpress import script
from transpress.document import Kind
from transpress.edition import build_edition
from transpress.locale import SUPPORTED_LANGUAGES, exemplar_city, place_key, zone_city
from transpress.places import Places
from transpress.readers.plaintext import PlainTextReader

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
