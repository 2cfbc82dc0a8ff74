"""What a clerk types with a Chinese input method (SPEC 3.6): full-width digits and letters, dates in the four
spellings, a category by key or title, a department by a unique part of its name.

Only the command line is this lenient: inside files dates stay ASCII YYYY-MM-DD.
"""

from __future__ import annotations

import re
from datetime import date

from ledger.core.errors import LedgerError
from ledger.core.i18n import _, enumeration
from ledger.core.model import Config

TYPED_DATE = r"([0-9]{4})\s*(?:[-/.]\s*([0-9]{1,2})\s*[-/.]\s*([0-9]{1,2})|年\s*([0-9]{1,2})\s*月\s*([0-9]{1,2})\s*日?)"
# The full-width forms of ASCII (U+FF01–U+FF5E) and the ideographic space, as NFKC maps them.
HALF_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def half_width(text: str) -> str:
    """Full-width digits, letters and punctuation as ASCII (２０２６－０３－０１ → 2026-03-01); Chinese stays."""
    return text.translate(HALF_WIDTH)


def typed_day(text: str) -> date | None:
    """2026-3-1, 2026/3/1, 2026.3.1, 2026年3月1日, in full-width digits too → a date; None if it is none of them.

    A day that does not exist (2026-02-30) raises ValueError.
    """
    match = re.fullmatch(TYPED_DATE, half_width(text).strip())
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups() if g is not None)
    return date(year, month, day)


def typed_id(text: str) -> str:
    """An item id as typed: ８ is 8."""
    return half_width(text).strip()


def category_key(text: str, config: Config) -> str:
    """The key of the category named by its key or its title (as typed); the text itself when none matches."""
    typed = half_width(text).strip()
    if config.category(typed) is not None:
        return typed
    by_title = [c.key for c in config.categories if c.title == typed or half_width(c.title) == typed]
    return by_title[0] if len(by_title) == 1 else typed


def listing(names: list[str]) -> str:
    """Names in a row: 办公室、财务科 in Chinese, `a, b` in English."""
    return enumeration(names)


def department_named(text: str, known: list[str]) -> str:
    """The department named by its full name or by a part that names exactly one (财政 for 县财政局)."""
    typed = half_width(text).strip()
    if typed in known:
        return typed
    candidates = [d for d in known if typed and typed in d]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        raise LedgerError(
            _("--department: '{text}' is part of several departments: {names}; type more of the name").format(
                text=text, names=listing(candidates)
            )
        )
    listed = (
        _("the departments named are {names}").format(names=listing(known))
        if known
        else _("no item names a department")
    )
    raise LedgerError(_("--department: no item names '{text}'; {listed}").format(text=text, listed=listed))


def near_departments(name: str, known: list[str]) -> list[str]:
    """The departments already named whose name holds `name` or is held by it (财务 and 财务股): a new name so
    close to one in use is most often the same department typed short, which would get a form of its own."""
    typed = half_width(name).strip()
    if not typed or typed in known:
        return []
    return [d for d in known if typed in d or d in typed]
