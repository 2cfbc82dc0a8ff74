"""Shared fixtures: a small ledger in tmp_path and a CLI runner that explains its failures."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from ledger.cli import app

# In CI the property tests replay the same examples every run, so a red build always
# means a change broke something; locally they explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

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


@pytest.fixture(autouse=True)
def stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("LEDGER_ROOT", raising=False)


@pytest.fixture
def ledger_root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger")


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


@pytest.fixture
def cli():
    """cli(*args, root=...) runs the app in-process; on a surprise it prints what it saw."""
    runner = CliRunner()

    def run(*args: str, root: Path | None = None) -> Result:
        argv = list(args) + (["--root", str(root)] if root is not None else [])
        result = runner.invoke(app, argv, catch_exceptions=True)
        print("$ ledger", " ".join(argv), f"-> {result.exit_code}")
        print("stdout:", result.stdout, sep="\n")
        print("stderr:", result.stderr, sep="\n")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            traceback.print_exception(*result.exc_info)
            raise AssertionError(f"traceback from ledger {' '.join(argv)}") from result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return run
