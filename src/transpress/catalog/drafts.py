"""A catalogue held in memory: what is pending, machine drafts and returned translations
in, rendered once."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog.entries import (
    ALTERNATIVE_PREFIX,
    CHECK_PREFIX,
    MT_PREFIX,
    SCORE_PREFIX,
    SUGGESTION_PREFIX,
    CatalogEntry,
    draft_stamp,
    entries_of,
    export_stamp,
    is_machine_draft,
    is_outdated_draft,
    is_plain,
    stamp_line,
    translations_of,
    without_machine_notes,
)
from transpress.catalog.message import Catalogue, Message
from transpress.catalog.pofile import parse_po, render_po
from transpress.document import Translation


@dataclass(frozen=True)
class Pending:
    """An entry machine translation should fill, and why."""

    msgid: str
    reason: str  # "untranslated", "source changed" (own draft, outdated) or "refresh"


@dataclass(frozen=True)
class Draft:
    """A machine (or memory) draft for one msgid, with its provenance, check results, the
    model's confidence and other hypotheses. With `suggested`, the draft is only noted
    (below the confidence asked for): the entry stays untranslated."""

    msgstr: str
    provenance: str
    problems: tuple[str, ...] = ()
    score: float | None = None
    alternatives: tuple[str, ...] = ()
    suggested: bool = False
    protection: str = ""  # how protected spans went through the model ("placeholders [X1X]")


class Outcome(enum.StrEnum):
    """What became of a translation that came back from outside (an XLIFF file)."""

    IMPORTED = "imported"
    CONFIRMED = "confirmed"  # same text, now marked reviewed
    UNCHANGED = "unchanged"
    KEPT = "kept"  # the catalogue changed since the export, the returned text did not
    CONFLICT = "conflict"  # both changed since the export: the catalogue's is kept
    EMPTY = "empty"  # nothing translated
    UNKNOWN = "unknown"  # no such source text in the catalogue (changed since the export?)


@dataclass(frozen=True)
class Returned:
    """A translation coming back for one msgid: its text, whether the translator marked it
    reviewed, and the fingerprint of the text it was exported with (if known)."""

    msgid: str
    msgstr: str
    reviewed: bool
    exported: str | None = None


class OpenCatalogue:
    """A merged catalogue held in memory: read it, draft into it, render it once to write.

    `content` follows the planned-file protocol: None while it says what the file on disk
    says, else the text to write (rendered on first use). It is a guarded file: `digest`
    identifies the file it was read from, and `redone()` does the same merge, drafts and
    imports again on the file as it is now, when a translator saved it meanwhile.
    """

    def __init__(
        self,
        path: Path,
        catalogue: Catalogue,
        *,
        changed: bool,
        width: int | str | None = "auto",
        redo: Callable[[], OpenCatalogue] | None = None,
        as_read: Catalogue | None = None,
    ):
        self.path = path
        self._as_read = as_read  # the file as it was read, its lines numbered
        self._catalogue = catalogue
        self._changed = changed
        self._width = width
        self._text: str | None = None
        self._redo = redo
        self._done: list[Callable[[OpenCatalogue], object]] = []
        self._by_msgid: dict[str, Message] | None = None

    @property
    def digest(self) -> str | None:
        """The digest of the file as it was read (None: there was none)."""
        return self._catalogue.digest

    def redone(self) -> OpenCatalogue:
        """This catalogue's work done again on the file as it is on disk now."""
        if self._redo is None:
            raise RuntimeError("this catalogue cannot be redone")
        fresh = self._redo()
        for step in self._done:
            step(fresh)
        return fresh

    @property
    def content(self) -> str | None:
        """The text to write, or None when the file is already up to date."""
        if not self._changed:
            return None
        if self._text is None:
            self._text = render_po(self._catalogue, width=self._width)
        return self._text

    def entries(self) -> list[CatalogEntry]:
        """Every entry, with its line in the file as it is or will be written."""
        if not self._changed and self._as_read is not None:
            return entries_of(self._as_read)
        text = self.content if self._changed else self.path.read_text(encoding="utf-8")
        return entries_of(parse_po(text or "", path=self.path))

    def translations(self) -> dict[str, Translation]:
        """Plain active entries as msgid → translation."""
        return translations_of(self._catalogue)

    def pending(self, *, refresh: bool) -> list[Pending]:
        """Entries to fill: untranslated ones, and transpress's own drafts whose source
        changed (or all of them with `refresh`). Reviewed entries and human drafts never."""
        pending = []
        for entry in self._catalogue.messages:
            if not is_plain(entry):
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
        self._done.append(lambda fresh: fresh.apply(drafts))
        changed = 0
        for entry in self._catalogue.messages:
            draft = drafts.get(entry.msgid)
            if not is_plain(entry) or draft is None or not draft.msgstr:
                continue
            if entry.msgstr and not is_machine_draft(entry):
                continue  # reviewed, or a translator's own draft: not ours to replace
            before = entry.content()
            if draft.suggested:
                _set_suggestion(entry, draft)
            else:
                _set_draft(entry, draft)
            if before != entry.content():
                changed += 1
        if changed:
            self._changed, self._text = True, None
        return changed

    def _plain(self) -> dict[str, Message]:
        """The plain active entries by msgid, the first of each (what receive looks up)."""
        if self._by_msgid is None:
            self._by_msgid = {}
            for message in self._catalogue.messages:
                if is_plain(message):
                    self._by_msgid.setdefault(message.msgid, message)
        return self._by_msgid

    def receive(self, returned: Returned) -> Outcome:
        """Take a translation back as extract would: never over a reviewed translation
        that changed since it was exported, never demoting a reviewed entry."""
        self._done.append(lambda fresh: fresh.receive(returned))
        entry = self._plain().get(returned.msgid)
        if entry is None:
            return Outcome.UNKNOWN
        outcome = _decide(entry, returned)
        if outcome is Outcome.IMPORTED:
            entry.msgstr = returned.msgstr
            entry.comments = without_machine_notes(entry.comments)
        if outcome in (Outcome.IMPORTED, Outcome.CONFIRMED):
            _set_reviewed(entry, returned.reviewed)
            self._changed, self._text = True, None
        return outcome


