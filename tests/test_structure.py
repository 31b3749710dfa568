"""Structure of a release beyond paragraphs: lists (plain text and Markdown), issuer lines
and Markdown tables, from the reader to the catalogue and every edition, and in a real
browser."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from transpress.document import Kind, Release, Translation
from transpress.edition import build_edition
from transpress.errors import InputError
from transpress.readers import reader_for
from transpress.render import Renderer
from transpress.units import translation_units

from .browser import ARTIFACTS, Chromium, Page, require_chromium, serve
from .conftest import GOLDEN, REPO, Run, publish_unreviewed
from .tools import msgfmt_check

READERS = GOLDEN / "readers"
HEAD = "Paris, 11 March 2016\n\nThe title\n\n"


def read(text: str, name: str = "x.txt") -> Release:
    """A release read from `text` as if it were the file `name`."""
    reader = reader_for(Path(name))
    assert reader is not None
    return reader.read(text, release_id=Path(name).stem, source=name, language=None)


def read_golden(name: str) -> Release:
    return read((READERS / name).read_text("utf-8"), name)


def items(release: Release) -> list[tuple[str, str, int]]:
    """Each list item's marker as written, text and depth."""
    return [
        (b.marker.text, b.text, b.marker.depth)
        for b in release.blocks
        if b.kind is Kind.LIST_ITEM and b.marker is not None
    ]


def render(
    release: Release, lang: str, fmt: str, translations: dict[str, str] | None = None
) -> str:
    """An edition rendered with the packaged templates (reviewed `translations`)."""
    found = {k: Translation(v, fuzzy=False) for k, v in (translations or {}).items()}
    return Renderer().render_edition(build_edition(release, lang, found), fmt, ())


# --- Reading lists ----------------------------------------------------------------------

LISTS = {
    "bullets right under a heading line": (
        "Key figures\n- 930 kg at launch\n- 4 instruments\n",
        [("- ", "930 kg at launch", 0), ("- ", "4 instruments", 0)],
    ),
    "numbers after a lead-in sentence": (
        "The campaign has two phases:\n1. Transport to Xichang.\n2. Launch.\n",
        [("1. ", "Transport to Xichang.", 0), ("2. ", "Launch.", 0)],
    ),
    "numbers with a parenthesis": (
        "Steps\n1) design\n2) tests\n",
        [("1) ", "design", 0), ("2) ", "tests", 0)],
    ),
    "typographic bullets": (
        "Highlights\n• first light\n• science\n",
        [("• ", "first light", 0), ("• ", "science", 0)],
    ),
    "asterisks": (
        "Highlights\n* first light\n* science\n",
        [("* ", "first light", 0), ("* ", "science", 0)],
    ),
    "one item after a colon": ("The launch date:\n- 22 June\n", [("- ", "22 June", 0)]),
    "a list after a paragraph ending with a full stop": (
        "The mission has two goals.\n- map the surface\n- sample the regolith\n",
        [("- ", "map the surface", 0), ("- ", "sample the regolith", 0)],
    ),
    "a loose list, one item per block": (
        "Next steps\n\n- First light in July\n\n- Science in September\n",
        [("- ", "First light in July", 0), ("- ", "Science in September", 0)],
    ),
    "a nested list": (
        "Phases:\n1. Launch, with\n   two tasks:\n   - first signal\n   - solar panels\n"
        "2. Commissioning\n",
        [
            ("1. ", "Launch, with\n   two tasks:", 0),
            ("   - ", "first signal", 1),
            ("   - ", "solar panels", 1),
            ("2. ", "Commissioning", 0),
        ],
    ),
    "a hard-wrapped item": (
        "Key figures\n- 1.2 billion euros, shared\nbetween CNES and CNSA\n- 3 years\n",
        [("- ", "1.2 billion euros, shared\nbetween CNES and CNSA", 0), ("- ", "3 years", 0)],
    ),
    "French en dashes": (
        "Chiffres clés :\n– 4,5 millions d’euros\n– 2 instruments\n",
        [("– ", "4,5 millions d’euros", 0), ("– ", "2 instruments", 0)],
    ),
    "Japanese middle dots": (
        "主な成果\n・到着日時：6月27日\n・距離：約20km\n",
        [("・", "到着日時：6月27日", 0), ("・", "距離：約20km", 0)],
    ),
    "Japanese bracketed numbers": (
        "今後の予定\n（1）観測\n（2）着陸\n",
        [("（1）", "観測", 0), ("（2）", "着陸", 0)],
    ),
    "circled numbers": ("予定\n① 公開\n② 会見\n", [("① ", "公開", 0), ("② ", "会見", 0)]),
}


