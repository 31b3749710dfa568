"""Quotations cut into sentences: every segment balanced, the edition printing one quotation.

A quotation of several sentences is segmented sentence by sentence (a whole quotation
would be a segment three to four times longer than a sentence, too long for a model and
for a translator's editor; see BENCHMARKS.md). Cut as written, its sentences carry half
a quotation each (`"We are proud.` | `This is a milestone," said …`). So each segment
gets the marks it lacks, as *virtual* marks: `"We are proud."` | `"This is a milestone,"
said …`, a middle sentence `"…"` whole. Translators and machine translation see balanced
units; the edition takes the virtual marks off again (from the translation, whatever
quotation marks its language uses), so it prints one quotation.

Pure functions; the document structure (which segment got which virtual mark) is
`Segment`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Opening mark → its closing mark, in the source languages transpress reads.
PAIRS = {'"': '"', "“": "”", "«": "»", "「": "」", "『": "』"}
_CLOSING = {closing: opening for opening, closing in PAIRS.items()}
#: What may stand between a guillemet and the text it quotes.
_SPACES = " \u00a0\u202f"
#: Marks a translation may open or close a quotation with, in any target language.
_ANY_OPENING = '"“«「『„‘'
_ANY_CLOSING = '"”»」』“’'


@dataclass(frozen=True)
class Segment:
    """One msgid of a block, and the quotation marks added to balance it."""

    msgid: str
    opened: bool = False  # a virtual opening mark starts the msgid
    closed: bool = False  # a virtual closing mark ends it


def balanced(sentences: Sequence[str]) -> list[Segment]:
    """The sentences of one block as segments, each with the quotation marks it lacks.

    >>> [s.msgid for s in balanced(['He said: "We are proud.', 'It is here.', 'Yes," he said.'])]
    ['He said: "We are proud."', '"It is here."', '"Yes," he said.']
    >>> [s.msgid for s in balanced(['« Nous partons.', 'Demain. »'])]
    ['« Nous partons. »', '« Demain. »']
    >>> balanced(['No quotation here.', 'Nor "here".'])[1]
    Segment(msgid='Nor "here".', opened=False, closed=False)
    """
    if len(sentences) < 2:
        return [Segment(s) for s in sentences]
    segments = []
    open_mark: str | None = None  # the mark of the quotation open at this sentence's start
    space = ""  # what the source writes between that mark and the text (« with a space)
    for sentence in sentences:
        opened = open_mark is not None
        msgid = f"{open_mark}{space}{sentence}" if open_mark is not None else sentence
        open_mark, space = _open_at_end(msgid)
        if open_mark is not None:
            msgid = f"{msgid}{space}{PAIRS[open_mark]}"
        segments.append(Segment(msgid, opened, open_mark is not None))
    return segments


def _open_at_end(text: str) -> tuple[str | None, str]:
    """The opening mark of the quotation still open at the end of `text` (None: none), and
    the space written after it."""
    stack: list[tuple[str, str]] = []
    for index, char in enumerate(text):
        if char == '"':
            if stack and stack[-1][0] == '"':
                stack.pop()
            else:
                stack.append(('"', ""))
        elif char in PAIRS:
            after = text[index + 1 : index + 2]
            stack.append((char, after if after and after in _SPACES else ""))
        elif char in _CLOSING and stack and stack[-1][0] == _CLOSING[char]:
            stack.pop()
    return stack[-1] if stack else (None, "")


def visible(text: str, segment: Segment) -> str:
    """A translation (or the msgid itself) of `segment` without the virtual marks it was
    given, whatever quotation marks the translation uses; a text without them is as is.

    >>> visible('« Nous sommes fiers. »', Segment('"We are proud."', closed=True))
    '« Nous sommes fiers.'
    >>> visible('「これは節目だ」と述べた。', Segment('"It is," he said.', opened=True))
    'これは節目だ」と述べた。'
    >>> visible('Sans guillemets.', Segment('"No marks."', opened=True, closed=True))
    'Sans guillemets.'
    """
    if segment.opened:
        stripped = text.lstrip(_SPACES)
        if stripped[:1] in _ANY_OPENING:
            text = stripped[1:].lstrip(_SPACES)
    if segment.closed:
        stripped = text.rstrip(_SPACES)
        if stripped[-1:] in _ANY_CLOSING:
            text = stripped[:-1].rstrip(_SPACES)
    return text


def as_written(msgid: str) -> list[str]:
    """What a balanced msgid may have been before it got virtual marks (the msgid as
    earlier versions of transpress extracted it): without its first mark, its last, or
    both. For merging, so that a translation made then is kept.

    >>> as_written('"It is here."')
    ['It is here."', '"It is here.', 'It is here.']
    >>> as_written('No marks.')
    []
    """
    forms = []
    head = msgid.lstrip(_SPACES)
    without_first = head[1:].lstrip(_SPACES) if head[:1] in PAIRS else None
    tail = msgid.rstrip(_SPACES)
    without_last = tail[:-1].rstrip(_SPACES) if tail[-1:] in _CLOSING else None
    if without_first is not None:
        forms.append(without_first)
    if without_last is not None:
        forms.append(without_last)
    if without_first is not None and without_last is not None:
        forms.append(without_first.rstrip(_SPACES)[:-1].rstrip(_SPACES))
    return forms
