"""chrF against sacreBLEU's sentence chrF, the implementation MT evaluation reports cite."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sacrebleu.metrics import CHRF

from transpress.chrf import chrf

_SACREBLEU = CHRF()  # chrF2, character order 6, white space ignored: the defaults

# Letters of the three languages, spaces and punctuation, so that n-grams collide often.
_TEXT = st.text(alphabet="aeilnst éàç衛星打上げ。、 .,!", max_size=40)


@given(_TEXT, _TEXT)
@settings(max_examples=400, deadline=None)
def test_chrf_is_sacrebleu_sentence_chrf(hypothesis: str, reference: str) -> None:
    expected = _SACREBLEU.sentence_score(hypothesis, [reference]).score / 100
    if "".join(hypothesis.split()) == "".join(reference.split()) == "":
        assert chrf(hypothesis, reference) == 1.0  # two empty texts are the same text
    else:
        assert chrf(hypothesis, reference) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize(
    ("hypothesis", "reference"),
    [
        ("The satellite will be launched tomorrow.", "The satellite lifts off tomorrow."),
        ("衛星は明日打ち上げられます。", "衛星は本日打ち上げられました。"),
        ("Le lancement aura lieu à 21 h 47.", "Le décollage est prévu à 21 h 47."),
    ],
)
def test_chrf_on_sentences(hypothesis: str, reference: str) -> None:
    expected = _SACREBLEU.sentence_score(hypothesis, [reference]).score / 100
    assert chrf(hypothesis, reference) == pytest.approx(expected)
    assert 0 < chrf(hypothesis, reference) < 1
