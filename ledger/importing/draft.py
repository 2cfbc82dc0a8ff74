"""What an import read, before it is written: ledger.yaml's data, the items, and the findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ledger.importing.findings import Findings


@dataclass
class DraftItem:
    place: str  # where the item was read (a row, a paragraph)
    fields: dict[str, Any]  # item keys with their values; category is the category's title until keyed


@dataclass
class Draft:
    source: str  # the file's name as shown
    kind: str  # "table" or "notice"
    config: dict[str, Any] = field(default_factory=dict)  # ledger.yaml's data, categories aside
    categories: list[str] = field(default_factory=list)  # titles, in order of appearance
    items: list[DraftItem] = field(default_factory=list)
    findings: Findings = field(default_factory=Findings)
    read: list[str] = field(default_factory=list)  # what was read, in words, for the report's head

    def category(self, title: str) -> str:
        if title not in self.categories:
            self.categories.append(title)
        return title
