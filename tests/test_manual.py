"""The manual (SPEC 3.12) builds with Sphinx with warnings as errors, its command reference written from the app."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO


def test_the_manual_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    pytest.importorskip("sphinx", reason="the docs extra is not installed: pip install -e '.[docs]'")
    pytest.importorskip("furo", reason="the docs extra is not installed: pip install -e '.[docs]'")
    pytest.importorskip("myst_parser", reason="the docs extra is not installed: pip install -e '.[docs]'")
    build = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        "html",
        str(REPO / "docs"),
        str(tmp_path),
    ]
    result = subprocess.run(build, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "LEDGER_LANG": "en"})
    assert result.returncode == 0, result.stderr
    for language, heading in (("en", "Command reference"), ("zh", "命令参考")):
        assert (tmp_path / language / "commands.html").is_file()
        text = (REPO / "docs" / language / "commands.md").read_text(encoding="utf-8")
        assert text.startswith(f"# {heading}\n")


def test_the_command_reference_names_every_command_and_option() -> None:
    """Written from the app: every command and every option of it, in both languages."""
    sys.path.insert(0, str(REPO / "docs" / "_ext"))
    try:
        import ledger_commands
    finally:
        sys.path.pop(0)
    import typer.main

    from ledger.cli import app

    english, chinese = ledger_commands.reference("en"), ledger_commands.reference("zh")
    for path, command in ledger_commands.walk(typer.main.get_command(app), ["ledger"]):
        for text in (english, chinese):
            assert f"## `{' '.join(path)}`\n" in text
            for param in command.params:
                if param.param_type_name == "option" and not param.hidden:
                    assert f"`{param.opts[0]}`" in text
    assert "Judge deadlines on this day instead of today." in english
    assert "以这一天而不是今天判断是否逾期。" in chinese and "Judge deadlines" not in chinese
