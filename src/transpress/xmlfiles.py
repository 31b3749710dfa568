"""XML files other tools wrote (TMX, TBX, XLIFF): one careful reader for all of them.

ElementTree's expat parser resolves no external entity and no DTD, and limits entity
expansion, so a hostile file cannot read local files or blow up memory.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from transpress.errors import InputError

#: The `xml:lang` attribute as ElementTree names it.
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Characters XML 1.0 cannot carry at all: C0 controls but tab, newline and carriage
#: return, lone surrogates, U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def representable(text: str) -> bool:
    r"""Whether an XML file can carry `text`.

    >>> representable("Le CNES\n"), representable("a\x1cb")
    (True, False)
    """
    return NOT_XML.search(text) is None


def read_xml(path: Path, kind: str) -> ET.Element:
    """The root element of an XML file; a file that is not XML is a one-line InputError
    naming the file and line (`kind` says what it should have been: "TMX")."""
    try:
        return ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        line = getattr(exc, "position", (None,))[0]
        raise InputError(f"not a readable {kind} file ({exc})", path=path, line=line) from None
