"""Typography per language: prose only, never inside URLs, emails, times or numbers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transpress.typography import NBSP, NNBSP, typeset

CASES = [
    # French: spaces before high punctuation, guillemets, apostrophes
    ("fr", "Est-ce prêt? Oui!", f"Est-ce prêt{NNBSP}? Oui{NNBSP}!"),
    ("fr", "Le bilan ; la suite : demain.", f"Le bilan{NNBSP}; la suite{NBSP}: demain."),
    ("fr", 'Il a dit "nous partons" hier.', f"Il a dit «{NBSP}nous partons{NBSP}» hier."),
    ("fr", "« Bonjour »", f"«{NBSP}Bonjour{NBSP}»"),
    ("fr", "L'agence d'Europe", "L’agence d’Europe"),
    (
        "fr",
        "Départ à 10:30 de https://cnes.fr/a?b=1 ; écrire à a.b@cnes.fr",
        f"Départ à 10:30 de https://cnes.fr/a?b=1{NNBSP}; écrire à a.b@cnes.fr",
    ),
    ("fr", "Un budget de 4,5 millions !", f"Un budget de 4,5 millions{NNBSP}!"),
    # English: curly quotes and apostrophes
    ("en", 'He said "we\'re ready" today.', "He said “we’re ready” today."),
    ("en", "The agencies' plans", "The agencies’ plans"),
    ("en", "See www.cnes.fr/it's_here today", "See www.cnes.fr/it's_here today"),
    # a multi-sentence quotation cut into sentences: each half is typeset correctly
    ("en", 'He said: "We are ready.', "He said: “We are ready."),
    ("en", 'We launch tomorrow."', "We launch tomorrow.”"),
    # apostrophes and single quotes as SmartyPants educates them, a number counting as a
    # word (issue 12: the number is protected, and was taken for the start of a quote)
    ("en", "Ariane 6's first flight", "Ariane 6’s first flight"),
    ("en", "the 1990's and the '90s", "the 1990’s and the ’90s"),
    ("en", "the '60s and '70s", "the ’60s and ’70s"),
    ("en", "'Ariane' is a name", "‘Ariane’ is a name"),
    ("en", "He said 'no.' Then he left.", "He said ‘no.’ Then he left."),
    ("en", "It's 10:30's slot", "It’s 10:30’s slot"),
    ("fr", "L'Ariane 6 d'aujourd'hui", "L’Ariane 6 d’aujourd’hui"),
    ("fr", "le 6'", "le 6’"),
    # Japanese: ! and ? before a closing bracket go full-width too
    ("ja", "「すごい!」と言った。", "「すごい！」と言った。"),
    ("ja", "「本当?」", "「本当？」"),
    ("ja", "（成功!）", "（成功！）"),
    # Japanese: 「」 and full-width punctuation, decimals and URLs untouched
    ("ja", '総裁は"成功です"と述べた.', "総裁は「成功です」と述べた。"),
    (
        "ja",
        "予算は1.5億円です!詳しくはwww.jaxa.jpへ.",
        "予算は1.5億円です！詳しくはwww.jaxa.jpへ。",
    ),
    ("ja", "会合を開きました。 次に協議しました。", "会合を開きました。次に協議しました。"),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_typeset(lang: str, text: str, expected: str) -> None:
    assert typeset(text, lang) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab 'Il\":;!?«».,「」。10https/w@", max_size=40),
    st.sampled_from(["en", "fr", "ja"]),
)
def test_typesetting_twice_changes_nothing_more(text: str, lang: str) -> None:
    once = typeset(text, lang)
    assert typeset(once, lang) == once


def test_unknown_language_is_left_alone() -> None:
    assert typeset('"x"', "de") == '"x"'


SPARED = [
    ("fr", 'Lancer `config: a?b` puis voir [texte](/communiques/2016?id=3 "titre") !'),
    ("fr", "Écrire à mailto:presse@cnes.fr?subject=Lancement ou à jean.o'brien@cnes.fr"),
]


@pytest.mark.parametrize(("lang", "text"), SPARED)
def test_code_links_and_addresses_are_spared(lang: str, text: str) -> None:
    typeset_text = typeset(text, lang)
    for untouched in (
        "`config: a?b`",
        '(/communiques/2016?id=3 "titre")',
        "mailto:presse@cnes.fr?subject=Lancement",
        "jean.o'brien@cnes.fr",
    ):
        if untouched in text:
            assert untouched in typeset_text


def test_japanese_brackets_change_in_pairs() -> None:
    assert typeset("価格は1.5(税込)です。JAXA(宇宙航空研究開発機構)が発表。", "ja") == (
        "価格は1.5（税込）です。JAXA（宇宙航空研究開発機構）が発表。"
    )
    assert typeset("型番(H-IIA)を確認。", "ja") == "型番(H-IIA)を確認。"


@pytest.mark.parametrize("lang", ["en", "fr", "ja"])
def test_private_use_characters_of_the_text_are_not_taken_for_marks(lang: str) -> None:
    # A font's icon or a converter's leftovers: the marks typeset uses must be others.
    # Typeset marks the URL below as span 1: the text's own "\ue0001\ue001" must stay.
    text = 'See \ue0001\ue001 then https://cnes.fr and "\ue000x\ue001" \ue0011\ue000.'
    out = typeset(text, lang)
    assert out.index("\ue0001\ue001") < out.index("https://cnes.fr")
    for odd in ("\ue000x\ue001", "\ue0011\ue000"):
        assert odd in out
