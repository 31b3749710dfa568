"""PO files as GNU gettext reads and writes them: strict reading, GNU layout, byte-stable."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transpress.catalog import Catalogue, Message, parse_po, read_catalog, render_po
from transpress.catalog.layout import layout_width, render_catalogue, string_lines
from transpress.errors import CatalogError

from .tools import msgcat

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'

# Pieces of real press-release text in the three languages, and the characters that
# make PO layout hard: escapes, quotes, wide and combining characters, breaks.
PIECES = [
    "The inaugural meeting of the France-Japan space dialogue was held",
    "on Friday 11 March at Les Invalides in Paris.",
    "La première réunion du dialogue spatial franco-japonais s’est tenue",
    "« Nous sommes fiers\u202f! »",
    "宇宙航空研究開発機構（JAXA）と国立研究開発法人",
    "「はやぶさ２」は、小惑星リュウグウに到着しました。",
    "https://presse.cnes.fr/fr/communique-de-presse?id=051&lang=fr",
    'He said "hello"',
    "tab\there",
    "back\\slash",
    "line\nbreak",
    "\n",
    "e\u0301",
    "€18.5 million",
    "CNES–JAXA",
    "—",
    "A" * 90,
    "日" * 50,
    "\u2028",
    "\x1c",
    " ",
    "  ",
    "-",
    "/",
    "(",
    ")",
]
text = st.lists(st.sampled_from(PIECES), max_size=8).map(" ".join)


def catalogue_of(messages: list[Message]) -> Catalogue:
    header = Message(msgid="", msgstr="Content-Type: text/plain; charset=UTF-8\n")
    return Catalogue(header, messages)


@st.composite
def messages(draw: st.DrawFn) -> list[Message]:
    found, seen = [], set()
    for _ in range(draw(st.integers(1, 12))):
        msgid = draw(text.filter(bool))
        context = draw(st.none() | st.sampled_from(["menu", "titre, page d’accueil"]))
        if (context, msgid) in seen:
            continue
        seen.add((context, msgid))
        message = Message(
            msgid=msgid,
            msgstr=draw(text),
            msgctxt=context,
            comments=draw(st.lists(st.sampled_from(["relu", "mt: argos 1.9", ""]), max_size=2)),
            extracted=draw(st.lists(st.just("paragraph"), max_size=1)),
            references=[f"sources/pr{n:03}-2016.txt:{n}" for n in range(draw(st.integers(0, 9)))],
            obsolete=draw(st.booleans()),
        )
        if draw(st.booleans()) and message.msgstr:
            message.flags = ["fuzzy"]
            message.previous_msgid = draw(st.none() | text.filter(bool))
        # flags gettext knows, in any order (it writes them in its own)
        message.flags += draw(
            st.lists(st.sampled_from(["python-format", "c-format", "no-wrap"]), max_size=3)
        )
        if draw(st.integers(0, 5)) == 0:
            message.msgid_plural = msgid + " (plural)"
            message.msgstr, message.msgstr_plural = "", {0: draw(text.filter(bool)), 1: "x"}
        if message.obsolete and not message.translated:
            message.msgstr = "gardé"  # gettext writes obsolete entries only when translated
        if message.obsolete:
            message.flags = [f for f in message.flags if f == "fuzzy"]  # all gettext keeps
        found.append(message)
    return found


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages(), st.sampled_from([79, 79, 40, 100, None]))
def test_catalogues_are_written_as_msgcat_writes_them(
    found: list[Message], width: int | None
) -> None:
    ours = render_catalogue(catalogue_of(found), width=width)
    option = "--no-wrap" if width is None else f"--width={width}"
    assert ours == msgcat(ours, option)
    # and what we write reads back as the same entries (flags in gettext's order, once)
    again = parse_po(ours)
    ordered = [*(m for m in found if not m.obsolete), *(m for m in found if m.obsolete)]
    assert [(m.key, m.msgstr, m.msgstr_plural, set(m.flags)) for m in again.messages] == [
        (m.key, m.msgstr, m.msgstr_plural, set(m.flags)) for m in ordered
    ]


def test_long_japanese_is_broken_where_gettext_breaks_it() -> None:
    value = (
        "会合には、日本の関係府省庁の幹部から成る大規模な代表団と、"
        "これに対応するフランス側の関係者が出席しました。"
    )
    assert string_lines("msgstr", value, width=79) == [
        'msgstr ""',
        '"会合には、日本の関係府省庁の幹部から成る大規模な代表団と、これに対応するフラ"',
        '"ンス側の関係者が出席しました。"',
    ]


def test_every_character_gettext_writes_raw_reads_back() -> None:
    # U+2028, U+2029, U+0085 and the information separators are not line ends for
    # gettext: they are written raw and must read back as they were.
    tricky = "a\u2028b\u2029c\u0085d\x1ce\x1df\x1eg\x0bh\x0ci\rj"
    text = render_catalogue(catalogue_of([Message(msgid="tricky", msgstr=tricky)]), width=79)
    assert text == msgcat(text)
    (message,) = parse_po(text).messages
    assert message.msgstr == tricky


def test_escapes_are_bytes_as_gettext_reads_them() -> None:
    # octal and hex escapes are bytes; the whole string is then UTF-8: \303\251 is "é"
    po = parse_po(HEADER + '\nmsgid "a"\nmsgstr "\\x41\\101 caf\\303\\251 \\xc3" "\\xa9\\t"\n')
    assert po.messages[0].msgstr == "AA café é\t"
    assert po.messages[0].msgstr == msgcat_value(po)


@pytest.mark.parametrize(
    ("tail", "line", "reason"),
    [
        ('\nmsgid "a"\nmsgstr "b\\q"\n', 6, "invalid escape sequence \\q"),
        ('\nmsgid "a"\n"orphan"\nmsgstr "b"\nmsgstr "c"\n', 8, "a second msgstr"),
        ('\n"orphan"\n', 5, "a string with no msgid or msgstr before it"),
        ('\nmsgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', 7, "expected msgstr[0]"),
        ('\nmsgid "a"\nmsgstr[0] "b"\n', 6, "expected msgstr here"),
        ('\nmsgid "a"\n\nmsgid "b"\nmsgstr ""\n', 7, "a second msgid in one entry"),
        ('\nmsgid "a"\nmsgstr "\\?"\n', 6, "invalid escape sequence \\?"),
        ('\nmsgid "a"\nmsgstr "\\777"\n', 6, "more than a byte"),
        ('\nmsgid "a"\nmsgstr "\\x110000"\n', 6, "more than a byte"),
        ('\nmsgid "a"\nmsgstr "a\\0b"\n', 6, "a NUL character"),
        ('\nmsgid "a"\nmsgstr "\\303"\n', 6, "not valid UTF-8"),
        ('\nmsgid "a"\n# note\nmsgstr "b"\n', 6, "a comment between msgid and msgstr"),
        ('\nmsgid "a"\nmsgstr "b"\n\u3000\n', 7, "not a PO line"),
        ('\nmsgid "a"\nmsgstr "b"\n\n#~ msgid "a"\n#~ msgstr "c"\n', 8, "a second entry"),
        ('\nmsgid "a"\n#~ msgstr "b"\n', 5, "mixing obsolete"),
        (
            '\nmsgctxt "x"\nmsgid "a"\nmsgstr "1"\n\nmsgctxt "x"\nmsgid "a"\nmsgstr "2"\n',
            9,
            "a second",
        ),
    ],
)
def test_malformed_entries_are_refused_with_their_line(tail: str, line: int, reason: str) -> None:
    with pytest.raises(CatalogError) as caught:
        parse_po(HEADER + tail, path="fr.po")
    assert caught.value.line == line
    assert reason in caught.value.message
    assert "PO editor" in caught.value.message  # and what to do about it


def msgcat_value(po: Catalogue) -> str:
    """What GNU gettext reads as the first entry's msgstr of the same text."""
    text = render_catalogue(po, width=None)
    return parse_po(msgcat(text, "--no-wrap")).messages[0].msgstr


