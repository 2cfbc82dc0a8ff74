"""The workbench's words in the interface language (SPEC 3.6), from the package's gettext catalog."""

from __future__ import annotations

from ledger.core import i18n
from ledger.core.i18n import N_, _

__all__ = ["N_", "_", "language"]


def language() -> str:
    return i18n.language()
