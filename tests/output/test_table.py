"""The one table writer (ledger.output.table): the formula guard, the cleaner, sheet names, the same bytes."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from helpers import write_ledger
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.output.table import (
    Column,
    Line,
    Page,
    Part,
    Percent,
    Properties,
    Protection,
    Row,
    Rule,
    Sheet,
    clean,
    csv_bytes,
    sheet_name,
    xlsx_bytes,
)

openpyxl = pytest.importorskip("openpyxl")
PROPERTIES = Properties("某机关党组巡察整改台账", "某机关党组", date(2026, 1, 21))
HOSTILE = ["=1+1", '=HYPERLINK("http://x","点我")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", "01", "1e5", "3/4",
           "TRUE", "12:30", "2025-01-01", "（一）正文", "a\x00b\x1bc\ud800d"]  # fmt: skip


def book(sheets: list[Sheet]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheets, PROPERTIES)))


def test_every_text_is_a_text_cell_never_a_formula() -> None:
    sheet = book([Sheet("表", [Column("值")], [[v] for v in HOSTILE])])["表"]
    cells = [r[0] for r in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells][:-1] == [*HOSTILE[:6], "\n=1", *HOSTILE[7:-1]]  # a CR is a line break
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells][:6] == [True] * 6  # as typed after an apostrophe: stays text on edit
    assert not any(c.quotePrefix for c in cells[6:])
    assert cells[-1].value == "a\ufffdb\ufffdc\ufffdd"  # the cleaner: what no workbook can hold


def test_csv_cells_open_as_the_same_text() -> None:
    data = csv_bytes([Column("值")], [[v] for v in HOSTILE] + [[1], [date(2025, 1, 2)], [Percent(0.5, "50%")]])
    assert data.startswith(b"\xef\xbb\xbf") and data.endswith(b"\r\n")
    cells = [r[0] for r in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))][1:]
    assert cells == ["'=1+1", """'=HYPERLINK("http://x","点我")""", "'+1", "'-1+2", "'@SUM(A1)", "'\t=1", "\n=1",
                     '="01"', '="1e5"', '="3/4"', '="TRUE"', '="12:30"', '="2025-01-01"', "（一）正文",
                     "a\ufffdb\ufffdc\ufffdd", "1", "2025-01-02", "50%"]  # fmt: skip


def test_the_cleaner_keeps_excels_limit() -> None:
    assert len(clean("长" * 40_000)) == 32_767 and clean("长" * 40_000).endswith("已截断）")
    assert clean("正常\n文本\t") == "正常\n文本\t"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_sheet_names_are_valid_for_excel(names: list[str]) -> None:
    taken: set[str] = set()
    made = [sheet_name(n, taken) for n in names]
    assert len({m.casefold() for m in made}) == len(made)  # unique, as Excel compares them
    for name in made:
        assert name.strip() and len(name.encode("utf-16-le")) // 2 <= 31
        assert not set(name) & set("[]:*?/\\") and not name.startswith("'") and not name.endswith("'")
        assert name.casefold() != "history" and all(c.isprintable() for c in name)
    workbook = book([Sheet(n, [Column("值")], [[1]]) for n in names])  # XlsxWriter checks them too
    assert workbook.sheetnames == made


def test_sheet_names_of_units() -> None:
    taken: set[str] = set()
    assert sheet_name("=1+1", taken) == "=1+1"  # a name, not a formula: Excel takes it
    assert sheet_name("'区财政局'", taken) == "区财政局"
    assert sheet_name("History", taken) == "History_"
    assert sheet_name("a/b:c", taken) == "a_b_c"
    assert sheet_name("   ", taken) == "Sheet"
    long = "某某市某某区人民政府办公室机关党组关于巡察整改的单位名称"
    assert sheet_name(long, taken) == long[:31]
    assert sheet_name(long, taken) == long[:28] + "(2)"
    assert sheet_name("HISTORY_", taken) == "HISTORY_(2)"


