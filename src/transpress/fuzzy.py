"""Fuzzy matches from reviewed translations: the one module that uses rapidfuzz.

A match's score is rapidfuzz's `fuzz.ratio`, the normalised Indel similarity of the two
sources in percent, as CAT tools show "87 %". Candidates are prefiltered by length, which
loses none: two texts of lengths a ≤ b score at most 200·a/(a+b), so a candidate whose
length leaves it below the threshold cannot reach it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from transpress.protect import protected_spans


@dataclass(frozen=True)
class Reviewed:
    """A reviewed translation a fuzzy match may come from, and where it was reviewed
    (a release id, or "" for a unit of the translation memory alone)."""

    source: str
    target: str
    release: str = ""


@dataclass(frozen=True)
class FuzzyMatch:
    """The best reviewed translation of a similar source, and its score (percent)."""

    unit: Reviewed
    score: float

    @property
    def percent(self) -> int:
        """The score as shown: rounded down, so that only an identical source says 100.

        >>> FuzzyMatch(Reviewed("a", "b"), 87.9).percent
        87
        """
        return math.floor(self.score)


class FuzzyIndex:
    """Reviewed translations of one language pair, sorted by length for the prefilter."""

    def __init__(self, units: Iterable[Reviewed]):
        # The first unit of a source wins (the caller gives catalogues before the memory);
        # ties in score go to the shorter, then the first in sorted order: deterministic.
        chosen: dict[str, Reviewed] = {}
        for unit in units:
            if unit.source and unit.target:
                chosen.setdefault(unit.source, unit)
        self._units = sorted(chosen.values(), key=lambda u: (len(u.source), u.source))
        self._sources = [u.source for u in self._units]
        self._lengths = [len(s) for s in self._sources]

    def __len__(self) -> int:
        return len(self._units)

    def best(self, source: str, *, threshold: float) -> FuzzyMatch | None:
        """The best match of `source` scoring at least `threshold` (0–100), if any.

        >>> index = FuzzyIndex([Reviewed("The launch is today.", "Le lancement est aujourd'hui.")])
        >>> index.best("The launch is tonight.", threshold=75).percent
        80
        >>> index.best("Contacts", threshold=75) is None
        True
        """
        from rapidfuzz import fuzz, process

        low, high = _length_window(len(source), threshold)
        start = bisect.bisect_left(self._lengths, low)
        end = bisect.bisect_right(self._lengths, high)
        if start >= end:
            return None
        found = process.extractOne(
            source, self._sources[start:end], scorer=fuzz.ratio, score_cutoff=threshold
        )
        if found is None:
            return None
        _, score, position = found
        return FuzzyMatch(self._units[start + position], float(score))


def _length_window(length: int, threshold: float) -> tuple[int, int]:
    """The lengths a candidate may have and still score `threshold` against a text of
    `length` characters (ratio ≤ 200·min/(a+b)).

    >>> _length_window(100, 75)
    (60, 166)
    """
    share = max(threshold, 1.0) / 100
    low = math.ceil(length * share / (2 - share))
    high = math.floor(length * (2 - share) / share)
    return low, high


# A figure: a run of letters and digits holding a digit (2016, COP21, 1.2bn's parts).
_FIGURE = re.compile(r"[^\W_]*\d[^\W_]*")


def differing_figures(source: str, remembered: str) -> tuple[list[str], list[str]]:
    """What the new source has that the remembered source lacks, and the reverse: figures
    (numbers, and words holding digits such as COP21) and protected spans (addresses,
    dates, inline code), each in order of appearance.

    >>> differing_figures("COP22 opens on 2016-11-07.", "COP21 opens on 2015-11-30.")
    (['COP22', '2016-11-07'], ['COP21', '2015-11-30'])
    >>> differing_figures("See www.cnes.fr", "See www.cnes.fr")
    ([], [])
    """
    new, old = _figures(source), _figures(remembered)
    return _missing(new, Counter(old)), _missing(old, Counter(new))


def _figures(text: str) -> list[str]:
    spans = [text[a:b] for a, b in protected_spans(text)]
    words = [w for w in _FIGURE.findall(text) if not any(w in span for span in spans)]
    return sorted([*spans, *words], key=text.find)


def _missing(items: list[str], other: Counter[str]) -> list[str]:
    missing = []
    for item in items:
        if other[item] > 0:
            other[item] -= 1
        else:
            missing.append(item)
    return missing
