"""Reading the ledger: validate, list and show."""

from typing import Annotated, Literal, Optional

import typer

from ledger import output
from ledger.options import (
    Category,
    Department,
    DueWithin,
    ItemId,
    Lights,
    Overdue,
    Session,
    Statuses,
    command,
    err,
    selected,
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
    from ledger.core.check import Verdict

    ledger = session.ledger()
    problems = list(ledger.problems)
    if against is not None:
        from ledger.core.check import history_problems
        from ledger.history.repo import ledger_at

        problems += history_problems(ledger_at(ledger.root, against).ledger, ledger, against)
    verdict = Verdict(problems, len(ledger.files), strict, ledger.root)
    output.emit("validate", session.fmt, verdict)
    err(verdict.summary())
    if not verdict.ok:
        raise typer.Exit(1)


@command("list", formats=True, as_of=True, cache=True)
def list_items(
    session: Session,
    overdue: Overdue = False,
    status: Statuses = None,
    category: Category = None,
    department: Department = None,
    due_within: DueWithin = None,
    light: Lights = None,
    sort: Annotated[
        Literal["notice", "id", "deadline"],
        typer.Option("--sort", help="notice: category order, then id; id; or deadline, soonest first."),
    ] = "notice",
) -> None:
    """List items in a table: id, title, department, deadline, status, warning light and days overdue."""
    ledger, items = selected(session, overdue, status, category, department, due_within, sort, light)
    output.emit("list", session.fmt, output.View(ledger, items, session.as_of))
    if ledger.errors:
        raise typer.Exit(1)


@command(formats=True, as_of=True, cache=True)
def show(session: Session, item_id: ItemId) -> None:
    """Show one item in full."""
    from ledger.core.query import find_item

    ledger = session.ledger()
    output.emit("show", session.fmt, output.View(ledger, [find_item(ledger, item_id)], session.as_of))


@command(formats=True)
def codes(session: Session) -> None:
    """List every problem code validate can report, with its severity and meaning."""
    from ledger.core.problems import table

    output.emit("codes", session.fmt, table())
