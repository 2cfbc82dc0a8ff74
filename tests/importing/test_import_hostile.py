"""`ledger import` against what a hostile tester found: links out, impossible cells, huge and broken files."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from helpers import REPO, write_ledger

from ledger.core.i18n import set_language

SEED = REPO / "tests" / "golden" / "seed.txt"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LEDGER_LANG", "en")
    set_language(None)
    yield
    set_language(None)


def workbook(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["序号", "问题类别", "整改任务", "整改措施", "责任部门", "完成时限", "完成情况"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_items_linked_out_of_the_ledger_are_never_written_through(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "led", {})
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "items").rmdir()
    (root / "items").symlink_to(outside)
    source = workbook(
        tmp_path / "b.xlsx", [[1, "关于党建方面", "规范财务管理", "修订制度", "办公室", "2026-06-30", "整改中"]]
    )
    result = cli("import", str(source), root=root)
    assert result.exit_code == 1
    assert "items/ is a link; import writes only inside the ledger; nothing was written" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_dangling_link_at_a_new_items_name_stops_the_import(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "led", {"01.yaml": "title: 旧\ncategory: duty\nstatus: open\n"})
    (root / "items" / "02.yaml").symlink_to(tmp_path / "nowhere.yaml")
    source = workbook(
        tmp_path / "b.xlsx", [[1, "关于党建方面", "规范财务管理", "修订制度", "办公室", "2026-06-30", "整改中"]]
    )
    result = cli("import", str(source), root=root)
    assert result.exit_code == 1
    assert "items/02.yaml exists already (a file or a link); nothing was written" in result.stderr
    assert result.stderr.count("nothing was written") == 1
    assert not (tmp_path / "nowhere.yaml").exists()


def test_into_a_link_is_refused(tmp_path: Path, cli) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty")
    result = cli("import", str(SEED), "--into", str(tmp_path / "link"))
    assert result.exit_code == 1
    assert "is a link; --into names a new folder, not a link to one" in result.stderr
    assert list((tmp_path / "empty").iterdir()) == []


def test_impossible_dates_are_reported_with_their_cells(tmp_path: Path, cli) -> None:
    source = workbook(tmp_path / "a.xlsx", [
        [1, "关于党建方面", "任务一", "措施", "办公室", "2026-02-30", "整改中"],
        [2, "关于党建方面", "任务二", "措施", "办公室", "2026年13月40日", "整改中"],
        [3, "关于党建方面", "任务三", "措施", "办公室", "2026.2.30", "整改中"],
    ])  # fmt: skip
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    for cell, value in (("F2", "2026-02-30"), ("F3", "2026年13月40日"), ("F4", "2026.2.30")):
        assert f"a.xlsx 台账!{cell}: not used: 「{value}」 not a real date: no deadline written" in result.stderr


def test_a_formula_in_the_task_column_is_named_as_such(tmp_path: Path, cli) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["反馈问题", "整改任务", "整改措施"])
    ws.append(["问题四", "=1+1", "措施"])
    wb.save(tmp_path / "f.xlsx")
    result = cli("import", str(tmp_path / "f.xlsx"), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert "f.xlsx Sheet!B2: not used: 「=1+1」 a formula without a computed value" in result.stderr
    assert "f.xlsx Sheet!B2: inferred: 「问题四」 the 整改任务 cell is empty or unusable" in result.stderr
    assert "no 整改任务 column" not in result.stderr


def test_a_huge_csv_field_is_cut_and_said(tmp_path: Path, cli) -> None:
    source = tmp_path / "a.csv"
    source.write_text("整改任务,整改措施,完成时限\n规范管理," + "修" * 200_000 + ",2026-06-30\n", encoding="utf-8")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert "a.csv!B2: not used: 「" in result.stderr
    assert "a cell of 200000 characters: only its first 32767 are read" in result.stderr


def test_csv_readings_are_said(tmp_path: Path, cli) -> None:
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("整改任务\t整改措施\t完成时限\n任务一\t措施\t2026-06-30\n".encode("utf-16"))
    result = cli("import", str(utf16), "--into", str(tmp_path / "a"))
    assert result.exit_code == 0, result.stderr
    assert "u16.csv: remark: read as UTF-16 (its byte order mark says so)" in result.stderr
    quote = tmp_path / "quote.csv"
    quote.write_text('整改任务,整改措施,完成时限\n任务一,"措施没有结束,2026-06-30\n任务二,措施,2026-06-30\n',
                     encoding="utf-8")  # fmt: skip
    result = cli("import", str(quote), "--into", str(tmp_path / "b"))
    assert result.exit_code == 1
    assert "quote.csv: line 2: not CSV as Excel writes it" in result.stderr
    assert not (tmp_path / "b").exists()
    nul = tmp_path / "nul.csv"
    nul.write_bytes("整改任务,整改措施,完成时限\n任务\x00一,措施,2026-06-30\n".encode())
    result = cli("import", str(nul), "--into", str(tmp_path / "c"))
    assert "nul.csv: not used: 1 NUL characters in the file: removed" in result.stderr


def test_rows_past_the_cap_are_not_parsed(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from ledger.importing import grid

    monkeypatch.setattr(grid, "MAX_ROWS", 3)
    source = workbook(tmp_path / "a.xlsx", [[n, "关于党建方面", f"任务{n}", "措施", "办公室", "2026-06-30", "整改中"]
                                            for n in range(1, 20)])  # fmt: skip
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert "rows after 3 not read (an import reads at most 3 rows); nor its merged cells and filter" in result.stderr


def test_overlapping_merged_ranges_are_filled_within_a_budget() -> None:
    from ledger.importing.grid import Sheet
    from ledger.importing.table import merged_lookup

    sheet = Sheet("台账", "a.xlsx 台账", max_row=20_000, max_column=10)
    sheet.merged = [(3 + n, 1, 19_999, 10) for n in range(2000)]
    start = time.perf_counter()
    covered = merged_lookup(sheet)
    assert time.perf_counter() - start < 5
    assert len(covered) <= 1_000_000
    assert sheet.skipped_merges and sheet.skipped_merges[0] == "A8:J19999"


def test_a_line_break_inside_an_items_paragraph_keeps_the_item(tmp_path: Path, cli) -> None:
    text = SEED.read_text(encoding="utf-8").replace(
        "8.规范办公室财务管理。一是完善制度体系，", "8.规范办公室财务管理。\u2028一是完善制度体系，"
    )
    source = tmp_path / "通报.txt"
    source.write_text(text, encoding="utf-8")
    result = cli("import", str(source), "--into", str(tmp_path / "new"))
    assert result.exit_code == 0, result.stderr
    assert len(list((tmp_path / "new" / "items").glob("*.yaml"))) == 15
    assert "a line break inside the paragraph: its lines read as one paragraph" in result.stderr


def test_a_full_disk_while_writing_a_new_ledger_is_an_error_not_a_crash(tmp_path: Path) -> None:
    source = workbook(tmp_path / "a.xlsx", [[1, "关于党建方面", "规范财务管理" + "长" * 3000, "修订制度", "办公室",
                                             "2026-06-30", "正在推进"]])  # fmt: skip
    script = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
        "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "from ledger.cli import main\n"
        "sys.argv = ['ledger', 'import', sys.argv[1], '--into', sys.argv[2]]\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(source), str(tmp_path / "led")], capture_output=True,
                          text=True, env={**os.environ, "LEDGER_LANG": "en"})  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "cannot write the import: File too large; nothing was written" in done.stderr
    assert "internal error" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]


def test_a_new_ledger_folder_follows_the_umask(tmp_path: Path, cli) -> None:
    old = os.umask(0o022)
    try:
        assert cli("import", str(SEED), "--into", str(tmp_path / "new")).exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "new").stat().st_mode & 0o777 == 0o755