def test_the_same_tables_give_the_same_bytes_saying_who_made_them() -> None:
    sheets = [Sheet("表", [Column("日期", 12, "yyyy-mm-dd"), Column("率", 10, "0.00%")],
                    [Row([date(2025, 1, 1), Percent(0.5714, "57.14%")], fill="#FFC7CE")])]  # fmt: skip
    first, second = xlsx_bytes(sheets, PROPERTIES), xlsx_bytes(sheets, PROPERTIES)
    assert first == second
    archive = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in archive.infolist())
    assert b"<Application>ledger</Application>" in archive.read("docProps/app.xml")
    core = archive.read("docProps/core.xml").decode()
    assert "<dc:title>某机关党组巡察整改台账</dc:title>" in core and "<dc:creator>某机关党组</dc:creator>" in core
    assert "2026-01-21T00:00:00Z" in core
    cell = openpyxl.load_workbook(io.BytesIO(first))["表"]["B2"]
    assert (cell.value, cell.number_format) == (0.5714, "0.00%")


def test_forms_can_have_choices_and_protection() -> None:
    sheets = [Sheet("填报", [Column("编号"), Column("状态", rule=Rule.choice(["正在推进", "已完成"]), editable=True)],
                    [["01", "正在推进"], ["02", None]], protect=Protection())]  # fmt: skip
    sheet = book(sheets)["填报"]
    assert sheet.protection.sheet and not sheet.protection.password  # against slips: no password
    assert sheet.protection.formatRows is False and sheet.protection.autoFilter is False  # False: allowed
    assert sheet.protection.sort is True and sheet.protection.insertRows is True  # True: protected
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"正在推进,已完成"' and str(validation.sqref) == "B2:B3"
    assert sheet["A2"].protection.locked and not sheet["B2"].protection.locked
    assert not sheet["B3"].protection.locked  # a blank cell to fill in is written, unlocked


def test_a_form_of_lines_parts_rules_fills_and_a_record_out_of_sight() -> None:
    """What `ledger forms` needs, in general terms: a heading line of parts (one a date to fill in), a
    date rule with its message, a column's fill, blank editable cells unlocked, a footing, rows tall enough
    to write in, a header-less very hidden sheet and custom document properties."""
    when = Rule.dates(date(2000, 1, 1), date(2099, 12, 31), "日期", "请填写日期")
    columns = [
        Column("编号", 6, fill="#EDEDED"),
        Column("期限", 12, "yyyy-mm-dd", fill="#EDEDED"),
        Column("进展", 30, editable=True),
        Column("日期", 12, "yyyy-mm-dd", rule=when, editable=True),
    ]
    line = Line([Part("=甲单位", span=2), Part(None, border=True, editable=True, number_format="yyyy-mm-dd",
                                                 rule=when), Part("制表", span=9)], height=24)  # fmt: skip
    page = Page(paper=8, size=11, font="仿宋", title_font="黑体", title_bold=False, margin=0.4)
    form = Sheet("填报", columns, [Row(["01", date(2026, 3, 31), None, None])], ["标题", line], page, Protection(),
                 filters=False, footing=["=说明"], freeze_columns=2, min_lines=3)  # fmt: skip
    record = Sheet("_记录", [Column("键"), Column("值")], [["format", "x/1"], [], ["=id", "-1"]], header=False,
                   filters=False, protect=Protection(allow=()), state="very_hidden")  # fmt: skip
    data = xlsx_bytes([form, record], Properties("表", "办", date(2026, 3, 10), company="办", comments="c",
                                                 custom=(("ledger-made", "2026-03-10"),)))  # fmt: skip
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    sheet = workbook["填报"]
    assert [sheet[c].value for c in ("A1", "A2", "C2", "D2")] == ["标题", "=甲单位", None, "制表"]
    assert sheet["A2"].quotePrefix and sheet["A1"].font.name == "黑体" and not sheet["A1"].font.b
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:D1", "A2:B2", "A6:D6"}  # 制表 ends at D
    assert not sheet["C2"].protection.locked and sheet["C2"].border.left.style == "thin"
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert (
        set(rules) == {"C2", "D4"}
        and rules["D4"].type == "date"
        and (rules["D4"].formula1, rules["D4"].formula2) == ("36526", "73050")
    )
    assert (rules["D4"].error, rules["D4"].errorTitle, rules["D4"].allowBlank) == ("请填写日期", "日期", True)
    assert [c.value for c in sheet[3]] == ["编号", "期限", "进展", "日期"]
    assert sheet["A3"].fill.fgColor.rgb == "FFEDEDED" and sheet["C3"].fill.fill_type is None
    assert sheet["B4"].value.date() == date(2026, 3, 31) and sheet["B4"].fill.fgColor.rgb == "FFEDEDED"
    assert [sheet.cell(4, c).protection.locked for c in range(1, 5)] == [True, True, False, False]  # blanks too
    assert sheet.row_dimensions[4].height == 3 * 11 * 1.5 + 3 and sheet.row_dimensions[2].height == 24
    assert sheet["A5"].value is None and sheet["A6"].value == "=说明" and sheet["A6"].data_type == "s"
    assert sheet["A6"].quotePrefix
    assert sheet.freeze_panes == "C4" and sheet.print_title_rows == "$3:$3" and sheet.page_setup.paperSize == 8
    assert sheet.page_margins.left == 0.4 and sheet.auto_filter.ref is None
    hidden = workbook["_记录"]
    assert hidden.sheet_state == "veryHidden" and hidden.protection.sheet
    assert [[c.value for c in r] for r in hidden.iter_rows()] == [["format", "x/1"], [None, None], ["=id", "-1"]]
    assert hidden["A3"].data_type == "s" and hidden["A3"].quotePrefix
    assert {p.name: p.value for p in workbook.custom_doc_props.props} == {"ledger-made": "2026-03-10"}
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert b"<Company>\xe5\x8a\x9e</Company>" in archive.read("docProps/app.xml")
    assert data == xlsx_bytes([form, record], Properties("表", "办", date(2026, 3, 10), company="办", comments="c",
                                                         custom=(("ledger-made", "2026-03-10"),)))  # fmt: skip


