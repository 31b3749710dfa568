"""Catalogue headers: what a new one says, and what a translator's one must keep."""

from __future__ import annotations

import datetime

from transpress import __version__
from transpress.catalog.message import Message, header_fields, render_header, with_header_fields
from transpress.locale import english_name

DEFAULT_HEADER_COMMENT = "transpress catalogue: translate in any PO editor; see README."

#: Plural-Forms as GNU gettext's msginit writes them (its plural table), and Poedit and
#: Weblate with it; CLDR's rules (Babel) change between releases and differ from these.
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "de": "nplurals=2; plural=(n != 1);",
    "es": "nplurals=2; plural=(n != 1);",
    "it": "nplurals=2; plural=(n != 1);",
    "nl": "nplurals=2; plural=(n != 1);",
    "pt": "nplurals=2; plural=(n != 1);",
    "fr": "nplurals=2; plural=(n > 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "ja": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
    "zh": "nplurals=1; plural=0;",
}


def plural_forms(lang: str) -> str:
    """The Plural-Forms header value for `lang`, from gettext's conventional table.

    >>> plural_forms("fr"), plural_forms("ja")
    ('nplurals=2; plural=(n > 1);', 'nplurals=1; plural=0;')
    """
    return PLURAL_FORMS.get(lang) or PLURAL_FORMS[lang.split("_")[0]]


def time_stamp(now: datetime.datetime) -> str:
    """A header date: `2016-03-11 09:30+0000`."""
    return now.strftime("%Y-%m-%d %H:%M%z")


def new_header(
    domain: str,
    lang: str | None,
    *,
    source_lang: str,
    now: datetime.datetime,
    created: str | None = None,
) -> Message:
    """The header entry of a new template (lang=None) or catalogue, in msginit's order;
    `created` is the template's POT-Creation-Date (default: now)."""
    stamp = time_stamp(now)
    fields = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": created or stamp,
        "PO-Revision-Date": stamp if lang else "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": f"{english_name(lang)} <{lang}@li.org>" if lang else "",
    }
    if lang:
        fields["Language"] = lang
    fields |= {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    if lang:
        fields["Plural-Forms"] = plural_forms(lang)
    fields["X-Generator"] = f"transpress {__version__}"
    fields["X-Source-Language"] = source_lang
    return Message(msgid="", msgstr=render_header(fields), comments=[DEFAULT_HEADER_COMMENT])


def kept_header(header: Message, lang: str | None, *, source_lang: str, created: str) -> Message:
    """A translator's header as it is (like msgmerge), with the template's POT-Creation-Date
    and the fields gettext and translation tools need added if missing. Fields a tool
    removed on purpose (X-Generator, say) are not put back."""
    fields = header_fields(header.msgstr)
    updates = {"POT-Creation-Date": created}
    needed = {
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source_lang,
    }
    if lang:
        needed |= {"Language": lang, "Plural-Forms": plural_forms(lang)}
    present = {key.lower() for key in fields}  # gettext reads field names in any case
    updates |= {key: value for key, value in needed.items() if key.lower() not in present}
    kept = Message(
        msgid="",
        msgstr=with_header_fields(header.msgstr, updates),
        flags=list(header.flags),
        comments=list(header.comments),
        extracted=list(header.extracted),
        references=list(header.references),
        line=header.line,
    )
    kept.raw, kept.raw_content = header.raw, header.raw_content
    return kept
