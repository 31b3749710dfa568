"""Gettext catalogues through polib: templates, msgmerge-style merges, translations.

Nothing here writes: merges return the new file content, and the use case writes every
planned file only once everything else has succeeded.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from transpress import __version__
from transpress.document import Translation
from transpress.errors import CatalogError
from transpress.locale import english_name, plural_forms

#: GNU gettext's default width. polib and GNU break long lines slightly differently, so
#: a file last saved by GNU tools is reflowed once, the first time its content changes.
WRAP_WIDTH = 79
#: msgmerge's similarity threshold for fuzzy matches (FUZZY_THRESHOLD in gettext's msgl-fsearch).
FUZZY_THRESHOLD = 0.6
DEFAULT_HEADER_COMMENT = "transpress catalogue: translate in any PO editor; see README."


@dataclass(frozen=True)
class TemplateEntry:
    """A msgid with every place it occurs and the kinds of block it occurs in."""

    msgid: str
    occurrences: tuple[tuple[str, int], ...]
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class PlannedFile:
    """A file to write, or `content=None` when it is already up to date."""

    path: Path
    content: str | None


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
    pot = _new_file(_header(domain, None, now), DEFAULT_HEADER_COMMENT)
    for template in entries:
        pot.append(_entry_from_template(template))
    return _plan(path, pot, read_catalog(path))


def plan_merge(
    path: Path, domain: str, lang: str, entries: Sequence[TemplateEntry], *, now: datetime.datetime
) -> Merged:
    """Merge `<lang>/LC_MESSAGES/<domain>.po` with the template, like msgmerge --previous."""
    old = read_catalog(path)
    if old is None:
        po = _new_file(_header(domain, lang, now), DEFAULT_HEADER_COMMENT)
    else:
        po = _new_file(_kept_header(old.metadata, domain, lang, now), old.header)
    new, fuzzy, consumed = _merge_active(po, old, entries)
    obsolete = _carry_obsolete(po, old, {t.msgid for t in entries}, consumed)
    changed = old is None or _fingerprint(po) != _fingerprint(old)
    report = MergeReport(path, lang, old is None, changed, new, fuzzy, obsolete, len(entries))
    return Merged(report, OpenCatalogue(path, po, changed=changed))


def read_translations(path: Path) -> dict[str, Translation]:
    """Read a catalogue's active entries as msgid → translation (empty if it does not exist)."""
    po = read_catalog(path)
    return {} if po is None else translations_of(po)


def translations_of(po: polib.POFile) -> dict[str, Translation]:
    """The active entries of a parsed catalogue as msgid → translation."""
    return {
        e.msgid: Translation(e.msgstr, "fuzzy" in e.flags, e.previous_msgid)
        for e in po
        if not e.obsolete
    }


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
        entry.tcomment = _without_machine_notes(match.tcomment)
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


def _header(domain: str, lang: str | None, now: datetime.datetime) -> dict[str, str]:
    stamp = _stamp(now)
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


def _kept_header(
    metadata: dict[str, str], domain: str, lang: str, now: datetime.datetime
) -> dict[str, str]:
    """The translator's header as it is (like msgmerge), with a fresh POT-Creation-Date
    and any field gettext needs filled in if missing."""
    kept = dict(metadata)
    kept["POT-Creation-Date"] = _stamp(now)
    for key, value in _header(domain, lang, now).items():
        kept.setdefault(key, value)
    return kept


def _stamp(now: datetime.datetime) -> str:
    return now.strftime("%Y-%m-%d %H:%M%z")


def _new_file(header: dict[str, str], comment: str) -> polib.POFile:
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.metadata = header
    po.header = comment
    return po


def _render(po: polib.POFile) -> str:
    return str(po).rstrip("\n") + "\n"


