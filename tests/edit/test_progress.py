"""Between two notices: note and set, each change logged with its kind; close and reopen logged in kind."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from helpers import write_ledger

ITEM = """\
title: 规范公务接待管理
category: conduct   # 作风
status: open
measures:
  - 修订公务接待管理制度
department: 办公室
deadline: 2026-03-31
"""


@pytest.fixture
def solo_root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger", {"05.yaml": ITEM})


def read(solo_root: Path) -> str:
    return (solo_root / "items" / "05.yaml").read_text(encoding="utf-8")


def test_note_appends_a_progress_note(solo_root: Path, cli) -> None:
    result = cli("note", "5", "已起草制度初稿", "--date", "2026-02-10", root=solo_root)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Noted item 05: note of 2026-02-10 logged.\n"
    assert read(solo_root) == ITEM + "log:\n  - date: 2026-02-10\n    note: 已起草制度初稿\n"


def test_set_logs_status_and_deadline_changes(solo_root: Path, cli) -> None:
    result = cli("set", "05", "--status", "正在推进", "--date", "2026-02-01", root=solo_root)
    assert result.stderr == "Changed item 05: status open -> in_progress.\n"
    result = cli("set", "05", "--deadline", "2026-04-30", "--reason", "需待财政局批复", "--date", "2026-03-20",
                 root=solo_root)  # fmt: skip
    assert result.stderr == "Changed item 05: deadline 2026-03-31 -> 2026-04-30.\n"
    assert read(solo_root) == ITEM.replace("status: open", "status: in_progress").replace(
        "2026-03-31", "2026-04-30"
    ) + (
        "log:\n"
        "  - date: 2026-02-01\n    kind: status\n    from: open\n    to: in_progress\n"
        "  - date: 2026-03-20\n    kind: deadline\n    from: 2026-03-31\n    to: 2026-04-30\n    note: 需待财政局批复\n"
    )
    shown = cli("show", "5", root=solo_root).stdout
    assert "    - 2026-02-01 状态由未启动改为正在推进\n" in shown
    assert "    - 2026-03-20 延期至2026年4月30日（原2026年3月31日）：需待财政局批复\n" in shown


def test_set_fields_surgically(solo_root: Path, cli) -> None:
    result = cli("set", "5", "--leader", "张某", "--owner", "李某", "--department", "办公室", "--department", "财务科",
                 "--add-measure", "建立审批台账", "--outcome", "接待费用同比下降", "--date", "2026-02-15",
                 root=solo_root)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ("Changed item 05: leader 张某, department 办公室 -> 办公室、财务科, owner 李某, "
                             "outcome set, 1 measure(s) added.\n")  # fmt: skip
    assert read(solo_root) == (
        "title: 规范公务接待管理\ncategory: conduct   # 作风\nstatus: open\nmeasures:\n  - 修订公务接待管理制度\n"
        "  - 建立审批台账\nleader: 张某\ndepartment: [办公室, 财务科]\nowner: 李某\ndeadline: 2026-03-31\n"
        "outcome: 接待费用同比下降\n"
        "log:\n"
        "  - date: 2026-02-15\n    kind: assign\n    field: leader\n    to: 张某\n"
        "  - date: 2026-02-15\n    kind: assign\n    field: department\n    from: 办公室\n    to: [办公室, 财务科]\n"
        "  - date: 2026-02-15\n    kind: assign\n    field: owner\n    to: 李某\n"
    )


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("set", "5", "--deadline", "2026-04-30"), 1,
         "moving the deadline from 2026-03-31 to 2026-04-30 needs --reason (延期 is logged with its reason)\n"),
        (("set", "5", "--status", "done"), 1,
         "Error: use `ledger close 05` to close an item (销号): it records the date and evidence\n"),
        (("set", "5", "--status", "已完成"), 1,
         "Error: use `ledger close 05` to close an item (销号): it records the date and evidence\n"),
        (("set", "5", "--status", "open"), 1, "Error: item 05: nothing to change; it already holds what was given\n"),
        (("set", "5", "--reason", "x"), 2, "--reason is the reason a deadline moves"),
        (("set", "5", "--status", "finished"), 2, "'finished' is not a status"),
    ],
)  # fmt: skip
def test_set_refusals(solo_root: Path, cli, args: tuple[str, ...], code: int, message: str) -> None:
    result = cli(*args, root=solo_root)
    assert result.exit_code == code
    assert message in result.stderr
    assert read(solo_root) == ITEM


def test_a_done_item_changes_status_only_by_reopen(solo_root: Path, cli) -> None:
    cli("close", "5", "--date", "2026-04-01", root=solo_root)
    result = cli("set", "5", "--status", "in_progress", root=solo_root)
    assert result.stderr == "Error: item 05 is done; reopen it first: ledger reopen 05 --reason TEXT\n"
    cli("reopen", "5", "--reason", "抽查发现反弹", "--date", "2026-05-01", root=solo_root)
    assert read(solo_root).endswith(
        "log:\n  - date: 2026-04-01\n    kind: close\n"
        "  - date: 2026-05-01\n    kind: reopen\n    from: 2026-04-01\n    note: 抽查发现反弹\n"
    )
    shown = cli("show", "5", root=solo_root).stdout
    assert "    - 2026-04-01 销号\n    - 2026-05-01 重新整改（原2026年4月1日销号）：抽查发现反弹\n" in shown


def test_a_first_deadline_needs_no_reason(tmp_path: Path, cli) -> None:
    solo_root = write_ledger(tmp_path / "ledger", {"05.yaml": ITEM.replace("deadline: 2026-03-31\n", "")})
    assert cli("set", "5", "--deadline", "2026-06-30", "--date", "2026-02-01", root=solo_root).exit_code == 0
    assert read(solo_root).endswith(
        "deadline: 2026-06-30\nlog:\n  - date: 2026-02-01\n    kind: deadline\n    to: 2026-06-30\n"
    )


def test_old_plain_notes_stay_valid_and_templates_get_words(tmp_path: Path, cli) -> None:
    item = ITEM + "log:\n  - {date: 2026-01-05, note: 开始整改}\n  - {date: 2026-02-01, kind: close}\n"
    item = item.replace("status: open", "status: done\nclosed: 2026-02-01")
    solo_root = write_ledger(tmp_path / "ledger", {"05.yaml": item})
    assert cli("validate", root=solo_root).exit_code == 0
    (solo_root / "templates").mkdir()
    (solo_root / "templates" / "log.md.j2").write_text(
        "{% for e in items[0].log %}{{ e.date }} {{ e.text }}\n{% endfor %}"
    )
    assert cli("report", "--template", "log.md.j2", root=solo_root).stdout == "2026-01-05 开始整改\n2026-02-01 销号\n"
    csv_text = cli("export", "--format", "csv", root=solo_root).stdout
    assert '"2026-01-05 开始整改\n2026-02-01 销号"' in csv_text


def test_a_deadline_brought_forward_is_not_called_a_delay(solo_root: Path, cli) -> None:
    result = cli("set", "5", "--deadline", "2026-03-15", "--date", "2026-02-01", root=solo_root)
    assert result.stderr.endswith("to 2026-03-15 needs --reason (提前 is logged with its reason)\n")
    assert (
        cli(
            "set", "5", "--deadline", "2026-03-15", "--reason", "提速", "--date", "2026-02-01", root=solo_root
        ).exit_code
        == 0
    )
    shown = cli("show", "5", root=solo_root).stdout
    assert "    - 2026-02-01 完成时限提前至2026年3月15日（原2026年3月31日）：提速\n" in shown
    assert (
        "needs --reason (延期 is logged" in cli("set", "5", "--deadline", "2026-04-30", root=solo_root).stderr
    )  # later


def test_a_back_dated_note_is_written_where_its_date_belongs(solo_root: Path, cli) -> None:
    """SPEC 3: `note --date` earlier than the last entry goes after the last entry of its date, never out of order."""
    assert cli("note", "5", "第一次", "--date", "2026-02-10", root=solo_root).stderr == (
        "Noted item 05: note of 2026-02-10 logged.\n"
    )
    result = cli("note", "5", "补记", "--date", "2026-02-05", root=solo_root)
    assert (result.exit_code, result.stderr) == (0, "Noted item 05: note of 2026-02-05 logged.\n")
    assert cli("note", "5", "再记", "--date", "2026-02-11", root=solo_root).stderr == (
        "Noted item 05: note of 2026-02-11 logged.\n"
    )
    log = yaml.safe_load((solo_root / "items" / "05.yaml").read_text(encoding="utf-8"))["log"]
    assert [(str(e["date"]), e["note"]) for e in log][-3:] == [
        ("2026-02-05", "补记"), ("2026-02-10", "第一次"), ("2026-02-11", "再记")]  # fmt: skip
    assert "log-order" not in cli("validate", root=solo_root).stdout


def test_an_empty_note_is_a_usage_error(solo_root: Path, cli) -> None:
    result = cli("note", "5", "  ", root=solo_root)
    assert result.exit_code == 2 and "empty: write the progress to record" in result.stderr
    assert read(solo_root) == ITEM
