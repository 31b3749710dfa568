"""TMX 1.4 files: the translation memory exchanged with other CAT tools.

Every file transpress writes, it reads back: units XML 1.0 cannot carry, or without two
distinct languages, are left out (and counted) rather than written unreadable.

Inline codes are codes, not text. A segment's inline Markdown (`**bold**`, `*emphasis*`,
`[links](…)`, `` `code` ``) is written as <bpt>/<ept> pairs and <ph>, their native code
being the Markdown, so CAT tools show tags. On import, codes become transpress's markup
where they say one (bold, italic, code, a link with its href, by `type` or by their HTML
or Markdown native code); others (<ph>, <it>, a field's <bpt>) are left out of the text,
and the unit keeps the XML of its two segments so that `memory export` gives them back
as they came.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transpress import __version__, inline
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
    segs: list[tuple[ET.Element, ET.Element]] = []
    for unit in units:
        problem = _untransferable(unit)
        if problem:
            left_out[problem] += 1
            continue
        tu = ET.SubElement(body, "tu", srclang=unit.source_lang)
        ET.SubElement(tu, "prop", type="x-origin").text = unit.origin
        if unit.model:
            ET.SubElement(tu, "prop", type="x-model").text = unit.model
        kept = unit.seg_xml or (None, None)
        for lang, text, xml in (
            (unit.source_lang, unit.source, kept[0]),
            (unit.target_lang, unit.target, kept[1]),
        ):
            tuv = ET.SubElement(tu, "tuv", {XML_LANG: lang})
            segs.append((tuv, _seg_from_xml(xml) if xml is not None else coded_seg(text)))
        count += 1
    ET.indent(root)  # before the segments go in: white space in them would be text
    for tuv, seg in segs:
        tuv.append(seg)
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
    segs: dict[str, ET.Element] = {}
    for tuv in tu.findall("tuv"):
        seg = tuv.find("seg")
        if seg is None:
            continue
        tag = tuv.get(XML_LANG) or tuv.get("lang") or ""
        lang = primary_language(tag)
        if lang is None:
            odd_tags[tag] += 1
        else:
            texts[lang] = seg_text(seg)
            segs[lang] = seg
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
    if not texts[source_lang].strip() and len(segs[source_lang]):
        return "no text in their source segment once its inline codes are set aside"
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
                    seg_xml=_kept_codes(segs[source_lang], segs[lang], texts[source_lang], text),
                )
            )
    return None


# --- inline codes ----------------------------------------------------------------------

#: What a paired code's `type` (TMX 1.4's list) or HTML, RTF or Markdown native code says,
#: as transpress's markup: the opening and closing Markdown.
_PAIRED = {"bold": ("**", "**"), "italic": ("*", "*"), "code": ("`", "`")}
_TYPES = {"bold": "bold", "strong": "bold", "italic": "italic", "em": "italic", "code": "code"}
_NATIVE = (
    # HTML, OmegaT's shortcuts (<b0>: the tag's first letter and a number), RTF, Markdown
    (re.compile(r"<(?:b\d*|strong)(?:\s[^>]*)?>|\{\\b\b.*|\*\*|__", re.I | re.S), "bold"),
    (re.compile(r"<(?:i\d*|em)(?:\s[^>]*)?>|\{\\i\b.*|\*|_", re.I | re.S), "italic"),
    (re.compile(r"<code(?:\s[^>]*)?>|`", re.I), "code"),
)
_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
#: What transpress writes as the native code of a link's two halves: `[` and `](…)`.
_LINK_TAIL = re.compile(inline.LINK_TAIL)


def seg_text(seg: ET.Element) -> str:
    """A TMX <seg> as transpress text: codes that say a markup become it, other codes
    are left out, highlighted text (<hi>) is text.

    >>> seg = ET.fromstring('<seg>A <bpt i="1" x="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;'
    ...     '</ept> word<ph x="2">&lt;br/&gt;</ph>, <hi type="x-term">CNES</hi></seg>')
    >>> seg_text(seg)
    'A **bold** word, CNES'
    """
    pieces: list[str] = []
    # a <bpt>'s i → the markup its <ept> writes (None: the <ept>'s own, a link's `](…)`)
    closing: dict[str, str | None] = {}
    for event, element in _walk(seg):
        if event == "text":
            pieces.append(element.text or "")
        elif event == "tail":
            pieces.append(element.tail or "")
        else:
            pieces.append(_markup(element, closing))
    return "".join(pieces)


def _walk(seg: ET.Element) -> Iterator[tuple[str, ET.Element]]:
    """("text", e), ("code", e) and ("tail", e) events in document order, without
    recursion: a <hi> (or an element TMX does not define) is walked into, a code is one
    event (its content is native code, not text)."""
    yield "text", seg
    stack = [(seg, iter(seg))]
    while stack:
        owner, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if stack:
                yield "tail", owner
        elif child.tag in _CODES:
            yield "code", child
            yield "tail", child
        else:
            yield "text", child
            stack.append((child, iter(child)))


_CODES = ("bpt", "ept", "ph", "it", "ut", "sub")


def _markup(code: ET.Element, closing: dict[str, str | None]) -> str:
    """transpress's markup for one inline code, or "" for a code it has none for."""
    native = "".join(code.itertext())
    number = code.get("i") or ""
    if code.tag == "ept":
        ending = closing.pop(number, "")
        # transpress's own link: its <ept> holds the `](…)`, written as is
        return native if ending is None and _LINK_TAIL.fullmatch(native) else ending or ""
    if code.tag == "ph":
        return native if re.fullmatch(inline.CODE, native) else ""
    if code.tag != "bpt":
        return ""
    href = _HREF.match(native.strip())
    named = (code.get("type") or "").lower().removeprefix("x-")
    kind = _TYPES.get(named) or _native_kind(native.strip())
    if native == "[":
        closing[number] = None
        return "["
    if href:
        closing[number] = f"]({href.group(1) or href.group(2) or ''})"
        return "["
    if kind is None:
        return ""
    opening, closing[number] = _PAIRED[kind]
    return opening


