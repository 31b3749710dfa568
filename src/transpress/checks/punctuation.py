"""Built-in checks on punctuation: end punctuation, French spacing, Japanese full-width marks.

They are typographic (`transpress.checks`): they judge the translation as publish typesets
it, and what publish fixes itself (a plain space before `?` in French, a half-width `,`
between Japanese words) is only information.

Positions inside protected spans (URLs, e-mail addresses, times such as 10:30, phone
numbers, do-not-translate terms) are never judged: their punctuation is not prose. Those
spans are looked for only in a translation where some mark would otherwise be reported.
"""

from __future__ import annotations

import re

from transpress.catalog import CatalogEntry
from transpress.checks import CheckContext, Rule
from transpress.checks.text import is_japanese, japanese_as_breaks, prepared_spans, shorten

NBSP, NNBSP = "\u00a0", "\u202f"
_NO_BREAK = (NBSP, NNBSP)
# Closing quotes and brackets that may follow the end punctuation: `."`, `.»`, `。」`, `.)`.
_CLOSERS = "\"'’”»)]）」』】〉》" + NBSP + NNBSP
# Sentence-final marks by kind, Latin then full-width (the Japanese mark comes second).
_END_MARKS = {
    "full stop": ".。．",
    "ellipsis": "…",
    "exclamation mark": "!！",
    "question mark": "?？",
    "colon": ":：",
    "semicolon": ";；",
}
_MARK_KIND = {mark: kind for kind, marks in _END_MARKS.items() for mark in marks}
_JAPANESE_MARK = {
    "full stop": "。",
    "exclamation mark": "！",
    "question mark": "？",
    "colon": "：",
    "semicolon": "；",
}
# French high punctuation: a no-break space before it (narrow preferred, plain accepted).
_HIGH_PUNCTUATION = ";:!?"
# Half-width marks that Japanese prose writes full-width.
_FULL_WIDTH = {",": "、", ".": "。", "!": "！", "?": "？", "(": "（", ")": "）"}
# The marks each check judges (the others are skipped without a look).
_FRENCH_MARKS = re.compile(f"[{re.escape(_HIGH_PUNCTUATION)}«»]")
_HALF_WIDTH_MARKS = re.compile(f"[{re.escape(''.join(_FULL_WIDTH))}]")


def final_mark(text: str) -> str:
    """The sentence-final punctuation mark of a text, before closing quotes; "" if none.

    >>> final_mark('ahead."'), final_mark("ouvrira.\u00a0»"), final_mark("しています。」")
    ('.', '.', '。')
    >>> final_mark("CNES contacts")
    ''
    """
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return stripped[-1] if stripped and stripped[-1] in _MARK_KIND else ""


