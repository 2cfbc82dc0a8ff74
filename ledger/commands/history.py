"""The ledger over time and across units: changes and history from git, and the round's rollup."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from ledger import output
from ledger.core.i18n import N_, _, enumeration, ngettext
from ledger.options import (
    Force,
    ItemId,
    Output,
    Session,
    command,
    err,
    pick_format,
    refuse_overwrite,
    report_problems,
)


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
    from ledger.history import repo as history
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
    from ledger.core.query import check_id
    from ledger.history.repo import item_history as life

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
            "--format",
            metavar=N_("FORMAT"),  # the seven are listed in the help: a metavar of them all would not fit
            help=output.describe("rollup", N_("Default: FILE's suffix, else table.")),
            show_default=False,
        ),
    ] = None,
    template: Annotated[str, typer.Option("--template", help="The round's notice template.")] = "round.md.j2",
    output_file: Output = None,
    force: Force = False,
    fetch_timeout: Annotated[
        float,
        typer.Option("--fetch-timeout", metavar="SECONDS", min=1, help="How long one git unit's fetch may take."),
    ] = 120.0,
    total_timeout: Annotated[
        float,
        typer.Option(
            "--total-timeout", metavar="SECONDS", min=1, help="How long the fetches of all git units may take."
        ),
    ] = 600.0,
) -> None:
    """A round: every unit's ledger (a folder or a git repository) counted, and the round's totals."""
    from ledger.history import rollup as core
    from ledger.output.rollup import RoundReport, RoundView

    if fmt is not None:
        from ledger.core.typed import half_width

        fmt = half_width(fmt).strip()  # ｘｌｓｘ as a Chinese keyboard types it
    if fmt is not None and fmt not in output.choices("rollup"):
        raise typer.BadParameter(
            _("'{value}' is not one of {choices}").format(value=fmt, choices=enumeration(output.choices("rollup"))),
            param_hint="'--format'",
        )
    chosen = pick_format("rollup", fmt, output_file)
    refuse_overwrite(output_file, force)
    round_ = core.read_round(core.find_round(session.roots[0] if session.roots else None))
    units = core.read_units(round_, session.use_cache, err, fetch_timeout, total_timeout)
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
        err(
            ngettext(
                "Incomplete: {n} unit with problems; the totals leave out what could not be read.",
                "Incomplete: {n} units with problems; the totals leave out what could not be read.",
                bad,
            ).format(n=bad)
        )
        raise typer.Exit(1)
