"""Dates as the ledger writes them: YYYY-MM-DD in ASCII digits, and "today" decided once."""

from __future__ import annotations

import re
from datetime import date

DATE_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)


class NotADate(ValueError):
    """The text is not a YYYY-MM-DD date; `real` is True when it has the shape but no such day exists."""

    def __init__(self, text: str, real: bool) -> None:
        super().__init__(text)
        self.real = real


def parse_day(text: str) -> date:
    """`2025-06-30` → a date; anything else (2025/6/30, ２０２５-…, 2025-02-30, a time after it) raises NotADate."""
    match = DATE_RE.fullmatch(text)
    if not match:
        raise NotADate(text, real=False)
    try:
        return date(*map(int, match.groups()))
    except ValueError:
        raise NotADate(text, real=True) from None


def today() -> date:
    """The local day; every "default: today" of the command line comes from here."""
    return date.today()
