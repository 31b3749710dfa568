"""Japanese script: the one home of its character classes and of how its text is joined.

Every module that asks "is this Japanese?" builds its pattern from these ranges, so that
kana, kanji and full-width forms mean the same thing in segmentation, protection,
typography, checks, word counts and language detection.

>>> import re
>>> [bool(re.fullmatch(f"[{WORD}]", c)) for c in "の カ ｶ 漢 。 Ａ a".split()]
[True, True, True, True, False, False, False]
>>> [bool(re.fullmatch(f"[{TEXT}]", c)) for c in "の 。 Ａ \u3000 a".split(" ")]
[True, True, True, True, False]
"""

from __future__ import annotations

#: Hiragana and katakana (with the prolonged sound mark and iteration marks).
KANA = "\u3040-\u30ff"
#: Hiragana alone: the particles and endings of Japanese sentences, rare in names.
HIRAGANA = "\u3041-\u309f"
#: Kanji: CJK unified ideographs, extension A and compatibility ideographs.
KANJI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
#: Half-width katakana.
HALF_WIDTH_KANA = "\uff66-\uff9f"
#: CJK symbols and punctuation: the ideographic space, 、。「」『』【】〜…
PUNCTUATION = "\u3000-\u303f"
#: Full-width ASCII forms (Ａ１！：) and half-width forms.
FULL_WIDTH = "\uff00-\uffef"

#: Letters of Japanese words: a number or a Latin word next to them is at a word boundary.
WORD = KANA + KANJI + HALF_WIDTH_KANA
#: Anything written in Japanese script, punctuation and full-width forms included.
TEXT = PUNCTUATION + KANA + KANJI + FULL_WIDTH

#: Languages written without spaces between words and sentences.
UNSPACED = frozenset({"ja", "zh"})


def joiner(lang: str) -> str:
    """What stands between two sentences or hard-wrapped lines of `lang`.

    >>> joiner("fr"), joiner("ja")
    (' ', '')
    """
    return "" if lang in UNSPACED else " "
