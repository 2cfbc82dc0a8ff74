"""The 台账's columns, declared once, and the CSV that `list` and `export` write with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.core.model import Config, Item
from ledger.core.zh import log_text
from ledger.output import View


@dataclass(frozen=True)
class Row:
    """One item in the sheet, with what its cells are computed from."""

    number: int  # 序号: 1 … n in the order listed
    item: Item
    config: Config
    as_of: date


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Row], Any]  # text, a number, a date, or None for an empty cell
    width: int  # in characters of a CJK font, for spreadsheets


def lines(values: list[str]) -> str:
    return "\n".join(values)


def category_title(row: Row) -> str:
    category = row.config.category(row.item.category)
    return category.title if category else row.item.category


def progress(row: Row) -> str:
    """整改进展: a dated line per log entry, in words."""
    return lines([f"{e.date.isoformat()} {log_text(e, row.config.labels)}" for e in row.item.log])


COLUMNS = (
    Column("序号", lambda r: r.number, 6),
    Column("编号", lambda r: r.item.id, 8),
    Column("问题类别", category_title, 20),
    Column("整改任务", lambda r: r.item.title, 28),
    Column("反馈问题", lambda r: r.item.problem, 30),
    Column("整改措施", lambda r: lines([f"{n}.{m}" for n, m in enumerate(r.item.measures, 1)]), 50),
    Column("责任领导", lambda r: r.item.leader, 10),
    Column("责任部门", lambda r: "、".join(r.item.department), 16),
    Column("责任人", lambda r: r.item.owner, 10),
    Column("完成时限", lambda r: r.item.deadline, 12),
    Column("状态", lambda r: r.config.label(r.item.status), 12),
    Column("逾期天数", lambda r: r.item.days_overdue(r.as_of), 8),
    Column("销号日期", lambda r: r.item.closed, 12),
    Column("整改进展", progress, 34),
)


def rows(view: View) -> list[Row]:
    return [Row(n, item, view.ledger.config, view.as_of) for n, item in enumerate(view.items, 1)]


def csv_bytes(view: View) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, through the one table writer (its formula guard, its cleaner)."""
    from ledger.output.table import Column as TableColumn
    from ledger.output.table import csv_bytes as table_csv

    columns = [TableColumn(c.header, c.width) for c in COLUMNS]
    return table_csv(columns, ([c.value(row) for c in COLUMNS] for row in rows(view)))
