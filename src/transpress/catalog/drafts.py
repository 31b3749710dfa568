"""Machine drafts in a catalogue held in memory: what is pending, drafts in, render once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polib

from transpress.catalog.pofile import (
    CHECK_PREFIX,
    MT_PREFIX,
    STAMP_PREFIX,
    WRAP_WIDTH,
    CatalogEntry,
    entries_from_text,
    is_machine_draft,
    is_outdated_draft,
    render_po,
    stamp_line,
    translations_of,
)
from transpress.document import Translation

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
            self._text = render_po(self._po)
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
            elif is_outdated_draft(entry):
                pending.append(Pending(entry.msgid, "source changed"))
            elif is_machine_draft(entry) and refresh:
                pending.append(Pending(entry.msgid, "refresh"))
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
    kept = without_machine_notes(entry.tcomment)
    notes = [MT_PREFIX + part for part in draft.provenance.split(" + ")]
    notes.append(stamp_line(entry.msgid, draft.msgstr))
    notes += [CHECK_PREFIX + problem for problem in draft.problems]
    fitted = [n if len(n) <= _NOTE_WIDTH else n[: _NOTE_WIDTH - 1] + "…" for n in notes]
    entry.tcomment = "\n".join(([kept] if kept else []) + fitted)


def without_machine_notes(comment: str | None) -> str:
    """A translator comment without the lines transpress wrote (mt:, mt-draft:, mt-check:)."""
    lines = (comment or "").splitlines()
    prefixes = (MT_PREFIX, STAMP_PREFIX, CHECK_PREFIX)
    return "\n".join(line for line in lines if not line.startswith(prefixes))
