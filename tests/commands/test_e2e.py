"""End to end: the installed `ledger` executable, run as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import REPO, run


def test_version() -> None:
    from ledger import __version__

    result = run("--version")
    assert (result.returncode, result.stdout) == (0, f"ledger {__version__}\n")


def test_sample_ledger_validates_from_a_subfolder() -> None:
    result = run("validate", cwd=REPO / "items")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "Checked ledger.yaml and 15 item files: no problems.\n"


def test_sample_ledger_lists_fifteen_items_in_notice_order() -> None:
    result = run("list", "--format", "json")
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert [i["id"] for i in items] == [f"{n:02d}" for n in range(1, 16)]
    assert [i["category"] for i in items] == ["responsibility"] * 2 + ["performance"] * 5 + ["conduct"] * 2 + [
        "organization"
    ] * 6
    assert items[0]["title"] == "进一步加强干部出国（境）日常管理"
    assert items[14]["title"] == "进一步规范选人用人工作"


def test_show_eight() -> None:
    result = run("show", "8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("08 规范办公室财务管理\n  file:        items/08.yaml\n")


def test_bad_input_is_one_line_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "ledger.yaml").write_text("title: [unclosed\n")
    result = run("list", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("ledger.yaml:1:8: error[yaml-syntax]: YAML syntax error: the '[' that opens here")


def test_usage_error_exits_2() -> None:
    assert run("list", "--format", "xml").returncode == 2


def test_python_dash_m() -> None:
    result = subprocess.run([sys.executable, "-m", "ledger", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("ledger ")
