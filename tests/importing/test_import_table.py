"""`ledger import` of a 台账 as offices make them: workbooks built with openpyxl, a GBK CSV, an existing ledger."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from helpers import REPO, write_ledger

from ledger.core.i18n import set_language


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LEDGER_LANG", "en")
    set_language(None)
    yield
    set_language(None)


def items_of(root: Path) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "items").glob("*.yaml"))}


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def office_workbook(path: Path, sheet: str = "3月") -> Path:
    """Title and 填报单位 rows, two header rows (责任主体 merged over three), category rows merged across,
    a leader merged down, dates in several spellings, a hidden row under a filter, a hidden column, totals."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws["A1"] = "市某局巡察整改台账"
    ws.merge_cells("A1:J1")
    ws["A2"] = "填报单位：中共某局党组                填报日期：2026年3月31日"
    ws.merge_cells("A2:J2")
    for c, h in enumerate(["序号", "反馈问题", "整改任务", "整改措施", "责任主体", None, None, "完成时限", "完成情况",
                           "备注"], 1):  # fmt: skip
        if h:
            ws.cell(3, c, h)
    for c in (1, 2, 3, 4, 8, 9, 10):
        ws.merge_cells(start_row=3, start_column=c, end_row=4, end_column=c)
    ws.merge_cells("E3:G3")
    ws["E4"], ws["F4"], ws["G4"] = "责任领导", "责任部门", "责任人"
    ws["A5"] = "一、落实主体责任方面（共3个问题）"
    ws.merge_cells("A5:J5")
    rows = [
        (1, "理论学习不深入", "严格落实理论学习制度", "1.制定年度学习计划；2.每月开展专题学习；3.建立学习台账", "张某",
         "办公室", "李某", datetime(2026, 6, 30), "已完成", None),
        (2, "议事规则不健全", "健全党组议事规则",
         "针对该问题，采取以下措施：\n（1）修订议事规则_x000D_\n（2）细化议事范围",
         None, "办公室、人事科", "王某", "2026年6月底", "基本完成", "立行立改"),
        (3, "督查机制不完善", "健全督促检查机制", "一是建立督办台账。二是每周更新进度。", None, "秘书科", "赵某",
         "长期坚持",
         None, None),
    ]  # fmt: skip
    for r, row in enumerate(rows, 6):
        for c, v in enumerate(row, 1):
            if v is not None:
                ws.cell(r, c, v)
    ws.merge_cells("E6:E8")
    ws["H6"].number_format = "m月d日"
    ws["A9"] = "二、作风建设方面"
    ws.merge_cells("A9:J9")
    ws.append(
        [4, "公车管理不规范", "规范公务用车管理", "①规范审批②建立台账", "张某", "财务科", "陈某", 46203, "整改中"]
    )
    ws.append([5, "财务报销不规范", "规范财务报销", "完善报销制度\n严格审核", "张某", "财务科", "陈某",
               "２０２６．１２．３１",
               "未启动"])  # fmt: skip
    ws.append(["合计", "", "", "", "", "", "", "", "6", ""])
    ws.append(["制表人：李某    审核人：张某"])
    ws.append([])
    ws.row_dimensions[10].hidden = True
    ws.column_dimensions["J"].hidden = True
    ws.auto_filter.ref = "A4:J11"
    wb.save(path)
    return path


