"""The commands that edit the ledger's files: close, reopen, note, set, new and init."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from ledger.core.i18n import _, enumeration, said
from ledger.options import (
    Day,
    DryRun,
    ItemId,
    Session,
    command,
    complete_categories,
    date_option,
    err,
    filled,
    shown_path,
    status_option,
)

if TYPE_CHECKING:
    from ledger.edit.editor import Change


def finish(change: Change, dry_run: bool) -> None:
    """After an edit: with --dry-run its diff on stdout; a line on stderr saying what was (or would be) done."""
    if dry_run:
        sys.stdout.write(change.diff())
        err(_("Dry run: {summary}; nothing written.").format(summary=said(change.summary)))
    else:
        summary = said(change.summary)
        err(_("{summary}.").format(summary=summary[:1].upper() + summary[1:]))
    for warning in change.warnings:
        err(said(warning))


def near_departments(session: Session, names: list[str] | None) -> list[str]:
    """A department typed short (财务 when only 财务股 is in use) silently makes a new one: the warnings naming
    the match, to say once the edit is done (read before it, while the typed name is still new)."""
    from ledger.core.typed import listing
    from ledger.core.typed import near_departments as near

    if not names:
        return []
    known = sorted({d for item in session.ledger().items for d in item.department})
    return [_("warning: no item names the department '{name}' yet; did you mean {names}? (another spelling is "
              "another department, with a form of its own)").format(name=name, names=listing(near(name, known)))
            for name in names if near(name, known)]  # fmt: skip


def warn_if_future(day: date | None) -> None:
    """An edit dated after today is allowed (written ahead of the day) but most often a typing slip."""
    from ledger.core.dates import today

    if day is not None and day > today():
        err(
            _("warning: --date {day} is in the future (today is {today})").format(
                day=day.isoformat(), today=today().isoformat()
            )
        )


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
    from ledger.edit import editor as edit

    warn_if_future(day)
    finish(edit.close(session.root(), item_id, filled(day), note, tuple(evidence or ()), dry_run), dry_run)


@command()
def reopen(
    session: Session,
    item_id: ItemId,
    reason: Annotated[str, typer.Option("--reason", help="Why it is reopened (问题反弹…); logged.")],
    day: Day = None,
    deadline: Annotated[
        Optional[date],
        date_option("--deadline", "The new 完成时限, set in the same edit (logged like set --deadline)."),
    ] = None,
    dry_run: DryRun = False,
) -> None:
    """Reopen a done item: back to in_progress, its closed date removed, the reason logged."""
    from ledger.edit import editor as edit

    warn_if_future(day)
    finish(edit.reopen(session.root(), item_id, filled(day), reason, dry_run, deadline), dry_run)


@command()
def note(
    session: Session,
    item_id: ItemId,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The progress to record (整改进展).")],
    day: Day = None,
    dry_run: DryRun = False,
) -> None:
    """Append a progress note to an item's log: the most frequent edit between two notices."""
    from ledger.edit import editor as edit

    if not text.strip():
        raise typer.BadParameter(_("empty: write the progress to record (整改进展)"), param_hint=f"'{_('TEXT')}'")
    warn_if_future(day)
    finish(edit.note(session.root(), item_id, filled(day), text, dry_run), dry_run)


@command("set", fields="set")
def set_fields(
    session: Session,
    fields: dict[str, str | None],
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
    from ledger.edit import editor as edit

    if reason is not None and deadline is None:
        raise typer.BadParameter(
            _("--reason is the reason a deadline moves: give --deadline too"), param_hint="'--reason'"
        )
    changes = {"status": status, "deadline": deadline, **fields, "department": department, "measures": add_measure}
    if all(v is None for v in changes.values()):
        usage_error = typer.BadParameter.__mro__[1]  # click's UsageError, wherever typer keeps click
        given = ["--status", "--deadline", *(f"--{key}" for key in fields), "--department", "--add-measure"]
        raise usage_error(
            _("nothing to change: give {options} or {last}").format(options=enumeration(given[:-1]), last=given[-1])
        )
    warn_if_future(day)
    near = near_departments(session, department)
    finish(edit.set_fields(session.root(), item_id, filled(day), changes, reason, dry_run), dry_run)
    for warning in near:
        err(warning)


@command(fields="new")
def new(
    session: Session,
    fields: dict[str, str | None],
    title: Annotated[str, typer.Option("--title", help="The rectification task, as the notice names it.")],
    category: Annotated[
        str, typer.Option("--category", help="A category key from ledger.yaml.", autocompletion=complete_categories)
    ],
    measure: Annotated[
        Optional[list[str]],
        typer.Option("--measure", help="A measure (整改措施), without 一是/二是; repeat in order.", show_default=False),
    ] = None,
    deadline: Annotated[Optional[date], date_option("--deadline", "完成时限.")] = None,
    department: Annotated[
        Optional[list[str]],
        typer.Option("--department", help="责任部门; repeat for several, the lead first.", show_default=False),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the new file and write nothing.")] = False,
) -> None:
    """Add an item under the next id with status open; print its path."""
    from ledger.core.problems import NO_MEASURES
    from ledger.edit.editor import new_item

    given = {"title": title, "category": category, **fields, "measures": measure, "deadline": deadline,
             "department": department}  # fmt: skip
    near = near_departments(session, department)
    change = new_item(session.root(), given, dry_run)
    finish(change, dry_run)
    for warning in near:
        err(warning)
    if not dry_run:
        print(change.path)
    if not measure:
        err(str(NO_MEASURES.problem(change.path)))


@command()
def init(
    session: Session,
    folder: Annotated[Path, typer.Argument(metavar="[DIR]", help="Where to start the ledger.")] = Path("."),
) -> None:
    """Start a ledger: a commented ledger.yaml and items/ with one example item; never overwrites."""
    from ledger.core.dates import today
    from ledger.edit.editor import init_ledger

    for path in init_ledger(folder, today()):
        err(_("Created {path}").format(path=shown_path(path)))
