"""The item and ledger.yaml formats declared as data, and the reader that checks YAML nodes against them."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

import yaml

from ledger.core import problems as codes
from ledger.core.dates import DATE_RE, NotADate, parse_day
from ledger.core.i18n import Phrase, _, enumeration
from ledger.core.model import ASSIGN_FIELDS, DEFAULT_LABELS, LOG_KINDS, YELLOW_DAYS, Problem, Status
from ledger.core.problems import N_, Code
from ledger.core.typed import HALF_WIDTH, typed_day

_T = "tag:yaml.org,2002:"
STR_TAG = _T + "str"
TYPE_NAMES = {  # what YAML read a plain value as, translated when a message says it
    _T + "int": N_("a number"),
    _T + "float": N_("a number"),
    _T + "bool": N_("a yes/no value"),
    _T + "timestamp": N_("a date"),
    _T + "null": "empty",
}
MAX_DEPTH = 20  # levels of nesting in `extra`
# Dashes a Chinese keyboard types where a list's ASCII '-' belongs: full-width, em and en dashes, a hyphen.
WIDE_DASHES = frozenset("－—–―‐‑─")
INVALID = object()  # a value that failed its check; the problem is already recorded


# --- The schema, as data -------------------------------------------------------------


# Plain classes, not dataclasses: they are built at every start of the command line.
FULL_WIDTH_DIGITS = {0xFF10 + n: 0x30 + n for n in range(10)} | {0xFF0D: 0x2D, 0x3000: 0x20}  # ０-９, －, the space


class Text:
    """A string that is not empty after trimming, without control characters; prose may hold line breaks and tabs."""

    def __init__(self, prose: bool = False) -> None:
        self.prose = prose

    def control(self, value: str) -> re.Match[str] | None:
        """The first control character of the value (in prose, other than a line break or a tab)."""
        return control_in(value, self.prose)


# Control characters, and the two that XML (and so a Word or Excel file) cannot hold; and the invisible
# format characters, which are control characters by another name: direction controls (U+202E shows text
# reversed: a note could read as the opposite of what it holds) and zero-width ones (财务科 and 财务科+U+200B
# look alike and are two departments). No Chinese text needs them; a paste from a web page or a chat brings them.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
INVISIBLE = "\u200b-\u200d\u2060-\u2064\ufeff"
CONTROL = f"[\x00-\x1f\x7f-\x9f\ufffe\uffff{BIDI}{INVISIBLE}]"
CONTROL_IN_PROSE = f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff{BIDI}{INVISIBLE}]"  # newline and tab are fine


def control_kind(char: str) -> str:
    """The problem variant of a control character found by control_in: which words say what it is."""
    if char == "\n":
        return "line-break"
    if char == "\t":
        return "tab"
    if char in "\ufffe\uffff":
        return "noncharacter"
    if re.fullmatch(f"[{BIDI}]", char):
        return "bidi"
    if re.fullmatch(f"[{INVISIBLE}]", char):
        return "invisible"
    return ""


def control_in(value: str, prose: bool = False) -> re.Match[str] | None:
    """The first control character of a value. Most text is printable, which no control character, U+FFFE
    or U+FFFF is: the pattern is compiled (by `re`, once) only for text that is not."""
    if value.isprintable():
        return None
    return re.search(CONTROL_IN_PROSE if prose else CONTROL, value)


class Day:
    """A real calendar date written YYYY-MM-DD."""


class Flag:
    """true or false."""


class Count:
    """A whole number from `least` to `most` (a number of days)."""

    def __init__(self, default: int, least: int = 0, most: int = 366) -> None:
        self.default, self.least, self.most = default, least, most


class Choice:
    def __init__(self, values: tuple[str, ...], code: Code = codes.BAD_VALUE) -> None:
        self.values, self.code = values, code


class ListOf:
    def __init__(self, of: Any, scalar_ok: bool = False, names: str = "") -> None:
        self.of = of
        self.scalar_ok = scalar_ok  # one value may stand for a list of one
        self.names = names  # the entries are names (of departments): none holds a comma, which separates them


class Fields:
    def __init__(self, fields: dict[str, Any], required: tuple[str, ...] = ()) -> None:
        self.fields, self.required = fields, required
        self.rules: Any = None  # values -> [(code, key, message)]: rules across the fields (set by ledger.core.check)


class AnyData:
    """Anything YAML can say safely (for `extra`)."""


class AnyScalar:
    """A date, a text or a list of texts, checked by the rules of its entry (`from` and `to` of a log entry: a
    list is only a department's, in an assign entry)."""


PROSE = Text(prose=True)  # measures, notes and the other sentences a notice prints
NAMES = ListOf(Text())  # an assign entry's departments
LOG_ENTRY = Fields(
    {"date": Day(), "kind": Choice(LOG_KINDS), "field": Choice(ASSIGN_FIELDS), "from": AnyScalar(), "to": AnyScalar(),
     "note": PROSE, "by": Text()},
    required=("date",),
)  # fmt: skip
STATUS = Choice(tuple(s.value for s in Status), code=codes.BAD_STATUS)


class About:
    """What an item key means to people and commands: its name in the 台账, its name in messages (N_-marked,
    said in the interface language), its help, the commands that give it as a plain `--KEY TEXT` option, and
    its column width where export adds it by itself."""

    def __init__(self, label: str, name: str, meaning: str, options: tuple[str, ...] = (), column: int = 0,
                 metavar: str = "TEXT") -> None:  # fmt: skip
        self.label, self.name, self.meaning, self.options = label, name, meaning, options
        self.column, self.metavar = column, metavar


# Every key of an item file, once: how it is read, and what it is. The order is the order `ledger new`
# writes and edits insert; Item (model.py) and the cache (cache.py) hold the same fields in this order.
ITEM_FIELDS: dict[str, tuple[Any, About]] = {
    "title": (Text(), About("整改任务", N_("title"), N_("The rectification task, as the notice names it."))),
    "category": (Text(), About("问题类别", N_("category"), N_("A category key from ledger.yaml."))),
    "status": (STATUS, About("状态", N_("status"), N_("open, in_progress, partial, ongoing or done."))),
    "measures": (ListOf(PROSE), About("整改措施", N_("measures"), N_("The measures, in order, without 一是/二是."))),
    "problem": (
        PROSE,
        About("反馈问题", N_("problem"), N_("The problem as fed back (not printed in the notice)."), ("new",)),
    ),
    "leader": (
        Text(),
        About("责任领导", N_("leader"), N_("责任领导: the leader responsible."), ("new", "set"), metavar="NAME"),
    ),
    "department": (
        ListOf(Text(), scalar_ok=True, names="department"),
        About("责任部门", N_("department"), N_("The departments responsible, the lead first.")),
    ),
    "owner": (
        Text(),
        About("责任人", N_("owner"), N_("责任人: the person responsible."), ("new", "set"), metavar="NAME"),
    ),
    "deadline": (Day(), About("完成时限", N_("deadline"), N_("The deadline, YYYY-MM-DD."))),
    "outcome": (PROSE, About("整改成效", N_("outcome"), N_("整改成效: the sentence after the measures."), ("set",))),
    "closed": (Day(), About("销号日期", N_("closed"), N_("The day the item was closed (销号), YYYY-MM-DD."))),
    "evidence": (ListOf(Text()), About("佐证材料", N_("evidence"), N_("The documents that show the work done."))),
    "log": (
        ListOf(LOG_ENTRY),
        About("整改进展", N_("log"), N_("The dated log of progress and changes, oldest first.")),
    ),
    "tags": (ListOf(Text()), About("标签", N_("tags"), N_("Free tags, for filters of your own."))),
    "public": (Flag(), About("公开", N_("public"), N_("false keeps the item out of the published notice."))),
    "extra": (AnyData(), About("其他", N_("extra"), N_("Anything else, for templates of your own."))),
}
ABOUT = {key: about for key, (_spec, about) in ITEM_FIELDS.items()}


def field_name(key: str) -> Phrase:
    """An item key as messages name it: its name in the interface language (`file` for the item's file)."""
    if key == "file":
        return Phrase(N_("file"))
    return Phrase(ABOUT[key].name) if key in ABOUT else Phrase("{key}", key=key)


ITEM = Fields({key: spec for key, (spec, _about) in ITEM_FIELDS.items()}, required=("title", "category", "status"))
# The keys of an item file, in the order `ledger new` writes them and edits insert them.
ITEM_KEYS = tuple(ITEM.fields)


def placed(order: Sequence[str], keys: Iterable[str]) -> list[str]:
    """`order` (a view's own order of item keys, and keys of its own) with each of `keys` it lacks put right
    after the nearest key before it in ITEM_KEYS that is already there (else at the end): a new field takes
    its place in the 台账 and in `show` beside its neighbour in the schema, with no line there."""
    result = list(order)
    for key in (k for k in ITEM_KEYS if k in set(keys) and k not in result):
        before = ITEM_KEYS[: ITEM_KEYS.index(key)]
        at = max((result.index(k) + 1 for k in before if k in result), default=len(result))
        result.insert(at, key)
    return result + [k for k in keys if k not in result]


CONFIG = Fields(
    {
        "schema": Choice(("1",), code=codes.BAD_SCHEMA),
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
        "close_requires": ListOf(Choice(ITEM_KEYS, code=codes.UNKNOWN_KEY)),
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
Name = str | tuple[Any, ...]
Pairs = dict[str, tuple[yaml.Node, yaml.Node]]  # a mapping's entries by key: (key node, value node)


def label(name: Name) -> str:
    """('log', 2), 'date') -> log[2].date"""
    if not isinstance(name, tuple):
        return name
    parent, part = label(name[0]), name[1]
    if isinstance(part, int):
        return f"{parent}[{part}]"
    return f"{parent}.{part}" if parent else part


# What a Chinese keyboard types between two names, which YAML does not take as a list's separator.
SEPARATORS = {"，": N_("a full-width comma (，)"), "、": N_("an enumeration comma (、)"),
              "；": N_("a full-width semicolon (；)")}  # fmt: skip


def wide_chars(text: str) -> str:
    """The full-width characters a Chinese keyboard typed in `text` (U+3000, ２, ．, －, ：), named for a message;
    empty when there are none."""
    found = list(dict.fromkeys(c for c in text if c == "\u3000" or "\uff01" <= c <= "\uff5e"))
    if not found:
        return ""
    digits = [c for c in found if "０" <= c <= "９"]
    named = [_("full-width digits ({digits})").format(digits="".join(digits))] if digits else []
    named += [_("a full-width space (U+3000)") if c == "\u3000" else _("a full-width '{char}'").format(char=c)
              for c in found if c not in digits]  # fmt: skip
    return enumeration(named)


def suggest(word: str, choices: Any) -> str:
    import difflib  # only when something is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return _("; did you mean '{word}'?").format(word=close[0]) if close else ""


# --- Nodes to values --------------------------------------------------------------------


class Reader:
    """Converts one file's nodes by a schema, recording a Problem for every rule broken."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, node: yaml.Node | None, code: Code, variant: str = "", /, **values: Any) -> None:
        self.given(node, code, code.text(variant, **values))

    def given(self, node: yaml.Node | None, code: Code, message: str) -> None:
        """A problem at `node` whose message is made already."""
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        self.problems.append(code.given(self.path, message, line, column))

    def read(self, node: yaml.Node, spec: Any, name: Name) -> Any:
        if spec.__class__ is Text and node.__class__ is yaml.ScalarNode and node.tag == STR_TAG:
            value = node.value  # the common case first: well-formed text
            if value.strip() and not spec.control(value):
                return value
        if isinstance(spec, Fields):
            return self.fields(node, spec, name)
        if isinstance(spec, ListOf):
            return self.list_of(node, spec, name)
        if isinstance(spec, AnyData):
            return self.any_data(node, name)
        if isinstance(spec, AnyScalar) and isinstance(node, yaml.SequenceNode):
            return self.list_of(node, NAMES, name)
        if not isinstance(node, yaml.ScalarNode):
            kind = _("a list") if isinstance(node, yaml.SequenceNode) else _("a mapping")
            self.field_problem(node, codes.WRONG_TYPE, name, expected=self.expected(spec), found=kind)
            return INVALID
        if isinstance(spec, Day) or (isinstance(spec, AnyScalar) and DATE_RE.fullmatch(node.value)):
            return self.day(node, name)
        if isinstance(spec, Count):
            return self.count(node, spec, name)
        if isinstance(spec, Flag):
            if node.tag == _T + "bool" and node.value.lower() in ("true", "false"):
                return node.value.lower() == "true"
            self.field_problem(node, codes.WRONG_TYPE, name, "bool", value=node.value)
            return INVALID
        numeric_choice = isinstance(spec, Choice) and node.tag == _T + "int"  # schema: 1
        text = node.value if numeric_choice else self.text(node, name, spec)
        if text is INVALID or not isinstance(spec, Choice):
            return text
        if spec.code is codes.BAD_SCHEMA and text not in spec.values:
            self.field_problem(node, spec.code, name, value=text)
            return INVALID
        if text not in spec.values:
            hint = suggest(text, spec.values) or _("; use one of {choices}").format(choices=enumeration(spec.values))
            status = next((s for s, label in DEFAULT_LABELS.items() if label == text), None) if spec is STATUS else None
            if status is not None:
                self.field_problem(node, spec.code, name, "label", value=text, status=status.value)
            else:
                self.field_problem(node, spec.code, name, "value" if spec.code is codes.UNKNOWN_KEY else "",
                                   value=text, hint=hint)  # fmt: skip
            return INVALID
        return text

    @staticmethod
    def expected(spec: Any) -> str:
        return {Day: _("a date (YYYY-MM-DD)"), Flag: _("true or false")}.get(type(spec)) or _("text")

    def text(self, node: yaml.ScalarNode, name: Name, spec: Any = None) -> Any:
        if node.style in ("", None) and node.tag != _T + "str":
            what = TYPE_NAMES.get(node.tag, N_("not text"))
            if what == "empty":
                self.field_problem(node, codes.EMPTY_VALUE, name)
            else:
                self.field_problem(node, codes.WRONG_TYPE, name, "read-as", value=node.value, what=_(what))
            return INVALID
        if not node.value.strip():
            self.field_problem(node, codes.EMPTY_VALUE, name)
            return INVALID
        return self.without_control(node, node.value, name, spec)

    def without_control(self, node: yaml.Node, value: str, name: Name, spec: Any = None) -> Any:
        found = spec.control(value) if isinstance(spec, Text) else control_in(value, prose=True)
        if found is None:
            return value
        char = found.group()
        self.field_problem(node, codes.CONTROL_CHARACTER, name, control_kind(char), number=f"{ord(char):04X}")
        return INVALID

    def count(self, node: yaml.ScalarNode, spec: Count, name: Name) -> Any:
        if node.tag == _T + "int" and node.value.isdigit() and spec.least <= int(node.value) <= spec.most:
            return int(node.value)
        meant = node.value.translate(HALF_WIDTH).strip()
        if meant != node.value and meant.isascii() and meant.isdigit():  # １０ typed with a Chinese keyboard
            self.field_problem(node, codes.BAD_VALUE, name, "count-full-width", value=node.value,
                               chars=wide_chars(node.value), ascii=meant)  # fmt: skip
            return INVALID
        self.field_problem(node, codes.BAD_VALUE, name, "count", value=node.value, least=spec.least, most=spec.most)
        return INVALID

    def day(self, node: yaml.ScalarNode, name: Name) -> Any:
        value = node.value
        if node.tag == _T + "null" and node.style in ("", None):
            self.field_problem(node, codes.EMPTY_VALUE, name, "date")
            return INVALID
        try:
            return parse_day(value)
        except NotADate as e:
            if e.real:
                self.field_problem(node, codes.BAD_DATE, name, "not-real", value=value)
                return INVALID
        try:
            meant = typed_day(value)  # 2026年12月31日, 2026/12/31, ２０２６．１２．３１, 2026-12-31 and a U+3000
        except ValueError:
            meant = None
        wide = wide_chars(value)
        ascii_value = value.translate(FULL_WIDTH_DIGITS)
        if meant is not None or ascii_value != value:
            iso = meant.isoformat() if meant is not None else ascii_value.strip()
            if not wide:
                variant = "spelling"
            elif all("０" <= c <= "９" for c in value if c == "\u3000" or "\uff01" <= c <= "\uff5e"):
                variant = "full-width"  # only full-width digits
            else:
                variant = "full-width-marks"
            self.field_problem(node, codes.BAD_DATE, name, variant, value=value, ascii=iso, chars=wide)
            return INVALID
        if node.tag in (_T + "int", _T + "float"):
            variant = "number"
        else:
            variant = "with-time" if DATE_RE.match(value.strip()) else ""
        self.field_problem(node, codes.BAD_DATE, name, variant, value=value)
        return INVALID

    def list_of(self, node: yaml.Node, spec: ListOf, name: Name) -> Any:
        if isinstance(node, yaml.ScalarNode) and spec.scalar_ok:
            value = self.read(node, spec.of, name)
            if spec.names and self.separated([node], [value], name, "[{}]"):
                return INVALID
            return INVALID if value is INVALID else [value]
        if not isinstance(node, yaml.SequenceNode):
            first = node.value.lstrip()[:2] if isinstance(node, yaml.ScalarNode) and not node.style else ""
            if first[:1] in WIDE_DASHES:  # `－ 措施`: a list typed with a Chinese keyboard's dash
                self.field_problem(node, codes.WRONG_TYPE, name, "wide-dash", dash=first[0])
            elif first[:1] == "-" and len(first) == 2:  # `-措施`: YAML needs the space
                self.field_problem(node, codes.WRONG_TYPE, name, "dash-no-space")
            else:
                self.not_a(node, name, _("a list (a '- ' line per entry)"), "list")
            return INVALID
        values = [self.read(child, spec.of, (name, n)) for n, child in enumerate(node.value, 1)]
        if spec.names and self.separated(node.value, values, name, "{}" if node.flow_style else ""):
            return INVALID
        return INVALID if any(v is INVALID for v in values) else values

    def separated(self, nodes: list[yaml.Node], values: list[Any], name: Name, form: str) -> bool:
        """A name list written with a Chinese keyboard's comma ([办公室，秘书股]): one name, to YAML. `form`
        is how the names are written apart: `[{}]` for a value, `{}` inside [ ], "" for '- ' lines."""
        for node, value in zip(nodes, values, strict=True):
            if isinstance(value, str) and (marks := [c for c in SEPARATORS if c in value]):
                parts = [p.strip() for p in re.split(f"[{''.join(SEPARATORS)}]", value) if p.strip()]
                named = enumeration(_(SEPARATORS[c]) for c in marks)
                if form:
                    self.field_problem(node, codes.WRONG_TYPE, name, "separated", value=value, chars=named,
                                       fixed=form.format(", ".join(parts)))  # fmt: skip
                else:
                    self.field_problem(node, codes.WRONG_TYPE, name, "separated-lines", value=value, chars=named,
                                       fixed=enumeration(f"`- {p}`" for p in parts))  # fmt: skip
                return True
        return False

    def not_a(self, node: yaml.Node, name: Name, expected: str, if_empty: str = "") -> None:
        """The problem of a value that is not the list or mapping it should be: empty (`if_empty` the variant
        of empty-value to give), or something else."""
        if isinstance(node, yaml.ScalarNode) and node.tag == _T + "null" and node.style in ("", None):
            self.field_problem(node, codes.EMPTY_VALUE, name, if_empty)
            return
        if isinstance(node, yaml.ScalarNode):
            found = f"'{node.value}'"
        else:
            found = _("a list") if isinstance(node, yaml.SequenceNode) else _("a mapping")
        self.field_problem(node, codes.WRONG_TYPE, name, expected=expected, found=found)

    def mapping_pairs(self, node: yaml.Node, name: Name) -> dict[str, tuple[yaml.Node, yaml.Node]] | None:
        """A mapping's entries by key; duplicate and non-text keys are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.not_a(node, name, _("a mapping (key: value lines)"))
            return None
        pairs: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.field_problem(key_node, codes.WRONG_TYPE, name, "key")
                continue
            key = key_node.value
            if key in pairs:
                first = pairs[key][0].start_mark.line + 1
                self.field_problem(key_node, codes.DUPLICATE_KEY, (name, key), first=first)
                continue
            pairs[key] = (key_node, value_node)
        return pairs

    def field_problem(
        self, node: yaml.Node | None, code: Code, name: Name, variant: str = "", /, **values: Any
    ) -> None:
        """A problem of one field: its message after the field's name (`log[2].date: …`)."""
        self.field_given(node, code, name, code.text(variant, **values))

    def field_given(self, node: yaml.Node | None, code: Code, name: Name, message: str) -> None:
        field = label(name)
        self.given(node, code, _("{field}: {message}").format(field=field, message=message) if field else message)

    def fields(self, node: yaml.Node, spec: Fields, name: Name, pairs: Pairs | None = None) -> Any:
        pairs = self.mapping_pairs(node, name) if pairs is None else pairs
        if pairs is None:
            return INVALID
        values: dict[str, Any] = {}
        bad = False
        for key, (key_node, value_node) in pairs.items():
            field_name = (name, key)
            if key not in spec.fields:
                meant = key.translate(HALF_WIDTH).strip()
                if meant in spec.fields and meant != key:  # `category　:` typed with a Chinese keyboard
                    self.field_problem(key_node, codes.UNKNOWN_KEY, field_name, "full-width", chars=wide_chars(key),
                                       key=meant)  # fmt: skip
                else:
                    self.field_problem(key_node, codes.UNKNOWN_KEY, field_name, hint=suggest(key, spec.fields))
                bad = True
                continue
            value = self.read(value_node, spec.fields[key], field_name)
            if value is INVALID:
                bad = True
            else:
                values[key] = value
        for key in spec.required:
            if key not in pairs:
                self.field_problem(node, codes.MISSING_FIELD, (name, key))
                bad = True
        if not bad and spec.rules is not None:
            for code, key, message in spec.rules(values):
                self.field_given(pairs[key][1] if key in pairs else node, code, (name, key), message)
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
            self.field_problem(node, codes.TOO_DEEP, name, depth=MAX_DEPTH)
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
                    what = _(TYPE_NAMES.get(key_node.tag, N_("not text")))
                    self.field_problem(key_node, codes.WRONG_TYPE, (name, key), "key-read-as", key=key, what=what)
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
            self.field_problem(node, codes.WRONG_TYPE, name, "long-number")
            return INVALID
        except yaml.YAMLError:
            self.field_problem(node, codes.WRONG_TYPE, name, "not-plain", value=node.value)
            return INVALID
        if isinstance(value, float) and not math.isfinite(value):
            self.field_problem(node, codes.WRONG_TYPE, name, "not-finite", value=node.value)
            return INVALID
        return value


def top_mapping(reader: Reader, node: yaml.Node | None, what: str) -> bool:
    if node is None:
        reader.problems.append(codes.EMPTY_FILE.problem(reader.path, what=what))
        return False
    if not isinstance(node, yaml.MappingNode):
        found = _("a list") if isinstance(node, yaml.SequenceNode) else f"'{node.value}'"
        reader.problem(node, codes.NOT_MAPPING, what=what, found=found)
        return False
    return True