EXPECTED = {
    "01": {"title": "严格落实理论学习制度", "category": "responsibility", "status": "done",
           "measures": ["制定年度学习计划", "每月开展专题学习", "建立学习台账"], "problem": "理论学习不深入",
           "leader": "张某", "department": "办公室", "owner": "李某", "deadline": datetime(2026, 6, 30).date(),
           "closed": datetime(2026, 3, 31).date()},
    "02": {"title": "健全党组议事规则", "category": "responsibility", "status": "partial",
           "measures": ["修订议事规则", "细化议事范围"], "problem": "议事规则不健全", "leader": "张某",
           "department": ["办公室", "人事科"], "owner": "王某", "deadline": datetime(2026, 6, 30).date(),
           "tags": ["立行立改"], "extra": {"措施导语": "针对该问题，采取以下措施：", "备注": "立行立改"}},
    "03": {"title": "健全督促检查机制", "category": "responsibility", "status": "ongoing",
           "measures": ["建立督办台账。", "每周更新进度。"], "problem": "督查机制不完善", "leader": "张某",
           "department": "秘书科", "owner": "赵某"},
    "04": {"title": "规范公务用车管理", "category": "conduct", "status": "in_progress",
           "measures": ["规范审批", "建立台账"],
           "problem": "公车管理不规范", "leader": "张某", "department": "财务科", "owner": "陈某",
           "deadline": datetime(2026, 6, 30).date()},
    "05": {"title": "规范财务报销", "category": "conduct", "status": "open", "measures": ["完善报销制度", "严格审核"],
           "problem": "财务报销不规范", "leader": "张某", "department": "财务科", "owner": "陈某",
           "deadline": datetime(2026, 12, 31).date()},
}  # fmt: skip


def test_an_office_workbook_gives_exactly_its_items(tmp_path: Path, cli) -> None:
    source = office_workbook(tmp_path / "台账.xlsx")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert items_of(tmp_path / "new") == EXPECTED
    config = yaml.safe_load((tmp_path / "new" / "ledger.yaml").read_text(encoding="utf-8"))
    assert config == {"schema": 1, "title": "中共某局党组关于巡察整改进展情况的通报", "issuer": "中共某局党组",
                      "categories": [{"key": "responsibility", "title": "落实主体责任方面"},
                                     {"key": "conduct", "title": "作风建设方面"}]}  # fmt: skip
    said = result.stderr
    for line in [
        "台账.xlsx 3月!A1: inferred: 「市某局巡察整改台账」 not a notice's title: the notice's title is made from it "
        "as 中共某局党组关于巡察整改进展情况的通报",
        "台账.xlsx 3月!H6: inferred: 「m月d日」 a date cell whose format (m月d日) hides the year: read as 2026-06-30",
        "台账.xlsx 3月!E6:E8: inferred: 「张某」 a cell merged over rows 6–8: its value given to each of those rows",
        "台账.xlsx 3月!D7: inferred: 「针对该问题，采取以下措施：」 a lead-in line, not a measure",
        "台账.xlsx 3月!H7: inferred: 「2026年6月底」 read as 2026-06-30",
        "台账.xlsx 3月!I7: inferred: 「基本完成」 read as partial (阶段性完成)",
        "台账.xlsx 3月!H8: inferred: 「长期坚持」 长期坚持 in the deadline column: status ongoing",
        "台账.xlsx 3月!H10: inferred: 「46203」 a bare number read as an Excel date serial: 2026-06-30",
        "台账.xlsx 3月!A12: not used: 「合计 | 6」 the row says 6 items, the rows above hold 5: check the sheet",
        "台账.xlsx 3月!A4:J11: remark: an active filter: the rows it hides are read as items too",
        "台账.xlsx 3月!J3: remark: 「备注」 a hidden column: read like the others",
        "台账.xlsx 3月: remark: rows 10 are hidden: read like the others (1 of them items)",
        "台账.xlsx 3月!A6: inferred: 「严格落实理论学习制度」 done without a 销号 date: closed on 2026-03-31",
    ]:
        assert line in said
    assert "the heading says 3 problems" not in said  # 3 rows under it: it agrees
    report = (tmp_path / "new" / "import-report.md").read_text(encoding="utf-8")
    assert "| 台账.xlsx 3月!H7 | 2026年6月底 |" in report
    assert cli("validate", "--strict", root=tmp_path / "new").exit_code == 0


def test_the_filter_hidden_row_and_column_are_reported(tmp_path: Path, cli) -> None:
    result = cli("import", str(office_workbook(tmp_path / "台账.xlsx")), "--into", str(tmp_path / "new"))
    assert "台账.xlsx 3月!A4:J11: remark: an active filter: the rows it hides are read as items too" in result.stderr
    assert "台账.xlsx 3月!J3: remark: 「备注」 a hidden column: read like the others" in result.stderr
    assert "台账.xlsx 3月: remark: rows 10 are hidden: read like the others (1 of them items)" in result.stderr
    assert "制表人" in result.stderr and "a note or signature row: not an item" in result.stderr


