"""Every command is documented: its --help carries an example, and the README shows it
(as sqlite-utils checks its own docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer.main

from policyscope.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands(cmd, prefix: str = ""):
    for name, sub in sorted(getattr(cmd, "commands", {}).items()):
        full = f"{prefix} {name}".strip()
        yield full, sub
        yield from _commands(sub, full)


COMMANDS = list(_commands(typer.main.get_command(app)))


def test_there_are_commands_to_check():
    names = {n for n, _c in COMMANDS}
    assert {"ingest", "facts", "ledger", "targets", "conflicts", "watch run"} <= names


@pytest.mark.parametrize(("name", "cmd"), COMMANDS, ids=[n for n, _c in COMMANDS])
def test_every_command_has_an_example_and_is_in_the_readme(name, cmd):
    text = f"{cmd.help or ''}\n{cmd.epilog or ''}"
    assert re.search(r"Example", text), f"'{name} --help' has no example"
    assert re.search(rf"policyscope[^\n`]*\b{re.escape(name)}\b", README), (
        f"the README shows no 'policyscope {name}'"
    )
