"""Properties over generated text: segmentation never loses or invents characters."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from transpress.segment import join_sentences, split_sentences

WORDS = st.sampled_from(
    ["CNES", "JAXA", "Dr.", "M.", "launch", "€1.2bn", "4,5", "10:30", "i.e.", "www.cnes.fr", "a"]
)
TERMINATORS = st.sampled_from([".", "!", "?", '."', ".»", "", "..."])


@st.composite
def paragraphs(draw: st.DrawFn) -> str:
    sentences = draw(
        st.lists(
            st.tuples(st.lists(WORDS, min_size=1, max_size=8), TERMINATORS), min_size=1, max_size=6
        )
    )
    return " ".join(" ".join(words).capitalize() + end for words, end in sentences)


@settings(max_examples=300, deadline=None)
@given(paragraphs(), st.sampled_from(["en", "fr"]))
def test_split_then_join_gives_the_paragraph_back(text: str, lang: str) -> None:
    assert join_sentences(split_sentences(text, lang), lang) == text


JAPANESE = st.text(alphabet="日仏宇宙対話「」（）。！？、ＪＡＸＡ2018年", min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(JAPANESE)
def test_japanese_split_then_join_gives_the_text_back(text: str) -> None:
    assert join_sentences(split_sentences(text, "ja"), "ja") == text
