"""Every choice option reads what a Chinese keyboard types (SPEC 3.6): full-width letters and digits, and a
full-width space typed after the word, as --department and --category read them."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from typer import _click
from typer._types import TyperChoice

from ledger.cli import app
from ledger.core.model import DEFAULT_LABELS, Status
from ledger.options import lights_option, status_option


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def choice_options() -> list[tuple[str, str, str]]:
    """(command path, option, choice) for every Click Choice option of every command."""
    found = []

    def walk(command: _click.Command, path: list[str]) -> None:
        for param in command.params:
            if isinstance(param.type, TyperChoice):
                found.extend((" ".join(path), param.opts[0], str(c)) for c in param.type.choices)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


CHOICES = choice_options()


def test_the_walk_finds_the_choice_options() -> None:
    assert {("list", "--format", "json"), ("list", "--sort", "id"), ("stats", "--format", "table")} <= set(CHOICES)


@pytest.mark.parametrize(("path", "option", "choice"), CHOICES, ids=lambda x: x)
def test_every_choice_in_full_width_with_a_trailing_ideographic_space(path: str, option: str, choice: str) -> None:
    command = typer.main.get_command(app)
    for word in path.split():
        command = command.commands[word]  # type: ignore[attr-defined]
    param = next(p for p in command.params if p.opts[0] == option)
    ctx = _click.Context(command)
    for typed in (full_width(choice), f"{choice}\u3000", f"{full_width(choice)}\u3000", f"\u3000{choice} "):
        assert param.type.convert(typed, param, ctx) == choice


@pytest.mark.parametrize("status", list(Status))
def test_a_status_by_code_or_label_as_typed(status: Status) -> None:
    for typed in (full_width(status.value), f"{status.value}\u3000", f"{DEFAULT_LABELS[status]}\u3000"):
        assert status_option(typed) == status


def test_lights_as_typed() -> None:
    assert lights_option(["ｒｅｄ，ｙｅｌｌｏｗ\u3000", "ｇｒｅｅｎ"]) == ["red", "yellow", "green"]
    assert lights_option(["红灯　"]) == ["red"]


def test_the_typed_words_through_the_command_line(cli, ledger_root: Path) -> None:
    listed = cli("list", "--format", "ｊｓｏｎ\u3000", "--sort", "ｉｄ", "--status", "ｄｏｎｅ", root=ledger_root)
    assert listed.exit_code == 0 and listed.stdout.startswith("[")
    assert cli("stats", "--format", "ｊｓｏｎ", root=ledger_root).exit_code == 0
    report = cli("report", "--to", "ｈｔｍｌ\u3000", root=ledger_root)
    assert report.exit_code == 0 and "<html" in report.stdout


def test_one_wording_of_a_choice_refused(cli, ledger_root: Path) -> None:
    from ledger.core import i18n

    i18n.set_language("zh")
    try:
        by_click = cli("list", "--format", "xml", root=ledger_root).stderr
        by_ledger = cli("report", "--to", "odt", root=ledger_root).stderr
    finally:
        i18n.set_language(None)
    assert "“xml”不是可选的值；可选：“table”、“json”、“csv”。" in by_click
    assert "“odt”不是可选的值；可选：md、docx、html、pdf。" in by_ledger
