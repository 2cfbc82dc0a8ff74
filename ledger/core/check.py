"""Every rule of a valid ledger, each with its one message: item files, ledger.yaml and the two together."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import yaml

from ledger.core import problems as codes
from ledger.core.errors import LedgerError
from ledger.core.i18n import _, enumeration, language, ngettext
from ledger.core.model import (
    DEFAULT_LABELS,
    POSITION_KEYS,
    Category,
    Config,
    HasProblems,
    Item,
    ItemFile,
    Ledger,
    Problem,
    Record,
    Status,
    id_key,
    item_from_record,
)
from ledger.core.schema import CONFIG, ITEM, LOG_ENTRY, Pairs, Reader, suggest, top_mapping

# A measure written with its own numbering: 一是 （一） (1) 1. 1、 ① 第一，
NUMBERED_POINT = "|".join(
    (
        r"[一二三四五六七八九十]+是",
        r"[（(][一二三四五六七八九十0-9]+[）)]",
        r"[0-9]+[.、．]",
        "[①-⑳]",
        r"第[一二三四五六七八九十]+[，、,]",
    )
)


# --- ledger.yaml --------------------------------------------------------------------------


def check_config(path: str, node: yaml.Node | None) -> tuple[Config, list[Problem]]:
    """ledger.yaml as a Config; with problems, as much of it as could be read."""
    reader = Reader(path)
    data: dict[str, Any] = {}
    pairs: Pairs = {}
    if top_mapping(reader, node, _("the ledger's settings (title:, issuer:, categories: …)")) and node is not None:
        pairs = reader.mapping_pairs(node, "") or {}
        data = reader.fields(node, CONFIG, "", pairs)
    categories: list[Category] = []
    cats = data.get("categories")
    if cats is not None:
        nodes = pairs["categories"][1].value
        if not cats:
            reader.problem(pairs["categories"][1], codes.MISSING_FIELD, "categories")
        for n, (cat, cat_node) in enumerate(zip(cats, nodes, strict=True), 1):
            if cat["key"] in (c.key for c in categories):
                reader.problem(cat_node, codes.DUPLICATE_CATEGORY, number=n, key=cat["key"])
                continue
            categories.append(Category(cat["key"], cat["title"], cat_node.start_mark.line + 1))
    labels = {Status(code): label for code, label in data.get("status_labels", {}).items()}
    config = Config(data, categories, labels, list(data.get("close_requires", [])))
    date_order(reader, pairs, data)
    if node is not None:
        placeholders(reader, node, "")
    return config, reader.problems


PLACEHOLDER = "×"  # what ledger init's example writes where an office's own names go (××党组, 第×巡察组)
SKELETON_TEXT = re.compile(r"@[A-Z]+@")  # what init fills in itself (the dates)


def example_values() -> frozenset[str]:
    """The values of ledger init's example that stand for an office's own (0000-0000000, example@…): every text of
    the skeleton's ledger.yaml, in both languages, that holds ×, only zeros, or an example address; read from the
    skeleton itself, so they stay in step with it."""
    global EXAMPLE_VALUES
    if EXAMPLE_VALUES is None:
        from importlib.resources import files

        found: set[str] = set()
        for name in ("ledger.yaml", "ledger.zh.yaml"):
            text = SKELETON_TEXT.sub("x", (files("ledger") / "skeleton" / name).read_text(encoding="utf-8"))
            found |= {v for v in scalar_texts(yaml.safe_load(text)) if is_example(v)}
        EXAMPLE_VALUES = frozenset(found)
    return EXAMPLE_VALUES


EXAMPLE_VALUES: frozenset[str] | None = None


def scalar_texts(data: Any) -> list[str]:
    if isinstance(data, dict):
        return [t for v in data.values() for t in scalar_texts(v)]
    if isinstance(data, list):
        return [t for v in data for t in scalar_texts(v)]
    return [str(data)] if isinstance(data, str | int) and not isinstance(data, bool) else []


def is_example(value: str) -> bool:
    return PLACEHOLDER in value or bool(re.fullmatch(r"[0\-\s]{6,}", value)) or "@example." in value


def placeholders(reader: Reader, node: yaml.Node, field: str) -> None:
    """A value still holding the example's ×× (or its 0000-0000000, example@example.gov.cn) would be printed in
    the notice as it is."""
    if isinstance(node, yaml.ScalarNode):
        value = str(node.value)
        if PLACEHOLDER in value:
            run = max(re.findall(f"{PLACEHOLDER}+", value), key=len)
            reader.problem(node, codes.PLACEHOLDER, field=field, placeholder=run)
        elif value.strip() in example_values():
            reader.problem(node, codes.PLACEHOLDER, field=field, placeholder=value.strip())
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            placeholders(reader, value, f"{field}.{key.value}" if field else str(key.value))
    elif isinstance(node, yaml.SequenceNode):
        for n, value in enumerate(node.value, 1):
            placeholders(reader, value, f"{field}[{n}]")


def date_order(reader: Reader, pairs: Pairs, data: dict[str, Any]) -> None:
    """The inspection on site, then its feedback; the notice's date, then the end of 公开期限."""
    for section, keys in (("inspection", ("start", "end", "feedback")), ("publication", ("date", "until"))):
        values = data.get(section) or {}
        present = [(k, values[k]) for k in keys if k in values]
        for (first, early), (second, late) in zip(present, present[1:], strict=False):
            if early > late:
                node = pairs[section][1]
                at = next((v for k, v in node.value if k.value == second), node)
                values = {"section": section, "first": first, "second": second, "early": early, "late": late}
                reader.problem(at, codes.DATE_ORDER, **values)


