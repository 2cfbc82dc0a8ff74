"""The notice and other reports: the template's Markdown, and the Word and web formats built from it."""

from __future__ import annotations

from datetime import date
from typing import Any

from ledger.core.model import Item, Ledger, Record


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


def rendered(report: Report | Reminder) -> str:
    """The template's Markdown, rendered once; every format starts from it."""
    if report._markdown is None:
        report._markdown = report.render()
    return report._markdown


def markdown(report: Report | Reminder) -> str:
    return rendered(report)


class Reminder(Record):
    """What `ledger remind` renders for one department: remind.md.j2, then Word or Markdown from it."""

    __slots__ = ("ledger", "department", "items", "as_of", "reply_by", "_markdown")
    ledger: Ledger
    department: str
    items: list[Item]
    as_of: date
    reply_by: date

    def __init__(self, ledger: Ledger, department: str, items: list[Item], as_of: date, reply_by: date) -> None:
        self.ledger, self.department, self.items, self.as_of, self.reply_by = ledger, department, items, as_of, reply_by
        self._markdown: str | None = None

    @property
    def template(self) -> str:
        from ledger.report.render import REMIND_TEMPLATE

        return REMIND_TEMPLATE

    def render(self) -> str:
        from ledger.report.render import render_reminder

        return render_reminder(self.ledger, self.department, self.items, self.as_of, self.reply_by)

    def settings(self) -> dict[str, Any]:
        """Word's settings: the reminder's own title (its first line), the issuer, signed on the day; the
        ledger's fonts, not the notice's title breaks."""
        data = self.ledger.config.data
        first = rendered(self).split("\n", 1)[0]
        title = first[2:].strip() if first.startswith("# ") else self.department
        fonts = (data.get("docx") or {}).get("fonts")
        return {"title": title, "issuer": data.get("issuer", ""), "publication": {"date": self.as_of},
                "docx": {"fonts": fonts} if fonts else {}}  # fmt: skip
