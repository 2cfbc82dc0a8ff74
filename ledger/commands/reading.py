"""Reading the ledger: validate, list and show."""

from typing import Annotated, Literal, Optional

import typer

from ledger import output
from ledger.errors import LedgerError
from ledger.options import (
    ItemId,
    Session,
    command,
    complete_categories,
    err,
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
