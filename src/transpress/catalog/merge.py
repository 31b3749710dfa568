"""Templates and msgmerge-style merges: new, fuzzy with the previous msgid, obsolete.

Entries are keyed on (msgctxt, msgid) as msgmerge keys them. transpress extracts plain
entries (no context, no plural forms); any other entry in a catalogue (a context, plural
forms, an entry another tool added) is a translator's and is kept, made obsolete with
everything it carries when the template does not have it, never dropped.
"""

from __future__ import annotations

import datetime
import difflib
import enum
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from transpress.catalog.drafts import OpenCatalogue
from transpress.catalog.entries import is_plain, without_machine_notes
from transpress.catalog.headers import kept_header, new_header, time_stamp
from transpress.catalog.message import Catalogue, Key, Message
from transpress.catalog.pofile import PlannedFile, read_catalog, render_po
from transpress.quotations import as_written

#: msgmerge's similarity threshold for fuzzy matches (FUZZY_THRESHOLD in gettext's msgl-fsearch).
FUZZY_THRESHOLD = 0.6

#: How wide strings are written: a number of columns, None for no wrapping, or "auto"
#: for the layout the file already has (gettext's 79 columns for a new file).
Width = int | None | str


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
    obsolete: int  # entries made obsolete by this merge
    total: int
    kept: int = 0  # of the obsolete: entries transpress did not extract (contexts, plurals…)


@dataclass(frozen=True)
class Merged:
    """A merged catalogue: its report and the catalogue itself, in memory."""

    report: MergeReport
    catalogue: OpenCatalogue


def group_entries(units: Iterable[tuple[str, str, int, str]]) -> list[TemplateEntry]:
    """Group (msgid, source, line, kind) tuples by msgid, in first-occurrence order; a
    place is listed once (as gettext lists it), however often the msgid occurs there."""
    grouped: dict[str, tuple[list[tuple[str, int]], list[str]]] = {}
    for msgid, source, line, kind in units:
        places, kinds = grouped.setdefault(msgid, ([], []))
        if (source, line) not in places:
            places.append((source, line))
        if kind not in kinds:
            kinds.append(kind)
    return [TemplateEntry(m, tuple(p), tuple(k)) for m, (p, k) in grouped.items()]


def plan_file(path: Path, new: Catalogue, old: Catalogue | None, *, width: Width) -> PlannedFile:
    """Plan writing `new` unless it says what `old` says (Sphinx's should_write); entries
    `old` already had are written with the text they had."""
    if old is not None and new.content() == old.content():
        return PlannedFile(path, None)
    return PlannedFile(path, render_po(adopt_text(new, old), width=width))


def adopt_text(new: Catalogue, old: Catalogue | None) -> Catalogue:
    """Give each entry of `new` the text of the same entry in `old`, so that an entry
    whose content is unchanged is written back byte for byte."""
    if old is None:
        return new
    texts = {(m.obsolete, m.key): m for m in old.messages}
    if old.header is not None and new.header is not None:
        new.header.raw, new.header.raw_content = old.header.raw, old.header.raw_content
    for message in new.messages:
        previous = texts.get((message.obsolete, message.key))
        if previous is not None and message.raw is None:
            message.raw, message.raw_content = previous.raw, previous.raw_content
    return new


class _Unread(enum.Enum):
    """A file the caller has not read: read it here."""

    UNREAD = "unread"


UNREAD = _Unread.UNREAD


def plan_template(
    path: Path,
    domain: str,
    entries: Sequence[TemplateEntry],
    *,
    source_lang: str,
    now: datetime.datetime,
    width: Width = "auto",
    old: Catalogue | _Unread | None = UNREAD,
) -> PlannedFile:
    """Build `<domain>.pot`; unchanged (None) when only its creation date would differ.

    `old`: the template on disk, if the caller has read it already."""
    header = new_header(domain, None, source_lang=source_lang, now=now)
    template = Catalogue(header, [_entry_from_template(t) for t in entries])
    on_disk = read_catalog(path) if isinstance(old, _Unread) else old
    return plan_file(path, template, on_disk, width=width)


@dataclass(frozen=True)
class PreviousTemplate:
    """What the template on disk says: the keys transpress extracted last time, and when."""

    keys: frozenset[Key]
    created: str | None  # its POT-Creation-Date


