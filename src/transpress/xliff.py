"""XLIFF 1.2 and 2.0 files for agencies and CAT tools: writing and reading (no workspace).

One file per release and language. Units are identified by a digest of their source
(context and msgid), so ids survive any number of round trips; states map to the PO
ones (reviewed, needs review, untranslated); notes carry the translator's comments, the
block kind, the source locations, the provenance of machine drafts, and the previous
source of an outdated translation. Each translated unit also records a fingerprint of the
translation it was exported with, so an import can tell which side changed it since.
"""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from transpress import __version__
from transpress.errors import InputError
from transpress.xmlfiles import read_xml

XLIFF11 = "urn:oasis:names:tc:xliff:document:1.1"  # read too: translate-toolkit writes it
XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
#: transpress's own attributes, where XLIFF 2.0 allows extensions.
TRANSPRESS = "urn:transpress:xliff"
VERSIONS = ("1.2", "2.0")
_XML_SPACE = "xml:space"
_EXPORTED = "transpress-exported:"  # XLIFF 1.2 keeps the fingerprint in `extradata`


@dataclass(frozen=True)
class Unit:
    """One translation unit."""

    id: str
    source: str
    target: str = ""
    reviewed: bool = False  # False with a target: a translation that needs review
    machine: bool = False  # the target is an untouched machine draft
    notes: tuple[str, ...] = ()  # the translator's comments
    kind: str = ""  # the block kind (paragraph, title…)
    locations: tuple[tuple[str, str], ...] = ()  # (file, line)
    provenance: tuple[str, ...] = ()  # machine-draft notes
    previous_source: str | None = None
    exported: str | None = None  # fingerprint of the target as exported (from the caller)


@dataclass(frozen=True)
class Document:
    """The units of one release in one target language."""

    original: str  # the release source, as the workspace names it (sources/x.txt)
    source_lang: str
    target_lang: str
    units: tuple[Unit, ...] = field(default_factory=tuple)


def unit_id(msgctxt: str | None, msgid: str) -> str:
    """A stable id for a unit: a digest of its context and source text.

    >>> unit_id(None, "CNES and JAXA met.")
    't6fe78bb439e06c43'
    """
    key = msgid if msgctxt is None else f"{msgctxt}\x04{msgid}"
    return "t" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def write_xliff(document: Document, version: str) -> bytes:
    """The XLIFF file of a document, in version 1.2 or 2.0 (every text must be
    `representable`)."""
    # A raw carriage return would come back from any XML parser as a newline: it is
    # written as a character reference, through a marker the document does not hold.
    marker = _free_character(document)
    root = _xliff12(document) if version == "1.2" else _xliff20(document)
    for element in root.iter():
        if element.text and "\r" in element.text:
            element.text = element.text.replace("\r", marker)
    ET.indent(root)
    text = ET.tostring(root, encoding="unicode").replace(marker, "&#13;")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _free_character(document: Document) -> str:
    used = {c for u in document.units for t in (u.source, u.target, *u.notes) for c in t}
    return next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in used)


def _xliff12(document: Document) -> ET.Element:
    # Elements are written unqualified under a default xmlns (what CAT tools expect);
    # ElementTree would otherwise invent ns0: prefixes.
    ns = ""
    root = ET.Element("xliff", xmlns=XLIFF12, version="1.2")
    file = ET.SubElement(
        root,
        f"{ns}file",
        {
            "original": document.original,
            "source-language": document.source_lang,
            "target-language": document.target_lang,
            "datatype": "plaintext",
            "tool-id": "transpress",
        },
    )
    header = ET.SubElement(file, f"{ns}header")
    ET.SubElement(
        header,
        f"{ns}tool",
        {"tool-id": "transpress", "tool-name": "transpress", "tool-version": __version__},
    )
    body = ET.SubElement(file, f"{ns}body")
    for unit in document.units:
        attributes = {"id": unit.id, _XML_SPACE: "preserve"}
        if unit.target:
            attributes["approved"] = "yes" if unit.reviewed else "no"
            if unit.exported:
                attributes["extradata"] = _EXPORTED + unit.exported
        element = ET.SubElement(body, f"{ns}trans-unit", attributes)
        ET.SubElement(element, f"{ns}source").text = unit.source
        if unit.target:
            target = ET.SubElement(element, f"{ns}target")
            target.text = unit.target
            target.set("state", "translated" if unit.reviewed else "needs-review-translation")
            if unit.machine:
                target.set("state-qualifier", "mt-suggestion")
        if unit.previous_source is not None and unit.target:
            alternative = ET.SubElement(element, f"{ns}alt-trans", origin="previous")
            ET.SubElement(alternative, f"{ns}source").text = unit.previous_source
            ET.SubElement(alternative, f"{ns}target").text = unit.target
        for number, (file_name, line) in enumerate(unit.locations, start=1):
            # the schema wants each group name once in a <file>
            name = f"{unit.id}-location-{number}"
            group = ET.SubElement(element, f"{ns}context-group", name=name, purpose="location")
            ET.SubElement(group, f"{ns}context", {"context-type": "sourcefile"}).text = file_name
            if line:
                ET.SubElement(group, f"{ns}context", {"context-type": "linenumber"}).text = line
        if unit.kind:
            ET.SubElement(element, f"{ns}note", {"from": "developer"}).text = unit.kind
        for note in unit.notes:
            ET.SubElement(element, f"{ns}note", {"from": "translator"}).text = note
        for note in unit.provenance:
            ET.SubElement(
                element, f"{ns}note", {"from": "transpress", "annotates": "target"}
            ).text = note
    return root