# --- One item file ---------------------------------------------------------------------------


def check_item(path: str, item_id: str, node: yaml.Node | None, text: str | None = None) -> ItemFile:
    """One item file: the Item (None if the file has errors), its problems, and where its keys are.

    The rules that need ledger.yaml (`config_problems`) run apart, so that what is found
    here depends on the file alone and can be cached.
    """
    reader = Reader(path)
    if not top_mapping(reader, node, _("one item (title:, category:, status: …)")) or node is None:
        return ItemFile(None, reader.problems)
    top: yaml.Node = node
    pairs = reader.mapping_pairs(node, "") or {}
    data = reader.fields(node, ITEM, "", pairs)
    positions: list[int] = []  # line and column of each of POSITION_KEYS, 0 where it is absent: few bytes per item
    for key in POSITION_KEYS:
        mark = pairs[key][1].start_mark if key in pairs else None
        positions += (mark.line + 1, mark.column + 1) if mark else (0, 0)

    def at(key: str) -> yaml.Node:
        return pairs[key][1] if key in pairs else top

    for n, measure in enumerate(data.get("measures", []), 1):
        prefix = re.match(NUMBERED_POINT, measure)  # compiled on first use: a warm cache never needs it
        if prefix:
            reader.problem(at("measures").value[n - 1], codes.MEASURE_PREFIX, number=n, prefix=prefix.group())
    if text is not None:
        inline_comments(reader, pairs, text)
        sub_lists(reader, pairs, text)
    if "status" in data:
        status = Status(data["status"])
        if status is Status.DONE and "closed" not in pairs:
            reader.problem(at("status"), codes.STATUS_CLOSED)
        elif status is not Status.DONE and "closed" in pairs:
            reader.problem(at("closed"), codes.STATUS_CLOSED, "not-done", status=status.value)
        if "measures" not in pairs or data.get("measures") == []:
            if status is Status.OPEN:
                reader.problem(at("measures"), codes.NO_MEASURES)
            else:
                at_measures = at("measures") if "measures" in pairs else at("status")
                said_as = DEFAULT_LABELS[status] if language() == "zh" else status.value  # 正在推进, not in_progress
                reader.problem(at_measures, codes.MISSING_FIELD, "measures", status=said_as)
    log = data.get("log") or []
    days = [entry.get("date") if isinstance(entry, dict) else None for entry in log]
    for n in range(1, len(log)):
        day, before = days[n], days[n - 1]
        if isinstance(day, date) and isinstance(before, date) and day < before:
            reader.problem(at("log").value[n], codes.LOG_ORDER, number=n + 1, day=days[n], before=days[n - 1])
    category = data.get("category") if isinstance(data.get("category"), str) else None
    if any(p.is_error for p in reader.problems):
        return ItemFile(None, reader.problems, category, positions)
    item = item_from_record({"id": item_id, "path": path, **data})
    return ItemFile(item, reader.problems, category, positions)


COMMENTED = ("title", "measures", "problem", "outcome")  # text where a ` #` would cut a sentence short


TRAILING_COMMENT = re.compile(r"[ \t]+#")


