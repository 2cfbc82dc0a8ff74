"""A round's roll-up for people (a table), for scripts (JSON, CSV), for Excel, and as a notice (round.md.j2)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.core import zh
from ledger.core.model import DEFAULT_LABELS, Record
from ledger.core.stats import SENTENCE_ORDER
from ledger.output.notice import Report
from ledger.output.table import Column, Percent, Properties, Sheet, xlsx_bytes
from ledger.output.table import csv_bytes as table_csv
from ledger.output.text import plain_table

ORDER = tuple(s.value for s in SENTENCE_ORDER)  # the statistics sentence's order, each status by its label
COLUMNS = (("单位", "left"), ("问题数", "right"), *((DEFAULT_LABELS[s], "right") for s in SENTENCE_ORDER),
           ("逾期", "right"), ("整改完成率", "right"), ("错误", "right"))  # fmt: skip
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


def typed_rows(view: RoundView) -> tuple[list[Column], list[list[Any]]]:
    """The table as the table writer takes it: counts as numbers, the rate a percentage."""
    if view.overdue is not None:
        columns = [Column("单位", 20), Column("编号", 8), Column("整改任务", 40), Column("责任部门", 16),
                   Column("完成时限", 12, "yyyy-mm-dd"), Column("逾期天数", 10, "0")]  # fmt: skip
        body = [[r["unit"], r["id"], r["title"], "、".join(r["department"]), as_date(r["deadline"]), r["days_overdue"]]
                for r in view.overdue]  # fmt: skip
        return columns, body
    columns = [Column(name, 30 if name == "单位" else 12, "0.00%" if name == "整改完成率" else None if n in (0, 9)
                      else "0") for n, (name, _) in enumerate(COLUMNS)]  # fmt: skip
    body = []
    for unit in [*view.result["units"], {"name": "合计", **view.result["total"], "problems": ""}]:
        done, total = unit["by_status"]["done"], unit["total"]
        rate = Percent(round(zh.rate(done, total) / 100, 4), unit["rate"])
        counts = [unit["by_status"][code] for code in ORDER]
        body.append([unit["name"], total, *counts, unit["overdue"], rate, unit["problems"] or None])
    return columns, body


def as_date(value: Any) -> Any:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else value
    except ValueError:
        return value


def csv_bytes(view: RoundView) -> bytes:
    columns, body = typed_rows(view)
    return table_csv(columns, body)


def json_text(view: RoundView) -> str:
    from ledger.output.jsonfmt import dumps

    return dumps(view.overdue if view.overdue is not None else view.result)


def workbook(view: RoundView) -> bytes:
    """A summary sheet, then one 台账 sheet per unit with the export's columns, named for the unit."""
    from ledger.output import View
    from ledger.output.xlsx import ledger_sheet

    columns, body = typed_rows(view)
    sheets = [Sheet("汇总", columns, body, [str(view.round.title or "")])]
    for one in view.units:
        if one.ledger is not None:
            sheets.append(ledger_sheet(one.unit.name, View(one.ledger, one.ledger.items, view.as_of)))
    title, issuer = str(view.round.title or ""), str(view.round.issuer or "")
    return xlsx_bytes(sheets, Properties(title, issuer, view.as_of))


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
