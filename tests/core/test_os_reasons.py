"""Why the system refused, in the interface language: one function gives an OSError's reason by its errno.

The conditions are real where a test can make them: the size limit of `ulimit -f`, a file where a
folder should be, a name too long, a missing file, a link loop, a folder the system keeps for itself.
"""

from __future__ import annotations

import errno
import os
import re
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ITEMS, ledger_exe, run, write_ledger

from ledger.core import i18n
from ledger.core.errors import REASONS, os_reason

ASKED = ["EFBIG", "ENOSPC", "EACCES", "EROFS", "ENOENT", "EISDIR", "ENOTDIR", "EEXIST", "ELOOP", "ENAMETOOLONG",
         "ENOTEMPTY", "EPIPE", "EDQUOT", "EBADF", "EPERM"]  # fmt: skip


def said(e: BaseException, language: str) -> str:
    i18n.set_language(language)
    try:
        return os_reason(e)
    finally:
        i18n.set_language(None)


@pytest.mark.parametrize("name", sorted(REASONS))
def test_every_reason_is_chinese(name: str) -> None:
    number = getattr(errno, name)
    error = OSError(number, os.strerror(number), "items/01.yaml")
    chinese = said(error, "zh")
    assert re.search("[\u4e00-\u9fff]", chinese) and not re.search("[A-Za-z]{2}", chinese), chinese
    assert said(error, "en") == os.strerror(number)  # English: what the system says


def test_the_reasons_asked_for_are_there() -> None:
    assert [name for name in ASKED if hasattr(errno, name) and name not in REASONS] == []


def test_a_reason_not_known_is_what_the_system_said() -> None:
    assert said(OSError(errno.ECHILD, "No child processes"), "zh") == "No child processes"
    assert said(OSError("something odd"), "zh") == "something odd"


def test_a_host_that_cannot_be_found_and_a_link_loop_before_python_313() -> None:
    assert said(socket.gaierror(socket.EAI_NONAME, "Name or service not known"), "zh") == "找不到这个主机名"
    assert said(RuntimeError("Symlink loop from '/tmp/x'"), "zh") == "链接层数过多（可能是链接指向了自身）"


def ledger(root: Path | None, *args: str, language: str = "zh", limit: int | None = None) -> tuple[int, str]:
    """The installed ledger in a process of its own (under `ulimit -f`, counted in bytes, when given)."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {k: v for k, v in os.environ.items() if k != "LEDGER_ROOT"} | {"LEDGER_LANG": language, "NO_COLOR": "1"}
    done = subprocess.run([ledger_exe(), *args], cwd=root, env=env, capture_output=True, text=True,
                          preexec_fn=limited, timeout=120)  # fmt: skip
    return done.returncode, done.stderr


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "l", ITEMS)


@pytest.mark.skipif(sys.platform == "win32", reason="ulimit -f is a POSIX limit")
def test_a_file_over_the_size_limit(root: Path) -> None:
    assert ledger(root, "export", "--format", "xlsx", "-o", "t.xlsx", limit=1024) == (
        1,
        "错误：无法写入 t.xlsx：文件太大，超出了系统允许的大小\n",
    )
    assert ledger(root, "export", "--format", "xlsx", "-o", "t.xlsx", limit=1024, language="en") == (
        1,
        "Error: cannot write t.xlsx: File too large\n",
    )
    assert not (root / "t.xlsx").exists()


def test_a_file_where_a_folder_should_be(root: Path) -> None:
    (root / "afile").write_text("", encoding="utf-8")
    assert ledger(root, "export", "--format", "csv", "-o", "afile/t.csv") == (
        1,
        "错误：无法写入 afile/t.csv：不是文件夹\n",
    )
    assert ledger(root, "init", "afile/new") == (1, f"错误：无法在 {root}/afile/new 新建台账：不是文件夹\n")


def test_a_name_too_long(root: Path) -> None:
    name = "长" * 100 + ".csv"  # 300 bytes in UTF-8, over the 255 a file name may have
    assert ledger(root, "export", "--format", "csv", "-o", name) == (1, f"错误：无法写入 {name}：文件名太长\n")


def test_a_missing_file_and_a_folder_given_as_a_file(root: Path) -> None:
    assert ledger(root, "import", "无此文件.xlsx") == (1, "错误：无此文件.xlsx：无法读取：没有这个文件或文件夹\n")


def test_links_that_lead_nowhere_or_in_a_loop(root: Path) -> None:
    (root / "items" / "07.yaml").symlink_to("nowhere.yaml")
    (root / "items" / "08.yaml").symlink_to("08.yaml")
    result = run("validate", cwd=root, env={"LEDGER_LANG": "zh"})
    out = result.stdout
    assert result.returncode == 1
    assert "items/07.yaml: 错误[unreadable]: 无法读取文件：没有这个文件或文件夹" in out.splitlines()
    assert "items/08.yaml: 错误[unreadable]: 无法读取文件：链接层数过多（可能是链接指向了自身）" in out.splitlines()
    (root / "loop").symlink_to("loop")
    assert ledger(root, "list", "--root", "loop") == (
        1,
        "错误：无法使用 loop（由 --root 给出）：链接层数过多（可能是链接指向了自身）\n",
    )


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="Linux's /sys, where no file may be made")
def test_a_folder_the_system_keeps_for_itself(root: Path) -> None:
    code, stderr = ledger(root, "export", "--format", "csv", "-o", "/sys/t.csv")
    assert (code, stderr) == (1, "错误：无法写入 /sys/t.csv：没有权限\n")


def test_the_english_reason_is_the_systems(root: Path) -> None:
    result = run("export", "--format", "csv", "-o", "nowhere/t.csv", cwd=root, env={"LEDGER_LANG": "en"})
    assert result.stderr == "Error: cannot write nowhere/t.csv: No such file or directory\n"
