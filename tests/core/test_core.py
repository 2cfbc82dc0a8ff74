"""The core without the command line: finding the root, ids, decoding, overdue."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import write_ledger
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.errors import LedgerError
from ledger.core.load import find_root, load_ledger
from ledger.core.model import (
    Category,
    Config,
    Item,
    Ledger,
    LogEntry,
    Status,
    id_key,
    is_valid_id,
    item_from_record,
    item_record,
)
from ledger.core.query import Filters, find_item, select_items, sort_items
from ledger.core.source import decode
from ledger.core.stats import count


def test_root_walks_up_from_a_subfolder(ledger_root: Path) -> None:
    sub = ledger_root / "items" / "deep"
    sub.mkdir()
    assert find_root(start=sub) == ledger_root


def test_root_from_option_then_environment(ledger_root: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LEDGER_ROOT", str(ledger_root))
    assert find_root(start=tmp_path) == ledger_root
    other = write_ledger(tmp_path / "other", {})
    assert find_root(other, start=tmp_path) == other


def test_root_not_found_says_where_it_looked(tmp_path: Path) -> None:
    with pytest.raises(LedgerError) as e:
        find_root(start=tmp_path)
    assert e.value.message == (
        f"no ledger.yaml found in {tmp_path} or any folder above it; run inside a ledger, or give --root or LEDGER_ROOT"
    )


def test_root_option_without_ledger_yaml(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("LEDGER_ROOT", str(tmp_path))
    with pytest.raises(LedgerError, match=f"no ledger.yaml in {tmp_path} \\(given by LEDGER_ROOT\\)"):
        find_root()


def test_cli_error_when_no_ledger(tmp_path: Path, cli, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no ledger.yaml found in ")
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize("text", ["08", "8", "1.2", "A1", "16a", "0_1"])
def test_valid_ids(text: str) -> None:
    assert is_valid_id(text)


@pytest.mark.parametrize("text", ["", "..", "../08", "08/..", "a", ".08", "1..2", "08 ", "０８", "/08"])
def test_invalid_ids(text: str) -> None:
    assert not is_valid_id(text)


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=4))
def test_numeric_ids_are_equal_whatever_the_padding(number: int, pad: int) -> None:
    assert id_key(str(number)) == id_key("0" * pad + str(number))


@given(st.lists(st.integers(min_value=0, max_value=999), min_size=2, max_size=20))
def test_numeric_ids_sort_by_number(numbers: list[int]) -> None:
    assert sorted(map(str, numbers), key=id_key) == [str(n) for n in sorted(numbers)]


@given(
    st.sampled_from(list(Status)),
    st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
)
def test_overdue_rule(status: Status, deadline: date | None, day: date) -> None:
    item = Item(id="1", path="items/1.yaml", title="t", category="c", status=status, deadline=deadline)
    late = status in (Status.OPEN, Status.IN_PROGRESS, Status.PARTIAL) and deadline is not None and deadline < day
    assert item.overdue_on(day) is late
    assert item.days_overdue(day) == ((day - deadline).days if late else None)
    if deadline is not None:
        assert not item.overdue_on(deadline)  # the deadline day itself is never late
        assert item.overdue_on(deadline + timedelta(days=1)) is status.can_be_overdue


def test_decode_keeps_bom_apart() -> None:
    source, problems = decode("\ufefftitle: 标题\r\n".encode(), "items/01.yaml")
    assert problems == []
    assert (source.text, source.bom) == ("title: 标题\r\n", True)


def test_decode_utf16() -> None:
    _, problems = decode("title: x".encode("utf-16"), "items/01.yaml")
    assert [p.code for p in problems] == ["not-utf8"]


def test_find_item_by_number(ledger_root: Path) -> None:
    ledger = load_ledger(ledger_root)
    assert find_item(ledger, "3").path == "items/03-财务.yaml"
    with pytest.raises(LedgerError, match="no item 99"):
        find_item(ledger, "99")


def test_symlink_outside_the_ledger_is_refused(ledger_root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: x\ncategory: duty\nstatus: open\n")
    (ledger_root / "items" / "09.yaml").symlink_to(outside)
    problems = load_ledger(ledger_root).problems
    assert [str(p) for p in problems if p.path == "items/09.yaml"] == [
        "items/09.yaml: error[outside-ledger]: a link to a file outside the ledger; it is not read"
    ]


SCALAR_TEXT = st.one_of(
    st.text(alphabet="0123456789.-+:_eExXoObB~nulNULtrefalsyTRUEFALSYoOnN中 ", max_size=12),
    st.sampled_from(["", "~", "null", "Null", "yes", "No", "on", "OFF", "y", "12:30", "190:20:30", "0x1F", "0o17",
                     "1_000", ".inf", "-.INF", ".nan", "2025-06-30", "2025-06-30 12:00:00", "2025-6-1", "1e3", "=",
                     "<<", "0b101", "+12", "3.14"]),
)  # fmt: skip


@given(SCALAR_TEXT, st.sampled_from(["", "'", '"']))
def test_the_lean_resolver_gives_pyyaml_tags(text: str, quote: str) -> None:
    """ledger.core.load.SafeLoader resolves exactly as PyYAML's safe loader does."""
    import yaml

    from ledger.core.source import SafeLoader

    document = f"k: {quote}{text}{quote}\nl: [{quote}{text}{quote}]\n"
    try:
        expected = yaml.compose(document, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    got = yaml.compose(document, Loader=SafeLoader)
    tags = [(k.tag, v.tag) for k, v in expected.value] + [(n.tag,) for n in expected.value[1][1].value]
    got_tags = [(k.tag, v.tag) for k, v in got.value] + [(n.tag,) for n in got.value[1][1].value]
    assert got_tags == tags


# --- Queries, statistics and the record, without the command line ----------------------------


def an_item(n: int, status: Status, deadline: date | None = None, **fields) -> Item:
    return Item(id=f"{n:02d}", path=f"items/{n:02d}.yaml", title=f"任务{n}", category=fields.pop("category", "duty"),
                status=status, measures=["措施"], deadline=deadline, **fields)  # fmt: skip


DAY = date(2025, 7, 1)
ALL = [
    an_item(1, Status.OPEN, date(2025, 6, 1), department=["办公室"]),
    an_item(2, Status.IN_PROGRESS, date(2025, 7, 10), department=["办公室", "秘书科"]),
    an_item(3, Status.PARTIAL, date(2025, 7, 1), category="conduct"),
    an_item(4, Status.ONGOING, date(2025, 1, 1)),
    an_item(5, Status.DONE, date(2025, 7, 5), closed=date(2025, 6, 30)),
    an_item(6, Status.IN_PROGRESS),
]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), ["01", "02", "03", "04", "05", "06"]),
        (Filters(overdue=True), ["01"]),
        (Filters(statuses=(Status.DONE, Status.ONGOING)), ["04", "05"]),
        (Filters(category="conduct"), ["03"]),
        (Filters(department="秘书科"), ["02"]),
        (Filters(due_within=0), ["03"]),  # due on the day itself
        (Filters(due_within=9), ["02", "03"]),  # never the done item 05 due within the days
        (Filters(due_within=9, department="办公室"), ["02"]),
    ],
)
def test_select_items(filters: Filters, expected: list[str]) -> None:
    assert [i.id for i in select_items(ALL, DAY, filters)] == expected


