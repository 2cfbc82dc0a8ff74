"""A round's roll-up for people (a table), for scripts (JSON, CSV), for Excel, and as a notice (round.md.j2)."""

from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from ledger.core.model import Record
from ledger.output import printable
from ledger.output.notice import Report
from ledger.output.text import plain_table

COLUMNS = (("单位", "left"), ("问题数", "right"), ("已完成", "right"), ("阶段性完成", "right"), ("正在推进", "right"),
           ("未启动", "right"), ("长期坚持", "right"), ("逾期", "right"), ("整改完成率", "right"),
           ("错误", "right"))  # fmt: skip
ORDER = ("done", "partial", "in_progress", "open", "ongoing")
OVERDUE_COLUMNS = (("单位", "left"), ("编号", "left"), ("整改任务", "left"), ("责任部门", "left"),
                   ("完成时限", "left"), ("逾期天数", "right"))  # fmt: skip


class RoundView(Record):
    """What `ledger rollup` shows: the round, its units as read, the counts (and the overdue items, if asked)."""

    __slots__ = ("round", "units", "result", "as_of", "overdue")
    round: Any
    units: list[Any]
    result: dict[str, Any]
    as_of: date
    overdue: list[dict[str, Any]] | None

    def __init__(self, round_: Any, units: list[Any], result: dict[str, Any], as_of: date,
                 overdue: list[dict[str, Any]] | None = None) -> None:  # fmt: skip
        self.round, self.units, self.result, self.as_of, self.overdue = round_, units, result, as_of, overdue


def rows(view: RoundView) -> list[list[str]]:
    found = []
    for unit in [*view.result["units"], {"name": "合计", **view.result["total"], "problems": ""}]:
        counts = [str(unit["by_status"][code]) for code in ORDER]
        problems = str(unit["problems"]) if unit["problems"] else ""
        found.append([unit["name"], str(unit["total"]), *counts, str(unit["overdue"]), unit["rate"], problems])
    return found


def overdue_rows(view: RoundView) -> list[list[str]]:
    return [[r["unit"], r["id"], r["title"], "、".join(r["department"]), r["deadline"], str(r["days_overdue"])]
            for r in view.overdue or []]  # fmt: skip


def table(view: RoundView) -> str:
    if view.overdue is not None:
        return plain_table(OVERDUE_COLUMNS, overdue_rows(view)) if view.overdue else "No overdue items.\n"
    return plain_table(COLUMNS, rows(view))


def csv_bytes(view: RoundView) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    columns, body = (OVERDUE_COLUMNS, overdue_rows(view)) if view.overdue is not None else (COLUMNS, rows(view))
    writer.writerow([name for name, _ in columns])
    writer.writerows(body)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def json_text(view: RoundView) -> str:
    from ledger.output.jsonfmt import dumps

    return dumps(view.overdue if view.overdue is not None else view.result)


def workbook(view: RoundView) -> bytes:
    """A summary sheet, then one 台账 sheet per unit with the export's columns."""
    from ledger.output import View
    from ledger.output.xlsx import Styles, ledger_sheet, new_workbook

    book = new_workbook()
    summary = book.sheet("汇总")
    summary.column_dimensions["A"].width = 30
    styles = Styles(summary)
    styles.look("bold", font=book.bold)
    summary.append([styles.cell(name, "bold") for name, _ in COLUMNS])
    for row in rows(view):
        summary.append([int(v) if v.isdigit() else v for v in row])
    names: set[str] = {"汇总"}
    for one in view.units:
        if one.ledger is not None:
            title = sheet_name(one.unit.name, names)
            ledger_sheet(book, title, View(one.ledger, one.ledger.items, view.as_of))
    return book.save()


def sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel takes: at most 31 characters, none of []:*?/\\, unique."""
    base = "".join("_" if c in "[]:*?/\\" else c for c in name)[:28] or "单位"
    title, n = base, 1
    while title in taken:
        n += 1
        title = f"{base[:26]}({n})"
    taken.add(title)
    return printable(title)


class RoundReport(Report):
    """The round as a notice: round.md.j2 (or another template) rendered with the round's figures."""

    __slots__ = ("view",)

    def __init__(self, view: RoundView, template: str, fragment: bool = False) -> None:
        self.view, self.as_of, self.template, self.fragment = view, view.as_of, template, fragment
        self.ledger = None  # type: ignore[assignment]
        self._markdown = None

    def render(self) -> str:
        from ledger.report.render import render_context

        values = {"round": {"title": self.view.round.title, "issuer": self.view.round.issuer},
                  "total": self.view.result["total"], "units": self.view.result["units"],
                  "complete": self.view.result["complete"], "as_of": self.as_of}  # fmt: skip
        return render_context(self.view.round.root, self.template, values)

    def settings(self) -> dict[str, Any]:
        return {"title": self.view.round.title, "issuer": self.view.round.issuer, "publication": {}}


def markdown(report: RoundReport) -> str:
    from ledger.output.notice import rendered

    return rendered(report)
