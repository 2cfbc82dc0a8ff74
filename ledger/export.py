"""The 台账 for the office's tools: CSV that Excel and WPS open, XLSX, and JSON."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

from ledger.errors import LedgerError
from ledger.model import Item, Ledger, Status
from ledger.query import item_record, require_valid, statistics, without_text_rate

COLUMNS = (
    "序号", "整改任务", "反馈问题", "整改措施", "责任领导", "责任部门", "责任人",
    "完成时限", "状态", "销号日期", "佐证材料", "整改进展",
)  # fmt: skip
DATE_COLUMNS = ("完成时限", "销号日期")
WIDTHS = {"序号": 6, "整改任务": 28, "反馈问题": 30, "整改措施": 50, "责任领导": 10, "责任部门": 16, "责任人": 10,
          "完成时限": 12, "状态": 12, "销号日期": 12, "佐证材料": 24, "整改进展": 34}  # fmt: skip
LINE_HEIGHT = 15  # points, for the default 11-point font
XLSX_HINT = "the xlsx format needs openpyxl: pip install 'ledger[xlsx]' (or pip install openpyxl)"


def row(item: Item, ledger: Ledger) -> dict[str, Any]:
    """One item as the columns offices use; lists become one line per entry."""
    return {
        "序号": item.id,
        "整改任务": item.title,
        "反馈问题": item.problem or "",
        "整改措施": "\n".join(f"{n}.{m}" for n, m in enumerate(item.measures, 1)),
        "责任领导": item.leader or "",
        "责任部门": "、".join(item.department),
        "责任人": item.owner or "",
        "完成时限": item.deadline,
        "状态": ledger.config.label(item.status),
        "销号日期": item.closed,
        "佐证材料": "\n".join(item.evidence),
        "整改进展": "\n".join(f"{e.date.isoformat()} {e.note}" for e in item.log),
    }


def export_csv(ledger: Ledger, as_of: date) -> bytes:
    """UTF-8 with a BOM and CRLF line ends: what Excel and WPS on Chinese Windows read right."""
    import csv

    out = io.StringIO()
    writer = csv.writer(out)  # quotes cells with line breaks; rows end with \r\n
    writer.writerow(COLUMNS)
    for item in ledger.items:
        values = row(item, ledger)
        writer.writerow([v.isoformat() if isinstance(v, date) else v for v in values.values()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_json(ledger: Ledger, as_of: date) -> bytes:
    data = {
        "as_of": as_of.isoformat(),
        "ledger": ledger.config.data,
        "items": [item_record(i, ledger, as_of) for i in ledger.items],
        "stats": without_text_rate(statistics(ledger, as_of)),
    }
    return (json.dumps(data, ensure_ascii=False, indent=2, default=iso) + "\n").encode("utf-8")


def iso(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def export_xlsx(ledger: Ledger, as_of: date) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter
    except ImportError:
        raise LedgerError(XLSX_HINT) from None

    book = Workbook()
    sheet = book.active
    sheet.title = "整改台账"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = "A2"
    overdue_fill = PatternFill("solid", start_color="FFFFC7CE")  # Excel's light red
    muted = Font(color="FF808080")
    wrap = Alignment(vertical="top", wrap_text=True)
    for item in ledger.items:
        values = row(item, ledger)
        sheet.append(list(values.values()))
        # Spreadsheets do not grow a row for wrapped text they did not lay out themselves.
        lines = max(text_lines(str(v), WIDTHS[k]) for k, v in values.items() if v)
        sheet.row_dimensions[sheet.max_row].height = LINE_HEIGHT * lines
        cells = sheet[sheet.max_row]
        for cell, column in zip(cells, COLUMNS, strict=True):
            cell.alignment = wrap
            if column in DATE_COLUMNS and cell.value is not None:
                cell.number_format = "yyyy-mm-dd"
            if item.overdue_on(as_of):
                cell.fill = overdue_fill
            elif item.status is Status.DONE:
                cell.font = muted
    for n, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[get_column_letter(n)].width = WIDTHS[column]
    sheet.auto_filter.ref = sheet.dimensions
    # Offices print the 台账: landscape, all columns on one page wide, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"

    stats = statistics(ledger, as_of)
    summary = book.create_sheet("统计")
    summary.append(["统计日期", as_of])
    summary["B1"].number_format = "yyyy-mm-dd"
    summary.append([])
    summary.append(["状态", "数量"])
    for status in Status:
        summary.append([ledger.config.label(status), stats["by_status"][status.value]])
    summary.append(["合计", stats["total"]])
    summary.append(["逾期", stats["overdue"]])
    summary.append(["整改完成率", stats["rate"]])
    summary.append([])
    summary.append(["类别", "合计", *(ledger.config.label(s) for s in Status), "逾期", "整改完成率"])
    for category in stats["by_category"].values():
        summary.append([category["title"], category["total"], *category["by_status"].values(), category["overdue"],
                        category["rate"]])  # fmt: skip
    for cells in summary.iter_rows():
        if cells[0].value in ("状态", "类别"):
            for cell in cells:
                cell.font = Font(bold=True)
    summary.column_dimensions["A"].width = 40
    for letter in "BCDEFGHI":
        summary.column_dimensions[letter].width = 12
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text_lines(text: str, width: int) -> int:
    """How many lines a wrapped cell of `width` characters needs; a CJK character is two wide."""
    import math
    import unicodedata

    def cells(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    return sum(max(1, math.ceil(cells(line) / (width * 0.9))) for line in text.split("\n"))  # a margin for fonts


EXPORTERS = {"csv": export_csv, "json": export_json, "xlsx": export_xlsx}


def export(ledger: Ledger, fmt: str, as_of: date) -> bytes:
    require_valid(ledger, "exporting")
    return EXPORTERS[fmt](ledger, as_of)
