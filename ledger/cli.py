"""The `ledger` command line: parse options, call the core, print."""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import typer

from ledger import __version__
from ledger.errors import LedgerError
from ledger.model import Ledger, Status

app = typer.Typer(
    help="Keep an inspection-rectification ledger (整改台账) as YAML files and render its notice.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# --- Shared options and helpers --------------------------------------------------------


def parse_date(value: str) -> date:
    """An option's YYYY-MM-DD date; anything else is a usage error (exit 2)."""
    if isinstance(value, date):
        return value
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise typer.BadParameter(f"'{value}' is not a date; write YYYY-MM-DD, e.g. 2025-06-30")


RootOption = Annotated[
    Optional[Path],
    typer.Option(
        "--root",
        help="The ledger's folder. Default: $LEDGER_ROOT, else the nearest folder upwards holding ledger.yaml.",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    Optional[date],
    typer.Option(
        "--as-of",
        help="Judge deadlines on this day (YYYY-MM-DD) instead of today.",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        show_default=False,
    ),
]


NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Read every file afresh, without the cache in <root>/.ledger-cache/."),
]


def err(line: str) -> None:
    print(line, file=sys.stderr)


def print_json(data: Any) -> None:
    """Indented JSON; a list is written one element per line (json's C encoder does not indent)."""
    import json

    if isinstance(data, list):
        lines = ",\n".join("  " + json.dumps(e, ensure_ascii=False, default=str) for e in data)
        sys.stdout.write(f"[\n{lines}\n]\n" if data else "[]\n")
    else:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def handles_errors(command: Callable) -> Callable:
    """A LedgerError becomes `Error: …` on stderr and exit code 1, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except LedgerError as e:
            err(f"Error: {e.message}")
            for detail in e.details:
                err(f"  {detail}")
            raise typer.Exit(1) from None

    return wrapper


def open_ledger(root: Optional[Path], no_cache: bool = False) -> Ledger:
    from ledger.load import find_root, load_ledger

    return load_ledger(find_root(root), use_cache=not no_cache)


def report_problems(ledger: Ledger) -> None:
    for problem in ledger.problems:
        err(str(problem))


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of item ids, from the file names in items/ (nothing is parsed)."""
    from ledger.load import find_root, item_files

    try:
        files, _ = item_files(find_root(ctx.params.get("root")))
    except (LedgerError, OSError):
        return []
    return [item_id for item_id, _, _ in files if item_id.startswith(incomplete)]


def complete_categories(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of category keys, from ledger.yaml."""
    from ledger import check
    from ledger.load import CONFIG_NAME, find_root, load_node

    try:
        _, node, _ = load_node(find_root(ctx.params.get("root")) / CONFIG_NAME, CONFIG_NAME)
    except (LedgerError, OSError):
        return []
    config, _ = check.read_config(CONFIG_NAME, node)
    return [c.key for c in config.categories if c.key.startswith(incomplete)]


def write_output(output: Path, data: bytes, done: str) -> None:
    """A report or export written atomically to -o FILE, then one line on stderr."""
    from ledger.edit import replace_file

    try:
        replace_file(output.resolve(), data)
    except OSError as e:
        raise LedgerError(f"cannot write {output}: {e.strerror}") from None
    err(done)


def version_callback(value: bool) -> None:
    if value:
        print(f"ledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", help="Show the version and exit.", is_eager=True, callback=version_callback)
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an internal error.")] = False,
) -> None:
    """Keep an inspection-rectification ledger (整改台账) as YAML files and render its notice."""


# --- Commands -------------------------------------------------------------------------


@app.command()
@handles_errors
def validate(
    fmt: Annotated[
        Literal["text", "json", "github"],
        typer.Option("--format", help="text: one line per problem; json: for scripts; github: workflow annotations."),
    ] = "text",
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Check ledger.yaml and every item file; print each problem with its file, line and column."""
    ledger = open_ledger(root, no_cache)
    errors, warnings = len(ledger.errors), len(ledger.warnings)
    if fmt == "json":
        print_json(
            {
                "ok": not errors and not (strict and warnings),
                "errors": errors,
                "warnings": warnings,
                "items": len(ledger.files),
                "problems": [p.to_dict() for p in ledger.problems],
            }
        )
    elif fmt == "github":
        from ledger.formats import github_annotation

        for problem in ledger.problems:
            print(github_annotation(problem, ledger.root))
    else:
        for problem in ledger.problems:
            print(problem)
    files = len(ledger.files)
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    err(
        f"Checked ledger.yaml and {files} item file{'s' * (files != 1)}: "
        f"{counts if errors or warnings else 'no problems'}."
    )
    if errors or (strict and warnings):
        raise typer.Exit(1)


@app.command("list")
@handles_errors
def list_items(
    overdue: Annotated[bool, typer.Option("--overdue", help="Only items past their deadline.")] = False,
    status: Annotated[
        Optional[list[Status]],
        typer.Option("--status", help="Only items with this status (repeat for several).", show_default=False),
    ] = None,
    category: Annotated[
        Optional[str],
        typer.Option(
            "--category",
            help="Only items of this category key.",
            show_default=False,
            autocompletion=complete_categories,
        ),
    ] = None,
    department: Annotated[
        Optional[str],
        typer.Option("--department", help="Only items this department is responsible for.", show_default=False),
    ] = None,
    due_within: Annotated[
        Optional[int],
        typer.Option(
            "--due-within",
            min=0,
            metavar="DAYS",
            help="Only unfinished items due from the as-of day to DAYS days after it.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    sort: Annotated[
        Literal["notice", "id", "deadline"],
        typer.Option("--sort", help="notice: category order, then id; id; or deadline, soonest first."),
    ] = "notice",
    fmt: Annotated[
        Literal["table", "json", "csv"], typer.Option("--format", help="A table for people, or json / csv.")
    ] = "table",
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List items in a table: id, title, department, deadline, status and days overdue."""
    from ledger.query import item_record, select_items, sort_items

    day = as_of or date.today()
    ledger = open_ledger(root, no_cache)
    if category is not None and ledger.config.categories and ledger.config.category(category) is None:
        keys = ", ".join(c.key for c in ledger.config.categories)
        raise LedgerError(f"no category '{category}' in ledger.yaml; the keys are {keys}")
    items = sort_items(
        select_items(
            ledger.items,
            day,
            overdue=overdue,
            statuses=status,
            category=category,
            department=department,
            due_within=due_within,
        ),
        sort,
    )
    report_problems(ledger)
    if fmt == "json":
        print_json([item_record(i, ledger, day) for i in items])
    elif fmt == "csv":
        from ledger.formats import items_csv

        sys.stdout.write(items_csv(items, ledger, day))
    else:
        from ledger.formats import items_table

        items_table(items, ledger, day)
    if ledger.errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def show(
    item_id: Annotated[
        str,
        typer.Argument(
            metavar="ID", help="The item's id: 8, 08 and 008 are the same item.", autocompletion=complete_ids
        ),
    ],
    fmt: Annotated[
        Literal["text", "yaml", "json"], typer.Option("--format", help="text for people, or yaml / json.")
    ] = "text",
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show one item in full."""
    from ledger.query import find_item, item_record

    day = as_of or date.today()
    ledger = open_ledger(root, no_cache)
    item = find_item(ledger, item_id)
    if fmt == "json":
        print_json(item_record(item, ledger, day))
    elif fmt == "yaml":
        from ledger.formats import item_yaml

        sys.stdout.write(item_yaml(item))
    else:
        from ledger.formats import item_text

        sys.stdout.write(item_text(item, ledger, day))


def today_or(day: Optional[date]) -> date:
    return day or date.today()


DateOption = Annotated[
    Optional[date],
    typer.Option(
        "--date",
        help="The day to record (YYYY-MM-DD). Default: today.",
        parser=parse_date,
        metavar="YYYY-MM-DD",
        show_default=False,
    ),
]


def apply(change, dry_run: bool = False) -> None:
    """Write a planned change, or with --dry-run print its diff and write nothing."""
    from ledger.edit import write

    if dry_run:
        sys.stdout.write(change.diff())
        err(f"Dry run: {change.summary}; nothing written.")
        return
    try:
        write(change)
    except OSError as e:
        raise LedgerError(f"cannot write {change.rel}: {e.strerror}; nothing was written") from None
    err(f"{change.summary[0].upper()}{change.summary[1:]}.")


@app.command()
@handles_errors
def close(
    item_id: Annotated[
        str, typer.Argument(metavar="ID", help="The item to close out (销号).", autocompletion=complete_ids)
    ],
    day: DateOption = None,
    note: Annotated[
        Optional[str], typer.Option("--note", help="A note for the item's log (整改进展).", show_default=False)
    ] = None,
    evidence: Annotated[
        Optional[list[str]],
        typer.Option(
            "--evidence", help="A document proving the work (佐证材料); repeat for several.", show_default=False
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the diff and write nothing.")] = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """销号: mark an item done, closed on DATE, with an optional note and evidence."""
    from ledger.edit import close_item

    ledger = open_ledger(root, no_cache)
    apply(close_item(ledger, item_id, today_or(day), note, tuple(evidence or ())), dry_run)


@app.command()
@handles_errors
def reopen(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="The done item to reopen.", autocompletion=complete_ids)],
    reason: Annotated[str, typer.Option("--reason", help="Why it is reopened (问题反弹…); logged.")],
    day: DateOption = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the diff and write nothing.")] = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Reopen a done item: back to in_progress, its closed date removed, the reason logged."""
    from ledger.edit import reopen_item

    ledger = open_ledger(root, no_cache)
    apply(reopen_item(ledger, item_id, today_or(day), reason), dry_run)


@app.command()
@handles_errors
def new(
    title: Annotated[str, typer.Option("--title", help="The rectification task, as the notice names it.")],
    category: Annotated[
        str, typer.Option("--category", help="A category key from ledger.yaml.", autocompletion=complete_categories)
    ],
    problem: Annotated[
        Optional[str],
        typer.Option("--problem", help="The problem as fed back (not printed in the notice).", show_default=False),
    ] = None,
    measure: Annotated[
        Optional[list[str]],
        typer.Option("--measure", help="A measure (整改措施), without 一是/二是; repeat in order.", show_default=False),
    ] = None,
    deadline: Annotated[
        Optional[date],
        typer.Option(
            "--deadline", help="完成时限 (YYYY-MM-DD).", parser=parse_date, metavar="YYYY-MM-DD", show_default=False
        ),
    ] = None,
    department: Annotated[
        Optional[list[str]],
        typer.Option("--department", help="责任部门; repeat for several, the lead first.", show_default=False),
    ] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", help="责任领导.", show_default=False)] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", help="责任人.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the new file and write nothing.")] = False,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Add an item under the next id with status open; print its path."""
    from ledger.edit import new_item

    ledger = open_ledger(root, no_cache)
    change = new_item(
        ledger,
        title,
        category,
        problem=problem,
        measures=tuple(measure or ()),
        deadline=deadline,
        departments=tuple(department or ()),
        leader=leader,
        owner=owner,
    )
    apply(change, dry_run)
    if not dry_run:
        print(change.rel)
    if not measure:
        err(f"{change.rel}: warning[no-measures]: measures: none yet (fine while the item is open)")


@app.command()
@handles_errors
def init(
    folder: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where to start the ledger.")] = Path("."),
) -> None:
    """Start a ledger: a commented ledger.yaml and items/ with one example item; never overwrites."""
    from ledger.edit import init_ledger

    for path in init_ledger(folder):
        err(f"Created {path}")


@app.command()
@handles_errors
def report(
    template: Annotated[
        str,
        typer.Option("--template", help="A template in <root>/templates/ or a default: notice.md.j2, ledger.md.j2."),
    ] = "notice.md.j2",
    as_of: AsOfOption = None,
    output: Annotated[
        Optional[Path],
        typer.Option("-o", "--output", help="Write to this file (atomically) instead of stdout.", show_default=False),
    ] = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Render a template (default: the public notice, notice.md.j2); refused while the ledger has errors."""
    from ledger.report import render

    ledger = open_ledger(root, no_cache)
    if ledger.errors:
        report_problems(ledger)
    text = render(ledger, template, as_of or date.today())
    if output is None:
        sys.stdout.write(text)
    else:
        write_output(output, text.encode("utf-8"), f"Wrote {output}")


@app.command()
@handles_errors
def stats(
    as_of: AsOfOption = None,
    fmt: Annotated[Literal["table", "json"], typer.Option("--format", help="Tables for people, or json.")] = "table",
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Totals by status and by category, overdue items and the completion rate (done ÷ total)."""
    from ledger.query import statistics, without_text_rate

    ledger = open_ledger(root, no_cache)
    report_problems(ledger)
    data = statistics(ledger, as_of or date.today())
    if fmt == "json":
        print_json(without_text_rate(data))
    else:
        from ledger.formats import stats_tables

        stats_tables(data, ledger)
    if ledger.errors:
        raise typer.Exit(1)


@app.command()
@handles_errors
def export(
    fmt: Annotated[
        Literal["csv", "xlsx", "json"],
        typer.Option("--format", help="csv (UTF-8 with BOM, for Excel and WPS), xlsx (needs openpyxl) or json."),
    ] = "csv",
    output: Annotated[
        Optional[Path],
        typer.Option(
            "-o", "--output", help="The file to write (required for xlsx). Default: stdout.", show_default=False
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    as_of: AsOfOption = None,
    root: RootOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Export the 台账 with the columns offices use: 序号, 整改任务, 反馈问题, 整改措施, … 整改进展."""
    from ledger.export import export as export_ledger

    if fmt == "xlsx" and output is None:
        raise typer.BadParameter("xlsx is a binary file: give -o FILE", param_hint="'--format'")
    if output is not None and output.exists() and not force:
        raise LedgerError(f"{output} exists; give --force to replace it")
    ledger = open_ledger(root, no_cache)
    report_problems(ledger)
    data = export_ledger(ledger, fmt, as_of or date.today())
    if output is None:
        sys.stdout.flush()
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.buffer.write(data)  # bytes as they are: the BOM, CRLF
            sys.stdout.buffer.flush()
        else:  # a text-only stream, as under some test runners
            sys.stdout.write(data.decode("utf-8"))
    else:
        write_output(output, data, f"Wrote {output} ({len(ledger.items)} items)")


def main(prog_name: str = "ledger") -> None:
    """The console entry point: an unexpected failure is one line, its traceback only with --debug."""
    try:
        app(prog_name=prog_name)
    except Exception as e:  # anything that is not a LedgerError is our bug, not the user's
        if "--debug" in sys.argv[1:]:  # read directly: the failure may come before options are parsed
            raise
        err(f"ledger: internal error: {type(e).__name__}: {e}")
        err("Please report this with the command you ran; run it again with --debug for the details.")
        sys.exit(1)