def check_end_punctuation(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Source and translation end alike: `.` and `。` match, `!` and `！`…; in Japanese the
    full-width mark is expected after Japanese text, the Latin one elsewhere."""
    source, target = final_mark(entry.msgid), final_mark(entry.msgstr)
    source_kind, target_kind = _MARK_KIND.get(source), _MARK_KIND.get(target)
    if source_kind != target_kind:
        if source_kind is None:
            return [f"the translation ends with {target!r}, the source has no end punctuation"]
        ending = repr(target) if target else "no end punctuation"
        return [f"the source ends with a {source_kind} ({source!r}), the translation with {ending}"]
    if not target:
        return []
    wanted = _expected_mark(entry.msgstr, target, context.target_lang)
    return [] if target in wanted else [f"the translation ends with {target!r}; use {wanted[0]!r}"]


def _expected_mark(text: str, mark: str, lang: str) -> str:
    """The end marks right for a language: full-width after Japanese text, Latin otherwise."""
    kind = _MARK_KIND[mark]
    latin, full = _END_MARKS[kind][0], _JAPANESE_MARK.get(kind, _END_MARKS[kind][0])
    if lang != "ja":
        return latin
    before = text.rstrip().rstrip(_CLOSERS).rstrip()[:-1].rstrip()
    return full if before and is_japanese(before[-1]) else latin + full


def check_french_spacing(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """A no-break space (U+202F, or U+00A0) before ; : ! ? and inside « », never a plain one."""
    text = entry.msgstr
    found = []
    for match in _FRENCH_MARKS.finditer(text):
        index, char = match.start(), match.group()
        if char in _HIGH_PUNCTUATION and _needs_space_before(text, index):
            found.append((index, _spacing_problem(text, index, "before")))
        elif char == "«" and (index + 1 >= len(text) or text[index + 1] not in _NO_BREAK):
            found.append((index, _spacing_problem(text, index, "after")))
        elif char == "»" and (index == 0 or text[index - 1] not in _NO_BREAK):
            found.append((index, _spacing_problem(text, index, "before")))
    return _outside_spans(found, text, context)


def _needs_space_before(text: str, index: int) -> bool:
    """Whether a high punctuation mark lacks its no-break space (ratios, `?!` and a mark
    opening the text are spared)."""
    if index == 0:
        return False
    before = text[index - 1]
    after = text[index + 1] if index + 1 < len(text) else ""
    if before in _NO_BREAK or before in _HIGH_PUNCTUATION + "…":
        return False
    return not (text[index] == ":" and before.isdigit() and after.isdigit())


def _spacing_problem(text: str, index: int, side: str) -> str:
    char = text[index]
    neighbour = text[index + 1] if side == "after" and index + 1 < len(text) else ""
    if side == "before":
        neighbour = text[index - 1] if index else ""
    found = "a plain space" if neighbour == " " else "no space"
    wanted = "U+00A0 or U+202F" if char in ":«»" else "U+202F or U+00A0"
    excerpt = shorten(text[max(0, index - 20) : index + 3].replace(NBSP, "⍽").replace(NNBSP, "⍽"))
    return f"{found} {side} {char!r}: use a no-break space ({wanted}) in {excerpt!r}"


def check_japanese_punctuation(entry: CatalogEntry, context: CheckContext) -> list[str]:
    """Full-width 、。！？（） in Japanese prose, not half-width , . ! ? ( ) (decimals, URLs,
    Latin-only stretches such as "CNES (France)" and the final mark are spared)."""
    text = entry.msgstr
    # The final mark is end-punctuation's to judge: one mistake, one finding.
    final = len(text.rstrip().rstrip(_CLOSERS).rstrip()) - 1
    found = []
    for match in _HALF_WIDTH_MARKS.finditer(text):
        index, char = match.start(), match.group()
        if index == final:
            continue
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        touching = is_japanese(before) if before else False
        if char in "()" and after:
            touching = touching or is_japanese(after)
        if touching:
            excerpt = shorten(text[max(0, index - 10) : index + 5])
            found.append(
                (
                    index,
                    f"half-width {char!r} in Japanese text: use {_FULL_WIDTH[char]!r} "
                    f"in {excerpt!r}",
                )
            )
    return _outside_spans(found, text, context)


def _outside_spans(found: list[tuple[int, str]], text: str, context: CheckContext) -> list[str]:
    """The problems (position, message) found outside protected spans, in order; the spans
    are looked for only when there is a problem to spare."""
    if not found:
        return []
    skipped = _protected(text, context)
    return [problem for index, problem in found if index not in skipped]


def _protected(text: str, context: CheckContext) -> set[int]:
    """Positions inside URLs, e-mail addresses, times, phones and do-not-translate terms."""
    spans = list(prepared_spans(japanese_as_breaks(text)))
    for term in context.glossary.dnt_terms:
        spans += [match.span() for match in re.finditer(re.escape(term), text)]
    return {i for start, end in spans for i in range(start, end)}


PUNCTUATION_RULES = (
    Rule("end-punctuation", "warning", check_end_punctuation, typographic=True),
    Rule("french-spacing", "error", check_french_spacing, ("fr",), typographic=True),
    Rule("japanese-punctuation", "warning", check_japanese_punctuation, ("ja",), typographic=True),
)