def test_what_gettext_accepts_is_read() -> None:
    # a blank line inside an entry, several strings on one line, CRLF line ends, a BOM
    text = HEADER + '\nmsgid "a" "b"\n\nmsgstr "c"\n"d" "e"\n'
    for variant in (text, text.replace("\n", "\r\n"), "\ufeff" + text):
        po = parse_po(variant)
        assert (po.messages[0].msgid, po.messages[0].msgstr) == ("ab", "cde")
        assert render_po(po) == variant  # and written back exactly as it was


def test_a_catalogue_in_another_encoding_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "fr.po"
    path.write_bytes((HEADER + '\nmsgid "a"\nmsgstr "é"\n').encode("latin-1"))
    with pytest.raises(CatalogError) as caught:
        read_catalog(path)
    assert caught.value.line == 6 and "msgconv" in caught.value.message


def test_unchanged_entries_keep_their_bytes_whatever_wrote_them() -> None:
    # odd but valid layouts: short continuation lines, flags out of order, no space
    # after '#', an obsolete entry with references
    text = (
        HEADER
        + '\n#translator\n#, c-format, fuzzy\nmsgid "a"\nmsgstr ""\n"b"\n"c"\n'
        + '\n#: x:1\n#~ msgid "old"\n#~ msgstr "vieux"\n'
    )
    catalogue = parse_po(text)
    assert render_po(catalogue) == text
    catalogue.messages[0].msgstr = "bcd"
    assert render_po(catalogue).split("\n\n")[1] == (
        '# translator\n#, fuzzy, c-format\nmsgid "a"\nmsgstr "bcd"'
    )


