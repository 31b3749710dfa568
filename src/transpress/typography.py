"""Each language's typography, applied to prose only: never inside URLs, emails or numbers.

French: narrow no-break space (U+202F) before ; ! ?, no-break space (U+00A0) before :,
« » with no-break spaces inside, typographic apostrophes. English: curly quotes and
apostrophes. Japanese: 「」 for quotations and full-width punctuation. Pure and idempotent.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from transpress import inline, script
from transpress.inline import free_markers
from transpress.protect import protected_spans

#: A rule rewrites the prose of a text in which each protected span is a mark: the two
#: private-use characters the text does not contain (start, end) around a number.
Rule = Callable[[str, tuple[str, str]], str]

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"  # no-break space
_CJK = script.WORD + script.FULL_WIDTH


def typeset(text: str, lang: str) -> str:
    """Apply `lang`'s typography to the prose of `text`, leaving protected spans as they are.

    >>> typeset('Il a dit : "C\\'est prêt!" Voir https://cnes.fr?a=1', "fr")
    'Il a dit\\xa0: «\\xa0C’est prêt\\u202f!\\xa0» Voir https://cnes.fr?a=1'
    >>> typeset('She said "it\\'s ready."', "en")
    'She said “it’s ready.”'
    >>> typeset('彼は"準備ができた"と言った.', "ja")
    '彼は「準備ができた」と言った。'
    """
    rules = _RULES.get(lang)
    if rules is None:
        return text
    pieces, last = [], 0
    for start, end in _merge_spans(protected_spans(text) + _markup_spans(text)):
        pieces.append((text[last:start], True))
        pieces.append((text[start:end], False))
        last = end
    pieces.append((text[last:], True))
    # Quotes pair across the whole text, so mark protected spans and typeset in one go.
    marks = free_markers(text)
    joined = "".join(
        p if prose else f"{marks[0]}{i}{marks[1]}" for i, (p, prose) in enumerate(pieces)
    )
    for rule in rules:
        joined = rule(joined, marks)
    return _put_back(joined, pieces, marks)


def _put_back(joined: str, pieces: list[tuple[str, bool]], marks: tuple[str, str]) -> str:
    """Each protected piece in place of its mark, in one pass (a replace per mark is quadratic)."""
    start, end = (re.escape(mark) for mark in marks)

    def piece(match: re.Match[str]) -> str:
        return pieces[int(match.group(1))][0]

    return re.sub(f"{start}([0-9]+){end}", piece, joined)


# Markdown that typography must not touch: inline code, and link targets with their titles.
_CODE = re.compile(inline.CODE)
_LINK_TARGET = re.compile(inline.LINK_TAIL)
_MARKUP_START = re.compile(r"`|\]\(")


def _markup_spans(text: str) -> list[tuple[int, int]]:
    """Spans of inline code and link targets, left to right.

    Linear: a target holds a "(" only as a balanced group, so a failed attempt from one
    "](" reads no further than the next parenthesis.

    >>> _markup_spans("`a` [b](c](d) ](e")
    [(0, 3), (9, 13)]
    >>> text = 'See [Ariane](https://w.org/Ariane_(fusée) "the launcher").'
    >>> [text[a:b] for a, b in _markup_spans(text)]
    ['](https://w.org/Ariane_(fusée) "the launcher")']
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    while (start := _MARKUP_START.search(text, pos)) is not None:
        at = start.start()
        found = (_CODE if text[at] == "`" else _LINK_TARGET).match(text, at)
        if found is None:
            pos = at + 1
        else:
            spans.append(found.span())
            pos = found.end()
    return spans


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans (overlapping ones joined)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


_STRAIGHT_DOUBLE = re.compile('"')


def _curly_double(opening: str, closing: str) -> Rule:
    """Straight double quotes to a language's pair, decided by what surrounds each one
    (a sentence of a multi-sentence quotation may hold only the opening or the closing;
    a protected span counts as a word)."""

    def rule(text: str, marks: tuple[str, str]) -> str:
        start, end = marks
        out, inside, last = [], False, 0
        for index in (match.start() for match in _STRAIGHT_DOUBLE.finditer(text)):
            out.append(text[last:index])
            last = index + 1
            before = text[index - 1] if index else ""
            after = text[index + 1] if index + 1 < len(text) else ""
            space_before = not before or before.isspace() or before in "([{—–-" + end
            space_after = not after or after.isspace() or after in ".,;:!?)]}…" + start
            if space_before and not space_after:
                opens = True
            elif space_after and not space_before:
                opens = False
            else:
                opens = not inside
            out.append(opening if opens else closing)
            inside = opens
        out.append(text[last:])
        return "".join(out)

    return rule


# Single quotes and apostrophes as SmartyPants educates them, with a protected span (a
# number, an address: its mark) counting as a word: Ariane 6’s, the 1990’s, ’90s.
_DECADE = re.compile(r"'(?=\d\d?s\b)")  # '90s: an apostrophe, never an opening quote


def _apostrophes(text: str, marks: tuple[str, str]) -> str:
    if "'" not in text:  # each pattern below would test every position of the text
        return text
    start, end = (re.escape(mark) for mark in marks)
    text = _DECADE.sub("’", text)
    text = re.sub(rf"(?:(?<=\w)|(?<={end}))'", "’", text)  # it's, agencies', 6’s
    # 'no.' closes after punctuation, before a space, more punctuation or the end
    text = re.sub(r"(?<=[.,;:!?…)\]])'(?=[\s.,;:!?…)\]»”]|$)", "’", text)
    return re.sub(rf"'(?=\w|{start})", "‘", text)  # an opening single quote


_AFTER_GUILLEMET = re.compile("«[ \u00a0\u202f]*")
# From where a run of spaces begins only: from inside it the search would be quadratic.
_BEFORE_GUILLEMET = re.compile("(?<![ \u00a0\u202f])[ \u00a0\u202f]*»")


def _french_guillemet_spacing(text: str) -> str:
    if "«" not in text and "»" not in text:
        return text
    text = _AFTER_GUILLEMET.sub("«" + NBSP, text)
    return _BEFORE_GUILLEMET.sub(NBSP + "»", text)


# A run of high punctuation ("?!", "::") takes one space, before its first mark.
_AFTER_WORD = r"(?<=[^\s\u00a0\u202f(«:;!?])[ \u00a0\u202f]?"
_BEFORE_HIGH = re.compile(_AFTER_WORD + r"([;!?]+)")
_BEFORE_COLON = re.compile(_AFTER_WORD + r":(?=\s|$|»)")
_HIGH = re.compile("[;!?:]")


def _french_punctuation_spacing(text: str) -> str:
    if not _HIGH.search(text):
        return text
    text = _BEFORE_HIGH.sub(lambda m: NNBSP + m.group(1), text)
    return _BEFORE_COLON.sub(NBSP + ":", text)


def _japanese_quotes(text: str, marks: tuple[str, str]) -> str:
    return _curly_double("「", "」")(text.replace("“", '"').replace("”", '"'), marks)


_FULL_WIDTH = {
    ",": "、",
    ".": "。",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
    ":": "：",
    ";": "；",
}


def _japanese_punctuation(text: str) -> str:
    def widen(match: re.Match[str]) -> str:
        return _FULL_WIDTH[match.group()]

    # Brackets go full-width in pairs, when what they enclose is Japanese.
    # (The lookahead finds the Japanese: two adjacent stars would backtrack quadratically.)
    text = re.sub(rf"\((?=[^()]*?[{_CJK}])([^()]*+)\)", r"（\1）", text)
    text = re.sub(rf"(?<=[{_CJK}」』）])[,.!?:;](?=[{_CJK}「『（」』）\s]|$)", widen, text)
    text = re.sub(rf"(?<=[。！？」])\s+(?=[{_CJK}「『（])", "", text)  # no space between sentences
    return text


def _prose(rewrite: Callable[[str], str]) -> Rule:
    """A rule that needs no marks (they are private-use characters: no pattern matches them)."""
    return lambda text, _marks: rewrite(text)


_RULES: dict[str, list[Rule]] = {
    "fr": [
        _curly_double("«", "»"),
        _apostrophes,
        _prose(_french_guillemet_spacing),
        _prose(_french_punctuation_spacing),
    ],
    "en": [_curly_double("“", "”"), _apostrophes],
    "ja": [_japanese_quotes, _prose(_japanese_punctuation)],
}
