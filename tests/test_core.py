"""The core without the command line: finding the root, ids, decoding, overdue."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from helpers import write_ledger
from hypothesis import given
from hypothesis import strategies as st

from ledger.errors import LedgerError
from ledger.load import find_root, load_ledger
from ledger.model import Item, Status, id_key, is_valid_id
from ledger.query import find_item
from ledger.source import decode


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
        "items/09.yaml: error[outside-ledger]: symbolic link to a file outside the ledger; item files must live in it"
    ]


SCALAR_TEXT = st.one_of(
    st.text(alphabet="0123456789.-+:_eExXoObB~nulNULtrefalsyTRUEFALSYoOnN中 ", max_size=12),
    st.sampled_from(["", "~", "null", "Null", "yes", "No", "on", "OFF", "y", "12:30", "190:20:30", "0x1F", "0o17",
                     "1_000", ".inf", "-.INF", ".nan", "2025-06-30", "2025-06-30 12:00:00", "2025-6-1", "1e3", "=",
                     "<<", "0b101", "+12", "3.14"]),
)  # fmt: skip


@given(SCALAR_TEXT, st.sampled_from(["", "'", '"']))
def test_the_lean_resolver_gives_pyyaml_tags(text: str, quote: str) -> None:
    """ledger.load.SafeLoader resolves exactly as PyYAML's safe loader does."""
    import yaml

    from ledger.source import SafeLoader

    document = f"k: {quote}{text}{quote}\nl: [{quote}{text}{quote}]\n"
    try:
        expected = yaml.compose(document, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    got = yaml.compose(document, Loader=SafeLoader)
    tags = [(k.tag, v.tag) for k, v in expected.value] + [(n.tag,) for n in expected.value[1][1].value]
    got_tags = [(k.tag, v.tag) for k, v in got.value] + [(n.tag,) for n in got.value[1][1].value]
    assert got_tags == tags
