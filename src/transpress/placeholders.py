"""Placeholders: protected spans taken out of a segment before machine translation and put
back after, in a form the model's vocabulary carries (pure).

Real Argos packages tokenise with SentencePiece models trained with NFKC normalisation and
without byte fallback: a character their corpus lacked (⟦, ⟧, the private-use area) becomes
`<unk>` and the number, date or address it stood for is gone. So a placeholder is written
in the first of `FORMS` that the model's tokenizer gives back unchanged (ASCII first, as
Weblate's machinery masks: `[X7X]`) and that the segment does not already contain; when
none will do, spans stay in the text and the draft is checked for each of them instead.

Models do odd things to placeholders: move them, repeat them, drop their brackets, put
spaces inside, glue words to them or pull words inside (`[X voit 1X]`). Restoring finds
the number wherever the brackets and marker went, puts words found inside back beside
the span, spaces the span as it was spaced in the source, and reports what was lost,
repeated or unknown.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from transpress import script
from transpress.protect import protected_spans

_CJK = script.TEXT
_CJK_CHAR = re.compile(f"[{_CJK}]")
#: What counts as a word next to a span (a glued word gets the source's space back).
_WORD_CHAR = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class Form:
    """One way of writing placeholder n: `opening marker n marker closing`."""

    opening: str
    closing: str
    marker: str = ""

    def write(self, number: int) -> str:
        """Placeholder `number` in this form.

        >>> Form("[", "]", "X").write(7)
        '[X7X]'
        """
        return f"{self.opening}{self.marker}{number}{self.marker}{self.closing}"

    @property
    def name(self) -> str:
        """How provenance names the form: its first placeholder."""
        return self.write(1)

    @property
    def probe(self) -> str:
        """A text to ask a model's tokenizer whether it carries the form."""
        return f"a {self.write(1)} b {self.write(23)}. {self.write(4)}"

    def pattern(self) -> re.Pattern[str]:
        """What may be left of a placeholder in a model's output: the brackets with the
        number inside, maybe with spaces, the marker in any case or gone, and words pulled
        in; or the number between its markers, the brackets gone."""
        o, c = re.escape(self.opening), re.escape(self.closing)
        inside = rf"[^{o}{c}\d\n]{{0,60}}?"
        bracketed = rf"{o}(?P<before>{inside})(?P<number>\d{{1,4}})(?P<after>{inside}){c}"
        if not self.marker:
            return re.compile(bracketed)
        m = re.escape(self.marker)
        # Bare, it may be glued to a word ("leX3X"), not to another marker or number.
        bare = rf"(?<![{m}\d]){m}(?P<bare>\d{{1,4}}){m}(?![{m}\d])"
        return re.compile(f"{bracketed}|{bare}", re.IGNORECASE)


#: In order of preference. Each is tried against a model's tokenizer when it is loaded.
FORMS: tuple[Form, ...] = (Form("[", "]", "X"), Form("⟦", "⟧"), Form("{", "}"))


def carried_forms(
    carries: Callable[[str], bool], forms: Sequence[Form] = FORMS
) -> tuple[Form, ...]:
    """The forms that come out of a model's tokenizer as they went in, best first.

    >>> [f.name for f in carried_forms(lambda text: text.isascii())]
    ['[X1X]', '{1}']
    """
    return tuple(form for form in forms if carries(form.probe))


def describe(form: Form | None) -> str:
    """How a draft's provenance says its spans were protected.

    >>> describe(FORMS[0]), describe(None)
    ('placeholders [X1X]', 'spans left in the text, checked after')
    """
    return f"placeholders {form.name}" if form else "spans left in the text, checked after"


class Spacing(enum.Enum):
    """What was between a span and its neighbour in the source."""

    GLUED = "glued"  # nothing (or the start or end of the segment)
    SPACED = "spaced"  # white space
    SPACED_IN_JAPANESE = "spaced in Japanese"  # white space, with kana or kanji beyond it


