"""Every command is documented in the README and every option has help text."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from ledger.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_the_commands() -> None:
    assert COMMANDS == ["close", "export", "init", "list", "new", "reopen", "report", "show", "stats", "validate"]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_readme(name: str) -> None:
    assert f"### `ledger {name}" in README


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]
    assert command.help, f"{name} has no help"
    for param in command.params:
        assert getattr(param, "help", None), f"ledger {name}: {param.name} has no help"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = [line.strip() for line in README.splitlines() if line.startswith("    python3 -m venv")]
    assert blocks[:2] == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && ledger report",
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test]' && pytest",
    ]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert blocks[1] in ci