def _native_kind(native: str) -> str | None:
    return next((kind for pattern, kind in _NATIVE if pattern.fullmatch(native)), None)


def coded_seg(text: str) -> ET.Element:
    """A <seg> for transpress text: its inline Markdown as codes, the rest as text.

    >>> ET.tostring(coded_seg("The **launch**"), encoding="unicode")
    '<seg>The <bpt i="1" type="bold">**</bpt>launch<ept i="1">**</ept></seg>'
    >>> ET.tostring(coded_seg("of `H-IIA`"), encoding="unicode")
    '<seg>of <ph type="x-code">`H-IIA`</ph></seg>'
    """
    seg = ET.Element("seg")
    cuts: list[tuple[int, int, ET.Element]] = []
    for number, (opening, ending, kind) in enumerate(inline.markup_pairs(text), start=1):
        if kind == "code":
            cuts.append((*opening, _element("ph", text[slice(*opening)], type="x-code")))
            continue
        kind_name = {"strong": "bold", "emphasis": "italic"}.get(kind, kind)
        begin = _element("bpt", text[slice(*opening)], i=str(number), type=kind_name)
        cuts += [(*opening, begin), (*ending, _element("ept", text[slice(*ending)], i=str(number)))]
    last: ET.Element | None = None
    position = 0
    for start, end, element in sorted(cuts, key=lambda cut: cut[0]):
        _add_text(seg, last, text[position:start])
        seg.append(element)
        last, position = element, end
    _add_text(seg, last, text[position:])
    return seg


def _element(tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.Element(tag, attributes)
    element.text = text
    return element


def _add_text(seg: ET.Element, last: ET.Element | None, text: str) -> None:
    if not text:
        return
    if last is None:
        seg.text = (seg.text or "") + text
    else:
        last.tail = (last.tail or "") + text


def _inner_xml(seg: ET.Element) -> str:
    """The XML inside a <seg> (its text escaped, its codes as written)."""
    head = ET.tostring(_element("seg", seg.text or ""), encoding="unicode")
    inside = head.removeprefix("<seg>").removesuffix("</seg>").removesuffix("<seg />")
    return inside + "".join(ET.tostring(child, encoding="unicode") for child in seg)


def _kept_codes(
    source: ET.Element, target: ET.Element, source_text: str, target_text: str
) -> tuple[str, str] | None:
    """The XML of two segments whose codes their texts cannot give back, else None."""
    if not len(source) and not len(target):
        return None  # plain text: nothing to keep
    try:
        kept = (_inner_xml(source), _inner_xml(target))
        again = (_inner_xml(coded_seg(source_text)), _inner_xml(coded_seg(target_text)))
    except RecursionError:  # codes nested thousands deep: only their text is kept
        return None
    return None if kept == again else kept


def _seg_from_xml(xml: str) -> ET.Element:
    """A <seg> holding the XML a unit kept (parsed back as it was written)."""
    return ET.fromstring(f"<seg>{xml}</seg>")
