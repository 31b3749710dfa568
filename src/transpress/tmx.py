"""TMX 1.4 files: the translation memory exchanged with other CAT tools.

Every file transpress writes, it reads back: units XML 1.0 cannot carry, or without two
distinct languages, are left out (and counted) rather than written unreadable.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from transpress import __version__
from transpress.errors import InputError
from transpress.files import Notice, write_atomic
from transpress.locale import primary_language
from transpress.memory import MemoryUnit
from transpress.xmlfiles import NOT_XML, XML_LANG, read_xml


@dataclass(frozen=True)
class TmxWritten:
    """What write_tmx wrote, and `warnings` on the units it had to leave out."""

    written: int
    skipped: int = 0
    warnings: tuple[Notice, ...] = ()


@dataclass(frozen=True)
class TmxRead:
    """The units of a TMX file, and `warnings` on what could not become one."""

    units: tuple[MemoryUnit, ...]
    skipped: int = 0
    warnings: tuple[Notice, ...] = ()


def write_tmx(units: Iterable[MemoryUnit], path: Path) -> TmxWritten:
    """Write units as a TMX 1.4 file other CAT tools (and read_tmx) read back, leaving out
    the units it could not carry: XML 1.0 cannot hold control characters, and a unit
    needs two distinct language codes."""
    root = ET.Element("tmx", version="1.4")
    header = {
        "creationtool": "transpress",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence",
        "adminlang": "en",
        "srclang": "*all*",
        "o-tmf": "transpress",
    }
    ET.SubElement(root, "header", header)
    body = ET.SubElement(root, "body")
    count = 0
    left_out: Counter[str] = Counter()
    for unit in units:
        problem = _untransferable(unit)
        if problem:
            left_out[problem] += 1
            continue
        tu = ET.SubElement(body, "tu", srclang=unit.source_lang)
        ET.SubElement(tu, "prop", type="x-origin").text = unit.origin
        if unit.model:
            ET.SubElement(tu, "prop", type="x-model").text = unit.model
        for lang, text in ((unit.source_lang, unit.source), (unit.target_lang, unit.target)):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = text
        count += 1
    ET.indent(root)
    data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")
    # ElementTree writes a carriage return in text as is, and XML parsers read it back as
    # a line feed; ET.indent adds none, so every one left is text: write it as a reference.
    write_atomic(path, data.replace(b"\r", b"&#13;") + b"\n")
    warnings = tuple((path, f"{n} unit(s) left out: {why}") for why, n in sorted(left_out.items()))
    return TmxWritten(count, sum(left_out.values()), warnings)


def _untransferable(unit: MemoryUnit) -> str | None:
    """Why `unit` cannot be written to TMX and read back as it is, or None."""
    for text in (unit.source, unit.target, unit.origin, unit.model):
        found = NOT_XML.search(text)
        if found:
            code = f"U+{ord(found.group()):04X}"
            return f"their text holds characters XML 1.0 cannot carry (such as {code})"
    if any(primary_language(lang) != lang for lang in (unit.source_lang, unit.target_lang)):
        return "their language is not a language code (such as en, fr, ja)"
    if unit.source_lang == unit.target_lang:
        return "their source and target languages are the same"
    return None


def read_tmx(path: Path) -> TmxRead:
    """Read the translation units of a TMX 1.4 file (each `tu` with a source and targets);
    units that are not complete are counted and left out, not refused."""
    root = read_xml(path, "TMX")
    if root.tag != "tmx":
        raise InputError("not a TMX file: the root element is not <tmx>", path=path)
    body = root.find("body")
    if body is None:
        raise InputError(
            "not a TMX file: <tmx> has no <body>, where TMX 1.4 keeps its units", path=path
        )
    header = root.find("header")  # an Element with no children is falsy: compare to None
    declared = header.get("srclang", "*all*") if header is not None else "*all*"
    # "*all*": any language may be the source, take each unit's first; an unusable tag
    # becomes "", which is never a language of a segment, so its units are left out.
    default_source = None if declared == "*all*" else primary_language(declared) or ""
    units: list[MemoryUnit] = []
    left_out: Counter[str] = Counter()
    odd_tags: Counter[str] = Counter()
    for tu in body.iter("tu"):
        problem = _read_tu(tu, default_source, units, odd_tags)
        if problem:
            left_out[problem] += 1
    warnings = [(path, f"{n} <tu> left out: {why}") for why, n in sorted(left_out.items())]
    if odd_tags:
        shown = ", ".join(repr(tag) for tag, _ in odd_tags.most_common(3))
        warnings.append(
            (
                path,
                f"{odd_tags.total()} <tuv> left out: their language tag ({shown}) names no "
                "language (a code such as en, fr, ja)",
            )
        )
    return TmxRead(tuple(units), sum(left_out.values()), tuple(warnings))


def _read_tu(
    tu: ET.Element, default_source: str | None, units: list[MemoryUnit], odd_tags: Counter[str]
) -> str | None:
    """Append the units of one `tu` to `units`; say why it gave none, if it did not."""
    texts: dict[str, str] = {}
    for tuv in tu.findall("tuv"):
        seg = tuv.find("seg")
        if seg is None:
            continue
        tag = tuv.get(XML_LANG) or tuv.get("lang") or ""
        lang = primary_language(tag)
        if lang is None:
            odd_tags[tag] += 1
        else:
            texts[lang] = "".join(seg.itertext())
    if not texts:
        return "no <tuv> with a language and a <seg>"
    own = tu.get("srclang")
    source_lang = (primary_language(own) or "") if own else default_source
    if source_lang is None:
        source_lang = next(iter(texts))
    if source_lang not in texts:
        return "no segment in their source language"
    if len(texts) == 1:
        return "no translation, only the source segment"
    props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
    for lang, text in texts.items():
        if lang != source_lang:
            units.append(
                MemoryUnit(
                    source_lang,
                    lang,
                    texts[source_lang],
                    text,
                    props.get("x-origin", "reviewed"),
                    props.get("x-model", ""),
                )
            )
    return None
