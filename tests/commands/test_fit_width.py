"""`codes`, `templates list` and `show` fit the terminal's width as `list` does (COLUMNS, or the terminal itself):
the free text wrapped under its column, no line wider than the terminal, no Latin word split, nothing lost;
into a pipe without COLUMNS, every line as long as it is."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from helpers import ledger_exe, write_ledger
from rich.cells import cell_len

from ledger.core import i18n

LONG_ITEM = (
    "title: 规范公务接待管理，严格执行 GB/T 9704-2012 与 lights.yellow_days 的规定并落实到每一个具体环节\n"
    "category: duty\nstatus: in_progress\ndeadline: 2025-06-30\ndepartment: [办公室, 秘书科]\n"
    "measures:\n  - 修订公务接待管理制度，明确接待范围、标准和审批程序，做到有章可循（含 example.gov.cn 的公开）\n"
    "  - 建立接待台账\n"
)
COMMANDS = [("codes",), ("templates", "list"), ("show", "01")]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "l", {"01.yaml": LONG_ITEM})


def words(text: str) -> list[str]:
    """The text's Latin words and its other characters, in order: what wrapping may not change."""
    return re.findall(r"[A-Za-z0-9][\w./@:-]*|[^\s]", text)


def run(cli, args, root: Path, language: str) -> str:
    i18n.set_language(language)
    try:
        said = cli(*args, root=root)
    finally:
        i18n.set_language(None)
    assert said.exit_code == 0
    return said.stdout


@pytest.mark.parametrize("language", ["zh", "en"])
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("width", [60, 80])
def test_the_output_fits_columns(cli, root: Path, monkeypatch, language: str, args, width: int) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    whole = run(cli, args, root, language)
    monkeypatch.setenv("COLUMNS", str(width))
    fitted = run(cli, args, root, language)
    too_wide = [line for line in fitted.splitlines() if cell_len(line) > width]
    assert too_wide == []
    assert words(fitted) == words(whole)  # nothing lost, no word cut in two
    assert any(cell_len(line) > width for line in whole.splitlines()), "the test's text is long enough to wrap"
    no_start = [line.strip()[:1] for line in fitted.splitlines() if line.strip()[:1] in "，。；：、）”"]
    assert no_start == []


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_a_real_60_column_terminal(root: Path, args) -> None:
    import fcntl
    import select
    import struct
    import subprocess
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 60, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env |= {"LEDGER_LANG": "zh", "TERM": "xterm", "NO_COLOR": "1"}
    process = subprocess.Popen([ledger_exe(), *args, "--root", str(root)], stdin=slave, stdout=slave, stderr=slave,
                               env=env, close_fds=True)  # fmt: skip
    os.close(slave)
    out = b""
    while select.select([master], [], [], 30)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    os.close(master)
    assert process.wait(30) == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.decode("utf-8")).replace("\r\n", "\n")
    lines = [line for line in text.splitlines() if not line.startswith("默认模板在")]  # stderr's folder line
    assert [line for line in lines if cell_len(line) > 60] == []
    assert len(lines) > 3
