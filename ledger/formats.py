"""Output for people and scripts: the list table, CSV, an item as text or YAML, CI annotations."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from ledger.model import ITEM_KEYS, Item, Ledger, Problem

LIST_COLUMNS = ("id", "title", "category", "department", "deadline", "status", "status_label", "closed", "days_overdue")


def departments(item: Item) -> str:
    return "、".join(item.department)


def items_table(items: list[Item], ledger: Ledger, as_of: date) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for column, justify in (
        ("ID", "left"),
        ("Title", "left"),
        ("Department", "left"),
        ("Deadline", "left"),
        ("Status", "left"),
        ("Days late", "right"),
    ):
        table.add_column(column, justify=justify, overflow="fold")
    for item in items:
        days = item.days_overdue(as_of)
        table.add_row(
            item.id,
            item.title,
            departments(item),
            item.deadline.isoformat() if item.deadline else "",
            ledger.config.label(item.status),
            str(days) if days is not None else "",
            style="red" if days is not None else None,
        )
    console = Console(highlight=False)
    if items:
        console.print(table)
    else:
        console.print("No items match.", markup=False)


def items_csv(items: list[Item], ledger: Ledger, as_of: date) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(LIST_COLUMNS)
    for item in items:
        days = item.days_overdue(as_of)
        writer.writerow(
            [
                item.id,
                item.title,
                item.category,
                departments(item),
                item.deadline.isoformat() if item.deadline else "",
                item.status.value,
                ledger.config.label(item.status),
                item.closed.isoformat() if item.closed else "",
                "" if days is None else days,
            ]
        )
    return out.getvalue()


def item_yaml(item: Item) -> str:
    """The item's data as it would be written to its file (without comments)."""
    import yaml

    data = {}
    for key in ITEM_KEYS:
        value = getattr(item, key)
        if key == "status":
            value = value.value
        elif key == "log":
            value = [{"date": e.date, "note": e.note} for e in value]
        elif key == "public":
            value = None if value else False
        if value not in (None, [], {}):
            data[key] = value
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def item_text(item: Item, ledger: Ledger, as_of: date) -> str:
    """One item for people: a label per field, lists one entry a line; absent fields left out."""
    config = ledger.config
    category = config.category(item.category)
    lines = [f"{item.id} {item.title}", f"  file:        {item.path}"]

    def field(label: str, value: object) -> None:
        if value not in (None, "", []):
            lines.append(f"  {label + ':':<12} {value}")

    def entries(label: str, values: list[str], numbered: bool = False) -> None:
        if values:
            lines.append(f"  {label}:")
            lines.extend(f"    {f'{n}.' if numbered else '-'} {v}" for n, v in enumerate(values, 1))

    field("category", f"{item.category} ({category.title})" if category else item.category)
    field("status", f"{item.status.value} ({config.label(item.status)})")
    deadline = item.deadline.isoformat() if item.deadline else None
    days = item.days_overdue(as_of)
    field("deadline", f"{deadline}, overdue by {days} day{'s' * (days != 1)}" if days is not None else deadline)
    field("closed", item.closed.isoformat() if item.closed else None)
    field("leader", item.leader)
    field("department", departments(item))
    field("owner", item.owner)
    field("problem", item.problem)
    entries("measures", item.measures, numbered=True)
    field("outcome", item.outcome)
    entries("evidence", item.evidence)
    entries("log", [f"{e.date.isoformat()} {e.note}" for e in item.log])
    field("tags", "、".join(item.tags))
    field("public", None if item.public else "no (left out of the public notice)")
    if item.extra:
        import json

        field("extra", json.dumps(item.extra, ensure_ascii=False, default=str))
    return "\n".join(lines) + "\n"


def github_annotation(problem: Problem, root: Path) -> str:
    """A GitHub Actions workflow command, with the path as seen from the current folder."""
    path = os.path.relpath(root / problem.path)
    props = [f"file={escape(path, True)}"]
    if problem.line is not None:
        props.append(f"line={problem.line}")
    if problem.column is not None:
        props.append(f"col={problem.column}")
    props.append(f"title={escape(problem.code, True)}")
    return f"::{problem.severity} {','.join(props)}::{escape(problem.message)}"


def escape(text: str, in_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def stats_tables(stats: dict, ledger: Ledger) -> None:
    """Counts for people: by status and by category, each with a bar."""
    from rich.console import Console
    from rich.table import Table

    from ledger.model import Status

    def bar(part: int, whole: int, width: int = 20) -> str:
        return "█" * round(width * part / whole) if whole else ""

    total = stats["total"]
    by_status = Table(box=None, pad_edge=False, header_style="bold")
    for column, justify in (("Status", "left"), ("Items", "right"), ("", "left")):
        by_status.add_column(column, justify=justify)
    for status in Status:
        n = stats["by_status"][status.value]
        by_status.add_row(ledger.config.label(status), str(n), bar(n, total))
    by_status.add_row("合计", str(total), "")
    by_category = Table(box=None, pad_edge=False, header_style="bold")
    for column, justify in (("Category", "left"), ("Items", "right"), ("Done", "right"), ("Overdue", "right"),
                            ("Completion", "right"), ("", "left")):  # fmt: skip
        by_category.add_column(column, justify=justify, overflow="fold")
    for category in stats["by_category"].values():
        done = category["by_status"]["done"]
        by_category.add_row(category["title"], str(category["total"]), str(done), str(category["overdue"]),
                            category["rate"], bar(done, category["total"], 10))  # fmt: skip
    console = Console(highlight=False)
    console.print(by_status)
    console.print()
    console.print(by_category)
    console.print()
    console.print(f"Overdue: {stats['overdue']}    Completion (done ÷ total): {stats['rate']}", markup=False)
