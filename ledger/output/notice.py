"""The notice and other reports, rendered from a template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ledger.model import Ledger


@dataclass
class Report:
    ledger: Ledger
    as_of: date
    template: str


def markdown(report: Report) -> str:
    from ledger.report import render

    return render(report.ledger, report.as_of, report.template)