def test_the_layout_of_a_file_is_kept_for_changed_entries() -> None:
    long = " ".join(["The inaugural meeting was held on Friday 11 March."] * 3)
    entries = [Message(msgid=f"{n} {long}", msgstr=f"{n} {long}") for n in range(3)]
    flat = render_catalogue(catalogue_of(entries), width=None)
    catalogue = parse_po(flat)
    assert layout_width(catalogue) is None
    catalogue.messages[0].msgstr = "changed " + long
    assert render_po(catalogue) == msgcat(render_po(catalogue), "--no-wrap")
    wrapped = parse_po(msgcat(flat))
    assert layout_width(wrapped) == 79


def test_a_file_wrapped_at_another_width_keeps_it() -> None:
    long = " ".join(["The inaugural meeting was held on Friday 11 March."] * 3)
    entries = [Message(msgid=f"{n} {long}", msgstr=f"{n} {long}") for n in range(3)]
    sixty = parse_po(msgcat(render_catalogue(catalogue_of(entries), width=79), "-w", "60"))
    assert layout_width(sixty) == 60
    sixty.messages[0].msgstr = "changed " + long
    assert render_po(sixty) == msgcat(render_po(sixty), "-w", "60")


def test_references_with_spaces_are_one_reference() -> None:
    po = parse_po(
        HEADER + '\n#: \u2068sources/pr 051.txt\u2069:6 other.txt:2\nmsgid "a"\nmsgstr ""\n'
    )
    assert po.messages[0].references == ["\u2068sources/pr 051.txt\u2069:6", "other.txt:2"]


def test_header_field_names_are_matched_in_any_case() -> None:
    from transpress.catalog.headers import kept_header

    header = Message(msgid="", msgstr="content-type: text/plain; charset=UTF-8\nlanguage: fr\n")
    kept = kept_header(header, "fr", source_lang="en", created="2016-03-11 00:00+0000")
    names = [line.split(":")[0] for line in kept.msgstr.lower().splitlines()]
    assert names.count("content-type") == 1 and names.count("language") == 1


def strict(text: str) -> object:
    """What the line-by-line reader alone makes of a text (the fast path switched off)."""
    from transpress.catalog import pofile

    fast, pofile._FAST_ENTRY = pofile._FAST_ENTRY, pofile.re.compile("(?!)")
    try:
        return read_all(text)
    finally:
        pofile._FAST_ENTRY = fast


def read_all(text: str) -> object:
    """Every message with its content, raw text and line; or the error, with its line."""
    try:
        po = parse_po(text)
    except CatalogError as exc:
        return ("error", exc.line, exc.message)
    entries = [po.header, *po.messages]
    return [(m.content(), m.raw, m.line) if m else None for m in entries], po.trailer, po.ending


ODD_ENTRIES = [
    '#, fuzzy\n#| msgid "old"\nmsgid "a"\nmsgstr "b"\n',
    '#~ msgid "gone"\n#~ msgstr "parti"\n',
    'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "c"\n',
    'msgctxt "menu"\nmsgid "a"\nmsgstr "b"\n',
    '  msgid "indented"\nmsgstr "x"\n',
    'msgid "a"  \nmsgstr "trailing blanks"\t\n',
    'msgid "a" "b"\nmsgstr "two strings on a line"\n',
    'msgid "tab\\there \\"quoted\\" back\\\\slash"\nmsgstr "\\303\\251\\x41"\n',
    'msgid "nul"\nmsgstr "a\\0b"\n',
    'msgid "bad"\nmsgstr "\\q"\n',
    'msgid "sep"\nmsgstr "\x04"\n',
    'msgid "literal nul"\nmsgstr "a\x00b"\n',
    'msgid "replacement \ufffd"\nmsgstr "\ufffd"\n',
    '# comment\r\n#. extracted\r\n#: a.txt:1 b.txt:2\nmsgid "cr"\nmsgstr "\r"\n',
    'msgid "a"\n# comment inside\nmsgstr "b"\n',
    'msgid "no blank line after"\nmsgstr "x"\n#. next\nmsgid "b"\nmsgstr ""\n',
    'msgid "dup"\nmsgstr "1"\n',
    'msgid "a"\nmsgstr ""\n"continued "\n"lines"\n',
    '#:\u2068file with spaces.txt\u2069:3\nmsgid "ref"\nmsgstr ""\n',
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(ODD_ENTRIES), max_size=6),
    st.sampled_from(["\n", "\n\n", "\n   \n", ""]),
    st.booleans(),
)
def test_the_fast_reader_reads_as_the_strict_one(
    entries: list[str], gap: str, final_newline: bool
) -> None:
    text = HEADER + "".join(gap + entry for entry in entries)
    text = text if final_newline else text.rstrip("\n")
    assert read_all(text) == strict(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages(), st.sampled_from([79, 40, None]))
def test_the_fast_reader_reads_what_msgcat_writes_as_the_strict_one(
    entries: list[Message], width: int | None
) -> None:
    args = ["--no-wrap"] if width is None else ["-w", str(width)]
    text = msgcat(render_catalogue(catalogue_of(entries), width=79), *args)
    assert read_all(text) == strict(text)
