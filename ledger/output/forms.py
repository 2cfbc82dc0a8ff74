"""A department's progress form (进度填报表, SPEC 3.8) as an Excel workbook, written with XlsxWriter.

The ledger's columns are locked and grey, the cells to fill white; the sheet is protected without a
password (against slips, not people); a very hidden sheet and the document's custom properties say
which ledger, commit and day the form was made from, with each row's record for `ledger apply`.
"""

from __future__ import annotations

import io
import math
from datetime import date, datetime
from typing import Any

from ledger.core.supervision import COLUMNS, LOCKED, META_SHEET, RECORD, TO_FILL, Form, meta_rows
from ledger.core.zh import cn_date
from ledger.output import missing_extra

SHEET = "进度填报"
WIDTHS = {
    "编号": 6,
    "整改任务": 20,
    "整改措施": 36,
    "完成时限": 11,
    "当前状态": 10,
    "最近进展": 24,
    "本期进展": 32,
    "完成情况": 11,
    "完成日期": 12,
    "佐证材料": 20,
}  # fmt: skip  (in Excel's units: a CJK character is two)
FONT = "仿宋"
SIZE = 11
LINE = 15  # points per line of an 11-point font
TITLE_ROW, UNIT_ROW, HEADER_ROW = 0, 1, 2  # 0-based rows
FIRST = HEADER_ROW + 1
DATE_FORMAT = "yyyy-mm-dd"
LOCKED_FILL = "#EDEDED"
HELP = ("填写说明：灰色列为台账内容，请勿改动；请在白色列填写。本期进展写本月的整改进展；完成情况从下拉列表中选择；"
        "选“已完成”的，须填写完成日期（如2026-03-31）和佐证材料（多份的每份一行）。填报日期填写报送之日。")  # fmt: skip


def cell_lines(text: str, width: int) -> int:
    """How many lines `text` takes in a wrapped column `width` units wide (a CJK character takes two)."""
    count = 0
    for line in text.split("\n") or [""]:
        units = sum(2 if ord(c) > 0x2E7F else 1 for c in line)
        count += max(1, math.ceil(units / max(width - 1, 1)))
    return count


def workbook(form: Form) -> bytes:
    """The form's workbook; the same form gives the same bytes."""
    try:
        import xlsxwriter  # untyped for mypy: see [[tool.mypy.overrides]] in pyproject.toml
    except ImportError:
        raise missing_extra("forms", "xlsxwriter") from None
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    made = datetime(form.made.year, form.made.month, form.made.day)
    book.set_properties({"title": f"{form.department}整改进度填报表", "author": form.issuer, "company": form.issuer,
                         "created": made, "comments": "ledger forms"})  # fmt: skip
    for name, value in meta_rows(form):
        book.set_custom_property(f"ledger-{name}", str(value) or "-")
    styles = Styles(book)
    sheet = book.add_worksheet(SHEET)
    write_form(sheet, form, styles)
    write_meta(book.add_worksheet(META_SHEET), form)
    book.close()
    return out.getvalue()


class Styles:
    def __init__(self, book: Any) -> None:
        base = {"font_name": FONT, "font_size": SIZE, "text_wrap": True, "valign": "top", "border": 1}
        self.title = book.add_format({"font_name": "黑体", "font_size": 16, "align": "center", "valign": "vcenter"})
        self.unit = book.add_format({"font_name": FONT, "font_size": SIZE, "valign": "vcenter"})
        self.unit_date = book.add_format({"font_name": FONT, "font_size": SIZE, "valign": "vcenter", "border": 1,
                                          "num_format": DATE_FORMAT, "locked": False, "align": "left"})  # fmt: skip
        self.header = book.add_format({**base, "bold": True, "align": "center", "valign": "vcenter",
                                       "bg_color": LOCKED_FILL})  # fmt: skip
        self.to_fill_header = book.add_format({**base, "bold": True, "align": "center", "valign": "vcenter"})
        self.locked = book.add_format({**base, "bg_color": LOCKED_FILL})
        self.locked_center = book.add_format({**base, "bg_color": LOCKED_FILL, "align": "center"})
        self.locked_date = book.add_format({**base, "bg_color": LOCKED_FILL, "num_format": DATE_FORMAT,
                                            "align": "center"})  # fmt: skip
        self.fill = book.add_format({**base, "locked": False})
        self.fill_center = book.add_format({**base, "locked": False, "align": "center"})
        self.fill_date = book.add_format({**base, "locked": False, "num_format": DATE_FORMAT, "align": "center"})
        self.help = book.add_format({"font_name": FONT, "font_size": SIZE, "text_wrap": True, "valign": "top"})


