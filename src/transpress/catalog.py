"""Gettext catalogues through polib: templates, msgmerge-style updates, reading translations."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from transpress import __version__
from transpress.errors import CatalogError
from transpress.files import write_atomic
from transpress.locale import english_name, plural_forms

#: Same width as GNU gettext's tools, so diffs stay small whichever tool last wrote the file.
WRAP_WIDTH = 79
#: msgmerge's similarity threshold for fuzzy matches (FUZZY_THRESHOLD in gettext's msgl-fsearch).
FUZZY_THRESHOLD = 0.6


@dataclass(frozen=True)
class TemplateEntry:
    """A msgid with every place it occurs and the kinds of block it occurs in."""

    msgid: str
    occurrences: tuple[tuple[str, int], ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Translation:
    """What a catalogue holds for one msgid."""

    msgstr: str
    fuzzy: bool
    previous_msgid: str | None = None

    @property
    def reviewed(self) -> bool:
        """A translation a person has approved: non-empty and not fuzzy."""
        return bool(self.msgstr) and not self.fuzzy


@dataclass(frozen=True)
class MergeReport:
    """What updating one catalogue did."""

    path: Path
    created: bool
    written: bool
    new: int
    fuzzy: int
    obsolete: int
    total: int


def group_entries(units: Iterable[tuple[str, str, int, str]]) -> list[TemplateEntry]:
    """Group (msgid, source, line, kind) tuples by msgid, in first-occurrence order."""
    grouped: dict[str, tuple[list[tuple[str, int]], list[str]]] = {}
    for msgid, source, line, kind in units:
        places, kinds = grouped.setdefault(msgid, ([], []))
        places.append((source, line))
        if kind not in kinds:
            kinds.append(kind)
    return [TemplateEntry(m, tuple(p), tuple(k)) for m, (p, k) in grouped.items()]


def write_template(
    path: Path, domain: str, entries: Sequence[TemplateEntry], *, now: datetime.datetime
) -> bool:
    """Write `<domain>.pot`, unless only its creation date would change; say if written."""
    pot = _new_file(_header(domain, None, now))
    for template in entries:
        pot.append(_entry_from_template(template))
    old = _read_optional(path)
    return _write_unless_unchanged(pot, old, path)


def update_catalog(
    path: Path,
    domain: str,
    lang: str,
    entries: Sequence[TemplateEntry],
    *,
    now: datetime.datetime,
) -> MergeReport:
    """Create or merge `<lang>/LC_MESSAGES/<domain>.po` against the template, like msgmerge."""
    old = _read_optional(path)
    header = _header(domain, lang, now)
    if old is not None:
        header = {**header, **_translator_fields(old.metadata)}
    po = _new_file(header)
    new, fuzzy = _merge_active(po, old, entries)
    obsolete = _carry_obsolete(po, old, {t.msgid for t in entries})
    written = _write_unless_unchanged(po, old, path)
    return MergeReport(path, old is None, written, new, fuzzy, obsolete, len(entries))


def read_translations(path: Path) -> dict[str, Translation]:
    """Read a catalogue's active entries as msgid → translation (empty if it does not exist)."""
    po = _read_optional(path)
    if po is None:
        return {}
    return {
        e.msgid: Translation(e.msgstr, "fuzzy" in e.flags, e.previous_msgid)
        for e in po
        if not e.obsolete
    }


def _merge_active(
    po: polib.POFile, old: polib.POFile | None, entries: Sequence[TemplateEntry]
) -> tuple[int, int]:
    active = {e.msgid: e for e in old if not e.obsolete} if old is not None else {}
    buried = {e.msgid: e for e in old.obsolete_entries()} if old is not None else {}
    wanted = {t.msgid for t in entries}
    candidates = [e for m, e in active.items() if m not in wanted and e.msgstr]
    new = fuzzy = 0
    for template in entries:
        entry = _entry_from_template(template)
        previous = active.get(template.msgid) or buried.get(template.msgid)
        if previous is not None:
            _keep_translation(entry, previous)
        else:
            match = _closest(template.msgid, candidates)
            if match is None:
                new += 1
            else:
                candidates.remove(match)
                entry.msgstr = match.msgstr
                entry.flags = ["fuzzy", *(f for f in match.flags if f != "fuzzy")]
                entry.previous_msgid = match.msgid
                entry.tcomment = match.tcomment
                fuzzy += 1
        po.append(entry)
    return new, fuzzy


def _keep_translation(entry: polib.POEntry, previous: polib.POEntry) -> None:
    entry.msgstr = previous.msgstr
    entry.flags = list(previous.flags)
    entry.tcomment = previous.tcomment
    if "fuzzy" in previous.flags:
        entry.previous_msgid = previous.previous_msgid


