"""PO files through polib: strict reading, headers, rendering, entries as review tools see them."""

from __future__ import annotations

import datetime
import hashlib
import re
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
DEFAULT_HEADER_COMMENT = "transpress catalogue: translate in any PO editor; see README."


@dataclass(frozen=True)
class PlannedFile:
    """A file to write, or `content=None` when it is already up to date."""

    path: Path
    content: str | None


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


def new_header(domain: str, lang: str | None, now: datetime.datetime) -> dict[str, str]:
    """The header of a new template (lang=None) or catalogue."""
    stamp = time_stamp(now)
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


def kept_header(
    metadata: dict[str, str], domain: str, lang: str, now: datetime.datetime
) -> dict[str, str]:
    """The translator's header as it is (like msgmerge), with a fresh POT-Creation-Date
    and any field gettext needs filled in if missing."""
    kept = dict(metadata)
    kept["POT-Creation-Date"] = time_stamp(now)
    for key, value in new_header(domain, lang, now).items():
        kept.setdefault(key, value)
    return kept


def time_stamp(now: datetime.datetime) -> str:
    """A header date: `2016-03-11 09:30+0000`."""
    return now.strftime("%Y-%m-%d %H:%M%z")


def new_file(header: dict[str, str], comment: str) -> polib.POFile:
    """An empty catalogue with a header and a header comment."""
    po = polib.POFile(wrapwidth=WRAP_WIDTH, check_for_duplicates=False)
    po.metadata = header
    po.header = comment
    return po


def render_po(po: polib.POFile) -> str:
    """The text of a catalogue, ending in one newline."""
    return str(po).rstrip("\n") + "\n"


def fingerprint(po: polib.POFile) -> tuple[object, ...]:
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


def plan_file(path: Path, po: polib.POFile, old: polib.POFile | None) -> PlannedFile:
    """Plan writing `po` unless it says what `old` says (Sphinx's should_write)."""
    if old is not None and fingerprint(po) == fingerprint(old):
        return PlannedFile(path, None)
    return PlannedFile(path, render_po(po))


#: Translator-comment lines transpress owns: the provenance of a machine draft, and what
#: its checks found. Other comment lines belong to translators and are kept.
MT_PREFIX = "mt: "
STAMP_PREFIX = "mt-draft: "
CHECK_PREFIX = "mt-check: "


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
    if entry.previous_msgid or is_outdated_draft(entry):
        return "outdated"
    return "machine" if is_machine_draft(entry) else "fuzzy"


def read_entries(path: Path) -> list[CatalogEntry]:
    """Every entry of a catalogue (obsolete ones last), for status, diff and checks."""
    po = read_catalog(path)
    return [] if po is None else entries_of(po)


def entries_from_text(text: str) -> list[CatalogEntry]:
    """Every entry of a catalogue given as text (for example a file at a git revision)."""
    return entries_of(parse_po(text))


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


def stamp_line(msgid: str, msgstr: str) -> str:
    """The comment line that marks a machine draft: fingerprints of the draft and of the
    source it was made for.

    >>> stamp_line("The launcher took off.", "Le lanceur a décollé.")
    'mt-draft: 3333dcfc for 36154957'
    """
    return f"{STAMP_PREFIX}{draft_stamp(msgstr)} for {draft_stamp(msgid)}"


def _stamp(entry: polib.POEntry) -> tuple[str, str] | None:
    """(draft fingerprint, source fingerprint) of an entry's mt-draft line, if any."""
    for line in (entry.tcomment or "").splitlines():
        line = line.strip()
        if line.startswith(STAMP_PREFIX):
            draft, _, source = line.removeprefix(STAMP_PREFIX).partition(" for ")
            return draft.strip(), source.strip()
    return None


def is_machine_draft(entry: polib.POEntry) -> bool:
    """A fuzzy entry still exactly as transpress drafted it: its `mt-draft:` line carries
    the fingerprint of the current msgstr. A translator who edits the draft (or reviews
    it) makes it theirs, and machine translation never touches it again."""
    stamp = _stamp(entry)
    return "fuzzy" in entry.flags and stamp is not None and stamp[0] == draft_stamp(entry.msgstr)


def is_outdated_draft(entry: polib.POEntry) -> bool:
    """A machine draft whose source changed: marked by a merge (`#|`), or made for another
    msgid (a merge without --previous, such as plain `msgmerge`, leaves no `#|`)."""
    if not is_machine_draft(entry):
        return False
    stamp = _stamp(entry)
    made_for = stamp[1] if stamp else ""
    return bool(entry.previous_msgid) or (bool(made_for) and made_for != draft_stamp(entry.msgid))


def parse_po(text: str) -> polib.POFile:
    """Parse catalogue text (already checked) with the project wrap width."""
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
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")  # a BOM some editors add
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
