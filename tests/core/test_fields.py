"""Item fields declared once (schema.ITEM_FIELDS): the model, the commands, export and the docs follow it."""

from __future__ import annotations

import os
import re

from helpers import REPO
from hypothesis import given
from hypothesis import strategies as st

from ledger.core import schema
from ledger.core.model import Item
from ledger.core.schema import ABOUT, ITEM, ITEM_FIELDS

FIELDS_PAGE = REPO / "docs" / "en" / "item-fields.md"


def kind(spec: object) -> str:
    if isinstance(spec, schema.ListOf):
        return f"list of {kind(spec.of)}" + (" (or one)" if spec.scalar_ok else "")
    if isinstance(spec, schema.Choice):
        return "one of " + ", ".join(f"`{v}`" for v in spec.values)
    if isinstance(spec, schema.Fields):
        return "entry (" + ", ".join(f"`{k}`" for k in spec.fields) + ")"
    names = {schema.Day: "date (YYYY-MM-DD)", schema.Flag: "true or false", schema.AnyData: "any data"}
    if isinstance(spec, schema.Text):
        return "text, lines allowed" if spec.prose else "text, one line"
    return names[type(spec)]


def fields_page() -> str:
    rows = [
        f"| `{key}` | {about.label} | {kind(spec)} | {'yes' if key in ITEM.required else ''} | {about.meaning} | "
        + " ".join(f"`{c} --{key}`" for c in about.options)
        + " |"
        for key, (spec, about) in ITEM_FIELDS.items()
    ]
    return "\n".join([
        "# Item fields",
        "",
        "The keys of an item file (`items/NN.yaml`), in the order `ledger new` writes them. Generated from",
        "`ITEM_FIELDS` in `ledger/core/schema.py` by `tests/test_fields.py` (`REGENERATE=1` after a change).",
        "",
        "| key | 台账 | kind | required | meaning | options |",
        "|---|---|---|---|---|---|",
        *rows,
        "",
    ])  # fmt: skip


def test_the_field_reference_is_the_schema() -> None:
    if os.environ.get("REGENERATE"):
        FIELDS_PAGE.write_text(fields_page(), encoding="utf-8")
    assert FIELDS_PAGE.read_text(encoding="utf-8") == fields_page()


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