def previous_template(template: Catalogue | None) -> PreviousTemplate:
    """What the template on disk (None: there is none) says of the last extraction."""
    if template is None:
        return PreviousTemplate(frozenset(), None)
    keys = frozenset(m.key for m in template.active)
    return PreviousTemplate(keys, template.metadata.get("POT-Creation-Date"))


def plan_merge(
    path: Path,
    domain: str,
    lang: str,
    entries: Sequence[TemplateEntry],
    *,
    source_lang: str,
    now: datetime.datetime,
    extracted_before: Collection[Key] = (),
    template_created: str | None = None,
    width: Width = "auto",
) -> Merged:
    """Merge `<lang>/LC_MESSAGES/<domain>.po` with the template, like msgmerge --previous
    (which copies the template's POT-Creation-Date: `template_created`, default now)."""
    old = read_catalog(path)
    created = template_created or time_stamp(now)
    if old is None or old.header is None:
        header = new_header(domain, lang, source_lang=source_lang, now=now, created=created)
    else:
        header = kept_header(old.header, lang, source_lang=source_lang, created=created)
    merged = Catalogue(
        header, trailer=old.trailer if old else "", ending=old.ending if old else "\n"
    )
    sources = {source for t in entries for source, _ in t.occurrences}
    ours = _made_by_transpress(extracted_before, sources)
    new, fuzzy, consumed = _merge_active(merged, old, entries, ours)
    obsolete, kept = _carry_the_rest(merged, old, consumed, ours)
    changed = old is None or merged.content() != old.content()
    report = MergeReport(
        path, lang, old is None, changed, new, fuzzy, obsolete, len(entries), kept=kept
    )

    def redo() -> OpenCatalogue:
        return plan_merge(
            path,
            domain,
            lang,
            entries,
            source_lang=source_lang,
            now=now,
            extracted_before=extracted_before,
            template_created=template_created,
            width=width,
        ).catalogue

    if old is not None and not changed:
        # The file says what the merge says: hold one copy of it, not two (an archive's
        # catalogues are mostly in this state; the header keeps the file's own dates).
        unchanged = OpenCatalogue(path, old, changed=False, width=width, redo=redo, as_read=old)
        return Merged(report, unchanged)
    merged.digest = old.digest if old else None
    if old is not None:
        merged.newline, merged.bom = old.newline, old.bom
    catalogue = OpenCatalogue(
        path, adopt_text(merged, old), changed=changed, width=width, redo=redo, as_read=old
    )
    return Merged(report, catalogue)


def _merge_active(
    merged: Catalogue,
    old: Catalogue | None,
    entries: Sequence[TemplateEntry],
    ours: Callable[[Message], bool],
) -> tuple[int, int, set[int]]:
    """Append the template's entries with what `old` knows; count new and fuzzy, and
    return the ids of old entries that live on in a merged entry (the same entries). An
    entry a changed sentence was seeded from stays too, obsolete, exactly as it was: if
    the edit is undone, the sentence comes back with its translation and its review."""
    messages = old.messages if old is not None else []
    active = {m.key: m for m in messages if not m.obsolete}
    buried = {m.key: m for m in messages if m.obsolete}
    wanted = {t.msgid for t in entries}
    candidates = [
        m
        for m in [*active.values(), *buried.values()]
        if m.msgctxt is None and not m.plural and m.msgid not in wanted and m.msgstr
    ]
    new = fuzzy = 0
    consumed: set[int] = set()
    for template in entries:
        entry = _entry_from_template(template)
        previous = active.get((None, template.msgid)) or buried.get((None, template.msgid))
        if previous is not None and not previous.plural:
            _keep_translation(entry, previous)
            consumed.add(id(previous))
        elif previous is not None:
            # gettext keys entries on (msgctxt, msgid) whatever their form: a plural entry
            # with this msgid is this entry; its forms are kept as comments
            _from_plural(entry, previous)
            consumed.add(id(previous))
            fuzzy += 1
        elif (written := _as_written(template.msgid, active, buried)) is not None:
            # the sentence as an earlier transpress extracted it, before a quotation's
            # sentences got virtual marks (quotations.py): its translation prints the same
            _keep_translation(entry, written)
            consumed.add(id(written))
            if written in candidates:
                candidates.remove(written)
        else:
            match = _closest(template.msgid, candidates)
            if match is None:
                new += 1
            else:
                candidates.remove(match)
                _start_from(entry, match)
                fuzzy += 1
        merged.messages.append(entry)
    return new, fuzzy, consumed


