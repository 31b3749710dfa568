"""The README documents every command and every exit code the CLI has."""

from __future__ import annotations

import click

from transpress.cli import cli
from transpress.errors import EXIT_CODES

from .conftest import REPO


def _commands(group: click.Group, prefix: str = "transpress") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            names += _commands(command, f"{prefix} {name}")
        else:
            names.append(f"{prefix} {name}")
    return names


def test_every_command_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    missing = [name for name in _commands(cli) if f"`{name}" not in readme]
    assert not missing


def test_every_exit_code_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert all(f"| {code} |" in readme for code in EXIT_CODES)
