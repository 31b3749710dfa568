"""One plug-in system for readers, engines and checks: built-ins registered as anyone's,
one precedence rule, a broken plug-in a one-line error naming it (exit 14)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from transpress import plugins
from transpress.checks import registered_checks
from transpress.document import Release
from transpress.engines.argos import ArgosEngine
from transpress.readers import registered_readers

from .conftest import REPO, Run, install_with_argos


def test_the_built_ins_are_the_entry_points_pyproject_declares() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    declared = project["project"]["entry-points"]
    assert {group: declared[group] for group in plugins.BUILT_IN} == plugins.BUILT_IN


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[EntryPoint]]:
    """Entry points a test installs (beside transpress's own), registries cleared."""
    points: list[EntryPoint] = []

    def select(*, group: str) -> list[EntryPoint]:
        return [p for p in points if p.group == group]

    monkeypatch.setattr("transpress.plugins.entry_points", select)
    registered_readers.cache_clear()
    registered_checks.cache_clear()
    yield points
    registered_readers.cache_clear()
    registered_checks.cache_clear()


class MirrorEngine(ArgosEngine):
    """A third-party engine: Argos models, made with its own settings table."""

    name = "mirror"
    settings_seen: Mapping[str, Any] = {}

    def __init__(self, settings: Mapping[str, Any] | None = None) -> None:
        MirrorEngine.settings_seen = dict(settings or {})
        super().__init__()


def _not_starting(settings: Mapping[str, Any]) -> ArgosEngine:
    raise RuntimeError("licence server unreachable")


def test_a_workspace_chooses_a_plug_in_engine_in_one_line(
    workspace: Path,
    run: Run,
    installed: list[EntryPoint],
    packages: Path,
    archives: dict[str, Path],
) -> None:
    installed.append(EntryPoint("mirror", "tests.test_plugins:MirrorEngine", plugins.ENGINES))
    install_with_argos(archives["en-fr"])
    (workspace / "locale" / "fr" / "LC_MESSAGES" / "pr051-2016.po").unlink()
    config = workspace / "transpress.toml"
    config.write_text(
        'engine = "mirror"\n' + config.read_text("utf-8") + '\n[engines.mirror]\nflavour = "x"\n',
        "utf-8",
    )
    listed = run("-C", workspace, "models", "list")
    assert listed.code == 0 and listed.out.startswith("engine: mirror\n")
    result = run("-C", workspace, "translate", "--lang", "fr")
    assert result.code == 0, result.err
    assert MirrorEngine.settings_seen == {"flavour": "x"}
    assert "en→fr: 18 pending; 18 machine-translated" in result.out
    # --engine overrides the workspace's choice for one run.
    other = run("-C", workspace, "translate", "--engine", "argos", "--refresh", "--lang", "fr")
    assert other.code == 0, other.err


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("acme", "acme_mt.engine:Engine", "cannot be imported (ModuleNotFoundError: No module"),
        ("acme", "tests.test_plugins:_not_starting", "failed to start (RuntimeError: licence"),
        ("argos", "tests.test_plugins:MirrorEngine", "takes a built-in's name; rename it"),
    ],
)
def test_a_broken_engine_plug_in_is_one_line_naming_it(
    workspace: Path, run: Run, installed: list[EntryPoint], name: str, value: str, why: str
) -> None:
    installed.append(EntryPoint(name, value, plugins.ENGINES))
    config = workspace / "transpress.toml"
    config.write_text(f'engine = "{name}"\n' + config.read_text("utf-8"), "utf-8")
    result = run("-C", workspace, "translate")
    assert result.code == 14
    [line] = result.err.splitlines()
    assert line.startswith(f"transpress: error: engine plug-in '{name}' (an unknown distribution: ")
    assert why in line and "fix or uninstall the package that provides it" in line


def test_an_unknown_engine_names_transpress_toml_and_the_choices(workspace: Path, run: Run) -> None:
    config = workspace / "transpress.toml"
    config.write_text('engine = "deepl"\n' + config.read_text("utf-8"), "utf-8")
    result = run("-C", workspace, "translate")
    assert result.code == 4
    assert result.err.strip() == (
        "transpress: error: transpress.toml: no machine-translation engine 'deepl'; choose one "
        "of ['argos', 'libretranslate'] (engine = … in transpress.toml, or --engine)"
    )
    asked = run("-C", workspace, "translate", "--engine", "libretranslate")
    assert asked.code == 4
    assert "[engines.libretranslate] urls must list the servers" in asked.err


class RstReader:
    """A third-party reader: reStructuredText releases (title underlined, paragraphs)."""

    name = "rst"

    def claims(self, path: Path) -> bool:
        return path.suffix == ".rst"

    def read(self, text: str, *, release_id: str, source: str, language: str | None) -> Release:
        from transpress.readers.markdown import MarkdownReader

        title, _, body = text.partition("\n")
        body = body.lstrip("=\n")
        markdown = f"---\ntitle: {title}\ndate: 2026-03-01\nlanguage: en\n---\n\n{body}"
        return MarkdownReader().read(
            markdown, release_id=release_id, source=source, language=language
        )


class MarkdownThief(RstReader):
    name = "markdown"


def test_reader_plug_ins_come_after_the_built_ins_and_a_clash_is_refused(
    workspace: Path, run: Run, installed: list[EntryPoint]
) -> None:
    installed.append(EntryPoint("rst", "tests.test_plugins:RstReader", plugins.READERS))
    (workspace / "sources" / "pr300-2026.rst").write_text(
        "A release in reST\n=================\n\nThe agency launched a satellite.\n", "utf-8"
    )
    result = run("-C", workspace, "extract")
    assert result.code == 0, result.err
    assert "pr300-2026 (en): 2 messages" in result.out
    assert [r.name for r in registered_readers()] == ["markdown", "text", "rst"]
    installed.append(EntryPoint("markdown", "tests.test_plugins:MarkdownThief", plugins.READERS))
    registered_readers.cache_clear()
    refused = run("-C", workspace, "extract")
    assert refused.code == 14
    assert refused.err.strip() == (
        "transpress: error: reader plug-in 'markdown' (an unknown distribution: "
        "tests.test_plugins:MarkdownThief) takes a built-in's name; rename it in its entry "
        "points; fix or uninstall the package that provides it"
    )
