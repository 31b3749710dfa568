"""Templates and msgmerge-style merges: new, fuzzy with the previous msgid, obsolete."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from transpress.catalog.drafts import OpenCatalogue, without_machine_notes
from transpress.catalog.pofile import (
    DEFAULT_HEADER_COMMENT,
    PlannedFile,
    fingerprint,
    kept_header,
    new_file,
    new_header,
    plan_file,
    read_catalog,
)

#: msgmerge's similarity threshold for fuzzy matches (FUZZY_THRESHOLD in gettext's msgl-fsearch).
FUZZY_THRESHOLD = 0.6


@dataclass(frozen=True)
class TemplateEntry:
    """A msgid with every place it occurs and the kinds of block it occurs in."""

    msgid: str
    occurrences: tuple[tuple[str, int], ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class MergeReport:
    """What merging one catalogue with its template changes."""

    path: Path
    lang: str
    created: bool
    changed: bool
    new: int
    fuzzy: int
    obsolete: int
    total: int


@dataclass(frozen=True)
class Merged:
    """A merged catalogue: its report and the catalogue itself, in memory."""

    report: MergeReport
    catalogue: OpenCatalogue


def group_entries(units: Iterable[tuple[str, str, int, str]]) -> list[TemplateEntry]:
    """Group (msgid, source, line, kind) tuples by msgid, in first-occurrence order."""
    grouped: dict[str, tuple[list[tuple[str, int]], list[str]]] = {}
    for msgid, source, line, kind in units:
        places, kinds = grouped.setdefault(msgid, ([], []))
        places.append((source, line))
        if kind not in kinds:
            kinds.append(kind)
    return [TemplateEntry(m, tuple(p), tuple(k)) for m, (p, k) in grouped.items()]


def plan_template(
    path: Path, domain: str, entries: Sequence[TemplateEntry], *, now: datetime.datetime
) -> PlannedFile:
    """Build `<domain>.pot`; unchanged (None) when only its creation date would differ."""
    pot = new_file(new_header(domain, None, now), DEFAULT_HEADER_COMMENT)
    for template in entries:
        pot.append(_entry_from_template(template))
    return plan_file(path, pot, read_catalog(path))


def plan_merge(
    path: Path, domain: str, lang: str, entries: Sequence[TemplateEntry], *, now: datetime.datetime
) -> Merged:
    """Merge `<lang>/LC_MESSAGES/<domain>.po` with the template, like msgmerge --previous."""
    old = read_catalog(path)
    if old is None:
        po = new_file(new_header(domain, lang, now), DEFAULT_HEADER_COMMENT)
    else:
        po = new_file(kept_header(old.metadata, domain, lang, now), old.header)
    new, fuzzy, consumed = _merge_active(po, old, entries)
    obsolete = _carry_obsolete(po, old, {t.msgid for t in entries}, consumed)
    changed = old is None or fingerprint(po) != fingerprint(old)
    report = MergeReport(path, lang, old is None, changed, new, fuzzy, obsolete, len(entries))
    return Merged(report, OpenCatalogue(path, po, changed=changed))


def _merge_active(
    po: polib.POFile, old: polib.POFile | None, entries: Sequence[TemplateEntry]
) -> tuple[int, int, set[int]]:
    """Append the template's entries with what `old` knows; count new and fuzzy, and
    return the ids of old entries a fuzzy entry was seeded from."""
    active = {e.msgid: e for e in old if not e.obsolete} if old is not None else {}
    buried = {e.msgid: e for e in old.obsolete_entries()} if old is not None else {}
    wanted = {t.msgid for t in entries}
    candidates = [e for m, e in active.items() if m not in wanted and e.msgstr]
    candidates += [e for m, e in buried.items() if m not in wanted and e.msgstr]
    new = fuzzy = 0
    consumed: set[int] = set()
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
                consumed.add(id(match))
                _start_from(entry, match)
                fuzzy += 1
        po.append(entry)
    return new, fuzzy, consumed


def _keep_translation(entry: polib.POEntry, previous: polib.POEntry) -> None:
    entry.msgstr = previous.msgstr
    entry.flags = list(previous.flags)
    entry.tcomment = previous.tcomment
    if "fuzzy" in previous.flags:
        entry.previous_msgid = previous.previous_msgid


def _start_from(entry: polib.POEntry, match: polib.POEntry) -> None:
    """Seed a changed entry with the translation of its closest old entry, marked fuzzy."""
    entry.msgstr = match.msgstr
    entry.flags = ["fuzzy", *(f for f in match.flags if f != "fuzzy")]
    entry.tcomment = match.tcomment
    if "fuzzy" not in match.flags:
        # A reviewed translation is a person's work, even if a machine drafted it once:
        # without its `mt:` lines, machine translation will never replace it.
        entry.tcomment = without_machine_notes(match.tcomment)
    # Keep the text the translation was made for: after two edits in a row, the
    # translator compares with what they translated, not with an untranslated draft.
    already_fuzzy = "fuzzy" in match.flags and match.previous_msgid
    entry.previous_msgid = match.previous_msgid if already_fuzzy else match.msgid


def _carry_obsolete(
    po: polib.POFile, old: polib.POFile | None, wanted: set[str], consumed: set[int]
) -> int:
    """Keep every translated entry that left the template as obsolete; count the new ones.

    An entry a fuzzy match was seeded from lives on in that entry (msgmerge marks it used).
    """
    if old is None:
        return 0
    newly = 0
    for entry in old:
        if entry.msgid in wanted or not entry.msgstr or id(entry) in consumed:
            continue
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
