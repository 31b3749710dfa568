"""Entries as review tools see them: states, words, machine-draft fingerprints."""

from __future__ import annotations

import enum
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from transpress import script
from transpress.catalog.message import Catalogue, Message
from transpress.catalog.pofile import parse_po, read_catalog
from transpress.document import Translation

#: Translator-comment lines transpress owns: the provenance of a machine draft, its
#: fingerprint, what its checks found, the model's confidence, other hypotheses, and a
#: suggestion left below the confidence asked for. Other comment lines belong to
#: translators and are kept.
MT_PREFIX = "mt: "
STAMP_PREFIX = "mt-draft: "
CHECK_PREFIX = "mt-check: "
SCORE_PREFIX = "mt-score: "
ALTERNATIVE_PREFIX = "mt-alt: "
SUGGESTION_PREFIX = "mt-suggestion: "
MACHINE_PREFIXES = (
    MT_PREFIX,
    STAMP_PREFIX,
    CHECK_PREFIX,
    SCORE_PREFIX,
    ALTERNATIVE_PREFIX,
    SUGGESTION_PREFIX,
)


class State(enum.StrEnum):
    """Where an entry stands in review."""

    REVIEWED = "reviewed"
    MACHINE = "machine"  # a machine draft, untouched since transpress wrote it
    OUTDATED = "outdated"  # fuzzy because its source changed
    FUZZY = "fuzzy"  # any other entry marked fuzzy
    UNTRANSLATED = "untranslated"
    OBSOLETE = "obsolete"


@dataclass(frozen=True)
class CatalogEntry:
    """One entry of a catalogue as review tools see it."""

    msgid: str
    msgstr: str
    line: int
    state: State
    comments: tuple[str, ...] = ()  # translator comment lines (# …)
    extracted: str = ""  # the block kind (#. …)
    occurrences: tuple[tuple[str, str], ...] = ()
    previous_msgid: str | None = None
    msgctxt: str | None = None
    msgid_plural: str | None = None

    @property
    def score(self) -> float | None:
        """The model's confidence in a machine draft (its `mt-score:` line), if any."""
        return score_of(self.comments)

    @property
    def key(self) -> tuple[str | None, str]:
        """(msgctxt, msgid): what identifies the entry."""
        return (self.msgctxt, self.msgid)

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


_WORDS = re.compile(f"[{script.WORD}]|[^\\W_{script.WORD}]+")


def entry_state(entry: Message) -> State:
    """Classify an entry for status and review."""
    if entry.obsolete:
        return State.OBSOLETE
    if not entry.translated:
        return State.UNTRANSLATED
    if not entry.fuzzy:
        return State.REVIEWED
    if entry.previous_msgid or is_outdated_draft(entry):
        return State.OUTDATED
    return State.MACHINE if is_machine_draft(entry) else State.FUZZY


def is_plain(entry: Message) -> bool:
    """An active entry with no context and no plural: the kind transpress extracts."""
    return not entry.obsolete and entry.msgctxt is None and not entry.plural


def translations_of(catalogue: Catalogue) -> dict[str, Translation]:
    """The plain active entries of a catalogue as msgid → translation (an entry with a
    context or plural forms is another entry, never published for the plain msgid)."""
    return {
        e.msgid: Translation(
            e.msgstr, e.fuzzy, e.previous_msgid, score_of(e.comments) if e.fuzzy else None
        )
        for e in catalogue.messages
        if is_plain(e)
    }


def read_translations(path: Path) -> dict[str, Translation]:
    """Read a catalogue's plain active entries as msgid → translation (empty if none)."""
    catalogue = read_catalog(path)
    return {} if catalogue is None else translations_of(catalogue)


