"""`ledger forms` and `ledger apply` (SPEC 3.8): forms out, filled in as a department would, returns in."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from helpers import write_ledger

openpyxl = pytest.importorskip("openpyxl")

CONFIG = """\
title: 测试机关党组关于巡察整改进展情况的通报
issuer: 测试机关党组
subject: 测试机关党组
categories:
  - key: duty
    title: 关于落实主体责任方面
close_requires: [evidence]
"""

ITEMS = {
    "01-财务.yaml": (
        "# 财务管理：两个部门共同负责\n"
        "title: 规范财务报销管理\n"
        "category: duty\n"
        "status: in_progress\n"
        "measures:\n"
        "  - 修订报销制度\n"
        "  - 开展专项检查\n"
        "department: [财务科, 办公室]\n"
        "deadline: 2026-03-31\n"
        "log:\n"
        "  - date: 2026-02-10\n"
        "    note: 制度初稿已形成\n"
    ),
    "02.yaml": (
        "title: 加强公文审核\n"
        "category: duty\n"
        "status: open\n"
        "measures: [建立公文二次审核机制]\n"
        "department: 办公室   # 牵头\n"
        "deadline: 2026-03-20\n"
    ),
    "03.yaml": (
        "title: 清理固定资产\n"
        "category: duty\n"
        "status: partial\n"
        "measures: [全面盘点固定资产]\n"
        "department: 财务科\n"
        "deadline: 2026-04-30\n"
    ),
    "04.yaml": (
        "title: 已经办结的任务\n"
        "category: duty\n"
        "status: done\n"
        "measures: [措施]\n"
        "department: 办公室\n"
        "closed: 2026-01-10\n"
        "evidence: [《通知》]\n"
    ),
}
DAY = "2026-03-10"  # the forms go out; they come back dated after it
APPLIED = "2026-03-25"  # the day the returns are applied, unless a test says otherwise


class Clock:
    """ "Today" for the commands run in-process: the forms are made on DAY, the returns applied on APPLIED."""

    def __init__(self) -> None:
        self.day = dt.date.fromisoformat(APPLIED)

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    import ledger.core.dates

    clock = Clock()
    monkeypatch.setattr(ledger.core.dates, "today", clock)
    return clock


@pytest.fixture
def forms_root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger", ITEMS, CONFIG)


def originals(forms_root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((forms_root / "items").iterdir())}


def make_forms(cli, forms_root: Path, folder: Path, *args: str, on: str = DAY) -> dict[str, Path]:
    import ledger.core.dates

    clock = ledger.core.dates.today
    was, clock.day = clock.day, dt.date.fromisoformat(on)
    try:
        result = cli("forms", "-o", str(folder), *args, root=forms_root)
    finally:
        clock.day = was
    assert result.exit_code == 0
    return {p.stem: p for p in sorted(folder.iterdir())}


def form_sheet(book):
    return next(s for s in book.worksheets if s.sheet_state == "visible")


def fill(path: Path, target: Path, reported: object = None, rows: dict | None = None, sheet_title: str | None = None,
         edit=None) -> Path:  # fmt: skip
    """Fill a form as a department does: cells by header, per item id; optionally the mistakes offices make."""
    book = openpyxl.load_workbook(path)
    sheet = form_sheet(book)
    headers = [c.value for c in sheet[3]]
    if reported is not None:
        sheet["E2"] = reported
    for row in sheet.iter_rows(min_row=4):
        item_id = row[0].value
        for header, value in (rows or {}).get(item_id, {}).items():
            row[headers.index(header)].value = value
    if sheet_title:
        sheet.title = sheet_title
    if edit:
        edit(book, sheet)
    book.save(target)
    return target


# --- forms -------------------------------------------------------------------------------------------------


def test_one_form_per_department_with_its_items_not_done(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    assert list(forms) == ["办公室", "财务科"]
    office = form_sheet(openpyxl.load_workbook(forms["办公室"]))
    assert office["A1"].value == "测试机关党组巡察整改进度填报表"
    assert office["A2"].value == "填报单位：办公室"
    assert [c.value for c in office[3]] == ["编号", "整改任务", "整改措施", "完成时限", "当前状态", "最近进展",
                                            "本期进展", "完成情况", "完成日期", "佐证材料"]  # fmt: skip
    rows = [[c.value for c in row] for row in office.iter_rows(min_row=4, max_row=5)]
    assert rows == [
        [
            "01",
            "规范财务报销管理",
            "1.修订报销制度\n2.开展专项检查",
            dt.datetime(2026, 3, 31),
            "正在推进",
            "2026-02-10 制度初稿已形成",
            None,
            "正在推进",
            None,
            None,
        ],
        [
            "02",
            "加强公文审核",
            "1.建立公文二次审核机制",
            dt.datetime(2026, 3, 20),
            "未启动",
            None,
            None,
            "未启动",
            None,
            None,
        ],
    ]  # fmt: skip  (04 is done: on no form)
    assert office["A6"].value is None and office["A7"].value.startswith("填写说明")
    finance = form_sheet(openpyxl.load_workbook(forms["财务科"]))
    assert [finance.cell(r, 1).value for r in (4, 5)] == ["01", "03"]  # 01 has two departments: on both forms


def test_the_form_locks_the_ledger_and_validates_what_is_filled(forms_root: Path, cli, tmp_path: Path) -> None:
    book = openpyxl.load_workbook(make_forms(cli, forms_root, tmp_path / "forms")["办公室"])
    sheet = form_sheet(book)
    assert sheet.protection.sheet and not sheet.protection.password  # against slips, not people
    assert [sheet.cell(4, c).protection.locked for c in range(1, 11)] == [True] * 6 + [False] * 4
    assert sheet["E2"].protection.locked is False  # 填报日期
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["H4:H5"].type == "list" and rules["H4:H5"].formula1 == '"未启动,正在推进,阶段性完成,长期坚持,已完成"'
    assert rules["I4:I5"].type == "date" and rules["E2"].type == "date"
    assert sheet["I4"].number_format == "yyyy-mm-dd"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 8  # A3
    assert sheet.print_title_rows == "$3:$3" and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.page_setup.fitToHeight == 0  # one page wide, as many long as it takes
    assert "第&P页 共&N页" in sheet.oddFooter.center.text
    (meta,) = [s for s in book.worksheets if s is not sheet]
    assert meta.sheet_state == "veryHidden"
    assert [meta.cell(r, 1).value for r in range(1, 8)] == ["format", "ledger", "issuer", "commit", "made",
                                                            "department", "labels"]  # fmt: skip
    assert meta["B2"].value == "测试机关党组关于巡察整改进展情况的通报" and meta["B5"].value == DAY
    properties = {p.name: p.value for p in book.custom_doc_props.props}
    assert properties["ledger-ledger"] == "测试机关党组关于巡察整改进展情况的通报"
    assert properties["ledger-made"] == DAY and properties["ledger-department"] == "办公室"


def test_the_form_records_the_commit(forms_root: Path, cli, tmp_path: Path) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(forms_root), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                       check=True)  # fmt: skip

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "台账")
    sha = subprocess.run(
        ["git", "-C", str(forms_root), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    book = openpyxl.load_workbook(make_forms(cli, forms_root, tmp_path / "a")["办公室"])
    assert book["_ledger"]["B4"].value == sha
    (forms_root / "items" / "02.yaml").write_text(ITEMS["02.yaml"] + "tags: [立行立改]\n", encoding="utf-8")
    book = openpyxl.load_workbook(make_forms(cli, forms_root, tmp_path / "b")["办公室"])
    assert book["_ledger"]["B4"].value == sha + "+"  # made from edits not committed


def test_the_same_ledger_gives_the_same_bytes(forms_root: Path, cli, tmp_path: Path) -> None:
    first = make_forms(cli, forms_root, tmp_path / "a")["财务科"].read_bytes()
    assert make_forms(cli, forms_root, tmp_path / "b")["财务科"].read_bytes() == first


def test_filters_choose_the_items(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms", "--status", "open")
    assert list(forms) == ["办公室"]
    assert form_sheet(openpyxl.load_workbook(forms["办公室"]))["A4"].value == "02"
    forms = make_forms(cli, forms_root, tmp_path / "one", "--department", "财务科")
    assert list(forms) == ["财务科"]


@pytest.mark.parametrize(
    ("department", "file"),
    [
        ("财务/审计科", "财务_审计科.xlsx"),
        ("CON", "_CON.xlsx"),
        ("综合科.", "综合科.xlsx"),
        ('a<b>:"|?*', "a_b______.xlsx"),
    ],
)
def test_file_names_are_safe_on_windows(tmp_path: Path, cli, department: str, file: str) -> None:
    item = f"title: 任务\ncategory: duty\nstatus: open\ndepartment: '{department}'\n"
    forms_root = write_ledger(tmp_path / "l", {"01.yaml": item}, CONFIG)
    result = cli("forms", "-o", str(tmp_path / "f"), root=forms_root)
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "f").iterdir()] == [file]


def test_names_that_collide_get_numbers() -> None:
    from ledger.core.supervision import file_names

    assert file_names(["办公室/", "办公室?", "Office", "office"], ".xlsx") == {
        "办公室/": "办公室_.xlsx", "办公室?": "办公室_-2.xlsx", "Office": "Office.xlsx", "office": "office-2.xlsx",
    }  # fmt: skip


def test_forms_never_replace_a_file_without_force(forms_root: Path, cli, tmp_path: Path) -> None:
    folder = tmp_path / "forms"
    make_forms(cli, forms_root, folder)
    result = cli("forms", "-o", str(folder), root=forms_root)
    assert result.exit_code == 1 and "give --force" in result.stderr
    assert cli("forms", "-o", str(folder), "--force", root=forms_root).exit_code == 0


# --- apply ---------------------------------------------------------------------------------------------------

OFFICE_01 = ITEMS["01-财务.yaml"] + "  - date: 2026-03-20\n    note: 已完成制度修订\n    by: 办公室\n"
OFFICE_02 = (
    "title: 加强公文审核\n"
    "category: duty\n"
    "status: in_progress\n"
    "measures: [建立公文二次审核机制]\n"
    "department: 办公室   # 牵头\n"
    "deadline: 2026-03-20\n"
    "log:\n"
    "  - date: 2026-03-20\n"
    "    note: 二次审核机制已试行\n"
    "    by: 办公室\n"
    "  - date: 2026-03-20\n"
    "    kind: status\n"
    "    from: open\n"
    "    to: in_progress\n"
    "    by: 办公室\n"
)


def office_return(forms: dict[str, Path], tmp_path: Path, **kwargs) -> Path:
    rows = {"01": {"本期进展": "已完成制度修订"}, "02": {"本期进展": "二次审核机制已试行", "完成情况": "正在推进"}}
    return fill(forms["办公室"], tmp_path / "办公室-回.xlsx", kwargs.pop("reported", "2026-03-20"), rows, **kwargs)


def test_a_return_becomes_notes_and_status_changes_through_the_editor(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    returned = office_return(forms, tmp_path)
    before = originals(forms_root)
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 0
    assert result.stdout == (
        "办公室-回.xlsx — 办公室, 填报日期 2026-03-20:\n"
        "  01 规范财务报销管理\n"
        "    note of 2026-03-20 by 办公室: 已完成制度修订\n"
        "  02 加强公文审核\n"
        "    note of 2026-03-20 by 办公室: 二次审核机制已试行\n"
        "    status 未启动 → 正在推进\n"
    )
    assert result.stderr == "Applied: 2 item files changed.\n"
    after = originals(forms_root)
    assert after["01-财务.yaml"].decode() == OFFICE_01
    assert after["02.yaml"].decode() == OFFICE_02
    assert after["03.yaml"] == before["03.yaml"] and after["04.yaml"] == before["04.yaml"]
    assert cli("validate", root=forms_root).exit_code == 0


def test_the_same_return_twice_changes_nothing_the_second_time(forms_root: Path, cli, tmp_path: Path) -> None:
    returned = office_return(make_forms(cli, forms_root, tmp_path / "forms"), tmp_path)
    assert cli("apply", str(returned), root=forms_root).exit_code == 0
    once = originals(forms_root)
    again = cli("apply", str(returned), root=forms_root)
    assert again.exit_code == 0
    assert (
        again.stdout
        == "办公室-回.xlsx — 办公室, 填报日期 2026-03-20:\n  nothing to change: the ledger holds it all already\n"
    )
    assert again.stderr == "Applied: 0 item files changed.\n"
    assert originals(forms_root) == once


def test_dry_run_prints_the_changes_and_the_diff_and_writes_nothing(forms_root: Path, cli, tmp_path: Path) -> None:
    returned = office_return(make_forms(cli, forms_root, tmp_path / "forms"), tmp_path)
    before = originals(forms_root)
    result = cli("apply", str(returned), "--dry-run", root=forms_root)
    assert result.exit_code == 0
    assert originals(forms_root) == before
    assert "    status 未启动 → 正在推进\n--- a/items/01-财务.yaml\n+++ b/items/01-财务.yaml\n" in result.stdout
    assert (
        "+  - date: 2026-03-20\n+    kind: status\n+    from: open\n+    to: in_progress\n+    by: 办公室\n"
        in result.stdout
    )
    assert result.stderr == "Dry run: 2 item files would change; nothing written.\n"


FINANCE_01 = (
    ITEMS["01-财务.yaml"]
    + "  - date: 2026-03-15\n    note: 专项检查发现问题3个\n    by: 财务科\n"
    + "  - date: 2026-03-20\n    note: 已完成制度修订\n    by: 办公室\n"
)
FINANCE_03 = (
    "title: 清理固定资产\n"
    "category: duty\n"
    "status: done\n"
    "measures: [全面盘点固定资产]\n"
    "department: 财务科\n"
    "deadline: 2026-04-30\n"
    "closed: 2026-03-14\n"
    "evidence:\n"
    "  - 《固定资产盘点报告》\n"
    "  - 资产处置清单\n"
    "log:\n"
    "  - date: 2026-03-14\n"
    "    kind: close\n"
    "    by: 财务科\n"
    "  - date: 2026-03-15\n"
    "    note: 盘点完毕\n"
    "    by: 财务科\n"
)  # the 销号 on the day it was done, before the note of the day reported


def finance_return(forms: dict[str, Path], tmp_path: Path) -> Path:
    """As WPS gives it back: the sheet renamed, 编号 retyped as numbers, dates as text, blank rows added."""
    rows = {
        "01": {"本期进展": "专项检查发现问题3个"},
        "03": {"本期进展": "盘点完毕", "完成情况": "已完成", "完成日期": "2026年3月14日",
               "佐证材料": "《固定资产盘点报告》\n资产处置清单"},
    }  # fmt: skip

    def as_wps_saves(book, sheet) -> None:
        sheet["A4"].value, sheet["A5"].value = 1, 3  # '01' as the number 1
        sheet["D4"].value = "2026/3/31"  # a date cell retyped as text
        sheet.move_range("A5:J5", rows=1)  # a blank row between the items

    return fill(forms["财务科"], tmp_path / "财务科.xlsx", dt.datetime(2026, 3, 15), rows, "Sheet1", as_wps_saves)


def test_a_return_as_wps_saves_it_back_closes_items(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    result = cli("apply", str(finance_return(forms, tmp_path)), root=forms_root)
    assert result.exit_code == 0
    assert result.stdout == (
        "财务科.xlsx — 财务科, 填报日期 2026-03-15:\n"
        "  01 规范财务报销管理\n"
        "    note of 2026-03-15 by 财务科: 专项检查发现问题3个\n"
        "  03 清理固定资产\n"
        "    note of 2026-03-15 by 财务科: 盘点完毕\n"
        "    销号 on 2026-03-14\n"
        "    evidence: 《固定资产盘点报告》、资产处置清单\n"
    )
    assert originals(forms_root)["03.yaml"].decode() == FINANCE_03
    assert cli("validate", "--strict", root=forms_root).exit_code == 0  # no warning either: the log in date order


def test_two_departments_returning_one_item_both_land_in_date_order(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    assert cli("apply", str(office_return(forms, tmp_path)), root=forms_root).exit_code == 0  # reported 20 March
    assert (
        cli("apply", str(finance_return(forms, tmp_path)), root=forms_root).exit_code == 0
    )  # reported 15 March, later
    assert originals(forms_root)["01-财务.yaml"].decode() == FINANCE_01


def test_two_returns_in_one_run_land_in_date_order(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    result = cli("apply", str(office_return(forms, tmp_path)), str(finance_return(forms, tmp_path)), root=forms_root)
    assert result.exit_code == 0
    assert result.stdout.index("财务科.xlsx") < result.stdout.index("办公室-回.xlsx")  # the earlier report first
    assert originals(forms_root)["01-财务.yaml"].decode() == FINANCE_01


def test_close_requires_is_respected(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    rows = {"03": {"完成情况": "已完成", "完成日期": "2026-03-14"}, "01": {"本期进展": "进展"}}
    returned = fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", rows)
    before = originals(forms_root)
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 1
    assert result.stdout == (
        "r.xlsx — 财务科, 填报日期 2026-03-15:\n"
        "  refused: nothing of this workbook is applied\n"
        "  r.xlsx 进度填报!J5: 佐证材料 is needed to close item 03 (销号): the ledger requires evidence of every "
        "closed item; name the documents in this cell, one per line\n"
    )
    assert originals(forms_root) == before  # not even 01's note


def other_ledger(book, sheet) -> None:
    book["_ledger"]["B2"].value = "另一个单位的通报"


def altered_id(book, sheet) -> None:
    sheet["A5"].value = "09"


def altered_task(book, sheet) -> None:
    sheet["B4"].value = "规范财务管理"


@pytest.mark.parametrize(
    ("rows", "edit", "refusal"),
    [
        (
            {},
            other_ledger,
            "r.xlsx: is a form of another ledger (另一个单位的通报), not of this one "
            "(测试机关党组关于巡察整改进展情况的通报); nothing of it was applied",
        ),
        (
            {},
            altered_id,
            "r.xlsx 进度填报!A5: 编号 '09' is not an item of this form; the ledger's columns must stay as they were",
        ),
        (
            {},
            altered_task,
            "r.xlsx 进度填报!B4: 整改任务 was changed (the form had '规范财务报销管理'); the ledger's "
            "columns are locked",
        ),
        (
            {"03": {"完成情况": "已完成", "完成日期": "下周五", "佐证材料": "报告"}},
            None,
            "r.xlsx 进度填报!I5: 完成日期: '下周五' is not a date; write it as 2026-03-31",
        ),
        (
            {"03": {"完成情况": "已完成", "完成日期": "2026-02-30", "佐证材料": "报告"}},
            None,
            "r.xlsx 进度填报!I5: 完成日期: '2026-02-30' is not a date; write it as 2026-03-31",
        ),
        (
            {"03": {"完成情况": "差不多"}},
            None,
            "r.xlsx 进度填报!H5: 完成情况 '差不多' is not a status; choose one of "
            "未启动、正在推进、阶段性完成、长期坚持、已完成",
        ),
        (
            {"03": {"完成情况": "已完成", "佐证材料": "报告"}},
            None,
            "r.xlsx 进度填报!I5: 完成日期 is needed where 完成情况 is 已完成 (销号)",
        ),
        (
            {"03": {"完成日期": "2026-03-01"}},
            None,
            "r.xlsx 进度填报!I5: 完成日期 is given but 完成情况 is not 已完成; choose 已完成 or clear the date",
        ),
    ],
)
def test_a_wrong_return_is_refused_cell_by_cell_and_nothing_is_written(
    forms_root: Path, cli, tmp_path: Path, rows, edit, refusal: str
) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    rows = {"01": {"本期进展": "这条进展也不得写入"}, **rows}
    returned = fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", rows, edit=edit)
    before = originals(forms_root)
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 1
    assert f"  refused: nothing of this workbook is applied\n  {refusal}\n" in result.stdout
    assert originals(forms_root) == before


def test_every_wrong_cell_is_named_at_once(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    rows = {"01": {"完成情况": "完成了"}, "03": {"完成日期": "昨天", "完成情况": "已完成"}}
    result = cli("apply", str(fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", rows, edit=altered_task)),
                 root=forms_root)  # fmt: skip
    assert [line.split(":")[0] for line in result.stdout.splitlines()[2:]] == [
        "  r.xlsx 进度填报!B4", "  r.xlsx 进度填报!H4", "  r.xlsx 进度填报!I5",
    ]  # fmt: skip


def test_an_item_changed_since_the_form_was_made_is_refused(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    moved = cli("set", "3", "--deadline", "2026-05-31", "--reason", "需审计", "--date", "2026-03-10", root=forms_root)
    assert moved.exit_code == 0
    before = originals(forms_root)
    returned = fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", {"03": {"本期进展": "盘点中"}})
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 1
    assert "  r.xlsx row 5: item 03 changed in the ledger since the form was made" in result.stdout
    assert originals(forms_root) == before


def test_a_status_changed_since_is_refused_but_a_note_still_lands(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    assert cli("set", "2", "--status", "partial", "--date", "2026-03-10", root=forms_root).exit_code == 0
    wants_status = fill(forms["办公室"], tmp_path / "a.xlsx", "2026-03-15", {"02": {"完成情况": "正在推进"}})
    result = cli("apply", str(wants_status), root=forms_root)
    assert result.exit_code == 1
    assert "item 02's status changed in the ledger since the form was made (未启动 → 阶段性完成)" in result.stdout
    only_a_note = fill(forms["办公室"], tmp_path / "b.xlsx", "2026-03-15", {"02": {"本期进展": "试行中"}})
    assert cli("apply", str(only_a_note), root=forms_root).exit_code == 0
    assert "  - date: 2026-03-15\n    note: 试行中\n    by: 办公室\n" in (forms_root / "items" / "02.yaml").read_text(
        "utf-8"
    )


def test_not_a_form(forms_root: Path, cli, tmp_path: Path) -> None:
    (tmp_path / "x.xlsx").write_bytes(b"PK not a zip")
    book = openpyxl.Workbook()
    book.save(tmp_path / "plain.xlsx")
    result = cli("apply", str(tmp_path / "x.xlsx"), str(tmp_path / "plain.xlsx"), root=forms_root)
    assert result.exit_code == 1
    assert "  x.xlsx: not an Office Open XML file (not a zip); save it as .xlsx or .docx again\n" in result.stdout
    assert "  plain.xlsx: is not a form made by `ledger forms`: it holds no record of its ledger\n" in result.stdout


def test_the_date_option_dates_the_notes(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    returned = fill(forms["办公室"], tmp_path / "r.xlsx", None, {"02": {"本期进展": "进展"}})
    assert cli("apply", str(returned), "--date", "2026-03-22", root=forms_root).exit_code == 0
    assert "log:\n  - date: 2026-03-22\n    note: 进展\n    by: 办公室\n" in (
        forms_root / "items" / "02.yaml"
    ).read_text("utf-8")


def test_a_form_copied_elsewhere_still_applies(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    shutil.copy(forms["办公室"], tmp_path / "办公室 (1).xlsx")
    returned = fill(
        tmp_path / "办公室 (1).xlsx", tmp_path / "办公室 (1).xlsx", "2026-03-15", {"02": {"本期进展": "进展"}}
    )
    assert cli("apply", str(returned), root=forms_root).exit_code == 0


# --- What a hostile tester found ------------------------------------------------------------------------------


SEAL_BROKEN = (
    "r.xlsx: its hidden record (sheet _ledger) was altered and cannot be read (its cells are not as the "
    "form was made); make a new form"
)


def tampered_count(book, sheet) -> None:
    book["_ledger"]["D11"].value = "abc"  # 指纹 of the first record


def tampered_department(book, sheet) -> None:
    book["_ledger"]["B6"].value = "办公室"  # 财务科's form passed off as 办公室's


def altered_unit(book, sheet) -> None:
    sheet["A2"].value = "填报单位：办公室"


@pytest.mark.parametrize(
    ("reported", "rows", "edit", "refusal"),
    [
        ("2020-01-01", {"01": {"本期进展": "早期进展"}}, None,
         "r.xlsx 进度填报!E2: 填报日期 2020-01-01 is before the form was made (2026-03-10); write the day it is sent "
         "back"),
        ("2026-03-15", {"03": {"完成情况": "已完成", "完成日期": "2030-01-01", "佐证材料": "报告"}}, None,
         "r.xlsx 进度填报!I5: 完成日期 2030-01-01 is after today"),
        ("2026-03-15", {}, tampered_count, SEAL_BROKEN),
        ("2026-03-15", {"03": {"本期进展": "x"}}, tampered_department, SEAL_BROKEN),
        ("2026-03-15", {}, altered_unit,
         "r.xlsx 进度填报!A2: 填报单位 办公室 is not the department of the form's record (财务科): one of them was "
         "altered; make a new form"),
    ],
)  # fmt: skip
def test_dates_and_records_that_cannot_be_true_are_refused(forms_root: Path, cli, tmp_path: Path, reported, rows, edit,
                                                           refusal: str) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    returned = fill(forms["财务科"], tmp_path / "r.xlsx", reported, rows, edit=edit)
    before = originals(forms_root)
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert refusal in result.stdout
    assert originals(forms_root) == before


def test_a_zip_bomb_is_refused_before_it_is_opened(forms_root: Path, cli, tmp_path: Path) -> None:
    import zipfile

    forms = make_forms(cli, forms_root, tmp_path / "forms")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(forms["办公室"]) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("xl/media/padding.bin", b"\0" * (8 << 20))  # 8 MiB of zeros: a few KiB packed
    result = cli("apply", str(bomb), root=forms_root)
    assert result.exit_code == 1
    assert "bomb.xlsx: a part (xl/media/padding.bin) unpacks to 8388608 bytes" in result.stdout


def test_an_item_reassigned_since_the_form_says_so(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    assert cli("set", "3", "--department", "审计科", "--date", "2026-03-11", root=forms_root).exit_code == 0
    result = cli("apply", str(fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", {"03": {"本期进展": "x"}})),
                 root=forms_root)  # fmt: skip
    assert result.exit_code == 1
    assert ("r.xlsx row 5: the form is 财务科's, but item 03 names 审计科 as responsible: the item was reassigned "
            "since the form was made, or the form's record was altered; make a new form") in result.stdout  # fmt: skip


# --- What the second tester found: idempotency for every kind of return ----------------------------------------


def read(forms_root: Path, name: str) -> str:
    return (forms_root / "items" / name).read_text("utf-8")


@pytest.mark.parametrize(
    "rows",
    [
        {"02": {"本期进展": "试行中"}},
        {"02": {"本期进展": "试行中", "完成情况": "正在推进"}},
        {"01": {"本期进展": "检查完毕", "完成情况": "已完成", "完成日期": "2026-03-12", "佐证材料": "报告"}},
    ],
    ids=["note", "note-and-status", "close"],
)
def test_an_undated_return_applied_again_another_day_changes_nothing(forms_root: Path, cli, tmp_path: Path,
                                                                    clock: Clock, rows) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    returned = fill(forms["办公室"], tmp_path / "r.xlsx", None, rows)  # no 填报日期: dated the day it is applied
    assert cli("apply", str(returned), root=forms_root).exit_code == 0
    once = originals(forms_root)
    assert "  - date: 2026-03-25\n" in read(forms_root, "01-财务.yaml" if "01" in rows else "02.yaml")
    for day in ("2026-03-26", "2026-04-30"):
        clock.day = dt.date.fromisoformat(day)
        again = cli("apply", str(returned), root=forms_root)
        assert again.exit_code == 0
        assert again.stdout == ("r.xlsx — 办公室, 填报日期 not filled in (dated " + day + "):\n"
                                "  nothing to change: the ledger holds it all already\n")  # fmt: skip
        assert originals(forms_root) == once


def test_a_status_change_applied_once_is_not_asked_again_after_the_office_moved_on(
    forms_root: Path, cli, tmp_path: Path
) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    returned = fill(forms["办公室"], tmp_path / "r.xlsx", "2026-03-15", {"02": {"完成情况": "正在推进"}})
    assert cli("apply", str(returned), root=forms_root).exit_code == 0
    assert cli("set", "2", "--status", "partial", "--date", "2026-03-20", root=forms_root).exit_code == 0
    once = originals(forms_root)
    again = cli("apply", str(returned), root=forms_root)  # the same return, found again in a mail box
    assert again.exit_code == 0 and "nothing to change" in again.stdout
    assert originals(forms_root) == once


CLOSED_01 = (
    "# 财务管理：两个部门共同负责\n"
    "title: 规范财务报销管理\n"
    "category: duty\n"
    "status: done\n"
    "measures:\n"
    "  - 修订报销制度\n"
    "  - 开展专项检查\n"
    "department: [财务科, 办公室]\n"
    "deadline: 2026-03-31\n"
    "closed: 2026-02-01\n"
    "evidence:\n"
    "  - 《财务报销管理办法》\n"
    "log:\n"
    "  - date: 2026-02-01\n"
    "    kind: close\n"
    "    by: 财务科\n"
    "  - date: 2026-02-10\n"
    "    note: 制度初稿已形成\n"
)  # the 销号 dated before the entry the form saw: it goes before it, where its date belongs


def finance_closes_01(forms: dict[str, Path], target: Path) -> Path:
    rows = {"01": {"完成情况": "已完成", "完成日期": "2026-02-01", "佐证材料": "《财务报销管理办法》"}}
    return fill(forms["财务科"], target, "2026-03-15", rows)


def test_a_close_dated_before_the_logs_last_entry_applies_again_as_nothing(forms_root: Path, cli,
                                                                          tmp_path: Path) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    returned = finance_closes_01(forms, tmp_path / "财务科-回.xlsx")
    assert cli("apply", str(returned), root=forms_root).exit_code == 0
    assert read(forms_root, "01-财务.yaml") == CLOSED_01
    again = cli("apply", str(returned), root=forms_root)
    assert again.exit_code == 0 and "nothing to change" in again.stdout
    assert read(forms_root, "01-财务.yaml") == CLOSED_01


def test_the_same_workbook_twice_in_one_run_or_a_renamed_copy_is_applied_once(forms_root: Path, cli,
                                                                              tmp_path: Path) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    returned = finance_closes_01(forms, tmp_path / "财务科-回.xlsx")
    shutil.copy(returned, tmp_path / "财务科-回(1).xlsx")
    result = cli("apply", str(returned), str(returned), str(tmp_path / "财务科-回(1).xlsx"), root=forms_root)
    assert result.exit_code == 0
    assert result.stdout.count("the same workbook as 财务科-回(1).xlsx: applied once") == 2
    assert read(forms_root, "01-财务.yaml") == CLOSED_01


def test_two_versions_of_one_return_add_only_what_the_second_adds(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    first = fill(forms["财务科"], tmp_path / "a.xlsx", None, {"03": {"本期进展": "盘点过半"}})
    second = fill(forms["财务科"], tmp_path / "b.xlsx", None, {"03": {"本期进展": "盘点过半"},
                                                               "01": {"本期进展": "检查开始"}})  # fmt: skip
    assert cli("apply", str(first), root=forms_root).exit_code == 0
    result = cli("apply", str(second), root=forms_root)
    assert result.exit_code == 0
    assert "盘点过半" not in result.stdout and "检查开始" in result.stdout
    assert read(forms_root, "03.yaml").count("盘点过半") == 1


@pytest.mark.parametrize("order", ["one run", "finance first", "office first"])
def test_a_co_responsible_departments_close_does_not_refuse_the_others_return(forms_root: Path, cli, tmp_path: Path,
                                                                             order: str) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    finance = finance_closes_01(forms, tmp_path / "财务科-回.xlsx")
    office = fill(forms["办公室"], tmp_path / "办公室-回.xlsx", "2026-03-20",
                  {"01": {"本期进展": "已完成制度修订"}, "02": {"本期进展": "试行中"}})  # fmt: skip
    if order == "one run":
        assert cli("apply", str(office), str(finance), root=forms_root).exit_code == 0
    else:
        runs = [finance, office] if order == "finance first" else [office, finance]
        for returned in runs:
            assert cli("apply", str(returned), root=forms_root).exit_code == 0
    office_note = "  - date: 2026-03-20\n    note: 已完成制度修订\n    by: 办公室\n"
    assert read(forms_root, "01-财务.yaml") == CLOSED_01 + office_note
    assert "    note: 试行中\n    by: 办公室\n" in read(forms_root, "02.yaml")


def test_an_entry_the_form_saw_edited_since_is_a_change(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    path = forms_root / "items" / "01-财务.yaml"
    path.write_text(path.read_text("utf-8").replace("制度初稿已形成", "制度初稿已形成并印发"), encoding="utf-8")
    returned = fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", {"01": {"本期进展": "x"}})
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 1 and "item 01 changed in the ledger since the form was made" in result.stdout


def test_a_clerks_note_added_since_the_form_is_no_change(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    assert cli("note", "1", "办公室补记", "--date", "2026-02-01", root=forms_root).exit_code == 0  # before the rest
    returned = fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", {"01": {"本期进展": "x"}})
    assert cli("apply", str(returned), root=forms_root).exit_code == 0


# --- One bad workbook refuses only itself ---------------------------------------------------------------------


def rewrite_part(source: Path, target: Path, part: str, change) -> Path:
    import zipfile

    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            data = change(data) if info.filename == part else data
            if data is not None:  # None: the part left out
                zout.writestr(info, data)
    return target


LAUGHS = b'<!DOCTYPE worksheet [<!ENTITY a0 "haha">' + b"".join(
    b'<!ENTITY a%d "%s">' % (n, b"&a%d;" % (n - 1) * 10) for n in range(1, 10)) + b"]>"  # fmt: skip


def billion_laughs(data: bytes) -> bytes:
    data = data.replace(b"?>", b"?>" + LAUGHS, 1)
    return data.replace(b"<sheetData>", b"<sheetData>&a9;", 1)


def external_entity(data: bytes) -> bytes:
    data = data.replace(b"?>", b'?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/hostname">]>', 1)
    return data.replace(b"<sheetData>", b"<sheetData>&x;", 1)


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


HOSTILE = {
    "billion-laughs": lambda src, dst: rewrite_part(src, dst, "xl/worksheets/sheet1.xml", billion_laughs),
    "external-entity": lambda src, dst: rewrite_part(src, dst, "xl/worksheets/sheet1.xml", external_entity),
    "truncated-sheet": lambda src, dst: rewrite_part(src, dst, "xl/worksheets/sheet1.xml", cut_in_half),
    "truncated-record": lambda src, dst: rewrite_part(src, dst, "xl/worksheets/sheet2.xml", cut_in_half),
    "truncated-zip": lambda src, dst: dst.write_bytes(cut_in_half(src.read_bytes())) and dst,
    "part-missing": lambda src, dst: rewrite_part(src, dst, "xl/workbook.xml", lambda data: None),
}


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_a_hostile_or_broken_workbook_is_refused_by_name_and_the_others_land(forms_root: Path, cli, tmp_path: Path,
                                                                            kind: str) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    good = fill(forms["办公室"], tmp_path / "办公室-回.xlsx", "2026-03-20", {"02": {"本期进展": "二次审核机制已试行"}})
    filled = fill(forms["财务科"], tmp_path / "src.xlsx", "2026-03-15", {"03": {"本期进展": "盘点完毕"}})
    bad = HOSTILE[kind](filled, tmp_path / "财务科-回.xlsx")
    result = cli("apply", str(good), str(bad), root=forms_root)
    assert result.exit_code == 1
    assert "\n  refused: nothing of this workbook is applied\n  财务科-回.xlsx: " in result.stdout
    assert "Error" not in result.stdout + result.stderr and "Exception" not in result.stdout + result.stderr
    assert "    note of 2026-03-20 by 办公室: 二次审核机制已试行\n" in result.stdout
    assert result.stderr.endswith("1 of 2 workbooks refused (财务科-回.xlsx); the other 1 were applied. Correct the "
                                  "refused ones and apply them again.\n")  # fmt: skip
    assert "二次审核机制已试行" in read(forms_root, "02.yaml") and "盘点完毕" not in read(forms_root, "03.yaml")


TEXT_OF_1_2_MB = "".join(chr(0x4E00 + (n * 7919) % 20_000) for n in range(400_000)).encode()  # packs poorly


def test_a_cell_too_large_for_the_item_file_is_refused_at_its_row(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    good = fill(forms["办公室"], tmp_path / "办公室-回.xlsx", "2026-03-20", {"02": {"本期进展": "二次审核机制已试行"}})
    filled = fill(forms["财务科"], tmp_path / "src.xlsx", "2026-03-15", {"03": {"本期进展": "HUGE"}})
    huge = rewrite_part(
        filled,
        tmp_path / "财务科-回.xlsx",
        "xl/worksheets/sheet1.xml",
        lambda data: data.replace(b"HUGE", TEXT_OF_1_2_MB),
    )  # written into the XML by hand
    result = cli("apply", str(huge), str(good), root=forms_root)
    assert result.exit_code == 1
    assert "  财务科-回.xlsx 进度填报!G5: item 03 cannot be noted: " in result.stdout and "1 MiB" in result.stdout
    assert "二次审核机制已试行" in read(forms_root, "02.yaml") and read(forms_root, "03.yaml") == ITEMS["03.yaml"]


# --- --department by a unique part; the day a form is made --------------------------------------------------


def test_forms_take_a_department_by_a_unique_part_of_its_name(forms_root: Path, cli, tmp_path: Path) -> None:
    assert list(make_forms(cli, forms_root, tmp_path / "a", "--department", "财务")) == ["财务科"]
    assert list(make_forms(cli, forms_root, tmp_path / "b", "--department", "办公")) == ["办公室"]
    result = cli("forms", "-o", str(tmp_path / "c"), "--department", "科室", root=forms_root)
    assert result.exit_code == 1
    assert result.stderr == "Error: --department: no item names '科室'; the departments named are 办公室, 财务科\n"


def test_a_form_records_the_day_it_was_made_whatever_as_of_says(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms", "--as-of", "2026-12-31", "--light", "red")
    book = openpyxl.load_workbook(forms["办公室"])
    assert book["_ledger"]["B5"].value == DAY
    assert "2026年3月10日" in str(form_sheet(book)["F2"].value)
    returned = fill(forms["办公室"], tmp_path / "r.xlsx", "2026-03-15", {"02": {"本期进展": "试行中"}})
    assert cli("apply", str(returned), root=forms_root).exit_code == 0  # reported after the day it went out


# --- Dates, the hidden record, the latest progress ------------------------------------------------------------


def test_the_latest_progress_on_a_form_is_the_latest_note(forms_root: Path, cli, tmp_path: Path) -> None:
    bookkeeping = cli("set", "1", "--owner", "李某", "--status", "partial", "--date", "2026-03-01", root=forms_root)
    assert bookkeeping.exit_code == 0
    sheet = form_sheet(openpyxl.load_workbook(make_forms(cli, forms_root, tmp_path / "forms")["财务科"]))
    assert sheet["F4"].value == "2026-02-10 制度初稿已形成"  # not 明确责任人为李某, not 状态由正在推进改为…


@pytest.mark.parametrize(
    ("label", "beside"),
    [("填报日期：2026年3月15日", None), ("填报日期:2026-3-15", None), ("填报日期 2026.3.15", None),
     ("填报日期：2026-03-15", "2026-03-15")],
)  # fmt: skip
def test_the_report_date_typed_into_its_label_cell_is_read(forms_root: Path, cli, tmp_path: Path, label: str,
                                                           beside) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")

    def typed_into_the_label(book, sheet) -> None:
        sheet["D2"].value, sheet["E2"].value = label, beside

    returned = fill(forms["办公室"], tmp_path / "r.xlsx", None, {"02": {"本期进展": "进展"}}, edit=typed_into_the_label)
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 0 and result.stdout.startswith("r.xlsx — 办公室, 填报日期 2026-03-15:\n")
    assert "  - date: 2026-03-15\n    note: 进展\n" in read(forms_root, "02.yaml")


def test_two_report_dates_that_differ_are_refused(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")

    def two_dates(book, sheet) -> None:
        sheet["D2"].value, sheet["E2"].value = "填报日期：2026-03-15", "2026-03-16"

    returned = fill(forms["办公室"], tmp_path / "r.xlsx", None, {"02": {"本期进展": "进展"}}, edit=two_dates)
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 1
    assert "r.xlsx 进度填报!E2: 填报日期 is given twice, as 2026-03-16 and 2026-03-15; keep one" in result.stdout


def test_the_report_date_comes_before_the_date_option(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    dated = fill(forms["办公室"], tmp_path / "a.xlsx", "2026-03-15", {"02": {"本期进展": "有填报日期"}})
    undated = fill(forms["财务科"], tmp_path / "b.xlsx", None, {"03": {"本期进展": "没有填报日期"}})
    result = cli("apply", str(dated), str(undated), "--date", "2026-03-22", root=forms_root)
    assert result.exit_code == 0
    assert "  - date: 2026-03-15\n    note: 有填报日期\n" in read(forms_root, "02.yaml")
    assert "  - date: 2026-03-22\n    note: 没有填报日期\n" in read(forms_root, "03.yaml")
    assert result.stderr == ("warning: a.xlsx: its 填报日期 2026-03-15 dates its notes, not --date 2026-03-22 (--date "
                             "is for returns without a 填报日期)\nApplied: 2 item files changed.\n")  # fmt: skip


@pytest.mark.parametrize(
    ("day", "warning"),
    [("2026-03-01", "warning: b.xlsx: --date 2026-03-01 is before the form was made (2026-03-10); its notes are "
                    "dated so\n"),
     ("2026-04-01", "warning: --date 2026-04-01 is in the future (today is 2026-03-25)\n")],
)  # fmt: skip
def test_a_date_option_before_the_form_or_after_today_is_said(forms_root: Path, cli, tmp_path: Path, day: str,
                                                              warning: str) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    undated = fill(forms["财务科"], tmp_path / "b.xlsx", None, {"03": {"本期进展": "没有填报日期"}})
    result = cli("apply", str(undated), "--date", day, "--dry-run", root=forms_root)
    assert result.exit_code == 0 and warning in result.stderr


def record_cell(cell: str, value: str):
    def edit(book, sheet) -> None:
        book["_ledger"][cell].value = value

    return edit


@pytest.mark.parametrize(
    ("cell", "value"),
    [("B5", "2026-01-01"), ("B4", "0000000"), ("B7", "未启动\n已完成"), ("C11", "done"),
     ("B11", "items/03.yaml"), ("A12", "02"), ("K11", "已完成"), ("L11", "")],
    ids=["made", "commit", "labels", "status", "file", "id", "label", "marks"],
)  # fmt: skip
def test_every_edit_of_the_hidden_record_is_refused(forms_root: Path, cli, tmp_path: Path, cell: str,
                                                    value: str) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    assert openpyxl.load_workbook(forms["财务科"])["_ledger"]["A10"].value == "编号"
    returned = fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", {"01": {"本期进展": "x"}},
                    edit=record_cell(cell, value))  # fmt: skip
    before = originals(forms_root)
    result = cli("apply", str(returned), root=forms_root)
    assert result.exit_code == 1 and "its hidden record (sheet _ledger) was altered" in result.stdout
    assert originals(forms_root) == before


def test_a_form_saved_again_by_libreoffice_still_applies(forms_root: Path, cli, tmp_path: Path) -> None:
    import subprocess

    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    (tmp_path / "in").mkdir()
    filled = fill(forms["财务科"], tmp_path / "in" / "财务科.xlsx", "2026-03-15", {"01": {"本期进展": "另存后"}})
    convert = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx"]
    subprocess.run([*convert, "--outdir", str(tmp_path / "out"), str(filled)], check=True, capture_output=True,
                   timeout=180)  # fmt: skip
    result = cli("apply", str(tmp_path / "out" / "财务科.xlsx"), root=forms_root)
    assert result.exit_code == 0, result.stdout
    assert "note: 另存后" in read(forms_root, "01-财务.yaml")


# --- A close before its reopening; invisible characters; the words of apply -----------------------------------


def test_a_close_dated_before_the_items_reopening_is_refused(forms_root: Path, cli, tmp_path: Path) -> None:
    assert cli("close", "3", "--date", "2026-03-01", "--evidence", "报告", root=forms_root).exit_code == 0
    assert cli("reopen", "3", "--reason", "问题反弹", "--date", "2026-03-05", root=forms_root).exit_code == 0
    by_hand = cli("close", "3", "--date", "2026-03-04", root=forms_root)
    assert by_hand.exit_code == 1
    assert "item 03: a 销号 dated 2026-03-04 would come before its reopening on 2026-03-05" in by_hand.stderr
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    rows = {"03": {"完成情况": "已完成", "完成日期": "2026-03-04", "佐证材料": "盘点报告"}}
    result = cli("apply", str(fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", rows)), root=forms_root)
    assert result.exit_code == 1
    assert ("r.xlsx 进度填报!I5: 完成日期 2026-03-04 is before item 03 was reopened (2026-03-05); a 销号 comes after "
            "the reopening it ends: write the day it was done again") in result.stdout  # fmt: skip
    later = {"03": {"完成情况": "已完成", "完成日期": "2026-03-06", "佐证材料": "盘点报告"}}
    assert cli("apply", str(fill(forms["财务科"], tmp_path / "s.xlsx", "2026-03-15", later)),
               root=forms_root).exit_code == 0  # fmt: skip


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\u200b", "\ufeff", "\u200f"])
def test_invisible_characters_are_refused_in_returns_as_in_files(forms_root: Path, cli, tmp_path: Path,
                                                                 char: str) -> None:  # fmt: skip
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    for header in ("本期进展", "佐证材料"):
        rows = {"03": {header: f"盘点{char}完毕", **({"完成情况": "已完成", "完成日期": "2026-03-14"}
                                                    if header == "佐证材料" else {})}}  # fmt: skip
        result = cli("apply", str(fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15", rows)), root=forms_root)
        assert result.exit_code == 1
        column = "G" if header == "本期进展" else "J"
        assert (f"r.xlsx 进度填报!{column}5: {header} holds U+{ord(char):04X}, a control or invisible character"
                in result.stdout)  # fmt: skip
    path = forms_root / "items" / "02.yaml"
    path.write_text(ITEMS["02.yaml"].replace("加强公文审核", f"加强{char}公文审核"), encoding="utf-8")
    checked = cli("validate", root=forms_root)
    assert checked.exit_code == 1
    assert f"items/02.yaml:1:8: error[control-character]: title: holds U+{ord(char):04X}, an invisible" in (
        checked.stdout
    )


@pytest.fixture
def zh(monkeypatch: pytest.MonkeyPatch) -> None:
    from ledger.core import i18n

    monkeypatch.setenv("LEDGER_LANG", "zh")
    i18n.set_language(None)


def test_apply_in_chinese_says_each_thing_once_and_in_chinese(zh: None, forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    (tmp_path / "x.xlsx").write_bytes(b"PK not a zip")
    rows = {"03": {"本期进展": "盘点完毕", "完成情况": "已完成", "完成日期": "2026-03-14", "佐证材料": "报告"}}
    good = fill(forms["财务科"], tmp_path / "财务科-回.xlsx", "2026-03-15", rows)
    result = cli("apply", str(tmp_path / "x.xlsx"), str(good), "--dry-run", root=forms_root)
    assert result.exit_code == 1
    assert result.stdout.startswith("财务科-回.xlsx——财务科，填报日期 2026-03-15：\n")
    assert "\nx.xlsx：\n  已拒绝：此工作簿的内容均未填入\n  x.xlsx：不是 Office Open XML 文件" in result.stdout
    assert result.stdout.count("x.xlsx") == 2  # the header and the refusal: the name once in each, no "?"
    assert "    2026-03-14 销号\n" in result.stdout and "?" not in result.stdout
    assert result.stderr.endswith(
        "2 个工作簿中有 1 个被拒绝（x.xlsx），其余 1 个将会填入。请改正被拒绝的工作簿后重新填入。\n"
    )
    close_requires = fill(forms["财务科"], tmp_path / "r.xlsx", "2026-03-15",
                          {"03": {"完成情况": "已完成", "完成日期": "2026-03-14"}})  # fmt: skip
    refused = cli("apply", str(close_requires), root=forms_root)
    assert ("r.xlsx 进度填报!J5：第03项销号须填写佐证材料：台账要求销号的事项都有佐证材料；"
            "请在此格写明材料名称，每份一行") in refused.stdout  # fmt: skip
    assert "--evidence" not in refused.stdout


def test_forms_help_says_folder_and_a_dot_name_is_no_hidden_file(zh: None, cli, tmp_path: Path) -> None:
    help_text = " ".join(cli("forms", "--help").stdout.split())
    assert "文件夹中已有同名文件时替换它们" in help_text
    item = "title: 任务\ncategory: duty\nstatus: open\ndepartment: '../evil'\n"
    root = write_ledger(tmp_path / "l", {"01.yaml": item}, CONFIG)
    assert cli("forms", "-o", str(tmp_path / "f"), root=root).exit_code == 0
    assert [p.name for p in (tmp_path / "f").iterdir()] == ["_evil.xlsx"]


# --- The manual's example runs as written -------------------------------------------------------------------


def manual_example(language: str) -> str:
    """The block under `$ ledger apply 财务科-回.xlsx --dry-run` in docs/<language>/supervision.md, unindented."""
    text = (Path(__file__).resolve().parents[2] / "docs" / language / "supervision.md").read_text(encoding="utf-8")
    block = text.split("    $ ledger apply 财务科-回.xlsx --dry-run\n", 1)[1]
    lines = []
    for line in block.split("\n"):
        if line and not line.startswith("    "):
            break
        lines.append(line[4:])
    return "\n".join(lines).rstrip("\n") + "\n"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_manuals_dry_run_example_is_what_apply_prints(forms_root: Path, cli, tmp_path: Path, monkeypatch,
                                                          language: str) -> None:  # fmt: skip
    from ledger.core import i18n

    monkeypatch.setenv("LEDGER_LANG", language)
    i18n.set_language(None)
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    rows = {
        "01": {"本期进展": "专项检查发现问题3个，已督促整改"},
        "03": {"本期进展": "盘点完毕", "完成情况": "已完成", "完成日期": "2026年3月14日",
               "佐证材料": "《固定资产盘点报告》\n资产处置清单"},
    }  # fmt: skip
    returned = fill(forms["财务科"], tmp_path / "财务科-回.xlsx", "2026-03-15", rows)
    result = cli("apply", str(returned), "--dry-run", root=forms_root)
    assert result.exit_code == 0
    assert result.stdout + result.stderr == manual_example(language)


def test_an_id_typed_in_full_width_digits_is_the_item(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")

    def full_width(book, sheet) -> None:
        sheet["A5"].value = "０２"

    returned = fill(forms["办公室"], tmp_path / "r.xlsx", "2026-03-15", {"02": {"本期进展": "全角编号"}},
                    edit=full_width)  # fmt: skip
    assert cli("apply", str(returned), root=forms_root).exit_code == 0
    assert "note: 全角编号" in read(forms_root, "02.yaml")


def test_a_broken_workbook_says_no_report_date(forms_root: Path, cli, tmp_path: Path) -> None:
    forms = make_forms(cli, forms_root, tmp_path / "forms")
    filled = fill(forms["财务科"], tmp_path / "src.xlsx", None, {"03": {"本期进展": "盘点完毕"}})
    bad = HOSTILE["truncated-sheet"](filled, tmp_path / "财务科-回.xlsx")
    result = cli("apply", str(bad), root=forms_root)
    assert result.stdout.startswith("财务科-回.xlsx — 财务科:\n  refused: nothing of this workbook is applied\n")


def test_forms_on_a_broken_ledger_say_填报表(zh: None, forms_root: Path, cli, tmp_path: Path) -> None:
    (forms_root / "items" / "05.yaml").write_text("title: 坏\n", encoding="utf-8")
    result = cli("forms", "-o", str(tmp_path / "forms"), root=forms_root)
    assert result.exit_code == 1 and "生成填报表" in result.stderr and "督办表" not in result.stderr