@dataclass(frozen=True)
class Masked:
    """A segment with its protected spans replaced by numbered placeholders (or, with no
    form, left in place), and how the source spaced each (before, after)."""

    text: str
    spans: tuple[str, ...]
    form: Form | None = None
    spacing: tuple[tuple[Spacing, Spacing], ...] = ()


@dataclass(frozen=True)
class Restored:
    """A machine translation with placeholders put back, and what went wrong if anything."""

    text: str
    problems: tuple[str, ...]


def mask(text: str, terms: Iterable[str] = (), forms: Sequence[Form] = FORMS) -> Masked:
    """Replace protected spans with placeholders 1, 2… in order of appearance, in the first
    form the text does not already contain.

    >>> mask("Launch at 10:30 from Kourou.", ["Kourou"])
    Masked(text='Launch at [X1X] from [X2X].', spans=('10:30', 'Kourou'), \
form=Form(opening='[', closing=']', marker='X'), \
spacing=((<Spacing.SPACED: 'spaced'>, <Spacing.SPACED: 'spaced'>), \
(<Spacing.SPACED: 'spaced'>, <Spacing.GLUED: 'glued'>)))
    >>> mask("See [1] at 10:30.", forms=FORMS[:1]).form is None  # [1] would be taken for one
    True
    """
    found = protected_spans(text, terms)
    spans = tuple(text[start:end] for start, end in found)
    spacing = tuple((_spacing(text[:start], -1), _spacing(text[end:], 0)) for start, end in found)
    if not spans:
        return Masked(text, ())
    form = next((f for f in forms if f.pattern().search(text) is None), None)
    if form is None:
        return Masked(text, spans, None, spacing)
    pieces, last = [], 0
    for number, (start, end) in enumerate(found, start=1):
        pieces += [text[last:start], form.write(number)]
        last = end
    pieces.append(text[last:])
    return Masked("".join(pieces), spans, form, spacing)


def _spacing(beside: str, end: int) -> Spacing:
    """How the text `beside` a span (before it: end -1; after it: end 0) spaced it."""
    if not beside or not beside[end].isspace():
        return Spacing.GLUED
    rest = beside.rstrip() if end == -1 else beside.lstrip()
    neighbour = rest[end] if rest else ""
    return Spacing.SPACED_IN_JAPANESE if _CJK_CHAR.match(neighbour) else Spacing.SPACED


def restore(translation: str, masked: Masked, *, target: str = "") -> Restored:
    """Put protected spans back; report placeholders lost, repeated or unknown.

    >>> item = mask("Launch at 10:30 from Kourou.", ["Kourou"])
    >>> restore("Lancement depuis [X2X] à [ x 1 X ].", item)
    Restored(text='Lancement depuis Kourou à 10:30.', problems=())
    >>> restore("Lancement à[X voit 1X] X2X", item).text  # glued, a word pulled in, bare
    'Lancement à voit 10:30 Kourou'
    >>> restore("Lancement à [X1X] [X1X].", item).problems
    ('placeholder [X1X] (10:30) appears 2 times', 'placeholder [X2X] (Kourou) was lost')
    """
    form = masked.form
    if form is None:
        return _verify(translation, masked)
    seen: Counter[int] = Counter()
    unknown: list[str] = []
    spaced = target not in ("ja", "zh")

    def put_back(match: re.Match[str]) -> str:
        number = int(match.group("number") or match.group("bare"))
        if not 0 < number <= len(masked.spans):
            unknown.append(match.group())
            return match.group()
        seen[number] += 1
        before = _strip_marker((match.groupdict().get("before") or "").strip(), form)
        after = _strip_marker((match.groupdict().get("after") or "").strip(), form)
        return "".join(
            (f"{before} " if before else "", masked.spans[number - 1], f" {after}" if after else "")
        )

    text = _respace(translation, form.pattern(), masked, put_back, spaced=spaced)
    problems = []
    for number, span in enumerate(masked.spans, start=1):
        name = form.write(number)
        if seen[number] == 0:
            problems.append(f"placeholder {name} ({span}) was lost")
        elif seen[number] > 1:
            problems.append(f"placeholder {name} ({span}) appears {seen[number]} times")
    problems += [f"unknown placeholder {token}" for token in dict.fromkeys(unknown)]
    return Restored(text, tuple(problems))


