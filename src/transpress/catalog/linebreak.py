"""Where GNU gettext may break a PO string line: UAX #14 as libunistring implements it.

msgcat and msgmerge wrap strings with libunistring's `ulc_width_linebreaks`: break
opportunities from the Unicode line-breaking algorithm (a pair table over resolved
classes), then a greedy fill that counts East Asian wide characters as two columns. The
same rules here let transpress write the lines GNU tools write, so a catalogue survives a
round trip through them unchanged.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Sequence

from transpress.catalog import _linebreak_table as table

PROHIBITED, POSSIBLE, MANDATORY = 0, 1, 2

_CLASS = {name: index for index, name in enumerate(table.CLASSES)}
WJ, HY, BA, AL, HL, RI, ZWJ = (_CLASS[c] for c in ("WJ", "HY", "BA", "AL", "HL", "RI", "ZWJ"))
BK, CR, LF, CM, ZW, SP = (_CLASS[c] for c in ("BK", "CR", "LF", "CM", "ZW", "SP"))
_HL_BA = -1  # a Hebrew letter followed by a hyphen or break-after character (LB21a)
_RUN_CLASSES = tuple(table.ALPHABET.index(code) for code in table.CODES)

# UAX #14 pair table (rows: class before, columns: class after, both in table.CLASSES
# order, WJ to EM): "_" direct break, "%" break only across spaces, "^" no break.
_PAIRS = (
    "^%%%%%^^^^%%%%%^%%%^%%%%%%%%%%%%%",  # WJ
    "^%%%%%^^^^%%%%%^%%%^%%%%%%%%%%%%%",  # GL
    "^%^%_%^^^^%%__%^___^_____________",  # B2
    "^__%_%^^^^%%__%^___^_____________",  # BA
    "^%%%%%^^^^%%%%%^%%%^%%%%%%%%%%%%%",  # BB
    "^__%_%^^^^%%__%^%__^_____________",  # HY
    "^%_%_%^^^^%^__%^_%%^_____________",  # CL
    "^%_%_%^^^^%%__%^%%%^%_______%_%__",  # CP1
    "^%_%_%^^^^%%__%^_%%^_____________",  # CP2
    "^%_%_%^^^^%%__%^___^_____________",  # EX
    "^%_%_%^^^^%%__%^___^_____________",  # IN
    "^%_%_%^^^^%%__%^___^_____________",  # NS
    "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",  # OP1
    "^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",  # OP2
    "^%%%%%^^^^%%^^%^%%%^%%%%%%%%%%%%%",  # QU
    "^%_%_%^^^^%%__%^%__^_____________",  # IS
    "^%_%_%^^^^%%%_%^%%%^%_______%_%__",  # NU
    "^%_%_%^^^^%%%%%^%__^%_______%_%__",  # PO
    "^%_%_%^^^^%%%%%^%__^%%%%%%%%%_%%%",  # PR
    "^%_%_%^^^^%%__%^%__^________%____",  # SY
    "^%_%_%^^^^%%%_%^%%%^%_______%_%__",  # AL
    "^%_%_%^^^^%%__%^_%_^______%%_____",  # H2
    "^%_%_%^^^^%%__%^_%_^_______%_____",  # H3
    "^%_%_%^^^^%%__%^_%_^_____________",  # ID1
    "^%_%_%^^^^%%__%^_%_^____________%",  # ID2
    "^%_%_%^^^^%%__%^_%_^_%%__%%______",  # JL
    "^%_%_%^^^^%%__%^_%_^______%%_____",  # JV
    "^%_%_%^^^^%%__%^_%_^_______%_____",  # JT
    "^%_%_%^^^^%%%_%^%%%^%_______%_%__",  # HL
    "^%_%_%^^^^%%__%^___^_____________",  # RI
    "^%_%_%^^^^%%%_%^%%%^%__%%___%_%%%",  # ZWJ
    "^%_%_%^^^^%%__%^_%_^____________%",  # EB
    "^%_%_%^^^^%%__%^_%_^_____________",  # EM
)


def line_break_class(char: str) -> int:
    """The resolved line-break class of a character, an index into table.CLASSES.

    >>> [table.CLASSES[line_break_class(c)] for c in " a「。\\\\"]
    ['SP', 'AL', 'OP2', 'CL', 'PR']
    """
    return _RUN_CLASSES[bisect.bisect_right(table.STARTS, ord(char)) - 1]


#: The pair table as numbers: 0 no break, 1 break, 2 break only across spaces.
_RULES = [[{"^": 0, "_": 1, "%": 2}[rule] for rule in row] for row in _PAIRS]
#: (class, width) of each character met so far.
_SEEN: dict[str, tuple[int, int]] = {}


def _character(char: str) -> tuple[int, int]:
    found = _SEEN.get(char)
    if found is None:
        found = _SEEN[char] = (line_break_class(char), max(char_width(char), 0))
    return found


def possible_breaks(text: str) -> list[int]:
    """For each character, whether a line may (or must) break before it."""
    breaks = [PROHIBITED] * len(text)
    before = last = BK  # class of the previous character, of the last non-space one
    seen_space = False
    regional = 0  # regional indicators in a row just before this character
    seen, rules = _SEEN, _RULES
    for i, char in enumerate(text):
        cls = (seen.get(char) or _character(char))[0]
        if cls in (BK, LF, CR):
            breaks[i] = MANDATORY
            before, last, seen_space = cls, BK, False
            regional = 0
            continue
        if cls == SP:
            seen_space = True
        elif cls == ZW:
            last, seen_space = ZW, False
        elif cls in (CM, ZWJ):
            # A combining mark belongs to what it follows, except at the start of a
            # line or after a space, where it stands for a letter.
            if last in (BK, ZW) or seen_space:
                if last != BK:
                    breaks[i] = POSSIBLE
                last, seen_space = AL, False
        else:
            if last == BK:
                pass
            elif last == ZW:
                breaks[i] = POSSIBLE
            elif before in (ZWJ, _HL_BA):
                pass
            elif last == RI and cls == RI:
                if seen_space or regional % 2 == 0:
                    breaks[i] = POSSIBLE
            else:
                rule = rules[last][cls]
                if rule == 1 or (rule == 2 and seen_space):
                    breaks[i] = POSSIBLE
            last, seen_space = cls, False
        before = _HL_BA if before == HL and cls in (HY, BA) else cls
        regional = regional + 1 if cls == RI else 0
    return breaks


@functools.lru_cache(maxsize=2)
def _last_breaks(text: str) -> list[int]:
    """possible_breaks, remembered: gettext lays out a first line twice (see layout)."""
    return possible_breaks(text)


def display_width(text: str) -> int:
    """Columns a text takes, as libunistring counts them (controls take none).

    >>> display_width("Paris"), display_width("パリ")
    (5, 4)
    """
    if text.isascii() and text.isprintable():
        return len(text)
    seen = _SEEN
    return sum((seen.get(c) or _character(c))[1] for c in text)


def width_breaks(
    text: str, *, width: int, start_column: int, overrides: Sequence[int | None]
) -> list[bool]:
    """Where to break `text` so no line is wider than `width` columns (the first one
    starting at `start_column`): libunistring's greedy fill. `overrides` forces the break
    rule at some positions (gettext forbids breaks inside escape sequences)."""
    if start_column + display_width(text) <= width:
        return [False] * len(text)  # it fits: no line break is ever needed
    breaks = _last_breaks(text)
    chosen = [False] * len(text)
    last_break: int | None = None
    column, piece = start_column, 0
    seen = _SEEN
    for i, char in enumerate(text):
        override = overrides[i]
        rule = breaks[i] if override is None else override
        if rule != PROHIBITED:
            if last_break is not None and column + piece > width:
                chosen[last_break] = True
                column = 0
            if rule == MANDATORY:
                last_break, column, piece = None, 0, 0
                continue
            last_break, column, piece = i, column + piece, 0
        piece += (seen.get(char) or _character(char))[1]
    if last_break is not None and column + piece > width:
        chosen[last_break] = True
    return chosen


@functools.lru_cache(maxsize=4096)
def char_width(char: str) -> int:
    """Columns a character takes in a terminal, as libunistring counts them in UTF-8:
    2 for East Asian wide and full-width, 0 for marks and format characters, -1 for
    control characters.

    >>> [char_width(c) for c in "aé日\\u0301\\x1c"]
    [1, 1, 2, 0, -1]
    """
    code = ord(char)
    if 0 < code < 0xA0 and unicodedata.category(char) == "Cc":
        return -1
    if code == 0 or _is_nonspacing(char, code):
        return 0
    if unicodedata.category(char) == "Cn":
        return 2 if any(first <= code <= last for first, last in _WIDE_UNASSIGNED) else 1
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


#: Unassigned code points of East Asian blocks, which libunistring counts as wide.
_WIDE_UNASSIGNED = (
    (0x2E80, 0x303E),
    (0x3040, 0xA4CF),
    (0xF900, 0xFAFF),
    (0xFE10, 0xFE1F),
    (0xFE30, 0xFE6F),
    (0xFF00, 0xFF60),
    (0x1F200, 0x1F2FF),
    (0x20000, 0x3FFFF),
)


def _is_nonspacing(char: str, code: int) -> bool:
    if 0x1160 <= code < 0x1200 or 0xD7B0 <= code <= 0xD7C6 or 0xD7CB <= code <= 0xD7FB:
        return True  # Hangul vowels and final consonants, which join the syllable before
    if 0xE0000 <= code < 0xE1000:
        return code == 0xE0001 or 0xE0020 <= code <= 0xE007F or 0xE0100 <= code <= 0xE01EF
    # Marks by their bidirectional class (some spacing vowel signs are Mn, yet drawn
    # with a width), and format characters.
    return (
        unicodedata.bidirectional(char) == "NSM"
        or unicodedata.category(char) == "Cf"
        or code == 0x200B
    )
