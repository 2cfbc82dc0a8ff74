"""The workbench's words in the interface language (SPEC 3.6): the catalog's translation, else the
Chinese here (kept until the catalog holds these messages), else the English message as written."""

from __future__ import annotations

from ledger.core import i18n
from ledger.web.zh import ZH


def language() -> str:
    return i18n.language()


def _(message: str) -> str:
    translated = i18n._(message)
    if translated == message and i18n.language() == "zh":
        return ZH.get(message, message)
    return translated