@pytest.mark.parametrize("name", list(LISTS))
def test_plain_text_lists_are_list_blocks(name: str) -> None:
    body, expected = LISTS[name]
    release = read(HEAD + body)
    assert items(release) == expected
    # The lead-in line stays a paragraph of its own.
    assert [b.text for b in release.blocks if b.kind is Kind.PARAGRAPH] == [body.split("\n")[0]]


NOT_LISTS = {
    "minus five on a wrapped line": "The night temperature ranged from 3 °C down to\n"
    "- 5 °C, as forecast.\n",
    "minus five and minus eight in a wrapped paragraph": "The night temperature fell from "
    "3 °C,\nwhich was expected, to\n- 5 °C at midnight and\n- 8 °C at dawn.\n",
    "a paragraph starting with an em dash": "— This is ten years of joint work, "
    "the project manager said.\n",
    "speech in em dashes": "— Are you ready?\n— We are.\n",
    "one bullet line alone": "- 5 °C was the coldest night on record.\n",
    "a decimal number starting a line": "The budget is\n1.2 billion euros.\n",
    "a year starting a line": "The satellite was launched in\n2016. It still works.\n",
    "a minus sign without a space": "-5 °C at night.\n-8 °C at dawn.\n",
    "emphasis": "*Nature* published the results.\n*Science* did too.\n",
    "a number that does not follow": "Highlights\n1. first\n3. third\n",
}


@pytest.mark.parametrize("name", list(NOT_LISTS))
def test_hyphens_and_dashes_in_prose_are_not_lists(name: str) -> None:
    body = NOT_LISTS[name]
    release = read(HEAD + body)
    assert items(release) == []
    assert [b.text for b in release.blocks if b.kind is Kind.PARAGRAPH] == [body.strip("\n")]


def test_a_paragraph_after_a_list_in_the_same_block() -> None:
    release = read(HEAD + "Key figures\n- 930 kg\n- 40 engineers\nThe campaign starts in May.\n")
    assert [b.kind for b in release.blocks[2:]] == [
        Kind.PARAGRAPH,
        Kind.LIST_ITEM,
        Kind.LIST_ITEM,
        Kind.PARAGRAPH,
    ]
    assert release.blocks[-1].text == "The campaign starts in May."


def test_a_body_of_only_a_list_is_a_release() -> None:
    release = read(HEAD + "- 930 kg\n- 40 engineers\n")
    assert [b.kind for b in release.blocks] == [
        Kind.DATELINE,
        Kind.TITLE,
        Kind.LIST_ITEM,
        Kind.LIST_ITEM,
    ]


def test_markdown_lists_nested_and_loose() -> None:
    release = read_golden("en-esa-lists.md")
    assert items(release) == [
        ("- ", "**Envision**, a Venus orbiter\nbuilt with NASA", 0),
        ("- ", "*LISA*, three spacecraft", 0),
        ("  - ", "laser links of 2.5 million km", 1),
        ("  - ", "launch in 2035", 1),
        ("- ", "THESEUS", 0),
        ("1. ", "Adoption in 2024.", 0),
        ("2. ", "Industrial contract in 2025.\nThe prime contractor is chosen by tender.", 0),
        ("3. ", "Launch in 2031.\nThe launch window opens in May.", 0),
        ("- ", "looks like an item, as CommonMark reads it.", 0),
    ]
    paragraphs = [b.text for b in release.blocks if b.kind is Kind.PARAGRAPH]
    # A numbered line that does not start at 1 does not interrupt a paragraph (CommonMark).
    assert paragraphs[-1].endswith(
        "\n2. A number that does not start at one stays in the paragraph."
    )
    assert [b.text for b in release.blocks if b.kind is Kind.SUBHEADING] == ["Schedule"]


