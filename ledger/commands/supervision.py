"""督办: the departments in the loop — progress forms out (forms), returns in (apply), reminders (remind)."""

import contextlib
import os
import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Optional

import typer

from ledger import output
from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import N_, _, enumeration, language
from ledger.options import (
    Category,
    Department,
    Departments,
    DueWithin,
    ForceInFolder,
    Lights,
    Overdue,
    Session,
    Statuses,
    command,
    date_option,
    departments_named,
    err,
    lights_option,
    selected,
    shown_path,
)

Folder = Annotated[
    Path,
    typer.Option("-o", "--output", metavar="FOLDER", help="The folder to write the workbooks into (made if missing)."),
]


def output_folder(folder: Path, names: list[str], force: bool) -> list[Path]:
    """-o FOLDER: a folder (made if missing) in which no file is replaced without --force; the folders made."""
    if folder.exists() and not folder.is_dir():
        raise LedgerError(_("{folder} is not a folder; -o takes the folder to write the files into").format(
            folder=folder))  # fmt: skip
    existing = [n for n in names if (folder / n).exists()]
    if existing and not force:
        raise LedgerError(_("{files} exist in {folder}; give --force to replace them; nothing was written").format(
            files="、".join(existing), folder=folder))  # fmt: skip
    made = [f for f in (*reversed(folder.absolute().parents), folder.absolute()) if not os.path.lexists(f)]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        unmake(made)
        raise LedgerError(_("cannot make {folder}: {error}").format(folder=folder, error=os_reason(e))) from None
    return made


def unmake(made: list[Path]) -> None:
    """The folders an output made, removed again (the deepest first) where nothing was written into them."""
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


@command(as_of=True, cache=True)
def forms(
    session: Session,
    folder: Folder,
    force: ForceInFolder = False,
    overdue: Overdue = False,
    status: Statuses = None,
    category: Category = None,
    department: Department = None,
    due_within: DueWithin = None,
    light: Lights = None,
) -> None:
    """One progress form (进度填报表) per responsible department, of its items not done; list's filters apply."""
    from ledger.core.check import refuse_invalid
    from ledger.core.dates import today
    from ledger.core.files import write_output
    from ledger.core.supervision import file_names, forms_by_department
    from ledger.history.repo import head_commit
    from ledger.output.forms import workbook

    ledger, items = selected(session, overdue, status, category, department, due_within, lights=light)
    refuse_invalid(ledger, N_("making forms"))
    # The day it is made is today, whatever --as-of says: --as-of judges deadlines (--overdue, --light), and a
    # return is checked against the day its form really went out.
    found, nobody = forms_by_department(items, ledger.config, head_commit(ledger.root), today())
    if department is not None:
        (named,) = departments_named(ledger, [department])  # as list's filter named it: by a unique part too
        found = [f for f in found if f.department == named]
    if not found:
        err(_("No form: no item that is not done matches."))
        return
    names = file_names([f.department for f in found], ".xlsx")
    folders = output_folder(folder, list(names.values()), force)
    try:
        for form in found:
            path = folder / names[form.department]
            write_output(path, workbook(form), ledger.root)
            err(_("Wrote {path} ({count} items)").format(path=shown_path(path.absolute()), count=len(form.rows)))
    except BaseException:
        unmake(folders)  # no empty folder left for forms that could not be written
        raise
    for item in nobody:
        err(_("Item {id} names no department: it is on no form").format(id=item.id))


