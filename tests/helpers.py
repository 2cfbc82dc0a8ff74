"""Helpers shared by the test modules: a small ledger on disk and the installed `ledger` run as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

CONFIG = """\
title: 测试机关党组关于巡察整改进展情况的通报
issuer: 测试机关党组
subject: 测试机关党组
categories:
  - key: duty
    title: 关于落实主体责任方面
  - key: conduct
    title: 关于作风建设方面
"""

# One item in every status, with deadlines around 2025-06-30.
ITEMS = {
    "01.yaml": "title: 未启动的任务\ncategory: duty\nstatus: open\ndeadline: 2025-06-01\ndepartment: 办公室\n",
    "02.yaml": (
        "title: 正在推进的任务\ncategory: duty\nstatus: in_progress\nmeasures:\n  - 第一条措施\n"
        "deadline: 2025-06-30\ndepartment: [办公室, 秘书科]\n"
    ),
    "03-财务.yaml": (
        "title: 阶段性完成的任务\ncategory: conduct\nstatus: partial\nmeasures: [措施]\ndeadline: 2025-07-15\n"
        "department: 财务科\n"
    ),
    "04.yaml": "title: 长期坚持的任务\ncategory: conduct\nstatus: ongoing\nmeasures: [措施]\ndeadline: 2025-01-01\n",
    "05.yaml": (
        "title: 已完成的任务\ncategory: duty\nstatus: done\nmeasures: [措施]\ndeadline: 2025-01-01\n"
        "closed: 2025-02-01\n"
    ),
    "06.yaml": "title: 没有期限的任务\ncategory: conduct\nstatus: in_progress\nmeasures: [措施]\n",
}


def write_ledger(root: Path, items: dict[str, str] | None = None, config: str = CONFIG) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "ledger.yaml").write_text(config, encoding="utf-8")
    (root / "items").mkdir(exist_ok=True)
    for name, text in (ITEMS if items is None else items).items():
        (root / "items" / name).write_text(text, encoding="utf-8")
    return root


def ledger_exe() -> str:
    """The installed `ledger` executable; a test that needs it is skipped, saying why, where it is absent."""
    beside = Path(sys.executable).parent / "ledger"
    found = str(beside) if beside.exists() else shutil.which("ledger")
    if not found:
        pytest.skip("the `ledger` executable is not installed (pip install -e '.[test]')")
    return found


def run(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed `ledger` in a process of its own, in a stable terminal."""
    base = {k: v for k, v in os.environ.items() if k != "LEDGER_ROOT"} | {"COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run(
        [ledger_exe(), *args], cwd=cwd, env=base | (env or {}), capture_output=True, text=True, timeout=120
    )
