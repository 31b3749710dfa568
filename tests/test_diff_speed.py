"""`transpress diff REV` on a large archive: a constant number of git processes whatever the
number of catalogues, and a catalogue whose bytes did not change is never parsed."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import transpress.diff
from transpress.vcs import blob_id, read_blobs

from .conftest import REPO, Run

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MANY = 300


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `root` as a user would, with a fixed identity."""
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        input=stdin,
        check=True,
        capture_output=True,
    ).stdout


def catalogue(release: str, translations: dict[str, str], *, lang: str = "fr") -> str:
    """A small reviewed catalogue: msgid -> msgstr."""
    lines = [
        'msgid ""',
        'msgstr ""',
        f'"Project-Id-Version: {release}\\n"',
        f'"Language: {lang}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        "",
    ]
    for msgid, msgstr in translations.items():
        lines += [f'msgid "{msgid}"', f'msgstr "{msgstr}"', ""]
    return "\n".join(lines)


def po_path(root: Path, release: str, lang: str = "fr") -> Path:
    return root / "locale" / lang / "LC_MESSAGES" / f"{release}.po"


def write_po(root: Path, release: str, translations: dict[str, str], lang: str = "fr") -> Path:
    path = po_path(root, release, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(catalogue(release, translations, lang=lang), "utf-8")
    return path


def release(i: int) -> str:
    return f"pr{i:03d}-2016"


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    """A workspace and git repository of MANY small French catalogues, one commit."""
    root = tmp_path / "archive"
    (root / "locale").mkdir(parents=True)
    shutil.copy(REPO / "transpress.toml", root)
    for i in range(MANY):
        write_po(root, release(i), {f"Title {i}.": f"Titre {i}.", f"Body {i}.": f"Corps {i}."})
    git(root, "init", "-q")
    commit(root, "archive")
    return root


@pytest.fixture
def processes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """The command line of every process started from now on."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def counting(args: Any, *rest: Any, **options: Any) -> Any:
        started.append([str(a) for a in args])
        return real(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", counting)
    yield started


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[object]]:
    """What diff parses: the working-tree paths it reads and the revision texts it parses."""
    calls: dict[str, list[object]] = {"read_entries": [], "entries_from_text": []}

    def counted(name: str) -> Callable[[Any], Any]:
        real = getattr(transpress.diff, name)

        def wrapper(argument: Any) -> Any:
            calls[name].append(argument)
            return real(argument)

        return wrapper

    for name in calls:
        monkeypatch.setattr(transpress.diff, name, counted(name))
    return calls


def changed_lines(text: str) -> list[str]:
    """The lines of a text diff that name a catalogue or a change."""
    return [line for line in text.splitlines()[2:] if line and not line.startswith("    ")]


def test_diff_between_two_commits_runs_as_many_git_processes_for_any_number_of_catalogues(
    archive: Path, run: Run, processes: list[list[str]]
) -> None:
    write_po(archive, release(123), {"Title 123.": "Titre 123.", "Body 123.": "Texte 123."})
    commit(archive, "one edit")
    processes.clear()
    result = run("-C", archive, "diff", "HEAD~1", "HEAD")
    assert result.code == 0, result.err
    assert changed_lines(result.out) == [
        "pr123-2016 [fr]: 0 newly reviewed, 0 newly outdated, 0 new, 0 removed, "
        "1 changed translations",
        "  changed translations: Body 123.",
    ]
    assert "    - Corps 123.  (reviewed)" in result.out
    assert "    + Texte 123.  (reviewed)" in result.out
    # Per revision: rev-parse twice, ls-tree, cat-file; never one process per catalogue.
    assert len(processes) <= 8, processes
    assert sum("cat-file" in p for p in processes) == 2
    assert not any("show" in p for p in processes)


def test_diff_against_the_working_tree_parses_only_the_changed_catalogue(
    archive: Path, run: Run, processes: list[list[str]], parsed: dict[str, list[object]]
) -> None:
    changed = write_po(archive, release(7), {"Title 7.": "Titre 7 !", "Body 7.": "Corps 7."})
    processes.clear()
    result = run("-C", archive, "diff", "HEAD", "--format", "json")
    assert result.code == 0, result.err
    assert len(processes) <= 5, processes
    assert parsed["read_entries"] == [changed]
    (text,) = parsed["entries_from_text"]
    assert isinstance(text, str) and "Titre 7." in text
    data = json.loads(result.out)
    assert data["summary"]["changed"] == 1 and sum(data["summary"].values()) == 1
    (only,) = data["catalogues"]
    assert (only["release"], only["lang"]) == (release(7), "fr")
    (change,) = only["changes"]["changed"]
    assert (change["msgid"], change["old_msgstr"], change["new_msgstr"]) == (
        "Title 7.",
        "Titre 7.",
        "Titre 7 !",
    )


def test_no_change_reads_no_catalogue_at_all(
    archive: Path, run: Run, processes: list[list[str]], parsed: dict[str, list[object]]
) -> None:
    result = run("-C", archive, "diff", "HEAD")
    assert result.code == 0, result.err
    assert result.out.endswith("no change in any catalogue\n")
    assert parsed == {"read_entries": [], "entries_from_text": []}
    assert not any("cat-file" in p for p in processes)  # no blob needed reading


def test_html_output_and_folder_mode_are_unchanged(archive: Path, run: Run, tmp_path: Path) -> None:
    before = tmp_path / "before"
    shutil.copytree(archive / "locale", before / "locale")
    write_po(archive, release(5), {"Title 5.": "Titre cinq.", "Body 5.": "Corps 5."})
    page = tmp_path / "diff.html"
    assert run("-C", archive, "diff", "HEAD", "--format", "html", "-o", page).code == 0
    assert '<p class="text new" lang="fr">Titre <ins>cinq</ins>.</p>' in page.read_text("utf-8")
    folders = run("-C", archive, "diff", before, archive).out
    assert changed_lines(folders) == changed_lines(run("-C", archive, "diff", "HEAD").out)
    assert "  changed translations: Title 5." in folders


def test_a_catalogue_on_one_side_only(
    archive: Path, run: Run, parsed: dict[str, list[object]]
) -> None:
    po_path(archive, release(0)).unlink()
    added = write_po(archive, "pr999-2016", {"Added.": "Ajouté."}, lang="ja")
    data = json.loads(run("-C", archive, "diff", "HEAD", "--format", "json").out)
    assert data["summary"] == {
        "newly_reviewed": 0,
        "newly_outdated": 0,
        "new": 1,
        "removed": 2,
        "changed": 0,
    }
    found = {(c["release"], c["lang"]): c["summary"] for c in data["catalogues"]}
    assert set(found) == {(release(0), "fr"), ("pr999-2016", "ja")}
    assert parsed["read_entries"] == [added]
    assert len(parsed["entries_from_text"]) == 1  # the removed one, as committed
    commit(archive, "remove one, add one")
    between = json.loads(run("-C", archive, "diff", "HEAD~1", "HEAD", "--format", "json").out)
    assert between["summary"] == data["summary"]


@pytest.mark.parametrize("folder", ["plain", "espace de travail été 2016"])
def test_names_with_spaces_and_non_ascii(tmp_path: Path, run: Run, folder: str) -> None:
    root = tmp_path / folder
    (root / "locale").mkdir(parents=True)
    shutil.copy(REPO / "transpress.toml", root)
    name = "communiqué d’été 2016"
    write_po(root, name, {"Summer.": "Été."})
    write_po(root, "日本語 リリース", {"Launch.": "打ち上げ。"}, lang="ja")
    git(root, "init", "-q")
    commit(root, "names")
    write_po(root, name, {"Summer.": "L’été."})
    text = run("-C", root, "diff", "HEAD").out
    assert changed_lines(text) == [
        f"{name} [fr]: 0 newly reviewed, 0 newly outdated, 0 new, 0 removed, "
        "1 changed translations",
        "  changed translations: Summer.",
    ]
    write_po(root, "日本語 リリース", {"Launch.": "発射。"}, lang="ja")
    commit(root, "both edited")
    data = json.loads(run("-C", root, "diff", "HEAD~1", "HEAD", "--format", "json").out)
    found = {(c["release"], c["lang"]): c["changes"]["changed"] for c in data["catalogues"]}
    assert {key: [x["new_msgstr"] for x in changes] for key, changes in found.items()} == {
        (name, "fr"): ["L’été."],
        ("日本語 リリース", "ja"): ["発射。"],
    }


def test_catalogues_larger_than_a_pipe_buffer_are_read_whole(archive: Path, run: Run) -> None:
    big = {f"Sentence number {n} of a long release.": f"Phrase {n} " + "é" * 40 for n in range(900)}
    write_po(archive, release(10), big)
    write_po(archive, release(11), {"Title 11.": "Titre 11.", "Body 11.": "Corps 11."})
    commit(archive, "a long release")
    assert po_path(archive, release(10)).stat().st_size > 64 * 1024
    big["Sentence number 899 of a long release."] = "La dernière phrase."
    write_po(archive, release(10), big)
    write_po(archive, release(11), {"Title 11.": "Titre onze.", "Body 11.": "Corps 11."})
    write_po(archive, release(12), {"Title 12.": "Titre 12.", "Body 12.": "Corps douze."})
    commit(archive, "edits after it")
    data = json.loads(run("-C", archive, "diff", "HEAD~1", "HEAD", "--format", "json").out)
    changes = {c["release"]: c["changes"]["changed"] for c in data["catalogues"]}
    assert {r: [(x["msgid"], x["new_msgstr"]) for x in c] for r, c in changes.items()} == {
        release(10): [("Sentence number 899 of a long release.", "La dernière phrase.")],
        release(11): [("Title 11.", "Titre onze.")],
        release(12): [("Body 12.", "Corps douze.")],
    }
    assert sum(data["summary"].values()) == 3


def test_read_blobs_reads_exact_byte_counts(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    contents = [
        b"",
        b"\n",
        b"0123456789abcdef0123456789abcdef01234567 blob 12\nlooks like a header\n",
        bytes(range(256)) * 1024,  # 256 KiB, every byte value, NUL and newlines included
        "é\r\n".encode() * 40_000,
    ]
    ids = [
        git(tmp_path, "hash-object", "-w", "--stdin", stdin=c).decode().strip() for c in contents
    ]
    assert ids == [blob_id(c) for c in contents]
    found = read_blobs(tmp_path, [*reversed(ids), ids[0]])  # any order, repeats read once
    assert found == dict(zip(ids, contents, strict=True))
    assert read_blobs(tmp_path, []) == {}


def test_line_endings_git_converts_are_compared_not_skipped(
    archive: Path, run: Run, parsed: dict[str, list[object]]
) -> None:
    git(archive, "config", "core.autocrlf", "true")
    path = po_path(archive, release(3))
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))  # a Windows editor saved it
    git(archive, "add", "-A")
    assert git(archive, "status", "--porcelain").strip() == b""  # git stores it as it was
    result = run("-C", archive, "diff", "HEAD")
    assert result.code == 0, result.err
    assert result.out.endswith("no change in any catalogue\n")
    assert parsed["read_entries"] == [path]  # its bytes differ from the blob's: compared


def test_a_repository_of_the_locale_folder_alone(archive: Path, run: Run) -> None:
    locale = archive / "locale"
    shutil.rmtree(archive / ".git")
    git(locale, "init", "-q")
    commit(locale, "the translators' repository")
    write_po(archive, release(1), {"Title 1.": "Titre un.", "Body 1.": "Corps 1."})
    assert changed_lines(run("-C", archive, "diff", "HEAD").out) == [
        "pr001-2016 [fr]: 0 newly reviewed, 0 newly outdated, 0 new, 0 removed, "
        "1 changed translations",
        "  changed translations: Title 1.",
    ]
