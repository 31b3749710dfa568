"""Protected spans through real-like Argos packages: placeholders a real vocabulary carries,
restored whatever a model does to them, and Japanese punctuation back after NFKC."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import sentencepiece as spm
from hypothesis import given, settings
from hypothesis import strategies as st

from transpress.engines import EngineOptions, PairTranslator, Route, find_route, open_engine
from transpress.machine import translations
from transpress.placeholders import FORMS, Restored, carried_forms, mask, restore
from transpress.protect import protected_spans

from .conftest import Run, install_with_argos
from .tiny_argos import build_argos_package, train_sentencepiece

# --- a news-like test set, dense in what must survive ------------------------------------

_EN_SPANS = [
    "10:30",
    "21 h 47",
    "€1.2bn",
    "EUR 412.5 million",
    "1,200",
    "96",
    "2026-02-12",
    "12/03/2016",
    "3.5%",
    "https://media.example.org/helios-3/launch",
    "www.cnes.fr",
    "press_office@space.example.org",
    "+33 5 61 27 40 00",
    "`transpress publish`",
]
_EN_FRAMES = [
    "The launch of the satellite is set for {0}, the agency said.",
    "The programme has a budget of {0}, of which {1} comes from the regional partners.",
    '"This launch is a milestone," said the minister at {0} in Kourou.',
    "Images will be available at {0} from {1}.",
    "Press contact: Paul Lefevre, {0}, {1}",
    "More than {0} engineers took part, and {1} of them came from the partners.",
    "The contract, signed on {0}, covers the design and the operation of the ground segment.",
    "Journalists must register before {0} at {1} or call {2}.",
    "Run {0} to publish the editions, then see {1}.",
    "Lift-off is scheduled for {0} local time on {1}, weather permitting.",
]
_JA_SPANS = [
    "10:30",
    "412億円",
    "2027年3月",
    "https://www.example.jp/press",
    "press@example.jp",
    "03-1234-5678",
    "96",
    "１２",
    "3.5%",
]
_JA_FRAMES = [
    "宇宙航空研究開発機構は本日、{0}に打ち上げに成功したと発表しました！",
    "事業の総額は{0}で、{1}までに完了する予定です。",
    "詳細は {0} をご覧ください：お問い合わせは{1}まで。",
    "お問い合わせ:広報部 {0}、{1}",
    "大臣は「日本とフランスの宇宙協力は{0}に新しい段階に入りました」と述べました。",
    "打ち上げは{0}の予定です（詳細は {1} ）。",
]


def _sentences(frames: list[str], spans: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    while len(out) < count:
        frame = rng.choice(frames)
        holes = len(re.findall(r"\{\d\}", frame))
        text = frame.format(*rng.sample(spans, holes))
        if text not in out:
            out.append(text)
    return out


ENGLISH = _sentences(_EN_FRAMES, _EN_SPANS, 150, 1)
JAPANESE = _sentences(_JA_FRAMES, _JA_SPANS, 60, 2)


def _translator(tmp_path: Path, source: str, target: str) -> tuple[PairTranslator, Route]:
    """The installed copy package (built like a real one: NFKC, no byte fallback, int8),
    opened as `translate` opens it."""
    install_with_argos(build_argos_package(tmp_path / "pkg", source, target))
    engine = open_engine("argos")
    route = find_route(engine.installed(), source, target)
    assert route is not None
    return engine.open(route, EngineOptions()), route


@pytest.mark.parametrize(
    ("source", "target", "texts"), [("en", "fr", ENGLISH), ("en", "ja", JAPANESE)]
)
def test_every_protected_span_survives_a_real_like_copy_model(
    tmp_path: Path, packages: Path, source: str, target: str, texts: list[str]
) -> None:
    translator, route = _translator(tmp_path, source, target)
    tokenizer = spm.SentencePieceProcessor(model_proto=train_sentencepiece())
    assert tokenizer.piece_to_id("⟦") == tokenizer.unk_id()  # the old form would be lost
    results = translations(translator, route, texts, ["Kourou"], None)
    spans = sum(len(protected_spans(t, ["Kourou"])) for t in texts)
    assert spans >= len(texts)  # dense: every sentence has at least one
    survived = 0
    for text, result in zip(texts, results, strict=True):
        assert result.problems == (), (text, result)
        for start, end in protected_spans(text, ["Kourou"]):
            assert text[start:end] in result.text, (text, result.text)
            survived += 1
        assert result.protection == "placeholders [X1X]"
        assert "⁇" not in result.text and "[X" not in result.text
    assert survived == spans  # 100 %


def test_japanese_drafts_get_their_punctuation_back_and_their_spans_unspaced(
    tmp_path: Path, packages: Path
) -> None:
    translator, route = _translator(tmp_path, "en", "ja")
    texts = [
        "宇宙航空研究開発機構は本日、10:30に打ち上げに成功したと発表しました！",
        "詳細は https://www.example.jp/press をご覧ください：お問い合わせは03-1234-5678まで。",
        "事業の総額は１２億円です（予定）。",
    ]
    results = translations(translator, route, texts, [], None)
    # The model normalises ！：（） to ASCII (NFKC); the draft is Japanese again, and spans
    # are put back as written, full-width digits included.
    assert [r.text for r in results] == [
        "宇宙航空研究開発機構は本日、10:30に打ち上げに成功したと発表しました！",
        "詳細は https://www.example.jp/press をご覧ください：お問い合わせは03-1234-5678まで。",
        "事業の総額は１２億円です（予定）。",
    ]
    assert all(r.problems == () for r in results)


def test_a_japanese_release_keeps_its_spans_through_translate(
    tmp_path: Path, packages: Path, run: Run
) -> None:
    install_with_argos(build_argos_package(tmp_path / "pkg", "ja", "en"))
    root = tmp_path / "newsroom"
    assert run("init", root).code == 0
    body = "\n\n".join(JAPANESE[:8])
    (root / "sources" / "jaxa.md").write_text(
        f"---\nlanguage: ja\ntitle: 打ち上げ\n---\n\n{body}\n", "utf-8"
    )
    assert run("-C", root, "translate", "--lang", "en").code == 0
    import polib

    po = polib.pofile(str(root / "locale" / "en" / "LC_MESSAGES" / "jaxa.po"))
    drafts = [e for e in po if e.msgstr and not e.obsolete]
    assert drafts
    for entry in drafts:
        assert "mt-check" not in entry.tcomment, entry.tcomment
        for start, end in protected_spans(entry.msgid):
            assert entry.msgid[start:end] in entry.msgstr


# --- the forms a tokenizer carries --------------------------------------------------------


def test_the_form_is_chosen_by_what_the_tokenizer_carries() -> None:
    real = spm.SentencePieceProcessor(model_proto=train_sentencepiece())
    exact = spm.SentencePieceProcessor(model_proto=train_sentencepiece(realistic=False))

    def carries(sp: spm.SentencePieceProcessor) -> Callable[[str], bool]:
        return lambda text: bool(sp.decode(sp.encode(text)) == text)

    assert [f.name for f in carried_forms(carries(real))] == ["[X1X]", "{1}"]
    assert [f.name for f in carried_forms(carries(exact))] == ["[X1X]", "⟦1⟧", "{1}"]
    assert carried_forms(lambda text: False) == ()


def test_a_segment_that_holds_a_form_gets_another() -> None:
    text = "See [X1X] in the manual, at 10:30."
    masked = mask(text, forms=FORMS)
    assert masked.form == FORMS[1] and masked.text == "See [X1X] in the manual, at ⟦1⟧."
    assert restore("Voir [X1X] dans le manuel, à ⟦1⟧.", masked).text == (
        "Voir [X1X] dans le manuel, à 10:30."
    )


def test_without_a_form_spans_stay_and_are_verified() -> None:
    masked = mask("Budget: １２ satellites, see www.cnes.fr.", forms=())
    assert masked.form is None and masked.text == "Budget: １２ satellites, see www.cnes.fr."
    # NFKC inside the model wrote the digits in ASCII: put back as the source wrote them.
    ok = restore("Budget : 12 satellites, voir www.cnes.fr.", masked)
    assert ok == Restored("Budget : １２ satellites, voir www.cnes.fr.", ())
    lost = restore("Budget : 13 satellites, voir le site.", masked)
    assert lost.problems == (
        "protected text '１２' is not in the draft",
        "protected text 'www.cnes.fr' is not in the draft",
    )


# --- what models do to placeholders -------------------------------------------------------

SOURCE = "The launch at 10:30 from Kourou was shown on www.cnes.fr today."
MASKED = mask(SOURCE, ["Kourou"])


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        # moved
        ("Sur [X3X], depuis [X2X] à [X1X].", "Sur www.cnes.fr, depuis Kourou à 10:30."),
        # re-spaced, marker in lower case
        (
            "Le lancement à [ x1x ] depuis [X 2 X] sur [X3X ].",
            "Le lancement à 10:30 depuis Kourou sur www.cnes.fr.",
        ),
        # glued to words on both sides
        (
            "Le lancement à[X1X]depuis[X2X] sur [X3X].",
            "Le lancement à 10:30 depuis Kourou sur www.cnes.fr.",
        ),
        # brackets dropped
        (
            "Le lancement à X1X depuis X2X sur X3X.",
            "Le lancement à 10:30 depuis Kourou sur www.cnes.fr.",
        ),
        # a neighbouring word pulled inside (seen with a rule-based engine: [X voit 1X])
        (
            "Le lancement [X a eu lieu 1X] depuis [X2X] sur [X3X].",
            "Le lancement a eu lieu 10:30 depuis Kourou sur www.cnes.fr.",
        ),
        (
            "Le lancement [X1X à] depuis [X2X] sur [X3X].",
            "Le lancement 10:30 à depuis Kourou sur www.cnes.fr.",
        ),
    ],
    ids=["moved", "respaced", "glued", "bare", "pulled-before", "pulled-after"],
)
def test_placeholders_are_restored_whatever_the_model_did(output: str, expected: str) -> None:
    assert restore(output, MASKED) == Restored(expected, ())


def test_duplicated_lost_and_unknown_placeholders_are_reported() -> None:
    restored = restore("À [X1X] et [X1X] depuis [X9X].", MASKED)
    assert restored.text == "À 10:30 et 10:30 depuis [X9X]."
    assert restored.problems == (
        "placeholder [X1X] (10:30) appears 2 times",
        "placeholder [X2X] (Kourou) was lost",
        "placeholder [X3X] (www.cnes.fr) was lost",
        "unknown placeholder [X9X]",
    )


def test_japanese_loses_the_spaces_a_model_puts_around_a_placeholder() -> None:
    masked = mask("打ち上げは10:30に行われます。")
    assert restore("打ち上げは [X1X] に行われます。", masked, target="ja").text == (
        "打ち上げは10:30に行われます。"
    )
    latin = mask("Lancement à 10:30 depuis Kourou.", ["Kourou"])
    assert restore("打ち上げは [X1X] 、 [X2X] から。", latin, target="ja").text == (
        "打ち上げは10:30、Kourouから。"
    )


_WORDS = st.sampled_from(["le", "lancement", "a", "eu", "lieu", "à", "depuis", "sur", "et"])


@given(
    st.permutations(range(1, 4)),
    st.lists(_WORDS, min_size=3, max_size=3),
    st.lists(
        st.sampled_from(["[X{}X]", "[ X{} X]", "[x{}x]", "X{}X", "[X{} ]", "[X {}X]"]),
        min_size=3,
        max_size=3,
    ),
    st.lists(st.sampled_from([" ", "", "  "]), min_size=3, max_size=3),
)
@settings(max_examples=300, deadline=None)
def test_any_order_spacing_and_shape_of_placeholders_restores_every_span(
    order: list[int], words: list[str], shapes: list[str], gaps: list[str]
) -> None:
    output = "".join(
        f"{word}{gap}{shape.format(n)}{gap}"
        for word, gap, shape, n in zip(words, gaps, shapes, order, strict=True)
    )
    restored = restore(output, MASKED)
    assert restored.problems == ()
    for span in MASKED.spans:
        assert restored.text.count(span) == 1
    assert "X" not in restored.text.replace("www.cnes.fr", "")


def test_masking_and_restoring_with_a_copy_keeps_the_text() -> None:
    for text in ENGLISH + JAPANESE:
        masked = mask(text, ["Kourou"])
        assert masked.form == FORMS[0] and masked.spans
        assert restore(masked.text, masked).text == text


_SPAN_PIECES = [
    *_EN_SPANS,
    "see",
    "the",
    "JAXA",
    "Ph.D.",
    "U.S.",
    "www.cnes.fr",
    "https://cnes.fr/a(b)",
    "presse@cnes.fr",
    "cnes.FR",
    "+33 1 44 76 75 39",
    "2016-03-11",
    "11/03/2016",
    "2016年3月11日",
    "7 p.m.",
    "`code`",
    "[link](https://x.org)",
    "１２３",
    "٣",
    ":",
    ".",
    "@",
    "+",
    "が",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SPAN_PIECES), max_size=10), st.sampled_from([" ", "", "、"]))
def test_texts_skipped_by_the_quick_test_have_no_spans(pieces: list[str], glue: str) -> None:
    """protected_spans first asks which kinds of span a text can hold at all, and scans for
    those alone; the spans it finds are exactly those of the full scan."""
    import transpress.protect as protect

    text = glue.join(pieces)
    quick = protected_spans(text)
    saved = protect._possible_kinds, protect._DIGIT
    protect._possible_kinds = lambda _: protect._KINDS
    protect._DIGIT = re.compile("")
    try:
        assert quick == protected_spans(text)
    finally:
        protect._possible_kinds, protect._DIGIT = saved
