"""What changed since a notice, and an item's life, for people and for a cover report."""

from __future__ import annotations

from typing import Any

from ledger.core.i18n import N_, _, language, said
from ledger.core.model import Ledger, Record, Status, id_key
from ledger.core.schema import field_name
from ledger.core.zh import assign_text, cn_date
from ledger.output import printable


class Changes(Record):
    """`ledger changes`: the result (its JSON), the ledger then and now."""

    __slots__ = ("result", "old", "now")
    result: dict[str, Any]
    old: Any  # history.Revision
    now: Ledger

    def __init__(self, result: dict[str, Any], old: Any, now: Ledger) -> None:
        self.result, self.old, self.now = result, old, now


def titles(changes: Changes) -> dict[tuple[Any, ...], str]:
    found = {id_key(i.id): i.title for i in changes.old.ledger.items}
    return found | {id_key(i.id): i.title for i in changes.now.items}


def changes_text(changes: Changes) -> str:
    r, names = changes.result, titles(changes)
    old = changes.old
    dated = "" if old.notice_day == old.day else _(", the notice dated {day}").format(day=old.notice_day.isoformat())
    lines = [
        _("Since {since} ({commit}, {day}{dated}), as of {as_of}:").format(
            since=r["since"], commit=r["commit"][:7], day=old.day.isoformat(), dated=dated, as_of=r["as_of"]
        )
    ]

    groups: list[tuple[str, list[str]]] = []

    def add(label: str, rows: list[str]) -> None:
        if rows:
            groups.append((_(label) + _(":"), rows))

    def name(item_id: str) -> str:
        return f"{item_id} {names.get(id_key(item_id), '')}".rstrip()

    on = _("{what} ({day})")
    to = _("{item}: {old} -> {new}")
    add(N_("added"), [name(i) for i in r["added"]])
    add(N_("removed"), [name(i) for i in r["removed"]])
    add(N_("closed"), [on.format(what=name(c["id"]), day=c["closed"]) for c in r["closed"]])
    add(N_("reopened"), [on.format(what=name(c["id"]), day=c["date"]) if c["date"] else name(c["id"])
                         for c in r["reopened"]])  # fmt: skip
    label = changes.now.config.label
    add(N_("status"), [to.format(item=name(c["id"]), old=label(Status(c["from"])), new=label(Status(c["to"])))
                       if language() == "zh" else to.format(item=name(c["id"]), old=c["from"], new=c["to"])
                       for c in r["status"]])  # fmt: skip
    none = _("none")
    add(N_("deadline"), [to.format(item=name(c["id"]), old=c["from"] or none, new=c["to"] or none)
                         for c in r["deadline"]])  # fmt: skip
    moved = _("{item}: {field} {old} -> {new}")
    add(N_("reassigned"), [moved.format(item=name(c["id"]), field=said(field_name(c["field"])),
                                        old=names_text(c["from"]) or none, new=names_text(c["to"]) or none)
                           for c in r.get("assign", [])])  # fmt: skip
    add(N_("note"), [f"{c['id']} {c['date']} {c['note']}" for c in r["notes"]])
    add(N_("overdue"), [name(i) for i in r["newly_overdue"]])
    from rich.cells import cell_len

    width = max([10, *(cell_len(label) for label, _rows in groups)])  # the rows line up after the longest label
    lines += [f"  {label}{' ' * (width - cell_len(label))} {row}" for label, rows in groups for row in rows]
    if len(lines) == 1:
        lines.append("  " + _("no changes"))
    return printable("\n".join(lines), keep="\n") + "\n"


def names_text(value: Any) -> str:
    """A leader, an owner or departments in words: 办公室、秘书科; "" for none."""
    if isinstance(value, list):
        return "、".join(value)
    return value or ""


def numbered(ledger: Ledger) -> dict[tuple[Any, ...], int]:
    """Each public item's number in the notice (1.…, 2.…, running across the categories)."""
    return {id_key(i.id): n for n, i in enumerate((i for i in ledger.items if i.public), 1)}


def numbers(ids: list[str], places: dict[tuple[Any, ...], int]) -> str:
    """第2、8项 by the items' numbers in the notice; an item the notice does not print by its 编号."""
    said = [f"第{places[id_key(i)]}项" if id_key(i) in places else f"编号{i}" for i in ids]
    return "、".join(said)


def changes_markdown(changes: Changes) -> str:
    """自2026年1月21日通报以来，新完成整改2个（第2、8项），……。"""
    r = changes.result
    places = numbered(changes.now)
    parts = []
    for count, phrase, ids in (
        (len(r["added"]), "新增问题{n}个", r["added"]),
        (len(r["closed"]), "新完成整改{n}个", [c["id"] for c in r["closed"]]),
        (len(r["reopened"]), "重新整改{n}个", [c["id"] for c in r["reopened"]]),
        (len(r["status"]), "调整整改状态{n}个", [c["id"] for c in r["status"]]),
        (len(r["deadline"]), "调整完成时限{n}个", [c["id"] for c in r["deadline"]]),
        (len(r["removed"]), "移出台账{n}个", r["removed"]),
    ):
        if count:
            parts.append(phrase.format(n=count) + f"（{numbers(ids, places)}）")
    if r.get("assign"):
        moves = [f"{numbers([c['id']], places)}{assign_text(c['field'], c['from'], c['to'])}" for c in r["assign"]]
        parts.append(f"调整责任分工{len({id_key(c['id']) for c in r['assign']})}个（{'；'.join(moves)}）")
    if r["notes"]:
        parts.append(f"记录整改进展{len(r['notes'])}条")
    if r["newly_overdue"]:
        parts.append(f"新逾期{len(r['newly_overdue'])}个（{numbers(r['newly_overdue'], places)}）")
    opening = f"自{cn_date(changes.old.notice_day)}通报以来，"
    return opening + ("，".join(parts) if parts else "整改台账无变化") + "。\n"


def history_text(entries: list[dict[str, Any]]) -> str:
    lines = []
    for entry in entries:
        commit = _(" ({commit})").format(commit=entry["commit"][:7])  # （abc1234） in Chinese
        lines.append(f"{entry['date']}  {entry['author']}  {entry['subject']}{commit}")
        lines.append("    " + _(", ").join(said(word) for word in entry["changes"]))
    return printable("\n".join(lines), keep="\n") + "\n"
