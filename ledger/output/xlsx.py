"""The 台账 as an Excel workbook, for printing and for the office's own sums (needs openpyxl)."""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ledger.core.model import Status
from ledger.core.stats import statistics
from ledger.output import View, missing_extra
from ledger.output.sheet import COLUMNS, cell_text, rows

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


def new_workbook() -> Book:
    """An empty workbook; openpyxl missing is a message, not a crash."""
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Font
    except ImportError:
        raise missing_extra("xlsx", "openpyxl") from None
    return Book(Workbook(write_only=True), Font(bold=True))


class Book:
    """A write-only openpyxl workbook, whose big sheets get their rows as XML written here.

    openpyxl makes every part of the file (styles, settings, print titles, the small sheets); the
    rows of a 台账 sheet, up to tens of thousands, are written straight into its sheetData after
    openpyxl has saved the workbook: the same cells, without openpyxl's dozens of microseconds each.
    """

    def __init__(self, book: Any, bold: Any) -> None:
        self.book, self.bold = book, bold
        self.rows: dict[str, Callable[[], Iterator[str]]] = {}  # sheet part -> its rows after the header

    def sheet(self, title: str) -> Any:
        return self.book.create_sheet(title)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        if not self.rows:
            return out.getvalue()
        source, result = zipfile.ZipFile(out), io.BytesIO()
        with zipfile.ZipFile(result, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                data = source.read(info.filename)
                rows = self.rows.get(info.filename)
                if rows is None:
                    target.writestr(info, data)
                    continue
                head, tail = data.split(b"</sheetData>", 1)
                with target.open(zipfile.ZipInfo(info.filename, info.date_time), "w") as part:
                    part.write(head)
                    batch: list[str] = []
                    for row in rows():
                        batch.append(row)
                        if len(batch) == 512:
                            part.write("".join(batch).encode("utf-8"))
                            batch = []
                    part.write("".join(batch).encode("utf-8"))
                    part.write(b"</sheetData>" + tail)
        return result.getvalue()


class Styles:
    """Named looks of a sheet's cells: a style set on a cell once, its id in the workbook kept."""

    def __init__(self, sheet: Any) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.sheet, self.make = sheet, WriteOnlyCell
        self.looks: dict[str, Any] = {}
        self.ids: dict[str, int] = {}

    def look(self, name: str, **style: Any) -> None:
        cell = self.make(self.sheet)
        for key, value in style.items():
            setattr(cell, key, value)
        self.looks[name], self.ids[name] = cell._style, cell.style_id  # type: ignore[attr-defined]  # openpyxl's private style array, shared by every cell of a look

    def cell(self, value: Any, look: str) -> Any:
        """An openpyxl cell, for the rows openpyxl writes."""
        cell = self.make(self.sheet, value)
        cell._style = self.looks[look]  # type: ignore[attr-defined]  # shared, never changed: a write-only cell is written and gone
        if isinstance(value, str):
            cell.data_type = "s"  # text, even when it starts with "=": never a formula
        return cell


def workbook(view: View) -> bytes:
    """The 台账 sheet and a sheet of statistics."""
    book = new_workbook()
    ledger_sheet(book, "整改台账", view)
    summary_sheet(book.sheet("统计"), view, book.bold)
    return book.save()


def ledger_sheet(book: Book, title: str, view: View) -> None:
    """The items of `view` with the 台账's columns, laid out for printing (every setting before the rows)."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet = book.sheet(title)
    items = view.items
    letters = [get_column_letter(n) for n in range(1, len(COLUMNS) + 1)]
    for letter, column in zip(letters, COLUMNS, strict=True):
        sheet.column_dimensions[letter].width = column.width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{letters[-1]}{len(items) + 1}"
    # Offices print the 台账: landscape, all columns on one page wide, the header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_title_rows = "1:1"
    styles = Styles(sheet)
    wrap = Alignment(vertical="top", wrap_text=True)
    styles.look("header", font=book.bold, alignment=Alignment(horizontal="center", vertical="center", wrap_text=True))
    overdue_fill = PatternFill("solid", start_color="FFFFC7CE")  # Excel's light red
    muted = Font(color="FF808080")
    for state, extra in (("plain", {}), ("overdue", {"fill": overdue_fill}), ("done", {"font": muted})):
        styles.look(state, alignment=wrap, **extra)
        styles.look(state + " date", alignment=wrap, number_format="yyyy-mm-dd", **extra)
    sheet.append([styles.cell(c.header, "header") for c in COLUMNS])
    book.rows[f"xl/worksheets/sheet{len(book.book.worksheets)}.xml"] = lambda: row_xml(view, letters, styles.ids)


def row_xml(view: View, letters: list[str], looks: dict[str, int]) -> Iterator[str]:
    """The rows after the header, as the sheet's XML; the row number is known: no whole-sheet scans."""
    for number, row in enumerate(rows(view), 2):
        values = [excel_value(c.value(row)) for c in COLUMNS]
        # Spreadsheets do not grow a row for wrapped text they did not lay out themselves.
        height = max(text_lines(cell_text(v), c.width) for c, v in zip(COLUMNS, values, strict=True))
        item = row.item
        state = "overdue" if item.overdue_on(view.as_of) else "done" if item.status is Status.DONE else "plain"
        plain, dated = looks[state], looks[state + " date"]
        cells = []
        for letter, value in zip(letters, values, strict=True):
            if value is None or value == "":
                continue  # an empty cell is no cell, as openpyxl would write it
            place = f'r="{letter}{number}"'
            if isinstance(value, str):
                cells.append(f'<c {place} s="{plain}" t="inlineStr"><is><t xml:space="preserve">{xml_text(value)}'
                             "</t></is></c>")  # fmt: skip
            elif isinstance(value, date):
                cells.append(f'<c {place} s="{dated}"><v>{(value - EXCEL_EPOCH).days}</v></c>')
            elif isinstance(value, bool):
                cells.append(f'<c {place} s="{plain}" t="b"><v>{int(value)}</v></c>')
            else:
                cells.append(f'<c {place} s="{plain}" t="n"><v>{value!r}</v></c>')
        yield (f'<row r="{number}" ht="{min(LINE_HEIGHT * height, MAX_ROW_HEIGHT)}" customHeight="1">'
               f"{''.join(cells)}</row>")  # fmt: skip


EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its phantom 1900-02-29 included)
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return UNWRITABLE.sub("\ufffd", text) if UNWRITABLE.search(text) else text