def test_a_gbk_csv_is_read_and_said_to_be_gbk(tmp_path: Path, cli) -> None:
    text = (
        "序号,问题类别,存在问题,整改事项,整改措施,牵头领导,责任单位,整改时限,整改状态\r\n"
        '1,组织建设,支部活动不规范,规范支部活动,"一是制定计划。二是按月开展。",刘某,机关党委,2026.6.30,已完成\r\n'
        "2,,党费收缴不及时,规范党费收缴,按月收缴党费,刘某,机关党委,2026年底前,正在推进\r\n"
    )
    source = tmp_path / "台账.csv"
    source.write_bytes(text.encode("gbk"))
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert "not UTF-8: read as GBK/GB18030" in result.stderr
    assert "台账.csv!B3: inferred: 「组织建设」 an empty category cell: the category above filled down" in result.stderr
    assert "台账.csv!H3: inferred: 「2026年底前」 read as 2026-12-31" in result.stderr
    items = items_of(tmp_path / "new")
    assert items["01"]["measures"] == ["制定计划。", "按月开展。"]
    assert items["01"]["status"] == "done" and items["01"]["deadline"].isoformat() == "2026-06-30"
    assert items["02"] == {"title": "规范党费收缴", "category": "organization", "status": "in_progress",
                           "measures": ["按月收缴党费"], "problem": "党费收缴不及时", "leader": "刘某",
                           "department": "机关党委", "deadline": datetime(2026, 12, 31).date()}  # fmt: skip


def test_a_utf8_csv_with_bom_is_not_reported_as_gbk(tmp_path: Path, cli) -> None:
    source = tmp_path / "t.csv"
    source.write_bytes("\ufeff整改任务,整改措施,完成时限\n规范公文,严格审核,2026/6/30\n".encode())
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert "GBK" not in result.stderr
    assert items_of(tmp_path / "new")["01"]["deadline"].isoformat() == "2026-06-30"


def test_several_sheets_that_look_like_a_ledger_are_a_question(tmp_path: Path, cli) -> None:
    source = office_workbook(tmp_path / "台账.xlsx")
    wb = openpyxl.load_workbook(source)
    copy = wb.copy_worksheet(wb["3月"])
    copy.title = "4月"
    wb.create_sheet("说明")["A1"] = "本表由办公室汇总"
    wb.save(source)
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 1
    assert "2 sheets look like a 台账: 3月" in result.stderr and "Give --sheet NAME" in result.stderr
    assert not (tmp_path / "new").exists()
    chosen = cli("import", str(source), "--into", str(tmp_path / "new"), "--sheet", "4月")
    assert chosen.exit_code == 0, chosen.stderr
    assert len(items_of(tmp_path / "new")) == 5
    assert "台账.xlsx 4月!H7" in chosen.stderr
    assert cli("import", str(source), "--into", str(tmp_path / "n2"), "--sheet", "5月").exit_code == 1


def test_into_an_existing_ledger_new_ids_matched_and_new_categories(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger", {"01.yaml": "title: 旧任务\ncategory: duty\nstatus: open\n"},
                        "title: 通报\nissuer: 某局党组\n# 类别\ncategories:\n  - key: duty\n"
                        "    title: 关于落实主体责任方面\n"
                        "# 其后\npublication: {date: 2026-01-21}\n")  # fmt: skip
    before = (root / "ledger.yaml").read_text(encoding="utf-8")
    source = office_workbook(tmp_path / "台账.xlsx")
    result = cli("import", str(source), root=root)
    assert result.exit_code == 0, result.stderr
    items = items_of(root)
    assert sorted(items) == ["01", "02", "03", "04", "05", "06"]
    assert items["02"]["title"] == "严格落实理论学习制度" and items["02"]["category"] == "duty"
    assert items["05"]["category"] == "conduct"
    after = (root / "ledger.yaml").read_text(encoding="utf-8")
    assert after == before.replace("# 其后", "  - key: conduct\n    title: 作风建设方面\n# 其后")
    assert cli("validate", root=root).exit_code == 0
    # The same workbook again: it would duplicate, and nothing is written unless told.
    snapshot = tree(root)
    again = cli("import", str(source), root=root)
    assert again.exit_code == 1
    assert "5 of the 5 items are in the ledger already (by title)" in again.stderr
    assert "--allow-duplicates" in again.stderr
    assert tree(root) == snapshot
    forced = cli("import", str(source), "--allow-duplicates", root=root)
    assert forced.exit_code == 0, forced.stderr
    assert len(items_of(root)) == 11


