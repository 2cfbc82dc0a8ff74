"""What changed since a notice, and an item's life, for people and for a cover report."""

from __future__ import annotations

from typing import Any

from ledger.core.i18n import N_, _, said
from ledger.core.model import Ledger, Record, id_key
from ledger.core.zh import cn_date
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

    def add(label: str, rows: list[str]) -> None:
        from rich.cells import cell_len

        label = _(label) + _(":")
        lines.extend(f"  {label}{' ' * max(0, 10 - cell_len(label))} {row}" for row in rows)

    def name(item_id: str) -> str:
        return f"{item_id} {names.get(id_key(item_id), '')}".rstrip()

    on = _("{what} ({day})")
    to = _("{item}: {old} -> {new}")
    add(N_("added"), [name(i) for i in r["added"]])
    add(N_("removed"), [name(i) for i in r["removed"]])
    add(N_("closed"), [on.format(what=name(c["id"]), day=c["closed"]) for c in r["closed"]])
    add(N_("reopened"), [on.format(what=name(c["id"]), day=c["date"]) if c["date"] else name(c["id"])
                         for c in r["reopened"]])  # fmt: skip
    add(N_("status"), [to.format(item=name(c["id"]), old=c["from"], new=c["to"]) for c in r["status"]])
    none = _("none")
    add(N_("deadline"), [to.format(item=name(c["id"]), old=c["from"] or none, new=c["to"] or none)
                         for c in r["deadline"]])  # fmt: skip
    add(N_("note"), [f"{c['id']} {c['date']} {c['note']}" for c in r["notes"]])
    add(N_("overdue"), [name(i) for i in r["newly_overdue"]])
    if len(lines) == 1:
        lines.append("  " + _("no changes"))
    return printable("\n".join(lines), keep="\n") + "\n"


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
    if r["notes"]:
        parts.append(f"记录整改进展{len(r['notes'])}条")
    if r["newly_overdue"]:
        parts.append(f"新逾期{len(r['newly_overdue'])}个（{numbers(r['newly_overdue'], places)}）")
    opening = f"自{cn_date(changes.old.notice_day)}通报以来，"
    return opening + ("，".join(parts) if parts else "整改台账无变化") + "。\n"


def history_text(entries: list[dict[str, Any]]) -> str:
    lines = []
    for entry in entries:
        lines.append(f"{entry['date']}  {entry['author']}  {entry['subject']} ({entry['commit'][:7]})")
        lines.append("    " + _(", ").join(said(word) for word in entry["changes"]))
    return printable("\n".join(lines), keep="\n") + "\n"
