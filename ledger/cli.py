"""The `ledger` command line: each command parses its options, calls the core and hands the result to output."""

import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from ledger import output
from ledger.errors import LedgerError
from ledger.options import (
    Day,
    DryRun,
    Force,
    ItemId,
    Output,
    Root,
    Session,
    State,
    app,
    command,
    complete_categories,
    date_option,
    err,
    pick_format,
    refuse_overwrite,
    report_problems,
    status_option,
)


@command(formats=True, cache=True)
def validate(
    session: Session,
    strict: Annotated[bool, typer.Option("--strict", help="Fail (exit 1) on warnings too.")] = False,
    against: Annotated[
        Optional[str],
        typer.Option(
            "--against",
            metavar="REV",
            show_default=False,
            help="Also check the history since git commit REV: nothing removed, 销号 dates kept, logs append-only.",
        ),
    ] = None,
) -> None:
    """Check ledger.yaml and every item file; print each problem with its file, line and column."""
    from ledger.check import Verdict

    ledger = session.ledger()
    problems = list(ledger.problems)
    if against is not None:
        from ledger.check import history_problems
        from ledger.history import ledger_at

        problems += history_problems(ledger_at(ledger.root, against).ledger, ledger, against)
    verdict = Verdict(problems, len(ledger.files), strict, ledger.root)
    output.emit("validate", session.fmt, verdict)
    err(verdict.summary())
    if not verdict.ok:
        raise typer.Exit(1)


Overdue = Annotated[bool, typer.Option("--overdue", help="Only items past their deadline.")]
Statuses = Annotated[
    Optional[list[str]],  # each parsed to a Status by status_option (typer would re-convert an Enum type)
    typer.Option(
        "--status",
        parser=status_option,
        metavar="STATUS",
        help="Only items with this status, by code or label (done, 已完成); repeat for several.",
        show_default=False,
    ),
]
Category = Annotated[
    Optional[str],
    typer.Option(
        "--category", help="Only items of this category key.", show_default=False, autocompletion=complete_categories
    ),
]
Department = Annotated[
    Optional[str],
    typer.Option("--department", help="Only items this department is responsible for.", show_default=False),
]
DueWithin = Annotated[
    Optional[int],
    typer.Option(
        "--due-within",
        min=0,
        max=100_000,
        metavar="DAYS",
        help="Only unfinished items due from the as-of day to DAYS days after it.",
        show_default=False,
    ),
]


def selected(session: Session, overdue, statuses, category, department, due_within, sort="notice"):
    """The loaded ledger and the items the list filters keep, problems reported on stderr."""
    from ledger.check import unknown_category
    from ledger.query import Filters, select_items, sort_items

    ledger = session.ledger()
    if category is not None:
        message = unknown_category(category, ledger.config)
        if message:
            raise LedgerError(f"--category: {message}")
    known = sorted({d for item in ledger.items for d in item.department})
    if department is not None and department not in known:
        listed = f"the departments named are {', '.join(known)}" if known else "no item names a department"
        raise LedgerError(f"--department: no item names '{department}'; {listed}")
    filters = Filters(overdue, tuple(statuses or ()), category, department, due_within)
    items = sort_items(select_items(ledger.items, session.as_of, filters), sort)
    report_problems(ledger)
    return ledger, items


@command("list", formats=True, as_of=True, cache=True)
def list_items(
    session: Session,
    overdue: Overdue = False,
    status: Statuses = None,
    category: Category = None,
    department: Department = None,
    due_within: DueWithin = None,
    sort: Annotated[
        Literal["notice", "id", "deadline"],
        typer.Option("--sort", help="notice: category order, then id; id; or deadline, soonest first."),
    ] = "notice",
) -> None:
    """List items in a table: id, title, department, deadline, status and days overdue."""
    ledger, items = selected(session, overdue, status, category, department, due_within, sort)
    output.emit("list", session.fmt, output.View(ledger, items, session.as_of))
    if ledger.errors:
        raise typer.Exit(1)


