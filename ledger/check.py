"""Validation rules: YAML nodes to checked values, and every broken rule as a Problem."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from ledger.model import (
    DEFAULT_LABELS,
    ITEM_KEYS,
    Category,
    Config,
    Item,
    ItemFile,
    LogEntry,
    Problem,
    Status,
    id_key,
)

_T = "tag:yaml.org,2002:"
STR_TAG = _T + "str"
TYPE_NAMES = {
    _T + "int": "a number",
    _T + "float": "a number",
    _T + "bool": "a yes/no value",
    _T + "timestamp": "a date",
    _T + "null": "empty",
}
DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
NUMBERED_POINT = re.compile(r"[一二三四五六七八九十]+是|[（(][一二三四五六七八九十]+[）)]|\d+[.、．]")
INVALID = object()  # a value that failed its check; the problem is already recorded


# --- The schema, as data -------------------------------------------------------------


# Plain classes, not dataclasses: they are built at every start of the command line.
class Text:
    """A string that is not empty after trimming."""


class Day:
    """A real calendar date written YYYY-MM-DD."""


class Flag:
    """true or false."""


class Choice:
    def __init__(self, values: tuple[str, ...], code: str = "bad-value") -> None:
        self.values, self.code = values, code


class ListOf:
    def __init__(self, of: Any, scalar_ok: bool = False) -> None:
        self.of = of
        self.scalar_ok = scalar_ok  # one value may stand for a list of one


class Fields:
    def __init__(self, fields: dict[str, Any], required: tuple[str, ...] = ()) -> None:
        self.fields, self.required = fields, required


class AnyData:
    """Anything YAML can say safely (for `extra`)."""


LOG_ENTRY = Fields({"date": Day(), "note": Text()}, required=("date", "note"))
STATUS = Choice(tuple(s.value for s in Status), code="bad-status")

ITEM = Fields(
    {
        "title": Text(),
        "category": Text(),
        "status": STATUS,
        "measures": ListOf(Text()),
        "problem": Text(),
        "leader": Text(),
        "department": ListOf(Text(), scalar_ok=True),
        "owner": Text(),
        "deadline": Day(),
        "outcome": Text(),
        "closed": Day(),
        "evidence": ListOf(Text()),
        "log": ListOf(LOG_ENTRY),
        "tags": ListOf(Text()),
        "public": Flag(),
        "extra": AnyData(),
    },
    required=("title", "category", "status"),
)
assert tuple(ITEM.fields) == ITEM_KEYS

CONFIG = Fields(
    {
        "schema": Choice(("1",), code="bad-schema"),
        "title": Text(),
        "issuer": Text(),
        "subject": Text(),
        "inspection": Fields({"deployer": Text(), "group": Text(), "start": Day(), "end": Day(), "feedback": Day()}),
        "categories": ListOf(Fields({"key": Text(), "title": Text()}, required=("key", "title"))),
        "organization": ListOf(Fields({"heading": Text(), "text": Text()}, required=("heading", "text"))),
        "next_steps": Fields({"intro": Text(), "points": ListOf(Text())}),
        "publication": Fields({"date": Day(), "until": Day()}),
        "contact": Fields({"phone": Text(), "mail": Text(), "postcode": Text(), "email": Text()}),
        "notice": Fields(
            {
                "statistics": Flag(),
                "item_status": Flag(),
                "numbering": Choice(("continuous", "per_category")),
            }
        ),
        "status_labels": Fields({s.value: Text() for s in Status}),
        "close_requires": ListOf(Choice(ITEM_KEYS, code="unknown-key")),
    },
    required=("title", "issuer", "categories"),
)


# A field's name, built only when a problem needs it: "" (the file), a key, or (parent, key or 1-based index).
Name = str | tuple


def label(name: Name) -> str:
    """('log', 2), 'date') -> log[2].date"""
    if not isinstance(name, tuple):
        return name
    parent, part = label(name[0]), name[1]
    if isinstance(part, int):
        return f"{parent}[{part}]"
    return f"{parent}.{part}" if parent else part


def suggest(word: str, choices: Any) -> str:
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


# --- Nodes to values --------------------------------------------------------------------


class Reader:
    """Converts one file's nodes by a schema, recording a Problem for every rule broken."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, code: str, message: str, severity: str = "error") -> None:
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        self.problems.append(Problem(self.path, line, column, severity, code, message))

    def read(self, node: yaml.Node, spec: Any, name: Name) -> Any:
        if spec.__class__ is Text and node.__class__ is yaml.ScalarNode and node.tag == STR_TAG:
            value = node.value  # the common case first: well-formed text
            if value.strip():
                return value
        if isinstance(spec, Fields):
            return self.fields(node, spec, name)
        if isinstance(spec, ListOf):
            return self.list_of(node, spec, name)
        if isinstance(spec, AnyData):
            return self.any_data(node, name)
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            self.field_problem(node, "wrong-type", name, f"expected {self.expected(spec)}, found {kind}")
            return INVALID
        if isinstance(spec, Day):
            return self.day(node, name)
        if isinstance(spec, Flag):
            if node.tag == _T + "bool" and node.value.lower() in ("true", "false"):
                return node.value.lower() == "true"
            self.field_problem(node, "wrong-type", name, f"expected true or false, found '{node.value}'")
            return INVALID
        numeric_choice = isinstance(spec, Choice) and node.tag == _T + "int"  # schema: 1
        text = node.value if numeric_choice else self.text(node, name)
        if text is INVALID or not isinstance(spec, Choice):
            return text
        if spec.code == "bad-schema" and text not in spec.values:
            message = f"{text} is not a schema this version of ledger reads (it reads 1)"
            self.field_problem(node, spec.code, name, message)
            return INVALID
        if text not in spec.values:
            hint = suggest(text, spec.values) or f"; use one of {', '.join(spec.values)}"
            if spec is STATUS:
                code = next((s for s, label in DEFAULT_LABELS.items() if label == text), None)
                hint = f"; write the code {code.value}, not its label" if code else hint
            self.field_problem(node, spec.code, name, f"'{text}' is not allowed{hint}")
            return INVALID
        return text

    @staticmethod
    def expected(spec: Any) -> str:
        return {Day: "a date (YYYY-MM-DD)", Flag: "true or false"}.get(type(spec), "text")

    def text(self, node: yaml.ScalarNode, name: Name) -> Any:
        if node.style in ("", None) and node.tag != _T + "str":
            what = TYPE_NAMES.get(node.tag, "not text")
            if what == "empty":
                self.field_problem(node, "empty-value", name, "is empty")
            else:
                self.field_problem(
                    node, "wrong-type", name, f"{node.value} is read by YAML as {what}; put it in quotes if it is text"
                )
            return INVALID
        if not node.value.strip():
            self.field_problem(node, "empty-value", name, "is empty")
            return INVALID
        return node.value

    def day(self, node: yaml.ScalarNode, name: Name) -> Any:
        value = node.value
        if node.tag == _T + "null" and node.style in ("", None):
            self.field_problem(node, "empty-value", name, "is empty; write a date as YYYY-MM-DD or remove the line")
            return INVALID
        match = DATE_RE.fullmatch(value)
        if match:
            try:
                return date(*map(int, match.groups()))
            except ValueError:
                self.field_problem(node, "bad-date", name, f"'{value}' is not a real date")
                return INVALID
        if node.tag in (_T + "int", _T + "float"):
            hint = "is a number, not a date"
        elif DATE_RE.match(value.strip()):
            hint = "has a time or other text after the date"
        else:
            hint = "is not a date"
        self.field_problem(node, "bad-date", name, f"'{value}' {hint}; write it as YYYY-MM-DD, e.g. 2025-06-30")
        return INVALID

    def list_of(self, node: yaml.Node, spec: ListOf, name: Name) -> Any:
        if isinstance(node, yaml.ScalarNode) and spec.scalar_ok:
            value = self.read(node, spec.of, name)
            return INVALID if value is INVALID else [value]
        if not isinstance(node, yaml.SequenceNode):
            if isinstance(node, yaml.ScalarNode) and node.tag == _T + "null" and node.style in ("", None):
                self.field_problem(node, "empty-value", name, "is empty; give at least one entry or remove the line")
            else:
                found = "a mapping" if isinstance(node, yaml.MappingNode) else f"'{node.value}'"
                self.field_problem(node, "wrong-type", name, f"expected a list (a '- ' line per entry), found {found}")
            return INVALID
        values = [self.read(child, spec.of, (name, n)) for n, child in enumerate(node.value, 1)]
        return INVALID if any(v is INVALID for v in values) else values

    def mapping_pairs(self, node: yaml.Node, name: Name) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """A mapping's entries by key; duplicate and non-text keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            if isinstance(node, yaml.ScalarNode) and node.tag == _T + "null" and node.style in ("", None):
                self.field_problem(node, "empty-value", name, "is empty")
            else:
                found = "a list" if isinstance(node, yaml.SequenceNode) else f"'{node.value}'"
                self.field_problem(node, "wrong-type", name, f"expected a mapping (key: value lines), found {found}")
            return None
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.field_problem(key_node, "wrong-type", name, "a key must be plain text")
                continue
            key = key_node.value
            if key in pairs:
                first = pairs[key][0].start_mark.line + 1
                self.field_problem(key_node, "duplicate-key", (name, key), f"key given twice (first on line {first})")
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def field_problem(self, node: yaml.Node | None, code: str, name: Name, message: str) -> None:
        field = label(name)
        self.problem(node, code, f"{field}: {message}" if field else message)

    def fields(self, node: yaml.Node, spec: Fields, name: Name, pairs: dict | None = None) -> Any:
        pairs = self.mapping_pairs(node, name) if pairs is None else pairs
        if pairs is None:
            return INVALID
        values: dict[str, Any] = {}
        bad = False
        for key, (key_node, value_node) in pairs.items():
            field_name = (name, key)
            if key not in spec.fields:
                self.field_problem(key_node, "unknown-key", field_name, f"unknown key{suggest(key, spec.fields)}")
                bad = True
                continue
            value = self.read(value_node, spec.fields[key], field_name)
            if value is INVALID:
                bad = True
            else:
                values[key] = value
        for key in spec.required:
            if key not in pairs:
                self.field_problem(node, "missing-field", (name, key), "missing (required)")
                bad = True
        return INVALID if bad and name else values  # the top level returns what it could read

    def any_data(self, node: yaml.Node, name: Name) -> Any:
        """A mapping of anything YAML can say safely."""
        if self.mapping_pairs(node, name) is None:
            return INVALID
        stack = [node]
        while stack:  # duplicate keys anywhere inside
            current = stack.pop()
            if isinstance(current, yaml.MappingNode):
                if current is not node and self.mapping_pairs(current, name) is None:
                    return INVALID
                stack += [v for _, v in current.value]
            elif isinstance(current, yaml.SequenceNode):
                stack += current.value
        try:
            return yaml.constructor.SafeConstructor().construct_document(node)
        except yaml.YAMLError as e:
            self.field_problem(node, "wrong-type", name, f"{getattr(e, 'problem', e)}")
            return INVALID


def top_mapping(reader: Reader, node: yaml.Node | None, what: str) -> bool:
    if node is None:
        reader.problems.append(
            Problem(reader.path, None, None, "error", "empty-file", f"file is empty; it must hold {what}")
        )
        return False
    if not isinstance(node, yaml.MappingNode):
        found = "a list" if isinstance(node, yaml.SequenceNode) else f"'{node.value}'"
        reader.problem(node, "not-mapping", f"file must hold {what}, found {found}")
        return False
    return True


# --- ledger.yaml --------------------------------------------------------------------------


def read_config(path: str, node: yaml.Node | None) -> tuple[Config, list[Problem]]:
    """ledger.yaml as a Config; with problems, as much of it as could be read."""
    reader = Reader(path)
    data: dict[str, Any] = {}
    pairs: dict = {}
    if top_mapping(reader, node, "the ledger's settings (title:, issuer:, categories: …)"):
        pairs = reader.mapping_pairs(node, "") or {}
        data = reader.fields(node, CONFIG, "", pairs)
    categories: list[Category] = []
    cats = data.get("categories")
    if cats is not None:
        nodes = pairs["categories"][1].value
        if not cats:
            reader.problem(pairs["categories"][1], "missing-field", "categories: at least one is required")
        for n, (cat, cat_node) in enumerate(zip(cats, nodes, strict=True), 1):
            if cat["key"] in (c.key for c in categories):
                reader.problem(cat_node, "duplicate-category", f"categories[{n}].key: '{cat['key']}' is used twice")
                continue
            categories.append(Category(cat["key"], cat["title"], cat_node.start_mark.line + 1))
    labels = {Status(code): label for code, label in data.get("status_labels", {}).items()}
    config = Config(
        data=data, categories=categories, status_labels=labels, close_requires=list(data.get("close_requires", []))
    )
    return config, reader.problems


# --- Items -------------------------------------------------------------------------------


def read_item(path: str, item_id: str, node: yaml.Node | None) -> ItemFile:
    """One item file: the Item (None if the file has errors), its problems and its category.

    Whether the category exists depends on ledger.yaml, so `category_problems` checks it
    apart; what is read here depends on the file alone and can be cached.
    """
    reader = Reader(path)
    if not top_mapping(reader, node, "one item (title:, category:, status: …)"):
        return ItemFile(None, reader.problems)
    pairs = reader.mapping_pairs(node, "") or {}
    data = reader.fields(node, ITEM, "", pairs)

    def at(key: str) -> yaml.Node:
        return pairs[key][1] if key in pairs else node

    status = Status(data["status"]) if "status" in data else None
    category_ref = None
    if "category" in data:
        mark = at("category").start_mark
        category_ref = (data["category"], mark.line + 1, mark.column + 1)
    measures = data.get("measures", [])
    for n, (measure, measure_node) in enumerate(
        zip(measures, at("measures").value if measures else [], strict=True), 1
    ):
        prefix = NUMBERED_POINT.match(measure)
        if prefix:
            message = f"measures[{n}]: starts with {prefix.group()}; write it without, the notice numbers the measures"
            reader.problem(measure_node, "measure-prefix", message, "warning")
    if status is not None:
        if status is Status.DONE and "closed" not in pairs:
            reader.problem(at("status"), "status-closed", "closed: missing; a done item needs its 销号 date")
        elif status is not Status.DONE and "closed" in pairs:
            reader.problem(
                at("closed"),
                "status-closed",
                f"closed: set, but status is {status.value}; remove closed or set status: done",
            )
        if "measures" not in pairs or data.get("measures") == []:
            if status is Status.OPEN:
                reader.problem(
                    at("measures"), "no-measures", "measures: none yet (fine while the item is open)", "warning"
                )
            else:
                reader.problem(
                    at("measures") if "measures" in pairs else at("status"),
                    "missing-field",
                    f"measures: none given; an item that is {status.value} needs at least one measure",
                )
    if any(p.is_error for p in reader.problems):
        return ItemFile(None, reader.problems, category_ref)
    item = Item(
        id=item_id,
        path=path,
        title=data["title"],
        category=data["category"],
        status=Status(data["status"]),
        measures=data.get("measures", []),
        problem=data.get("problem"),
        leader=data.get("leader"),
        department=data.get("department", []),
        owner=data.get("owner"),
        deadline=data.get("deadline"),
        outcome=data.get("outcome"),
        closed=data.get("closed"),
        evidence=data.get("evidence", []),
        log=[LogEntry(e["date"], e["note"]) for e in data.get("log", [])],
        tags=data.get("tags", []),
        public=data.get("public", True),
        extra=data.get("extra", {}),
    )
    return ItemFile(item, reader.problems, category_ref)


def category_problems(path: str, ref: tuple[str, int, int] | None, config: Config) -> list[Problem]:
    """An item's category must be a key of ledger.yaml (unless ledger.yaml has none to check against)."""
    if ref is None or not config.categories or config.category(ref[0]) is not None:
        return []
    category, line, column = ref
    keys = [c.key for c in config.categories]
    hint = suggest(category, keys) or "; use one of " + ", ".join(keys)
    message = f"category: '{category}' is not a key of ledger.yaml categories{hint}"
    return [Problem(path, line, column, "error", "unknown-category", message)]


# --- Across files ------------------------------------------------------------------------


def check_ledger(
    config: Config, files: list[tuple[str, str, Any]], items: list[Item], all_read: bool
) -> tuple[set[str], list[Problem]]:
    """Duplicate ids and empty categories; returns the paths whose items must not be used."""
    problems: list[Problem] = []
    by_id: dict[tuple, list[tuple[str, str]]] = {}
    for item_id, rel, _ in files:
        by_id.setdefault(id_key(item_id), []).append((item_id, rel))
    bad: set[str] = set()
    for same in by_id.values():
        if len(same) > 1:
            paths = [rel for _, rel in same]
            for item_id, rel in same:
                others = ", ".join(p for p in paths if p != rel)
                problems.append(
                    Problem(
                        rel,
                        None,
                        None,
                        "error",
                        "duplicate-id",
                        f"id {item_id} is also used by {others}; renumber one of them",
                    )
                )
            bad.update(paths)
    used = {i.category for i in items}
    for category in config.categories:
        if all_read and category.key not in used:
            problems.append(
                Problem(
                    "ledger.yaml",
                    category.line,
                    None,
                    "warning",
                    "empty-category",
                    f"categories: '{category.key}' has no items",
                )
            )
    return bad, problems
