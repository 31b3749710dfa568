"""What quantity a number stands for, scale words and Japanese myriads included (pure).

`€18.5 million`, `1,850万` and `18,5 millions` are one quantity written three ways: the
number check compares digits first, and when a source number's digits are not in the
translation, it compares quantities. Japanese counts in myriads (万 10⁴, 億 10⁸, 兆 10¹²)
and joins them (`1億2,000万` is 120 million); English and French scale words (`million`,
`bn`, `milliard`) multiply the number before them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# The number itself: digits, then groups of three after a separator, then decimals. Which
# separator is the decimal one is the language's to say (`_value`).
_NUMBER = r"(?<![\d.,])(\d+(?:[.,\u202f\u00a0 ]\d{3})*(?:[.,]\d+)?)(?![\d])"
# Scale words, Latin scripts: what follows the number, a space or none between.
_WORDS = {
    "thousand": 3,
    "mille": 3,
    "k": 3,
    "million": 6,
    "millions": 6,
    "m": 6,
    "mn": 6,
    "billion": 9,
    "billions": 9,
    "bn": 9,
    "milliard": 9,
    "milliards": 9,
    "trillion": 12,
    "trillions": 12,
}
# Japanese scales follow the number unspaced.
_KANJI = {"千": 3, "万": 4, "億": 8, "兆": 12}
_WORD_ALTERNATIVES = "|".join(sorted(_WORDS, key=len, reverse=True))
_QUANTITY = re.compile(
    rf"{_NUMBER}(?:([{''.join(_KANJI)}])|\s?({_WORD_ALTERNATIVES})(?![^\W\d_]))?", re.IGNORECASE
)
# Languages that write a decimal comma (4,5 %); the others write a decimal point.
_DECIMAL_COMMA = frozenset({"fr", "de", "es", "it", "pt", "nl"})
# `5m` is five million only after a currency sign (€5m, $5m); otherwise it is metres.
_CURRENCY = "€$£¥"


@dataclass(frozen=True)
class Quantity:
    """A number as written (the digits of each of its parts, as the number check keys a
    number: one part, or one per myriad group) and what it is worth."""

    parts: tuple[str, ...]
    value: Decimal


def quantities(text: str, lang: str) -> tuple[Quantity, ...]:
    """Each number of a text with what it is worth, its scale word or myriads applied.

    >>> [f"{q.value:f}" for q in quantities("€18.5 million, 1.2bn, 2,500,000, 5 m", "en")]
    ['18500000', '1200000000', '2500000', '5']
    >>> [(q.parts, f"{q.value:f}") for q in quantities("1,850万ユーロ、1億2,000万人", "ja")]
    [(('1850',), '18500000'), (('1', '2000'), '120000000')]
    >>> [f"{q.value:f}" for q in quantities("1,2 milliard d’euros, 4,5 %", "fr")]
    ['1200000000', '4.5']
    """
    text = unicodedata.normalize("NFKC", text)
    found: list[Quantity] = []
    joined_until = -1  # where the last myriad group ended, to join the next one to it
    last_scale = 0
    for match in _QUANTITY.finditer(text):
        number, kanji, word = match.groups()
        scale = _scale(kanji, word, text[: match.start()])
        value = _value(number, lang).scaleb(scale)
        parts: tuple[str, ...] = ("".join(c for c in number if c.isdigit()),)
        if kanji and match.start() == joined_until and scale < last_scale:
            previous = found.pop()  # 1億 then 2,000万: one quantity
            value += previous.value
            parts = previous.parts + parts
        found.append(Quantity(parts, value))
        joined_until, last_scale = (match.end(), scale) if kanji else (-1, 0)
    return tuple(found)


def _scale(kanji: str | None, word: str | None, before: str) -> int:
    """The power of ten a number's scale word or kanji stands for (0 for none)."""
    if kanji:
        return _KANJI[kanji]
    if not word:
        return 0
    word = word.lower()
    sign = before.rstrip()[-1:]
    if word in ("m", "k") and not (sign and sign in _CURRENCY):
        return 0  # 5 m, 3k: metres, a thousand only in money
    return _WORDS[word]


def _value(number: str, lang: str) -> Decimal:
    """A number as written in `lang` (1,200.5 in English, 1 200,5 in French).

    >>> str(_value("1,200.5", "en")), str(_value("1\u202f200,5", "fr")), str(_value("4.5", "fr"))
    ('1200.5', '1200.5', '4.5')
    """
    # A French translator may keep the English decimal point (4.5): a lone one is decimal.
    mark = "," if lang in _DECIMAL_COMMA and "," in number else "."
    whole, found, fraction = number.rpartition(mark)
    if not found:
        whole, fraction = number, ""
    integer = "".join(c for c in whole if c.isdigit()) or "0"
    return Decimal(f"{integer}.{fraction}" if fraction else integer)