@command(formats=True, as_of=True, cache=True)
def show(session: Session, item_id: ItemId) -> None:
    """Show one item in full."""
    from ledger.query import find_item

    ledger = session.ledger()
    output.emit("show", session.fmt, output.View(ledger, [find_item(ledger, item_id)], session.as_of))


def shown_path(path: Path) -> str:
    """A path as the user sees it: from the current folder when it is below it."""
    try:
        return path.relative_to(Path.cwd().absolute()).as_posix()
    except ValueError:
        return str(path)


def finish(change, dry_run: bool) -> None:
    """After an edit: with --dry-run its diff on stdout; a line on stderr saying what was (or would be) done."""
    if dry_run:
        sys.stdout.write(change.diff())
        err(f"Dry run: {change.summary}; nothing written.")
    else:
        err(f"{change.summary[0].upper()}{change.summary[1:]}.")


def warn_if_future(day: date | None) -> None:
    """An edit dated after today is allowed (written ahead of the day) but most often a typing slip."""
    from ledger.dates import today

    if day is not None and day > today():
        err(f"warning: --date {day.isoformat()} is in the future (today is {today().isoformat()})")


@command()
def close(
    session: Session,
    item_id: ItemId,
    day: Day = None,
    note: Annotated[
        Optional[str], typer.Option("--note", help="A note for the item's log (整改进展).", show_default=False)
    ] = None,
    evidence: Annotated[
        Optional[list[str]],
        typer.Option(
            "--evidence", help="A document proving the work (佐证材料); repeat for several.", show_default=False
        ),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """销号: mark an item done, closed on DATE, with an optional note and evidence."""
    from ledger import edit

    warn_if_future(day)
    finish(edit.close(session.root(), item_id, day, note, tuple(evidence or ()), dry_run), dry_run)


@command()
def reopen(
    session: Session,
    item_id: ItemId,
    reason: Annotated[str, typer.Option("--reason", help="Why it is reopened (问题反弹…); logged.")],
    day: Day = None,
    dry_run: DryRun = False,
) -> None:
    """Reopen a done item: back to in_progress, its closed date removed, the reason logged."""
    from ledger import edit

    warn_if_future(day)
    finish(edit.reopen(session.root(), item_id, day, reason, dry_run), dry_run)


@command()
def note(
    session: Session,
    item_id: ItemId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The progress to record (整改进展).")],
    day: Day = None,
    dry_run: DryRun = False,
) -> None:
    """Append a progress note to an item's log: the most frequent edit between two notices."""
    from ledger import edit

    warn_if_future(day)
    finish(edit.note(session.root(), item_id, day, text, dry_run), dry_run)


@command("set")
def set_fields(
    session: Session,
    item_id: ItemId,
    status: Annotated[
        Optional[str],
        typer.Option(
            "--status",
            parser=status_option,
            metavar="STATUS",
            help="The new status, by code or label (in_progress, 正在推进); logged. Closing is `close`.",
            show_default=False,
        ),
    ] = None,
    deadline: Annotated[
        Optional[date], date_option("--deadline", "The new 完成时限; moving one that was set needs --reason.")
    ] = None,
    reason: Annotated[
        Optional[str], typer.Option("--reason", help="Why the deadline moves (延期的原因); logged.", show_default=False)
    ] = None,
    outcome: Annotated[
        Optional[str], typer.Option("--outcome", help="整改成效: the sentence after the measures.", show_default=False)
    ] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", help="责任领导.", show_default=False)] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", help="责任人.", show_default=False)] = None,
    department: Annotated[
        Optional[list[str]],
        typer.Option(
            "--department", help="责任部门, replacing the old; repeat for several, the lead first.", show_default=False
        ),
    ] = None,
    add_measure: Annotated[
        Optional[list[str]],
        typer.Option("--add-measure", help="A measure to add after the others; repeat in order.", show_default=False),
    ] = None,
    day: Day = None,
    dry_run: DryRun = False,
) -> None:
    """Change an item's fields, each change with the guarantees of close; status and deadline changes are logged."""
    from ledger import edit

    if reason is not None and deadline is None:
        raise typer.BadParameter(
            "--reason is the reason a deadline moves: give --deadline too", param_hint="'--reason'"
        )
    changes = {"status": status, "deadline": deadline, "outcome": outcome, "leader": leader, "owner": owner,
               "department": department, "measures": add_measure}  # fmt: skip
    if all(v is None for v in changes.values()):
        usage_error = typer.BadParameter.__mro__[1]  # click's UsageError, wherever typer keeps click
        raise usage_error(
            "nothing to change: give --status, --deadline, --outcome, --leader, --owner, --department or --add-measure"
        )
    warn_if_future(day)
    finish(edit.set_fields(session.root(), item_id, day, changes, reason, dry_run), dry_run)


