"""Fit for an office: the 台账's filters, the mistakes people make, and what each command says about them."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import CONFIG, ITEMS, write_ledger

from ledger.core.dates import today


def test_root_given_twice_is_a_usage_error(ledger_root: Path, cli) -> None:
    result = cli("list", "--root", str(ledger_root), root=ledger_root)
    assert result.exit_code == 2 and "given more than once" in " ".join(result.stderr.split())


def test_export_takes_the_filters_of_list(ledger_root: Path, cli) -> None:
    result = cli("export", "--overdue", "--department", "办公室", "--as-of", "2025-07-16", root=ledger_root)
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [r[:2] for r in rows[1:]] == [["1", '="01"'], ["2", '="02"']]  # 序号 runs 1 … n over what is exported
    assert [dict(zip(rows[0], r, strict=True))["逾期天数"] for r in rows[1:]] == ["45", "16"]
    result = cli("export", "--status", "已完成", "--format", "json", root=ledger_root)
    assert '"id": "05"' in result.stdout and '"id": "01"' not in result.stdout


def test_stats_says_what_it_did_not_count(ledger_root: Path, cli) -> None:
    (ledger_root / "items" / "07.yaml").write_text("title: 坏\ncategory: duty\nstatus: nope\n", encoding="utf-8")
    (ledger_root / "items" / "08.yaml").write_text("title: [\n", encoding="utf-8")
    result = cli("stats", "--format", "json", root=ledger_root)
    assert result.exit_code == 1
    assert result.stderr.endswith("Not counted: 2 item files are in error (`ledger validate` lists them).\n")
    assert '"total": 6' in result.stdout


def test_warnings_are_validates_to_show(ledger_root: Path, cli) -> None:
    assert "no-measures" in cli("validate", root=ledger_root).stdout
    for args in (("list",), ("export",), ("report",), ("stats",)):
        assert "warning" not in cli(*args, root=ledger_root).stderr, args


def test_dates_out_of_order(tmp_path: Path, cli) -> None:
    config = CONFIG + (
        "inspection: {group: 第一巡察组, start: 2025-03-01, end: 2025-02-01, feedback: 2025-04-01}\n"
        "publication: {date: 2025-09-01, until: 2025-08-01}\n"
    )
    items = {"01.yaml": "title: 早销号\ncategory: duty\nstatus: done\nmeasures: [m]\nclosed: 2025-03-30\n"}
    result = cli("validate", root=write_ledger(tmp_path / "ledger", items, config))
    assert result.stdout.splitlines() == [
        "ledger.yaml:9:52: error[date-order]: inspection.end: 2025-02-01 is before inspection.start (2025-03-01); "
        "the dates are out of order",
        "ledger.yaml:10:40: error[date-order]: publication.until: 2025-08-01 is before publication.date (2025-09-01); "
        "the dates are out of order",
        "items/01.yaml:5:9: error[date-order]: closed: 2025-03-30 is before the inspection's feedback (2025-04-01); "
        "a 销号 comes after it",
    ]


@pytest.mark.parametrize(
    "edit", [("close", "2"), ("note", "2", "进展"), ("set", "2", "--owner", "王"), ("reopen", "5", "--reason", "反弹")]
)
def test_an_edit_dated_in_the_future_warns(ledger_root: Path, cli, edit: tuple[str, ...]) -> None:
    ahead = today() + timedelta(days=3)
    result = cli(*edit, "--date", ahead.isoformat(), root=ledger_root)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"warning: --date {ahead.isoformat()} is in the future (today is {today()})\n")
    assert "in the future" not in cli(*edit, "--date", today().isoformat(), root=ledger_root).stderr


def test_set_without_a_change_is_a_usage_error(ledger_root: Path, cli) -> None:
    before = (ledger_root / "items" / "02.yaml").read_bytes()
    result = cli("set", "2", root=ledger_root)
    assert result.exit_code == 2
    assert "nothing to change: give --status, --deadline, --leader, --owner, --outcome," in result.stderr
    assert (ledger_root / "items" / "02.yaml").read_bytes() == before


def test_init_is_not_overdue_on_its_first_day(tmp_path: Path, cli) -> None:
    assert cli("init", str(tmp_path / "台账")).exit_code == 0
    root = tmp_path / "台账"
    assert cli("list", "--overdue", root=root).stdout == "No items match.\n"
    assert cli("validate", root=root).exit_code == 0
    text = (root / "items" / "01.yaml").read_text(encoding="utf-8")
    assert f"deadline: {today() + timedelta(days=60)}" in text


def test_a_measure_ends_with_one_full_stop(tmp_path: Path, cli) -> None:
    items = dict(ITEMS)
    items["02.yaml"] = (
        "title: 任务\ncategory: duty\nstatus: in_progress\nmeasures: [完善制度，, 强化管理；, 严格执行.]\n"
    )
    root = write_ledger(tmp_path / "ledger", items)
    assert (
        "一是完善制度。二是强化管理。三是严格执行。"
        in cli("report", "--as-of", date(2025, 7, 1).isoformat(), root=root).stdout
    )


def test_stats_into_a_file_never_wraps_a_row(tmp_path: Path) -> None:
    """Piped without COLUMNS, rich would lay out for 80 columns and split a long category title over two rows."""
    import subprocess

    from helpers import REPO, ledger_exe

    result = subprocess.run([ledger_exe(), "stats"], cwd=REPO, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "LEDGER_LANG": "en"})  # fmt: skip
    rows = [line for line in result.stdout.splitlines() if line.startswith("关于")]
    assert len(rows) == 4 and rows[1].startswith("关于推动政协履职全面提质增效，更好发挥专门协商机构作用方面  ")