def _strip_marker(words: str, form: Form) -> str:
    """Words found inside a placeholder's brackets, without the marker that was beside the
    bracket or the number (`[X voit 1X]` holds "X voit" before its number)."""
    if not form.marker:
        return words
    marker = re.escape(form.marker)
    words = re.sub(rf"^{marker}(?=\s|$)|(?:^|(?<=\s)){marker}$", "", words, flags=re.IGNORECASE)
    return words.strip()


def _respace(
    translation: str,
    pattern: re.Pattern[str],
    masked: Masked,
    put_back: Callable[[re.Match[str]], str],
    *,
    spaced: bool,
) -> str:
    """The translation with each placeholder replaced, the span spaced as in the source: a
    word glued to it gets its space back; in Japanese, spaces between it and the text go."""
    out: list[str] = []
    last, trim = 0, False
    for match in pattern.finditer(translation):
        head = translation[last : match.start()]
        if trim:
            head = _CJK_AFTER_SPACES.sub("", head)
        text, trim = put_back(match), False
        index = int(match.group("number") or match.group("bare")) - 1
        if text != match.group() and 0 <= index < len(masked.spacing):
            before, after = masked.spacing[index]
            following = translation[match.end() : match.end() + 1]
            if not spaced:  # Japanese: no space against kana or kanji, unless the source
                if before is not Spacing.SPACED_IN_JAPANESE:  # (Japanese) put one there
                    head = _SPACES_AFTER_CJK.sub("", head)
                trim = after is not Spacing.SPACED_IN_JAPANESE
            elif before is not Spacing.GLUED and head and _WORD_CHAR.match(head[-1]):
                head += " "
            if spaced and after is not Spacing.GLUED and following and _WORD_CHAR.match(following):
                text += " "
        out += [head, text]
        last = match.end()
    tail = translation[last:]
    out.append(_CJK_AFTER_SPACES.sub("", tail) if trim else tail)
    return "".join(out)


_SPACES_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])[ \u3000]+$")
_CJK_AFTER_SPACES = re.compile(rf"^[ \u3000]+(?=[{_CJK}])")


def _verify(translation: str, masked: Masked) -> Restored:
    """No placeholders were used: each span must be in the draft as it is, or as the model's
    NFKC normalisation wrote it (then it is put back as the source wrote it)."""
    text, problems = translation, []
    for span in dict.fromkeys(masked.spans):
        if span in text:
            continue
        normal = unicodedata.normalize("NFKC", span)
        if normal != span and normal in text:
            text = text.replace(normal, span)
            continue
        problems.append(f"protected text {span!r} is not in the draft")
    return Restored(text, tuple(problems))


#: What placeholders look like once a translation is out of the engine: only their marked
#: forms (a bracketed number alone, "[2]", is ordinary text) and stray ⟦ ⟧.
_LEFTOVER = re.compile(
    r"\[\s*+X\s*+\d{1,4}\s*+X\s*+\]|(?<![^\W\d_])X\d{1,4}X(?![^\W\d_])|⟦\s*+\d*+\s*+⟧|[⟦⟧]",
    re.IGNORECASE,
)


def leftovers(translation: str, source: str) -> list[str]:
    """Placeholders in a translation that its source does not hold, once each.

    >>> leftovers("Lancement à [X1X] depuis ⟦2⟧ [3].", "Launch at 10:30 from Kourou [3].")
    ['[X1X]', '⟦2⟧']
    """
    expected = Counter(_LEFTOVER.findall(source))
    found: list[str] = []
    for token in _LEFTOVER.findall(translation):
        if expected[token] > 0:
            expected[token] -= 1
        elif token not in found:
            found.append(token)
    return found