def write_form(sheet: Any, form: Form, s: Styles) -> None:
    last = len(COLUMNS) - 1
    for n, header in enumerate(COLUMNS):
        sheet.set_column(n, n, WIDTHS[header])
    sheet.merge_range(TITLE_ROW, 0, TITLE_ROW, last, f"{form.subject}巡察整改进度填报表", s.title)
    sheet.set_row(TITLE_ROW, 30)
    sheet.merge_range(UNIT_ROW, 0, UNIT_ROW, 2, f"填报单位：{form.department}", s.unit)
    sheet.write_string(UNIT_ROW, 3, "填报日期：", s.unit)
    sheet.write_blank(UNIT_ROW, 4, None, s.unit_date)
    date_rule(sheet, UNIT_ROW, 4, UNIT_ROW, 4)
    made = f"制表：{form.issuer}　{cn_date(form.made)}"
    sheet.merge_range(UNIT_ROW, 5, UNIT_ROW, last, made, s.unit)
    sheet.set_row(UNIT_ROW, 24)
    for n, header in enumerate(COLUMNS):
        sheet.write_string(HEADER_ROW, n, header, s.header if header in LOCKED else s.to_fill_header)
    for r, row in enumerate(form.rows, FIRST):
        lines = 1
        for n, text in enumerate(row.cells):
            header = LOCKED[n]
            if header == "完成时限" and text:
                sheet.write_datetime(r, n, datetime.fromisoformat(text), s.locked_date)
            elif text:
                sheet.write_string(r, n, text, s.locked_center if header in ("编号", "当前状态") else s.locked)
            else:
                sheet.write_blank(r, n, None, s.locked)
            lines = max(lines, cell_lines(text, WIDTHS[header]))
        at = len(LOCKED)
        sheet.write_blank(r, at, None, s.fill)
        sheet.write_string(r, at + 1, row.label, s.fill_center)
        sheet.write_blank(r, at + 2, None, s.fill_date)
        sheet.write_blank(r, at + 3, None, s.fill)
        sheet.set_row(r, LINE * max(lines, 3))
    end = FIRST + max(len(form.rows), 1) - 1
    status = len(LOCKED) + TO_FILL.index("完成情况")
    sheet.data_validation(FIRST, status, end, status, {
        "validate": "list", "source": list(form.labels), "error_title": "完成情况",
        "error_message": "请从下拉列表中选择：" + "、".join(form.labels),
    })  # fmt: skip
    done = len(LOCKED) + TO_FILL.index("完成日期")
    date_rule(sheet, FIRST, done, end, done)
    help_row = end + 2
    sheet.merge_range(help_row, 0, help_row, last, HELP, s.help)
    sheet.set_row(help_row, LINE * 3)
    sheet.freeze_panes(FIRST, 2)
    sheet.protect("", {"format_rows": True, "format_columns": True, "select_locked_cells": True,
                       "select_unlocked_cells": True})  # fmt: skip
    sheet.set_landscape()
    sheet.set_paper(8)  # A3: its ten columns at 11 pt print at 10 pt or more (A4 would shrink them to 7)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.repeat_rows(HEADER_ROW)
    sheet.print_area(0, 0, help_row, last)
    sheet.set_footer("&C第&P页 共&N页")
    sheet.center_horizontally()


def date_rule(sheet: Any, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
    sheet.data_validation(first_row, first_col, last_row, last_col, {
        "validate": "date", "criteria": "between", "minimum": date(2000, 1, 1), "maximum": date(2099, 12, 31),
        "error_title": "日期", "error_message": "请填写日期，如2026-03-31", "ignore_blank": True,
    })  # fmt: skip


def write_meta(sheet: Any, form: Form) -> None:
    """What apply checks a return against, out of sight (very hidden: Excel's and WPS's unhide lists omit it)."""
    r = 0
    for r, (name, value) in enumerate(meta_rows(form)):
        sheet.write_string(r, 0, name)
        sheet.write_string(r, 1, str(value))
    r += 2
    for n, header in enumerate((*RECORD, *LOCKED, "完成情况")):
        sheet.write_string(r, n, header)
    for row in form.rows:
        r += 1
        values = (row.id, row.path, row.status, str(row.log_count), row.fingerprint, *row.cells, row.label)
        for n, value in enumerate(values):
            sheet.write_string(r, n, value)
    sheet.protect("")
    sheet.very_hidden()
