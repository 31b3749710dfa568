"""The Japanese splitter.

A sentence ends after 。！？!?． (closing brackets and quotes right after it stay with it),
except:

* inside a matched 「」『』（）【】 pair; a terminator right before the closing bracket of an
  outermost pair ends the sentence only if what follows is not a particle that goes on
  with it (``「…。」と述べた`` goes on, ``「…。」ところが`` and ``「…。」では`` start anew);
* before a quoting particle after ！？ without brackets (``すごい！と言う``);
* after a Latin word (``Yahoo!ニュース``, ``GO!``, ``Ciao!``): in Japanese text these are
  names and interjections inside the sentence; ellipses (``...``, ``…``) never end one.
"""

from __future__ import annotations

import re

from transpress.segmentation.cutting import cut, span_end

_JA_CAND = re.compile(
    r"(?:[。！？!?]|(?<![0-9０-９])．(?![0-9０-９]))[。！？!?．]*(?:[ 　]?[!?！？])*"
)
_JA_CLOSERS = re.compile(r"[」』）)】〕〉》”’\"]*")
_JA_PAIRS = {"「": "」", "『": "』", "（": "）", "【": "】", "〔": "〕", "〈": "〉", "《": "》"}
_JA_CLOSING = frozenset(_JA_PAIRS.values())
_JA_BRACKET = re.compile(f"[{re.escape(''.join(_JA_PAIRS) + ''.join(_JA_CLOSING))}]")
_SPACES = re.compile(r"[ 　]+")
# Conjunctions and adverbs that open a sentence although they begin like a particle.
_OPENING_WORD = (
    r"ところ|とにかく|ともかく|とはいえ|とりあえず|とくに|とりわけ|とても"
    r"|では|でも|ですが|ですから|はじめに|はたして|かつて|かなり|やはり|やがて|やっと"
)
# Particles that go on with a quotation: "「…。」と述べた", "「…！」という声".
_PARTICLE_AFTER_QUOTE = re.compile(
    rf"(?!{_OPENING_WORD})"
    r"(?:という|との|とか|とし|として|って|など|まで|より|から|と|が|を|に|は|で|の|や|へ|か)"
)
# Particles that quote what an exclamation or question says without brackets: "すごい！と".
_QUOTING_PARTICLE = re.compile(rf"(?!{_OPENING_WORD})(?:という|との|とか|って|など|と)")


def bracket_spans(text: str) -> list[tuple[int, int]]:
    """Spans strictly inside matched Japanese brackets.

    >>> bracket_spans("彼は「はい。」と言った。")
    [(3, 6)]
    """
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []  # (closing bracket, where the opening one is)
    # The depths in the stack of each kind of pair, so a closing bracket finds its opening
    # one without searching the stack (brackets that close nothing would make it quadratic).
    depths: dict[str, list[int]] = {closing: [] for closing in _JA_CLOSING}
    for match in _JA_BRACKET.finditer(text):
        i, ch = match.start(), match.group()
        if ch in _JA_PAIRS:
            depths[_JA_PAIRS[ch]].append(len(stack))
            stack.append((_JA_PAIRS[ch], i))
        elif depths[ch]:
            depth = depths[ch][-1]
            spans.append((stack[depth][1] + 1, i))
            del stack[depth:]
            for kind in depths.values():
                while kind and kind[-1] >= depth:
                    kind.pop()
    return spans


def _closers_end(text: str, pos: int, quotes_open: bool) -> int:
    """Where the closing brackets and quotes after a terminator end: a straight quote
    closes only a quotation left open ("「…。"エア"" opens the next sentence with it).

    >>> _closers_end('だ。"次', 2, False), _closers_end('"だ。"次', 3, True)
    (2, 4)
    """
    end = span_end(_JA_CLOSERS, text, pos)
    if not quotes_open:
        quote = text.find('"', pos, end)
        if quote != -1:
            return quote
    return end


def _after_spaces(text: str, pos: int) -> int:
    """Where the spaces at ``pos`` end ("？」 と聞いた" quotes with a space before と)."""
    return span_end(_SPACES, text, pos) if text[pos] in " 　" else pos


def split_japanese(text: str) -> list[str]:
    """Split a normalised Japanese paragraph into sentences."""
    # Spans by start; `reach` is the furthest end of one starting at or before the terminator,
    # so the terminator is inside brackets if it is beyond it, and the outermost pair ends there.
    spans = sorted(bracket_spans(text))
    opened, reach = 0, -1
    boundaries: list[int] = []
    n = len(text)
    straight = '"' in text
    quotes, counted = 0, 0  # straight quotes in text[:counted]
    for m in _JA_CAND.finditer(text):
        s, e = m.span()
        term = m.group()
        while opened < len(spans) and spans[opened][0] <= s:
            reach = max(reach, spans[opened][1])
            opened += 1
        if s > 0 and text[s - 1].isascii() and text[s - 1].isalnum() and term[0] in "!?！？":
            continue  # "Yahoo!ニュース", "GO!", "Ciao!"
        if straight:
            quotes += text.count('"', counted, s)
            counted = s
            end = _closers_end(text, e, quotes % 2 == 1)
        else:
            end = span_end(_JA_CLOSERS, text, e)
        if end >= n:
            continue
        if reach > s:
            # Inside brackets: only a terminator right before the closing
            # bracket(s) of an outermost pair can end a sentence.
            if reach >= end or _PARTICLE_AFTER_QUOTE.match(text, _after_spaces(text, end)):
                continue
        elif end > e:
            if _PARTICLE_AFTER_QUOTE.match(text, _after_spaces(text, end)):
                continue  # "彼は"最高だ。"と言った", "“すごい！”と"
        elif term[-1] in "!?！？" and _QUOTING_PARTICLE.match(text, _after_spaces(text, end)):
            continue  # "すごい！と言う"
        boundaries.append(end)
    return cut(text, boundaries)