def _fingerprint(po: polib.POFile) -> tuple[object, ...]:
    """What a catalogue says, whatever tool wrapped or ordered its lines."""
    metadata = sorted((k, v) for k, v in po.metadata.items() if k != "POT-Creation-Date")
    entries = [
        (
            e.msgctxt,
            e.msgid,
            e.msgstr,
            e.msgid_plural,
            sorted(e.msgstr_plural.items()),
            sorted(e.flags),
            e.previous_msgid,
            e.occurrences,
            e.comment,
            e.tcomment,
            e.obsolete,
        )
        for e in po
    ]
    return (po.header, metadata, entries)


def _plan(path: Path, po: polib.POFile, old: polib.POFile | None) -> PlannedFile:
    """Plan writing `po` unless it says what `old` says (Sphinx's should_write)."""
    if old is not None and _fingerprint(po) == _fingerprint(old):
        return PlannedFile(path, None)
    return PlannedFile(path, _render(po))


#: Translator-comment lines transpress owns: the provenance of a machine draft, and what
#: its checks found. Other comment lines belong to translators and are kept.
MT_PREFIX = "mt: "
STAMP_PREFIX = "mt-draft: "
CHECK_PREFIX = "mt-check: "
#: polib wraps comment lines longer than the wrap width; a wrapped note would leave its
#: tail behind as a translator comment, so notes are kept short enough not to be wrapped.
_NOTE_WIDTH = WRAP_WIDTH - 3


@dataclass(frozen=True)
class Pending:
    """An entry machine translation should fill, and why."""

    msgid: str
    reason: str  # "untranslated", "source changed" (own draft, outdated) or "refresh"


@dataclass(frozen=True)
class Draft:
    """A machine (or memory) draft for one msgid, with its provenance and check results."""

    msgstr: str
    provenance: str
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class CatalogEntry:
    """One entry of a catalogue as review tools see it (no polib outside this module)."""

    msgid: str
    msgstr: str
    line: int
    state: str  # "reviewed", "machine", "outdated", "fuzzy", "untranslated" or "obsolete"
    comments: tuple[str, ...] = ()  # translator comment lines (# …)
    extracted: str = ""  # the block kind (#. …)
    occurrences: tuple[tuple[str, str], ...] = ()
    previous_msgid: str | None = None

    @property
    def words(self) -> int:
        """Source words (CJK characters count one each, as translators' tools count them)."""
        return count_words(self.msgid)


def count_words(text: str) -> int:
    """Words in a text: runs of letters and digits, each CJK character one word.

    >>> count_words("CNES and JAXA met in 2016."), count_words("日仏宇宙対話")
    (6, 6)
    """
    return len(_WORDS.findall(text))


_WORDS = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W_\u3040-\u30ff\u3400-\u9fff]+")


def entry_state(entry: polib.POEntry) -> str:
    """Classify an entry for status and review."""
    if entry.obsolete:
        return "obsolete"
    if not entry.msgstr:
        return "untranslated"
    if "fuzzy" not in entry.flags:
        return "reviewed"
    if entry.previous_msgid:
        return "outdated"
    return "machine" if is_machine_draft(entry) else "fuzzy"


def read_entries(path: Path) -> list[CatalogEntry]:
    """Every entry of a catalogue (obsolete ones last), for status, diff and checks."""
    po = read_catalog(path)
    return [] if po is None else entries_of(po)


def entries_from_text(text: str) -> list[CatalogEntry]:
    """Every entry of a catalogue given as text (for example a file at a git revision)."""
    return entries_of(_parse(text))


def entries_of(po: polib.POFile) -> list[CatalogEntry]:
    """Every entry of a parsed catalogue."""
    return [
        CatalogEntry(
            msgid=e.msgid,
            msgstr=e.msgstr,
            line=e.linenum or 0,
            state=entry_state(e),
            comments=tuple((e.tcomment or "").splitlines()),
            extracted=e.comment or "",
            occurrences=tuple(e.occurrences),
            previous_msgid=e.previous_msgid,
        )
        for e in po
    ]


def draft_stamp(msgstr: str) -> str:
    """A short fingerprint of a drafted translation, written under its provenance.

    >>> draft_stamp("Le lanceur a décollé.")
    '3333dcfc'
    """
    return hashlib.sha256(msgstr.encode("utf-8")).hexdigest()[:8]