@command()
def new(
    session: Session,
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
    deadline: Annotated[Optional[date], date_option("--deadline", "完成时限.")] = None,
    department: Annotated[
        Optional[list[str]],
        typer.Option("--department", help="责任部门; repeat for several, the lead first.", show_default=False),
    ] = None,
    leader: Annotated[Optional[str], typer.Option("--leader", help="责任领导.", show_default=False)] = None,
    owner: Annotated[Optional[str], typer.Option("--owner", help="责任人.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the new file and write nothing.")] = False,
) -> None:
    """Add an item under the next id with status open; print its path."""
    from ledger.check import NO_MEASURES_YET
    from ledger.edit import new_item

    fields = {"title": title, "category": category, "problem": problem, "measures": measure, "deadline": deadline,
              "department": department, "leader": leader, "owner": owner}  # fmt: skip
    change = new_item(session.root(), fields, dry_run)
    finish(change, dry_run)
    if not dry_run:
        print(change.path)
    if not measure:
        err(f"{change.path}: warning[no-measures]: {NO_MEASURES_YET}")


@command()
def init(
    session: Session,
    folder: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where to start the ledger.")] = Path("."),
) -> None:
    """Start a ledger: a commented ledger.yaml and items/ with one example item; never overwrites."""
    from ledger.dates import today
    from ledger.edit import init_ledger

    for path in init_ledger(folder, today()):
        err(f"Created {shown_path(path)}")


@command(as_of=True, cache=True)
def report(
    session: Session,
    template: Annotated[
        str,
        typer.Option("--template", help="A template in <root>/templates/ or a default: notice.md.j2, ledger.md.j2."),
    ] = "notice.md.j2",
    to: Annotated[
        Optional[str],
        typer.Option("--to", help=output.describe("report") + " Default: FILE's suffix, else md.", show_default=False),
    ] = None,
    fragment: Annotated[
        bool, typer.Option("--fragment", help="With --to html: only the article, styled inline, to paste into a site.")
    ] = False,
    at: Annotated[
        Optional[str],
        typer.Option(
            "--at",
            metavar="REV",
            help="The ledger as it was at this git commit (the work tree untouched).",
            show_default=False,
        ),
    ] = None,
    output_file: Output = None,
    force: Force = False,
) -> None:
    """Render a template (default: the notice) as Markdown, Word or a web page; refused while the ledger has errors."""
    from ledger.output.notice import Report

    if to is not None and to not in output.choices("report"):
        raise typer.BadParameter(f"'{to}' is not one of {', '.join(output.choices('report'))}", param_hint="'--to'")
    fmt = pick_format("report", to, output_file, "--to")
    if fragment and fmt != "html":
        raise typer.BadParameter("--fragment is for --to html", param_hint="'--fragment'")
    refuse_overwrite(output_file, force)
    if at is not None:
        from ledger.history import ledger_at

        ledger = ledger_at(session.root(), at).ledger
    else:
        ledger = session.ledger()
    if ledger.errors:
        report_problems(ledger)
    output.emit("report", fmt, Report(ledger, session.as_of, template, fragment), output_file, ledger.root)
    if output_file is not None:
        err(f"Wrote {output_file}")
    published = (ledger.config.data.get("publication") or {}).get("date")
    if not session.dated and published and published != session.as_of:
        err(f"Note: counted as of {session.as_of} (today), while ledger.yaml dates the notice {published}; "
            f"give --as-of {published} to count as of its date.")  # fmt: skip


