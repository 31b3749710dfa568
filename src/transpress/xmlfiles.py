"""XML files other tools wrote (TMX, TBX, XLIFF): one careful reader for all of them.

ElementTree's expat parser resolves no external entity and no DTD, and limits entity
expansion, so a hostile file cannot read local files or blow up memory.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from transpress.errors import InputError

#: The `xml:lang` attribute as ElementTree names it.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_xml(path: Path, kind: str) -> ET.Element:
    """The root element of an XML file; a file that is not XML is a one-line InputError
    naming the file and line (`kind` says what it should have been: "TMX")."""
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        line = getattr(exc, "position", (None,))[0]
        raise InputError(f"not a readable {kind} file ({exc})", path=path, line=line) from None
