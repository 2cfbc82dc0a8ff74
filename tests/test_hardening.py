"""Hostile input and faults: fuzzing, reads that never write, concurrent writers, internal errors."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import pytest
import yaml
from helpers import ITEMS, write_ledger
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger.core import check
from ledger.core.errors import LedgerError
from ledger.core.load import load_ledger
from ledger.core.source import decode, parse
from ledger.edit import editor as edit


def read_bytes_as_item(data: bytes) -> list:
    """decode → parse → check, as `ledger validate` does for one file, read as an item and as ledger.yaml.

    Whatever the input, it is an item or a reported error, never both and never neither; every
    problem is a problem of the file it came from.
    """
    source, problems = decode(data, "items/01.yaml")
    node, more = parse(source) if source else (None, [])
    problems += more
    if node is None and problems:
        assert source is None or any(p.is_error for p in problems)
        return problems
    result = check.check_item("items/01.yaml", "01", node)
    config, config_problems = check.check_config("ledger.yaml", node)
    problems += result.problems + check.config_problems("items/01.yaml", result, config)
    assert (result.item is None) == any(p.is_error for p in problems), problems
    if result.item is not None:
        assert result.item.title.strip() and result.item.category and result.item.status
    assert all(p.path == "items/01.yaml" for p in problems)
    assert all(p.path == "ledger.yaml" for p in config_problems)
    assert all(p.severity in ("error", "warning") and p.code and p.message for p in problems + config_problems)
    return problems + config_problems


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    read_bytes_as_item(data)


YAML_TEXT = st.text(alphabet="ab:-[]{},&*!#|>'\"\n\t ?%@`01.~中文\\", max_size=120)


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(YAML_TEXT)
def test_fuzz_yaml_looking_text(text: str) -> None:
    read_bytes_as_item(text.encode("utf-8"))


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=10),
    st.dates(), st.sampled_from(["open", "done", "2025-02-30", "12:30", "no", "~", ""]),
)  # fmt: skip
KEYS = st.sampled_from([
    "title", "category", "status", "measures", "deadline", "closed", "log", "date", "note", "public", "extra",
    "department", "evidence", "titel", "categories", "key", "inspection",
])  # fmt: skip
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
                    max_leaves=25)  # fmt: skip


@settings(max_examples=300, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(DATA, st.booleans())
def test_fuzz_random_yaml_documents(data, flow: bool) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow)
    read_bytes_as_item(text.encode("utf-8"))


@settings(
    max_examples=50, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200), st.binary(max_size=200))
def test_fuzz_whole_ledger(tmp_path: Path, config: bytes, item: bytes) -> None:
    root = tmp_path / "fuzz"
    root.mkdir(exist_ok=True)
    (root / "items").mkdir(exist_ok=True)
    (root / "ledger.yaml").write_bytes(config)
    (root / "items" / "01.yaml").write_bytes(item)
    ledger = load_ledger(root, use_cache=False)
    assert all(p.path in ("ledger.yaml", "items/01.yaml") for p in ledger.problems)
    item_errors = [p for p in ledger.errors if p.path == "items/01.yaml"]
    assert [i.path for i in ledger.items] == ([] if item_errors else ["items/01.yaml"])


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".ledger-cache" not in p.parts
    }


@pytest.mark.parametrize(
    "args",
    [("validate",), ("validate", "--format", "json"), ("list",), ("list", "--format", "csv"), ("show", "2"),
     ("show", "2", "--format", "yaml"), ("report",), ("report", "--template", "ledger.md.j2"),
     ("close", "2", "--dry-run")],
)  # fmt: skip
def test_commands_that_read_never_write(ledger_root: Path, cli, args: tuple[str, ...]) -> None:
    (ledger_root / "items" / "07.yaml").write_text("title: 坏\ncategory: duty\nstatus: nope\n")  # errors too
    before = snapshot(ledger_root)
    cli(*args, root=ledger_root)
    cli(*args, "--no-cache", root=ledger_root)
    assert snapshot(ledger_root) == before


def test_no_cache_leaves_no_cache_folder(ledger_root: Path, cli) -> None:
    cli("list", "--no-cache", root=ledger_root)
    assert not (ledger_root / ".ledger-cache").exists()


def test_close_racing_another_writer_gives_one_version_or_the_other(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "ledger", {k: v for k, v in ITEMS.items() if k != "02.yaml"})
    target = root / "items" / "02.yaml"
    versions = [
        "title: 甲版本\ncategory: duty\nstatus: in_progress\nmeasures: [措施甲]\n",
        "title: 乙版本的标题更长一些\ncategory: duty\nstatus: partial\nmeasures: [措施乙, 另一条]\n",
    ]
    closed = []
    for text in versions:  # what close makes of each version
        target.write_text(text)
        edit.close(root, "2", date(2026, 1, 1), "完成")
        closed.append(target.read_text())
    allowed = set(versions) | set(closed)
    stop = threading.Event()

    def other_writer() -> None:
        n = 0
        while not stop.is_set():
            tmp = target.with_name(f".other.{n % 2}.tmp")
            tmp.write_text(versions[n % 2])
            os.replace(tmp, target)
            n += 1

    thread = threading.Thread(target=other_writer)
    thread.start()
    outcomes = {"written": 0, "refused": 0}
    try:
        for _ in range(60):
            try:
                edit.close(root, "2", date(2026, 1, 1), "完成")
                outcomes["written"] += 1
            except LedgerError:
                outcomes["refused"] += 1  # changed under us, or read in a state that is already done
            assert target.read_text() in allowed
    finally:
        stop.set()
        thread.join()
    assert target.read_text() in allowed
    assert sum(outcomes.values()) == 60


def run_main(*argv: str, patch: str = "") -> subprocess.CompletedProcess:
    code = f"import sys, ledger.cli, ledger.core.load\n{patch}\nsys.argv = ['ledger', *sys.argv[1:]]\nledger.cli.main()"
    return subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent)  # fmt: skip


BOOM = "def boom(*a, **k):\n    raise RuntimeError('boom')\nledger.core.load.load_ledger = boom"


def test_an_internal_error_is_one_line_asking_for_a_report() -> None:
    result = run_main("list", patch=BOOM)
    assert result.returncode == 1
    assert result.stderr == (
        "ledger: internal error: RuntimeError: boom\n"
        "Please report this with the command you ran; run it again with --debug for the details.\n"
    )


def test_debug_shows_the_traceback() -> None:
    result = run_main("--debug", "list", patch=BOOM)
    assert result.returncode == 1
    assert "Traceback (most recent call last)" in result.stderr and "RuntimeError: boom" in result.stderr


def modules_after(*argv: str) -> set[str]:
    result = run_main(
        *argv, patch="import atexit\natexit.register(lambda: print(sorted(sys.modules), file=sys.stderr))"
    )
    return set(eval(result.stderr.strip().splitlines()[-1]))  # noqa: S307 - our own repr of a list of names


def test_list_and_validate_import_only_what_they_use() -> None:
    heavy = {"jinja2", "ledger.report.render", "ledger.edit.editor", "pydantic", "openpyxl", "csv"}
    assert not heavy & modules_after("list")
    assert not heavy & modules_after("validate")
    assert not {"rich.console", "rich.table", "ledger.formats"} & modules_after("validate")
    assert "jinja2" in modules_after("report")