@command(formats=True, as_of=True, cache=True)
def stats(session: Session) -> None:
    """Totals by status and by category, overdue items and the completion rate (done ÷ total)."""
    from ledger.stats import statistics

    ledger = session.ledger()
    report_problems(ledger)
    data = statistics(ledger, session.as_of)
    output.emit("stats", session.fmt, output.View(ledger, ledger.items, session.as_of, data))
    uncounted = len({p.path for p in ledger.errors if p.path.startswith("items/")})
    if uncounted:
        plural = "s are" if uncounted != 1 else " is"
        err(f"Not counted: {uncounted} item file{plural} in error (`ledger validate` lists them).")
    if ledger.errors:
        raise typer.Exit(1)


@command(as_of=True, cache=True)
def export(
    session: Session,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format", help=output.describe("export") + " Default: FILE's suffix, else csv.", show_default=False
        ),
    ] = None,
    output_file: Output = None,
    force: Force = False,
    overdue: Overdue = False,
    status: Statuses = None,
    category: Category = None,
    department: Department = None,
    due_within: DueWithin = None,
) -> None:
    """Export the 台账 with the columns offices use (序号, 编号, 问题类别, 整改任务, …); list's filters apply."""
    from ledger.check import refuse_invalid

    chosen = pick_format("export", fmt, output_file)
    refuse_overwrite(output_file, force)
    ledger, items = selected(session, overdue, status, category, department, due_within)
    refuse_invalid(ledger, "exporting")
    output.emit("export", chosen, output.View(ledger, items, session.as_of), output_file, ledger.root)
    if output_file is not None:
        err(f"Wrote {output_file} ({len(items)} items)")


templates_app = typer.Typer(
    help="The templates `report` renders: list them, copy a default to customise, see what they receive.",
    invoke_without_command=True,
    no_args_is_help=False,
)
app.add_typer(templates_app, name="templates")


@templates_app.callback()
def templates_default(ctx: typer.Context, root: Root = None) -> None:
    """The templates `report` renders: list them, copy a default to customise, see what they receive."""
    if ctx.invoked_subcommand is None:
        ctx.invoke(templates_list, root=root)


@command("list", group=templates_app, registry="templates")
def templates_list(session: Session) -> None:
    """The templates and where each comes from: the ledger's templates/ first, then the package's defaults."""
    from ledger.sandbox import packaged_templates, template_files

    try:
        root = session.root()
    except LedgerError:
        root = None
    rows = []
    for t in template_files(root):
        where = f"{t.origin}" + (" (replaces the default)" if t.overrides else "")
        rows.append([t.name, where, t.about])
    from ledger.output.text import plain_table

    sys.stdout.write(plain_table((("Template", "left"), ("From", "left"), ("What", "left")), rows))
    err(f"Defaults in {packaged_templates()}" + (f"; the ledger's own in {root / 'templates'}" if root else ""))


@command("copy", group=templates_app)
def templates_copy(
    session: Session,
    name: Annotated[str, typer.Argument(metavar="NAME", help="A default template, e.g. notice.md.j2.")],
) -> None:
    """Put a packaged default into <root>/templates/ to customise; an existing file is never replaced."""
    from ledger.sandbox import copy_template

    target = copy_template(session.root(), name)
    err(f"Copied {name} to {shown_path(target)}; `ledger report --template {name}` now renders your copy.")


@command("context", group=templates_app, as_of=True, cache=True)
def templates_context(session: Session) -> None:
    """What a template receives, as JSON (dates as YYYY-MM-DD): ledger, categories, items, stats, as_of."""
    from ledger.check import refuse_invalid
    from ledger.output.jsonfmt import dumps
    from ledger.report import context

    ledger = session.ledger()
    report_problems(ledger)
    refuse_invalid(ledger, "showing the context")
    sys.stdout.write(dumps(context(ledger, session.as_of)))