def summary_sheet(summary: Any, view: View, bold: Any) -> None:
    """Counts by status and by category, over every item of the ledger."""
    from openpyxl.styles import Alignment

    config = view.ledger.config
    stats = statistics(view.ledger, view.as_of)
    from rich.cells import cell_len

    longest = max((cell_len(c["title"]) for c in stats["by_category"].values()), default=0)
    summary.column_dimensions["A"].width = min(max(40, longest + 2), 100)  # category titles not cut
    for letter in "BCDEFGHI":
        summary.column_dimensions[letter].width = 12
    summary.page_setup.orientation, summary.page_setup.paperSize = "landscape", "9"  # printed on one page wide
    summary.sheet_properties.pageSetUpPr.fitToPage = True
    summary.page_setup.fitToWidth, summary.page_setup.fitToHeight = 1, 0
    styles = Styles(summary)
    styles.look("plain")
    styles.look("bold", font=bold)
    styles.look("date", number_format="yyyy-mm-dd")
    styles.look("rate", alignment=Alignment(horizontal="right"))  # "66.67%" is text, set with the numbers

    def row(*values: Any, look: str = "plain") -> None:
        looks = ["date" if isinstance(v, date) else "rate" if str(v).endswith("%") else look for v in values]
        summary.append([styles.cell(v, how) for v, how in zip(values, looks, strict=True)])

    row("统计日期", view.as_of)
    row()
    row("状态", "数量", look="bold")
    for status in Status:
        row(config.label(status), stats["by_status"][status.value])
    row("合计", stats["total"])
    row("逾期", stats["overdue"])
    row("整改完成率", stats["rate"])
    row()
    row("类别", "合计", *(config.label(s) for s in Status), "逾期", "整改完成率", look="bold")
    for category in stats["by_category"].values():
        row(category["title"], category["total"], *category["by_status"].values(), category["overdue"],
            category["rate"])  # fmt: skip


def text_lines(text: str, width: int) -> int:
    """How many lines a wrapped cell of `width` characters needs; a CJK character is two wide."""
    room = width * 0.9  # a margin for fonts
    if 2 * len(text) <= room and "\n" not in text:
        return 1  # fits even if every character is wide: most cells, found without measuring
    from rich.cells import cell_len

    return sum(max(1, math.ceil(cell_len(line) / room)) for line in text.split("\n"))
