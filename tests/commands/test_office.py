"""export, stats, the pre-commit hook and shell completion: the office's own tools."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
import yaml
from helpers import ITEMS, REPO, ledger_exe, without_module, write_ledger

openpyxl = pytest.importorskip("openpyxl")

HEADER = ["序号", "编号", "问题类别", "整改任务", "反馈问题", "整改措施", "责任领导", "责任部门", "责任人", "完成时限",
          "状态", "逾期天数", "销号日期", "整改进展"]  # fmt: skip


@pytest.fixture
def export_root(tmp_path: Path) -> Path:
    items = dict(ITEMS)
    items["05.yaml"] = (
        "title: 已完成的任务\ncategory: duty\nstatus: done\nmeasures: [修订制度, 建立台账]\nproblem: 制度缺失\n"
        "leader: 张某\ndepartment: [办公室, 秘书科]\nowner: 李某\ndeadline: 2025-01-01\nclosed: 2025-02-01\n"
        "evidence: [《管理办法》, 会议纪要]\n"
        "log:\n  - {date: 2025-01-10, note: 起草}\n  - {date: 2025-02-01, note: 印发}\n"
    )
    return write_ledger(tmp_path / "ledger", items)


def test_csv_reads_back_with_its_bom(export_root: Path, cli) -> None:
    out = export_root / "台账.csv"
    result = cli("export", "--format", "csv", "-o", str(out), "--as-of", "2025-07-01", root=export_root)
    assert result.exit_code == 0 and result.stderr.endswith(f"Wrote {out} (6 items)\n")
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADER
    ids = ['="01"', '="02"', '="05"', '="03"', '="04"', '="06"']  # ids stay text in a spreadsheet (01, not 1)
    assert [r[:2] for r in rows[1:]] == [[str(n), i] for n, i in enumerate(ids, 1)]
    assert rows[3] == [
        "3", '="05"', "关于落实主体责任方面", "已完成的任务", "制度缺失", "1.修订制度\n2.建立台账", "张某",
        "办公室、秘书科", "李某", "2025-01-01", "已完成", "", "2025-02-01", "2025-01-10 起草\n2025-02-01 印发",
    ]  # fmt: skip
    assert dict(zip(rows[0], rows[1], strict=True))["逾期天数"] == "30"  # of item 01 on 2025-07-01


def test_csv_to_stdout(export_root: Path, cli) -> None:
    result = cli("export", root=export_root)
    assert result.stdout.startswith("\ufeff序号,编号,问题类别,整改任务,")


def test_xlsx(export_root: Path, cli) -> None:
    out = export_root / "台账.xlsx"
    assert cli("export", "--format", "xlsx", "-o", str(out), "--as-of", "2025-07-01", root=export_root).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["整改台账", "统计"]
    sheet = book["整改台账"]
    assert sheet["A1"].value == "测试机关党组巡察整改台账" and "A1:P1" in sheet.merged_cells
    assert (sheet["A2"].value, sheet["I2"].value) == ("单位：测试机关党组", "截至2025年7月1日")
    assert [c.value for c in sheet[3]] == [*HEADER, "整改成效", "佐证材料"]
    assert all(c.font.b for c in sheet[3])
    assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref == "A3:P9"
    assert [r[0].value for r in sheet.iter_rows(min_row=4)] == [1, 2, 3, 4, 5, 6]
    headers = [c.value for c in sheet[3]]
    rows = {r[1].value: dict(zip(headers, r, strict=True)) for r in sheet.iter_rows(min_row=4)}
    assert list(rows) == ["01", "02", "05", "03", "04", "06"]
    deadline, closed = rows["05"]["完成时限"], rows["05"]["销号日期"]
    assert (deadline.value, closed.value) == (datetime(2025, 1, 1), datetime(2025, 2, 1))  # real Excel dates
    assert deadline.is_date and deadline.number_format == "yyyy-mm-dd"
    measures = rows["05"]["整改措施"]
    assert measures.value == "1.修订制度\n2.建立台账" and measures.alignment.wrap_text
    assert rows["05"]["佐证材料"].value == "《管理办法》\n会议纪要"
    assert rows["01"]["逾期天数"].value == 30 and rows["01"]["逾期天数"].number_format == "0"  # a number
    assert all(c.border.left.style == "thin" and c.font.sz == 10.5 for r in rows.values() for c in r.values())
    # Filled by warning light: 01 and 02 late (red); 03 due in 14 days and 06 without a deadline (green);
    # 04 ongoing and 05 done have no light.
    lights = {"01": "FFFFC7CE", "02": "FFFFC7CE", "03": "FFE2EFDA", "06": "FFE2EFDA", "04": None, "05": None}
    for item_id, cells in rows.items():
        cell = cells["编号"]
        assert (cell.fill.fgColor.rgb if cell.fill.fill_type else None) == lights[item_id], item_id
    assert rows["05"]["编号"].font.color.rgb == "FF808080"  # done rows muted
    assert getattr(rows["03"]["编号"].font.color, "rgb", None) != "FF808080"
    summary = book["统计"]
    assert [c.value for c in summary[3]] == ["类别", "合计", "未启动", "正在推进", "阶段性完成", "长期坚持", "已完成",
                                              "逾期", "整改完成率"]  # fmt: skip
    stats = {r[0].value: [c.value for c in r[1:]] for r in summary.iter_rows(min_row=4)}
    assert stats["合计"] == [6, 1, 2, 1, 1, 1, 2, 0.1667]  # numbers; the rate a percentage cell
    assert summary["A6"].value == "合计"
    assert summary["I6"].number_format == "0.00%" and summary["B6"].number_format == "0"
    assert stats["关于落实主体责任方面"][0] == 3


def test_xlsx_cells_are_the_csv_cells(export_root: Path, cli) -> None:
    """The same columns and values as the CSV; an empty value is no cell at all, as Excel makes it."""
    out = export_root / "台账.xlsx"
    cli("export", "--format", "xlsx", "-o", str(out), "--as-of", "2025-07-01", root=export_root)
    data = cli("export", "--as-of", "2025-07-01", root=export_root).stdout.lstrip("\ufeff")
    expected = list(csv.reader(io.StringIO(data, newline="")))

    def text(value: object) -> str:
        return "" if value is None else value.date().isoformat() if isinstance(value, datetime) else str(value)

    sheet = openpyxl.load_workbook(out)["整改台账"]
    expected = [[v[2:-1] if v.startswith('="') else v for v in row] for row in expected]  # the CSV's ="01" is 01
    assert [[text(c.value) for c in r][:14] for r in sheet.iter_rows(min_row=3)] == expected
    assert not [c.coordinate for r in sheet.iter_rows() for c in r if c.value == ""]  # empty is no value


def test_xlsx_needs_a_file_and_force_to_replace(export_root: Path, cli) -> None:
    assert cli("export", "--format", "xlsx", root=export_root).exit_code == 2
    out = export_root / "old.xlsx"
    out.write_text("keep me")
    result = cli("export", "--format", "xlsx", "-o", str(out), root=export_root)
    assert (result.exit_code, result.stderr) == (1, f"Error: {out} exists; give --force to replace it\n")
    assert out.read_text() == "keep me"
    assert cli("export", "--format", "xlsx", "-o", str(out), "--force", root=export_root).exit_code == 0
    assert openpyxl.load_workbook(out).sheetnames == ["整改台账", "统计"]


def test_xlsx_without_xlsxwriter_says_how_to_install_it(export_root: Path, cli, monkeypatch) -> None:
    without_module(monkeypatch, "xlsxwriter")
    result = cli("export", "--format", "xlsx", "-o", str(export_root / "x.xlsx"), root=export_root)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the xlsx format needs XlsxWriter, installed into the Python that runs ledger: {sys.executable} -m "
        "pip install XlsxWriter (installed with pipx: pipx inject zhenggai-ledger XlsxWriter)\n"
    )
    assert not (export_root / "x.xlsx").exists()


def test_json_export(export_root: Path, cli) -> None:
    data = json.loads(cli("export", "--format", "json", "--as-of", "2025-07-01", root=export_root).stdout)
    assert data["as_of"] == "2025-07-01"
    assert data["ledger"]["title"] == "测试机关党组关于巡察整改进展情况的通报"
    assert [i["id"] for i in data["items"]] == ["01", "02", "05", "03", "04", "06"]
    assert data["items"][2]["log"][1] == {"date": "2025-02-01", "note": "印发"}
    assert data["stats"]["completion"] == 16.67


def test_export_refuses_a_broken_ledger(export_root: Path, cli) -> None:
    (export_root / "items" / "09.yaml").write_text("title: x\n")
    result = cli("export", root=export_root)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.endswith(
        "Error: the ledger has 2 errors; fix them before exporting (`ledger validate` lists them)\n"
    )


def hand_ledger(tmp_path: Path) -> Path:
    """7 items: duty has 3 done, 1 partial; conduct has 1 done, 1 in_progress (late), 1 ongoing."""
    done = "status: done\nmeasures: [m]\nclosed: 2025-01-01\n"
    items = {
        "01.yaml": "title: a\ncategory: duty\n" + done,
        "02.yaml": "title: b\ncategory: duty\n" + done,
        "03.yaml": "title: c\ncategory: duty\n" + done,
        "04.yaml": "title: d\ncategory: duty\nstatus: partial\nmeasures: [m]\ndeadline: 2025-09-01\n",
        "05.yaml": "title: e\ncategory: conduct\n" + done + "public: false\n",
        "06.yaml": "title: f\ncategory: conduct\nstatus: in_progress\nmeasures: [m]\ndeadline: 2025-03-01\n",
        "07.yaml": "title: g\ncategory: conduct\nstatus: ongoing\nmeasures: [m]\ndeadline: 2025-03-01\n",
    }
    return write_ledger(tmp_path / "hand", items)


def test_stats_json_against_a_hand_count(tmp_path: Path, cli) -> None:
    result = cli("stats", "--format", "json", "--as-of", "2025-06-30", root=hand_ledger(tmp_path))
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "total": 7,
        "by_status": {"open": 0, "in_progress": 1, "partial": 1, "ongoing": 1, "done": 4},
        "overdue": 1,
        "by_light": {"red": 1, "yellow": 0, "green": 1},  # 07 is ongoing: no light
        "completion": 57.14,
        "by_category": {
            "duty": {"title": "关于落实主体责任方面", "total": 4, "overdue": 0, "completion": 75.0,
                     "by_status": {"open": 0, "in_progress": 0, "partial": 1, "ongoing": 0, "done": 3},
                     "by_light": {"red": 0, "yellow": 0, "green": 1}},
            "conduct": {"title": "关于作风建设方面", "total": 3, "overdue": 1, "completion": 33.33,
                        "by_status": {"open": 0, "in_progress": 1, "partial": 0, "ongoing": 1, "done": 1},
                        "by_light": {"red": 1, "yellow": 0, "green": 0}},
        },
    }  # fmt: skip


def test_stats_table(tmp_path: Path, cli) -> None:
    result = cli("stats", "--as-of", "2025-06-30", root=hand_ledger(tmp_path))
    assert result.stdout == (
        "Status      Items             \n"
        "未启动          0             \n"
        "正在推进        1  ███        \n"
        "阶段性完成      1  ███        \n"
        "长期坚持        1  ███        \n"
        "已完成          4  ███████████\n"
        "合计            7             \n"
        "\n"
        "Light  Items            \n"
        "红灯       1  ██████████\n"
        "黄灯       0            \n"
        "绿灯       1  ██████████\n"
        "\n"
        "Category              Items  Done  Overdue  Completion          \n"
        "关于落实主体责任方面      4     3        0         75%  ████████\n"
        "关于作风建设方面          3     1        1      33.33%  ███     \n"
        "\n"
        "Overdue: 1    Completion (done ÷ total): 57.14%\n"
    )


def test_pre_commit_hook_runs_ledger_validate() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ledger-validate" and hook["entry"] == "ledger validate"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    import re

    pattern = re.compile(hook["files"])
    assert all(pattern.search(p) for p in ["ledger.yaml", "items/08.yaml", "台账/items/08-财务.yaml"])
    assert not pattern.search("README.md")


def complete(*words: str, cwd: Path = REPO) -> list[str]:
    env = {**os.environ, "_LEDGER_COMPLETE": "complete_bash", "COMP_WORDS": " ".join(["ledger", *words]),
           "COMP_CWORD": str(len(words))}  # fmt: skip
    env.pop("LEDGER_ROOT", None)
    result = subprocess.run([ledger_exe()], env=env, cwd=cwd, capture_output=True, text=True, timeout=30)
    return result.stdout.split()


def test_completion_of_ids_and_categories() -> None:
    assert complete("show", "1") == ["10", "11", "12", "13", "14", "15"]
    assert complete("close", "0")[:2] == ["01", "02"]
    assert complete("list", "--category", "") == ["responsibility", "performance", "conduct", "organization"]
    assert complete("new", "--title", "x", "--category", "co") == ["conduct"]


def test_completion_outside_a_ledger_offers_nothing(tmp_path: Path) -> None:
    assert complete("show", "", cwd=tmp_path) == []


def test_xlsx_prints_on_a_page_wide_with_rows_tall_enough(export_root: Path, cli) -> None:
    out = export_root / "台账.xlsx"
    cli("export", "--format", "xlsx", "-o", str(out), root=export_root)
    sheet = openpyxl.load_workbook(out)["整改台账"]
    assert sheet.page_setup.orientation == "landscape" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToWidth in (None, 1) and sheet.page_setup.fitToHeight == 0  # one page wide
    assert sheet.page_setup.paperSize in (8, 9)  # A3 or A4
    assert sheet.print_title_rows == "$3:$3" and sheet.oddFooter.center.text == "第&P页 共&N页"
    heights = {r[1].value: sheet.row_dimensions[r[1].row].height for r in sheet.iter_rows(min_row=4)}
    assert heights["05"] == 34.5  # two lines of 10.5 pt (x 1.5, + 3): two measures, two log lines
    assert min(heights.values()) >= 18.8