def entries_of(catalogue: Catalogue) -> list[CatalogEntry]:
    """Every entry of a parsed catalogue (active entries first, as they are written)."""
    return [
        CatalogEntry(
            msgid=e.msgid,
            msgstr=e.msgstr if not e.plural else e.msgstr_plural.get(0, ""),
            line=e.line,
            state=entry_state(e),
            comments=tuple(e.comments),
            extracted=", ".join(e.extracted),
            occurrences=tuple(_occurrence(r) for r in e.references),
            previous_msgid=e.previous_msgid,
            msgctxt=e.msgctxt,
            msgid_plural=e.msgid_plural,
        )
        for e in catalogue.active + catalogue.obsolete
    ]


def _occurrence(reference: str) -> tuple[str, str]:
    path, _, line = reference.rpartition(":")
    return (path, line) if path and line.isdigit() else (reference, "")


def read_entries(path: Path) -> list[CatalogEntry]:
    """Every entry of a catalogue file, for status, diff and checks."""
    catalogue = read_catalog(path)
    return [] if catalogue is None else entries_of(catalogue)


def entries_from_text(text: str) -> list[CatalogEntry]:
    """Every entry of a catalogue given as text (for example a file at a git revision)."""
    return entries_of(parse_po(text))


def draft_stamp(msgstr: str) -> str:
    """A short fingerprint of a drafted translation, written under its provenance.

    >>> draft_stamp("Le lanceur a décollé.")
    '3333dcfc'
    """
    return hashlib.sha256(msgstr.encode("utf-8")).hexdigest()[:8]


def export_stamp(msgstr: str, *, reviewed: bool) -> str:
    """The fingerprint of a translation and its state as it leaves for a CAT tool, to
    tell on its return which side changed it.

    >>> export_stamp("Le lanceur a décollé.", reviewed=True)
    '3333dcfc-r'
    """
    return f"{draft_stamp(msgstr)}-{'r' if reviewed else 'f'}"


def stamp_line(msgid: str, msgstr: str) -> str:
    """The comment line that marks a machine draft: fingerprints of the draft and of the
    source it was made for.

    >>> stamp_line("The launcher took off.", "Le lanceur a décollé.")
    'mt-draft: 3333dcfc for 36154957'
    """
    return f"{STAMP_PREFIX}{draft_stamp(msgstr)} for {draft_stamp(msgid)}"


def _stamp(entry: Message) -> tuple[str, str] | None:
    """(draft fingerprint, source fingerprint) of an entry's mt-draft line, if any."""
    for line in entry.comments:
        line = line.strip()
        if line.startswith(STAMP_PREFIX):
            draft, _, source = line.removeprefix(STAMP_PREFIX).partition(" for ")
            return draft.strip(), source.strip()
    return None


def is_machine_draft(entry: Message) -> bool:
    """A fuzzy entry still exactly as transpress drafted it: its `mt-draft:` line carries
    the fingerprint of the current msgstr. A translator who edits the draft (or reviews
    it) makes it theirs, and machine translation never touches it again."""
    stamp = _stamp(entry)
    return entry.fuzzy and stamp is not None and stamp[0] == draft_stamp(entry.msgstr)


def is_outdated_draft(entry: Message) -> bool:
    """A machine draft whose source changed: marked by a merge (`#|`), or made for another
    msgid (a merge without --previous, such as plain `msgmerge`, leaves no `#|`)."""
    if not is_machine_draft(entry):
        return False
    stamp = _stamp(entry)
    made_for = stamp[1] if stamp else ""
    return bool(entry.previous_msgid) or (bool(made_for) and made_for != draft_stamp(entry.msgid))


def without_machine_notes(comments: list[str]) -> list[str]:
    """Translator comment lines without those transpress wrote (mt:, mt-draft:, …)."""
    return [line for line in comments if not line.startswith(MACHINE_PREFIXES)]


def score_of(comments: Sequence[str]) -> float | None:
    """The confidence written in a draft's comments.

    >>> score_of(["mt: argos translate-en_fr 1.0", "mt-score: 0.83"])
    0.83
    """
    for line in comments:
        if line.startswith(SCORE_PREFIX):
            try:
                return float(line.removeprefix(SCORE_PREFIX).split()[0])
            except (ValueError, IndexError):
                return None
    return None