def _decide(entry: Message, returned: Returned) -> Outcome:
    """What to do with a returned translation, given the entry as the catalogue has it
    and the fingerprint of the translation and state it was exported with."""
    if not returned.msgstr:
        return Outcome.EMPTY
    if returned.msgstr == entry.msgstr:
        return Outcome.CONFIRMED if returned.reviewed and entry.fuzzy else Outcome.UNCHANGED
    text_then = (returned.exported or "").partition("-")[0]
    if returned.exported and draft_stamp(returned.msgstr) == text_then:
        return Outcome.KEPT  # not changed outside since the export: the catalogue's is newer
    if not entry.msgstr or is_machine_draft(entry):
        return Outcome.IMPORTED  # nothing a person wrote is replaced
    reviewed_here = not entry.fuzzy
    unchanged_here = returned.exported == export_stamp(entry.msgstr, reviewed=reviewed_here)
    if unchanged_here and not (reviewed_here and not returned.reviewed):
        return Outcome.IMPORTED
    # changed on both sides, or a reviewed translation the return would demote
    return Outcome.CONFLICT


def _set_reviewed(entry: Message, reviewed: bool) -> None:
    if reviewed:
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgctxt = entry.previous_msgid = None
    elif not entry.fuzzy:
        entry.flags.insert(0, "fuzzy")


def _set_draft(entry: Message, draft: Draft) -> None:
    entry.msgstr = draft.msgstr
    if not entry.fuzzy:
        entry.flags.insert(0, "fuzzy")
    entry.previous_msgctxt = entry.previous_msgid = None
    notes = [MT_PREFIX + part for part in draft.provenance.split(" + ")]
    if draft.protection:
        notes.append(MT_PREFIX + draft.protection)
    notes.append(stamp_line(entry.msgid, draft.msgstr))
    if draft.score is not None:
        notes.append(f"{SCORE_PREFIX}{draft.score:.2f}")
    notes += [CHECK_PREFIX + _one_line(problem) for problem in draft.problems]
    notes += [ALTERNATIVE_PREFIX + _one_line(text) for text in draft.alternatives]
    entry.comments = without_machine_notes(entry.comments) + notes


def _set_suggestion(entry: Message, draft: Draft) -> None:
    """A draft below the confidence asked for: one comment line naming where it comes from,
    the entry left untranslated (a machine draft of transpress's own that was there goes)."""
    entry.msgstr = ""
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    entry.previous_msgctxt = entry.previous_msgid = None
    score = f", score {draft.score:.2f}" if draft.score is not None else ""
    note = f"{SUGGESTION_PREFIX}{_one_line(draft.msgstr)} ({draft.provenance}{score})"
    entry.comments = [*without_machine_notes(entry.comments), note]


def _one_line(text: str) -> str:
    """Text for a comment line: a line break written as PO writes it in a string (\\n).

    >>> _one_line("Lancement\\nréussi")
    'Lancement\\\\nréussi'
    """
    return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
