"""One home for shared text rules: Japanese script classes, sentence joiners, the inline
Markdown grammar. Every module that uses one must agree with the others."""

from __future__ import annotations

import re

import pytest

from transpress import inline, script
from transpress.catalog.entries import count_words
from transpress.document import Block, Kind
from transpress.protect import protected_spans
from transpress.readers.structure import detect_language, has_quotation
from transpress.segment import sentence_separator
from transpress.typography import typeset
from transpress.units import block_text

WIKIPEDIA = 'Read [Ariane 5](https://fr.wikipedia.org/wiki/Ariane_5_(fusée) "the launcher") now.'


def test_a_titled_link_whose_url_has_parentheses_is_not_a_quotation() -> None:
    assert not has_quotation(WIKIPEDIA)
    assert has_quotation('He said: "We are ready to go." Then he left.')


def test_typography_leaves_that_links_target_and_title_alone() -> None:
    typeset_text = typeset(WIKIPEDIA, "fr")
    tail = '](https://fr.wikipedia.org/wiki/Ariane_5_(fusée) "the launcher")'
    assert tail in typeset_text
    assert inline.markdown_to_html(typeset_text).count("<a ") == 1


def test_protection_masks_the_whole_target_and_title() -> None:
    spans = [WIKIPEDIA[a:b] for a, b in protected_spans(WIKIPEDIA)]
    assert '](https://fr.wikipedia.org/wiki/Ariane_5_(fusée) "the launcher")' in spans


def test_the_link_grammar_is_the_one_the_html_renderer_reads() -> None:
    html = inline.markdown_to_html(WIKIPEDIA)
    assert 'href="https://fr.wikipedia.org/wiki/Ariane_5_(fus%C3%A9e)"' in html or (
        'href="https://fr.wikipedia.org/wiki/Ariane_5_(fusée)"' in html
    )
    assert re.search(inline.LINK_TAIL, WIKIPEDIA)


@pytest.mark.parametrize("char", ["の", "カ", "ｶ", "漢", "\uf900"])
def test_japanese_letters_are_japanese_everywhere(char: str) -> None:
    word = char * 5
    assert count_words(word) == 5
    assert detect_language(word) == "ja"
    assert re.fullmatch(f"[{script.TEXT}]+", word)
    # A number glued to Japanese letters is still a number (10:30に, 412億円).
    assert "412" in [f"412{char}"[a:b] for a, b in protected_spans(f"412{char}")]


def test_joiners_agree() -> None:
    block = Block(Kind.PARAGRAPH, "一行目。\n二行目。", 1)
    assert block_text(block, "ja") == "一行目。二行目。"
    assert sentence_separator("ja") == script.joiner("ja") == ""
    assert sentence_separator("fr") == script.joiner("fr") == " "
