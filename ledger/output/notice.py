"""The notice and other reports: the template's Markdown, and the Word and web formats built from it."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.core.model import Ledger, Record


class Report(Record):
    """What `ledger report` renders: a template of a ledger on a day; `fragment` for HTML without its page."""

    __slots__ = ("ledger", "as_of", "template", "fragment", "_markdown")
    ledger: Ledger
    as_of: date
    template: str
    fragment: bool

    def __init__(self, ledger: Ledger, as_of: date, template: str, fragment: bool = False) -> None:
        self.ledger, self.as_of, self.template, self.fragment = ledger, as_of, template, fragment
        self._markdown: str | None = None

    def render(self) -> str:
        from ledger.report.render import render

        return render(self.ledger, self.as_of, self.template)

    def settings(self) -> dict[str, Any]:
        """What the Word file takes from the ledger: title, issuer, publication date, docx options."""
        return self.ledger.config.data


def rendered(report: Report) -> str:
    """The template's Markdown, rendered once; every format starts from it."""
    if report._markdown is None:
        report._markdown = report.render()
    return report._markdown


def markdown(report: Report) -> str:
    return rendered(report)