def test_only_the_table_writer_imports_xlsxwriter() -> None:
    """Every xlsx goes through ledger.output.table: no other module of the package imports XlsxWriter
    (nor has importlib import it), so no workbook bypasses the formula guard and the cleaner."""
    import ast

    import ledger

    package = Path(ledger.__file__).parent
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
                called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                names = [str(node.args[0].value)] if called in ("import_module", "__import__") else []
            if any(name.split(".")[0] == "xlsxwriter" for name in names):
                found.append(str(path.relative_to(package)))
    assert found and set(found) == {"output/table.py"}, found


def soffice_to(document: Path, fmt: str, infilter: str | None = None) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("LibreOffice is needed (Debian: libreoffice-calc-nogui)")
    folder = document.parent
    args = [soffice, f"-env:UserInstallation=file://{folder / 'lo-profile'}", "--headless"]
    args += [f"--infilter={infilter}"] if infilter else []
    subprocess.run([*args, "--convert-to", fmt, "--outdir", str(folder / "out"), str(document)],
                   env=dict(os.environ, HOME=str(folder)), capture_output=True, timeout=180, check=True)  # fmt: skip
    return folder / "out" / document.with_suffix(f".{fmt}").name


def test_libreoffice_opens_the_csv_with_ids_and_formulas_as_text(tmp_path: Path) -> None:
    """LibreOffice's CSV import as a user opens the file (UTF-8, comma, formulas evaluated)."""
    path = tmp_path / "t.csv"
    path.write_bytes(csv_bytes([Column("值"), Column("数")], [[v, 7] for v in HOSTILE[:-1]]))
    opened = openpyxl.load_workbook(soffice_to(path, "xlsx", "CSV:44,34,76,1"), data_only=True).active
    values = [(r[0].value, r[1].value) for r in opened.iter_rows(min_row=2)]
    assert [v for v, _ in values][7:] == HOSTILE[7:-1]  # 01 stays 01, 1e5 stays 1e5, 3/4 no date
    assert [v for v, _ in values][:7] == [*("'" + v for v in HOSTILE[:6]), "\n=1"]  # never a formula
    assert {n for _, n in values} == {7}  # numbers stay numbers