def inline_comments(reader: Reader, pairs: Pairs, text: str) -> None:
    """A comment after a value on its line, in the text the notice prints: YAML cut the value at ` #`."""
    for key in COMMENTED:
        if key not in pairs:
            continue
        node = pairs[key][1]
        values = node.value if isinstance(node, yaml.SequenceNode) and not node.flow_style else [node]
        for n, value in enumerate(values, 1):
            if not isinstance(value, yaml.ScalarNode) or value.style not in ("", None):
                continue
            end = value.end_mark.index
            line_end = text.find("\n", end)
            if TRAILING_COMMENT.match(text, end, line_end if line_end >= 0 else len(text)):
                name = f"{key}[{n}]" if values != [node] and isinstance(node, yaml.SequenceNode) else key
                reader.problem(value, codes.INLINE_COMMENT, field=name)


def sub_lists(reader: Reader, pairs: Pairs, text: str) -> None:
    """Plain text that runs on over lines starting with `- `: a list YAML joined into the text. Under an entry of
    a list (`- 一是…` then a deeper `- …`: measures, evidence, tags) a sub-list; under any other text (problem,
    outcome, a log entry's note) lines meant apart. Placed at the first such line."""
    for key, (_key_node, node) in pairs.items():
        if isinstance(node, yaml.SequenceNode) and not node.flow_style:
            for n, value in enumerate(node.value, 1):
                if isinstance(value, yaml.ScalarNode):
                    joined_list(reader, value, text, f"{key}[{n}]", "")
                elif isinstance(value, yaml.MappingNode):  # a log entry
                    for entry_key, entry_value in value.value:
                        if isinstance(entry_key, yaml.ScalarNode) and isinstance(entry_value, yaml.ScalarNode):
                            joined_list(reader, entry_value, text, f"{key}[{n}].{entry_key.value}", entry_key.value)
        elif isinstance(node, yaml.ScalarNode):
            joined_list(reader, node, text, key, key)


def joined_list(reader: Reader, value: yaml.ScalarNode, text: str, field: str, key: str) -> None:
    """One plain scalar over several lines, a line of it starting with `- ` (`key`: the text's own key, "" for
    an entry of a list)."""
    if value.style not in ("", None) or value.start_mark.line == value.end_mark.line:
        return
    lines = text[value.start_mark.index : value.end_mark.index].split("\n")[1:]
    for offset, line in enumerate(lines, 1):
        if line.strip() == "-" or line.lstrip().startswith("- "):
            column = len(line) - len(line.lstrip()) + 1
            number = value.start_mark.line + 1 + offset
            reader.problems.append(
                codes.NESTED_LIST.problem(reader.path, number, column, "text" if key else "", field=field, key=key)
            )
            return


# kind: (required keys, allowed keys, what `from` and `to` are)
LOG_RULES = {
    "note": ({"note"}, {"note"}, None),
    "status": ({"from", "to"}, {"from", "to", "note"}, "status"),
    "deadline": ({"to"}, {"from", "to", "note"}, "date"),  # a moved deadline (with `from`) needs its note too
    "assign": ({"field", "to"}, {"field", "from", "to", "note"}, "names"),  # `from` absent: none was named before
    "close": (set(), {"note"}, None),
    "reopen": ({"from", "note"}, {"from", "note"}, "date"),
}
STATUS_CODES = [s.value for s in Status]
ENTRY_KEYS = ("field", "from", "to", "note")  # the keys whose presence the kind decides


def log_entry_problems(entry: dict[str, Any]) -> list[tuple[codes.Code, str, str]]:
    """What a log entry of its kind lacks or has wrongly: a note needs its text, a change what it changed."""
    kind = entry.get("kind", "note")
    if kind == "note" and "note" in entry and len(entry) <= 3 and not entry.keys() & {"from", "to", "field"}:
        return []  # the common case: {date, note}
    has = {k for k in ENTRY_KEYS if k in entry}
    required, allowed, values = LOG_RULES[kind]
    if kind == "deadline" and "from" in entry:
        required = required | {"note"}
    variant = "log-entry-an" if kind[0] in "aeiou" else "log-entry"  # an assign entry, a note entry
    problems = [(codes.MISSING_FIELD, key, codes.MISSING_FIELD.text(variant, kind=kind))
                for key in sorted(required - has)]  # fmt: skip
    problems += [(codes.UNKNOWN_KEY, key, codes.UNKNOWN_KEY.text(variant, kind=kind))
                 for key in sorted(has - allowed)]  # fmt: skip
    for key in sorted(has & allowed & {"from", "to"}):
        value = entry[key]
        if values == "names":
            found = change_value_problem(entry.get("field"), value)
            if found:
                problems.append((found[0], key, found[1]))
        elif isinstance(value, list):
            expected = _("a date (YYYY-MM-DD)") if values == "date" else _("text")
            problems.append((codes.WRONG_TYPE, key, codes.WRONG_TYPE.text(expected=expected, found=_("a list"))))
        elif values == "status" and value not in STATUS_CODES:
            message = codes.BAD_STATUS.text("log-entry", value=value, choices=enumeration(STATUS_CODES))
            problems.append((codes.BAD_STATUS, key, message))
        elif values == "date" and not isinstance(value, date):
            problems.append((codes.BAD_DATE, key, codes.BAD_DATE.text("log-entry", value=value)))
    return problems