def _carry_obsolete(po: polib.POFile, old: polib.POFile | None, wanted: set[str]) -> int:
    """Keep every translated entry that left the template as obsolete; count the new ones."""
    if old is None:
        return 0
    fuzzy_sources = {e.previous_msgid for e in po if e.previous_msgid}
    newly = 0
    for entry in old:
        if entry.msgid in wanted or not entry.msgstr:
            continue
        if not entry.obsolete and entry.msgid in fuzzy_sources:
            continue  # it lives on as the fuzzy entry it was matched to
        newly += 0 if entry.obsolete else 1
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=entry.msgstr,
                flags=list(entry.flags),
                tcomment=entry.tcomment,
                obsolete=True,
            )
        )
    return newly


def _closest(msgid: str, candidates: list[polib.POEntry]) -> polib.POEntry | None:
    best, best_ratio = None, FUZZY_THRESHOLD
    for candidate in candidates:
        # autojunk=False: with it, difflib treats frequent characters (spaces, e) as junk
        # in strings over 200 characters and under-rates long similar sentences.
        matcher = difflib.SequenceMatcher(None, msgid, candidate.msgid, autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = candidate, ratio
    return best


def _entry_from_template(template: TemplateEntry) -> polib.POEntry:
    return polib.POEntry(
        msgid=template.msgid,
        msgstr="",
        occurrences=[(source, str(line)) for source, line in template.occurrences],
        comment=", ".join(template.kinds),
    )


def _header(domain: str, lang: str | None, now: datetime.datetime) -> dict[str, str]:
    stamp = now.strftime("%Y-%m-%d %H:%M%z")
    header = {
        "Project-Id-Version": domain,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": stamp,
        "PO-Revision-Date": stamp if lang else "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "",
        "Language-Team": f"{english_name(lang)} <{lang}@li.org>" if lang else "",
    }
    if lang:
        header["Language"] = lang
    header.update(
        {
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
        }
    )
    if lang:
        header["Plural-Forms"] = plural_forms(lang)
    header["X-Generator"] = f"transpress {__version__}"
    return header


def _translator_fields(metadata: dict[str, str]) -> dict[str, str]:
    """The header fields a translator owns, kept across merges."""
    keep = ("PO-Revision-Date", "Last-Translator", "Language-Team")
    return {key: metadata[key] for key in keep if metadata.get(key)}


def _new_file(header: dict[str, str]) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.metadata = header
    po.header = "transpress catalogue: translate in any PO editor; see README."
    return po


def _render(po: polib.POFile) -> str:
    return str(po).rstrip("\n") + "\n"


def _write_unless_unchanged(po: polib.POFile, old: polib.POFile | None, path: Path) -> bool:
    """Write `po` unless it equals `old` but for its creation date (Sphinx's should_write)."""
    if old is not None:
        fresh_date = po.metadata["POT-Creation-Date"]
        po.metadata["POT-Creation-Date"] = old.metadata.get("POT-Creation-Date", fresh_date)
        if _render(po) == _render(_reflow(old)):
            return False
        po.metadata["POT-Creation-Date"] = fresh_date
    write_atomic(path, _render(po).encode("utf-8"))
    return True


def _reflow(old: polib.POFile) -> polib.POFile:
    old.wrapwidth = WRAP_WIDTH
    return old


_LINE = re.compile(r"line (\d+)")
_STRING = r'"(?:[^"\\]|\\.)*"'
# What a PO line may be: blank, a comment (#, #., #:, #,, #|, #~), a keyword and a string,
# or a continuation string. polib is lenient (it reads `msgid broken` as msgid "roke"), so
# a catalogue is checked line by line before a merge may rewrite it.
_PO_LINE = re.compile(
    rf"^\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+{_STRING}|{_STRING})?\s*$"
)


def _check_syntax(path: Path, text: str) -> None:
    for number, line in enumerate(text.split("\n"), start=1):
        if not _PO_LINE.match(line):
            raise CatalogError(
                f"not a PO line: {line.strip()[:40]!r}; fix it in a PO editor or check it with "
                "`msgfmt --check`",
                path=path,
                line=number,
            )


def _read_optional(path: Path) -> polib.POFile | None:
    if not path.exists():
        return None
    try:
        text = path.read_text(encoding="utf-8")
        _check_syntax(path, text)
        po = polib.pofile(text, wrapwidth=WRAP_WIDTH, encoding="utf-8")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        match = _LINE.search(str(exc))
        raise CatalogError(
            f"cannot read catalogue ({exc}); fix it in a PO editor or with `msgfmt --check`",
            path=path,
            line=int(match.group(1)) if match else None,
        ) from None
    seen: set[tuple[str | None, str]] = set()
    for entry in po:
        key = (entry.msgctxt, entry.msgid)
        if key in seen and not entry.obsolete:
            raise CatalogError(
                f"duplicate entry for msgid {entry.msgid[:40]!r}; merge the two in a PO editor",
                path=path,
                line=entry.linenum,
            )
        seen.add(key)
    return po
