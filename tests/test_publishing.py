"""Published editions: safe templates, typography, notices, and every page in a real browser."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest

from .browser import ARTIFACTS, Chromium, Page, require_chromium, serve
from .conftest import GOLDEN, REPO, Run, machine_note, publish_unreviewed, set_setting

SEED = "pr051-2016"
ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_msgstr_cannot_inject_markup(workspace: Path, run: Run) -> None:
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    po[0].msgstr = f"Titre {ATTACK}"
    po.save()
    assert run("-C", workspace, "publish", "--lang", "fr").code == 0
    html = (workspace / "output" / SEED / "fr.html").read_text("utf-8")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(" in html
    markdown = (workspace / "output" / SEED / "fr.md").read_text("utf-8")
    assert "<script>" not in markdown.split("---", 2)[2] and "&lt;img src=x" in markdown


def test_source_paragraph_and_front_matter_cannot_inject_markup(workspace: Path, run: Run) -> None:
    (workspace / "sources" / "evil.md").write_text(
        f"---\ntitle: 'Launch {ATTACK}'\nreference: '<b>PR</b>'\ndate: 2017-05-03\nplace: Paris\n"
        f"language: en\n---\n\nA paragraph {ATTACK} with [a link](javascript:alert(1)).\n",
        "utf-8",
    )
    publish_unreviewed(workspace)
    assert run("-C", workspace, "publish", "evil").code == 0
    for lang in ("en", "fr", "ja"):
        html = (workspace / "output" / "evil" / f"{lang}.html").read_text("utf-8")
        assert "<script>" not in html and "<img" not in html and "<b>PR" not in html
        markdown = (workspace / "output" / "evil" / f"{lang}.md").read_text("utf-8")
        body = markdown.split("---", 2)[2]
        assert "<script>" not in body and "\\[a link\\](javascript" in body
    index = (workspace / "output" / "index.html").read_text("utf-8")
    assert "<script>" not in index and "Launch &lt;script&gt;" in index


def test_runtime_template_error_names_the_template_and_line(workspace: Path, run: Run) -> None:
    (workspace / "templates").mkdir()
    (workspace / "templates" / "release.md.j2").write_text(
        "# {{ edition.lang }}\n{{ edition.no_such_thing.upper() }}\n", "utf-8"
    )
    result = run("-C", workspace, "publish")
    assert result.code == 6
    assert re.search(r"release\.md\.j2:2: template error: .*no_such_thing", result.err), result.err


def test_typography_in_every_edition_but_the_source_text(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "publish").code == 0
    out = workspace / "output" / SEED
    assert (out / "en.txt").read_bytes() == (workspace / "sources" / f"{SEED}.txt").read_bytes()
    assert "commented: “I’m honoured" in (out / "en.html").read_text("utf-8")
    assert "commented: “I’m honoured" in (out / "en.md").read_text("utf-8")
    french = (out / "fr.txt").read_text("utf-8")
    assert "a déclaré\u00a0: «\u00a0Je suis honoré" in french
    assert "perspectives qu’elle ouvrira.\u00a0»" in french
    japanese = (out / "ja.html").read_text("utf-8")
    assert "次のようにコメントしました。「第1回日仏宇宙対話" in japanese
    assert "2016年3月11日\u3000パリ" in japanese


def test_pages_with_drafts_carry_a_notice_listing_paragraphs(workspace: Path, run: Run) -> None:
    path = workspace / "locale" / "ja" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid.startswith(("During this visit", '"Japan has been one')):
            entry.flags.append("fuzzy")
            entry.tcomment = machine_note("argos translate-en_ja 1.0", entry.msgstr, entry.msgid)
    po.save()
    assert run("-C", workspace, "publish").code == 0
    html = (workspace / "output" / SEED / "ja.html").read_text("utf-8")
    assert (
        '<aside class="notice" role="note">このページには、まだ確認されていない翻訳が含まれています'
        "（第3・5段落）。確認済みは89％です。"
        ' <a href="#p3">¶3</a> <a href="#p5">¶5</a></aside>'
    ) in html
    assert '<p id="p3">' in html and '<blockquote id="p5">' in html
    markdown = (workspace / "output" / SEED / "ja.md").read_text("utf-8")
    assert "> **このページには、まだ確認されていない翻訳が含まれています（第3・5段落）" in markdown
    english = (workspace / "output" / SEED / "en.html").read_text("utf-8")
    assert "notice" not in english.split("</style>")[1]


@pytest.mark.parametrize("name", ["ja.html", "en.md", "index.html"])
def test_more_published_editions_match_golden(workspace: Path, run: Run, name: str) -> None:
    import os

    assert run("-C", workspace, "publish").code == 0
    actual = (
        workspace / "output" / (name if name == "index.html" else f"{SEED}/{name}")
    ).read_text("utf-8")
    golden = GOLDEN / "publish" / SEED / name
    if os.environ.get("TRANSPRESS_REGENERATE"):
        golden.write_text(actual, "utf-8")
    assert actual == golden.read_text("utf-8")


# --- In a real browser -----------------------------------------------------------------


PAGES = {
    "index.html": "en",
    "index.fr.html": "fr",
    "index.ja.html": "ja",
    f"{SEED}/en.html": "en",
    f"{SEED}/fr.html": "fr",
    f"{SEED}/ja.html": "ja",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """The sample, published, then every page loaded by headless Chromium from 127.0.0.1."""
    from transpress.publish import publish
    from transpress.workspace import find_workspace

    chromium = Chromium(require_chromium(), tmp_path_factory.mktemp("chromium"))
    root = tmp_path_factory.mktemp("site")
    shutil.copy(REPO / "transpress.toml", root)
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locale", root / "locale")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1457654400")
        publish(find_workspace(root), translate=False)
    pages = {}
    with serve(root / "output") as server:
        for path in PAGES:
            pages[path] = chromium.load(server.url(path))
            shot = ARTIFACTS / f"publish-{path.replace('/', '-').removesuffix('.html')}.png"
            chromium.screenshot(server.url(path), shot, size=(1024, 1400))
            print(f"screenshot: {shot}")
        assert not server.failed(), server.failed()
    return pages


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_has_its_language_and_no_console_error(site: dict[str, Page], path: str) -> None:
    page = site[path]
    (html,) = page.document.find_all("html")
    assert html.attrs["lang"] == PAGES[path]
    assert page.console == ()


@pytest.mark.parametrize("path", [p for p in PAGES if not p.startswith("index")])
def test_switcher_and_alternates_resolve(site: dict[str, Page], path: str, tmp_path: Path) -> None:
    page = site[path]
    links = [a for a in page.document.find_all("a") if "hreflang" in a.attrs]
    assert sorted(a.attrs["hreflang"] for a in links) == sorted({"en", "fr", "ja"} - {PAGES[path]})
    alternates = [e for e in page.document.find_all("link") if e.attrs.get("rel") == "alternate"]
    assert sorted(e.attrs["hreflang"] for e in alternates) == ["en", "fr", "ja"]
    names = {a.attrs["hreflang"]: a.text for a in links}
    assert set(names.values()) <= {"English", "Français", "日本語"}
    for href in [a.attrs["href"] for a in links] + [e.attrs["href"] for e in alternates]:
        assert href in {"en.html", "fr.html", "ja.html"}


@pytest.mark.parametrize("lang", ["en", "fr", "ja"])
def test_each_index_links_every_edition_and_index(site: dict[str, Page], lang: str) -> None:
    name = "index.html" if lang == "en" else f"index.{lang}.html"
    index = site[name]
    hrefs = sorted(a.attrs["href"] for a in index.document.find_all("a"))
    editions = [f"{SEED}/en.html", f"{SEED}/fr.html", f"{SEED}/ja.html"]
    indexes = {"index.html", "index.fr.html", "index.ja.html"} - {name}
    assert hrefs == sorted([*editions, f"{SEED}/{lang}.html", *indexes])


def test_pages_show_localised_datelines(site: dict[str, Page]) -> None:
    assert "Paris, le 11 mars 2016" in site[f"{SEED}/fr.html"].text
    assert "2016年3月11日 パリ" in site[f"{SEED}/ja.html"].text.replace("\u3000", " ")


def test_a_draft_title_alone_brings_the_notice_to_every_edition(workspace: Path, run: Run) -> None:
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    title = po[0]
    title.flags.append("fuzzy")
    title.tcomment = machine_note("argos translate-en_fr 1.0", title.msgstr, title.msgid)
    po.save()
    assert run("-C", workspace, "publish", "--lang", "fr").code == 0
    out = workspace / "output" / SEED
    notice = "Cette page contient une traduction qui n’a pas encore été relue."
    assert f'<aside class="notice" role="note">{notice}' in (out / "fr.html").read_text("utf-8")
    assert (out / "fr.txt").read_text("utf-8").startswith(notice)
    assert notice in (out / "fr.md").read_text("utf-8")


def test_a_language_falling_below_its_threshold_is_unpublished_when_the_editor_says_so(
    workspace: Path, run: Run
) -> None:
    assert run("-C", workspace, "publish").code == 0
    config = workspace / "transpress.toml"
    set_setting(workspace, "published_below_threshold", '"remove"')
    set_setting(workspace, "threshold", "{ default = 80, ja = 101 }")
    assert run("-C", workspace, "publish").code == 4  # 101 is not a percentage
    config.write_text(config.read_text("utf-8").replace("ja = 101", "ja = 100"), "utf-8")
    path = workspace / "locale" / "ja" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    po[0].flags.append("fuzzy")
    po.save()
    result = run("-C", workspace, "publish")
    assert "[ja] 18/19 reviewed" in result.out and "removed (below 100% reviewed" in result.out
    assert "[fr] 19/19 reviewed" in result.out and ": published\n" in result.out
    assert "3 stale edition file(s) removed (below threshold)" in result.out
    assert not list((workspace / "output" / SEED).glob("ja.*"))
    assert 'hreflang="ja"' not in (workspace / "output" / SEED / "fr.html").read_text("utf-8")


def test_publishing_one_language_also_unpublishes_another_below_threshold(
    workspace: Path, run: Run
) -> None:
    set_setting(workspace, "published_below_threshold", '"remove"')
    assert run("-C", workspace, "publish").code == 0
    path = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    for entry in list(po)[:6]:
        entry.msgstr = ""
    po.save()
    result = run("-C", workspace, "publish", "--lang", "ja")
    assert result.code == 0, result.err
    assert not list((workspace / "output" / SEED).glob("fr.*"))
    index = (workspace / "output" / "index.html").read_text("utf-8")
    assert f"{SEED}/fr.html" not in index and f"{SEED}/ja.html" in index