# --- Segments ---------------------------------------------------------------------------


def test_one_segment_per_list_item() -> None:
    units = translation_units(read_golden("en-svom-lists.txt"))
    msgids = [u.msgid for u in units]
    listed = [u.msgid for u in units if u.kind is Kind.LIST_ITEM]
    assert "Key figures" in msgids
    assert listed[:4] == [
        "930 kg at launch",
        "4 instruments, two of them French",
        "1.2 billion euros, shared between CNES and CNSA",
        "3 years of nominal mission",
    ]
    assert "Launch and early orbit, with two nested tasks:" in listed
    assert "acquisition of the first signal" in listed
    # A minus sign at the start of a wrapped line stays inside its sentence.
    assert (
        "At the launch pad the night temperature ranged from 3 °C down to - 5 °C, "
        "which the teams had prepared for."
    ) in msgids
    assert not any(m.startswith(("- ", "• ", "1. ")) for m in msgids)


def test_one_segment_per_japanese_list_item() -> None:
    units = translation_units(read_golden("ja-jaxa-issuer.txt"))
    listed = [u.msgid for u in units if u.kind is Kind.LIST_ITEM]
    assert listed == [
        "到着日時：2018年6月27日9時35分（日本時間）",
        "リュウグウとの距離：約20km",
        "探査機の状態：正常",
        "リュウグウの観測",
        "着陸地点の選定",
        "タッチダウン",
        "観測データの公開",
        "記者会見の開催",
    ]


# --- Issuer lines -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "issuers", "title"),
    [
        (
            "ja-jaxa-issuer.txt",
            ["国立研究開発法人宇宙航空研究開発機構"],
            "「はやぶさ2」が小惑星リュウグウに到着",
        ),
        (
            "ja-slim-issuers.txt",
            ["宇宙航空研究開発機構", "自然科学研究機構 国立天文台"],
            "小型月着陸実証機SLIMの月面着陸について",
        ),
        (
            "fr-cnes-issuer.txt",
            ["Centre national d'études spatiales (CNES)"],
            "Le CNES et la JAXA signent un accord sur l'exploration de Mars",
        ),
        (
            "en-esa-lists.md",
            ["European Space Agency (ESA)"],
            "Three missions selected for the 2030s",
        ),
    ],
)
def test_issuer_lines_are_not_the_title(name: str, issuers: list[str], title: str) -> None:
    release = read_golden(name)
    assert [b.text for b in release.blocks if b.kind is Kind.ISSUER] == issuers
    assert release.title == title
    units = translation_units(release)
    assert [u.msgid for u in units if u.kind is Kind.ISSUER] == issuers  # translated


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # Nothing after it but the body: it is the title.
        (
            "Paris, 11 March 2016\n\nEuropean Space Agency\n\nESA selected three missions.\n",
            "European Space Agency",
        ),
        # A title that goes on, in lowercase, on the next line.
        (
            "Paris, 11 March 2016\n\nEuropean Space Agency\nselects three missions\n\n"
            "Body.\n\nMore.\n",
            "European Space Agency\nselects three missions",
        ),
        # What follows ends like a sentence: body, not a title.
        (
            "2018年6月27日\n\n宇宙航空研究開発機構\n\n本文です。\n\n続きです。\n",
            "宇宙航空研究開発機構",
        ),
        # No dateline or reference above it.
        (
            "European Space Agency\n\nESA selects three missions\n\nBody.\n",
            "European Space Agency",
        ),
        # A title, even one that names an agency.
        (
            "Paris, 11 March 2016\n\nCNES closely involved in France-Japan space dialogue\n\n"
            "Subtitle\n\nBody.\n",
            "CNES closely involved in France-Japan space dialogue",
        ),
    ],
)
def test_a_title_is_not_taken_for_an_issuer(text: str, title: str) -> None:
    release = read(text)
    assert not [b for b in release.blocks if b.kind is Kind.ISSUER]
    assert release.title == title


