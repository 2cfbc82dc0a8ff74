"""Output for people: tables, an item in full, problems; and the annotations GitHub Actions reads."""

from __future__ import annotations

import json
import os
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from ledger.core.check import Verdict
from ledger.core.i18n import N_, _, ngettext
from ledger.core.model import Light, Status, item_record
from ledger.core.schema import field_name, placed
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
    """The items for people: rich's table on a terminal, the same columns as plain aligned text elsewhere;
    narrower than the table (a terminal, or COLUMNS), the title wraps rather than vanish (`narrow_list`)."""
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
        values = (item.id, item.title, "、".join(item.department), deadline, status, light.word if light else "",
                  "" if days is None else str(days))  # fmt: skip
        rows.append([printable(value) for value in values])
    terminal = sys.stdout.isatty()
    width = list_width(terminal)
    narrow = width is not None and natural_width(LIST_COLUMNS, rows) > width
    if not terminal or len(rows) > RICH_ROWS:
        return "".join(line.rstrip() + "\n" for line, _spans in narrow_list(rows, lights, width)) if narrow and \
            width else plain_table(LIST_COLUMNS, rows)  # fmt: skip
    from rich.text import Text

    if narrow and width:
        out = console()
        for line, spans in narrow_list(rows, lights, width):
            text = Text(line.rstrip())
            for start, end, style in spans:
                text.stylize(style, start, end)
            out.print(text, soft_wrap=True)
        return None
    table = new_table(*LIST_COLUMNS)
    for row, shade in zip(rows, lights, strict=True):  # as Text: a title like "[red]…" is not rich's markup
        cells = [Text(cell) for cell in row]
        if shade:
            cells[LIGHT_AT] = Text("● " + row[LIGHT_AT], style=LIGHT_STYLES[shade])
        table.add_row(*cells, style="red" if row[-1] else None)
    console().print(table)
    return None


def list_width(terminal: bool) -> int | None:
    """How wide the list may be: the terminal's width, or COLUMNS when it is set; None (any width) into a pipe."""
    if terminal:
        import shutil

        return shutil.get_terminal_size((100, 24)).columns  # COLUMNS first, then the terminal itself
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        return None
    return columns if columns > 0 else None


def natural_width(columns: tuple[tuple[str, str], ...], rows: list[list[str]]) -> int:
    """The width of the table with no cell wrapped: each column as wide as its widest cell, two spaces apart."""
    from rich.cells import cell_len

    header = [_(name) for name, _justify in columns]
    return sum(max(cell_len(row[n]) for row in (header, *rows)) for n in range(len(columns))) + 2 * (len(columns) - 1)


MIN_TITLE = 12  # cells (six Chinese characters): narrower than that, each item takes a block of lines instead
MIN_DEPARTMENT = 8
MIN_HEADER = 4  # cells a column's name may wrap to (完成/时限), or its longest word (Days/late)
TITLE_AT, DEPARTMENT_AT = 1, 2
Span = tuple[int, int, str]  # a line's characters from, to, and their style (on a terminal)


