"""Hostile and broken input through the CLI: one line naming the file, the documented exit
code, nothing written (or, for input that is odd but valid, a result and no traceback);
and published pages whose links a real browser cannot turn into a script."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from .browser import Chromium, require_chromium, serve
from .conftest import Run, publish_unreviewed, snapshot
from .tools import msgfmt_check

SEED = "pr051-2016"
FR_PO = f"locale/fr/LC_MESSAGES/{SEED}.po"

Setup = Callable[[Path, Path], None]  # (workspace, a folder outside it)


def md_release(front: str, body: str = "CNES and JAXA signed an agreement.") -> str:
    return f"---\ntitle: Launch\n{front}\n---\n\n{body}\n"


def write(relative: str, text: str) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    return setup


def link_outside(relative: str) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        path = root / relative
        if path.exists():
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(outside, target_is_directory=True)

    return setup


def edit_catalogue(old: str, new: str) -> Setup:
    def setup(root: Path, outside: Path) -> None:
        path = root / FR_PO
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    return setup


@dataclass(frozen=True)
class Case:
    """Input, the command that meets it, and the one line it must give."""

    name: str
    setup: Setup
    command: tuple[str, ...]
    code: int
    message: str
    names: str  # the file the message must name


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
    for i in range(8)
)

CASES = [
    Case(
        "output linked outside",
        link_outside("output"),
        ("publish",),
        4,
        "output leads outside the workspace",
        "",
    ),
    Case(
        "locale linked outside",
        link_outside("locale/fr"),
        ("extract",),
        4,
        "locale/fr leads outside the workspace",
        "",
    ),
    Case(
        "an edition folder linked outside",
        link_outside(f"output/{SEED}"),
        ("publish",),
        4,
        f"output/{SEED} leads outside the workspace",
        "",
    ),
    Case(
        "a release named ..",
        write("sources/...txt", "Paris, 11 March 2016\n\nTitle\n\nText.\n"),
        ("publish",),
        3,
        "cannot name a release",
        "sources/",
    ),
    Case(
        "a release name with a newline",
        write("sources/a\nb.txt", "Paris, 11 March 2016\n\nTitle\n\nText.\n"),
        ("extract",),
        3,
        "cannot name a release",
        "sources/",
    ),
    Case(
        "YAML aliases (billion laughs)",
        write("sources/laughs.md", md_release(LAUGHS)),
        ("publish", "laughs"),
        3,
        "anchors or aliases",
        "sources/laughs.md",
    ),
    Case(
        "YAML nested without end",
        write("sources/deep.md", md_release("x: " + "[" * 5000 + "]" * 5000)),
        ("publish", "deep"),
        3,
        "nested too deeply",
        "sources/deep.md",
    ),
    Case(
        "a date that does not exist",
        write("sources/feb30.md", md_release("date: 2027-02-30")),
        ("publish", "feb30"),
        3,
        "front matter date '2027-02-30' is not an ISO date",
        "sources/feb30.md",
    ),
    Case(
        "a time that does not exist",
        write("sources/time.md", md_release("date: 2016-03-11 25:00")),
        ("publish", "time"),
        3,
        "is not an ISO date",
        "sources/time.md",
    ),
    Case(
        "front matter of a megabyte",
        write("sources/big.md", md_release("note: " + "x" * 1_000_000)),
        ("publish", "big"),
        3,
        "front matter over 64 KiB",
        "sources/big.md",
    ),
    Case(
        "a title that is a list",
        write("sources/list.md", "---\ntitle: [a, b]\n---\n\nText.\n"),
        ("publish", "list"),
        3,
        "`title:` must be text",
        "sources/list.md",
    ),
    Case(
        "a template that divides by zero",
        write("templates/release.html.j2", "{{ 1 / 0 }}"),
        ("publish",),
        6,
        "template error: division by zero",
        "templates/release.html.j2:1",
    ),
    Case(
        "a template that indexes past the end",
        write("templates/release.html.j2", "\n{{ [][3] }}"),
        ("publish",),
        6,
        "template error",
        "templates/release.html.j2:2",
    ),
    Case(
        "a template that includes itself",
        write("templates/release.html.j2", '{% include "release.html.j2" %}'),
        ("publish",),
        6,
        "include or call each other without end",
        "templates/release.html.j2",
    ),
    Case(
        "a report template that fails",
        write("templates/report.html.j2", "{{ dashboard.nothing.deeper }}"),
        ("report",),
        6,
        "template error",
        "templates/report.html.j2:1",
    ),
    Case(
        "an escape gettext does not know",
        edit_catalogue('msgstr "Contacts CNES"', 'msgstr "Contacts\\q CNES"'),
        ("extract",),
        5,
        "invalid escape sequence \\q",
        f"{FR_PO}:",
    ),
    Case(
        "an escape over a byte",
        edit_catalogue('msgstr "Contacts CNES"', 'msgstr "Contacts \\x110000"'),
        ("publish",),
        5,
        "more than a byte",
        f"{FR_PO}:",
    ),
    Case(
        "a catalogue with the same entry twice",
        edit_catalogue('msgid "Tel:"', 'msgid "CNES contacts"'),
        ("status",),
        5,
        "a second entry for msgid 'CNES contacts'",
        f"{FR_PO}:",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_is_one_line_its_exit_code_and_nothing_written(
    workspace: Path, tmp_path: Path, run: Run, case: Case
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    case.setup(workspace, outside)
    before = snapshot(workspace)
    result = run("-C", workspace, *case.command)
    assert result.code == case.code, result.err
    lines = result.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("transpress: error: "), result.err
    assert case.message in lines[0] and case.names in lines[0]
    assert "Traceback" not in result.err
    assert snapshot(workspace) == before
    assert not any(outside.iterdir()), "nothing may be written outside the workspace"


ODD_BUT_VALID = [
    ("a 5,000-digit reference", "sources/digits.md", md_release("reference: " + "7" * 5000)),
    (
        "private-use characters",
        "sources/private.md",
        md_release("language: en", "The \ue000 0\ue001 **sign** [x](https://cnes.fr) \ue000"),
    ),
]


@pytest.mark.parametrize(
    ("name", "relative", "text"), ODD_BUT_VALID, ids=[c[0] for c in ODD_BUT_VALID]
)
def test_odd_but_valid_input_is_published(
    workspace: Path, run: Run, name: str, relative: str, text: str
) -> None:
    write(relative, text)(workspace, workspace)
    release = Path(relative).stem
    result = run("-C", workspace, "publish", release, "--no-translate")
    assert result.code == 0, result.err
    page = (workspace / "output" / release / "en.html").read_text("utf-8")
    if release == "private":
        assert "\ue000 0\ue001" in page and "<strong>sign</strong>" in page


def test_a_line_separator_in_a_msgstr_is_read_and_kept_reviewed(workspace: Path, run: Run) -> None:
    # U+2028 is not a line end for gettext: a valid catalogue holding one must read, and
    # its entry stay reviewed, run after run
    path = workspace / FR_PO
    title = polib.pofile(str(path))[0].msgstr
    text = path.read_text("utf-8")  # written as msgcat writes it: the character raw
    path.write_text(text.replace(f'"{title}"', f'"{title}\u2028(relu)"', 1), "utf-8")
    msgfmt_check(path)
    for _ in range(2):
        assert run("-C", workspace, "extract").code == 0
        status = run("-C", workspace, "status", "--format", "json")
        rows = {row["lang"]: row for row in json.loads(status.out)}
        assert rows["fr"]["reviewed_segments"] == rows["fr"]["total_segments"] == 18
    assert "\u2028(relu)" in path.read_text("utf-8")


def test_a_full_disk_names_the_catalogue_and_keeps_the_old_one(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0 or os.system(f"mount -t tmpfs -o size=4m tmpfs {disk} 2>/dev/null"):
        pytest.skip("mounting a small tmpfs needs root (CI runs as root)")
    try:
        root = disk / "ws"
        shutil.copytree(workspace, root)
        (root / ".transpress").mkdir()
        source = root / "sources" / f"{SEED}.txt"
        source.write_text(
            source.read_text("utf-8").replace("proposed closer", "proposed much closer"), "utf-8"
        )
        with (disk / "filler").open("wb", buffering=0) as filler:  # fill it to the last block
            try:
                while True:
                    filler.write(b"x" * 4096)
                    filler.flush()
            except OSError:
                pass
        before = {k: v for k, v in snapshot(root).items() if k.startswith("locale/")}
        result = run("-C", root, "extract")
        assert result.code == 7, result.err
        assert result.err.startswith("transpress: error: locale/") and ".tmp" not in result.err
        assert "No space left on device" in result.err
        after = {k: v for k, v in snapshot(root).items() if k.startswith("locale/")}
        for name, data in after.items():
            assert data == before[name] or name.endswith(".pot"), name
        assert not list(root.rglob("*.tmp"))
    finally:
        os.system(f"umount {disk}")


HOSTILE_MD = """---
title: Links
contacts:
  website: "javascript://%0aalert(document.domain)"
  emails: [press@cnes.fr]
