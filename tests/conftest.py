"""Shared fixtures: a copy of the sample workspace and a CLI runner through the real entry point."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from transpress.cli import main

# argostranslate reads its directories from the environment once, at import, and creates
# them: point them at a throw-away folder before anything imports it.
_ARGOS_HOME = Path(tempfile.mkdtemp(prefix="transpress-tests-argos-"))
for _name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
    os.environ[_name] = str(_ARGOS_HOME / _name.lower())
os.environ["ARGOS_PACKAGES_DIR"] = str(_ARGOS_HOME / "packages")
os.environ["ARGOS_PACKAGE_INDEX"] = "http://127.0.0.1:9/"  # nothing listens: never the internet

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"


@dataclass(frozen=True)
class Result:
    """What one CLI run printed and returned."""

    code: int
    out: str
    err: str


Run = Callable[..., Result]


@pytest.fixture(autouse=True)
def _reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1457654400")  # 2016-03-11


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A copy of the repository's sample workspace (seed release and reviewed catalogues)."""
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(REPO / "transpress.toml", root)
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "locale", root / "locale")
    return root


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run `transpress ARGS...` in-process through main(), the real error funnel."""

    def runner(*args: str | Path) -> Result:
        capsys.readouterr()
        try:
            code = main([str(a) for a in args]) or 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return runner


#: What commands may write without changing the workspace: the lock every writing command
#: takes, and the build cache (derived data, safe to delete; tests/test_buildcache.py holds
#: it to never being trusted over the files and to not being rewritten by a no-op run).
DERIVED = (".transpress/lock", ".transpress/build.json", ".transpress/checks.json")


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, to prove what a command did not touch (but
    the DERIVED files)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).as_posix() not in DERIVED
    }


def set_setting(root: Path, key: str, value: str) -> None:
    """Set a top-level key of a workspace's transpress.toml (TOML `value`), as an editor
    would: its line replaced where it has one, else added after the threshold."""
    config = root / "transpress.toml"
    text = config.read_text("utf-8")
    line = re.compile(rf"^{re.escape(key)} = .*$", re.MULTILINE)
    if line.search(text):
        text = line.sub(lambda _: f"{key} = {value}", text, count=1)
    else:
        text = re.sub(
            r"(?m)^threshold = .*$", lambda m: f"{m.group()}\n{key} = {value}", text, count=1
        )
    config.write_text(text, "utf-8")


def publish_unreviewed(root: Path) -> None:
    """Let a workspace publish languages below the reviewed threshold, with a notice."""
    config = root / "transpress.toml"
    text = config.read_text("utf-8")
    assert 'below_threshold = "skip"' in text
    config.write_text(
        text.replace('below_threshold = "skip"', 'below_threshold = "notice"'), "utf-8"
    )


def machine_note(
    provenance: str, msgstr: str, msgid: str, score: float | None = None, protection: str = ""
) -> str:
    """The comment transpress writes on a machine draft: provenance (and how its protected
    spans went through), fingerprints and the model's confidence (a copy model is sure of
    every piece: 1.00)."""
    from transpress.catalog.entries import stamp_line

    lines = [f"mt: {part}" for part in provenance.split(" + ")]
    if protection:
        lines.append(f"mt: {protection}")
    lines.append(stamp_line(msgid, msgstr))
    if score is not None:
        lines.append(f"mt-score: {score:.2f}")
    return "\n".join(lines)


def put_in_review(root: Path) -> None:
    """French: one entry per state (reviewed, machine draft, outdated, fuzzy, untranslated);
    Japanese: one machine draft, the rest reviewed. Edited as a PO editor would (polib)."""
    import polib

    fr = polib.pofile(str(root / "locale" / "fr" / "LC_MESSAGES" / "pr051-2016.po"))
    active = [e for e in fr if not e.obsolete]
    active[1].flags.append("fuzzy")
    active[1].tcomment = machine_note(
        "argos translate-en_fr 1.9", active[1].msgstr, active[1].msgid
    )
    active[2].flags.append("fuzzy")
    active[2].previous_msgid = "An older wording."
    active[3].flags.append("fuzzy")
    active[4].msgstr = ""
    fr.save()
    ja = polib.pofile(str(root / "locale" / "ja" / "LC_MESSAGES" / "pr051-2016.po"))
    ja[0].flags.append("fuzzy")
    ja[0].tcomment = machine_note("argos translate-en_ja 1.9", ja[0].msgstr, ja[0].msgid)
    ja.save()


@pytest.fixture
def packages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty Argos package folder for this test."""
    folder = tmp_path / "argos-packages"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def archives(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Real .argosmodel files: a visible en→fr swap model and copy models for the rest."""
    from .tiny_argos import SWAP_EN_FR, build_argos_package

    folder = tmp_path_factory.mktemp("archives")
    built = {"en-fr": build_argos_package(folder / "swap", "en", "fr", mapping=SWAP_EN_FR)}
    for a, b in (("en", "ja"), ("fr", "en"), ("ja", "en"), ("fr", "ja")):
        built[f"{a}-{b}"] = build_argos_package(folder / "copy", a, b)
    return built


def install_with_argos(*archives: Path) -> None:
    """Install packages with argostranslate's own API, as a user of Argos would."""
    from argostranslate import package

    from transpress.engines.argos import argos_settings

    argos_settings()  # the package folder of this test
    for archive in archives:
        package.install_from_path(archive)
