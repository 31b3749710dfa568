"""The build cache (.transpress/build.json): a run with nothing to do reads nothing, and the
cache is never trusted over the files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from transpress import buildcache
from transpress.catalog import pofile
from transpress.workspace import Workspace

from .conftest import Run, snapshot

SEED = "pr051-2016"
CACHE = Path(".transpress") / "build.json"


def _outputs(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted((root / "output").rglob("*"))
        if p.is_file()
    }


def _clone(workspace: Path, count: int) -> None:
    """More releases: copies of the sample under other ids, with their catalogues."""
    source = workspace / "sources" / f"{SEED}.txt"
    for number in range(count):
        name = f"pr{number:03d}-2017"
        shutil.copy(source, workspace / "sources" / f"{name}.txt")
        for lang in ("fr", "ja"):
            folder = workspace / "locale" / lang / "LC_MESSAGES"
            text = (folder / f"{SEED}.po").read_text("utf-8")
            (folder / f"{name}.po").write_text(text.replace(SEED, name), "utf-8")


class Reads:
    """Counts releases read and catalogues parsed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self.releases = 0
        self.catalogues = 0
        read_release, parse_po = Workspace.read_release, pofile.parse_po

        def counted_release(workspace: Workspace, path: Path):  # type: ignore[no-untyped-def]
            self.releases += 1
            return read_release(workspace, path)

        def counted_po(text: str, **kwargs):  # type: ignore[no-untyped-def]
            self.catalogues += 1
            return parse_po(text, **kwargs)

        monkeypatch.setattr(Workspace, "read_release", counted_release)
        monkeypatch.setattr(pofile, "parse_po", counted_po)


def _age(root: Path, seconds: float = 5.0) -> None:
    """Make every file older than the racy window, as if the last run was a while ago."""
    for path in root.rglob("*"):
        if path.is_file() and path.relative_to(root) != CACHE:
            st = path.stat()
            os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns - int(seconds * 1e9)))


