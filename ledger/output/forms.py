"""A department's progress form (进度填报表, SPEC 3.8) as an Excel workbook, through the one table writer.

The ledger's columns are locked and grey, the cells to fill white; the sheet is protected without a
password (against slips, not people); a very hidden sheet and the document's custom properties say
which ledger, commit and day the form was made from, with each row's record for `ledger apply`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.core.supervision import (
    COLUMNS,
    LOCKED,
    META_SHEET,
    RECORD_HEADER,
    SEAL,
    TO_FILL,
    Form,
    meta_rows,
    record_row,
    seal,
)
from ledger.core.zh import cn_date
from ledger.output.table import Column, Line, Page, Part, Properties, Protection, Row, Rule, Sheet, clean, xlsx_bytes

SHEET = "进度填报"
WIDTHS = {
    "编号": 6,
    "整改任务": 20,
    "整改措施": 40,
    "完成时限": 14,
    "当前状态": 12,
    "最近进展": 24,
    "本期进展": 32,
    "完成情况": 12,
    "完成日期": 14,
    "佐证材料": 20,
}  # fmt: skip  (in Excel's units: a CJK character is two; a date of 11-point digits takes 14)
CENTRED = {"编号", "完成时限", "当前状态", "完成情况", "完成日期"}
DATES = {"完成时限", "完成日期"}
# A3 landscape: the ten columns (194 units) print at 100% between the margins in 11-point type; on A4 they
# would shrink to about 7 points.
PAGE = Page(paper=8, size=11, font="仿宋", title_size=16, title_font="黑体", title_bold=False, margin=0.4)
DATE_FORMAT = "yyyy-mm-dd"
LOCKED_FILL = "#EDEDED"
WRITE_IN = 3  # lines: a row's least height, room to write in
DATE_RULE = Rule.dates(date(2000, 1, 1), date(2099, 12, 31), "日期", "请填写日期，如2026-03-31")
HELP = ("填写说明：灰色列为台账内容，请勿改动；请在白色列填写。本期进展写本月的整改进展；完成情况从下拉列表中选择；"
        "选“已完成”的，须填写完成日期（如2026-03-31）和佐证材料（多份的每份一行）。填报日期填写报送之日。")  # fmt: skip


def workbook(form: Form) -> bytes:
    """The form's workbook; the same form gives the same bytes."""
    custom = tuple((f"ledger-{name}", str(value) or "-") for name, value in meta_rows(form))
    properties = Properties(f"{form.department}整改进度填报表", form.issuer, form.made, company=form.issuer,
                            comments="ledger forms", custom=custom)  # fmt: skip
    return xlsx_bytes([form_sheet(form), record_sheet(form)], properties)


def columns(form: Form) -> list[Column]:
    """The locked columns grey, the columns to fill editable, 完成情况 a drop-down and 完成日期 a date."""
    made = []
    for header in COLUMNS:
        rule = None
        if header == "完成情况":
            rule = Rule.choice(form.labels, "完成情况", "请从下拉列表中选择：" + "、".join(form.labels))
        elif header == "完成日期":
            rule = DATE_RULE
        made.append(Column(header, WIDTHS[header], DATE_FORMAT if header in DATES else None,
                           "center" if header in CENTRED else None, rule=rule, editable=header in TO_FILL,
                           fill=None if header in TO_FILL else LOCKED_FILL))  # fmt: skip
    return made


def form_sheet(form: Form) -> Sheet:
    deadline = LOCKED.index("完成时限")
    rows = []
    for row in form.rows:
        cells: list[Any] = list(row.cells)
        if cells[deadline]:
            cells[deadline] = date.fromisoformat(cells[deadline])  # a date cell, shown as yyyy-mm-dd
        rows.append(Row([*cells, None, row.label, None, None]))
    unit = Line(
        [
            Part(f"填报单位：{form.department}", span=3),
            Part("填报日期："),
            Part(None, border=True, editable=True, number_format=DATE_FORMAT, rule=DATE_RULE),  # apply reads it
            Part(f"制表：{form.issuer}　{cn_date(form.made)}", span=len(COLUMNS)),
        ],
        height=24,
    )
    return Sheet(SHEET, columns(form), rows, [f"{form.subject}巡察整改进度填报表", unit], PAGE, Protection(),
                 filters=False, footing=[HELP], freeze_columns=2, min_lines=WRITE_IN)  # fmt: skip


def record_sheet(form: Form) -> Sheet:
    """What apply checks a return against, out of sight (very hidden: Excel's and WPS's unhide lists omit it):
    what the form was made from, a blank row, then each row's record and its cells as written; last, the seal
    over all of it, so that an edit of any of it is known. The text is sealed as the workbook holds it."""
    rows: list[list[Any]] = [[name, clean(str(value))] for name, value in meta_rows(form)]
    rows += [[], list(RECORD_HEADER)]
    rows += [[clean(text) for text in record_row(row)] for row in form.rows]
    rows.insert(len(meta_rows(form)), [SEAL, seal(rows)])
    return Sheet(META_SHEET, [Column(h) for h in RECORD_HEADER], rows, protect=Protection(allow=()), filters=False,
                 header=False, state="very_hidden")  # fmt: skip
