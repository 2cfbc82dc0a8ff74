"""Output for people: tables, an item in full, problems; and the annotations GitHub Actions reads."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from ledger.core.check import Verdict
from ledger.core.i18n import N_, _, ngettext
from ledger.core.model import Light, Status, item_record
from ledger.core.schema import field_name
from ledger.core.zh import log_text
from ledger.output import View, printable

if TYPE_CHECKING:  # rich is imported only when a table is printed
    from rich.console import Console, JustifyMethod
    from rich.table import Table


def problem_lines(verdict: Verdict) -> str:
    return "".join(f"{printable(str(p))}\n" for p in verdict.problems)


def github_annotations(verdict: Verdict) -> str:
    """GitHub Actions workflow commands, with paths as seen from the current folder."""
    lines = []
    for problem in verdict.problems:
        path = os.path.relpath(verdict.root / problem.path) if verdict.root else problem.path
        props = [f"file={escape(path, True)}"]
        if problem.line is not None:
            props.append(f"line={problem.line}")
        if problem.column is not None:
            props.append(f"col={problem.column}")
        props.append(f"title={escape(problem.code, True)}")
        lines.append(printable(f"::{problem.severity} {','.join(props)}::{escape(problem.message)}") + "\n")
    return "".join(lines)


def escape(text: str, in_property: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def console() -> Console:
    """rich's console; into a pipe or a file (and COLUMNS unset) as wide as the lines are, never wrapping
    a row of a table that a file keeps."""
    import os

    from rich.console import Console

    from ledger.output import on_terminal

    wide = not on_terminal() and not os.environ.get("COLUMNS")
    return Console(highlight=False, width=100_000 if wide else None)


def new_table(*columns: tuple[str, JustifyMethod]) -> Table:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    for name, justify in columns:
        table.add_column(_(name), justify=justify, overflow="fold")
    return table


LIST_COLUMNS: tuple[tuple[str, JustifyMethod], ...] = (
    (N_("ID"), "left"), (N_("Title"), "left"), (N_("Department"), "left"), (N_("Deadline"), "left"),
    (N_("Status"), "left"), (N_("Light"), "left"), (N_("Days late"), "right"),
)  # fmt: skip
LIGHT_STYLES = {"red": "bold red", "yellow": "bold yellow", "green": "green"}
LIGHT_AT = 5  # the Light column's index
RICH_ROWS = 300  # longer tables stream as plain text: rich lays out each row at ~0.5 ms


def items_table(view: View) -> str | None:
    """The items for people: rich's table on a terminal, the same columns as plain aligned text elsewhere."""
    if not view.items:
        return _("No items match.") + "\n"
    rows: list[list[str]] = []
    lights: list[str | None] = []
    yellow_days = view.ledger.config.yellow_days
    for item in view.items:
        days = item.days_overdue(view.as_of)
        deadline = item.deadline.isoformat() if item.deadline else ""
        status = view.ledger.config.label(item.status)
        light = item.light_on(view.as_of, yellow_days)
        lights.append(light.value if light else None)
        rows.append([item.id, item.title, "、".join(item.department), deadline, status, light.word if light else "",
                     "" if days is None else str(days)])  # fmt: skip
    if not sys.stdout.isatty() or len(rows) > RICH_ROWS:
        return plain_table(LIST_COLUMNS, rows)
    from rich.text import Text

    table = new_table(*LIST_COLUMNS)
    for row, shade in zip(rows, lights, strict=True):  # as Text: a title like "[red]…" is not rich's markup
        cells = [Text(printable(cell)) for cell in row]
        if shade:
            cells[LIGHT_AT] = Text("● " + row[LIGHT_AT], style=LIGHT_STYLES[shade])
        table.add_row(*cells, style="red" if row[-1] else None)
    console().print(table)
    return None


def plain_table(columns: tuple[tuple[str, str], ...], rows: list[list[str]]) -> str:
    """Columns two spaces apart, as rich lays out a table without borders; widths in terminal cells."""
    from rich.cells import cell_len

    table = [[_(name) for name, _justify in columns], *rows]
    widths = [max(cell_len(row[n]) for row in table) for n in range(len(columns))]
    lines = []
    for row in table:
        cells = []
        for text, width, (_name, justify) in zip(row, widths, columns, strict=True):
            pad = " " * (width - cell_len(text))
            cells.append(pad + text if justify == "right" else text + pad)
        lines.append(printable("  ".join(cells).rstrip()) + "\n")
    return "".join(lines)


