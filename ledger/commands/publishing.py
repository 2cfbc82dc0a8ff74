"""What the ledger publishes: the notice (report), its figures (stats), the 台账 (export) and the templates."""

import sys
from typing import Annotated, Optional

import typer

from ledger import output
from ledger.cliwords import Group
from ledger.core.errors import LedgerError
from ledger.core.i18n import N_, _, enumeration, ngettext
from ledger.options import (
    Category,
    Department,
    DueWithin,
    Force,
    Lights,
    Output,
    Overdue,
    Root,
    Session,
    Statuses,
    app,
    command,
    err,
    pick_format,
    refuse_overwrite,
    report_problems,
    selected,
    shown_path,
)


@command(as_of=True, cache=True)
def report(
    session: Session,
    template: Annotated[
        str,
        typer.Option("--template", help="A template in <root>/templates/ or a default: notice.md.j2, ledger.md.j2."),
    ] = "notice.md.j2",
    to: Annotated[
        Optional[str],
        typer.Option(
            "--to",
            metavar="<" + "|".join(output.choices("report")) + ">",
            help=output.describe("report", N_("Default: FILE's suffix, else md.")),
            show_default=False,
        ),
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

    if to is not None:
        from ledger.core.typed import half_width

        to = half_width(to).strip()  # ｐｄｆ as a Chinese keyboard types it
    if to is not None and to not in output.choices("report"):
        raise typer.BadParameter(
            _("'{value}' is not one of {choices}").format(value=to, choices=enumeration(output.choices("report"))),
            param_hint="'--to'",
        )
    fmt = pick_format("report", to, output_file, "--to")
    if fragment and fmt != "html":
        raise typer.BadParameter(_("--fragment is for --to html"), param_hint="'--fragment'")
    refuse_overwrite(output_file, force)
    as_of = session.as_of
    if at is not None:
        from ledger.history.repo import ledger_at

        revision = ledger_at(session.root(), at)
        ledger = revision.ledger
        if not session.dated:  # the version as it was published: counted as of its own date (SPEC 3)
            as_of = revision.notice_day
    else:
        ledger = session.ledger()
    if ledger.errors:
        report_problems(ledger)
    output.emit("report", fmt, Report(ledger, as_of, template, fragment), output_file, ledger.root)
    if output_file is not None:
        err(_("Wrote {file}").format(file=output_file))
    published = (ledger.config.data.get("publication") or {}).get("date")
    if at is None and not session.dated and published and published != session.as_of:
        err(
            _(
                "Note: counted as of {day} (today), while ledger.yaml dates the notice {published}; "
                "give --as-of {published} to count as of its date."
            ).format(day=session.as_of, published=published)
        )


@command(formats=True, as_of=True, cache=True)
def stats(session: Session) -> None:
    """Totals by status and by category, overdue items and the completion rate (done ÷ total)."""
    from ledger.core.stats import statistics

    ledger = session.ledger()
    report_problems(ledger)
    data = statistics(ledger, session.as_of)
    output.emit("stats", session.fmt, output.View(ledger, ledger.items, session.as_of, data))
    uncounted = len({p.path for p in ledger.errors if p.path.startswith("items/")})
    if uncounted:
        err(
            ngettext(
                "Not counted: {n} item file is in error (`ledger validate` lists them).",
                "Not counted: {n} item files are in error (`ledger validate` lists them).",
                uncounted,
            ).format(n=uncounted)
        )
    if ledger.errors:
        raise typer.Exit(1)


@command(as_of=True, cache=True)
def export(
    session: Session,
    fmt: Annotated[
        Optional[str],
        typer.Option(
            "--format", help=output.describe("export", N_("Default: FILE's suffix, else csv.")), show_default=False
        ),
    ] = None,
    output_file: Output = None,
    force: Force = False,
    overdue: Overdue = False,
    status: Statuses = None,
    category: Category = None,
    department: Department = None,
    due_within: DueWithin = None,
    light: Lights = None,
) -> None:
    """Export the 台账 with the columns offices use (序号, 编号, 问题类别, 整改任务, …); list's filters apply."""
    from ledger.core.check import refuse_invalid

    chosen = pick_format("export", fmt, output_file)
    refuse_overwrite(output_file, force)
    ledger, items = selected(session, overdue, status, category, department, due_within, lights=light)
    refuse_invalid(ledger, N_("exporting"))
    view = output.View(ledger, items, session.as_of)
    if chosen == "ics":
        from ledger.core.model import id_key
        from ledger.history.repo import removed_items
        from ledger.output.ics import Deadlines, events_of

        unfiltered = not (overdue or status or category or department or due_within is not None or light)
        present = {id_key(item.id) for item in ledger.items} | {id_key(file_id) for file_id, _path in ledger.files}
        view = Deadlines(view, removed_items(ledger.root, present) if unfiltered else [])
    output.emit("export", chosen, view, output_file, ledger.root)
    if output_file is not None and chosen == "ics":
        active, cancelled = events_of(view)
        err(_("Wrote {file} ({events} events: {active} deadlines, {cancelled} cancelled)").format(
            file=output_file, events=len(active) + len(cancelled), active=len(active),
            cancelled=len(cancelled)))  # fmt: skip
    elif output_file is not None:
        err(
            ngettext("Wrote {file} ({n} item)", "Wrote {file} ({n} items)", len(items)).format(
                file=output_file, n=len(items)
            )
        )


ORIGINS = {"ledger": N_("ledger"), "package": N_("package")}  # where a template comes from
templates_app = typer.Typer(
    cls=Group,
    help=N_("The templates `report` renders: list them, copy a default to customise, see what they receive."),
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
    from ledger.report.sandbox import packaged_templates
    from ledger.report.template_files import template_files

    try:
        root = session.root()
    except LedgerError:
        root = None
    rows = []
    for t in template_files(root):
        where = _(ORIGINS.get(t.origin, t.origin)) + (_(" (replaces the default)") if t.overrides else "")
        rows.append([t.name, where, t.about])
    from ledger.output.text import plain_table, terminal_width

    columns = ((N_("Template"), "left"), (N_("From"), "left"), (N_("What"), "left"))
    sys.stdout.write(plain_table(columns, rows, terminal_width()))
    own = _("; the ledger's own in {folder}").format(folder=root / "templates") if root else ""
    err(_("Defaults in {folder}").format(folder=packaged_templates()) + own)


@command("copy", group=templates_app)
def templates_copy(
    session: Session,
    name: Annotated[str, typer.Argument(metavar="NAME", help="A default template, e.g. notice.md.j2.")],
) -> None:
    """Put a packaged default into <root>/templates/ to customise; an existing file is never replaced."""
    from ledger.report.template_files import copy_template

    target = copy_template(session.root(), name)
    renders = "ledger rollup --format md" if name == "round.md.j2" else f"ledger report --template {name}"
    err(
        _("Copied {name} to {path}; `{command}` now renders your copy.").format(
            name=name, path=shown_path(target), command=renders
        )
    )


@command("context", group=templates_app, as_of=True, cache=True)
def templates_context(session: Session) -> None:
    """What a template receives, as JSON (dates as YYYY-MM-DD): ledger, categories, items, stats, as_of."""
    from ledger.core.check import refuse_invalid
    from ledger.output.jsonfmt import dumps
    from ledger.report.render import context

    ledger = session.ledger()
    report_problems(ledger)
    refuse_invalid(ledger, N_("showing the context"))
    sys.stdout.write(dumps(context(ledger, session.as_of)))