def test_markdown_issuer_must_be_text() -> None:
    with pytest.raises(InputError, match="front matter `issuer:` must be text or a list"):
        read("---\ntitle: T\nissuer: {name: ESA}\n---\n\nBody.\n", "x.md")
    release = read("---\ntitle: T\nissuer: [ESA, CNES]\n---\n\nBody.\n", "x.md")
    assert [b.text for b in release.blocks if b.kind is Kind.ISSUER] == ["ESA", "CNES"]


# --- Markdown tables ---------------------------------------------------------------------


def cells(release: Release) -> list[list[str]]:
    """The table cells' texts, row by row (tables one after the other)."""
    rows: list[list[str]] = []
    for block in release.blocks:
        if block.kind is Kind.TABLE_CELL and block.cell is not None:
            if block.cell.column == 0:
                rows.append([])
            rows[-1].append(block.text)
    return rows


def test_markdown_tables_are_cells() -> None:
    release = read_golden("en-launch-table.md")
    assert cells(release) == [
        ["Mission", "Launcher", "Date", "Mass (kg)"],
        ["**CSO-3**", "Ariane 6", "March", "3,500"],
        ["Galileo L14", "Ariane 6", "", "2 × 711"],  # an empty cell
        ["SWOT | backup", "Vega C", "2026", ""],  # an escaped pipe; a short row padded
        ["Mission", "Orbit"],  # a second table, right under a paragraph
        ["CSO-3", "Sun-synchronous"],
    ]
    aligns = [b.cell.align for b in release.blocks if b.cell is not None and b.cell.row == 0]
    assert aligns == ["left", "center", "right", "right", "", ""]
    assert [b.text for b in release.blocks if b.kind is Kind.PARAGRAPH] == [
        "The next launches from the Guiana Space Centre are:",
        "Dates may change.",
    ]


@pytest.mark.parametrize(
    "body",
    [
        "A | B\nno delimiter row\n",
        "| A | B |\n| --- |\n",  # a delimiter row of another width
        "Mass\n---\n",  # a heading underline, not a one-column table
        "- an item\n  | A | B |\n  | --- | --- |\n",  # inside a list item: not read
    ],
)
def test_pipes_without_a_table_are_text(body: str) -> None:
    release = read("---\ntitle: T\n---\n\n" + body, "x.md")
    assert not [b for b in release.blocks if b.kind is Kind.TABLE_CELL]


def test_one_segment_per_non_empty_cell() -> None:
    units = translation_units(read_golden("en-launch-table.md"))
    msgids = [u.msgid for u in units if u.kind is Kind.TABLE_CELL]
    assert msgids[:4] == ["Mission", "Launcher", "Date", "Mass (kg)"]
    assert "SWOT | backup" in msgids and "" not in msgids
    assert len(msgids) == 18  # 20 cells, two of them empty


def test_tables_in_every_edition() -> None:
    release = read_golden("en-launch-table.md")
    french = {"Launcher": "Lanceur", "SWOT | backup": "SWOT | secours", "Orbit": "Orbite"}
    markdown = render(release, "fr", "md", french)
    assert (
        "| Mission | Lanceur | Date | Mass (kg) |\n| :--- | :---: | ---: | ---: |\n"
        "| **CSO-3** | Ariane 6 | March | 3,500 |\n| Galileo L14 | Ariane 6 |  | 2 × 711 |\n"
        "| SWOT \\| secours | Vega C | 2026 |  |\n\nDates may change.\n\n"
        "| Mission | Orbite |\n| --- | --- |\n| CSO-3 | Sun-synchronous |\n"
    ) in markdown
    text = render(release, "fr", "txt", french)
    assert "| Mission | Lanceur | Date | Mass (kg) |\n| --- | --- | --- | --- |\n" in text
    assert "| SWOT \\| secours | Vega C | 2026 |  |\n\nDates may change.\n\n| Mission" in text
    html = render(release, "fr", "html", french)
    assert (
        '<div class="table"><table>\n<thead>\n<tr><th id="p2" style="text-align: left">'
        '<span class="untranslated" lang="en">Mission</span></th><th id="p3" '
        'style="text-align: center">Lanceur</th>'
    ) in html
    assert '<td id="p6" style="text-align: left"><span class="untranslated" lang="en">' in html
    assert "<strong>CSO-3</strong>" in html and "SWOT | secours</td>" in html
    assert html.count("<table>") == 2 and html.count("<tbody>") == 2


