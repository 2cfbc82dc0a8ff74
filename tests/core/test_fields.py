"""Item fields declared once (schema.ITEM_FIELDS): the model, the commands, export and the docs follow it."""

from __future__ import annotations

import re
import sys

from helpers import REPO
from hypothesis import given
from hypothesis import strategies as st

from ledger.core.model import Item
from ledger.core.schema import ABOUT, ITEM_FIELDS


def test_the_field_reference_is_the_schema() -> None:
    """The manual's page is written from ITEM_FIELDS at each build (docs/_ext): every key, in both languages."""
    sys.path.insert(0, str(REPO / "docs" / "_ext"))
    import ledger_commands

    for language in ("en", "zh"):
        rows = [line for line in ledger_commands.fields_page(language).splitlines() if line.startswith("| `")]
        assert [row.split("`")[1] for row in rows] == list(ITEM_FIELDS)
        for row, (key, about) in zip(rows, ABOUT.items(), strict=True):
            assert f"| {about.label} |" in row
            assert all(f"`{command} --{key}`" in row for command in about.options)
    chinese = ledger_commands.fields_page("zh")
    assert "| `owner` | 责任人 | 文本，一行 |  | 责任人。 | `new --owner` `set --owner` |" in chinese
    assert "| `status` | 状态 | 取值之一：`open`, `in_progress`, `partial`, `ongoing`, `done` | 是 |" in chinese


def test_the_model_holds_the_schemas_fields_in_its_order() -> None:
    """Item is written out by hand (a dataclass costs start-up time): it must say what the schema says."""
    assert Item._fields == ("id", "path", *ITEM_FIELDS)
    assert Item.__slots__ == Item._fields


def test_every_field_has_a_label_and_a_meaning() -> None:
    labels = [about.label for about in ABOUT.values()]
    assert len(set(labels)) == len(labels)
    assert all(about.meaning and about.meaning[-1] == "." for about in ABOUT.values())


def test_new_and_set_take_the_options_the_schema_gives(cli) -> None:
    for command in ("new", "set"):
        shown = cli(command, "--help").stdout
        for key, about in ABOUT.items():
            if command in about.options:
                assert f"--{key}" in shown, (command, key)


@given(st.text(alphabet=st.characters(codec=None), max_size=30), st.booleans())
def test_control_in_finds_what_the_pattern_finds(text: str, prose: bool) -> None:
    """The printable fast path never hides a control character, U+FFFE or U+FFFF."""
    from ledger.core.schema import CONTROL, CONTROL_IN_PROSE, control_in

    found, expected = control_in(text, prose), re.search(CONTROL_IN_PROSE if prose else CONTROL, text)
    assert (found and (found.start(), found.group())) == (expected and (expected.start(), expected.group()))


@given(st.text(max_size=30))
def test_printable_shows_every_control_character(text: str) -> None:
    from ledger.output import CONTROL, printable

    def shown(m: re.Match[str]) -> str:
        return f"\\u{ord(m.group()):04x}" if ord(m.group()) > 0xFF else f"\\x{ord(m.group()):02x}"

    assert printable(text) == re.sub(CONTROL, shown, text)


def test_a_new_field_takes_its_place_beside_its_neighbour_in_the_schema(monkeypatch) -> None:
    from ledger.core import schema

    keys = list(schema.ITEM_KEYS)
    keys.insert(keys.index("owner") + 1, "supervisor")
    monkeypatch.setattr(schema, "ITEM_KEYS", tuple(keys))
    taidang = ["#number", "#id", "category", "title", "owner", "deadline", "#days"]
    assert schema.placed(taidang, ["owner", "supervisor", "deadline"]) == [
        "#number", "#id", "category", "title", "owner", "supervisor", "deadline", "#days"]  # fmt: skip
    assert schema.placed(["status", "deadline"], ["title", "status"]) == ["status", "deadline", "title"]  # none before
    assert schema.placed(["status"], ["status", "x"]) == ["status", "x"]  # not a field: at the end


def test_the_taidang_and_show_name_every_field_in_a_known_place() -> None:
    from ledger.output.sheet import COLUMNS, TAIDANG
    from ledger.output.text import NOT_SHOWN, SHOWN

    assert set(SHOWN) | set(NOT_SHOWN) >= set(ITEM_FIELDS)  # a field shown by `placed` is one added since
    assert [c.header for c in COLUMNS] == [c.header for c in TAIDANG.values()]
