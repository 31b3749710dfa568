"""Translation memory: an SQLite file of translated segments, exchanged as TMX 1.4."""

from __future__ import annotations

import contextlib
import datetime
import sqlite3
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from transpress import __version__
from transpress.errors import InputError
from transpress.files import write_atomic
from transpress.xmlfiles import XML_LANG, read_xml

_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,          -- 'mt' (machine draft) or 'reviewed'
    model TEXT NOT NULL DEFAULT '', -- engine/package/version for 'mt'; '' for 'reviewed'
    changed TEXT NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source, origin, model)
)
"""


@dataclass(frozen=True)
class MemoryUnit:
    """One remembered translation."""

    source_lang: str
    target_lang: str
    source: str
    target: str
    origin: str
    model: str = ""


class TranslationMemory:
    """Remembered translations, keyed by source text, language pair and model version."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.execute(_SCHEMA)

    def close(self) -> None:
        """Commit and close the database."""
        self._db.commit()
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def lookup(
        self, source: str, pair: tuple[str, str], *, model: str, origin: str = "mt"
    ) -> str | None:
        """The translation of `source` by exactly this model (or reviewed), if remembered."""
        row = self._db.execute(
            "SELECT target FROM units WHERE source_lang=? AND target_lang=? AND source=? "
            "AND origin=? AND model=?",
            (*pair, source, origin, model),
        ).fetchone()
        return str(row[0]) if row else None

    def add(self, units: Iterable[MemoryUnit]) -> int:
        """Remember units (a newer translation replaces the same key); return how many."""
        now = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
        rows = [
            (u.source_lang, u.target_lang, u.source, u.target, u.origin, u.model, now)
            for u in units
        ]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO units VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        return len(rows)

    def units(self) -> Iterator[MemoryUnit]:
        """Every remembered unit, in a stable order."""
        query = "SELECT source_lang, target_lang, source, target, origin, model FROM units"
        for row in self._db.execute(
            query + " ORDER BY source_lang, target_lang, source, origin, model"
        ):
            yield MemoryUnit(*row)


def export_tmx(units: Iterable[MemoryUnit], path: Path) -> int:
    """Write units as a TMX 1.4 file other CAT tools can import; return how many."""
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
    for unit in units:
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
    write_atomic(path, data + b"\n")
    return count


def import_tmx(path: Path) -> list[MemoryUnit]:
    """Read the translation units of a TMX file (1.4; each `tu` with a source and targets)."""
    root = read_xml(path, "TMX")
    if root.tag != "tmx":
        raise InputError("not a TMX file: the root element is not <tmx>", path=path)
    header = root.find("header")  # an Element with no children is falsy: compare to None
    default_source = header.get("srclang", "") if header is not None else ""
    if default_source == "*all*":
        default_source = ""  # any language may be the source: take each unit's first
    units = []
    for tu in root.iter("tu"):
        texts = {}
        for tuv in tu.findall("tuv"):
            seg = tuv.find("seg")
            if seg is not None:
                texts[_short(tuv.get(XML_LANG) or tuv.get("lang") or "")] = "".join(seg.itertext())
        first = next(iter(texts), "")
        source_lang = _short(tu.get("srclang") or default_source or first)
        if source_lang not in texts:
            continue
        props = {p.get("type"): p.text or "" for p in tu.findall("prop")}
        origin = props.get("x-origin", "reviewed")
        for lang, text in texts.items():
            if lang != source_lang:
                units.append(
                    MemoryUnit(
                        source_lang,
                        lang,
                        texts[source_lang],
                        text,
                        origin,
                        props.get("x-model", ""),
                    )
                )
    return units


def _short(lang: str) -> str:
    return lang.lower().replace("_", "-").split("-")[0]


@contextlib.contextmanager
def open_memory(path: Path) -> Iterator[TranslationMemory]:
    """Open the workspace's memory and close it when done."""
    memory = TranslationMemory(path)
    try:
        yield memory
    finally:
        memory.close()
