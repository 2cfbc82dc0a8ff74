"""The cache of read items: it must never change a result, only the time it takes."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from helpers import ITEMS, cache_entries, write_ledger

from ledger.core.cache import FILE, FOLDER
from ledger.core.load import load_ledger

OLD = time.time() - 3600  # files older than the racy window, so the cache keeps them


def aged(aged_root: Path) -> Path:
    for path in (aged_root / "items").iterdir():
        os.utime(path, (OLD, OLD))
    return aged_root


def summary(aged_root: Path, use_cache: bool = True) -> tuple:
    ledger = load_ledger(aged_root, use_cache=use_cache)
    return ledger.items, ledger.problems, ledger.files


@pytest.fixture
def aged_root(tmp_path: Path) -> Path:
    items = dict(ITEMS)
    items["07.yaml"] = "title: 坏\ncategory: dutty\nstatus: nope\n"  # problems are cached too
    items["08.yaml"] = (
        "title: 有附加数据\ncategory: duty\nstatus: open\nextra: {日期: 2025-01-01, 时刻: 2025-01-01 08:00:00}\n"
    )
    return aged(write_ledger(tmp_path / "ledger", items))


def test_a_warm_cache_gives_the_same_ledger(aged_root: Path) -> None:
    cold = summary(aged_root, use_cache=False)
    assert summary(aged_root) == cold  # fills the cache
    assert len(cache_entries(aged_root)) == 8
    assert summary(aged_root) == cold  # reads it


def test_the_cache_is_used(aged_root: Path, monkeypatch) -> None:
    summary(aged_root)
    import ledger.core.load

    def no_reading(*args, **kwargs):
        raise AssertionError("read an unchanged file again")

    monkeypatch.setattr(ledger.core.load, "check_item_file", no_reading)
    assert len(load_ledger(aged_root).items) == 7


def test_an_edit_is_seen_on_the_next_run_even_at_the_same_size_and_time(aged_root: Path) -> None:
    summary(aged_root)
    path = aged_root / "items" / "02.yaml"
    text = path.read_text()
    path.write_text(text.replace("正在推进的任务", "正在推进的事项"))  # same size in bytes
    os.utime(path, (OLD, OLD))  # and the same modification time
    titles = [i.title for i in load_ledger(aged_root).items]
    assert "正在推进的事项" in titles and "正在推进的任务" not in titles


def test_a_category_added_to_ledger_yaml_is_seen(aged_root: Path) -> None:
    assert any(p.code == "unknown-category" for p in load_ledger(aged_root).problems)
    config = (aged_root / "ledger.yaml").read_text() + "  - key: dutty\n    title: 新类别\n"  # categories come last
    (aged_root / "ledger.yaml").write_text(config)
    assert not any(p.code == "unknown-category" for p in load_ledger(aged_root).problems)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"\x00\xff garbage",
        b'{"version": "x", "entries": {}}',
        b"[1, 2, 3]",
        b'{"version": null}',
        "truncate",
        "wrong entries",
        "torn line",
    ],
)
def test_a_corrupt_cache_still_gives_right_results(aged_root: Path, damage) -> None:
    cold = summary(aged_root, use_cache=False)
    summary(aged_root)
    cache = aged_root / FOLDER / FILE
    if damage == "truncate":
        cache.write_bytes(cache.read_bytes()[: len(cache.read_bytes()) // 2])
    elif damage == "wrong entries":
        header, *lines = cache.read_text(encoding="utf-8").splitlines()
        entries = [json.loads(line) for line in lines]
        entries[0] = "nonsense"
        entries[1][5] = [1, 2]
        entries[2][5][2] = "not-a-status"
        entries[3][2] = [[1, 1, "fatal", "x", "y"]]
        entries[4][4] = [1, "2"]
        cache.write_text("\n".join([header, *map(json.dumps, entries)]) + "\n", encoding="utf-8")
    elif damage == "torn line":
        cache.write_bytes(cache.read_bytes()[:-40])  # a crash in the middle of an append
    else:
        cache.write_bytes(damage)
    assert summary(aged_root) == cold
    assert summary(aged_root) == cold  # and the cache was mended
    assert len(cache_entries(aged_root)) == 8


def test_assign_entries_come_back_from_the_cache_as_they_were_read(tmp_path: Path) -> None:
    """An assign entry's field, and a department's list on either side, round-trip through the cache."""
    log = (
        "log:\n  - {date: 2025-01-01, kind: assign, field: leader, from: 张某, to: 王某}\n"
        "  - {date: 2025-01-02, kind: assign, field: department, from: 办公室, to: [秘书科, 财务科], note: 职能划转}\n"
        "  - {date: 2025-01-03, kind: assign, field: owner, to: 赵某, by: 秘书科}\n"
        "  - {date: 2025-01-04, note: 进展}\n"
    )
    root = aged(write_ledger(tmp_path / "ledger", {"09.yaml": "title: 调整\ncategory: duty\nstatus: open\n" + log}))
    cold = summary(root, use_cache=False)
    assert summary(root) == cold  # fills the cache
    assert cache_entries(root)["items/09.yaml"][5][12] == [
        ["2025-01-01", "assign", "leader", "张某", "王某", None, None],
        ["2025-01-02", "assign", "department", "办公室", ["秘书科", "财务科"], "职能划转", None],
        ["2025-01-03", "assign", "owner", None, "赵某", None, "秘书科"],
        ["2025-01-04", None, None, None, None, "进展", None],
    ]
    warm = summary(root)
    assert warm == cold and warm[0][0].log[1].field == "department" and warm[0][0].log[1].to == ["秘书科", "财务科"]


def test_files_changed_just_now_are_not_cached(tmp_path: Path) -> None:
    aged_root = write_ledger(tmp_path / "ledger")  # written this instant
    load_ledger(aged_root)
    assert cache_entries(aged_root) == {}


def test_the_cache_ignores_itself_in_git(aged_root: Path) -> None:
    load_ledger(aged_root)
    assert (aged_root / FOLDER / ".gitignore").read_text().splitlines()[-1] == "*"


def test_deleted_items_leave_the_cache_when_it_is_written_anew(aged_root: Path, monkeypatch) -> None:
    import ledger.core.cache

    load_ledger(aged_root)
    (aged_root / "items" / "06.yaml").unlink()
    assert [i.id for i in load_ledger(aged_root).items] == ["01", "02", "05", "08", "03", "04"]
    assert "items/06.yaml" in cache_entries(aged_root)  # a dead line: too few to write the file anew
    monkeypatch.setattr(ledger.core.cache, "MIN_DEAD", 0)
    for name in ("01.yaml", "02.yaml"):
        (aged_root / "items" / name).unlink()
    assert [i.id for i in load_ledger(aged_root).items] == ["05", "08", "03", "04"]
    assert sorted(cache_entries(aged_root)) == ["items/03-财务.yaml", "items/04.yaml", "items/05.yaml", "items/07.yaml",
                                           "items/08.yaml"]  # fmt: skip


def test_an_edit_appends_one_line(aged_root: Path) -> None:
    """A file checked afresh is added at the end; the rest of the cache is not written again."""
    load_ledger(aged_root)
    cache = aged_root / FOLDER / FILE
    before = cache.read_bytes()
    path = aged_root / "items" / "02.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("第一条措施", "第一条改过的措施"), encoding="utf-8")
    os.utime(path, (OLD, OLD + 1))
    assert "第一条改过的措施" in load_ledger(aged_root).items[1].measures
    after = cache.read_bytes()
    assert after.startswith(before) and after[len(before) :].count(b"\n") == 1
    assert cache_entries(aged_root)["items/02.yaml"][5][3] == ["第一条改过的措施"]
    assert load_ledger(aged_root).items[1].measures == ["第一条改过的措施"] and cache.read_bytes() == after


def test_a_cache_that_cannot_be_written_is_done_without(aged_root: Path) -> None:
    (aged_root / FOLDER).write_text("a file where the cache folder would be")  # fails even for root
    assert summary(aged_root) == summary(aged_root, use_cache=False)
    assert (aged_root / FOLDER).read_text() == "a file where the cache folder would be"


def test_a_change_to_any_module_that_checks_items_empties_the_cache(aged_root: Path) -> None:
    """Every module the item checker runs is in the cache's version stamp."""
    import subprocess
    import sys

    from ledger.core import cache

    code = (
        "import sys, pathlib; from ledger.core.load import check_item_file, ItemRef; "
        f"check_item_file(ItemRef('02', 'items/02.yaml', pathlib.Path({str(aged_root / 'items' / '02.yaml')!r}))); "
        "print('\\n'.join(m.__file__ for n, m in sys.modules.items() if n.startswith('ledger')))"
    )
    used = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert len(used) >= 5
    for module in map(Path, used):
        before = cache.code_version()
        stat = module.stat()
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        try:
            assert cache.code_version() != before, f"{module.name} is not in the cache's version"
        finally:
            os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