def test_sort_items() -> None:
    assert [i.id for i in sort_items(ALL[::-1], "id")] == ["01", "02", "03", "04", "05", "06"]
    assert [i.id for i in sort_items(ALL, "deadline")] == ["04", "01", "03", "05", "02", "06"]


def test_count() -> None:
    assert count(ALL, DAY) == {
        "total": 6,
        "by_status": {"open": 1, "in_progress": 2, "partial": 1, "ongoing": 1, "done": 1},
        "overdue": 1,
        "by_light": {"red": 1, "yellow": 1, "green": 2},  # 03 is due today: yellow; 02 in nine days: green
        "completion": 16.67,
        "rate": "16.67%",
    }


def test_the_record_holds_every_field_and_comes_back_whole() -> None:
    item = an_item(7, Status.DONE, date(2025, 1, 1), closed=date(2025, 2, 1), log=[LogEntry(date(2025, 1, 5), "记")])
    record = item_record(item)
    assert list(record) == list(Item.__annotations__)
    assert record["status"] == "done" and record["log"] == [{"date": date(2025, 1, 5), "note": "记"}]
    assert item_from_record(record) == item
    as_json = json.loads(json.dumps(record, default=str))  # dates as ISO text, as in the cache
    assert item_from_record(as_json) == item


def test_item_text_lists_every_field_it_has() -> None:
    from ledger.output import View
    from ledger.output.text import item_text

    item = an_item(8, Status.IN_PROGRESS, date(2025, 6, 1), owner="李某", tags=["立行立改"], extra={"批次": 2})
    ledger = Ledger(Path("."), Config(categories=[Category("duty", "关于落实主体责任方面")]), [item], [])
    assert item_text(View(ledger, [item], DAY)) == (
        "08 任务8\n"
        "  file:        items/08.yaml\n"
        "  category:    duty (关于落实主体责任方面)\n"
        "  status:      in_progress (正在推进)\n"
        "  deadline:    2025-06-01, overdue by 30 days\n"
        "  owner:       李某\n"
        "  measures:\n"
        "    1. 措施\n"
        "  tags:        立行立改\n"
        '  extra:       {"批次": 2}\n'
    )
