"""The item and ledger.yaml formats declared as data, and the reader that checks YAML nodes against them."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from ledger.core.dates import DATE_RE, NotADate, parse_day
from ledger.core.i18n import _
from ledger.core.model import DEFAULT_LABELS, LOG_KINDS, YELLOW_DAYS, Problem, Status

_T = "tag:yaml.org,2002:"
STR_TAG = _T + "str"
TYPE_NAMES = {
    _T + "int": "a number",
    _T + "float": "a number",
    _T + "bool": "a yes/no value",
    _T + "timestamp": "a date",
    _T + "null": "empty",
}
MAX_DEPTH = 20  # levels of nesting in `extra`
INVALID = object()  # a value that failed its check; the problem is already recorded


# --- The schema, as data -------------------------------------------------------------


# Plain classes, not dataclasses: they are built at every start of the command line.
class Text:
    """A string that is not empty after trimming, without control characters; prose may hold line breaks and tabs."""

    def __init__(self, prose: bool = False) -> None:
        self.prose = prose
        self.control = CONTROL_IN_PROSE if prose else CONTROL


# Control characters, and the two that XML (and so a Word or Excel file) cannot hold.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
CONTROL_IN_PROSE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")  # newline and tab are fine


class Day:
    """A real calendar date written YYYY-MM-DD."""


class Flag:
    """true or false."""


class Count:
    """A whole number from `least` to `most` (a number of days)."""

    def __init__(self, default: int, least: int = 0, most: int = 366) -> None:
        self.default, self.least, self.most = default, least, most


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
        self.rules: Any = None  # values -> [(code, key, message)]: rules across the fields (set by ledger.core.check)


class AnyData:
    """Anything YAML can say safely (for `extra`)."""


class AnyScalar:
    """A date or a text, checked by the rules of its entry (`from` and `to` of a log entry)."""


PROSE = Text(prose=True)  # measures, notes and the other sentences a notice prints
LOG_ENTRY = Fields(
    {
        "date": Day(),
        "kind": Choice(LOG_KINDS, code="bad-value"),
        "from": AnyScalar(),
        "to": AnyScalar(),
        "note": PROSE,
        "by": Text(),
    },  # fmt: skip
    required=("date",),
)
STATUS = Choice(tuple(s.value for s in Status), code="bad-status")

ITEM = Fields(
    {
        "title": Text(),
        "category": Text(),
        "status": STATUS,
        "measures": ListOf(PROSE),
        "problem": PROSE,
        "leader": Text(),
        "department": ListOf(Text(), scalar_ok=True),
        "owner": Text(),
        "deadline": Day(),
        "outcome": PROSE,
        "closed": Day(),
        "evidence": ListOf(Text()),
        "log": ListOf(LOG_ENTRY),
        "tags": ListOf(Text()),
        "public": Flag(),
        "extra": AnyData(),
    },
    required=("title", "category", "status"),
)
# The keys of an item file, in the order `ledger new` writes them and edits insert them.
ITEM_KEYS = tuple(ITEM.fields)

CONFIG = Fields(
    {
        "schema": Choice(("1",), code="bad-schema"),
        "title": Text(),
        "issuer": Text(),
        "subject": Text(),
        "inspection": Fields({"deployer": Text(), "group": Text(), "start": Day(), "end": Day(), "feedback": Day()}),
        "categories": ListOf(Fields({"key": Text(), "title": Text()}, required=("key", "title"))),
        "organization": ListOf(Fields({"heading": Text(), "text": PROSE}, required=("heading", "text"))),
        "next_steps": Fields({"intro": PROSE, "points": ListOf(PROSE)}),
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
        "lights": Fields({"yellow_days": Count(YELLOW_DAYS)}),  # 红黄绿灯 (SPEC 3.9)
        "close_requires": ListOf(Choice(ITEM_KEYS, code="unknown-key")),
        "docx": Fields(
            {
                "fonts": Fields({k: Text() for k in ("body", "title", "h1", "h2", "latin", "page")}),
                "title_lines": ListOf(Text()),
            }
        ),
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
            if value.strip() and not spec.control.search(value):
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
        if isinstance(spec, Day) or (isinstance(spec, AnyScalar) and DATE_RE.fullmatch(node.value)):
            return self.day(node, name)
        if isinstance(spec, Count):
            return self.count(node, spec, name)
        if isinstance(spec, Flag):
            if node.tag == _T + "bool" and node.value.lower() in ("true", "false"):
                return node.value.lower() == "true"
            self.field_problem(node, "wrong-type", name, f"expected true or false, found '{node.value}'")
            return INVALID
        numeric_choice = isinstance(spec, Choice) and node.tag == _T + "int"  # schema: 1
        text = node.value if numeric_choice else self.text(node, name, spec)
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

    def text(self, node: yaml.ScalarNode, name: Name, spec: Any = None) -> Any:
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
        return self.without_control(node, node.value, name, spec)

    def without_control(self, node: yaml.Node, value: str, name: Name, spec: Any = None) -> Any:
        found = (spec.control if isinstance(spec, Text) else CONTROL_IN_PROSE).search(value)
        if found is None:
            return value
        char = found.group()
        if char == "\n":
            message = "holds a line break; write it on one line"
        elif char == "\t":
            message = "holds a tab; write spaces"
        elif char in "\ufffe\uffff":
            message = f"holds U+{ord(char):04X}, which is no character of text; remove it"
        else:
            message = f"holds the control character U+{ord(char):04X}; remove it"
        self.field_problem(node, "control-character", name, message)
        return INVALID

    def count(self, node: yaml.ScalarNode, spec: Count, name: Name) -> Any:
        if node.tag == _T + "int" and node.value.isdigit() and spec.least <= int(node.value) <= spec.most:
            return int(node.value)
        message = _("'{value}' is not a whole number from {least} to {most}").format(
            value=node.value, least=spec.least, most=spec.most
        )
        self.field_problem(node, "bad-value", name, message)
        return INVALID

    def day(self, node: yaml.ScalarNode, name: Name) -> Any:
        value = node.value
        if node.tag == _T + "null" and node.style in ("", None):
            self.field_problem(node, "empty-value", name, "is empty; write a date as YYYY-MM-DD or remove the line")
            return INVALID
        try:
            return parse_day(value)
        except NotADate as e:
            if e.real:
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
            self.not_a(node, name, "a list (a '- ' line per entry)", "; give at least one entry or remove the line")
            return INVALID
        values = [self.read(child, spec.of, (name, n)) for n, child in enumerate(node.value, 1)]
        return INVALID if any(v is INVALID for v in values) else values

    def not_a(self, node: yaml.Node, name: Name, expected: str, if_empty: str = "") -> None:
        """The problem of a value that is not the list or mapping it should be: empty, or something else."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "null" and node.style in ("", None):
            self.field_problem(node, "empty-value", name, "is empty" + if_empty)
            return
        if isinstance(node, yaml.ScalarNode):
            found = f"'{node.value}'"
        else:
            found = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        self.field_problem(node, "wrong-type", name, f"expected {expected}, found {found}")

    def mapping_pairs(self, node: yaml.Node, name: Name) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """A mapping's entries by key; duplicate and non-text keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.not_a(node, name, "a mapping (key: value lines)")
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
        if not bad and spec.rules is not None:
            for code, key, message in spec.rules(values):
                self.field_problem(pairs[key][1] if key in pairs else node, code, (name, key), message)
                bad = True
        return INVALID if bad and name else values  # the top level returns what it could read

    def any_data(self, node: yaml.Node, name: Name) -> Any:
        """A mapping of what JSON can hold: text keys, no NaN or infinity, at most MAX_DEPTH levels deep.

        A date in it stays the text it was written as, so that every output gives it back alike.
        """
        if not isinstance(node, yaml.MappingNode):
            self.mapping_pairs(node, name)  # says what was found instead
            return INVALID
        return self.plain_data(node, name, 1)

    def plain_data(self, node: yaml.Node, name: Name, depth: int) -> Any:
        if depth > MAX_DEPTH:
            self.field_problem(node, "too-deep", name, f"nests deeper than {MAX_DEPTH} levels")
            return INVALID
        if isinstance(node, yaml.SequenceNode):
            values = [self.plain_data(child, (name, n), depth + 1) for n, child in enumerate(node.value, 1)]
            return INVALID if any(v is INVALID for v in values) else values
        if isinstance(node, yaml.MappingNode):
            pairs = self.mapping_pairs(node, name)
            if pairs is None:
                return INVALID
            data = {}
            for key, (key_node, value_node) in pairs.items():
                if key_node.tag != STR_TAG:
                    message = f"key {key} is read by YAML as {TYPE_NAMES.get(key_node.tag, 'not text')}; quote it"
                    self.field_problem(key_node, "wrong-type", (name, key), message)
                    return INVALID
                if self.without_control(key_node, key, (name, key)) is INVALID:
                    return INVALID
                data[key] = self.plain_data(value_node, (name, key), depth + 1)
            return INVALID if INVALID in data.values() else data
        if node.tag in (STR_TAG, _T + "timestamp"):
            return self.without_control(node, node.value, name)
        try:
            value = yaml.constructor.SafeConstructor().construct_object(node)
        except ValueError:  # Python reads no integer of more than 4,300 digits
            self.field_problem(node, "wrong-type", name, "a number too long to read; quote it if it is text")
            return INVALID
        except yaml.YAMLError:
            self.field_problem(node, "wrong-type", name, f"{node.value} is not plain data; quote it if it is text")
            return INVALID
        if isinstance(value, float) and not math.isfinite(value):
            self.field_problem(node, "wrong-type", name, f"{node.value} is not a number JSON can hold; quote it")
            return INVALID
        return value


def top_mapping(reader: Reader, node: yaml.Node | None, what: str) -> bool:
    if node is None:
        reader.problems.append(Problem.error(reader.path, "empty-file", f"file is empty; it must hold {what}"))
        return False
    if not isinstance(node, yaml.MappingNode):
        found = "a list" if isinstance(node, yaml.SequenceNode) else f"'{node.value}'"
        reader.problem(node, "not-mapping", f"file must hold {what}, found {found}")
        return False
    return True
