"""督办's warning lights (SPEC 3.9): the rule at its boundaries, ledger.yaml's lights:, list, stats and JSON."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import CONFIG, write_ledger

from ledger.core.model import Item, Light, Status

DEADLINE = date(2026, 3, 31)


def item(status: Status = Status.IN_PROGRESS, deadline: date | None = DEADLINE) -> Item:
    return Item("01", "items/01.yaml", "任务", "duty", status, ["措施"], deadline=deadline)


@pytest.mark.parametrize(
    ("days_before", "yellow_days", "light"),
    [
        (-1, 7, Light.RED),  # the day after the deadline: late
        (0, 7, Light.YELLOW),  # the deadline day itself is not late
        (1, 7, Light.YELLOW),
        (7, 7, Light.YELLOW),  # exactly yellow_days before
        (8, 7, Light.GREEN),
        (0, 0, Light.YELLOW),  # yellow_days 0: yellow on the deadline day only
        (1, 0, Light.GREEN),
        (30, 30, Light.YELLOW),
        (31, 30, Light.GREEN),
    ],
)
def test_light_at_the_boundaries(days_before: int, yellow_days: int, light: Light) -> None:
    assert item().light_on(DEADLINE - timedelta(days=days_before), yellow_days) is light


@pytest.mark.parametrize("status", [Status.OPEN, Status.IN_PROGRESS, Status.PARTIAL])
def test_every_status_that_can_be_late_has_a_light(status: Status) -> None:
    assert item(status).light_on(DEADLINE + timedelta(days=1)) is Light.RED
    assert item(status, None).light_on(date(2099, 1, 1)) is Light.GREEN  # no deadline: never late


@pytest.mark.parametrize("status", [Status.DONE, Status.ONGOING])
def test_done_and_ongoing_have_no_light(status: Status) -> None:
    assert item(status).light_on(DEADLINE + timedelta(days=100)) is None
    assert item(status, None).light_on(DEADLINE) is None


def lit_ledger(tmp_path: Path, lights: str = "") -> Path:
    """Deadlines around 2026-03-24: 01 late, 02 due that day, 03 in 7 days, 04 in 8, 05 none, 06 done, 07 ongoing."""

    def one(n: int, status: str, deadline: str | None, more: str = "") -> str:
        line = f"deadline: {deadline}\n" if deadline else ""
        return f"title: 任务{n}\ncategory: duty\nstatus: {status}\nmeasures: [措施]\n{line}department: 办公室\n{more}"

    items = {
        "01.yaml": one(1, "open", "2026-03-23"),
        "02.yaml": one(2, "in_progress", "2026-03-24"),
        "03.yaml": one(3, "partial", "2026-03-31"),
        "04.yaml": one(4, "in_progress", "2026-04-01"),
        "05.yaml": one(5, "in_progress", None),
        "06.yaml": one(6, "done", "2026-03-01", "closed: 2026-03-02\n"),
        "07.yaml": one(7, "ongoing", "2026-03-01"),
    }
    return write_ledger(tmp_path / "lit", items, CONFIG + lights)


def lights_of(cli, root: Path, *args: str) -> dict[str, str | None]:
    result = cli("list", "--format", "json", "--as-of", "2026-03-24", *args, root=root)
    assert result.exit_code == 0
    return {entry["id"]: entry["light"] for entry in json.loads(result.stdout)}


def test_json_has_the_light(tmp_path: Path, cli) -> None:
    assert lights_of(cli, lit_ledger(tmp_path)) == {
        "01": "red", "02": "yellow", "03": "yellow", "04": "green", "05": "green", "06": None, "07": None,
    }  # fmt: skip


def test_yellow_days_from_ledger_yaml(tmp_path: Path, cli) -> None:
    root = lit_ledger(tmp_path, "lights:\n  yellow_days: 8\n")
    assert lights_of(cli, root)["04"] == "yellow"
    root = lit_ledger(tmp_path, "lights:\n  yellow_days: 0\n")
    assert lights_of(cli, root) == {
        "01": "red", "02": "yellow", "03": "green", "04": "green", "05": "green", "06": None, "07": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--light", "red"), ["01"]),
        (("--light", "red,yellow"), ["01", "02", "03"]),
        (("--light", "red", "--light", "yellow"), ["01", "02", "03"]),
        (("--light", "黄灯，绿"), ["02", "03", "04", "05"]),  # typed with a Chinese input method
        (("--light", "green", "--department", "办公室"), ["04", "05"]),
    ],
)
def test_list_filters_by_light(tmp_path: Path, cli, args: tuple[str, ...], expected: list[str]) -> None:
    assert list(lights_of(cli, lit_ledger(tmp_path), *args)) == expected


def test_an_unknown_light_is_a_usage_error(tmp_path: Path, cli) -> None:
    result = cli("list", "--light", "red,blue", root=lit_ledger(tmp_path))
    assert result.exit_code == 2
    assert "'blue' is not a light" in result.stderr


def test_the_table_shows_the_light_as_a_word(tmp_path: Path, cli) -> None:
    result = cli("list", "--as-of", "2026-03-24", "--light", "red,yellow", root=lit_ledger(tmp_path))
    assert result.stdout == (
        "ID  Title  Department  Deadline    Status      Light  Days late\n"
        "01  任务1  办公室      2026-03-23  未启动      红灯           1\n"
        "02  任务2  办公室      2026-03-24  正在推进    黄灯\n"
        "03  任务3  办公室      2026-03-31  阶段性完成  黄灯\n"
    )


def test_on_a_terminal_the_light_is_coloured_and_still_a_word(tmp_path: Path, monkeypatch, capsys) -> None:
    import sys

    from ledger.core.load import load_ledger
    from ledger.output import View
    from ledger.output.text import items_table

    ledger = load_ledger(lit_ledger(tmp_path))
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    assert items_table(View(ledger, ledger.items[:2], date(2026, 3, 24))) is None
    printed = capsys.readouterr().out
    assert "\x1b[1;31m● 红灯" in printed and "\x1b[1;33m● 黄灯" in printed
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR")
    items_table(View(ledger, ledger.items[:2], date(2026, 3, 24)))
    printed = capsys.readouterr().out
    assert "31m" not in printed and "33m" not in printed  # no colour (rich keeps bold)
    assert "● 红灯" in printed and "● 黄灯" in printed


def test_stats_count_by_light(tmp_path: Path, cli) -> None:
    result = cli("stats", "--format", "json", "--as-of", "2026-03-24", root=lit_ledger(tmp_path))
    stats = json.loads(result.stdout)
    assert stats["by_light"] == {"red": 1, "yellow": 2, "green": 2}
    assert stats["by_category"]["duty"]["by_light"] == {"red": 1, "yellow": 2, "green": 2}
    table = cli("stats", "--as-of", "2026-03-24", root=lit_ledger(tmp_path)).stdout
    assert "红灯       1" in table and "黄灯       2" in table and "绿灯       2" in table


@pytest.mark.parametrize(
    ("lights", "message"),
    [
        ("lights:\n  yellow_days: -1\n", "lights.yellow_days: '-1' is not a whole number from 0 to 366"),
        ("lights:\n  yellow_days: 七\n", "lights.yellow_days: '七' is not a whole number from 0 to 366"),
        ("lights:\n  yellow_days: 400\n", "lights.yellow_days: '400' is not a whole number from 0 to 366"),
        ("lights:\n  yellow_days: 7.5\n", "lights.yellow_days: '7.5' is not a whole number from 0 to 366"),
        ("lights:\n  yelow_days: 7\n", "lights.yelow_days: unknown key; did you mean 'yellow_days'?"),
    ],
)
def test_lights_in_ledger_yaml_are_validated(tmp_path: Path, cli, lights: str, message: str) -> None:
    result = cli("validate", root=lit_ledger(tmp_path, lights))
    assert result.exit_code == 1
    line = CONFIG.count("\n") + 2
    assert f"ledger.yaml:{line}:" in result.stdout and message in result.stdout


def test_the_xlsx_ledger_fills_rows_by_light(tmp_path: Path, cli) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    target = tmp_path / "台账.xlsx"
    assert cli("export", "-o", str(target), "--as-of", "2026-03-24", root=lit_ledger(tmp_path)).exit_code == 0
    sheet = openpyxl.load_workbook(target)["整改台账"]
    fills = {r[1].value: r[1].fill.fgColor.rgb if r[1].fill.fill_type else None for r in sheet.iter_rows(min_row=4)}
    assert fills == {"01": "FFFFC7CE", "02": "FFFFEB9C", "03": "FFFFEB9C", "04": "FFE2EFDA", "05": "FFE2EFDA",
                     "06": None, "07": None}  # fmt: skip
    yellow = lit_ledger(tmp_path, "lights:\n  yellow_days: 0\n")
    assert cli("export", "-o", str(target), "--force", "--as-of", "2026-03-24", root=yellow).exit_code == 0
    sheet = openpyxl.load_workbook(target)["整改台账"]
    assert sheet["B6"].value == "03" and sheet["B6"].fill.fgColor.rgb == "FFE2EFDA"  # green with yellow_days 0
