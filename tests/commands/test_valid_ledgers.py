"""A ledger that `validate` accepts works with every command and every output format, whatever its text.

A property over generated ledgers: every field type, any text without control characters
(astral characters, YAML's indicators, long lines), every status. Set LEDGER_EXAMPLES to
run more examples than CI's fixed, replayed budget.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import traceback
from datetime import date
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ledger.cli import app

EXAMPLES = int(os.environ.get("LEDGER_EXAMPLES", "12"))

TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff\ufffe\uffff"),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
LONG_TEXT = st.one_of(TEXT, TEXT.map(lambda s: s * 50))
PROSE = st.one_of(LONG_TEXT, st.lists(TEXT, min_size=2, max_size=3).map("\n".join))
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)
    | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)  # fmt: skip
STATUSES = ["open", "in_progress", "partial", "ongoing", "done"]


@st.composite
def items(draw, categories: list[str]) -> dict:
    status = draw(st.sampled_from(STATUSES))
    item: dict = {"title": draw(LONG_TEXT), "category": draw(st.sampled_from(categories)), "status": status}
    if status != "open" or draw(st.booleans()):
        item["measures"] = draw(st.lists(PROSE, min_size=1, max_size=4))
    optional = {
        "problem": PROSE, "leader": TEXT, "owner": TEXT, "outcome": PROSE, "deadline": DAYS,
        "department": st.one_of(TEXT, st.lists(TEXT, min_size=1, max_size=3)),
        "evidence": st.lists(TEXT, min_size=1, max_size=3), "tags": st.lists(TEXT, min_size=1, max_size=3),
        "log": st.lists(st.fixed_dictionaries({"date": DAYS, "note": PROSE}), min_size=1, max_size=3),
        "public": st.booleans(), "extra": st.dictionaries(TEXT, JSON_VALUES, max_size=3),
    }  # fmt: skip
    for key, strategy in optional.items():
        if draw(st.booleans()):
            item[key] = draw(strategy)
    if status == "done":
        item["closed"] = draw(DAYS)
    return item


@st.composite
def ledgers(draw) -> tuple[dict, list[dict]]:
    keys = draw(
        st.lists(st.sampled_from(["duty", "conduct", "org", "a_1", "B.2"]), min_size=1, max_size=3, unique=True)
    )
    config = {
        "title": draw(LONG_TEXT),
        "issuer": draw(TEXT),
        "subject": draw(TEXT),
        "inspection": {"group": draw(TEXT), "start": date(2024, 9, 18), "end": date(2024, 12, 20),
                       "feedback": date(2025, 3, 25)},
        "categories": [{"key": k, "title": draw(TEXT)} for k in keys],
        "organization": [{"heading": draw(TEXT), "text": draw(PROSE)}],
        "next_steps": {"intro": draw(PROSE), "points": draw(st.lists(PROSE, min_size=1, max_size=2))},
        "notice": {"statistics": draw(st.booleans()), "item_status": draw(st.booleans())},
    }  # fmt: skip
    return config, draw(st.lists(items(keys), min_size=1, max_size=5))


def write(root: Path, config: dict, entries: list[dict]) -> None:
    (root / "items").mkdir(parents=True)
    (root / "ledger.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for n, item in enumerate(entries, 1):
        (root / "items" / f"{n:02d}.yaml").write_text(yaml.safe_dump(item, allow_unicode=True), encoding="utf-8")


def invoke(runner: CliRunner, root: Path, *args: str):
    result = runner.invoke(app, [*args, "--root", str(root)], catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(
            f"ledger {' '.join(args)}: {''.join(traceback.format_exception(*result.exc_info))}"
        ) from result.exception
    assert "internal error" not in result.stderr, (args, result.stderr)
    return result


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(ledgers())
def test_every_command_and_format_works_on_a_valid_ledger(ledger: tuple[dict, list[dict]]) -> None:
    import openpyxl

    config, entries = ledger
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "ledger"
        write(root, config, entries)
        checked = invoke(runner, root, "validate", "--format", "json")
        assume(json.loads(checked.stdout)["ok"])  # the property is about what validate accepts
        for cache in (["--no-cache"], [], []):  # cold, filling the cache, warm
            assert invoke(runner, root, "validate", *cache).exit_code == 0
            listed = json.loads(invoke(runner, root, "list", "--format", "json", *cache).stdout)
            assert len(listed) == len(entries)
            invoke(runner, root, "list", *cache)
            rows = list(csv.reader(io.StringIO(invoke(runner, root, "list", "--format", "csv", *cache).stdout)))
            assert len(rows) == len(entries) + 1
            json.loads(invoke(runner, root, "stats", "--format", "json", *cache).stdout)
            invoke(runner, root, "stats", *cache)
            json.loads(invoke(runner, root, "export", "--format", "json", *cache).stdout)
            for template in ("notice.md.j2", "ledger.md.j2"):
                assert invoke(runner, root, "report", "--template", template, *cache).exit_code == 0
        for item in listed:
            for fmt in ("text", "yaml", "json"):
                shown = invoke(runner, root, "show", item["id"], "--format", fmt)
                assert shown.exit_code == 0
            assert json.loads(shown.stdout)["id"] == item["id"]
        out = Path(folder) / "台账.xlsx"
        assert invoke(runner, root, "export", "-o", str(out)).exit_code == 0
        assert openpyxl.load_workbook(out)["整改台账"].max_row == len(entries) + 3  # title, unit, header
        invoke(runner, root, "validate", "--format", "github")
        first = listed[0]
        if first["status"] == "done":
            reopen = ("reopen", first["id"], "--reason", entries[0]["title"], "--date", first["closed"])
            assert invoke(runner, root, *reopen).exit_code == 0  # on its 销号 day: a reopening never comes before
        else:
            edited = invoke(runner, root, "close", first["id"], "--note", entries[0]["title"], "--evidence", "材料")
            if first["measures"]:
                assert edited.exit_code == 0, edited.stderr
            else:
                assert edited.stderr.endswith(
                    f"done needs at least one measure (add one first: ledger set {first['id']} --add-measure TEXT)\n"
                )
        assert invoke(runner, root, "validate").exit_code == 0
