"""The command that starts from what the office already has: import (SPEC 3.7)."""

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from ledger.core.errors import LedgerError
from ledger.core.i18n import _
from ledger.options import Session, command, err, shown_path


@command("import")
def import_command(
    session: Session,
    source: Annotated[
        Path, typer.Argument(metavar="SOURCE", help="The 台账 (.xlsx, .csv) or the published notice (.docx, .txt).")
    ],
    into: Annotated[
        Optional[Path],
        typer.Option(
            "--into", metavar="DIR", help="Make a new ledger in DIR (a new or empty folder).", show_default=False
        ),
    ] = None,
    sheet: Annotated[
        Optional[str],
        typer.Option(
            "--sheet",
            metavar="NAME",
            help="The workbook's sheet to read (when several hold a 台账).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the report and the files; write nothing.")] = False,
    allow_duplicates: Annotated[
        bool,
        typer.Option("--allow-duplicates", help="Import rows whose title the ledger already has (refused otherwise)."),
    ] = False,
) -> None:
    """Start from what the office has: its Excel 台账 or its published notice, every inference reported."""
    from ledger.importing.run import import_file
    from ledger.importing.writer import REPORT_NAME

    root = None
    if into is None:
        try:
            root = session.root()
        except LedgerError:
            raise LedgerError(_("no ledger found here to import into; give --into DIR to start a new one")) from None
    done = import_file(source, into, root, sheet, dry_run, allow_duplicates)
    for finding in done.draft.findings.items:
        err(finding.line())
    plan = done.plan
    if dry_run:
        for rel, text in plan.files.items():
            sys.stdout.write(f"==> {rel} <==\n{text}\n")
        if plan.config_text is not None:
            sys.stdout.write(f"==> ledger.yaml <==\n{plan.config_text}\n")
        err(_("Dry run: {n} items read, nothing written.").format(n=len(plan.ids)))
        return
    where = shown_path(Path(plan.target))
    if plan.new_ledger:
        err(_("Imported {n} items into a new ledger in {path}; the report is {path}/{report}.").format(
            n=len(plan.ids), path=where, report=REPORT_NAME))  # fmt: skip
    else:
        err(_("Imported {n} items ({first}–{last}) into {path}; the report is {report}.").format(
            n=len(plan.ids), first=plan.ids[0] if plan.ids else "-", last=plan.ids[-1] if plan.ids else "-",
            path=where, report=REPORT_NAME))  # fmt: skip
