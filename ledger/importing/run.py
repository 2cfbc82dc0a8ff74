"""`ledger import`: read the source, plan the files, report, and write (unless a dry run)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ledger.core.errors import LedgerError
from ledger.core.i18n import _
from ledger.core.load import CONFIG_NAME
from ledger.importing.draft import Draft
from ledger.importing.writer import REPORT_NAME, Plan, plan_into, plan_new, write_plan

KINDS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".docx": "docx", ".txt": "txt"}


@dataclass
class Imported:
    draft: Draft
    plan: Plan


def read_source(source: Path, sheet: str | None) -> Draft:
    kind = KINDS.get(source.suffix.lower())
    if kind is None:
        if source.suffix.lower() in (".xls", ".et", ".wps", ".doc"):
            raise LedgerError(_("{name}: an old binary Office file; open it in Excel, Word or WPS and save it as "
                                ".xlsx or .docx, then import that").format(name=source.name))  # fmt: skip
        raise LedgerError(_("{name}: import reads .xlsx, .csv, .docx and .txt files").format(name=source.name))
    draft = Draft(source.name, "notice" if kind in ("docx", "txt") else "table")
    if kind in ("docx", "txt"):
        from ledger.importing.notice import read_notice
        from ledger.importing.sources import docx_paragraphs, text_paragraphs

        read = docx_paragraphs if kind == "docx" else text_paragraphs
        read_notice(draft, read(source, draft.findings))
        if not draft.items:
            raise LedgerError(_("{name}: no numbered items (1. …) found; is it a 整改进展 notice?").format(
                name=source.name))  # fmt: skip
    else:
        from ledger.importing.table import read_table

        read_table(draft, source, kind, sheet)
        if not draft.items:
            raise LedgerError(
                _("{name}: the sheet has a header but no rows that are items; nothing was written").format(
                    name=source.name
                ),
                tuple(f.line() for f in draft.findings.items),
            )
    return draft


def summary(draft: Draft, plan: Plan) -> list[str]:
    lines = list(draft.read)
    target = plan.target
    if plan.new_ledger:
        lines.append(_("a new ledger in {path}: {n} items in {c} categories").format(
            path=target, n=len(plan.ids), c=len(draft.categories)))  # fmt: skip
    else:
        shown = f"{plan.ids[0]}–{plan.ids[-1]}" if plan.ids else "-"
        lines.append(_("{n} new items ({ids}) in the ledger {path}").format(n=len(plan.ids), ids=shown, path=target))
        for key, title in plan.added_categories:
            lines.append(_("new category {key}: {title}").format(key=key, title=title))
    return lines


def import_file(source: Path, into: Path | None, root: Path | None, sheet: str | None, dry_run: bool,
                allow_duplicates: bool) -> Imported:  # fmt: skip
    """Read SOURCE and plan its files: a new ledger in `into`, else new items of the ledger at `root`."""
    if into is not None:
        if os.path.islink(into):
            raise LedgerError(_("{path} is a link; --into names a new folder, not a link to one").format(path=into))
        if os.path.lexists(into) and not into.is_dir():
            raise LedgerError(_("{path} exists and is not a folder; --into names a new folder").format(path=into))
        if (into / CONFIG_NAME).exists():
            raise LedgerError(_("{path} is a ledger already; to add the rows to it as new items, run ledger import "
                                "SOURCE --root {path}").format(path=into))  # fmt: skip
        if into.is_dir() and any(into.iterdir()):
            raise LedgerError(_("{path} is not empty; --into makes a new ledger in an empty or new folder").format(
                path=into))  # fmt: skip
    draft = read_source(source, sheet)
    if into is not None:
        plan = plan_new(draft, into)
    else:
        if root is None:
            raise LedgerError(_("no ledger here to import into; give --into DIR to start a new one"))
        plan = plan_into(draft, root, allow_duplicates)
    plan.files[REPORT_NAME] = draft.findings.markdown(draft.source, summary(draft, plan))
    if not dry_run:
        write_plan(plan)
    return Imported(draft, plan)
