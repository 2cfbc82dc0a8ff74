"""The 台账 as an Excel workbook, for printing and for the office's own sums (needs openpyxl)."""

from __future__ import annotations

import io
import math
from datetime import date
from typing import Any

from ledger.errors import LedgerError
from ledger.model import Status
from ledger.output import View
from ledger.output.sheet import COLUMNS, cell_text, rows
from ledger.stats import statistics

LINE_HEIGHT = 15  # points, for the default 11-point font
MAX_ROW_HEIGHT = 409  # points: Excel's most
MAX_CELL = 32_767  # characters: Excel's most in a cell
CUT = "…（超出Excel单元格长度，已截断）"


def excel_value(value: object) -> object:
    """What Excel can hold: a date before 1900 as its text; text cut at Excel's limit, saying so."""
    if isinstance(value, date) and value.year < 1900:
        return value.isoformat()
    if isinstance(value, str) and len(value) > MAX_CELL:
        return value[: MAX_CELL - len(CUT)] + CUT
    return value


XLSX_HINT = "the xlsx format needs openpyxl: pip install 'zhenggai-ledger[xlsx]' (or pip install openpyxl)"


def new_workbook() -> tuple[Any, Any]:
    """An empty workbook and the bold font its headers use; openpyxl missing is a message, not a crash."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise LedgerError(XLSX_HINT) from None
    return Workbook(), Font(bold=True)


def save(book: Any) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def workbook(view: View) -> bytes:
    """The 台账 sheet and a sheet of statistics."""
    book, bold = new_workbook()
    sheet = book.active
    sheet.title = "整改台账"
    ledger_sheet(sheet, view, bold)
    summary_sheet(book.create_sheet("统计"), view, bold)
    return save(book)


def ledger_sheet(sheet: Any, view: View, bold: Any) -> None:
    """The items of `view` with the 台账's columns, laid out for printing."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append([c.header for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    overdue_fill = PatternFill("solid", start_color="FFFFC7CE")  # Excel's light red
    muted = Font(color="FF808080")
    wrap = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(rows(view), 2):  # the row number is known: no whole-sheet scans
        values = [excel_value(c.value(row)) for c in COLUMNS]
        sheet.append(values)
        # Spreadsheets do not grow a row for wrapped text they did not lay out themselves.
        height = max(text_lines(cell_text(v), c.width) for c, v in zip(COLUMNS, values, strict=True))
        sheet.row_dimensions[number].height = min(LINE_HEIGHT * height, MAX_ROW_HEIGHT)
        overdue, done = row.item.overdue_on(view.as_of), row.item.status is Status.DONE
        for column, value in enumerate(values, 1):
            cell = sheet.cell(number, column)
            cell.alignment = wrap
            if isinstance(value, str):
                cell.data_type = "s"  # text, even when it starts with "=": never a formula
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            if overdue:
                cell.fill = overdue_fill
            elif done:
                cell.font = muted
    for n, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(n)].width = column.width
    sheet.auto_filter.ref = sheet.dimensions
    # Offices print the 台账: landscape, all columns on one page wide, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"


def summary_sheet(summary, view: View, bold) -> None:
    """Counts by status and by category, over every item of the ledger."""
    config = view.ledger.config
    stats = statistics(view.ledger, view.as_of)
    summary.append(["统计日期", view.as_of])
    summary["B1"].number_format = "yyyy-mm-dd"
    summary.append([])
    summary.append(["状态", "数量"])
    for status in Status:
        summary.append([config.label(status), stats["by_status"][status.value]])
    summary.append(["合计", stats["total"]])
    summary.append(["逾期", stats["overdue"]])
    summary.append(["整改完成率", stats["rate"]])
    summary.append([])
    summary.append(["类别", "合计", *(config.label(s) for s in Status), "逾期", "整改完成率"])
    for category in stats["by_category"].values():
        summary.append([category["title"], category["total"], *category["by_status"].values(), category["overdue"],
                        category["rate"]])  # fmt: skip
    for cells in summary.iter_rows():
        if cells[0].value in ("状态", "类别"):
            for cell in cells:
                cell.font = bold
    summary.column_dimensions["A"].width = 40
    for letter in "BCDEFGHI":
        summary.column_dimensions[letter].width = 12


def text_lines(text: str, width: int) -> int:
    """How many lines a wrapped cell of `width` characters needs; a CJK character is two wide."""
    import unicodedata

    def cells(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    return sum(max(1, math.ceil(cells(line) / (width * 0.9))) for line in text.split("\n"))  # a margin for fonts
