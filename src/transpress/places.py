"""Place names in datelines: a place is looked up by its own names only, never replaced.

Language by language, the first that names a dateline's place wins: the release's front
matter (`place:` per language), the workspace's `[places]` table, the places shipped in
`data/places.toml`, CLDR's exemplar cities (through transpress.locale). A place none of
them knows is kept as written.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources

from transpress.document import Dateline
from transpress.locale import SUPPORTED_LANGUAGES, exemplar_city, place_key


@dataclass(frozen=True)
class Place:
    """One place: its name in each language that has one, and other ways of writing it
    that are recognised but never written (`aliases`)."""

    forms: tuple[tuple[str, str], ...]  # (language, name)
    aliases: tuple[str, ...] = ()

    def name_in(self, lang: str) -> str | None:
        """The place's name in `lang`, if it has one."""
        return next((name for code, name in self.forms if code == lang), None)

    @property
    def names(self) -> tuple[str, ...]:
        """Every way of writing the place, its forms first."""
        return tuple(dict.fromkeys([*(name for _, name in self.forms), *self.aliases]))


@dataclass(frozen=True)
class Gazetteer:
    """Places found by any of their names (compared as transpress.locale.place_key does)."""

    places: tuple[Place, ...] = ()

    @functools.cached_property
    def _by_key(self) -> dict[str, Place]:
        index: dict[str, Place] = {}
        for place in self.places:
            for name in place.names:
                index.setdefault(place_key(name), place)
        return index

    def find(self, name: str) -> Place | None:
        """The place one of whose names `name` is, or None.

        >>> shipped_places().find("MONTREAL").name_in("ja")
        'モントリオール'
        """
        return self._by_key.get(place_key(name))


@functools.cache
def shipped_places() -> Gazetteer:
    """The places shipped with transpress (`data/places.toml`), read once."""
    text = resources.files("transpress").joinpath("data/places.toml").read_text("utf-8")
    entries = tomllib.loads(text)["place"]
    return Gazetteer(
        tuple(
            Place(
                tuple((lang, entry[lang]) for lang in SUPPORTED_LANGUAGES if lang in entry),
                tuple(entry.get("aliases", ())),
            )
            for entry in entries
        )
    )


@dataclass(frozen=True)
class Places:
    """How datelines name places: the workspace's places over the shipped ones, then CLDR."""

    workspace: Gazetteer = Gazetteer()
    shipped: Gazetteer = field(default_factory=shipped_places)

    def name(self, place: str, lang: str) -> str:
        """`place` as `lang` writes it, or as written when nothing names it in `lang`.

        >>> [Places().name(p, "ja") for p in ("MONTRÉAL", "Toulouse", "Berlin", "Smallville")]
        ['モントリオール', 'トゥールーズ', 'ベルリン', 'Smallville']
        """
        own = self.workspace.find(place)
        if own is not None and (form := own.name_in(lang)):
            return form
        # The workspace may name the place in other languages only: its other names
        # find it in the shipped places and CLDR.
        names = tuple(dict.fromkeys((place, *(own.names if own else ()))))
        for name in names:
            shipped = self.shipped.find(name)
            if shipped is not None:
                return shipped.name_in(lang) or place
        return next(filter(None, (exemplar_city(name, lang) for name in names)), place)

    def of_dateline(self, dateline: Dateline, lang: str) -> str:
        """The dateline's place in `lang`: the release's own form for `lang` (front
        matter), else as `name` finds it; '' for a dateline without a place."""
        given = dict(dateline.place_forms)
        if lang in given:
            return given[lang]
        return self.name(dateline.place, lang) if dateline.place else ""
