"""Extract the review pages' interface strings into transpress.pot and merge them into the
shipped catalogues (Babel's extract and update, as `pybabel extract` / `pybabel update` do).

    python tools/interface_catalogues.py          # rewrite the POT and the PO files
    python tools/interface_catalogues.py --check  # exit 1 if one of them is out of date

New strings arrive in the PO files untranslated, for a translator to fill in Poedit or
Weblate; the pages show them in English until then.
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "transpress"
LOCALE = PACKAGE / "data" / "locale"
TEMPLATES = ("report.html.j2", "diff.html.j2")
LANGUAGES = ("fr", "ja")
#: Fixed header dates, so that a rerun with no new string changes no byte.
EPOCH = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
WIDTH = 79  # as GNU gettext and Poedit wrap


def extracted() -> Catalog:
    """Every string the templates mark for translation, with where it occurs."""
    template = Catalog(
        project="transpress",
        version="0.1.0",
        msgid_bugs_address="https://github.com/transpress/transpress/issues",
        creation_date=EPOCH,
        revision_date=EPOCH,
        fuzzy=False,
        header_comment="# The interface strings of transpress's review pages (report, diff).",
    )
    for name in TEMPLATES:
        path = PACKAGE / "templates" / name
        for line, message, comments, context in extract_from_file(
            "jinja2.ext:babel_extract", str(path), options={"newstyle_gettext": "true"}
        ):
            where = [(f"templates/{name}", line)]
            template.add(message, locations=where, auto_comments=comments, context=context)
    return template


def rendered(catalog: Catalog) -> bytes:
    """A catalogue as its file holds it."""
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, ignore_obsolete=True, include_previous=True)
    # Babel's version in the header would make every Babel upgrade a change to the files.
    lines = out.getvalue().splitlines(keepends=True)
    return b"".join(line for line in lines if not line.startswith(b'"Generated-By: '))


def merged(lang: str, template: Catalog) -> Catalog:
    """The catalogue of `lang` brought up to `template`: translations kept, new strings added."""
    path = LOCALE / lang / "LC_MESSAGES" / "transpress.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    catalog.update(template, update_header_comment=False, no_fuzzy_matching=True)
    catalog.revision_date = EPOCH
    catalog.creation_date = EPOCH
    return catalog


def main(argv: list[str] | None = None) -> int:
    """Rewrite (or with --check, compare) the POT and every PO file; 1 when stale."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    check = parser.parse_args(argv).check
    template = extracted()
    files = {LOCALE / "transpress.pot": rendered(template)}
    for lang in LANGUAGES:
        files[LOCALE / lang / "LC_MESSAGES" / "transpress.po"] = rendered(merged(lang, template))
    stale = [
        path for path, data in files.items() if not path.is_file() or path.read_bytes() != data
    ]
    for path in stale:
        if check:
            print(f"{path.relative_to(ROOT)} is out of date; run tools/interface_catalogues.py")
        else:
            path.write_bytes(data := files[path])
            print(f"{path.relative_to(ROOT)} written ({len(data)} bytes)")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
