"""Lines and columns as an editor counts them, which is not always as YAML does."""

from __future__ import annotations

import re

import yaml

# YAML ends a line at U+0085, U+2028 and U+2029 too; editors, and so the line numbers ledger
# gives, end lines at \n, \r\n and a lone \r only.
OTHER_BREAKS = re.compile("[\x85\u2028\u2029]")


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character, counting lines as editors do."""
    before = text[:index]
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    return line, index - max(before.rfind("\n"), before.rfind("\r"))


def mark_position(mark: yaml.Mark, text: str) -> tuple[int, int]:
    return position(text, mark.index) if OTHER_BREAKS.search(text) else (mark.line + 1, mark.column + 1)