def change_value_problem(field: Any, value: Any) -> tuple[codes.Code, str] | None:
    """What is wrong with an assign entry's `from` or `to`: a name (a department's may be a list of names)."""
    if isinstance(value, date):
        return codes.WRONG_TYPE, codes.WRONG_TYPE.text(expected=_("a name"), found=f"'{value.isoformat()}'")
    if isinstance(value, list) and field != "department":
        return codes.WRONG_TYPE, codes.WRONG_TYPE.text(expected=_("a name"), found=_("a list"))
    if value == []:
        return codes.EMPTY_VALUE, codes.EMPTY_VALUE.text("list")
    return None


LOG_ENTRY.rules = log_entry_problems


def config_problems(path: str, result: ItemFile, config: Config) -> list[Problem]:
    """The rules of an item file that depend on ledger.yaml: its category exists, close_requires holds."""
    problems = []
    if result.category is not None:
        message = unknown_category(result.category, config)
        if message:
            message = _("{field}: {message}").format(field="category", message=message)
            problems.append(codes.UNKNOWN_CATEGORY.given(path, message, *result.at("category")))
    item = result.item
    feedback = (config.data.get("inspection") or {}).get("feedback")
    if item is not None and item.closed is not None and feedback is not None and item.closed < feedback:
        values = {"closed": item.closed, "feedback": feedback}
        problems.append(codes.DATE_ORDER.problem(path, *result.at("closed"), "closed", **values))
    if item is not None and item.status is Status.DONE:
        for key in config.close_requires:
            if getattr(item, key, None) in (None, "", [], {}):
                problems.append(codes.CLOSE_REQUIRES.problem(path, *result.at("status"), key=key))
    return problems


def unknown_category(key: str, config: Config, typed: bool = False) -> str | None:
    """Why `key` is not a category of ledger.yaml, or None when it is (or ledger.yaml names none to check).

    `typed`: as the command line names one, by key or title; the categories are listed with their titles."""
    if not config.categories or config.category(key) is not None:
        return None
    if typed and not suggest(key, [c.key for c in config.categories]):  # else: did you mean 'conduct'?
        pattern = "{key} ({title})" if language() == "en" else "{key}（{title}）"
        choices = enumeration(pattern.format(key=c.key, title=c.title) for c in config.categories)
        return codes.UNKNOWN_CATEGORY.text("typed", key=key, choices=choices)
    keys = [c.key for c in config.categories]
    hint = suggest(key, keys) or _("; use one of {choices}").format(choices=enumeration(keys))
    return codes.UNKNOWN_CATEGORY.text(key=key, hint=hint)


# --- Across files ------------------------------------------------------------------------


def duplicate_ids(files: list[tuple[str, str]]) -> dict[str, Problem]:
    """Files whose ids name the same item (8, 08 and 008 do), each with its problem.

    A first pass keeps one small key per file (a number for a numeric id) and lists only the ids
    met twice: tens of thousands of files, and this runs while all their items are in memory.
    """
    seen: set[Any] = set()
    twice: set[Any] = set()
    for item_id, _rel in files:
        key = int(item_id) if item_id.isdigit() else id_key(item_id)
        if key in seen:
            twice.add(key)
        seen.add(key)
    del seen
    by_id: dict[Any, list[tuple[str, str]]] = {}
    for item_id, rel in files if twice else ():
        key = int(item_id) if item_id.isdigit() else id_key(item_id)
        if key in twice:
            by_id.setdefault(key, []).append((item_id, rel))
    found: dict[str, Problem] = {}
    for same in by_id.values():
        for item_id, rel in same:
            others = enumeration(r for _a, r in same if r != rel)
            found[rel] = codes.DUPLICATE_ID.problem(rel, id=item_id, others=others)
    return found