def narrow_list(rows: list[list[str]], lights: list[str | None], width: int) -> list[tuple[str, list[Span]]]:
    """The list in `width` cells: the columns no item fills left out, the title (and the departments) wrapped
    in their columns while the others keep their width, their names wrapped if need be; narrower still, each
    item as a block — its id and title wrapped, then its status, light, deadline, departments and days late —
    so the title (整改任务) is never left out."""
    from rich.cells import cell_len

    header = [_(name) for name, _justify in LIST_COLUMNS]
    kept = [n for n in range(len(LIST_COLUMNS)) if n <= TITLE_AT or any(row[n] for row in rows)]
    widths = {n: max(cell_len(row[n]) for row in rows) for n in kept}
    for n in kept:
        words = [cell_len(word) for word in header[n].split()] if header[n].isascii() else [MIN_HEADER]
        widths[n] = max(widths[n], min(cell_len(header[n]), max(MIN_HEADER, *words)))
    widths[TITLE_AT] = max(widths[TITLE_AT], cell_len(header[TITLE_AT]))
    shrinking = [n for n in (TITLE_AT, DEPARTMENT_AT) if n in kept]
    room = width - sum(w for n, w in widths.items() if n not in shrinking) - 2 * (len(kept) - 1)
    department = min(widths.get(DEPARTMENT_AT, 0), MIN_DEPARTMENT)
    if room < MIN_TITLE + department:
        return blocks(header, rows, lights, width)
    if DEPARTMENT_AT in kept:
        department = min(widths[DEPARTMENT_AT], max(MIN_DEPARTMENT, room // 3))
        title = min(widths[TITLE_AT], room - department)
        widths[DEPARTMENT_AT] = min(widths[DEPARTMENT_AT], room - title)
        widths[TITLE_AT] = title
    else:
        widths[TITLE_AT] = min(widths[TITLE_AT], room)
    return wrapped_table(header, rows, lights, kept, [widths[n] for n in kept])


def wrapped_table(header: list[str], rows: list[list[str]], lights: list[str | None], kept: list[int],
                  widths: list[int]) -> list[tuple[str, list[Span]]]:  # fmt: skip
    """The `kept` columns of a table, each cell wrapped within its width (departments between names), a row over
    as many lines as its tallest cell; an overdue row (its light red) in red, as the wide table shows it."""
    from rich.cells import cell_len

    justify = [LIST_COLUMNS[n][1] for n in kept]
    breaks = [("、",) if n == DEPARTMENT_AT else (" ",) for n in kept]
    light_at = kept.index(LIGHT_AT) if LIGHT_AT in kept else None
    lines: list[tuple[str, list[Span]]] = []
    for n, full in enumerate([header, *rows]):
        row = [full[m] for m in kept]
        cells = [wrap(cell, w, b) for cell, w, b in zip(row, widths, breaks, strict=True)]
        shade = lights[n - 1] if n else None
        late = shade == "red"
        for k in range(max(len(c) for c in cells)):
            parts, spans, at = [], [], 0
            for m, (cell, w) in enumerate(zip(cells, widths, strict=True)):
                text = cell[k] if k < len(cell) else ""
                pad = " " * max(0, w - cell_len(text))
                part = pad + text if justify[m] == "right" else text + pad
                if m == light_at and shade and text:
                    spans.append((at, at + len(text), LIGHT_STYLES[shade]))
                parts.append(part)
                at += len(part) + 2
            line = "  ".join(parts).rstrip()
            if n == 0:
                spans = [(0, len(line), "bold")]
            elif late:
                spans.insert(0, (0, len(line), "red"))
            lines.append((line, spans))
    return lines


def blocks(header: list[str], rows: list[list[str]], lights: list[str | None],
           width: int) -> list[tuple[str, list[Span]]]:  # fmt: skip
    """Each item as a block of lines: `id  title` (wrapped under the title), then what the other columns say."""
    from rich.cells import cell_len

    indent = max(cell_len(cell) for cell in [header[0], *(row[0] for row in rows)]) + 2
    room = max(2, width - indent)
    first = header[0] + " " * (indent - cell_len(header[0]))
    lines: list[tuple[str, list[Span]]] = []
    title_lines = wrap(header[TITLE_AT], room)
    lines += [((first if k == 0 else " " * indent) + part, [(0, indent + len(part), "bold")])
              for k, part in enumerate(title_lines)]  # fmt: skip
    for row, shade in zip(rows, lights, strict=True):
        item_id, title, departments, deadline, status, light, days = row
        said = [status, light, deadline, departments, _("{n} days late").format(n=days) if days else ""]
        details = wrap("  ".join(part for part in said if part), room, ("  ", "、"))
        title_of = wrap(title, room)
        style = "red" if days else None
        for k, part in enumerate(title_of + details):
            head = item_id + " " * (indent - cell_len(item_id)) if k == 0 else " " * indent
            line = head + part
            spans: list[Span] = [(0, len(line), style)] if style else []
            if shade and light and k >= len(title_of) and light in part.split("  "):
                at = len(head) + f"  {part}  ".index(f"  {light}  ")
                spans.append((at, at + len(light), LIGHT_STYLES[shade]))
            lines.append((line, spans))
    return lines


NO_LINE_START = "，。；：、！？）》〉】」』〕”’"  # closing punctuation (GB/T 15834): never the first of a line


def wrap(text: str, width: int, breaks: tuple[str, ...] = (" ",)) -> list[str]:
    """Text in lines of at most `width` terminal cells (a character wider than that alone on its line).

    A line ends after the last of `breaks` in it when there is one — a space, so that a Latin word stays
    whole; 、 between departments; the two spaces between the parts of a line — else between any two
    characters, as Chinese is broken."""
    from rich.cells import cell_len

    lines: list[str] = []
    line, used = "", 0
    for char in text:
        size = cell_len(char)
        if used + size > width and line:
            cut = max((line.rfind(b) + len(b) for b in breaks if b in line), default=0)
            if breaks == (" ",) and not (char.isascii() and char != " " and line[-1].isascii()):
                cut = 0  # Chinese: no need to move a word to the next line
                if char in NO_LINE_START and len(line) > 1:  # ）and ，never begin a line: what is before goes along
                    word = re.search(r"[!-~]+$", line)  # a Latin word (git:) whole, else the last character
                    cut = (word.start() if word else len(line) - 1) or len(line) - 1
            lines.append(line[:cut].rstrip() if cut > 0 else line.rstrip())
            line = line[cut:].lstrip() if cut > 0 else ""
            used = cell_len(line)
            if not line and char == " ":
                continue
        line += char
        used += size
    lines.append(line.rstrip())
    return lines


def plain_table(columns: tuple[tuple[str, str], ...], rows: list[list[str]], width: int | None = None) -> str:
    """Columns two spaces apart, as rich lays out a table without borders; widths in terminal cells.

    With `width` (the terminal's, as `list` fits it), the last column — the free text — is wrapped within what
    the others leave, its lines under its start; a Latin word stays whole."""
    from rich.cells import cell_len

    table = [[_(name) for name, _justify in columns], *rows]
    widths = [max(cell_len(row[n]) for row in table) for n in range(len(columns))]
    start = sum(widths[:-1]) + 2 * (len(columns) - 1)
    room = width - start if width is not None and start + widths[-1] > width else None
    if columns[-1][1] == "right":
        room = None  # a number: never wrapped
    lines = []
    for row in table:
        last = wrap(row[-1], max(room, 10)) if room is not None else [row[-1]]
        cells = []
        for text, size, (_name, justify) in zip([*row[:-1], last[0]], widths, columns, strict=True):
            pad = " " * (size - cell_len(text))
            cells.append(pad + text if justify == "right" else text + pad)
        lines.append(printable("  ".join(cells).rstrip()) + "\n")
        lines += [printable(" " * start + more).rstrip() + "\n" for more in last[1:]]
    return "".join(lines)


def terminal_width() -> int | None:
    """The width a table for people is fitted to: the terminal's, or COLUMNS; None into a pipe without COLUMNS."""
    import sys

    return list_width(sys.stdout.isatty())


def codes_table(table: list[dict[str, Any]]) -> str:
    """The problem codes: code, severity and meaning, aligned."""
    from ledger.core.i18n import _

    columns = ((_("Code"), "left"), (_("Severity"), "left"), (_("Meaning"), "left"))
    return plain_table(columns, [[c["code"], _(c["severity"]), c["meaning"]] for c in table], terminal_width())


# Shown first, in this order; every other field of the record follows in the order of the format.
# The order `show` gives the fields; a field not named here is shown beside its neighbour in the schema.
SHOWN = ("category", "status", "deadline", "closed", "leader", "department", "owner", "problem", "measures",
         "outcome", "evidence", "log", "tags", "public", "extra")  # fmt: skip
NOT_SHOWN = ("id", "path", "title")


def item_text(view: View) -> str:
    """One item for people: a label per field, lists one entry a line; absent fields left out."""
    item, config = view.items[0], view.ledger.config
    record = item_record(item)
    lines = [*hanging(f"{item.id} ", item.title, terminal_width()), *field_lines("file", str(item.path))]
    order = placed(SHOWN, [k for k in record if k not in NOT_SHOWN])
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
    width = terminal_width()
    if isinstance(value, list):
        entries = [" ".join(plain(v) for v in e.values()) if isinstance(e, dict) else plain(e) for e in value]
        lines = [f"  {label}{colon}"]
        for n, entry in enumerate(entries, 1):
            mark = f"{n}." if numbered else "-"
            lines += hanging(f"    {mark} ", entry, width)
        return lines
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return hanging(f"  {padded} ", plain(value), width)


def hanging(head: str, text: str, width: int | None) -> list[str]:
    """`head` then `text`, wrapped within `width` with its further lines under the text's start (as `list`
    fits the terminal); one line when there is no width to fit."""
    from rich.cells import cell_len

    indent = cell_len(head)
    if width is None or indent + cell_len(text) <= width or width - indent < 10:
        return [head + text]
    parts = [line for paragraph in text.split("\n") for line in wrap(paragraph, width - indent)]
    return [head + parts[0], *(" " * indent + part for part in parts[1:])]


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
