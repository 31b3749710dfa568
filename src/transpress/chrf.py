"""chrF: how close two texts are, by the character n-grams they share (pure).

Popović (2015), "chrF: character n-gram F-score for automatic MT evaluation": white space
is ignored, n-grams of 1 to 6 characters are counted in both texts, precision and recall
are averaged over the orders both texts have, and combined as an F-score weighing recall
β = 2 times as much as precision. It needs no tokenizer, so it measures Japanese as well
as French, which is why the back-translation check uses it. Same definition and defaults
as sacreBLEU's sentence chrF (tested against it), on a 0–1 scale.
"""

from __future__ import annotations

from collections import Counter

ORDER = 6
BETA = 2.0


def chrf(hypothesis: str, reference: str, *, order: int = ORDER, beta: float = BETA) -> float:
    """The chrF score of `hypothesis` against `reference`, from 0 (nothing shared) to 1.

    >>> chrf("Le satellite décolle.", "Le satellite décolle.")
    1.0
    >>> round(chrf("Le satellite décolle demain.", "Le satellite décolle."), 3)
    0.883
    >>> chrf("abc", "xyz")
    0.0
    """
    hyp, ref = "".join(hypothesis.split()), "".join(reference.split())
    precisions, recalls = [], []
    for n in range(1, order + 1):
        found, wanted = _ngrams(hyp, n), _ngrams(ref, n)
        if not found or not wanted:
            continue  # the order neither text is long enough for is left out
        matched = sum((found & wanted).values())
        precisions.append(matched / sum(found.values()))
        recalls.append(matched / sum(wanted.values()))
    if not precisions:
        return 1.0 if hyp == ref else 0.0
    precision, recall = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if not precision + recall:
        return 0.0
    factor = beta * beta
    return (1 + factor) * precision * recall / (factor * precision + recall)


def _ngrams(text: str, n: int) -> Counter[str]:
    """The character n-grams of a text, counted."""
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))
