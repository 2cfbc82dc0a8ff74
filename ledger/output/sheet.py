"""The 台账's columns, declared once, and the CSV that `list` and `export` write with them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.core.model import Config, Item
from ledger.core.schema import ABOUT, placed
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


def field(key: str) -> Callable[[Row], Any]:
    """A cell that is the item's field as it is: text, a date, or a list one entry a line."""

    def value(row: Row) -> Any:
        found = getattr(row.item, key)
        return lines(found) if isinstance(found, list) else found

    return value


def about(key: str) -> str:
    return ABOUT[key].label


# SPEC's 台账, in its order, by item key (and the columns of its own); headers are the schema's labels.
TAIDANG: dict[str, Column] = {
    "#number": Column("序号", lambda r: r.number, 6),
    "#id": Column("编号", lambda r: r.item.id, 8),
    "category": Column(about("category"), category_title, 20),
    "title": Column(about("title"), field("title"), 28),
    "problem": Column(about("problem"), field("problem"), 30),
    "measures": Column(about("measures"), lambda r: lines([f"{n}.{m}" for n, m in enumerate(r.item.measures, 1)]), 50),
    "leader": Column(about("leader"), field("leader"), 10),
    "department": Column(about("department"), lambda r: "、".join(r.item.department), 16),
    "owner": Column(about("owner"), field("owner"), 10),
    "deadline": Column(about("deadline"), field("deadline"), 12),
    "status": Column(about("status"), lambda r: r.config.label(r.item.status), 12),
    "#days": Column("逾期天数", lambda r: r.item.days_overdue(r.as_of), 8),
    "closed": Column(about("closed"), field("closed"), 12),
    "log": Column(about("log"), progress, 34),
}
# Then every field the schema gives a column width (`About.column`), beside its neighbour in the schema:
# a new field needs no line here.
COLUMNS: tuple[Column, ...] = tuple(
    TAIDANG[key] if key in TAIDANG else Column(ABOUT[key].label, field(key), ABOUT[key].column)
    for key in placed(list(TAIDANG), [k for k, a in ABOUT.items() if a.column])
)


def rows(view: View) -> list[Row]:
    return [Row(n, item, view.ledger.config, view.as_of) for n, item in enumerate(view.items, 1)]


def csv_bytes(view: View) -> bytes:
    """UTF-8 with a BOM and CRLF line ends, through the one table writer (its formula guard, its cleaner)."""
    from ledger.output.table import Column as TableColumn
    from ledger.output.table import csv_bytes as table_csv

    columns = [TableColumn(c.header, c.width) for c in COLUMNS]
    return table_csv(columns, ([c.value(row) for c in COLUMNS] for row in rows(view)))
