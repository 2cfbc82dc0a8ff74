"""What made big ledgers slow, pinned as behaviour rather than timings (the times are benchmarks/bench.py's).

- An edit reads its own item file, not the ledger: the opens are counted.
- The Excel export makes no per-row openpyxl cells and asks openpyxl for no whole-sheet scans.
- Loading keeps the cycle collector out of the way of the objects it makes.
- A table for a pipe, or a long one, is plain text: see test_list.py, test_a_table_for_a_terminal_is_rich…
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from helpers import write_ledger

OPEN = "in_progress"


def ledger_of(root: Path, count: int, status: str = OPEN) -> Path:
    item = f"title: 任务\ncategory: duty\nstatus: {status}\nmeasures: [措施]\ndeadline: 2025-06-01\n"
    done = "title: 任务\ncategory: duty\nstatus: done\nmeasures: [措施]\nclosed: 2025-02-01\n"
    items = {f"{n:04d}.yaml": item for n in range(1, count + 1)}
    items["9000.yaml"] = done
    write_ledger(root, items)
    hour_ago = time.time() - 3600  # files older than the cache's racy window: cached
    for path in (root / "items").iterdir():
        os.utime(path, (hour_ago, hour_ago))
    return root


# Runs the ledger command in a process of its own, printing every file path it opened on stderr's last line.
OPENS = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
from ledger.cli import main
sys.argv = ["ledger", *sys.argv[1:]]
try:
    main()
finally:
    print(json.dumps(opened), file=sys.stderr)
"""


def opens(root: Path, *args: str) -> list[str]:
    """The paths under the ledger's folder that `ledger ARGS` opened, relative to it."""
    result = subprocess.run([sys.executable, "-c", OPENS, *args], cwd=root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    opened = json.loads(result.stderr.splitlines()[-1])
    prefix = str(root) + "/"
    return [p.removeprefix(prefix) for p in opened if p.startswith(prefix)]


@pytest.mark.parametrize(
    ("args", "target"),
    [
        (("close", "0007", "--date", "2025-03-01"), "items/0007.yaml"),
        (("note", "0008", "进展", "--date", "2025-03-01"), "items/0008.yaml"),
        (("set", "0009", "--owner", "张三", "--date", "2025-03-01"), "items/0009.yaml"),
        (("reopen", "9000", "--reason", "反弹", "--date", "2025-03-01"), "items/9000.yaml"),
    ],
)
def test_an_edit_reads_its_own_item_file_and_not_the_ledger(tmp_path: Path, args, target: str) -> None:
    root = ledger_of(tmp_path / "l", 40)
    assert subprocess.run([sys.executable, "-m", "ledger", "list"], cwd=root, capture_output=True).returncode == 0
    assert (root / ".ledger-cache").is_dir()  # a warm cache, that an edit has no need of either
    opened = opens(root, *args)
    items = [p for p in opened if p.startswith("items/") or p == "items"]
    # The item file, its replacement written beside it, and the folder (synced after the rename).
    assert items[0] == target and items[1].startswith(f"items/.{target[6:]}.") and items[1].endswith(".tmp")
    assert items[2:] == ["items"]
    assert [p for p in opened if not p.startswith("items")] == ["ledger.yaml", "ledger.yaml"]  # read, then locked


def test_the_excel_taidang_at_scale_is_written_without_openpyxl(tmp_path: Path, cli) -> None:
    """XlsxWriter writes every workbook (compressed, rows as they come); openpyxl only reads them."""
    import openpyxl

    root = ledger_of(tmp_path / "200", 200)
    out = root / "台账.xlsx"
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "ledger", "export", "-o", str(out),
                           "--as-of", "2025-07-01"], cwd=root, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "xlsxwriter" in imported and "openpyxl" not in imported
    assert zipfile.ZipFile(out).getinfo("xl/worksheets/sheet1.xml").compress_type == zipfile.ZIP_DEFLATED
    sheet = openpyxl.load_workbook(out)["整改台账"]
    assert sheet.max_row == 204 and [c.value for c in sheet[204]][:2] == [201, "9000"]
    assert sheet.row_dimensions[203].height > sheet.row_dimensions[3].height / 2  # every row its own height
    assert sheet["L4"].value == 30 and sheet["J4"].is_date  # 逾期天数 a number, 完成时限 a date


def test_loading_keeps_the_collector_away(tmp_path: Path) -> None:
    """A load makes hundreds of thousands of objects that live as long as the command: no collection
    runs while they are made, and afterwards they are out of the collector's sight."""
    from ledger.core.load import load_ledger

    root = ledger_of(tmp_path / "l", 1500)
    runs = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.unfreeze()  # what earlier tests' loads froze
    gc.collect()
    gc.callbacks.append(count)
    try:
        ledger = load_ledger(root, use_cache=False)
        frozen = gc.get_freeze_count()
    finally:
        gc.callbacks.remove(count)
        gc.unfreeze()
    assert len(ledger.items) == 1501
    assert runs == []
    assert frozen > 10 * len(ledger.items)


def test_many_files_are_checked_on_every_core_with_the_same_results(tmp_path: Path, monkeypatch) -> None:
    """Above PARALLEL_FILES the files are checked by several processes; what they hand back (pickled)
    is what one process finds, problems, places and log entries included."""
    import pickle

    from ledger.core import load
    from ledger.core.load import item_files, load_ledger

    root = ledger_of(tmp_path / "l", 30)
    (root / "items" / "0002.yaml").write_text("title: 任务\ncategory: duty\nstatus: wrong\n")
    (root / "items" / "0003.yaml").write_text(
        "title: 任务\ncategory: duty\nstatus: open\nmeasures: [措施]\nlog:\n  - {date: 2025-01-02, note: 起草}\n"
        "  - {date: 2025-02-01, kind: deadline, from: 2025-03-01, to: 2025-04-01, note: 待批复}\n"
    )
    refs, _ = item_files(root)
    one = [load.check_item_file(ref) for ref in refs]
    assert pickle.loads(pickle.dumps(one)) == one
    monkeypatch.setattr(load, "PARALLEL_FILES", 2)
    monkeypatch.setattr(load.os, "cpu_count", lambda: 3)
    assert load.check_item_files(refs) == one
    ledger = load_ledger(root, use_cache=False)
    assert [p.code for p in ledger.problems] == ["bad-status"]
    assert ledger.items[1].log[1].kind == "deadline" and ledger.items[1].log[1].to.isoformat() == "2025-04-01"


def test_a_word_table_is_built_without_python_docx_per_row(tmp_path: Path, cli, monkeypatch) -> None:
    """python-docx's add_row and row.cells index the whole table for every row (quadratic, minutes for a
    big 台账); rows are copies of one empty row instead, and paragraphs go before the section's end."""
    from docx.table import Table, _Row

    def whole_table(*args, **kwargs):
        raise AssertionError("a per-row walk of the whole table")

    monkeypatch.setattr(Table, "add_row", whole_table)
    monkeypatch.setattr(_Row, "cells", property(whole_table))
    root = ledger_of(tmp_path / "l", 30)
    out = root / "台账.docx"
    result = cli("report", "--template", "ledger.md.j2", "-o", str(out), "--as-of", "2025-07-01", root=root)
    assert result.exit_code == 0, result.stderr
    monkeypatch.undo()
    from docx import Document

    table = Document(str(out)).tables[0]
    assert len(table.rows) == 32 and table.rows[31].cells[1].text == "9000"
