"""The workspace glossary: `glossary.csv`, one term per row, forms per language.

Columns: one per language code (`en`, `fr`, `ja`), `dnt` (do not translate: yes/no) and
an optional `note`. Machine translation keeps every form of a do-not-translate term as
it is written.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from transpress.errors import InputError
from transpress.files import Notice
from transpress.locale import primary_language
from transpress.xmlfiles import XML_LANG, read_xml

_TRUE = {"yes", "y", "true", "1", "x", "oui"}
_FALSE = {"", "no", "n", "false", "0", "non"}
_COLUMN = re.compile(r"[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?|dnt|note")


@dataclass(frozen=True)
class Term:
    """One glossary row: the term's form in each language, and whether to keep it as is."""

    forms: dict[str, str]
    dnt: bool
    note: str = ""


@dataclass(frozen=True)
class Glossary:
    """The terms of a workspace."""

    terms: tuple[Term, ...] = ()

    @functools.cached_property
    def dnt_terms(self) -> tuple[str, ...]:
        """Every form of every do-not-translate term, longest first, sorted once: checks
        ask for them on every entry (the glossary is frozen; its terms are not edited).

        >>> Glossary((Term({"en": "CNES", "ja": "国立宇宙研究センター"}, dnt=True),)).dnt_terms
        ('国立宇宙研究センター', 'CNES')
        """
        forms = {form for term in self.terms if term.dnt for form in term.forms.values() if form}
        return tuple(sorted(forms, key=lambda form: (-len(form), form)))

    @functools.cached_property
    def dnt_forms(self) -> tuple[tuple[Term, tuple[str, ...]], ...]:
        """Each do-not-translate term with its distinct forms (none empty), in glossary order."""
        return tuple(
            (term, tuple(form for form in dict.fromkeys(term.forms.values()) if form))
            for term in self.terms
            if term.dnt
        )

    def do_not_translate(self) -> list[str]:
        """Every form of every do-not-translate term, longest first (a new list each time)."""
        return list(self.dnt_terms)


def read_glossary(path: Path) -> Glossary:
    """Read glossary.csv (an empty glossary when the file does not exist)."""
    if not path.exists():
        return Glossary()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle, strict=True)
            rows = list(reader)
            columns = list(reader.fieldnames or [])
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(
            f"cannot read the glossary ({exc}); save it as UTF-8 CSV", path=path
        ) from None
    wrong = [c for c in columns if not _COLUMN.fullmatch(c or "")]
    if wrong:
        raise InputError(
            f"unknown glossary columns {wrong}; use language codes (en, fr, ja), dnt and note",
            path=path,
            line=1,
        )
    terms = []
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise InputError("more cells than column names", path=path, line=number)
        flag = (row.get("dnt") or "").strip().lower()
        if flag not in _TRUE | _FALSE:
            raise InputError(f"dnt must be yes or no, not {flag!r}", path=path, line=number)
        forms = {k: (v or "").strip() for k, v in row.items() if k not in ("dnt", "note")}
        if not any(forms.values()):
            continue
        dnt = (row.get("dnt") or "").strip().lower() in _TRUE
        terms.append(Term(forms, dnt, (row.get("note") or "").strip()))
    return Glossary(tuple(terms))


@dataclass(frozen=True)
class TbxTerms:
    """The terms of a TBX file, and `warnings` on what glossary.csv could not hold."""

    terms: tuple[Term, ...]
    skipped: int = 0
    warnings: tuple[Notice, ...] = ()


def read_tbx_terms(path: Path) -> TbxTerms:
    """Terms of a TBX file: TBX 2 (termEntry → langSet) or TBX 2019 (conceptEntry → langSec),
    keeping only the forms glossary.csv can hold as a language column."""
    root = read_xml(path, "TBX")
    if _local(root.tag).lower() not in ("tbx", "martif"):
        raise InputError(
            f"not a TBX file: the root element is <{_local(root.tag)}>, not <tbx> (TBX 2019) "
            "or <martif> (TBX 2)",
            path=path,
        )
    terms = []
    entries = 0
    odd_tags: Counter[str] = Counter()
    for entry in root.iter():
        if _local(entry.tag) not in ("termEntry", "conceptEntry"):
            continue
        entries += 1
        forms = _entry_forms(entry, odd_tags)
        notes = [
            e.text.strip() for e in entry.iter() if _local(e.tag) in ("descrip", "note") and e.text
        ]
        dnt = any("do not translate" in note.lower() for note in notes)
        if forms:
            terms.append(Term(forms, dnt, "; ".join(notes)))
    warnings: list[Notice] = []
    if odd_tags:
        shown = ", ".join(repr(tag) for tag, _ in odd_tags.most_common(3))
        warnings.append(
            (
                path,
                f"{odd_tags.total()} term(s) left out: their language tag ({shown}) cannot be "
                "a glossary.csv column; use a language code such as en, fr, ja",
            )
        )
    left_out = entries - len(terms)
    if left_out:
        warnings.append(
            (path, f"{left_out} entries left out: no term with a language code in them")
        )
    return TbxTerms(tuple(terms), left_out, tuple(warnings))


def _entry_forms(entry: ET.Element, odd_tags: Counter[str]) -> dict[str, str]:
    """The first term of each language of a TBX entry; tags with no column are counted."""
    forms: dict[str, str] = {}
    for section in entry:
        tag = section.get(XML_LANG, section.get("lang"))  # "" is a (bad) tag, not none
        term = next((e for e in section.iter() if _local(e.tag) == "term"), None)
        text = "".join(term.itertext()).strip() if term is not None else ""
        if tag is None or not text:
            continue  # not a language section, or no term in it
        lang = glossary_column(tag)
        if lang is None:
            odd_tags[tag] += 1
        elif lang not in forms:
            forms[lang] = text
    return forms


def glossary_column(tag: str) -> str | None:
    """The glossary.csv column of a language tag: its primary subtag in lower case, or None
    when that cannot be a language column (empty, private use, grandfathered, `dnt`).

    >>> [glossary_column(t) for t in ("de-CH-1996", "qaa", "EN_gb", "x-klingon", "i-default", "")]
    ['de', 'qaa', 'en', None, None, None]
    """
    language = primary_language(tag)
    return None if language in ("dnt", "note") else language  # the glossary's own columns


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def merge_terms(glossary: Glossary, new: list[Term]) -> Glossary:
    """The glossary with new terms added; a term already there (same forms) is kept once."""
    known = {tuple(sorted(t.forms.items())) for t in glossary.terms}
    added = [t for t in new if tuple(sorted(t.forms.items())) not in known]
    return Glossary(glossary.terms + tuple(added))


def render_glossary(glossary: Glossary, languages: tuple[str, ...]) -> str:
    """glossary.csv text: a column per language, then dnt and note."""
    buffer = io.StringIO()
    columns = [*languages, *sorted({k for t in glossary.terms for k in t.forms} - set(languages))]
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*columns, "dnt", "note"])
    for term in glossary.terms:
        forms = [term.forms.get(lang, "") for lang in columns]
        writer.writerow([*forms, "yes" if term.dnt else "no", term.note])
    return buffer.getvalue()