# --- Editions ---------------------------------------------------------------------------

PLAIN = sorted(p.name for p in READERS.glob("*.txt"))


@pytest.mark.parametrize("name", PLAIN)
def test_the_text_template_gives_back_every_plain_source(name: str) -> None:
    """publish copies a plain source as its own text edition; the template, which a
    workspace may override, must give the same bytes back (lists and issuers included)."""
    text = (READERS / name).read_bytes().decode("utf-8")
    release = read(text, name)
    assert render(release, release.language, "txt") == text


def test_text_editions_keep_bullets_and_numbers() -> None:
    release = read_golden("en-svom-lists.txt")
    french = render(release, "fr", "txt", {"930 kg at launch": "930 kg au lancement"})
    assert (
        "Key figures\n- 930 kg au lancement\n- 4 instruments, two of them French\n"
        "- 1.2 billion euros, shared between CNES and CNSA\n- 3 years of nominal mission\n"
    ) in french
    assert (
        "3. Launch and early orbit, with two nested tasks:\n"
        "   - acquisition of the first signal\n   - deployment of the solar panels\n"
        "The campaign team counts 40 engineers.\n"
    ) in french
    assert "- First light in July\n\n- Start of science operations in September\n" in french
    japanese = render(read_golden("ja-jaxa-issuer.txt"), "en", "txt")
    assert "（1）リュウグウの観測\n（2）着陸地点の選定\n" in japanese
    assert "2018\n国立研究開発法人宇宙航空研究開発機構\n\n「はやぶさ2」" in japanese


def test_markdown_editions_are_markdown_lists() -> None:
    release = read_golden("en-svom-lists.txt")
    markdown = render(release, "fr", "md")
    assert (
        "Key figures\n\n- 930 kg at launch\n- 4 instruments, two of them French\n"
        "- 1.2 billion euros, shared between CNES and CNSA\n- 3 years of nominal mission\n\n"
    ) in markdown
    assert (
        "1. Transport of the satellite to Xichang.\n"
        "2. Fuelling and integration on the launcher.\n"
        "3. Launch and early orbit, with two nested tasks:\n"
        "   - acquisition of the first signal\n"
        "   - deployment of the solar panels\n\n"
        "The campaign team counts 40 engineers.\n"
    ) in markdown
    assert "\\- 5 °C" not in markdown  # joined into its sentence in a translation…
    assert "\n\\- 5 °C, which" in render(release, "en", "md")  # …escaped in the source's
    assert "- First light in July\n\n- Start of science operations in September\n" in markdown
    esa = render(read_golden("en-esa-lists.md"), "ja", "md")
    assert (
        "- **Envision**, a Venus orbiter built with NASA\n- *LISA*, three spacecraft\n"
        "  - laser links of 2.5 million km\n  - launch in 2035\n- THESEUS\n"
    ) in esa
    assert "*  \nEuropean Space Agency (ESA)\n\nESA has selected" in esa  # under the dateline


