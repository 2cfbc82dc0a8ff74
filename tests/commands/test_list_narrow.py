"""`ledger list` narrower than its table: on a 20-column terminal each item's title (整改任务) is still there,
wrapped in its column or, narrower still, in a block of lines per item; exact text at 20, 30, 40, 60 and 80
columns in both languages, the same through COLUMNS and through a real terminal of that size."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from helpers import ITEMS, ledger_exe, write_ledger
from rich.cells import cell_len

from ledger.core import i18n
from ledger.output.text import wrap

LONG = ("title: Rectify the filing of official documents and archives\ncategory: duty\nstatus: in_progress\n"
        "measures: [措施]\ndeadline: 2025-05-01\ndepartment: [办公室, 秘书科, 财务科]\n")  # fmt: skip


@pytest.fixture
def narrow_root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger", {**ITEMS, "07.yaml": LONG})


EXPECTED = {
    ("en", 20): (
        "ID  Title\n"
        "01  未启动的任务\n"
        "    未启动  红灯\n"
        "    2025-06-01\n"
        "    办公室\n"
        "    24 days late\n"
        "02  正在推进的任务\n"
        "    正在推进  黄灯\n"
        "    2025-06-30\n"
        "    办公室、秘书科\n"
        "05  已完成的任务\n"
        "    已完成\n"
        "    2025-01-01\n"
        "07  Rectify the\n"
        "    filing of\n"
        "    official\n"
        "    documents and\n"
        "    archives\n"
        "    正在推进  红灯\n"
        "    2025-05-01\n"
        "    办公室、秘书科、\n"
        "    财务科\n"
        "    55 days late\n"
        "03  阶段性完成的任务\n"
        "    阶段性完成\n"
        "    绿灯\n"
        "    2025-07-15\n"
        "    财务科\n"
        "04  长期坚持的任务\n"
        "    长期坚持\n"
        "    2025-01-01\n"
        "06  没有期限的任务\n"
        "    正在推进  绿灯\n"
    ),
    ("en", 30): (
        "ID  Title\n"
        "01  未启动的任务\n"
        "    未启动  红灯  2025-06-01\n"
        "    办公室  24 days late\n"
        "02  正在推进的任务\n"
        "    正在推进  黄灯\n"
        "    2025-06-30  办公室、秘书科\n"
        "05  已完成的任务\n"
        "    已完成  2025-01-01\n"
        "07  Rectify the filing of\n"
        "    official documents and\n"
        "    archives\n"
        "    正在推进  红灯\n"
        "    2025-05-01  办公室、\n"
        "    秘书科、财务科\n"
        "    55 days late\n"
        "03  阶段性完成的任务\n"
        "    阶段性完成  绿灯\n"
        "    2025-07-15  财务科\n"
        "04  长期坚持的任务\n"
        "    长期坚持  2025-01-01\n"
        "06  没有期限的任务\n"
        "    正在推进  绿灯\n"
    ),
    ("en", 40): (
        "ID  Title\n"
        "01  未启动的任务\n"
        "    未启动  红灯  2025-06-01  办公室\n"
        "    24 days late\n"
        "02  正在推进的任务\n"
        "    正在推进  黄灯  2025-06-30  办公室、\n"
        "    秘书科\n"
        "05  已完成的任务\n"
        "    已完成  2025-01-01\n"
        "07  Rectify the filing of official\n"
        "    documents and archives\n"
        "    正在推进  红灯  2025-05-01  办公室、\n"
        "    秘书科、财务科  55 days late\n"
        "03  阶段性完成的任务\n"
        "    阶段性完成  绿灯  2025-07-15  财务科\n"
        "04  长期坚持的任务\n"
        "    长期坚持  2025-01-01\n"
        "06  没有期限的任务\n"
        "    正在推进  绿灯\n"
    ),
    ("en", 60): (
        "ID  Title\n"
        "01  未启动的任务\n"
        "    未启动  红灯  2025-06-01  办公室  24 days late\n"
        "02  正在推进的任务\n"
        "    正在推进  黄灯  2025-06-30  办公室、秘书科\n"
        "05  已完成的任务\n"
        "    已完成  2025-01-01\n"
        "07  Rectify the filing of official documents and archives\n"
        "    正在推进  红灯  2025-05-01  办公室、秘书科、财务科\n"
        "    55 days late\n"
        "03  阶段性完成的任务\n"
        "    阶段性完成  绿灯  2025-07-15  财务科\n"
        "04  长期坚持的任务\n"
        "    长期坚持  2025-01-01\n"
        "06  没有期限的任务\n"
        "    正在推进  绿灯\n"
    ),
    ("en", 80): (
        "ID  Title                      Department    Deadline    Status      Light  Days\n"
        "                                                                            late\n"
        "01  未启动的任务               办公室        2025-06-01  未启动      红灯     24\n"
        "02  正在推进的任务             办公室、      2025-06-30  正在推进    黄灯\n"
        "                               秘书科\n"
        "05  已完成的任务                             2025-01-01  已完成\n"
        "07  Rectify the filing of      办公室、      2025-05-01  正在推进    红灯     55\n"
        "    official documents and     秘书科、\n"
        "    archives                   财务科\n"
        "03  阶段性完成的任务           财务科        2025-07-15  阶段性完成  绿灯\n"
        "04  长期坚持的任务                           2025-01-01  长期坚持\n"
        "06  没有期限的任务                                       正在推进    绿灯\n"
    ),
    ("zh", 20): (
        "编号  整改任务\n"
        "01    未启动的任务\n"
        "      未启动  红灯\n"
        "      2025-06-01\n"
        "      办公室\n"
        "      逾期 24 天\n"
        "02    正在推进的任务\n"
        "      正在推进\n"
        "      黄灯\n"
        "      2025-06-30\n"
        "      办公室、秘书科\n"
        "05    已完成的任务\n"
        "      已完成\n"
        "      2025-01-01\n"
        "07    Rectify the\n"
        "      filing of\n"
        "      official\n"
        "      documents and\n"
        "      archives\n"
        "      正在推进\n"
        "      红灯\n"
        "      2025-05-01\n"
        "      办公室、\n"
        "      秘书科、\n"
        "      财务科\n"
        "      逾期 55 天\n"
        "03    阶段性完成的任\n"
        "      务\n"
        "      阶段性完成\n"
        "      绿灯\n"
        "      2025-07-15\n"
        "      财务科\n"
        "04    长期坚持的任务\n"
        "      长期坚持\n"
        "      2025-01-01\n"
        "06    没有期限的任务\n"
        "      正在推进  绿灯\n"
    ),
    ("zh", 30): (
        "编号  整改任务\n"
        "01    未启动的任务\n"
        "      未启动  红灯\n"
        "      2025-06-01  办公室\n"
        "      逾期 24 天\n"
        "02    正在推进的任务\n"
        "      正在推进  黄灯\n"
        "      2025-06-30  办公室、\n"
        "      秘书科\n"
        "05    已完成的任务\n"
        "      已完成  2025-01-01\n"
        "07    Rectify the filing of\n"
        "      official documents and\n"
        "      archives\n"
        "      正在推进  红灯\n"
        "      2025-05-01  办公室、\n"
        "      秘书科、财务科\n"
        "      逾期 55 天\n"
        "03    阶段性完成的任务\n"
        "      阶段性完成  绿灯\n"
        "      2025-07-15  财务科\n"
        "04    长期坚持的任务\n"
        "      长期坚持  2025-01-01\n"
        "06    没有期限的任务\n"
        "      正在推进  绿灯\n"
    ),
    ("zh", 40): (
        "编号  整改任务\n"
        "01    未启动的任务\n"
        "      未启动  红灯  2025-06-01  办公室\n"
        "      逾期 24 天\n"
        "02    正在推进的任务\n"
        "      正在推进  黄灯  2025-06-30\n"
        "      办公室、秘书科\n"
        "05    已完成的任务\n"
        "      已完成  2025-01-01\n"
        "07    Rectify the filing of official\n"
        "      documents and archives\n"
        "      正在推进  红灯  2025-05-01\n"
        "      办公室、秘书科、财务科  逾期 55 天\n"
        "03    阶段性完成的任务\n"
        "      阶段性完成  绿灯  2025-07-15\n"
        "      财务科\n"
        "04    长期坚持的任务\n"
        "      长期坚持  2025-01-01\n"
        "06    没有期限的任务\n"
        "      正在推进  绿灯\n"
    ),
    ("zh", 60): (
        "编号  整改任务\n"
        "01    未启动的任务\n"
        "      未启动  红灯  2025-06-01  办公室  逾期 24 天\n"
        "02    正在推进的任务\n"
        "      正在推进  黄灯  2025-06-30  办公室、秘书科\n"
        "05    已完成的任务\n"
        "      已完成  2025-01-01\n"
        "07    Rectify the filing of official documents and archives\n"
        "      正在推进  红灯  2025-05-01  办公室、秘书科、财务科\n"
        "      逾期 55 天\n"
        "03    阶段性完成的任务\n"
        "      阶段性完成  绿灯  2025-07-15  财务科\n"
        "04    长期坚持的任务\n"
        "      长期坚持  2025-01-01\n"
        "06    没有期限的任务\n"
        "      正在推进  绿灯\n"
    ),
    ("zh", 80): (
        "编号  整改任务                  责任部门      完成时限    状态        督办  逾期\n"
        "                                                                      灯    天数\n"
        "01    未启动的任务              办公室        2025-06-01  未启动      红灯    24\n"
        "02    正在推进的任务            办公室、      2025-06-30  正在推进    黄灯\n"
        "                                秘书科\n"
        "05    已完成的任务                            2025-01-01  已完成\n"
        "07    Rectify the filing of     办公室、      2025-05-01  正在推进    红灯    55\n"
        "      official documents and    秘书科、\n"
        "      archives                  财务科\n"
        "03    阶段性完成的任务          财务科        2025-07-15  阶段性完成  绿灯\n"
        "04    长期坚持的任务                          2025-01-01  长期坚持\n"
        "06    没有期限的任务                                      正在推进    绿灯\n"
    ),
}


@pytest.mark.parametrize(("language", "width"), list(EXPECTED))
def test_a_narrow_list_keeps_every_title(narrow_root: Path, cli, monkeypatch, language: str, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("LEDGER_LANG", language)
    i18n.set_language(None)
    result = cli("list", "--as-of", "2025-06-25", root=narrow_root)
    assert (result.exit_code, result.stdout) == (0, EXPECTED[language, width])
    assert max(cell_len(line) for line in result.stdout.splitlines()) <= width


def test_a_list_that_fits_is_the_table_as_before(narrow_root: Path, cli, monkeypatch) -> None:
    """Wide enough, nothing changes; without COLUMNS (a pipe, a file) the table is as wide as its rows."""
    monkeypatch.setenv("COLUMNS", "200")
    wide = cli("list", "--as-of", "2025-06-25", root=narrow_root).stdout
    assert wide.splitlines()[0] == (
        "ID  Title                                                  Department              Deadline    "
        "Status      Light  Days late"
    )
    monkeypatch.delenv("COLUMNS")
    assert cli("list", "--as-of", "2025-06-25", root=narrow_root).stdout == wide
    monkeypatch.setenv("COLUMNS", "many")
    assert cli("list", "--as-of", "2025-06-25", root=narrow_root).stdout == wide


@pytest.mark.parametrize("width", [1, 5, 12, 25, 33, 47, 55, 71, 99, 103])
def test_every_title_is_there_at_any_width(narrow_root: Path, cli, monkeypatch, width: int) -> None:
    """Each item's line starts with its id and the beginning of its title, whatever the width."""
    monkeypatch.setenv("COLUMNS", str(width))
    lines = cli("list", "--as-of", "2025-06-25", root=narrow_root).stdout.splitlines()
    import yaml

    for name, text in {**ITEMS, "07.yaml": LONG}.items():
        title = yaml.safe_load(text)["title"]
        line = next(line for line in lines if line.startswith(name[:2] + " "))
        assert line[2:].strip().startswith(title[: 2 if width >= 8 else 1]), (name, line)
    if width >= 20:
        assert max(cell_len(line) for line in lines) <= width


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("进一步规范公务用车管理", 8, ["进一步规", "范公务用", "车管理"]),
        ("Rectify the filing of", 12, ["Rectify the", "filing of"]),
        ("Rectify 公务用车 archives", 12, ["Rectify 公务", "用车", "archives"]),
        ("Supercalifragilistic", 8, ["Supercal", "ifragili", "stic"]),
        ("办公室、秘书科、财务科", 14, ["办公室、秘书", "科、财务科"]),  # 、 never begins a line
        ("", 5, [""]),
        ("宽", 1, ["宽"]),
    ],
)
def test_wrap_breaks_lines_by_terminal_cells(text: str, width: int, lines: list[str]) -> None:
    assert wrap(text, width) == lines


