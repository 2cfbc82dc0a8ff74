"""`ledger list`: filters, sorting and every output format, with exact expected text."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from helpers import write_ledger


def ids(cli, root: Path, *args: str) -> list[str]:
    result = cli("list", "--format", "json", *args, root=root)
    assert result.exit_code == 0
    return [item["id"] for item in json.loads(result.stdout)]


def test_table(ledger_root: Path, cli) -> None:
    result = cli("list", "--as-of", "2025-07-16", root=ledger_root)
    assert result.exit_code == 0
    assert result.stdout == (
        "ID  Title             Department      Deadline    Status      Light  Days late\n"
        "01  未启动的任务      办公室          2025-06-01  未启动      红灯          45\n"
        "02  正在推进的任务    办公室、秘书科  2025-06-30  正在推进    红灯          16\n"
        "05  已完成的任务                      2025-01-01  已完成\n"
        "03  阶段性完成的任务  财务科          2025-07-15  阶段性完成  红灯           1\n"
        "04  长期坚持的任务                    2025-01-01  长期坚持\n"
        "06  没有期限的任务                                正在推进    绿灯\n"
    )
    assert result.stderr == ""  # warnings are validate's to show


def test_a_table_for_a_terminal_is_rich_and_otherwise_plain(ledger_root: Path, monkeypatch, capsys) -> None:
    """Plain text where nobody reads colours (a pipe, a file) or where rich would take long (many rows)."""
    import sys

    from ledger.core.load import load_ledger
    from ledger.output import View
    from ledger.output.text import items_table

    view = View(load_ledger(ledger_root), load_ledger(ledger_root).items, date(2025, 7, 16))
    plain = items_table(view)
    assert plain.splitlines()[1] == "01  未启动的任务      办公室          2025-06-01  未启动      红灯          45"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    assert items_table(view) is None  # printed by rich, in colour
    printed = capsys.readouterr().out
    assert "\x1b[" in printed and "未启动的任务" in printed
    view.items = view.items * 60  # 360 rows
    assert items_table(view).count("\n") == 361


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-06-01", []),  # the deadline day itself is not late
        ("2025-06-02", ["01"]),
        ("2025-06-30", ["01"]),
        ("2025-07-01", ["01", "02"]),
        ("2025-07-16", ["01", "02", "03"]),  # never 04 (ongoing), 05 (done) or 06 (no deadline)
        ("2030-01-01", ["01", "02", "03"]),
    ],
)
def test_overdue_as_of(ledger_root: Path, cli, as_of: str, expected: list[str]) -> None:
    assert ids(cli, ledger_root, "--overdue", "--as-of", as_of) == expected


def test_filters_combine(ledger_root: Path, cli) -> None:
    late = ("--overdue", "--as-of", "2025-07-16")
    assert ids(cli, ledger_root, *late, "--category", "duty") == ["01", "02"]
    assert ids(cli, ledger_root, *late, "--category", "conduct") == ["03"]
    assert ids(cli, ledger_root, *late, "--department", "秘书科") == ["02"]
    assert ids(cli, ledger_root, *late, "--department", "办公室", "--status", "open") == ["01"]
    assert ids(cli, ledger_root, "--status", "done", "--status", "ongoing") == ["05", "04"]
    result = cli("list", "--department", "人事科", root=ledger_root)
    assert (result.exit_code, result.stderr) == (
        1,
        "Error: --department: no item names '人事科'; the departments named are 办公室, 秘书科, 财务科\n",
    )


def test_due_within(ledger_root: Path, cli) -> None:
    assert ids(cli, ledger_root, "--due-within", "30", "--as-of", "2025-06-20") == ["02", "03"]
    assert ids(cli, ledger_root, "--due-within", "0", "--as-of", "2025-06-30") == ["02"]
    assert ids(cli, ledger_root, "--due-within", "10", "--as-of", "2025-06-20") == ["02"]


def test_sorting(ledger_root: Path, cli) -> None:
    assert ids(cli, ledger_root) == ["01", "02", "05", "03", "04", "06"]  # notice order: category, then id
    assert ids(cli, ledger_root, "--sort", "id") == ["01", "02", "03", "04", "05", "06"]
    assert ids(cli, ledger_root, "--sort", "deadline") == ["05", "04", "01", "02", "03", "06"]


def test_ids_sort_by_number(tmp_path: Path, cli) -> None:
    item = "title: t\ncategory: duty\nstatus: open\n"
    root = write_ledger(tmp_path, {"10.yaml": item, "9.yaml": item, "010a.yaml": item, "2.yaml": item})
    assert ids(cli, root) == ["2", "9", "10", "010a"]


def test_json_record(ledger_root: Path, cli) -> None:
    result = cli(
        "list",
        "--format",
        "json",
        "--status",
        "in_progress",
        "--department",
        "秘书科",
        "--as-of",
        "2025-07-01",
        root=ledger_root,
    )
    assert json.loads(result.stdout) == [
        {
            "id": "02",
            "path": "items/02.yaml",
            "title": "正在推进的任务",
            "category": "duty",
            "status": "in_progress",
            "status_label": "正在推进",
            "measures": ["第一条措施"],
            "problem": None,
            "leader": None,
            "department": ["办公室", "秘书科"],
            "owner": None,
            "deadline": "2025-06-30",
            "outcome": None,
            "closed": None,
            "evidence": [],
            "log": [],
            "tags": [],
            "public": True,
            "extra": {},
            "overdue": True,
            "days_overdue": 1,
            "light": "red",
        }
    ]


def test_csv(ledger_root: Path, cli) -> None:
    result = cli("list", "--format", "csv", "--overdue", "--as-of", "2025-07-16", root=ledger_root)
    assert result.stdout == (  # the columns and bytes of `export` (the test runner shows CRLF as \n)
        "\ufeff序号,编号,问题类别,整改任务,反馈问题,整改措施,责任领导,责任部门,责任人,完成时限,状态,逾期天数,销号日期,整改进展\n"
        '1,"=""01""",关于落实主体责任方面,未启动的任务,,,,办公室,,2025-06-01,未启动,45,,\n'
        '2,"=""02""",关于落实主体责任方面,正在推进的任务,,1.第一条措施,,办公室、秘书科,,2025-06-30,正在推进,16,,\n'
        '3,"=""03""",关于作风建设方面,阶段性完成的任务,,1.措施,,财务科,,2025-07-15,阶段性完成,1,,\n'
    )  # ids as ="01": text in Excel, WPS and LibreOffice (01, not the number 1)
    assert len(list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"), newline="")))) == 3


def test_status_labels_from_ledger_yaml(tmp_path: Path, cli) -> None:
    from helpers import CONFIG, ITEMS

    root = write_ledger(tmp_path, ITEMS, CONFIG + "status_labels:\n  done: 已完成整改\n")
    result = cli("list", "--format", "csv", "--status", "done", root=root)
    assert (
        '1,"=""05""",关于落实主体责任方面,已完成的任务,,1.措施,,,,2025-01-01,已完成整改,,2025-02-01,\n' in result.stdout
    )


def test_invalid_files_are_named_and_the_rest_listed(ledger_root: Path, cli) -> None:
    (ledger_root / "items" / "07.yaml").write_text("title: 坏文件\ncategory: duty\nstatus: opened\n")
    result = cli("list", "--format", "csv", "--overdue", "--as-of", "2025-07-01", root=ledger_root)
    assert result.exit_code == 1
    assert [line.split(",")[1] for line in result.stdout.splitlines()[1:]] == ['"=""01"""', '"=""02"""']
    assert result.stderr == (
        "items/07.yaml:3:9: error[bad-status]: status: 'opened' is not allowed; did you mean 'open'?\n"
    )


def test_empty_result(ledger_root: Path, cli) -> None:
    result = cli("list", "--status", "partial", "--category", "duty", root=ledger_root)
    assert (result.exit_code, result.stdout) == (0, "No items match.\n")


def test_unknown_category_is_refused(ledger_root: Path, cli) -> None:
    result = cli("list", "--category", "dutty", root=ledger_root)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "Error: --category: 'dutty' is not a key of ledger.yaml categories; did you mean 'duty'?\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--as-of", "2025-7"), "'2025-7' is not a date; write YYYY-MM-DD"),
        (("--as-of", "2025-02-30"), "'2025-02-30' is not a real date"),
        (("--status", "finished"), "'finished' is not a status"),
        (("--sort", "title"), "'title' is not one of"),
        (("--due-within", "-1"), "--due-within"),
    ],
)
def test_usage_errors_exit_2(ledger_root: Path, cli, args: tuple[str, ...], message: str) -> None:
    result = cli("list", *args, root=ledger_root)
    assert result.exit_code == 2
    assert message in result.stderr


def test_due_within_never_lists_what_cannot_be_late(tmp_path: Path, cli) -> None:
    items = {
        "01.yaml": (
            "title: 已完成\ncategory: duty\nstatus: done\nmeasures: [m]\ndeadline: 2025-07-01\nclosed: 2025-06-01\n"
        ),
        "02.yaml": "title: 长期坚持\ncategory: duty\nstatus: ongoing\nmeasures: [m]\ndeadline: 2025-07-01\n",
        "03.yaml": "title: 推进中\ncategory: duty\nstatus: in_progress\nmeasures: [m]\ndeadline: 2025-07-01\n",
    }
    root = write_ledger(tmp_path / "ledger", items)
    assert ids(cli, root, "--due-within", "30", "--as-of", "2025-06-20") == ["03"]
