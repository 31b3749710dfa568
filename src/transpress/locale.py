"""Everything CLDR, through Babel: dates, month and city names, language names.

(Plural-Forms headers follow gettext's own table, in transpress.catalog.headers: CLDR's
plural rules change between Babel releases and are not what PO tools write.)
"""

from __future__ import annotations

import datetime
import functools
import gettext
import io
import re
import unicodedata
from pathlib import Path

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

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


def language_adjective(lang: str, in_lang: str) -> str:
    """How `in_lang` names a version in `lang`, as in "the English version".

    >>> [language_adjective("en", x) for x in ("en", "fr", "ja")]
    ['English', 'anglaise', '英語']
    >>> language_adjective("de", "fr")
    'en allemand'
    """
    if in_lang == "fr":
        return _FRENCH_ADJECTIVES.get(lang) or f"en {Locale.parse(lang).get_display_name('fr')}"
    return str(Locale.parse(lang).get_display_name(in_lang) or lang)


#: French "version anglaise": the feminine adjective, which CLDR does not give.
_FRENCH_ADJECTIVES = {"en": "anglaise", "fr": "française", "ja": "japonaise"}


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
    text = format_date(date, "long", locale=_cldr(lang))
    if lang == "fr" and date.day == 1:
        text = "1er" + text[1:]  # French writes the first of the month as an ordinal.
    return text


def format_timestamp(moment: datetime.datetime, lang: str) -> str:
    """A date and time as the interface of `lang` writes it (CLDR medium, in UTC).

    >>> t = datetime.datetime(2016, 3, 11, 9, 30, tzinfo=datetime.UTC)
    >>> [format_timestamp(t, code) for code in ("en", "fr", "ja")]
    ['11 Mar 2016, 09:30:00', '11 mars 2016, 09:30:00', '2016/03/11 9:30:00']
    """
    return str(format_datetime(moment, "medium", tzinfo=datetime.UTC, locale=_cldr(lang)))


def format_number(value: float, lang: str, *, decimals: int = 0) -> str:
    """A number as `lang` writes it, with at most `decimals` decimals.

    >>> [format_number(1234.5, code, decimals=1) for code in ("en", "fr", "ja")]
    ['1,234.5', '1\u202f234,5', '1,234.5']
    """
    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale=_cldr(lang)))


def percent_sign(number: str, lang: str) -> str:
    """A formatted number followed by the percent sign as `lang` spaces it.

    >>> [percent_sign("77,8", "fr"), percent_sign("77.8", "en")]
    ['77,8\xa0%', '77.8%']
    """
    # CLDR's percent pattern ("#,##0\xa0%" in French) says what stands between number and sign.
    pattern = str(_locale(_cldr(lang)).percent_formats[None].pattern)
    return number + pattern[pattern.rindex("0") + 1 : pattern.index("%")] + "%"


def read_interface_catalogue(path: Path) -> gettext.GNUTranslations:
    """A PO file of interface strings as gettext translations (fuzzy entries left out)."""
    with path.open("rb") as po:
        catalogue = read_po(po)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)  # use_fuzzy=False: only reviewed strings reach the page
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _cldr(lang: str) -> str:
    return _CLDR_LOCALE.get(lang, lang)


def format_dateline(place: str, date: datetime.date, lang: str) -> str:
    """Build the dateline of a release in `lang`, its place already named as `lang` writes
    it (transpress.places names it).

    >>> d = datetime.date(2016, 3, 11)
    >>> places = (("Paris", "en"), ("Paris", "fr"), ("パリ", "ja"))
    >>> [format_dateline(place, d, code) for place, code in places]
    ['Paris, 11 March 2016', 'Paris, le 11 mars 2016', '2016年3月11日\u3000パリ']
    """
    when = format_long_date(date, lang)
    if lang == "ja":
        return f"{when}\u3000{place}" if place else when
    if lang == "fr":
        return f"{place}, le {when}" if place else f"Le {when}"
    return f"{place}, {when}" if place else when