def codes_table(table: list[dict[str, Any]]) -> str:
    """The problem codes: code, severity and meaning, aligned."""
    from ledger.core.i18n import _

    columns = ((_("Code"), "left"), (_("Severity"), "left"), (_("Meaning"), "left"))
    return plain_table(columns, [[c["code"], _(c["severity"]), c["meaning"]] for c in table])


# Shown first, in this order; every other field of the record follows in the order of the format.
SHOW_FIRST = ("category", "status", "deadline", "closed", "leader", "department", "owner", "problem")
NOT_SHOWN = ("id", "path", "title")


def item_text(view: View) -> str:
    """One item for people: a label per field, lists one entry a line; absent fields left out."""
    item, config = view.items[0], view.ledger.config
    record = item_record(item)
    lines = [f"{item.id} {item.title}", *field_lines("file", str(item.path))]
    order = [*SHOW_FIRST, *(k for k in record if k not in SHOW_FIRST and k not in NOT_SHOWN)]
    for key in order:
        value = record[key]
        if key == "category":
            category = config.category(item.category)
            value = _("{key} ({title})").format(key=item.category, title=category.title) if category else item.category
        elif key == "status":
            value = _("{key} ({title})").format(key=item.status.value, title=config.label(item.status))
        elif key == "deadline" and item.overdue_on(view.as_of):
            days = item.days_overdue(view.as_of) or 0
            value = ngettext("{deadline}, overdue by {n} day", "{deadline}, overdue by {n} days", days).format(
                deadline=item.deadline, n=days
            )
        elif key in ("department", "tags"):
            value = "、".join(value)
        elif key == "public":
            value = None if value else _("no (left out of the public notice)")
        elif key == "log":
            value = [f"{e.date.isoformat()} {log_text(e, config.labels)}" for e in item.log]
        lines += field_lines(key, value, numbered=key == "measures")
    return printable("\n".join(lines), keep="\n") + "\n"


def field_lines(key: str, value: Any, numbered: bool = False) -> list[str]:
    if value in (None, "", [], {}):
        return []
    from rich.cells import cell_len

    label = field_name(key).said()
    colon = _(":")
    padded = label + colon + " " * max(0, 12 - cell_len(label + colon))
    if isinstance(value, list):
        entries = [" ".join(plain(v) for v in e.values()) if isinstance(e, dict) else plain(e) for e in value]
        return [f"  {label}{colon}", *(f"    {f'{n}.' if numbered else '-'} {e}" for n, e in enumerate(entries, 1))]
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return [f"  {padded} {plain(value)}"]


def plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def item_yaml(view: View) -> str:
    """The item's data as it would be written to its file (without comments)."""
    import yaml

    record = item_record(view.items[0])
    data = {k: v for k, v in record.items() if k not in ("id", "path") and v not in (None, [], {})}
    if data.get("public") is True:
        del data["public"]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def stats_tables(view: View) -> None:
    """Counts for people: by status and by category, each with a bar."""
    from rich.text import Text

    stats, config = view.stats or {}, view.ledger.config

    def bar(part: int, whole: int, width: int = 20) -> str:
        return "█" * round(width * part / whole) if whole else ""

    total = stats["total"]
    by_status = new_table((N_("Status"), "left"), (N_("Items"), "right"), ("", "left"))
    for status in Status:
        n = stats["by_status"][status.value]
        by_status.add_row(Text(printable(config.label(status))), str(n), bar(n, total))
    by_status.add_row("合计", str(total), "")
    lit = sum(stats["by_light"].values())
    by_light = new_table((N_("Light"), "left"), (N_("Items"), "right"), ("", "left"))
    for light in Light:
        n = stats["by_light"][light.value]
        by_light.add_row(Text(light.word, style=LIGHT_STYLES[light.value]), str(n), bar(n, lit))
    by_category = new_table((N_("Category"), "left"), (N_("Items"), "right"), (N_("Done"), "right"),
                            (N_("Overdue"), "right"), (N_("Completion"), "right"), ("", "left"))  # fmt: skip
    for category in stats["by_category"].values():
        done = category["by_status"]["done"]
        title = Text(printable(category["title"]))
        by_category.add_row(title, str(category["total"]), str(done), str(category["overdue"]), category["rate"],
                            bar(done, category["total"], 10))  # fmt: skip
    out = console()
    out.print(by_status)
    out.print()
    out.print(by_light)
    out.print()
    out.print(by_category)
    out.print()
    out.print(
        _("Overdue: {overdue}    Completion (done ÷ total): {rate}").format(
            overdue=stats["overdue"], rate=stats["rate"]
        ),
        markup=False,
    )
