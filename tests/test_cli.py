"""How `ledger` starts: the command run is the only one its process imports and builds."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import REPO

from ledger import cli


def test_the_table_of_commands_names_the_module_that_registers_each() -> None:
    app = cli.commands()  # every command
    registered = {c.name or c.callback.__name__: c.callback.__module__ for c in app.registered_commands}
    registered |= {g.name: g.typer_instance.registered_callback.callback.__module__ for g in app.registered_groups}
    assert registered == {name: f"ledger.commands.{module}" for name, module in cli.COMMANDS.items()}


def test_help_lists_the_commands_in_the_order_of_the_table() -> None:
    app = cli.commands()
    names = [c.name or c.callback.__name__ for c in app.registered_commands] + [g.name for g in app.registered_groups]
    assert [n for n in cli.COMMANDS if n != "templates"] == names[:-1] and names[-1] == "templates"


@pytest.mark.parametrize("word", sorted(cli.COMMANDS))
def test_a_command_imports_only_its_own_module(word: str) -> None:
    code = (
        "import sys; from ledger import cli; app = cli.only_the_command_run(sys.argv[1:]);"
        "print(sorted(m for m in sys.modules if m.startswith('ledger.commands.')));"
        "print([c.name or c.callback.__name__ for c in app.registered_commands]"
        " + [g.name for g in app.registered_groups])"
    )
    done = subprocess.run([sys.executable, "-c", code, word], capture_output=True, text=True, cwd=REPO, check=True)
    modules, commands = done.stdout.splitlines()
    assert modules == str([f"ledger.commands.{cli.COMMANDS[word]}"])
    assert word in commands


@pytest.mark.parametrize("args", [[], ["--help"], ["lst"], ["--version"]])
def test_no_command_or_an_unknown_one_gets_them_all(args: list[str]) -> None:
    code = "import sys; from ledger import cli; app = cli.only_the_command_run(sys.argv[1:]);"
    code += "print(sorted({m for m in sys.modules if m.startswith('ledger.commands.')}))"
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO, check=True)
    expected = sorted({f"ledger.commands.{m}" for m in cli.COMMANDS.values()})
    assert done.stdout.strip() == str(expected)
