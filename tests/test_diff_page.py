"""`transpress diff --format html`: changed words marked, in the reviewer's language, on a phone."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from .browser import ARTIFACTS, Chromium, require_chromium, serve
from .conftest import Run
from .layout import View, measure

SEED = "pr051-2016"
FR_TITLE = "Le CNES étroitement associé au dialogue spatial franco-japonais"
JA_TITLE = "CNES、日仏宇宙対話に深く関与"


def edit_translation(root: Path, lang: str, old: str, new: str) -> None:
    """Change one translation as a PO editor saves it."""
    po = polib.pofile(str(root / "locale" / lang / "LC_MESSAGES" / f"{SEED}.po"))
    entry = next(e for e in po if e.msgstr == old)
    entry.msgstr = new
    po.save()


@pytest.fixture
def edited(workspace: Path, tmp_path: Path, run: Run) -> Path:
    """The sample workspace after a day's review, its catalogues before it in `before/`."""
    shutil.copytree(workspace / "locale", tmp_path / "before" / "locale")
    edit_translation(
        workspace, "fr", FR_TITLE, "Le CNES au cœur du dialogue spatial franco-japonais"
    )
    edit_translation(workspace, "ja", JA_TITLE, "CNES、日仏宇宙対話に積極的に関与")
    source = workspace / "sources" / f"{SEED}.txt"
    text = source.read_text("utf-8").replace("Lastly, they", "Finally, they")
    source.write_text(text, "utf-8")
    assert run("-C", workspace, "extract").code == 0
    return tmp_path / "before"


def test_changed_words_are_marked_latin_by_words_japanese_by_characters(
    workspace: Path, edited: Path, run: Run
) -> None:
    page = workspace / "diff.html"
    result = run("-C", workspace, "diff", edited, "--format", "html", "-o", page)
    assert (result.code, result.out) == (0, f"written to {page}\n")
    html = page.read_text("utf-8")
    assert (
        '<p class="text old" lang="fr">Le CNES <del>étroitement associé au</del> dialogue'
    ) in html
    assert '<p class="text new" lang="fr">Le CNES <ins>au cœur du</ins> dialogue' in html
    assert '<p class="text old" lang="ja">CNES、日仏宇宙対話に<del>深く</del>関与</p>' in html
    assert '<p class="text new" lang="ja">CNES、日仏宇宙対話に<ins>積極的に</ins>関与</p>' in html
    # The source edit of an outdated entry, word by word.
    assert "<del>Lastly</del><ins>Finally</ins>, they" in html
    # The terminal diff is as before: no markup.
    assert "<del>" not in run("-C", workspace, "diff", edited).out


def test_diff_page_in_the_reviewers_language(workspace: Path, edited: Path, run: Run) -> None:
    page = workspace / "diff.html"
    args = ("-C", workspace, "diff", edited, "--format", "html", "-o", page)
    assert run(*args, "--ui-lang", "fr").code == 0
    html = page.read_text("utf-8")
    assert '<html lang="fr">' in html and "<h1>Modifications des traductions</h1>" in html
    assert "<li>2 traductions modifiées</li>" in html and "Avant" in html and "Après" in html
    config = workspace / "transpress.toml"
    config.write_text(config.read_text("utf-8") + '\nreport_language = "ja"\n', "utf-8")
    assert run(*args).code == 0
    html = page.read_text("utf-8")
    assert '<html lang="ja">' in html and "<h1>翻訳の変更</h1>" in html and "変更前" in html


def test_diff_page_in_a_browser_at_1280_and_390(
    workspace: Path, edited: Path, run: Run, tmp_path: Path
) -> None:
    out = workspace / "output"
    out.mkdir(exist_ok=True)
    for lang in ("en", "ja"):
        page = out / f"diff-{lang}.html"
        assert (
            run(
                "-C", workspace, "diff", edited, "--format", "html", "-o", page, "--ui-lang", lang
            ).code
            == 0
        )
    chromium = Chromium(require_chromium(), tmp_path / "chromium")
    views = [
        View(f"{lang}-{w}", f"diff-{lang}.html", w) for lang in ("en", "ja") for w in (1280, 390)
    ]
    with serve(out) as server:
        found = measure(chromium, server, out, views)
        for width in (1280, 390):
            shot = ARTIFACTS / f"diff-{width}.png"
            chromium.screenshot(server.url("diff-en.html"), shot, size=(width, 1200))
            print(f"screenshot: {shot}")
        dom = chromium.load(server.url("diff-en.html")).document
        assert not server.failed(), server.failed()
    for name, layout in found.items():
        print(f"{name}: {layout.height}px tall, {layout.scroll_width}px wide")
        assert layout.scroll_width <= layout.width and layout.wide == (), (name, layout.wide)
        assert {kind for _, kind, _ in layout.changes} == {"newly_outdated", "changed"}
    assert found["ja-390"].lang == "ja"
    assert {"Lastly", "étroitement associé au", "深く"} <= {e.text for e in dom.find_all("del")}
    assert {"Finally", "au cœur du", "積極的に"} <= {e.text for e in dom.find_all("ins")}