---

Read [the release](\x01javascript:alert(1)) or [this][1] or [that](java\tscript:alert(2)).

[1]: javascript:alert(3)
"""


def test_no_published_link_runs_a_script_in_a_browser(
    workspace: Path, run: Run, tmp_path: Path
) -> None:
    publish_unreviewed(workspace)
    (workspace / "sources" / "links.md").write_text(HOSTILE_MD, "utf-8")
    po_text = (workspace / FR_PO).read_text("utf-8")
    assert run("-C", workspace, "publish", "links", "--no-translate").code == 0
    assert po_text == (workspace / FR_PO).read_text("utf-8")
    out = workspace / "output"
    markdown = (out / "links" / "en.md").read_text("utf-8")
    assert "\\[1\\]: javascript:alert(3)" in markdown
    # A page that lists every link of the edition as the browser parsed it.
    (out / "probe.html").write_text(
        "<!doctype html><html><body><pre id=found></pre>"
        '<iframe id=f src="links/en.html"></iframe><script>'
        "document.getElementById('f').onload = function () {"
        " var doc = this.contentDocument, out = [];"
        " for (var a of doc.querySelectorAll('a[href]')) out.push(a.protocol);"
        " document.getElementById('found').textContent = out.join(' ') + ' DONE'; };"
        "</script></body></html>",
        "utf-8",
    )
    chromium = Chromium(require_chromium(), tmp_path / "chromium")
    with serve(out) as server:
        page = chromium.load(server.url("probe.html") + "?" + "x")
    found = page.document.by_id("found").text.split()
    assert found[-1] == "DONE", found  # the probe ran once the edition had loaded
    assert "mailto:" in found  # it saw the edition's links…
    assert set(found[:-1]) <= {"http:", "https:", "mailto:", "tel:"}, found  # …none a script
    assert not page.console


def test_diff_prints_no_control_character_and_its_template_errors_are_one_line(
    workspace: Path, tmp_path: Path, run: Run
) -> None:
    old = tmp_path / "old"
    shutil.copytree(workspace / "locale", old / "locale")
    po = polib.pofile(str(workspace / FR_PO))
    po[0].msgstr = "Le CNES\x1b]0;pwned\x07\x1b[2J"
    po.save()
    result = run("-C", workspace, "diff", old)
    assert result.code == 0
    assert "\x1b" not in result.out and "\\x1b]0;pwned\\x07" in result.out
    (workspace / "templates").mkdir()
    (workspace / "templates" / "diff.html.j2").write_text("{{ report.old / 0 }}", "utf-8")
    result = run("-C", workspace, "diff", old, "--format", "html")
    assert result.code == 6
    assert result.err.startswith("transpress: error: templates/diff.html.j2:1: template error")
    assert result.err.count("\n") == 1