def test_html_editions_have_lists_and_the_issuer_under_the_dateline() -> None:
    html = render(read_golden("en-svom-lists.txt"), "en", "html")
    assert '<p id="p2">Key figures</p>\n<ul>\n<li id="p3">930 kg at launch</li>' in html
    assert (
        '<li id="p10">Launch and early orbit, with\n   two nested tasks:\n<ul>\n'
        '<li id="p11">acquisition of the first signal</li>\n'
        '<li id="p12">deployment of the solar panels</li>\n</ul></li>\n</ol>\n'
        '<p id="p13">The campaign team counts 40 engineers.</p>'
    ) in html
    started = render(read(HEAD + "Steps:\n3. Launch\n4. Orbit\n"), "en", "html")
    assert '<ol start="3">\n<li id="p2">Launch</li>' in started
    japanese = render(read_golden("ja-jaxa-issuer.txt"), "fr", "html")
    assert (
        '</time></p>\n<p class="issuer">'
        '<span class="untranslated" lang="ja">国立研究開発法人宇宙航空研究開発機構</span></p>\n<h1>'
    ) in japanese
    assert "<title>「はやぶさ2」が小惑星リュウグウに到着</title>" in japanese
    # Two lists side by side, numbered in two styles, are two lists.
    assert japanese.count("<ol>") == 2


def test_unreviewed_list_items_are_listed_in_the_notice() -> None:
    release = read_golden("en-svom-lists.txt")
    found = {"930 kg at launch": Translation("930 kg au lancement", fuzzy=True)}
    html = Renderer().render_edition(build_edition(release, "fr", found), "html", ())
    assert '<a href="#p3">¶3</a>' in html and '<li id="p3"><mark class="draft"' in html


# --- Catalogues -------------------------------------------------------------------------


def test_a_paragraph_becoming_a_list_keeps_its_reviewed_translation(
    workspace: Path, run: Run
) -> None:
    """A release read before lists existed had "Key figures" and its bullets in one
    segment: its reviewed translation is kept (obsolete, as msgmerge does) when the
    items become segments of their own, and every other translation stays reviewed."""
    source = workspace / "sources" / "keyfig.txt"
    joined = "Key figures - 930 kg at launch - 4 instruments - 3 years of nominal mission"
    head = "Toulouse, 12 June 2024\n\nSVOM ready for launch\n\nThe satellite passed its tests.\n\n"
    source.write_text(head + joined + "\n", "utf-8")
    assert run("-C", workspace, "extract", "keyfig").code == 0
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / "keyfig.po"
    po = polib.pofile(str(path))
    for entry in po:
        entry.msgstr = f"FR {entry.msgid}"
    po.save()

    source.write_text(head + joined.replace(" - ", "\n- ") + "\n", "utf-8")
    result = run("-C", workspace, "extract", "keyfig")
    assert result.code == 0, result.err
    msgfmt_check(path)
    po = polib.pofile(str(path))
    kept = [e for e in po if e.msgstr == f"FR {joined}"]
    assert kept and all(e.obsolete or e.previous_msgid == joined for e in kept)
    active = {e.msgid: e for e in po if not e.obsolete}
    assert {"930 kg at launch", "4 instruments", "3 years of nominal mission"} <= set(active)
    for msgid in ("SVOM ready for launch", "The satellite passed its tests."):
        assert active[msgid].msgstr == f"FR {msgid}" and not active[msgid].fuzzy
    assert "#. list item" in (workspace / "locale" / "keyfig.pot").read_text("utf-8")


def test_the_sample_release_has_no_list_or_issuer(workspace: Path, run: Run) -> None:
    """The seed's catalogues are what they were: no new segment, nothing obsolete."""
    before = {p: p.read_bytes() for p in (workspace / "locale").rglob("*.po*")}
    assert run("-C", workspace, "extract").code == 0
    assert {p: p.read_bytes() for p in (workspace / "locale").rglob("*.po*")} == before


# --- In a real browser ------------------------------------------------------------------