def test_publish_with_nothing_to_do_reads_nothing_and_writes_nothing(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clone(workspace, 3)
    first = run("-C", workspace, "publish")
    assert first.code == 0, first.err
    published, cache = _outputs(workspace), (workspace / CACHE).read_bytes()
    reads = Reads(monkeypatch)
    second = run("-C", workspace, "publish")
    assert second.code == 0, second.err
    assert (reads.releases, reads.catalogues) == (0, 0)
    assert "0 file(s) written" in second.out
    assert _outputs(workspace) == published
    assert (workspace / CACHE).read_bytes() == cache  # a no-op run does not rewrite it


def test_a_no_op_run_reports_what_a_full_run_reports(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "publish").code == 0
    cached = run("-C", workspace, "publish")
    (workspace / CACHE).unlink()
    full = run("-C", workspace, "publish")
    assert cached.out == full.out
    assert "0 file(s) written" in full.out


def test_extract_with_nothing_to_do_parses_nothing(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clone(workspace, 2)
    assert run("-C", workspace, "extract").code == 0
    before = snapshot(workspace)
    reads = Reads(monkeypatch)
    again = run("-C", workspace, "extract")
    assert again.code == 0, again.err
    assert (reads.releases, reads.catalogues) == (0, 0)
    assert snapshot(workspace) == before
    assert f"{SEED} (en): 18 messages, template unchanged" in again.out


def test_one_edited_sentence_rebuilds_only_its_release(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clone(workspace, 3)
    assert run("-C", workspace, "publish").code == 0
    before = snapshot(workspace)
    source = workspace / "sources" / "pr001-2017.txt"
    source.write_text(source.read_text("utf-8").replace("inaugural", "first"), "utf-8")
    reads = Reads(monkeypatch)
    assert run("-C", workspace, "extract").code == 0
    result = run("-C", workspace, "publish")
    assert result.code == 0, result.err
    assert reads.releases == 2  # the edited release, once by extract and once by publish
    after = snapshot(workspace)
    changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
    assert changed <= {
        "sources/pr001-2017.txt",
        "locale/pr001-2017.pot",
        "locale/fr/LC_MESSAGES/pr001-2017.po",
        "locale/ja/LC_MESSAGES/pr001-2017.po",
        *(
            f"output/pr001-2017/{lang}.{fmt}"
            for lang in ["en", "fr", "ja"]
            for fmt in ["html", "md", "txt"]
        ),
        # The translations now show a draft: the indexes mark them, their snapshots change.
        *("output/index.html", "output/index.fr.html", "output/index.ja.html"),
        *(f".transpress/published/pr001-2017/{lang}.json" for lang in ["fr", "ja"]),
    }
    assert "output/pr001-2017/en.html" in changed
    assert "first meeting" in (workspace / "output" / "pr001-2017" / "en.html").read_text("utf-8")


@pytest.mark.parametrize("restore_mtime", [False, True])
def test_a_catalogue_edited_behind_the_caches_back_is_published(
    workspace: Path, run: Run, restore_mtime: bool
) -> None:
    assert run("-C", workspace, "publish").code == 0
    _age(workspace)
    po = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    st = po.stat()
    text = po.read_text("utf-8")
    old = "Le CNES étroitement associé"
    new = "Le CNES fortement impliqué  "  # the same length in bytes: the size says nothing
    assert len(old.encode()) == len(new.encode())
    with po.open("r+b") as handle:  # in place: the same inode
        handle.write(text.replace(old, new).encode("utf-8"))
    if restore_mtime:  # and the same mtime: only the ctime (and the content) tell
        os.utime(po, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert run("-C", workspace, "publish").code == 0
    assert new.strip() in (workspace / "output" / SEED / "fr.html").read_text("utf-8")


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        b'{"format": 1, "key": 3}',
        b'{"format": 1, "key": "x", "releases": []}',
        None,  # the cache of another workspace's settings: another key
    ],
)
def test_a_damaged_or_foreign_cache_is_rebuilt_not_obeyed(
    workspace: Path, run: Run, damage: bytes | None
) -> None:
    assert run("-C", workspace, "publish").code == 0
    expected = _outputs(workspace)
    cache = workspace / CACHE
    data = cache.read_bytes()
    if damage is None:
        key = data.split(b'"key":"')[1].split(b'"')[0]
        data = data.replace(key, b"0" * len(key))
        cache.write_bytes(data)
    else:
        cache.write_bytes(damage)
    shutil.rmtree(workspace / "output")
    result = run("-C", workspace, "publish")
    assert result.code == 0, result.err
    assert _outputs(workspace) == expected


def test_a_cache_whose_records_lie_is_not_believed(workspace: Path, run: Run) -> None:
    """Records that claim an edition that is not there, or a digest that is not the file's."""
    assert run("-C", workspace, "publish").code == 0
    expected = _outputs(workspace)
    (workspace / "output" / SEED / "fr.md").unlink()
    page = workspace / "output" / SEED / "ja.txt"
    page.write_text("tampered\n", "utf-8")
    assert run("-C", workspace, "publish").code == 0
    assert _outputs(workspace) == expected


def test_settings_and_templates_are_part_of_the_key(workspace: Path, run: Run) -> None:
    assert run("-C", workspace, "publish").code == 0
    templates = workspace / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "release.txt.j2").write_text("{{ edition.lang }} only\n", "utf-8")
    assert run("-C", workspace, "publish").code == 0
    assert (workspace / "output" / SEED / "fr.txt").read_text("utf-8") == "fr only\n"
    other = workspace / "other-templates"
    other.mkdir()
    (other / "release.txt.j2").write_text("{{ edition.lang }} from the other folder\n", "utf-8")
    config = workspace / "transpress.toml"
    text = config.read_text("utf-8").replace(
        'templates = "templates"', 'templates = "other-templates"'
    )
    config.write_text(text, "utf-8")
    result = run("-C", workspace, "publish")
    assert result.code == 0, result.err
    assert (workspace / "output" / SEED / "fr.txt").read_text(
        "utf-8"
    ) == "fr from the other folder\n"


def test_deleting_the_cache_is_always_safe(workspace: Path, run: Run) -> None:
    _clone(workspace, 2)
    assert run("-C", workspace, "publish").code == 0
    source = workspace / "sources" / "pr000-2017.txt"
    source.write_text(source.read_text("utf-8").replace("inaugural", "first"), "utf-8")
    assert run("-C", workspace, "publish").code == 0
    with_cache = snapshot(workspace)
    (workspace / CACHE).unlink()
    assert run("-C", workspace, "publish").code == 0
    assert snapshot(workspace) == with_cache


def test_stamps_written_close_to_the_recording_are_racy() -> None:
    recorded = 10_000_000_123
    fresh = buildcache.Stamp(1, recorded - 1_000, recorded - 1_000, 1, "x")
    old = buildcache.Stamp(1, recorded - 10**9 + 7, recorded - 10**9 + 7, 1, "x")
    assert fresh.racy(recorded) and not old.racy(recorded)
    # Times in whole seconds (FAT, SMB): anything within two seconds is racy.
    assert buildcache.Stamp(1, 9 * 10**9, 9 * 10**9, 1, "x").racy(recorded)


def test_a_racy_file_is_compared_by_content(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>one</p>", "utf-8")
    stamp = buildcache.stamp_known(page, buildcache.sha256_of(b"<p>one</p>"))
    assert isinstance(stamp, buildcache.Stamp)
    assert buildcache.still(page, stamp, recorded_ns=stamp.mtime_ns + 1)  # racy: read, same
    st = page.stat()
    page.write_text("<p>two</p>", "utf-8")  # same size
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    forged = buildcache.Stamp(
        stamp.size, stamp.mtime_ns, page.stat().st_ctime_ns, page.stat().st_ino, stamp.sha256
    )  # even a stat that matches in every field
    assert not buildcache.still(page, forged, recorded_ns=stamp.mtime_ns + 1)


def test_a_stamp_is_only_taken_of_the_content_transpress_knows(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<p>saved by someone else</p>", "utf-8")
    assert buildcache.stamp_known(page, buildcache.sha256_of(b"<p>ours</p>")) is None
    assert buildcache.stamp_known(tmp_path / "gone.html", None) == buildcache.ABSENT
    assert buildcache.stamp_known(page, None) is None  # should be absent, is there


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_status_of_recorded_releases_reads_nothing_and_says_the_same(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    _clone(workspace, 2)
    assert run("-C", workspace, "publish").code == 0
    reads = Reads(monkeypatch)
    cached = run("-C", workspace, "status", "--format", fmt)
    assert cached.code == 0, cached.err
    assert (reads.releases, reads.catalogues) == (0, 0)
    (workspace / CACHE).unlink()
    full = run("-C", workspace, "status", "--format", fmt)
    assert cached.out == full.out
    assert reads.releases == 3


def test_status_reads_a_recorded_release_with_entries_waiting_for_review(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    text = po.read_text("utf-8")
    po.write_text(
        text.replace("#: sources/pr051-2016.txt:8\n", "#: sources/pr051-2016.txt:8\n#, fuzzy\n", 1),
        "utf-8",
    )
    assert run("-C", workspace, "publish").code == 0
    reads = Reads(monkeypatch)
    cached = run("-C", workspace, "status", "--format", "json")
    assert reads.releases == 1  # it lists the waiting entries, so it reads them
    (workspace / CACHE).unlink()
    assert run("-C", workspace, "status", "--format", "json").out == cached.out


CHECKS = Path(".transpress") / "checks.json"


def test_check_remembers_findings_and_reads_only_what_changed(
    workspace: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    _clone(workspace, 2)
    assert run("-C", workspace, "publish").code == 0
    _age(workspace)  # then recorded again, out of the racy window
    assert run("-C", workspace, "publish").code == 0
    first = run("-C", workspace, "check", "--format", "json")
    assert (workspace / CHECKS).is_file()
    reads = Reads(monkeypatch)
    again = run("-C", workspace, "check", "--format", "json")
    assert (again.code, again.out) == (first.code, first.out)
    assert (reads.releases, reads.catalogues) == (0, 0)
    # a catalogue edited behind the memo's back (same size, same mtime): read, and checked
    po = workspace / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"
    st = po.stat()
    text = po.read_text("utf-8")
    old, new = "associé", "associ ?"  # the same size in bytes, and a French spacing error
    assert len(old.encode()) == len(new.encode())
    po.write_text(text.replace(old, new, 1), "utf-8")
    os.utime(po, ns=(st.st_atime_ns, st.st_mtime_ns))
    edited = run("-C", workspace, "check", "--format", "json")
    assert edited.out != first.out
    assert reads.catalogues == 1  # that catalogue only
    assert edited.out == run("-C", workspace, "check", "--format", "json").out


@pytest.mark.parametrize("damage", [b"", b"{", b'{"format": 2, "key": 1, "files": 3}'])
def test_a_damaged_findings_memo_is_rebuilt_not_obeyed(
    workspace: Path, run: Run, damage: bytes
) -> None:
    first = run("-C", workspace, "check", "--format", "json")
    (workspace / CHECKS).write_bytes(damage)
    assert run("-C", workspace, "check", "--format", "json").out == first.out
    (workspace / CHECKS).unlink()
    assert run("-C", workspace, "check", "--format", "json").out == first.out


def test_the_glossary_is_part_of_the_findings_key(workspace: Path, run: Run) -> None:
    first = run("-C", workspace, "check", "--format", "json")
    (workspace / "glossary.csv").write_text("en,fr,ja,dnt\nCNES,Centre zzz,シーネス,no\n")
    changed = run("-C", workspace, "check", "--format", "json")
    fresh = workspace / CHECKS
    fresh.unlink()
    assert changed.out == run("-C", workspace, "check", "--format", "json").out
    assert changed.out != first.out  # the new term is now checked


def test_a_template_failing_on_a_later_release_changes_nothing(workspace: Path, run: Run) -> None:
    """Pages are staged release after release and put in place only when all rendered."""
    _clone(workspace, 3)
    assert run("-C", workspace, "publish").code == 0
    templates = workspace / "templates"
    templates.mkdir(exist_ok=True)
    packaged = Path(__file__).parents[1] / "src" / "transpress" / "templates" / "release.md.j2"
    (templates / "release.md.j2").write_text(
        '{% if edition.release_id == "pr002-2017" %}{{ 1 / 0 }}{% endif %}'
        + packaged.read_text("utf-8"),
        "utf-8",
    )
    before = snapshot(workspace)
    result = run("-C", workspace, "publish")
    assert result.code == 6, result.err
    assert "division by zero" in result.err
    assert snapshot(workspace) == before  # no page of an earlier release, no temporary


@pytest.mark.parametrize("damage", [b"{not json", b'{"inputs": 3}', b"[]"])
def test_a_damaged_record_is_rebuilt_not_obeyed(workspace: Path, run: Run, damage: bytes) -> None:
    """One release's record (a line of the cache) damaged: that release is built again."""
    assert run("-C", workspace, "publish").code == 0
    expected = _outputs(workspace)
    cache = workspace / CACHE
    header, *records = cache.read_bytes().splitlines()
    damaged = [
        r.split(b"\t")[0] + b"\t" + damage if r.startswith(SEED.encode()) else r for r in records
    ]
    assert damaged != records
    cache.write_bytes(b"\n".join([header, *damaged]) + b"\n")
    shutil.rmtree(workspace / "output")
    result = run("-C", workspace, "publish")
    assert result.code == 0, result.err
    assert _outputs(workspace) == expected
