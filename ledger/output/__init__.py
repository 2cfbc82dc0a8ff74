"""Every output of every command: one registry maps (command, format) to its writer, imported when used.

A writer takes the data its command built and returns the bytes or text to write, or
prints for people itself (rich) and returns None. A new format is one writer and one row here.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from importlib import import_module
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError
from ledger.core.i18n import N_, Later, _
from ledger.core.model import Item, Ledger, Light, Record

# 红黄绿灯 (SPEC 3.9) as a fill and a text colour each, for every writer that colours them (the xlsx 台账's
# rows, the HTML 台账's light cells): Excel's light red, light yellow and a light green, with dark text.
LIGHT_LOOKS: dict[Light, tuple[str, str]] = {
    Light.RED: ("#FFC7CE", "#9C0006"),
    Light.YELLOW: ("#FFEB9C", "#9C5700"),
    Light.GREEN: ("#E2EFDA", "#375623"),
}

# command -> format -> ("module:function" under ledger.output, what the format is, for --help)
FORMATS: dict[str, dict[str, tuple[str, str]]] = {
    "validate": {
        "text": ("text:problem_lines", N_("one line per problem")),
        "json": ("jsonfmt:validation", N_("for scripts")),
        "github": ("text:github_annotations", N_("GitHub Actions annotations")),
    },
    "list": {
        "table": ("text:items_table", N_("a table for people")),
        "json": ("jsonfmt:items", N_("every field of each item")),
        "csv": ("sheet:csv_bytes", N_("the 台账 columns, as export")),
    },
    "show": {
        "text": ("text:item_text", N_("for people")),
        "yaml": ("text:item_yaml", N_("the item's data as YAML")),
        "json": ("jsonfmt:item", N_("every field")),
    },
    "stats": {
        "table": ("text:stats_tables", N_("tables for people")),
        "json": ("jsonfmt:stats", N_("for scripts")),
    },
    "changes": {
        "text": ("history:changes_text", N_("for people")),
        "json": ("jsonfmt:changes", N_("for scripts")),
        "md": ("history:changes_markdown", N_("a paragraph in the genre, for a cover report")),
    },
    "history": {
        "text": ("history:history_text", N_("for people")),
        "json": ("jsonfmt:history", N_("for scripts")),
    },
    "rollup": {
        "table": ("rollup:table", N_("a table for people")),
        "json": ("rollup:json_text", N_("for scripts")),
        "csv": ("rollup:csv_bytes", N_("UTF-8 with BOM, for Excel and WPS")),
        "xlsx": ("rollup:workbook", N_("a summary sheet and each unit's 台账 (needs XlsxWriter); needs -o")),
        "md": ("rollup:markdown", N_("the round's notice, from round.md.j2")),
        "docx": ("docx:document", N_("that notice in Word (needs python-docx); needs -o")),
        "html": ("html:page", N_("that notice as a web page")),
    },
    "report": {
        "md": ("notice:markdown", N_("Markdown, as the template renders it")),
        "docx": ("docx:document", N_("Word, in the GB/T 9704-2012 layout (needs python-docx); needs -o")),
        "html": ("html:page", N_("a web page of its own, or with --fragment the article to paste into a site")),
        "pdf": ("pdf:report_pdf", N_("the Word file as PDF, converted by LibreOffice (soffice); needs -o")),
    },
    "codes": {
        "text": ("text:codes_table", N_("one line per code: its severity and meaning")),
        "json": ("jsonfmt:codes", N_("every code with its severity, meaning and messages (as written, in English)")),
    },
    "remind": {
        "docx": ("docx:document", N_("Word, in the GB/T 9704-2012 layout of the notice (needs python-docx)")),
        "md": ("notice:markdown", N_("Markdown, short enough to paste into a work chat")),
    },
    "export": {
        "csv": ("sheet:csv_bytes", N_("UTF-8 with BOM, for Excel and WPS")),
        "xlsx": ("xlsx:workbook", N_("an Excel workbook (needs XlsxWriter); needs -o")),
        "json": ("jsonfmt:export", N_("the ledger, its items and statistics")),
        "ics": (
            "ics:calendar",
            N_("the deadlines as iCalendar, for Outlook, WPS and phone calendars (needs icalendar)"),
        ),
        "pdf": ("pdf:export_pdf", N_("the workbook as printed, converted by LibreOffice (soffice); needs -o")),
    },
}
BINARY = {"xlsx", "docx", "pdf"}  # formats that cannot go to a terminal


class View(Record):
    """What a reading command shows: the ledger, the items it selected, the day deadlines are judged on."""

    __slots__ = ("ledger", "items", "as_of", "stats")
    ledger: Ledger
    items: list[Item]
    as_of: date
    stats: dict[str, Any] | None

    def __init__(self, ledger: Ledger, items: list[Item], as_of: date, stats: dict[str, Any] | None = None) -> None:
        self.ledger, self.items, self.as_of, self.stats = ledger, items, as_of, stats


CONTROL = "[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"  # and bidi overrides


def printable(text: str, keep: str = "") -> str:
    """Text for a terminal: control characters (escape sequences, bells, line breaks not in `keep`)
    shown as \\x1b and the like, so that nothing from a file can move the cursor or retitle a window."""
    if text.isprintable():  # none of those is (compiling the pattern costs a start-up a quarter millisecond)
        return text
    return re.sub(CONTROL, lambda m: m.group() if m.group() in keep else f"\\u{ord(m.group()):04x}"
                       if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}", text)  # fmt: skip


def missing_extra(fmt: str, package: str) -> LedgerError:
    """A format whose optional package is not installed: how to install it where `ledger` runs."""
    python = sys.executable if " " not in sys.executable else f'"{sys.executable}"'
    return LedgerError(
        _(
            "the {format} format needs {package}, installed into the Python that runs ledger: {python} -m pip install "
            "{package} (installed with pipx: pipx inject zhenggai-ledger {package})"
        ).format(format=fmt, package=package, python=python)
    )


def on_terminal() -> bool:
    return sys.stdout.isatty()


def choices(command: str) -> tuple[str, ...]:
    return tuple(FORMATS[command])


def describe(command: str, more: str = "") -> str:
    """The --format help of a command, from the registry (said in the language of the run where it is shown)."""

    def say() -> str:
        parts = [
            _("{format}: {what}").format(format=name, what=_(what)) for name, (_where, what) in FORMATS[command].items()
        ]
        return _("; ").join(parts) + _(".") + (" " + _(more) if more else "")

    return Later(say)


def writer(command: str, fmt: str) -> Any:
    module, function = FORMATS[command][fmt][0].split(":")
    return getattr(import_module(f"ledger.output.{module}"), function)


def emit(command: str, fmt: str, data: Any, output: Path | None = None, root: Path | None = None) -> None:
    """Render `data` in `fmt` to stdout, or atomically to `output` (never one of the files of `root`)."""
    result = writer(command, fmt)(data)
    if result is None:
        return
    if not isinstance(result, (str, bytes)):  # pieces of text, written as they come
        if output is not None:
            result = "".join(result)
        else:
            terminal, batch, size = on_terminal(), [], 0
            for piece in result:
                batch.append(printable(piece, keep="\n\t") if terminal else piece)
                size += len(piece)
                if size > 1 << 16:
                    write_out("".join(batch))
                    batch, size = [], 0
            write_out("".join(batch))
            return
    if output is not None:
        from ledger.core.files import write_output

        write_output(output, result.encode("utf-8") if isinstance(result, str) else result, root)
        return
    if isinstance(result, str) and on_terminal():  # what a template wrote: no escape reaches a terminal
        result = printable(result, keep="\n\t")
    write_out(result)


def write_out(result: str | bytes) -> None:
    payload = result.encode("utf-8") if isinstance(result, str) else result
    sys.stdout.flush()
    if hasattr(sys.stdout, "buffer"):
        sys.stdout.buffer.write(payload)  # bytes as they are: a BOM, CRLF
        sys.stdout.buffer.flush()
    else:  # a text-only stream, as under some test runners
        sys.stdout.write(payload.decode("utf-8"))