def is_machine_draft(entry: polib.POEntry) -> bool:
    """A fuzzy entry still exactly as transpress drafted it: its `mt:` comment carries the
    fingerprint of the current msgstr. A translator who edits the draft (or reviews it)
    makes it theirs, and machine translation never touches it again."""
    if "fuzzy" not in entry.flags:
        return False
    return STAMP_PREFIX + draft_stamp(entry.msgstr) in (entry.tcomment or "").splitlines()


class OpenCatalogue:
    """A merged catalogue held in memory: read it, draft into it, render it once to write.

    `content` follows the planned-file protocol: None while it says what the file on disk
    says, else the text to write (rendered on first use).
    """

    def __init__(self, path: Path, po: polib.POFile, *, changed: bool):
        self.path = path
        self._po = po
        self._changed = changed
        self._text: str | None = None

    @property
    def content(self) -> str | None:
        """The text to write, or None when the file is already up to date."""
        if not self._changed:
            return None
        if self._text is None:
            self._text = _render(self._po)
        return self._text

    def entries(self) -> list[CatalogEntry]:
        """Every entry, with its line in the file as it is or will be written."""
        text = self.content if self._changed else self.path.read_text(encoding="utf-8")
        return entries_from_text(text or "")

    def translations(self) -> dict[str, Translation]:
        """Active entries as msgid → translation."""
        return translations_of(self._po)

    def pending(self, *, refresh: bool) -> list[Pending]:
        """Entries to fill: untranslated ones, and transpress's own drafts whose source
        changed (or all of them with `refresh`). Reviewed entries and human drafts never."""
        pending = []
        for entry in self._po:
            if entry.obsolete:
                continue
            if not entry.msgstr:
                pending.append(Pending(entry.msgid, "untranslated"))
            elif is_machine_draft(entry) and (entry.previous_msgid or refresh):
                reason = "source changed" if entry.previous_msgid else "refresh"
                pending.append(Pending(entry.msgid, reason))
        return pending

    def apply(self, drafts: dict[str, Draft]) -> int:
        """Write drafts in as fuzzy entries with provenance, never over a reviewed entry;
        return how many entries changed."""
        changed = 0
        for entry in self._po:
            draft = drafts.get(entry.msgid)
            if entry.obsolete or draft is None or not draft.msgstr:
                continue
            if entry.msgstr and not is_machine_draft(entry):
                continue  # reviewed, or a translator's own draft: not ours to replace
            before = (entry.msgstr, entry.tcomment, entry.previous_msgid, list(entry.flags))
            _set_draft(entry, draft)
            if before != (entry.msgstr, entry.tcomment, entry.previous_msgid, list(entry.flags)):
                changed += 1
        if changed:
            self._changed, self._text = True, None
        return changed


def _set_draft(entry: polib.POEntry, draft: Draft) -> None:
    entry.msgstr = draft.msgstr
    if "fuzzy" not in entry.flags:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgid = None
    kept = _without_machine_notes(entry.tcomment)
    notes = [MT_PREFIX + part for part in draft.provenance.split(" + ")]
    notes.append(STAMP_PREFIX + draft_stamp(draft.msgstr))
    notes += [CHECK_PREFIX + problem for problem in draft.problems]
    fitted = [n if len(n) <= _NOTE_WIDTH else n[: _NOTE_WIDTH - 1] + "…" for n in notes]
    entry.tcomment = "\n".join(([kept] if kept else []) + fitted)


def _without_machine_notes(comment: str | None) -> str:
    lines = (comment or "").splitlines()
    prefixes = (MT_PREFIX, STAMP_PREFIX, CHECK_PREFIX)
    return "\n".join(line for line in lines if not line.startswith(prefixes))


def _parse(text: str) -> polib.POFile:
    return polib.pofile(text, wrapwidth=WRAP_WIDTH)


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


def read_catalog(path: Path) -> polib.POFile | None:
    """Parse a catalogue strictly (None if it does not exist); errors name file and line."""
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
