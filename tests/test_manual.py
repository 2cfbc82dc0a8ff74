"""The manual (SPEC 3.12) builds with Sphinx with warnings as errors, its command reference written from the app."""

from __future__ import annotations

import re
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
        page = (tmp_path / language / "commands.html").read_text(encoding="utf-8")
        assert "&lt;root&gt;/.ledger-cache/" in page  # a metavar in a help text is text, not an HTML tag


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


def reference_module():
    sys.path.insert(0, str(REPO / "docs" / "_ext"))
    try:
        import ledger_commands
    finally:
        sys.path.pop(0)
    return ledger_commands


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_help_text_is_shown_whole_and_no_text_is_markup(language: str) -> None:
    """Each option's help, as --help says it, is in the reference as text: Markdown and HTML take nothing of it
    (no `<root>` read as a tag, no `_` or `*` as emphasis)."""
    import typer.main

    from ledger.cli import app
    from ledger.cliwords import translate_params
    from ledger.core import i18n

    module = reference_module()
    text = module.reference(language)
    lines = "\n".join(line[2:] for line in text.splitlines() if line.startswith("- `"))
    outside_code = re.sub(r"`[^`]*`", "", lines)
    assert re.findall(r"(?<!\\)[<>*]|(?<!\\)_", outside_code) == []
    unescaped = re.sub(r"\\(.)", r"\1", text)
    i18n.set_language(language)
    try:
        for _path, command in module.walk(typer.main.get_command(app), ["ledger"]):
            translate_params(command.params)
            for param in command.params:
                if param.help and not getattr(param, "hidden", False):
                    assert " ".join(param.help.split()) in unescaped
    finally:
        i18n.set_language(None)


def test_the_reference_uses_the_punctuation_of_its_language() -> None:
    module = reference_module()
    chinese, english = module.reference("zh"), module.reference("en")
    options = [line for line in chinese.splitlines() if line.startswith("- `")]
    assert options and all(re.match(r"- `[^`]*`(?: / `[^`]*`)*(?: `[^`]*`)?：", line) for line in options)
    assert "（默认：`text`）" in chinese and "（必填）" in chinese
    assert not re.search(r"\((?:默认|必填)|默认: |`: ", chinese)
    assert " (default: `text`)" in english and " (required)" in english
