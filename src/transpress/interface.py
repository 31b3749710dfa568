"""The language of transpress's own pages (review dashboard, diff): its gettext catalogues.

The interface strings are written in English in the templates and translated in PO files
shipped with the package, `data/locale/<lang>/LC_MESSAGES/transpress.po`, which translators
edit in Poedit or Weblate like any release's catalogue. This module alone knows where they are.
"""

from __future__ import annotations

import functools
import gettext
from importlib import resources
from pathlib import Path

from transpress.errors import InputError
from transpress.locale import read_interface_catalogue

#: Languages the pages can be shown in; English is the templates' own.
INTERFACE_LANGUAGES = ("en", "fr", "ja")
DOMAIN = "transpress"


def interface_locale_dir() -> Path:
    """The folder of the interface catalogues inside the installed package."""
    return Path(str(resources.files("transpress") / "data" / "locale"))


def interface_catalogue_path(lang: str) -> Path:
    """`data/locale/<lang>/LC_MESSAGES/transpress.po`."""
    return interface_locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def interface_template_path() -> Path:
    """`data/locale/transpress.pot`: every interface string, as extracted from the templates."""
    return interface_locale_dir() / f"{DOMAIN}.pot"


@functools.cache
def interface_translations(lang: str) -> gettext.NullTranslations:
    """The gettext translations of the interface in `lang` (English: the strings as written)."""
    if lang not in INTERFACE_LANGUAGES:
        raise InputError(
            f"no interface in {lang!r}; choose one of {', '.join(INTERFACE_LANGUAGES)}"
        )
    if lang == "en":
        return gettext.NullTranslations()
    return read_interface_catalogue(interface_catalogue_path(lang))