def test_dry_run_into_an_existing_ledger_writes_nothing(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    snapshot = tree(root)
    result = cli("import", str(office_workbook(tmp_path / "台账.xlsx")), "--dry-run", root=root)
    assert result.exit_code == 0, result.stderr
    assert "==> items/07.yaml <==\ntitle: 严格落实理论学习制度\n" in result.stdout
    assert tree(root) == snapshot


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path: Path, cli) -> None:
    source = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (50 * 1024 * 1024) + b"</a>")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 1
    assert "refused as a zip bomb" in result.stderr
    assert not (tmp_path / "new").exists()


def test_hostile_values_stay_data_inside_the_target(tmp_path: Path, cli) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "..%2F..%2Fetc"
    ws.append(["整改任务", "整改措施", "责任部门", "完成时限"])
    ws.append(["../../escape", '=HYPERLINK("http://x")', "../..", "not a date"])
    ws.append(["_x001B_[31m红_x001B_[0m", "措施", "办公室", "2026-02-30"])
    source = tmp_path / "h.xlsx"
    wb.save(source)
    (tmp_path / "box").mkdir()
    result = cli("import", str(source), "--into", str(tmp_path / "box" / "new"))
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["box", "h.xlsx"]
    assert sorted(tree(tmp_path / "box")) == ["new/import-report.md", "new/items/01.yaml", "new/items/02.yaml",
                                              "new/ledger.yaml"]  # fmt: skip
    assert "\x1b" not in result.stderr
    assert "h.xlsx ..%2F..%2Fetc!D2: not used: 「not a date」 not a date: no deadline written" in result.stderr
    assert "h.xlsx ..%2F..%2Fetc!D3: not used: 「2026-02-30」 not a real date: no deadline written" in result.stderr
    assert (
        'h.xlsx ..%2F..%2Fetc!B2: not used: 「=HYPERLINK("http://x")」 a formula without a computed value'
        in result.stderr
    )
    assert items_of(tmp_path / "box" / "new")["01"]["title"] == "../../escape"
    assert cli("validate", root=tmp_path / "box" / "new").exit_code == 0


def test_a_thousand_rows_import_in_seconds(tmp_path: Path, cli) -> None:
    import time

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "问题类别", "反馈问题", "整改任务", "整改措施", "责任部门", "完成时限", "完成情况"])
    for n in range(1, 1001):
        ws.append(
            [n, f"类别{n % 5}方面", f"问题{n}", f"任务{n}", "1.措施一；2.措施二", "办公室", "2026年6月30日", "整改中"]
        )
    source = tmp_path / "big.xlsx"
    wb.save(source)
    start = time.perf_counter()
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    took = time.perf_counter() - start
    assert result.exit_code == 0, result.stderr
    assert len(items_of(tmp_path / "new")) == 1000
    assert took < 10, took