def exemplar_city(name: str, lang: str) -> str | None:
    """Name in `lang` the city that CLDR's time zones take as exemplar, when `name` is one of
    that city's own names (in en, fr or ja; see place_key) and no other city's; else None.

    Zone aliases are never followed: America/Montreal is an alias of America/Toronto, and
    Montréal is not a name of Toronto.

    >>> exemplar_city("Berlin", "ja"), exemplar_city("MOSCOU", "en")
    ('ベルリン', 'Moscow')
    >>> exemplar_city("Montréal", "en") is None
    True
    """
    zone = _exemplar_zones().get(place_key(name))
    return None if zone is None else zone_city(zone, lang)


def zone_city(zone: str, lang: str) -> str:
    """CLDR's exemplar city of a canonical time zone, named in `lang`: its own name, its
    metazone's, or the last part of its id, as Babel's get_timezone_location finds it
    (read from CLDR's data, so a zone the system's tz database lacks is named too).

    >>> zone_city("Europe/Paris", "ja"), zone_city("Europe/Brussels", "fr")
    ('パリ', 'Bruxelles')
    >>> zone_city("America/Argentina/Buenos_Aires", "fr")
    'Buenos Aires'
    """
    locale = _locale(lang)
    city = locale.time_zones.get(zone, {}).get("city")
    if not city:
        metazone = get_global("meta_zones").get(zone)
        city = locale.meta_zones.get(metazone, {}).get("city")
    return str(city) if city else zone.rpartition("/")[2].replace("_", " ")


@functools.cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@functools.cache
def _exemplar_zones() -> dict[str, str]:
    """Each key of an exemplar city's names in en, fr and ja → its zone, over CLDR's own
    (canonical) zones only; a name two zones share is left out, as it names neither."""
    zones: dict[str, set[str]] = {}
    for zone in sorted(get_global("zone_territories")):  # CLDR's canonical zones, no alias
        if zone.startswith("Etc/"):
            continue
        for lang in SUPPORTED_LANGUAGES:
            zones.setdefault(place_key(zone_city(zone, lang)), set()).add(zone)
    return {key: found.pop() for key, found in zones.items() if len(found) == 1}


#: What place names are compared without: white space, hyphens and dashes, full stops,
#: commas, apostrophes, middle dots and the double hyphen of Japanese transcriptions.
_PLACE_SEPARATORS = re.compile(r"[\s\-‐‑‒–—.,'’・･·=＝]+")


def place_key(name: str) -> str:
    """What two ways of writing one place name share: case, Latin accents and separators
    aside, full-width and half-width forms alike; Japanese kana keep their voicing marks.

    >>> [place_key(name) for name in ("MONTRÉAL", "Saint Hubert", "Washington, D.C.")]
    ['montreal', 'sainthubert', 'washingtondc']
    >>> place_key("ケープ・カナベラル") == place_key("ケープカナベラル")
    True
    >>> place_key("パリ") == place_key("ハリ")
    False
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold().strip())
    unaccented = "".join(c for c in decomposed if not "\u0300" <= c <= "\u036f")
    return _PLACE_SEPARATORS.sub("", unicodedata.normalize("NFC", unaccented))


def month_number(name: str, lang: str) -> int | None:
    """Return the month number for a month name written in `lang`, or None.

    >>> month_number("March", "en"), month_number("août", "fr"), month_number("Fevrier", "fr")
    (3, 8, 2)
    """
    return _months(lang).get(_fold(name).rstrip("."))


@functools.cache
def _months(lang: str) -> dict[str, int]:
    locale = Locale.parse(_cldr(lang))
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, month in locale.months[context][width].items():
                names[_fold(month).rstrip(".")] = number
    return names


def _fold(text: str) -> str:
    """Case- and accent-insensitive key."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().strip())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