def _as_written(
    msgid: str, active: dict[Key, Message], buried: dict[Key, Message]
) -> Message | None:
    for form in as_written(msgid):
        found = active.get((None, form)) or buried.get((None, form))
        if found is not None and not found.plural and found.msgstr:
            return found
    return None


def _keep_translation(entry: Message, previous: Message) -> None:
    entry.msgstr = previous.msgstr
    entry.flags = list(previous.flags)
    entry.comments = list(previous.comments)
    if previous.fuzzy:
        entry.previous_msgctxt = previous.previous_msgctxt
        entry.previous_msgid = previous.previous_msgid


def _from_plural(entry: Message, plural: Message) -> None:
    """A plain entry from a plural one with the same msgid: its first form, marked fuzzy,
    and every other form kept in a translator comment."""
    entry.msgstr = plural.msgstr_plural.get(0, "")
    entry.flags = ["fuzzy", *(f for f in plural.flags if f != "fuzzy")]
    kept = [f"msgid_plural was: {plural.msgid_plural}"]
    kept += [f"msgstr[{n}] was: {text}" for n, text in sorted(plural.msgstr_plural.items()) if n]
    entry.comments = [*plural.comments, *kept]


def _start_from(entry: Message, match: Message) -> None:
    """Seed a changed entry with the translation of its closest old entry, marked fuzzy."""
    entry.msgstr = match.msgstr
    entry.flags = ["fuzzy", *(f for f in match.flags if f != "fuzzy")]
    entry.comments = list(match.comments)
    if not match.fuzzy:
        # A reviewed translation is a person's work, even if a machine drafted it once:
        # without its `mt:` lines, machine translation will never replace it.
        entry.comments = without_machine_notes(match.comments)
    # Keep the text the translation was made for: after two edits in a row, the
    # translator compares with what they translated, not with an untranslated draft.
    already_fuzzy = match.fuzzy and match.previous_msgid
    entry.previous_msgid = match.previous_msgid if already_fuzzy else match.msgid


def _made_by_transpress(
    extracted_before: Collection[Key], sources: set[str]
) -> Callable[[Message], bool]:
    """Whether an entry is one transpress extracted: it was in the last template, or
    every place it names is one of this release's sources."""

    def ours(message: Message) -> bool:
        if message.key in extracted_before:
            return True
        places = {reference.rpartition(":")[0] for reference in message.references}
        return bool(places) and places <= sources and is_plain(message)

    return ours


def _carry_the_rest(
    merged: Catalogue, old: Catalogue | None, consumed: set[int], ours: Callable[[Message], bool]
) -> tuple[int, int]:
    """Keep every entry of `old` the merge did not use: obsolete ones as they are, active
    ones made obsolete, except untranslated entries transpress itself extracted (msgmerge
    drops those too). Return (newly obsolete, of which entries transpress did not make)."""
    if old is None:
        return 0, 0
    newly = kept = 0
    for entry in old.messages:
        if id(entry) in consumed:
            continue  # lives on in the merged entry (msgmerge marks it used)
        if entry.obsolete:
            merged.messages.append(entry)
            continue
        is_ours = ours(entry)
        if is_ours and not entry.translated and not entry.comments:
            continue
        merged.messages.append(_made_obsolete(entry, keep_places=not is_ours))
        newly += 1
        kept += not is_ours
    return newly, kept


def _made_obsolete(entry: Message, *, keep_places: bool) -> Message:
    """An obsolete copy carrying everything: context, plural forms, flags, comments,
    previous strings (and, for an entry transpress did not extract, its places)."""
    return Message(
        msgid=entry.msgid,
        msgstr=entry.msgstr,
        msgctxt=entry.msgctxt,
        msgid_plural=entry.msgid_plural,
        msgstr_plural=dict(entry.msgstr_plural),
        flags=list(entry.flags),
        comments=list(entry.comments),
        extracted=list(entry.extracted) if keep_places else [],
        references=list(entry.references) if keep_places else [],
        previous_msgctxt=entry.previous_msgctxt,
        previous_msgid=entry.previous_msgid,
        previous_msgid_plural=entry.previous_msgid_plural,
        obsolete=True,
    )


def _closest(msgid: str, candidates: list[Message]) -> Message | None:
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


def _entry_from_template(template: TemplateEntry) -> Message:
    return Message(
        msgid=template.msgid,
        references=[f"{source}:{line}" for source, line in template.occurrences],
        extracted=[", ".join(template.kinds)],
    )