def test_departments_break_between_names() -> None:
    assert wrap("办公室、秘书科、财务科", 14, ("、",)) == ["办公室、", "秘书科、财务科"]
    assert wrap("正在推进  红灯  2025-05-01", 12, ("  ",)) == ["正在推进", "红灯", "2025-05-01"]


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal")
@pytest.mark.parametrize(("language", "width"), [("zh", 20), ("en", 20), ("zh", 40), ("en", 60)])
def test_a_real_narrow_terminal_shows_the_same(narrow_root: Path, language: str, width: int) -> None:
    """The installed `ledger` in a pseudo-terminal of that size (no COLUMNS): rich's colours aside, the same text."""
    import fcntl
    import select
    import struct
    import subprocess
    import termios

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, width, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env |= {"LEDGER_LANG": language, "TERM": "xterm", "NO_COLOR": "1"}
    process = subprocess.Popen([ledger_exe(), "list", "--as-of", "2025-06-25", "--root", str(narrow_root)],
                               stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)  # fmt: skip
    os.close(slave)
    out = b""
    while select.select([master], [], [], 30)[0]:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closed: ledger is done
            break
        if not data:
            break
        out += data
    os.close(master)
    assert process.wait(30) == 0
    text = re.sub(r"\x1b\[[0-9;]*m", "", out.decode("utf-8")).replace("\r\n", "\n")
    assert "\x1b[1m" in out.decode("utf-8")  # a terminal: rich printed it, the header in bold
    assert text == EXPECTED[language, width]
