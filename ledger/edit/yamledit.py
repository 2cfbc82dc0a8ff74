"""The surgical editor of an item file's text: set, remove and append values, touching only their lines."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any, NoReturn

import yaml

from ledger.core.errors import LedgerError
from ledger.core.i18n import _
from ledger.core.schema import ITEM_KEYS, STR_TAG
from ledger.core.source import SafeLoader, Source, parse

Entry = str | dict[str, Any]


# --- Rendering values -------------------------------------------------------------------


def scalar_text(value: str | date) -> str:
    """A value as YAML text: plain where any YAML parser reads it back as the same string, else quoted.

    Plain only when the text holds no YAML indicator at all (parsers differ on the edge
    cases) and does not read as another type (`yes`, `12:30`, `2025-06-30`).
    """
    if isinstance(value, date):
        return value.isoformat()
    if PLAIN_SAFE.fullmatch(value):
        node = yaml.compose(f"k: {value}", Loader=SafeLoader).value[0][1]  # type: ignore[union-attr]  # one key
        if node.tag == STR_TAG and node.value == value:
            return value
    # A JSON string is a YAML double-quoted scalar, once the characters YAML may not hold raw
    # (DEL, C1 controls, its own line breaks) are escaped as well.
    return NOT_YAML_PRINTABLE.sub(escape_char, json.dumps(value, ensure_ascii=False))


# No indicator anywhere, no space at either end, and only characters YAML prints as they are.
PLAIN_SAFE = re.compile(
    r"(?=[^\s-])[^:#,\[\]{}&*!|>'\"%@`?\\\t\n\r\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]+(?<=\S)"
)
NOT_YAML_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def escape_char(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def value_text(value: str | date | list[str]) -> str:
    """A value of an entry's mapping: a scalar, or a list of texts in brackets (an assign entry's departments)."""
    if isinstance(value, list):
        return "[" + ", ".join(scalar_text(v) for v in value) + "]"
    return scalar_text(value)


def flow_entry(entry: Entry) -> str:
    if isinstance(entry, dict):
        return "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in entry.items()) + "}"
    return scalar_text(entry)


def block_entry(entry: Entry, indent: str, inner: str, nl: str) -> str:
    """`- value`, or a mapping whose later keys line up under the first."""
    if isinstance(entry, dict):
        lines = [f"{k}: {value_text(v)}" for k, v in entry.items()]
        return f"{indent}- " + f"{nl}{inner}".join(lines) + nl
    return f"{indent}- {scalar_text(entry)}{nl}"


# --- The text and its marks ---------------------------------------------------------------


class ItemText:
    """An item file's text, re-read after each change so the node marks are always current."""

    def __init__(self, source: Source) -> None:
        self.rel = source.path
        self.bom = source.bom
        # Lines are edited as \n-separated; a file with CR-only line ends gets them back at the end.
        self.cr_only = "\r" in source.text and "\n" not in source.text
        self.text = source.text.replace("\r", "\n") if self.cr_only else source.text
        self.nl = "\r\n" if "\r\n" in self.text else "\n"
        self._parse()

    def _parse(self) -> None:
        node, problems = parse(Source(self.rel, self.text, False))
        if problems or not isinstance(node, yaml.MappingNode):
            self.refuse(_("the edited text would not parse"))
        if node.flow_style:
            self.refuse(_("it is one flow mapping ({…}); write one key per line"))
        for key, _value in node.value:
            if self.text[self.line_start(key.start_mark.index) : key.start_mark.index].strip().startswith("?"):
                self.refuse(_("it writes its keys with '? '; write `key: value` lines"))
        self.root: yaml.MappingNode = node
        self.pairs = {k.value: (k, v) for k, v in node.value}

    def refuse(self, why: str) -> NoReturn:
        raise LedgerError(_("{rel} cannot be edited safely: {why}; nothing was written").format(rel=self.rel, why=why))

    def splice(self, start: int, end: int, new: str) -> None:
        self.text = self.text[:start] + new + self.text[end:]
        self._parse()

    def line_start(self, index: int) -> int:
        return self.text.rfind("\n", 0, index) + 1

    def line_end(self, index: int) -> int:
        """Just after the newline of the line holding `index` (the end of the text if none)."""
        found = self.text.find("\n", index)
        return len(self.text) if found < 0 else found + 1

    def entry_end(self, node: yaml.Node) -> int:
        """Just after the last line of a value (its trailing comment included, later comments not)."""
        while isinstance(node, (yaml.SequenceNode, yaml.MappingNode)) and node.value and not node.flow_style:
            last = node.value[-1]
            node = last[1] if isinstance(last, tuple) else last
        end = node.end_mark.index
        while end > 0 and self.text[end - 1] in " \t\r\n":
            end -= 1
        return self.line_end(end)

    def key_column(self) -> int:
        return int(self.root.value[0][0].start_mark.column)

    def insert_lines(self, at: int, block: str) -> None:
        """Insert whole lines at a line boundary, keeping a missing final newline missing."""
        if at == len(self.text) and self.text and not self.text.endswith("\n"):
            block = self.nl + block[: -len(self.nl)]
        self.splice(at, at, block)

    def insertion_point(self, key: str) -> int:
        """After the entry, last in the file, of the keys that come before `key` in the format's order.

        In a file in that order, this is the nearest key before it; in a file in another order,
        the new key still comes after everything that belongs before it (never above `title`).
        """
        order = ITEM_KEYS.index(key)
        before = [k for k in self.pairs if k in ITEM_KEYS and ITEM_KEYS.index(k) < order]
        if before:
            anchor = max(before, key=lambda k: self.pairs[k][0].start_mark.index)
            return self.entry_end(self.pairs[anchor][1])
        after = [self.pairs[k][0] for k in self.pairs if k in ITEM_KEYS and ITEM_KEYS.index(k) > order]
        return self.line_start(min(n.start_mark.index for n in after)) if after else len(self.text)

    # --- The edits ---

    def set_scalar(self, key: str, value: str | date) -> None:
        if key not in self.pairs:
            line = " " * self.key_column() + f"{key}: {scalar_text(value)}{self.nl}"
            self.insert_lines(self.insertion_point(key), line)
            return
        node = self.pairs[key][1]
        if not isinstance(node, yaml.ScalarNode) or node.style not in ("", None, "'", '"'):
            self.refuse(_("{key} is not written as a one-line value").format(key=key))
        text = scalar_text(value)
        if node.style in ("'", '"') and not text.startswith('"'):
            text = f"{node.style}{text}{node.style}"
        self.splice(node.start_mark.index, node.end_mark.index, text)

    def set_list(self, key: str, values: list[str]) -> None:
        """A value that is one text or a list of them (`department`): one value plain, several as [a, b]."""
        text = scalar_text(values[0]) if len(values) == 1 else "[" + ", ".join(flow_entry(v) for v in values) + "]"
        if key not in self.pairs:
            self.insert_lines(self.insertion_point(key), " " * self.key_column() + f"{key}: {text}{self.nl}")
            return
        key_node, node = self.pairs[key]
        one_line = node.start_mark.line == node.end_mark.line or (
            isinstance(node, yaml.ScalarNode) and node.style in ("", None, "'", '"')
        )
        if one_line and (isinstance(node, yaml.ScalarNode) or node.flow_style):
            self.splice(node.start_mark.index, node.end_mark.index, text)
            return
        start = self.line_start(key_node.start_mark.index)
        if self.text[start : key_node.start_mark.index].strip():
            self.refuse(_("{key} shares its line with another value").format(key=key))
        self.splice(start, self.entry_end(node), " " * key_node.start_mark.column + f"{key}: {text}{self.nl}")

    def remove(self, key: str) -> None:
        key_node, value_node = self.pairs[key]
        start = self.line_start(key_node.start_mark.index)
        if self.text[start : key_node.start_mark.index].strip():
            self.refuse(_("{key} shares its line with another value").format(key=key))
        end = self.entry_end(value_node)
        if end == len(self.text) and not self.text.endswith("\n") and start > 0:
            # The last line goes: the line before it becomes last and loses its newline, as the
            # file had none. A blank line cannot lose it without vanishing, so it keeps it.
            newline = 2 if self.text[start - 2 : start] == "\r\n" else 1
            if self.text[self.line_start(start - newline) : start - newline].strip():
                start -= newline
        self.splice(start, end, "")

    def append(self, key: str, entry: Entry) -> None:
        """Add an entry to the end of a list, written the way the list already is."""
        if key not in self.pairs:
            indent = " " * (self.key_column() + self.list_indent())
            inner = indent + "  "
            block = " " * self.key_column() + f"{key}:{self.nl}" + block_entry(entry, indent, inner, self.nl)
            self.insert_lines(self.insertion_point(key), block)
            return
        node = self.pairs[key][1]
        if not isinstance(node, yaml.SequenceNode):
            self.refuse(_("{key} is not a list").format(key=key))
        if node.flow_style:
            if node.value:
                at, text = node.value[-1].end_mark.index, ", " + flow_entry(entry)
            else:
                at, text = node.end_mark.index - 1, flow_entry(entry)
            self.splice(at, at, text)
            return
        first = node.value[0]
        indent = " " * node.start_mark.column
        if self.text[self.line_start(node.start_mark.index) : node.start_mark.index].strip():
            self.refuse(_("{key} starts its list on the line of its key").format(key=key))
        inner = " " * (first.start_mark.column if isinstance(first, yaml.MappingNode) else node.start_mark.column + 2)
        self.insert_lines(self.entry_end(node), block_entry(entry, indent, inner, self.nl))

    def insert(self, key: str, at: int, entry: Entry) -> None:
        """Add an entry before the `at`-th (0-based) of an existing list, written the way the list already is."""
        node = self.pairs[key][1]
        if not isinstance(node, yaml.SequenceNode) or not 0 <= at < len(node.value):
            self.refuse(_("{key} has no entry {n}").format(key=key, n=at + 1))
        target = node.value[at]
        if node.flow_style:
            self.splice(target.start_mark.index, target.start_mark.index, flow_entry(entry) + ", ")
            return
        start = self.line_start(target.start_mark.index)
        before = self.text[start : target.start_mark.index]
        if before.strip() != "-":
            self.refuse(_("{key}'s entry {n} does not start its own line").format(key=key, n=at + 1))
        first = node.value[0]
        indent = " " * node.start_mark.column
        inner = " " * (first.start_mark.column if isinstance(first, yaml.MappingNode) else node.start_mark.column + 2)
        self.insert_lines(start, block_entry(entry, indent, inner, self.nl))

    def list_indent(self) -> int:
        """How far this file indents a block list under its key (2 if it has none)."""
        for key_node, value in self.root.value:
            if isinstance(value, yaml.SequenceNode) and not value.flow_style:
                return int(value.start_mark.column - key_node.start_mark.column)
        return 2

    def full_text(self) -> str:
        text = self.text.replace("\n", "\r") if self.cr_only else self.text
        return ("\ufeff" if self.bom else "") + text
