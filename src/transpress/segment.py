"""Rule-based sentence segmentation for press-release paragraphs (en, fr, ja).

The segmenter is pure and stdlib-only. It works on one paragraph at a time: the text is
normalised (hard-wrapped lines joined), then split by the English / French splitter
(`transpress.segmentation.latin`, which weighs each period with the evidence of the tokens
around it, `transpress.segmentation.evidence`) or the Japanese one
(`transpress.segmentation.japanese`).

``join_sentences(split_sentences(t, lang), lang) == t`` for normalised text
(single spaces between sentences in en/fr, none in ja).

>>> split_sentences("Shares of Acme Corp. rose. NASA said so.", "en")
['Shares of Acme Corp. rose.', 'NASA said so.']
>>> split_sentences("「計画は順調だ。」ところが問題が起きた。", "ja")
['「計画は順調だ。」', 'ところが問題が起きた。']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from transpress import script
from transpress.segmentation.japanese import split_japanese
from transpress.segmentation.latin import split_latin

Language = str  # "en" | "fr" | "ja"

_LANGS = frozenset({"en", "fr", "ja"})

# Spaces before a line break are taken from where their run begins (looked for from each
# space, a long run would be scanned once per space).
_SPACES_BREAK = r"(?:(?<![ \t])[ \t]++)?[\r\n]+[ \t]*"
_WS_NEWLINE = re.compile(rf"{_SPACES_BREAK}|\t+")
_JA_NEWLINE = re.compile(_SPACES_BREAK)
_CJK = script.TEXT
_JA_CJK_NEWLINE = re.compile(rf"(?<=[{_CJK}])[ \t]*[\r\n]+[ \t]*(?=[{_CJK}])")


def _check_lang(lang: str) -> None:
    if lang not in _LANGS:
        raise ValueError(f"unsupported language {lang!r}; expected one of en, fr, ja")


def _normalise(text: str, lang: str) -> str:
    if lang == "ja":
        text = _JA_CJK_NEWLINE.sub("", text)
        return _JA_NEWLINE.sub(" ", text).strip()
    if "\n" in text or "\r" in text or "\t" in text:
        text = _WS_NEWLINE.sub(" ", text)
    return text.strip()


def split_sentences(text: str, lang: str) -> list[str]:
    """Split one paragraph into sentences (each stripped of surrounding whitespace)."""
    _check_lang(lang)
    text = _normalise(text, lang)
    if not text:
        return []
    if lang == "ja":
        return split_japanese(text)
    return split_latin(text, lang)


def join_sentences(sentences: Sequence[str], lang: str) -> str:
    """Join sentences back with the language's spacing: one space for en/fr, none for ja."""
    return sentence_separator(lang).join(s for s in sentences if s)


def sentence_separator(lang: str) -> str:
    """What stands between two sentences of a paragraph in `lang`.

    >>> sentence_separator("fr"), sentence_separator("ja")
    (' ', '')
    """
    _check_lang(lang)
    return script.joiner(lang)
