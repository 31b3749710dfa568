"""A quotation of several sentences: each segment balanced for translators and machine
translation, one quotation in every edition, and the translations of earlier msgids kept."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from transpress.catalog import parse_po
from transpress.quotations import Segment, balanced, visible
from transpress.segment import split_sentences

from .conftest import Run

SEED = "pr051-2016"
_MARKS = re.compile('["“”«»]')


def _is_balanced(text: str) -> bool:
    straight = text.count('"') % 2 == 0
    return straight and text.count("“") == text.count("”") and text.count("«") == text.count("»")


SENTENCES = [
    "We are proud.",
    "This is a milestone for Europe.",
    "It will fly in 2026!",
    "Is it ready?",
    "The team worked for years.",
]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5),
    st.sampled_from([('"', '"'), ("“", "”"), ("« ", " »")]),
    st.sampled_from(["", "The president said: "]),
    st.sampled_from(["", " said the president.", ", she said."]),
)
def test_every_segment_of_a_quotation_is_balanced(
    sentences: list[str], marks: tuple[str, str], before: str, after: str
) -> None:
    opening, closing = marks
    inner = " ".join(sentences)
    if after.startswith(","):
        inner = inner[:-1]  # "… milestone," she said.
    text = f"{before}{opening}{inner}{closing}{after}"
    lang = "fr" if opening.startswith("«") else "en"
    segments = balanced(split_sentences(text, lang))
    assert all(_is_balanced(s.msgid) for s in segments), [s.msgid for s in segments]
    # and the virtual marks come off again: the text as written, sentence by sentence
    joined = " ".join(visible(s.msgid, s) for s in segments)
    assert joined == text


def test_a_sentence_without_a_quotation_is_left_as_it_is() -> None:
    sentences = ['He said "yes" twice.', "Then he left."]
    assert balanced(sentences) == [Segment(s) for s in sentences]


def test_the_sample_quotation_is_four_balanced_msgids(workspace: Path) -> None:
    pot = parse_po((workspace / "locale" / f"{SEED}.pot").read_text("utf-8"))
    quoted = [m.msgid for m in pot.messages if "quote" in m.extracted]
    assert len(quoted) == 4
    assert all(_is_balanced(msgid) for msgid in quoted)
    assert quoted[1].startswith('"Japan has been one') and quoted[1].endswith('decades."')


def test_every_edition_prints_one_quotation(workspace: Path, run: Run) -> None:
    """Even when the translator balanced every sentence too, as the msgids now show."""
    from transpress.catalog import render_po

    po = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    catalogue = parse_po(po.read_text("utf-8"))
    for message in catalogue.messages:
        if "quote" in message.extracted:
            text = message.msgstr
            text = text if "«" in text else f"«\u00a0{text}"
            message.msgstr = text if "»" in text else f"{text}\u00a0»"
    po.write_text(render_po(catalogue), "utf-8")
    assert run("-C", workspace, "publish").code == 0
    out = workspace / "output" / SEED
    french = next(p for p in (out / "fr.txt").read_text("utf-8").split("\n\n") if "honoré" in p)
    assert (french.count("«"), french.count("»")) == (1, 1)
    assert french.index("«") < french.index("Le Japon") < french.index("»")
    japanese = (out / "ja.html").read_text("utf-8")
    quote = re.search(r"<blockquote[^>]*><p>(.*?)</p></blockquote>", japanese, re.S)
    assert quote is not None
    assert (quote.group(1).count("「"), quote.group(1).count("」")) == (1, 1)
    english = (out / "en.html").read_text("utf-8")
    quote = re.search(r"<blockquote[^>]*><p>(.*?)</p></blockquote>", english, re.S)
    assert quote is not None
    assert (quote.group(1).count("“"), quote.group(1).count("”")) == (1, 1)


def test_translations_of_the_msgids_earlier_versions_extracted_are_kept(
    workspace: Path, run: Run
) -> None:
    """Catalogues made before quotations were balanced: each translation is kept as it was,
    reviewed, under the balanced msgid; nothing turns fuzzy, and the page is the same."""
    po = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    catalogue = parse_po(po.read_text("utf-8"))
    for message in catalogue.messages:
        if "quote" in message.extracted:  # as transpress 0.1 extracted them: unbalanced
            message.msgid = _unbalance(message.msgid)
            message.raw = None
    from transpress.catalog import render_po

    po.write_text(render_po(catalogue), "utf-8")
    result = run("-C", workspace, "extract")
    assert result.code == 0, result.err
    assert "fr: updated; 0 new, 0 fuzzy, 0 obsolete" in result.out
    status = run("-C", workspace, "status", "--lang", "fr")
    assert "100" in status.out
    assert run("-C", workspace, "publish").code == 0
    page = (workspace / "output" / SEED / "fr.txt").read_text("utf-8")
    assert page.count("«") == page.count("»")


def _unbalance(msgid: str) -> str:
    """The msgid of a quotation's sentence as cut before virtual marks (the sample's)."""
    if msgid.startswith('"Japan') or msgid.startswith('"The agreements'):
        return msgid[1:-1]
    if msgid.startswith('"And'):
        return msgid[1:]
    if msgid.endswith('dialogue."'):
        return msgid[:-1]
    return msgid
