"""Review tools: status of every catalogue, and diffs between versions (git or folders)."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from .conftest import Run, machine_note

SEED = "pr051-2016"


def fr_catalogue(root: Path) -> Path:
    return root / "locale" / "fr" / "LC_MESSAGES" / f"{SEED}.po"


def put_in_every_state(root: Path) -> None:
    """Reviewer's fixture: one French entry per state, the rest reviewed."""
    path = fr_catalogue(root)
    po = polib.pofile(str(path))
    active = [e for e in po if not e.obsolete]
    active[1].flags.append("fuzzy")
    active[1].tcomment = machine_note(
        "argos translate-en_fr 1.9", active[1].msgstr, active[1].msgid
    )
    active[2].flags.append("fuzzy")
    active[2].previous_msgid = "An older wording."  # outdated
    active[3].flags.append("fuzzy")  # a translator's own draft
    active[4].msgstr = ""  # untranslated
    po.append(
        polib.POEntry(msgid="A removed sentence.", msgstr="Une phrase retirée.", obsolete=True)
    )
    po.save()


def test_status_counts_each_state(workspace: Path, run: Run) -> None:
    put_in_every_state(workspace)
    result = run("-C", workspace, "status", "--lang", "fr", "--format", "json")
    assert result.code == 0, result.err
    (row,) = json.loads(result.out)
    assert {k: v for k, v in row.items() if k.endswith("_segments")} == {
        "reviewed_segments": 14,
        "machine_segments": 1,
        "outdated_segments": 1,
        "fuzzy_segments": 1,
        "untranslated_segments": 1,
        "obsolete_segments": 1,
        "total_segments": 18,
    }
    assert row["percent_reviewed"] == 77.8
    assert row["path"] == f"locale/fr/LC_MESSAGES/{SEED}.po"


def test_status_table_csv_and_fail_under(workspace: Path, run: Run) -> None:
    put_in_every_state(workspace)
    table = run("-C", workspace, "status")
    assert "pr051-2016 · 18 segments, 432 words\n  fr          14        1" in table.out
    assert "78%" in table.out
    rows = list(csv.DictReader(io.StringIO(run("-C", workspace, "status", "--format", "csv").out)))
    assert [(r["lang"], r["percent_reviewed"]) for r in rows] == [("fr", "77.8"), ("ja", "100.0")]
    failing = run("-C", workspace, "status", "--fail-under", "80")
    assert failing.code == 11
    assert failing.err == "below 80% reviewed: pr051-2016 [fr] 78%\n"
    assert run("-C", workspace, "status", "--fail-under", "75").code == 0


def test_status_sees_unextracted_source_edits_without_writing(workspace: Path, run: Run) -> None:
    source = workspace / "sources" / f"{SEED}.txt"
    source.write_text(source.read_text("utf-8").replace("Lastly, they", "Finally, they"), "utf-8")
    before = fr_catalogue(workspace).read_bytes()
    (row,) = json.loads(run("-C", workspace, "status", "--lang", "fr", "--format", "json").out)
    assert row["outdated_segments"] == 1
    assert fr_catalogue(workspace).read_bytes() == before


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repository(workspace: Path) -> Path:
    """The sample workspace as a git repository with one commit."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "sample")
    return workspace


def review_and_edit(root: Path, run: Run) -> None:
    """A day's work: a sentence edited in the source, a translation corrected."""
    source = root / "sources" / f"{SEED}.txt"
    source.write_text(source.read_text("utf-8").replace("Lastly, they", "Finally, they"), "utf-8")
    assert run("-C", root, "extract").code == 0
    po = polib.pofile(str(fr_catalogue(root)))
    title = po.find("CNES closely involved in France-Japan space dialogue")
    assert title is not None
    title.msgstr = "Le CNES au cœur du dialogue spatial franco-japonais"
    po.save()


def test_diff_against_a_commit(repository: Path, run: Run) -> None:
    review_and_edit(repository, run)
    result = run("-C", repository, "diff", "HEAD", "--format", "json")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["summary"] == {
        "newly_reviewed": 0,
        "newly_outdated": 2,
        "new": 0,
        "removed": 0,
        "changed": 1,
    }
    fr = next(c for c in data["catalogues"] if c["lang"] == "fr")
    (changed,) = fr["changes"]["changed"]
    assert changed["new_msgstr"] == "Le CNES au cœur du dialogue spatial franco-japonais"
    (outdated,) = fr["changes"]["newly_outdated"]
    assert outdated["old_msgid"].startswith("Lastly, they") and outdated["msgid"].startswith(
        "Finally"
    )


def test_diff_text_and_html(repository: Path, run: Run, tmp_path: Path) -> None:
    review_and_edit(repository, run)
    text = run("-C", repository, "diff", "HEAD").out
    assert text.splitlines()[1] == (
        "0 newly reviewed, 2 newly outdated, 0 new, 0 removed, 1 changed translations"
    )
    assert "    + Le CNES au cœur du dialogue spatial franco-japonais  (reviewed)" in text
    page = tmp_path / "diff.html"
    assert run("-C", repository, "diff", "HEAD", "--format", "html", "-o", page).code == 0
    html = page.read_text("utf-8")
    assert '<p class="text new" lang="fr">Le CNES <ins>au cœur du</ins> dialogue' in html


def test_diff_between_two_commits_sees_newly_reviewed(repository: Path, run: Run) -> None:
    review_and_edit(repository, run)
    git(repository, "commit", "-qam", "edit")
    po = polib.pofile(str(fr_catalogue(repository)))
    for entry in po.fuzzy_entries():
        entry.flags.remove("fuzzy")
        entry.previous_msgid = None
    po.save()
    git(repository, "commit", "-qam", "review")
    data = json.loads(run("-C", repository, "diff", "HEAD~1", "HEAD", "--format", "json").out)
    assert data["summary"]["newly_reviewed"] == 1


def test_diff_two_folders(workspace: Path, tmp_path: Path, run: Run) -> None:
    before = tmp_path / "before"
    shutil.copytree(workspace, before)
    (workspace / "sources" / "extra.txt").write_text("Title\n\nA brand new sentence.\n", "utf-8")
    assert run("-C", workspace, "extract").code == 0
    data = json.loads(run("-C", workspace, "diff", before, workspace, "--format", "json").out)
    assert data["summary"]["new"] == 4  # two sentences, two languages


def test_diff_unknown_revision_is_one_line(repository: Path, run: Run) -> None:
    result = run("-C", repository, "diff", "no-such-branch")
    assert result.code == 4
    assert "give a commit, branch or tag of this repository, or a folder" in result.err
    assert result.err.count("\n") == 1