@command(name="apply")
def apply_returns(
    session: Session,
    files: Annotated[
        list[Path], typer.Argument(metavar="FILE…", help="Returned forms (.xlsx), as the departments sent them back.")
    ],
    log_day: Annotated[  # not `day`: the shared options would make that today
        Optional[date],
        date_option("--date", "The day to log the progress on. Default: each form's 填报日期, else today."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes and their diff; write nothing.")
    ] = False,
) -> None:
    """Read returned progress forms: 本期进展 logged (by the department), 完成情况 as status changes or 销号."""
    from ledger.core.check import refuse_invalid
    from ledger.core.dates import today
    from ledger.edit.apply import apply_returns as apply_all
    from ledger.output import printable

    for path in files:
        if not path.is_file():
            raise typer.BadParameter(_("{path} is not a file").format(path=path), param_hint="'" + _("FILE…") + "'")
    ledger = session.ledger()
    refuse_invalid(ledger, N_("applying returns"))
    if log_day is not None and log_day > today():
        err(_("warning: --date {day} is in the future (today is {today})").format(
            day=log_day.isoformat(), today=today().isoformat()))  # fmt: skip
    results, changes = apply_all(ledger.root, ledger, files, log_day, today(), dry_run)
    out = []
    for result in results:
        ret = result.ret
        if not ret.department:  # refused before its record was read
            out.append(_("{file}:").format(file=ret.path.name) + "\n")
        elif result.refusals and ret.reported is None:  # no date to say: its notes are dated on nothing
            out.append(_("{file} — {department}:").format(file=ret.path.name, department=ret.department) + "\n")
        else:
            reported = ret.reported.isoformat() if ret.reported else _("not filled in (dated {day})").format(
                day=result.day.isoformat())  # fmt: skip
            out.append(_("{file} — {department}, 填报日期 {reported}:").format(
                file=ret.path.name, department=ret.department, reported=reported) + "\n")  # fmt: skip
        if result.same_as:
            out.append("  " + _("the same workbook as {file}: applied once").format(file=result.same_as) + "\n")
            continue
        if result.refusals:
            out.append("  " + _("refused: nothing of this workbook is applied") + "\n")
            out += [f"  {refusal}\n" for refusal in result.refusals]
            continue
        if not result.planned:
            out.append("  " + _("nothing to change: the ledger holds it all already") + "\n")
        for plan in result.planned:
            out.append(f"  {plan.item_id} {plan.title}\n")
            out += [f"    {part}\n" for part in plan.parts]
    if dry_run:
        out += [change.diff() for change in changes]
    sys.stdout.write(printable("".join(out), keep="\n"))
    for result in results:
        for warning in result.warnings:
            err(_("warning: {warning}").format(warning=warning))
    refused = [r.ret.path.name for r in results if r.refusals]
    if dry_run:
        err(_("Dry run: {files} item files would change; nothing written.").format(files=len(changes)))
    else:
        err(_("Applied: {files} item files changed.").format(files=len(changes)))
    if refused:
        names = enumeration(refused)
        if len(refused) == len(results):
            err(_("{count} of {total} workbooks refused ({names}); correct them and apply them again.").format(
                count=len(refused), total=len(results), names=names))  # fmt: skip
        else:
            message = (_("{count} of {total} workbooks refused ({names}); the other {applied} would be applied. "
                         "Correct the refused ones and apply them again.") if dry_run else
                       _("{count} of {total} workbooks refused ({names}); the other {applied} were applied. Correct "
                         "the refused ones and apply them again."))  # fmt: skip
            err(message.format(count=len(refused), total=len(results), names=names,
                               applied=len(results) - len(refused)))  # fmt: skip
        raise typer.Exit(1)


@command(as_of=True, cache=True)
def remind(
    session: Session,
    target: Annotated[
        Path,
        typer.Option(
            "-o",
            "--output",
            metavar="FOLDER|FILE",
            help="A folder for one 督办通知 per department, or a file (.docx, .md) for one department.",
        ),
    ],  # fmt: skip
    department: Departments = None,
    light: Annotated[
        Optional[list[str]],
        typer.Option(
            "--light",
            metavar="LIGHT[,LIGHT]",
            callback=lights_option,
            help="The lights to remind of: red (late), yellow (due within lights.yellow_days). Default: red,yellow.",
            show_default=False,
        ),
    ] = None,  # fmt: skip
    reply_by: Annotated[
        Optional[date], date_option("--reply-by", "The day the departments are to reply by. Default: 5 days on.")
    ] = None,
    to: Annotated[
        Optional[str],
        typer.Option(
            "--to", help=output.describe("remind", N_("Default: FILE's suffix, else docx.")), show_default=False
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Replace FILE, or the files of the same names in FOLDER, if they exist."))
    ] = False,
) -> None:
    """督办通知: a reminder per responsible department of its late (red) and nearly late (yellow) items."""
    from datetime import timedelta

    from ledger.core.check import refuse_invalid
    from ledger.core.dates import today
    from ledger.core.files import write_output
    from ledger.core.model import Item, Light
    from ledger.core.supervision import file_names
    from ledger.output.notice import Reminder

    if to is not None and to not in output.choices("remind"):
        raise typer.BadParameter(_("'{to}' is not one of {formats}").format(
            to=to, formats=enumeration(output.choices("remind"))), param_hint="'--to'")  # fmt: skip
    lights = tuple(Light(x) for x in (light or ["red", "yellow"]))
    if Light.GREEN in lights:
        raise typer.BadParameter(_("a reminder is for red and yellow items; green ones are on time"),
                                 param_hint="'--light'")  # fmt: skip
    as_of = session.as_of
    reply = reply_by or as_of + timedelta(days=5)
    ledger = session.ledger()
    refuse_invalid(ledger, N_("reminding"))
    if reply_by is not None and reply_by < max(as_of, today()):
        err(_("warning: --reply-by {day} is already past (the reminder is dated {as_of}); the departments "
              "could not reply in time").format(day=reply_by.isoformat(), as_of=as_of.isoformat()))  # fmt: skip
    days = ledger.config.yellow_days
    department = departments_named(ledger, department) if department else None
    by_department: dict[str, list[Item]] = {}
    for item in ledger.items:
        if item.light_on(as_of, days) in lights:
            for name in item.department:
                if not department or name in department:
                    by_department.setdefault(name, []).append(item)
    for name in department or []:
        if name not in by_department:
            err(_("{name} has no item of those lights: no reminder").format(name=name))
    suffix = target.suffix.lower().lstrip(".")
    one_file = suffix in output.choices("remind")
    fmt = to or (suffix if one_file else "docx")
    if one_file and to is not None and to != suffix:
        raise typer.BadParameter(_("--to {to} does not match the file name {name}").format(to=to, name=target.name),
                                 param_hint="'--to'")  # fmt: skip
    if not by_department:
        named = [x.value if language() == "en" else x.word for x in lights]
        err(_("No reminder: no item is {lights}.").format(lights=_(" or ").join(named)))
        return
    folders: list[Path] = []
    if one_file:
        if len(by_department) > 1:
            raise LedgerError(
                _(
                    "{count} departments have items to remind of ({names}); give -o a folder, or one --department"
                ).format(count=len(by_department), names="、".join(by_department))
            )
        paths = {next(iter(by_department)): target}
        if target.exists() and not force:
            raise LedgerError(_("{path} exists; give --force to replace it").format(path=target))
    else:
        names = file_names([f"督办通知-{name}" for name in by_department], "." + fmt)
        paths = {name: target / names[f"督办通知-{name}"] for name in by_department}
        folders = output_folder(target, [p.name for p in paths.values()], force)
    try:
        for name, items in by_department.items():
            reminder = Reminder(ledger, name, items, as_of, reply)
            data = output.writer("remind", fmt)(reminder)
            write_output(paths[name], data.encode("utf-8") if isinstance(data, str) else data, ledger.root)
            err(_("Wrote {path} ({count} items)").format(path=shown_path(paths[name].absolute()), count=len(items)))
    except BaseException:
        unmake(folders)  # no empty folder left for reminders that could not be written
        raise