def empty_categories(config: Config, items: list[Item]) -> list[Problem]:
    used = {i.category for i in items}
    return [
        codes.EMPTY_CATEGORY.problem("ledger.yaml", c.line, key=c.key) for c in config.categories if c.key not in used
    ]


def refuse_invalid(ledger: Ledger, doing: str) -> None:
    """Reports and exports are refused while any file has errors: half a ledger misleads."""
    errors = len(ledger.errors)
    if errors:
        raise LedgerError(
            ngettext(
                "the ledger has {n} error; fix it before {doing} (`ledger validate` lists it)",
                "the ledger has {n} errors; fix them before {doing} (`ledger validate` lists them)",
                errors,
            ).format(n=errors, doing=_(doing))
        )


class Verdict(Record, HasProblems):
    """What `validate` found: every problem, how many item files were checked, and whether that passes."""

    __slots__ = ("problems", "files", "strict", "root")
    problems: list[Problem]
    files: int
    strict: bool
    root: Any  # the ledger's folder, for paths relative to the current one

    def __init__(self, problems: list[Problem], files: int, strict: bool = False, root: Any = None) -> None:
        self.problems, self.files, self.strict, self.root = problems, files, strict, root

    @property
    def ok(self) -> bool:
        return not self.errors and not (self.strict and self.warnings)

    def summary(self) -> str:
        from ledger.core.i18n import _, ngettext

        errors, warnings = len(self.errors), len(self.warnings)
        counts = _("{errors}, {warnings}").format(
            errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
            warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        )
        found = counts if errors or warnings else _("no problems")
        return ngettext(
            "Checked ledger.yaml and {n} item file: {found}.",
            "Checked ledger.yaml and {n} item files: {found}.",
            self.files,
        ).format(n=self.files, found=found)


# --- Against an earlier version (validate --against REV) --------------------------------------------------


def history_problems(old: Ledger, now: Ledger, rev: str) -> list[Problem]:
    """The rules that guard a ledger's history in review: nothing removed, 销号 dates kept, logs append-only."""
    problems = []
    before = {id_key(i.id): i for i in old.items}
    now_files = {id_key(item_id) for item_id, _a in now.files}
    gone: dict[Any, tuple[str, str]] = {}  # every item file at REV, valid or not: one with errors is no less an item
    for item_id, path in old.files:
        if id_key(item_id) not in now_files:
            gone.setdefault(id_key(item_id), (item_id, path))
    for item_id, path in sorted(gone.values(), key=lambda f: id_key(f[0])):
        problems.append(codes.ITEM_REMOVED.problem(path, id=item_id, rev=rev, path=path))
    for item in now.items:
        was = before.get(id_key(item.id))
        if was is not None:
            found = item_history_problems(was, item, rev)
            if found:  # placed only now, by reading the file again: a ledger keeps no places for this rare case
                from ledger.core.source import places

                at = places(now.root, item.path)
                problems += [code.problem(item.path, *(at.get(place) or (None, None)), **values)
                             for place, code, values in found]  # fmt: skip
    return problems


def item_history_problems(was: Item, item: Item, rev: str) -> list[tuple[str, codes.Code, dict[str, Any]]]:
    """(what it is about: a key or log[n], code, its message's values) of each problem; the caller places them."""
    found: list[tuple[str, codes.Code, dict[str, Any]]] = []

    if was.status is Status.DONE and item.status is Status.DONE and was.closed != item.closed:
        found.append(("closed", codes.CLOSED_CHANGED, {"closed": item.closed, "was": was.closed, "rev": rev}))
    added = [entry for entry in item.log if entry not in was.log]  # even where an old entry was changed
    if was.status is Status.DONE and item.status is not Status.DONE and not any(e.kind == "reopen" for e in added):
        found.append(("status", codes.SILENT_REOPEN, {"rev": rev, "status": item.status.value}))
    changed = first_missing(was.log, item.log)
    if changed is not None:
        found.append((f"log[{changed}]", codes.LOG_REWRITTEN, {"number": changed, "rev": rev}))
    return found


def first_missing(old: list[Any], new: list[Any]) -> int | None:
    """The number (from 1) of the first entry of `old` that `new` no longer holds in its order, or None when
    every one is there: new entries may come between them (a back-dated note goes where its date belongs)."""
    at = 0
    for n, entry in enumerate(old, 1):
        while at < len(new) and new[at] != entry:
            at += 1
        if at == len(new):
            return n
        at += 1
    return None
