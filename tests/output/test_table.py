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

from ledger.output.table import Column, Percent, Properties, Row, Sheet, clean, csv_bytes, sheet_name, xlsx_bytes

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
    sheets = [Sheet("填报", [Column("编号"), Column("状态", choices=["正在推进", "已完成"], editable=True)],
                    [["01", "正在推进"]], protect=True)]  # fmt: skip
    sheet = book(sheets)["填报"]
    assert sheet.protection.sheet
    (validation,) = sheet.data_validations.dataValidation
    assert validation.formula1 == '"正在推进,已完成"' and str(validation.sqref) == "B2"
    assert sheet["A2"].protection.locked and not sheet["B2"].protection.locked


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
