"""The workspace glossary: `glossary.csv`, one term per row, forms per language.

Columns: one per language code (`en`, `fr`, `ja`), `dnt` (do not translate: yes/no) and
an optional `note`. Machine translation keeps every form of a do-not-translate term as
it is written.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from transpress.errors import InputError

_TRUE = {"yes", "y", "true", "1", "x", "oui"}


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

    def do_not_translate(self) -> list[str]:
        """Every form of every do-not-translate term, longest first."""
        forms = {form for term in self.terms if term.dnt for form in term.forms.values() if form}
        return sorted(forms, key=lambda form: (-len(form), form))


def read_glossary(path: Path) -> Glossary:
    """Read glossary.csv (an empty glossary when the file does not exist)."""
    if not path.exists():
        return Glossary()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise InputError(
            f"cannot read the glossary ({exc}); save it as UTF-8 CSV", path=path
        ) from None
    terms = []
    for number, row in enumerate(rows, start=2):
        if None in row:
            raise InputError("more cells than column names", path=path, line=number)
        forms = {k: (v or "").strip() for k, v in row.items() if k not in ("dnt", "note")}
        if not any(forms.values()):
            continue
        dnt = (row.get("dnt") or "").strip().lower() in _TRUE
        terms.append(Term(forms, dnt, (row.get("note") or "").strip()))
    return Glossary(tuple(terms))