PAGES = (
    "en-svom-lists/en.html",
    "en-svom-lists/ja.html",
    "ja-jaxa-issuer/en.html",
    "en-launch-table/fr.html",
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """Releases with lists, issuers and tables, published untranslated, loaded by
    Chromium."""
    from transpress.publish import publish
    from transpress.workspace import find_workspace

    chromium = Chromium(require_chromium(), tmp_path_factory.mktemp("chromium"))
    root = tmp_path_factory.mktemp("structure")
    shutil.copy(REPO / "transpress.toml", root)
    (root / "sources").mkdir()
    for name in (
        "en-svom-lists.txt",
        "ja-jaxa-issuer.txt",
        "en-esa-lists.md",
        "en-launch-table.md",
    ):
        shutil.copy(READERS / name, root / "sources")
    publish_unreviewed(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1457654400")
        publish(find_workspace(root), translate=False)
    pages = {}
    with serve(root / "output") as server:
        for path in (*PAGES, "en-esa-lists/fr.html"):
            pages[path] = chromium.load(server.url(path))
        shot = ARTIFACTS / "structure-en-svom-lists.png"
        chromium.screenshot(server.url(PAGES[0]), shot, size=(1024, 1800))
        print(f"screenshot: {shot}")
        assert not server.failed(), server.failed()
    return pages


def test_browser_shows_lists_as_lists(site: dict[str, Page]) -> None:
    page = site["en-svom-lists/en.html"]
    assert page.console == ()
    article = page.document.find_all("article")[0]
    lists = [e for e in article.find_all() if e.tag in ("ul", "ol")]
    assert [e.tag for e in lists] == ["ul", "ol", "ul", "ul"]
    assert [li.text for li in lists[0].find_all("li")] == [
        "930 kg at launch",
        "4 instruments, two of them French",
        "1.2 billion euros, shared between CNES and CNSA",
        "3 years of nominal mission",
    ]
    third = lists[1].find_all("li")[2]
    assert [e.tag for e in third.find_all("ul")] == ["ul"]  # the nested list is in its item
    assert len(lists[1].find_all("li")) == 5  # three items, two nested
    assert "ranged from 3 °C down to - 5 °C" in page.text
    ids = [e.attrs["id"] for e in article.find_all() if "id" in e.attrs]
    assert len(ids) == len(set(ids))


def test_browser_shows_the_issuer_under_the_dateline(site: dict[str, Page]) -> None:
    page = site["ja-jaxa-issuer/en.html"]
    header = page.document.find_all("header")[0]
    assert [e.tag for e in header.children if not isinstance(e, str)][-3:] == ["p", "p", "h1"]
    (issuer,) = header.find_all("p", cls="issuer")
    assert issuer.text == "国立研究開発法人宇宙航空研究開発機構"
    assert header.find_all("h1")[0].text == "「はやぶさ2」が小惑星リュウグウに到着"
    assert page.document.find_all("title")[0].text == "「はやぶさ2」が小惑星リュウグウに到着"
    markdown = site["en-esa-lists/fr.html"].document
    assert markdown.find_all("p", cls="issuer")[0].text == "European Space Agency (ESA)"


def test_browser_shows_nested_markdown_lists(site: dict[str, Page]) -> None:
    page = site["en-esa-lists/fr.html"]
    assert page.console == ()
    nested = page.document.find_all("ul")[0].find_all("li")[1]
    assert [li.text for li in nested.find_all("li")] == [
        "laser links of 2.5 million km",
        "launch in 2035",
    ]
    (numbered,) = page.document.find_all("ol")
    assert len(numbered.find_all("li")) == 3


def test_browser_shows_tables(site: dict[str, Page]) -> None:
    page = site["en-launch-table/fr.html"]
    first, second = page.document.find_all("table")
    assert [th.text for th in first.find_all("th")] == ["Mission", "Launcher", "Date", "Mass (kg)"]
    rows = [[td.text for td in tr.find_all("td")] for tr in first.find_all("tr")[1:]]
    assert rows == [
        ["CSO-3", "Ariane 6", "March", "3,500"],
        ["Galileo L14", "Ariane 6", "", "2 × 711"],
        ["SWOT | backup", "Vega C", "2026", ""],
    ]
    assert first.find_all("strong")[0].text == "CSO-3"
    assert len(second.find_all("td")) == 2


@pytest.mark.parametrize("path", PAGES)
def test_browser_pages_with_structure_load_cleanly(site: dict[str, Page], path: str) -> None:
    assert site[path].console == ()
    assert site[path].document.find_all("li") or site[path].document.find_all("td")