def _xliff20(document: Document) -> ET.Element:
    ns = ""
    root = ET.Element(
        "xliff",
        {
            "xmlns": XLIFF20,
            "xmlns:tp": TRANSPRESS,
            "version": "2.0",
            "srcLang": document.source_lang,
            "trgLang": document.target_lang,
        },
    )
    release = Path(document.original).stem
    file = ET.SubElement(root, f"{ns}file", id=_nmtoken(release), original=document.original)
    for unit in document.units:
        element = ET.SubElement(file, f"{ns}unit", {"id": unit.id, _XML_SPACE: "preserve"})
        if unit.target and unit.exported:
            element.set("tp:exported", unit.exported)
        notes = _notes20(unit)
        if notes:
            container = ET.SubElement(element, f"{ns}notes")
            for category, applies, text in notes:
                note = ET.SubElement(container, f"{ns}note", category=category)
                if applies:
                    note.set("appliesTo", applies)
                note.text = text
        segment = ET.SubElement(element, f"{ns}segment")
        if unit.target and unit.reviewed:
            segment.set("state", "translated")
        else:
            segment.set("state", "initial")
            if unit.target:
                segment.set("subState", "transpress:" + ("machine" if unit.machine else "draft"))
        ET.SubElement(segment, f"{ns}source").text = unit.source
        if unit.target:
            ET.SubElement(segment, f"{ns}target").text = unit.target
    return root


def _notes20(unit: Unit) -> list[tuple[str, str, str]]:
    """(category, appliesTo, text) of a unit's notes in XLIFF 2.0."""
    notes = [("location", "source", f"{f}:{line}" if line else f) for f, line in unit.locations]
    if unit.kind:
        notes.append(("developer", "source", unit.kind))
    if unit.previous_source is not None and unit.target:
        notes.append(("previous-source", "source", unit.previous_source))
    notes += [("translator", "", note) for note in unit.notes]
    notes += [("transpress", "target", note) for note in unit.provenance]
    return notes


def _nmtoken(text: str) -> str:
    """An XML NMTOKEN (what XLIFF 2.0 file ids must be).

    >>> _nmtoken("pr051 2016")
    'pr051_2016'
    """
    return re.sub(r"[^\w.\-:]", "_", text) or "release"


@dataclass(frozen=True)
class Received:
    """A unit as it came back: its id, source and target, and whether it is reviewed."""

    id: str
    source: str
    target: str
    reviewed: bool
    exported: str | None
    line: int | None = None


@dataclass(frozen=True)
class ReceivedFile:
    """The units of one <file> of an XLIFF file that came back."""

    original: str
    target_lang: str
    units: tuple[Received, ...]


def read_xliff(path: Path) -> list[ReceivedFile]:
    """Read an XLIFF 1.2 or 2.0 file (any tool's), one entry per <file>."""
    root = read_xml(path, "XLIFF")
    if root.tag in (f"{{{XLIFF12}}}xliff", f"{{{XLIFF11}}}xliff"):
        return _read12(root, path)
    if root.tag == f"{{{XLIFF20}}}xliff":
        return _read20(root)
    raise InputError(
        "not XLIFF 1.2 or 2.0 (the root element is not <xliff> in an XLIFF namespace)", path=path
    )


def _text(element: ET.Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _read12(root: ET.Element, path: Path) -> list[ReceivedFile]:
    ns = root.tag.removesuffix("xliff")
    files = []
    for file in root.iter(f"{ns}file"):
        target_lang = file.get("target-language", "")
        if not target_lang:
            raise InputError("a <file> has no target-language; set it in the CAT tool", path=path)
        units = []
        for element in file.iter(f"{ns}trans-unit"):
            target = element.find(f"{ns}target")
            state = target.get("state", "") if target is not None else ""
            approved = element.get("approved")
            reviewed = state in ("translated", "final", "signed-off") or (
                not state and approved == "yes"
            )
            extra = element.get("extradata", "")
            units.append(
                Received(
                    id=element.get("id", ""),
                    source=_text(element.find(f"{ns}source")),
                    target=_text(target),
                    reviewed=reviewed and approved != "no",
                    exported=extra.removeprefix(_EXPORTED) if extra.startswith(_EXPORTED) else None,
                )
            )
        files.append(ReceivedFile(file.get("original", ""), _short(target_lang), tuple(units)))
    return files


def _read20(root: ET.Element) -> list[ReceivedFile]:
    ns = f"{{{XLIFF20}}}"
    target_lang = _short(root.get("trgLang", ""))
    files = []
    for file in root.iter(f"{ns}file"):
        units = []
        for element in file.iter(f"{ns}unit"):
            # a CAT tool may cut a unit into segments, with <ignorable> text between them
            parts = [p for p in element if p.tag in (f"{ns}segment", f"{ns}ignorable")]
            segments = [p for p in parts if p.tag == f"{ns}segment"]
            source = "".join(_text(p.find(f"{ns}source")) for p in parts)
            complete = all(s.find(f"{ns}target") is not None for s in segments)
            target = "".join(_part_target(p, ns) for p in parts) if complete else ""
            states = {s.get("state", "initial") for s in segments}
            reviewed = bool(segments) and states <= {"translated", "reviewed", "final"}
            units.append(
                Received(
                    id=element.get("id", ""),
                    source=source,
                    target=target,
                    reviewed=reviewed,
                    exported=element.get(f"{{{TRANSPRESS}}}exported"),
                )
            )
        files.append(ReceivedFile(file.get("original", ""), target_lang, tuple(units)))
    return files


def _part_target(part: ET.Element, ns: str) -> str:
    """A part's target text; an <ignorable> without one keeps its source (white space)."""
    target = part.find(f"{ns}target")
    if target is None and part.tag == f"{ns}ignorable":
        target = part.find(f"{ns}source")
    return _text(target)


def _short(lang: str) -> str:
    return lang.lower().replace("_", "-").split("-")[0]