def second_layout(path: Path) -> Path:
    """Another office's way: one header row under a title, the category in its own column merged down over
    its items, measures 第一/第二 and on Alt+Enter lines, 2026年上半年 and 立行立改, a 小计 row, an 注 row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["某区民政局巡视整改工作台账（截至2026年4月30日）"])
    ws.merge_cells("A1:H1")
    ws.append(["序号", "问题类型", "问题表现", "整改措施", "责任单位", "具体责任人", "整改期限", "整改进展（情况）"])
    ws.append([1, "政治建设", "学习不深入", "第一，制定计划。第二，专题研讨。", "办公室", "甲某", "2026年上半年",
               "已制定计划"])  # fmt: skip
    ws.append([2, None, "督办不及时", "建立督办台账\n每周通报进度", "督查室", "乙某", "立行立改", None])
    ws.append(["小计", "", "2项"])
    ws.append([3, "作风建设", "接待不规范", "修订接待办法", "办公室 / 财务股", "丙某", "6月30日", None])
    ws.append(["注：本表每月更新。"])
    ws.merge_cells("B3:B4")
    wb.save(path)
    return path


def test_a_second_layout_gives_exactly_its_items(tmp_path: Path, cli) -> None:
    result = cli("import", str(second_layout(tmp_path / "区台账.xlsx")), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    day = datetime(2026, 4, 30).date()
    assert items_of(tmp_path / "new") == {
        "01": {"title": "学习不深入", "category": "political", "status": "in_progress",
               "measures": ["制定计划。", "专题研讨。"], "problem": "学习不深入", "department": "办公室",
               "owner": "甲某", "deadline": datetime(2026, 6, 30).date(), "log": [{"date": day, "note": "已制定计划"}]},
        "02": {"title": "督办不及时", "category": "political", "status": "in_progress",
               "measures": ["建立督办台账", "每周通报进度"], "problem": "督办不及时", "department": "督查室",
               "owner": "乙某", "tags": ["立行立改"]},
        "03": {"title": "接待不规范", "category": "conduct", "status": "in_progress", "measures": ["修订接待办法"],
               "problem": "接待不规范", "department": ["办公室", "财务股"], "owner": "丙某",
               "deadline": datetime(2026, 6, 30).date()},
    }  # fmt: skip
    said = result.stderr
    assert "区台账.xlsx 台账!B3:B4: inferred: 「政治建设」 a cell merged over rows 3–4" in said
    assert "区台账.xlsx 台账!G3: inferred: 「2026年上半年」 read as 2026-06-30: the last day of 2026年上半年" in said
    assert "区台账.xlsx 台账!G4: inferred: 「立行立改」 立行立改: tagged 立行立改" in said
    assert "区台账.xlsx 台账!G6: inferred: 「6月30日」 read as 2026-06-30: the year 2026 added" in said
    assert "台账!C3: inferred: 「学习不深入」 no 整改任务 column: the title is the problem's first sentence" in said
    assert "区台账.xlsx 台账!H3: inferred: 「已制定计划」 the progress written as a note dated 2026-04-30" in said
    assert "区台账.xlsx 台账!A5: remark: 「小计 | 2项」 a total row: not an item" in said
    assert "区台账.xlsx 台账!A7: remark: 「注：本表每月更新。」 a note or signature row: not an item" in said
    assert "区台账.xlsx 台账!A3: inferred: 「学习不深入」 no status given: written as in_progress" in said
    config = yaml.safe_load((tmp_path / "new" / "ledger.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "某区民政局关于巡视整改进展情况的通报" and config["issuer"] == "××"
    assert cli("validate", root=tmp_path / "new").exit_code == 0


def test_rows_past_the_cap_are_not_read_and_said(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from ledger.importing import grid

    monkeypatch.setattr(grid, "MAX_ROWS", 4)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["整改任务", "整改措施", "完成时限"])
    for n in range(1, 10):
        ws.append([f"任务{n}", "措施", "2026-06-30"])
    wb.save(tmp_path / "many.xlsx")
    result = cli("import", str(tmp_path / "many.xlsx"), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert "many.xlsx Sheet: not used: rows after 4 not read (an import reads at most 4 rows)" in result.stderr
    assert sorted(items_of(tmp_path / "new")) == ["01", "02", "03"]


def test_a_failed_write_into_a_ledger_leaves_it_as_it_was(tmp_path: Path, cli, monkeypatch) -> None:
    from ledger.importing import writer

    root = write_ledger(tmp_path / "ledger")
    snapshot = tree(root)
    calls = []
    real = writer.write_new

    def failing(target: Path, data: bytes) -> None:
        calls.append(target)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(target, data)

    monkeypatch.setattr(writer, "write_new", failing)
    result = cli("import", str(office_workbook(tmp_path / "台账.xlsx")), root=root)
    assert result.exit_code == 1
    assert "No space left on device; nothing was written" in result.stderr
    assert len(calls) == 3
    assert tree(root) == snapshot


DOCS = REPO / "docs"


def test_the_docs_list_every_column_name_and_status_word() -> None:
    from ledger.importing.columns import BY_LABEL, SYNONYMS
    from ledger.importing.words import STATUS_WORDS

    for language in ("en", "zh"):
        text = (DOCS / language / "import.md").read_text(encoding="utf-8")
        rows = {line.split("`")[1]: line.split("|")[2].strip() for line in text.splitlines() if line.startswith("| `")}
        for field, names in SYNONYMS.items():
            assert field in BY_LABEL or rows[field] == "、".join(names), (language, field)
        for status, words in STATUS_WORDS.items():
            assert rows[status.value] == "、".join(words), (language, status)


def test_a_text_field_added_to_the_schema_is_imported_from_its_taidang_name() -> None:
    import subprocess
    import sys

    code = """if True:
        from ledger.core import schema
        schema.ITEM_FIELDS["supervisor"] = (schema.Text(), schema.About("督办人", "supervisor", "Who supervises."))
        schema.ABOUT["supervisor"] = schema.ITEM_FIELDS["supervisor"][1]
        from ledger.importing import columns
        assert columns.SYNONYMS["supervisor"] == ("督办人",) and columns.TEXT[-1] == "supervisor"
        assert columns.BY_LABEL == ["supervisor"] and columns.field_of("督办人") == "supervisor"
    """
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_docs_example_is_what_import_prints(language: str, tmp_path: Path, cli, monkeypatch) -> None:
    monkeypatch.setenv("LEDGER_LANG", language)
    set_language(None)
    text = (DOCS / language / "import.md").read_text(encoding="utf-8")
    block = text.split("    $ ledger import 台账.xlsx --into 新台账\n", 1)[1].split("\n\n", 1)[0]
    shown = [line[4:] for line in block.splitlines()]
    monkeypatch.chdir(tmp_path)
    office_workbook(tmp_path / "台账.xlsx")
    result = cli("import", "台账.xlsx", "--into", "新台账")
    assert result.stderr.splitlines() == shown
    if language == "zh":
        return
    item = text.split("    # 新台账/items/02.yaml\n", 1)[1].split("\n\n", 1)[0]
    assert (tmp_path / "新台账" / "items" / "02.yaml").read_text(encoding="utf-8") == "".join(
        line[4:] + "\n" for line in item.splitlines()
    )
    head = text.split("and `import-report.md` begins\n\n", 1)[1].split("    …\n", 1)[0]
    report = (tmp_path / "新台账" / "import-report.md").read_text(encoding="utf-8")
    assert report.startswith("".join(line[4:] + "\n" for line in head.splitlines()))


def titled(path: Path, title: str, unit: str | None) -> Path:
    """The office workbook under another title row, with or without its 填报单位."""
    office_workbook(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["A1"] = title
    ws["A2"] = f"填报单位：{unit}                填报日期：2026年3月31日" if unit else "填报日期：2026年3月31日"
    wb.save(path)
    return path


def chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEDGER_LANG", "zh")
    set_language(None)


@pytest.mark.parametrize(
    ("title", "issuer", "notice"),
    [
        ("某县水利局党组巡察整改台账", "中共某县水利局党组", "中共某县水利局党组关于巡察整改进展情况的通报"),
        ("市某局巡察整改台账", "中共某局党组", "中共某局党组关于巡察整改进展情况的通报"),
        ("某区民政局巡视整改工作台账", None, "某区民政局关于巡视整改进展情况的通报"),
        ("县委第二巡察组反馈问题整改台账", "中共某县水利局党组",
         "中共某县水利局党组关于县委第二巡察组反馈问题整改进展情况的通报"),
        ("2026年某县水利局党组巡察整改问题清单", "中共某县水利局党组",
         "中共某县水利局党组关于2026年巡察整改进展情况的通报"),
        ("巡察整改台账", None, "××关于巡察整改进展情况的通报"),
        ("", "中共某局党组", "中共某局党组关于整改进展情况的通报"),
        ("中共某局党组关于巡察整改进展情况的通报", "中共某局党组", None),
    ],
)  # fmt: skip
def test_a_ledgers_title_becomes_a_notice_title(title: str, issuer: str | None, notice: str | None) -> None:
    from ledger.importing.words import notice_title

    assert notice_title(title, issuer) == notice


def test_the_title_row_of_a_taizhang_is_not_the_notices_title(tmp_path: Path, cli, monkeypatch) -> None:
    """Tester's 33: the notice was headed `# 某县水利局党组巡察整改台账`; now the title is a notice's, and said."""
    chinese(monkeypatch)
    source = titled(tmp_path / "水利台账.xlsx", "某县水利局党组巡察整改台账", "中共某县水利局党组")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    said = ("水利台账.xlsx 3月!A1: 推断: 「某县水利局党组巡察整改台账」 这是台账的标题，不是通报的标题："
            "通报标题据此拟为“中共某县水利局党组关于巡察整改进展情况的通报”")  # fmt: skip
    assert said in result.stderr.splitlines()
    config = yaml.safe_load((tmp_path / "new" / "ledger.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "中共某县水利局党组关于巡察整改进展情况的通报"
    report = (tmp_path / "new" / "import-report.md").read_text(encoding="utf-8")
    assert ("| 水利台账.xlsx 3月!A1 | 某县水利局党组巡察整改台账 | 这是台账的标题，不是通报的标题：通报标题据此拟为"
            "“中共某县水利局党组关于巡察整改进展情况的通报” |") in report  # fmt: skip
    notice = cli("report", root=tmp_path / "new")
    assert notice.exit_code == 0, notice.stderr
    assert notice.stdout.splitlines()[0] == "# 中共某县水利局党组关于巡察整改进展情况的通报"
    assert cli("validate", "--strict", root=tmp_path / "new").exit_code == 0


def test_a_unit_nobody_states_is_a_placeholder_validate_points_out(tmp_path: Path, cli) -> None:
    source = titled(tmp_path / "台账.xlsx", "巡察整改台账", None)
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert (
        "台账.xlsx 3月!A1: inferred: 「巡察整改台账」 not a notice's title: the notice's title is written as "
        "××关于巡察整改进展情况的通报; put the unit in for the ×× (ledger validate points it out)"
    ) in result.stderr
    config = yaml.safe_load((tmp_path / "new" / "ledger.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "××关于巡察整改进展情况的通报"
    checked = cli("validate", root=tmp_path / "new")
    assert "placeholder" in checked.stdout + checked.stderr and "title" in checked.stdout + checked.stderr


def test_a_notice_title_in_the_title_row_stays(tmp_path: Path, cli) -> None:
    source = titled(tmp_path / "台账.xlsx", "中共某局党组关于巡察整改进展情况的通报", "中共某局党组")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert "not a notice's title" not in result.stderr
    config = yaml.safe_load((tmp_path / "new" / "ledger.yaml").read_text(encoding="utf-8"))
    assert config["title"] == "中共某局党组关于巡察整改进展情况的通报"


def test_the_chinese_report_names_columns_in_chinese_and_remarks_are_shuoming(tmp_path: Path, cli,
                                                                                monkeypatch) -> None:  # fmt: skip
    """Tester's 7 and 13: the report's heading and its columns line in Chinese (the 台账's names, not field keys);
    import's remarks read 说明, not the 整改进展 of history's `note`."""
    chinese(monkeypatch)
    office_workbook(tmp_path / "台账.xlsx")
    result = cli("import", str(tmp_path / "台账.xlsx"), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    report = (tmp_path / "new" / "import-report.md").read_text(encoding="utf-8")
    assert report.splitlines()[:5] == [
        "# 台账.xlsx 导入报告",
        "",
        "- 工作表 3月：表头在第 3–4 行",
        "- 各列：A 序号→序号，B 反馈问题→反馈问题，C 整改任务→整改任务，D 整改措施→整改措施，E 责任领导→责任领导，"
        "F 责任部门→责任部门，G 责任人→责任人，H 完成时限→完成时限，I 完成情况→状态，J 备注→备注",
        "- 第 5–13 行，共 5 项",
    ]
    lines = result.stderr.splitlines()
    assert "台账.xlsx 3月!A13: 说明: 「制表人：李某 审核人：张某」 备注或落款行：不是事项" in lines
    assert "台账.xlsx 3月!J3: 说明: 「备注」 被隐藏的列：与其他列一样读取" in lines
    assert not any(": 整改进展: " in line for line in lines)
