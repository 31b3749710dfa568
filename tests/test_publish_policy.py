"""What publish does with a language that was live and falls below its threshold, and the
preview (`publish --preview`) that shows every language without publishing anything."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from .conftest import Run, set_setting, snapshot

SEED = "pr051-2016"
OLD = "The inaugural meeting of the France-Japan space dialogue was held on Friday 11 March"
NEW = "The first meeting of the France-Japan space dialogue took place on Friday 11 March"
LATER = "1480550400"  # 2016-12-01: the day the source is corrected


def _strict(workspace: Path, policy: str | None = None) -> None:
    """One changed sentence in 19 is enough to fall below 95 %."""
    set_setting(workspace, "threshold", "95")
    if policy is not None:
        set_setting(workspace, "published_below_threshold", f'"{policy}"')


def _correct_the_source(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two words changed in the English source, months later."""
    source = workspace / "sources" / f"{SEED}.txt"
    text = source.read_text("utf-8")
    assert OLD in text
    source.write_text(text.replace(OLD, NEW), "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", LATER)


def _page(workspace: Path, lang: str, fmt: str = "html", folder: str = "output") -> str:
    return (workspace / folder / SEED / f"{lang}.{fmt}").read_text("utf-8")


def test_a_live_language_falling_below_is_kept_marked_as_awaiting_an_update(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _strict(workspace)
    first = run("-C", workspace, "publish")
    assert first.code == 0 and "\n12 file(s) written\n" in first.out  # 9 editions, 3 indexes
    assert sorted(p.name for p in (workspace / ".transpress" / "published" / SEED).iterdir()) == [
        "fr.json",
        "ja.json",
    ]  # beside them, not counted: the snapshots a later run may keep
    published = _page(workspace, "ja")
    _correct_the_source(workspace, monkeypatch)

    result = run("-C", workspace, "publish", "--no-translate")

    assert result.code == 0, result.err
    kept = (
        "18/19 reviewed, 1 drafts (marked), 0 missing (source text shown): kept the last "
        "published edition (below 95% reviewed), marked as awaiting an update: it translates "
        "the source of 2016-03-11"
    )
    assert f"{SEED} [ja] {kept}" in result.out
    assert f"{SEED} [fr] {kept}" in result.out
    assert "removed" not in result.out
    for fmt in ("html", "md", "txt"):
        assert (workspace / "output" / SEED / f"ja.{fmt}").is_file()
    page = _page(workspace, "ja")
    notice = "この翻訳は2016年3月11日付の英語版の翻訳です。原文はその後更新されており"
    assert notice in page and '<aside class="notice awaiting" role="note">' in page
    assert '<a href="en.html" hreflang="en">更新された原文を読む</a>' in page
    # The kept edition is the one published: its text, not the draft of the new sentence.
    aside = page[page.index("<aside") : page.index("</aside>\n") + 9]
    assert page.replace(aside, "") == published
    assert _page(workspace, "fr", "txt").startswith("Cette traduction est celle de la version")
    assert "This translation is of" not in _page(workspace, "en")
    assert NEW in _page(workspace, "en")  # the source is published as corrected
    index = (workspace / "output" / "index.ja.html").read_text("utf-8")
    assert 'lang="ja">日本語</a> <span class="badge awaiting">更新待ち</span>' in index


def test_a_language_kept_outside_lang_is_marked_and_reported_too(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _strict(workspace)
    assert run("-C", workspace, "publish").code == 0
    _correct_the_source(workspace, monkeypatch)

    result = run("-C", workspace, "publish", "--no-translate", "--lang", "fr")

    assert f"{SEED} [fr] 18/19 reviewed" in result.out
    assert (
        f"{SEED} [ja] 18/19 reviewed, 1 drafts (marked), 0 missing (source text shown): kept "
        "the last published edition"
    ) in result.out
    assert "この翻訳は2016年3月11日付の英語版の翻訳です" in _page(workspace, "ja")


def test_a_kept_edition_comes_back_when_its_update_is_reviewed(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _strict(workspace)
    assert run("-C", workspace, "publish").code == 0
    _correct_the_source(workspace, monkeypatch)
    assert run("-C", workspace, "publish", "--no-translate").code == 0
    path = workspace / "locale" / "ja" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    (entry,) = [e for e in po if "fuzzy" in e.flags]
    entry.flags.remove("fuzzy")
    entry.previous_msgid = None
    po.save()

    result = run("-C", workspace, "publish", "--no-translate")

    assert f"{SEED} [ja] 19/19 reviewed, 0 drafts (marked), 0 missing" in result.out
    assert f"{SEED} [ja]" in result.out and ": published\n" in result.out
    page = _page(workspace, "ja")
    assert "<aside" not in page and entry.msgstr in page
    snapshot_file = workspace / ".transpress" / "published" / SEED / "ja.json"
    assert json.loads(snapshot_file.read_text("utf-8"))["translates"] == "2016-12-01"


def test_the_editor_can_publish_the_current_translation_with_the_notice(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _strict(workspace, "notice")
    assert run("-C", workspace, "publish").code == 0
    _correct_the_source(workspace, monkeypatch)

    result = run("-C", workspace, "publish", "--no-translate")

    assert f"{SEED} [ja] 18/19 reviewed" in result.out
    assert ": published with notice (below 95% reviewed)" in result.out
    page = _page(workspace, "ja")
    assert "このページには、まだ確認されていない翻訳が含まれています" in page
    assert "この翻訳は" not in page


def test_the_editor_can_take_the_pages_down(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _strict(workspace, "remove")
    assert run("-C", workspace, "publish").code == 0
    _correct_the_source(workspace, monkeypatch)

    result = run("-C", workspace, "publish", "--no-translate")

    assert (
        "[ja] 18/19 reviewed, 1 drafts (marked), 0 missing (source text shown): removed "
        in result.out
    )
    assert '(below 95% reviewed; published_below_threshold = "remove")' in result.out
    assert "6 stale edition file(s) removed (below threshold)" in result.out
    assert not list((workspace / "output" / SEED).glob("ja.*"))
    index = (workspace / "output" / "index.html").read_text("utf-8")
    assert f"{SEED}/ja.html" not in index


def test_pages_published_before_any_record_are_kept_as_they_are(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _strict(workspace)
    assert run("-C", workspace, "publish").code == 0
    before = _page(workspace, "ja")
    for snapshot_file in (workspace / ".transpress" / "published").rglob("*.json"):
        snapshot_file.unlink()
    _correct_the_source(workspace, monkeypatch)

    result = run("-C", workspace, "publish", "--no-translate")

    assert (
        "[ja] 18/19 reviewed, 1 drafts (marked), 0 missing (source text shown): kept as "
        in result.out
    )
    assert "no record says which source it translates, so it is not marked" in result.out
    assert _page(workspace, "ja") == before


def test_a_language_never_published_is_skipped_and_the_preview_is_suggested(
    workspace: Path, run: Run
) -> None:
    _strict(workspace)
    path = workspace / "locale" / "ja" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    po[0].flags.append("fuzzy")
    po.save()

    result = run("-C", workspace, "publish", "--no-translate")

    assert (
        f"{SEED} [ja] 18/19 reviewed, 1 drafts (marked), 0 missing (source text shown): "
        "skipped (below 95% reviewed): see it with `transpress publish --preview`"
    ) in result.out
    assert not list((workspace / "output" / SEED).glob("ja.*"))


def test_an_unknown_policy_is_refused_with_the_choices(workspace: Path, run: Run) -> None:
    set_setting(workspace, "published_below_threshold", '"hide"')
    result = run("-C", workspace, "publish")
    assert result.code == 4, result
    assert result.err == (
        "transpress: error: transpress.toml: published_below_threshold must be one "
        "of ['keep', 'notice', 'remove'], got 'hide'\n"
    )


# --- The preview -------------------------------------------------------------------------


def test_the_preview_shows_every_language_and_touches_nothing_live(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("-C", workspace, "publish").code == 0
    path = workspace / "locale" / "ja" / "LC_MESSAGES" / f"{SEED}.po"
    po = polib.pofile(str(path))
    for entry in po[:6]:
        entry.flags.append("fuzzy")
    po.save()
    _correct_the_source(workspace, monkeypatch)  # the catalogues need a merge, too
    before = snapshot(workspace)

    result = run("-C", workspace, "publish", "--preview")

    assert result.code == 0, result.err
    assert (
        f"{SEED} [ja] 13/19 reviewed, 6 drafts (marked), 0 missing: previewed "
        "(not published: 68% reviewed, 80% needed)"
    ) in result.out
    assert result.out.endswith(
        "file(s) written to preview/; open preview/index.html, or run `transpress serve`\n"
    )
    after = snapshot(workspace)
    assert {k: v for k, v in after.items() if not k.startswith(("preview/", ".transpress/"))} == {
        k: v for k, v in before.items() if not k.startswith(".transpress/")
    }
    assert not [k for k in after if k.startswith(".transpress/published/") and k not in before]
    page = _page(workspace, "ja", folder="preview")
    assert "プレビュー：このページは公開されていません。" in page
    assert page.count('<mark class="draft"') == 6
    assert NEW in _page(workspace, "en", folder="preview")
    assert (workspace / "preview" / "index.ja.html").is_file()
    assert run("-C", workspace, "publish", "--preview", "--check").code == 2


def test_the_preview_follows_a_release_taken_out_of_sources(workspace: Path, run: Run) -> None:
    later = (workspace / "sources" / f"{SEED}.txt").read_text("utf-8").replace("PR051", "PR052")
    (workspace / "sources" / "pr052-2016.txt").write_text(later, "utf-8")
    assert run("-C", workspace, "publish", "--no-translate").code == 0
    assert run("-C", workspace, "publish", "--preview").code == 0
    (workspace / "preview" / "pr052-2016" / "notes.txt").write_text("mine", "utf-8")
    (workspace / "sources" / "pr052-2016.txt").unlink()

    result = run("-C", workspace, "publish", "--preview")

    assert result.code == 0, result.err
    assert "9 file(s) of releases no longer in sources/ removed\n" in result.out
    assert [p.name for p in (workspace / "preview" / "pr052-2016").iterdir()] == ["notes.txt"]
    assert "pr052-2016" not in (workspace / "preview" / "index.html").read_text("utf-8")
    assert (workspace / "output" / "pr052-2016" / "en.html").is_file()  # live: never


def test_the_preview_folder_is_a_setting(workspace: Path, run: Run) -> None:
    set_setting(workspace, "preview", '"site/draft"')
    assert run("-C", workspace, "publish", "--preview").code == 0
    assert (workspace / "site" / "draft" / SEED / "fr.html").is_file()
    set_setting(workspace, "preview", '"../elsewhere"')
    result = run("-C", workspace, "publish", "--preview")
    assert result.code == 4
    assert result.err == (
        "transpress: error: transpress.toml: preview must name a folder of the workspace, "
        "such as \"preview\", got '../elsewhere'\n"
    )


# --- In a real browser, on a desk and on a phone -----------------------------------------

SIZES = {"desk": (1280, 900), "phone": (390, 844)}


@pytest.fixture(scope="module")
def published_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two releases published, then the older one corrected so that its translations are
    kept awaiting an update, and the preview of it all."""
    import shutil

    from transpress.cli import main

    from .conftest import REPO

    root = tmp_path_factory.mktemp("policy") / "ws"
    root.mkdir()
    shutil.copy(REPO / "transpress.toml", root)
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locale", root / "locale")
    later = (root / "sources" / f"{SEED}.txt").read_text("utf-8")
    later = later.replace("11 March 2016", "2 April 2016").replace("PR051", "PR052")
    later = later.replace("closely involved", "and JAXA sign a new agreement")
    (root / "sources" / "pr052-2016.txt").write_text(later, "utf-8")
    _strict(root)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", "1457654400")
        for args in (["publish", "--no-translate"], ["publish", "--preview"]):
            assert main(["-C", str(root), *args]) in (0, None)
        _correct_the_source(root, env)
        for args in (["publish", "--no-translate"], ["publish", "--preview"]):
            assert main(["-C", str(root), *args]) in (0, None)
    return root


BROWSED = [
    "output/index.html",
    "output/index.fr.html",
    "output/index.ja.html",
    f"output/{SEED}/ja.html",
    f"output/{SEED}/fr.html",
    f"preview/{SEED}/ja.html",
    "preview/index.ja.html",
]


def test_pages_fit_a_desk_and_a_phone(published_site: Path, tmp_path: Path) -> None:
    """What a reader's browser lays out, not what the templates say: no element past the
    viewport's edges at 1280 or 390 px (screenshots kept)."""
    from .browser import ARTIFACTS, Chromium, require_chromium, serve
    from .layout import View, measure

    chromium = Chromium(require_chromium(), tmp_path / "chromium")
    views = [
        View(f"{size}-{path.replace('/', '-').removesuffix('.html')}", path, width)
        for path in BROWSED
        for size, (width, _) in SIZES.items()
    ]
    with serve(published_site) as server:
        layouts = measure(chromium, server, published_site, views)
        for view in views:
            if "ja" not in view.name:
                continue  # a screenshot of each kind of page is enough (each costs a second)
            shot = ARTIFACTS / f"policy-{view.name}.png"
            chromium.screenshot(server.url(view.page), shot, size=SIZES[view.name.split("-")[0]])
        assert not server.failed(), server.failed()
    for view in views:
        layout = layouts[view.name]
        assert layout.width == view.width, view
        assert layout.scroll_width <= view.width and layout.wide == (), (view, layout)


def test_each_index_lists_newest_first_in_its_language_with_marks(
    published_site: Path, tmp_path: Path
) -> None:
    from .browser import Chromium, require_chromium, serve

    chromium = Chromium(require_chromium(), tmp_path / "chromium")
    with serve(published_site) as server:
        pages = {
            lang: chromium.load(server.url(f"output/{name}"))
            for lang, name in (
                ("en", "index.html"),
                ("fr", "index.fr.html"),
                ("ja", "index.ja.html"),
            )
        }
    releases = {
        lang: [
            (li.attrs["id"], li.attrs["data-mark"])
            for li in page.document.find_all("li")
            if "data-mark" in li.attrs
        ]
        for lang, page in pages.items()
    }
    # Newest first; the new release has no translation yet, the older one is kept.
    assert releases == {
        "en": [("pr052-2016", ""), (SEED, "")],
        "fr": [("pr052-2016", "missing"), (SEED, "awaiting")],
        "ja": [("pr052-2016", "missing"), (SEED, "awaiting")],
    }
    fr, ja = pages["fr"].document, pages["ja"].document
    assert [t.text for t in fr.find_all("time")] == ["2 avril 2016", "11 mars 2016"]
    assert [t.text for t in ja.find_all("time")] == ["2016年4月2日", "2016年3月11日"]
    assert [(h.attrs["lang"], h.text) for h in fr.find_all("h2")] == [
        (
            "en",
            "CNES and JAXA sign a new agreement in France-Japan space dialogue pas encore traduit",
        ),
        (
            "fr",
            "Le CNES étroitement associé au dialogue spatial franco-japonais "
            "en attente de mise à jour",
        ),
    ]
    assert ja.find_all("h2")[1].text == "CNES、日仏宇宙対話に深く関与 更新待ち"
    en_title = pages["en"].document.find_all("h2")[1]
    assert en_title.attrs["lang"] == "en" and NEW.split()[0] not in en_title.text