def test_libreoffice_opens_the_rounds_workbook_with_hostile_unit_names(tmp_path: Path, cli) -> None:
    item = "title: 任务\ncategory: duty\nstatus: open\nmeasures: [措施]\ndeadline: 2025-01-01\n"
    names = ["=1+1", '=HYPERLINK("http://x","点我")', "History", "区/局:[一]", "'引号'", "某" * 40]
    units = ""
    for n, name in enumerate(names):
        write_ledger(tmp_path / "round" / f"u{n}", {"01.yaml": item})
        units += f"  - name: '{name.replace(chr(39), chr(39) * 2)}'\n    path: u{n}\n"
    (tmp_path / "round" / "round.yaml").write_text(f"title: 轮\nissuer: 办\nunits:\n{units}", encoding="utf-8")
    out = tmp_path / "round" / "round.xlsx"
    assert cli("rollup", "-o", str(out), "--as-of", "2026-01-05", root=tmp_path / "round").exit_code == 0
    summary = openpyxl.load_workbook(out)["汇总"]
    assert [r[0].value for r in summary.iter_rows(min_row=3)][:2] == names[:2]
    assert all(r[0].data_type == "s" for r in summary.iter_rows(min_row=3))
    csv_text = cli("rollup", "--format", "csv", "--as-of", "2026-01-05", root=tmp_path / "round").stdout
    assert "\r\n'=1+1,1," in csv_text.replace("\n", "\r\n").replace("\r\r", "\r")
    converted = openpyxl.load_workbook(soffice_to(out, "xlsx"), data_only=True)  # LibreOffice opens it
    assert converted.sheetnames[:4] == ["汇总", "=1+1", '=HYPERLINK("http___x","点我")', "History_"]
    assert converted["汇总"]["A3"].value == "=1+1" and converted["汇总"]["A4"].value == names[1]


def test_the_csv_export_imports_back_with_its_ids_as_text(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    out = tmp_path / "台账.csv"
    assert cli("export", "-o", str(out), root=root).exit_code == 0
    assert '"=""01"""' in out.read_text(encoding="utf-8-sig")
    assert cli("import", str(out), "--into", str(tmp_path / "back")).exit_code == 0
    assert '  编号: "01"\n' in (tmp_path / "back" / "items" / "01.yaml").read_text(encoding="utf-8")


def test_no_value_from_a_unit_becomes_a_formula_in_the_rounds_tables(tmp_path: Path, cli) -> None:
    """Tester finding t1-08: unit names and item titles of units, in rollup's xlsx and CSV."""
    write_ledger(tmp_path / "u", {"01.yaml": 'title: "=SUM(1,2)"\ncategory: duty\nstatus: in_progress\n'
                                             "measures: [措施]\ndeadline: 2020-01-01\n"})  # fmt: skip
    names = ['=HYPERLINK("http://evil.example/","点击查看")', "=1+2", "@SUM(1)", "+4"]
    units = "".join(f"  - name: '{n}'\n    path: ../u\n" for n in names)
    (tmp_path / "r").mkdir()
    (tmp_path / "r" / "round.yaml").write_text(f"title: 第三轮巡察\nunits:\n{units}", encoding="utf-8")
    out = tmp_path / "round.xlsx"
    assert cli("rollup", "-o", str(out), root=tmp_path / "r").exit_code == 0
    archive = zipfile.ZipFile(out)
    sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any(b"<f>" in s for s in sheets)  # no formula anywhere
    rows = list(csv.reader(io.StringIO(cli("rollup", "--format", "csv", root=tmp_path / "r").stdout.lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:5]] == ["'" + n for n in names]
    overdue = cli("rollup", "--overdue", "--format", "csv", "--as-of", "2026-01-05", root=tmp_path / "r").stdout
    assert {r[2] for r in list(csv.reader(io.StringIO(overdue.lstrip("\ufeff"))))[1:]} == {"'=SUM(1,2)"}
