"""Everything CLDR, through Babel: dates, month and city names, language names.

(Plural-Forms headers follow gettext's own table, in transpress.catalog.headers: CLDR's
plural rules change between Babel releases and are not what PO tools write.)
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
import zoneinfo

from babel import Locale
from babel.dates import format_date, get_timezone_location

#: Languages transpress segments, translates and publishes.
SUPPORTED_LANGUAGES = ("en", "fr", "ja")

#: Dateline conventions: English (en-GB day-month order, as European agencies write),
#: French (`Paris, le 11 mars 2016`), Japanese (`2016年3月11日　パリ`).
_CLDR_LOCALE = {"en": "en_GB", "fr": "fr", "ja": "ja"}


_PRIMARY = re.compile("[a-z]{2,3}")


@functools.lru_cache(maxsize=4096)  # a file repeats a handful of tags over every unit
def primary_language(tag: str) -> str | None:
    """The language a language tag (BCP 47, or POSIX `ja_JP`) names: its primary subtag
    in lower case; None for a tag that names none (empty, private use, grandfathered).

    >>> [primary_language(t) for t in ("en-US", "ja_JP", "qaa", "de-CH-1996", "EN_gb")]
    ['en', 'ja', 'qaa', 'de', 'en']
    >>> [primary_language(t) for t in ("x-klingon", "i-default", "", "*all*")]
    [None, None, None, None]
    """
    first = tag.strip().lower().replace("_", "-").split("-")[0]
    return first if _PRIMARY.fullmatch(first) else None


def language_name(lang: str) -> str:
    """Return the language's name in that language, capitalised for a menu.

    >>> [language_name(code) for code in ("en", "fr", "ja")]
    ['English', 'Français', '日本語']
    """
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def english_name(lang: str) -> str:
    """Return the language's English name, as gettext's Language-Team header writes it.

    >>> english_name("ja")
    'Japanese'
    """
    return str(Locale.parse(lang).get_display_name("en"))


def format_long_date(date: datetime.date, lang: str) -> str:
    """Format a date the way a press release of `lang` writes it.

    >>> d = datetime.date(2017, 5, 1)
    >>> format_long_date(d, "en"), format_long_date(d, "fr"), format_long_date(d, "ja")
    ('1 May 2017', '1er mai 2017', '2017年5月1日')
    """
    text = format_date(date, "long", locale=_CLDR_LOCALE.get(lang, lang))
    if lang == "fr" and date.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal.
    return text


def format_dateline(place: str, date: datetime.date, lang: str) -> str:
    """Build the dateline of a release in `lang`.

    >>> d = datetime.date(2016, 3, 11)
    >>> [format_dateline("Paris", d, code) for code in ("en", "fr", "ja")]
    ['Paris, 11 March 2016', 'Paris, le 11 mars 2016', '2016年3月11日\u3000パリ']
    """
    when = format_long_date(date, lang)
    where = localise_place(place, lang) if place else ""
    if lang == "ja":
        return f"{when}\u3000{where}" if where else when
    if lang == "fr":
        return f"{where}, le {when}" if where else f"Le {when}"
    return f"{where}, {when}" if where else when


def localise_place(place: str, lang: str) -> str:
    """Name a city in `lang` using CLDR's exemplar cities; unknown places are kept as written.

    >>> localise_place("Paris", "ja"), localise_place("東京", "fr"), localise_place("Kourou", "ja")
    ('パリ', 'Tokyo', 'Kourou')
    """
    key = _fold(place)
    zone = next((c[key] for c in map(_cities, SUPPORTED_LANGUAGES) if key in c), None)
    if zone is None:
        return place
    return str(get_timezone_location(zone, locale=lang, return_city=True))


def month_number(name: str, lang: str) -> int | None:
    """Return the month number for a month name written in `lang`, or None.

    >>> month_number("March", "en"), month_number("août", "fr"), month_number("Fevrier", "fr")
    (3, 8, 2)
    """
    return _months(lang).get(_fold(name).rstrip("."))


@functools.cache
def _months(lang: str) -> dict[str, int]:
    locale = Locale.parse(_CLDR_LOCALE.get(lang, lang))
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, month in locale.months[context][width].items():
                names[_fold(month).rstrip(".")] = number
    return names


@functools.cache
def _cities(lang: str) -> dict[str, str]:
    """CLDR's exemplar cities in one language, derived as Babel does (named, or from the id)."""
    named = Locale.parse(lang).time_zones
    cities: dict[str, str] = {}
    for zone in sorted(zoneinfo.available_timezones()):
        if "/" not in zone or zone.startswith(("Etc/", "SystemV/", "US/")):
            continue
        city = named.get(zone, {}).get("city") or zone.rsplit("/", 1)[1].replace("_", " ")
        cities.setdefault(_fold(str(city)), zone)
    return cities


def _fold(text: str) -> str:
    """Case- and accent-insensitive key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