@command(formats=True, as_of=True, cache=True)
def changes(
    session: Session,
    since: Annotated[
        Optional[str],
        typer.Option(
            "--since",
            metavar="REV",
            show_default=False,
            help="The git commit of the last notice. Default: the newest tag named notice-*.",
        ),
    ] = None,
) -> None:
    """What changed since the last notice: items added, closed, reopened, status and deadline changes, notes."""
    from ledger import history
    from ledger.output.history import Changes

    old = history.since_revision(session.root(), since)
    now = session.ledger()
    report_problems(now)
    output.emit("changes", session.fmt, Changes(history.changes(old, now, session.as_of), old, now))
    if now.errors:
        raise typer.Exit(1)


@command("history", formats=True)
def item_history(session: Session, item_id: ItemId) -> None:
    """An item's life from git: each commit that changed it, with what changed in words."""
    from ledger.history import item_history as life
    from ledger.query import check_id

    output.emit("history", session.fmt, life(session.root(), check_id(item_id)))


RoundRoot = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--root",
        metavar="ROUND",
        show_default=False,
        help="The round's folder (holding round.yaml). Default: the nearest folder upwards holding one.",
    ),
]


@command(as_of=True, cache=True, root=RoundRoot)
def rollup(
    session: Session,
    overdue: Annotated[bool, typer.Option("--overdue", help="The overdue items of every unit, latest first.")] = False,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format", help=output.describe("rollup") + " Default: FILE's suffix, else table.", show_default=False
        ),
    ] = None,
    template: Annotated[str, typer.Option("--template", help="The round's notice template.")] = "round.md.j2",
    output_file: Output = None,
    force: Force = False,
) -> None:
    """A round: every unit's ledger (a folder or a git repository) counted, and the round's totals."""
    from ledger import rollup as core
    from ledger.output.rollup import RoundReport, RoundView

    if fmt is not None and fmt not in output.choices("rollup"):
        raise typer.BadParameter(
            f"'{fmt}' is not one of {', '.join(output.choices('rollup'))}", param_hint="'--format'"
        )
    chosen = pick_format("rollup", fmt, output_file)
    refuse_overwrite(output_file, force)
    round_ = core.read_round(core.find_round(session.roots[0] if session.roots else None))
    units = core.read_units(round_, session.use_cache)
    for problem in round_.problems:
        err(str(problem))
    for one in units:
        for problem in one.problems:
            err(f"{one.unit.name}: {problem}" if problem.path != "round.yaml" else str(problem))
    view = RoundView(round_, units, core.rollup(round_, session.as_of, units), session.as_of,
                     core.overdue(units, session.as_of) if overdue else None)  # fmt: skip
    data = RoundReport(view, template) if chosen in ("md", "docx", "html") else view
    output.emit("rollup", chosen, data, output_file, round_.root)
    if not view.result["complete"]:
        bad = sum(not u["ok"] for u in view.result["units"])
        err(f"Incomplete: {bad} unit{'s' * (bad != 1)} with problems; the totals leave out what could not be read.")
        raise typer.Exit(1)


def main(prog_name: str = "ledger") -> None:
    """The console entry point: an unexpected failure is one line, its traceback only with --debug."""
    utf8_streams()
    only_the_command_run(sys.argv[1:])
    try:
        app(prog_name=prog_name)
    except Exception as e:  # anything that is not a LedgerError is our bug, not the user's
        if State.debug:
            raise
        said = str(e)  # shortened: it may quote a whole value from the files
        err(f"ledger: internal error: {type(e).__name__}: {said[:300]}{' …' if len(said) > 300 else ''}")
        err("Please report this with the command you ran; run it again with --debug for the details.")
        sys.exit(1)


def utf8_streams() -> None:
    """Output in UTF-8 whatever the locale (a Windows console's code page, LANG=C), so that
    `ledger report > notice.md` writes UTF-8 and no character fails to print. A Windows console
    itself is written in Unicode by Python already."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure") and not (os.name == "nt" and stream.isatty()):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def only_the_command_run(args: list[str]) -> None:
    """Let Typer build only the command being run: building all of them is most of ledger's start-up.

    The first word that is not an option names the command (the program's own options take no
    values); anything else — no command, --help, a misspelt name — keeps every command.
    """
    name = next((a for a in args if not a.startswith("-")), None)
    commands = [c for c in app.registered_commands if (c.name or c.callback.__name__) == name]
    if commands:
        app.registered_commands = commands
