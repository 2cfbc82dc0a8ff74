"""Trust: no lost edits under races, nothing reached outside the ledger, no hangs, no internal errors."""

from __future__ import annotations

import json
import os
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest
from helpers import ledger_exe, write_ledger

from ledger import edit
from ledger.errors import LedgerError

DONE = "title: 已完成\ncategory: duty\nstatus: done\nmeasures: [措施]\nclosed: 2025-02-01\n"
OPEN = "title: 推进中\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n"


def run(*args: str, cwd: Path, timeout: float = 20) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_ROOT"} | {"COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run([ledger_exe(), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


# --- 1. Lost edits -----------------------------------------------------------------------------


@pytest.mark.parametrize("trial", range(3))
def test_eight_concurrent_closes_make_one_closing(tmp_path: Path, trial: int) -> None:
    root = write_ledger(tmp_path / "ledger", {"08.yaml": OPEN})
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_ROOT"}
    argv = [ledger_exe(), "close", "08", "--date", f"2026-02-0{trial + 1}", "--note", "整改完成"]
    processes = [subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(8)]  # fmt: skip
    results = [(p.wait(timeout=60), p.stderr.read()) for p in processes]
    assert sorted(code for code, _ in results) == [0] + [1] * 7, results
    refused = [err for code, err in results if code == 1]
    assert all(err.startswith("Error: item 08 is already done (closed on 2026-02-0") for err in refused), refused
    text = (root / "items" / "08.yaml").read_text(encoding="utf-8")
    assert text.count("closed:") == 1 and text.count("note: 整改完成") == 1 and text.count("status: done") == 1


def tamper_cache(root: Path, rel: str, **fields: object) -> None:
    """Make the cache say something else about a file than the file does (same stat key)."""
    path = root / ".ledger-cache" / "items.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["entries"][rel][1]["item"].update(fields)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def aged(root: Path) -> Path:
    old = time.time() - 3600
    for path in (root / "items").iterdir():
        os.utime(path, (old, old))
    return root


def test_edits_decide_on_the_file_not_on_a_cache_that_disagrees(tmp_path: Path, cli) -> None:
    root = aged(write_ledger(tmp_path / "ledger", {"05.yaml": DONE, "06.yaml": OPEN}))
    assert cli("list", root=root).exit_code == 0  # fills the cache
    tamper_cache(root, "items/05.yaml", status="open", closed=None)
    tamper_cache(root, "items/06.yaml", status="done", closed="2025-01-01")
    result = cli("close", "05", root=root)
    assert (result.exit_code, result.stderr) == (1, "Error: item 05 is already done (closed on 2025-02-01)\n")
    result = cli("reopen", "06", "--reason", "反弹", root=root)
    assert result.exit_code == 1
    assert result.stderr == "Error: item 06 is not done (its status is in_progress); nothing to reopen\n"
    assert (root / "items" / "05.yaml").read_text() == DONE and (root / "items" / "06.yaml").read_text() == OPEN


# --- 2. Nothing outside the ledger ----------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


def test_a_cache_folder_that_is_a_link_is_neither_used_nor_written(tmp_path: Path, outside: Path, cli) -> None:
    root = aged(write_ledger(tmp_path / "ledger"))
    (root / ".ledger-cache").symlink_to(outside, target_is_directory=True)
    result = cli("list", "--format", "json", root=root)
    assert len(json.loads(result.stdout)) == 6
    assert list(outside.iterdir()) == []


def test_a_cache_file_that_is_a_link_is_neither_read_nor_written(tmp_path: Path, outside: Path, cli) -> None:
    root = aged(write_ledger(tmp_path / "ledger"))
    (root / ".ledger-cache").mkdir()
    secret = outside / "secret.json"
    secret.write_text('{"version": "x", "entries": {}}')
    (root / ".ledger-cache" / "items.json").symlink_to(secret)
    assert cli("validate", root=root).exit_code == 0
    assert secret.read_text() == '{"version": "x", "entries": {}}'
    assert (root / ".ledger-cache" / "items.json").is_symlink()


def test_ledger_yaml_linked_outside_is_not_read_or_echoed(tmp_path: Path, outside: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    secret = outside / "credentials"
    secret.write_text("TOKEN: ghp_SECRET123 [unclosed\n")
    (root / "ledger.yaml").unlink()
    (root / "ledger.yaml").symlink_to(secret)
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert "SECRET" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == (
        "ledger.yaml: error[outside-ledger]: a link to a file outside the ledger; it is not read"
    )


def test_items_folder_linked_outside_is_not_read_or_edited(tmp_path: Path, outside: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger", {})
    (root / "items").rmdir()
    (outside / "01.yaml").write_text(OPEN)
    (root / "items").symlink_to(outside, target_is_directory=True)
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert result.stdout == "items: error[outside-ledger]: a link to a folder outside the ledger; it is not read\n"
    assert cli("close", "01", root=root).exit_code == 1
    assert (outside / "01.yaml").read_text() == OPEN


def test_an_item_linked_to_another_item_is_a_duplicate(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger", {"01.yaml": OPEN})
    (root / "items" / "02.yaml").symlink_to("01.yaml")
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert "items/02.yaml: error[duplicate-id]: a link to items/01.yaml, which is item 01 already" in result.stdout
    assert cli("close", "02", root=root).exit_code == 1
    assert cli("close", "01", root=root).exit_code == 1
    assert (root / "items" / "01.yaml").read_text() == OPEN and (root / "items" / "02.yaml").is_symlink()


def test_templates_linked_outside_are_not_read(tmp_path: Path, outside: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    (outside / "notice.md.j2").write_text("SECRET {{ ledger.title }}")
    (root / "templates").symlink_to(outside, target_is_directory=True)
    result = cli("report", root=root)
    assert result.exit_code == 1
    assert "SECRET" not in result.stdout + result.stderr
    assert "outside" in result.stderr


# --- 3. No hangs, no unbounded reads ---------------------------------------------------------------


def test_a_fifo_in_items_is_refused_without_waiting(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "ledger")
    os.mkfifo(root / "items" / "07.yaml")
    result = run("validate", cwd=root, timeout=20)
    assert result.returncode == 1
    assert "items/07.yaml: error[unreadable]: not a regular file (a folder, FIFO, socket or device)" in result.stdout


def test_a_fifo_as_the_cache_file_is_ignored(tmp_path: Path) -> None:
    root = aged(write_ledger(tmp_path / "ledger"))
    (root / ".ledger-cache").mkdir()
    os.mkfifo(root / ".ledger-cache" / "items.json")
    result = run("list", "--format", "json", cwd=root, timeout=20)
    assert len(json.loads(result.stdout)) == 6


def test_a_link_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "ledger")
    (root / "items" / "07.yaml").symlink_to("/dev/zero")
    result = run("validate", cwd=root, timeout=20)
    assert result.returncode == 1
    assert "items/07.yaml: error[outside-ledger]" in result.stdout


def test_a_fifo_as_a_template_is_refused_without_waiting(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "ledger")
    (root / "templates").mkdir()
    os.mkfifo(root / "templates" / "notice.md.j2")
    result = run("report", cwd=root, timeout=20)
    assert result.returncode == 1
    assert "notice.md.j2" in result.stderr and "not a regular file" in result.stderr


# --- 4 and 5. What validate accepts works; text stays data --------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extra: {2025-01-01: 开会}\n", "5:9: error[wrong-type]: extra.2025-01-01: key 2025-01-01 is read by YAML as"),
        ("extra: {x: .nan}\n", "5:12: error[wrong-type]: extra.x: .nan is not a number JSON can hold; quote it"),
        ("extra: {a: " + "[" * 30 + "]" * 30 + "}\n", "error[too-deep]: extra.a"),
        ('outcome: "\\e]0;标\\a"\n', "5:10: error[control-character]: outcome: holds the control character U+001B"),
        ('outcome: "第一行\\v第二行"\n', "5:10: error[control-character]: outcome: holds the control character U+000B"),
        ("deadline: ２０２６-01-01\n", "5:11: error[bad-date]: deadline: '２０２６-01-01' is not a date"),
    ],
)
def test_what_other_commands_could_not_hold_is_refused(tmp_path: Path, cli, text: str, expected: str) -> None:
    root = write_ledger(tmp_path / "ledger", {"07.yaml": OPEN + text})
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert expected in result.stdout


def test_line_numbers_count_newlines_only(tmp_path: Path, cli) -> None:
    item = 'title: "标题\u2028续"\nproblem: "问题\x85续"\ncategory: duty\nstatus: nope\nmeasures: [m]\n'
    root = write_ledger(tmp_path / "ledger", {"07.yaml": item})
    result = cli("validate", root=root)
    assert "items/07.yaml:4:9: error[bad-status]" in result.stdout


def test_markdown_table_cells_hold_every_line_break(tmp_path: Path, cli) -> None:
    from ledger.sandbox import md_cell

    for brk in ("\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\v", "\f"):
        assert md_cell(f"甲|乙{brk}# 丙") == "甲\\|乙# 丙"  # joined: no space between Chinese characters
        assert md_cell(f"a|b{brk}c") == "a\\|b c"


def test_terminal_output_escapes_control_characters(tmp_path: Path, cli) -> None:
    item = 'title: 任务\ncategory: "du\\x1b[2Jty"\nstatus: "no\\x1b]0;pwned\\x07pe"\n"ke\\x9by": 1\n'
    root = write_ledger(tmp_path / "ledger", {"07.yaml": item})
    for args in (("validate",), ("validate", "--format", "github"), ("show", "7"), ("list",)):
        result = cli(*args, root=root)
        assert result.exit_code == 1
        shown = result.stdout + result.stderr
        assert not any(c in shown for c in "\x1b\x07\x9b"), shown
    assert "items/07.yaml:4:1: error[unknown-key]: ke\\x9by: unknown key\n" in cli("validate", root=root).stdout


# --- 6. Templates that never finish -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("{{ 10 ** (10 ** 10) }}", "template t.md.j2, line 1: the power is too large"),
        ("行\n{{ 'x' * 10 ** 9 }}", "template t.md.j2, line 2: the repetition is too long"),
        ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(1) }}", "template t.md.j2, line 1: recursion too deep"),
        ("{% include 't.md.j2' %}", "template t.md.j2, line 1: recursion too deep"),
    ],
)
def test_templates_that_would_never_finish_are_stopped(tmp_path: Path, cli, template: str, message: str) -> None:
    root = write_ledger(tmp_path / "ledger")
    (root / "templates").mkdir()
    (root / "templates" / "t.md.j2").write_text(template)
    started = time.monotonic()
    result = cli("report", "--template", "t.md.j2", root=root)
    assert time.monotonic() - started < 20
    assert result.exit_code == 1
    assert message in result.stderr


def test_a_template_that_runs_too_long_is_stopped(tmp_path: Path, cli, monkeypatch) -> None:
    import ledger.sandbox

    monkeypatch.setattr(ledger.sandbox, "TIME_LIMIT", 1.0)
    root = write_ledger(tmp_path / "ledger")
    (root / "templates").mkdir()
    (root / "templates" / "t.md.j2").write_text(
        "{% for i in range(99999) %}\n{% for j in range(99999) %}{{ i }}{% endfor %}{% endfor %}"
    )
    result = cli("report", "--template", "t.md.j2", root=root)
    assert result.exit_code == 1
    assert "template t.md.j2, line 2: took longer than 1 s" in result.stderr


# --- 7. User mistakes are messages, not internal errors ----------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("list", "--due-within", "99999999999"), 2, "--due-within"),
        (("list", "--as-of", "9999-12-31", "--due-within", "30"), 0, ""),
        (("list", "--as-of", "0001-01-01", "--overdue"), 0, ""),
        (("show", "1" * 5000), 1, "is not an item id"),
        (("close", "1" * 5000), 1, "is not an item id"),
        (("list", "--root", "x" * 5000), 1, "Error: "),
        (("list", "--root", "~nosuchuser/ledger"), 1, "Error: cannot use ~nosuchuser/ledger (given by --root)"),
    ],
)
def test_mistakes_are_one_line(ledger_root: Path, cli, args: tuple[str, ...], code: int, message: str) -> None:
    result = cli(*args) if "--root" in args else cli(*args, root=ledger_root)
    assert result.exit_code == code
    assert message in result.stderr
    assert "internal error" not in result.stderr


def test_init_where_it_cannot_write(tmp_path: Path, cli, monkeypatch) -> None:
    (tmp_path / "file").write_text("x")
    result = cli("init", str(tmp_path / "file" / "ledger"))
    assert result.exit_code == 1 and result.stderr.startswith("Error: cannot create")

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "mkdir", refused)
    result = cli("init", str(tmp_path / "new"))
    assert (result.exit_code, result.stderr.count("\n")) == (1, 1)
    assert "Permission denied" in result.stderr


def test_a_link_loop_in_items_is_a_problem(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger")
    (root / "items" / "08.yaml").symlink_to("09.yaml")
    (root / "items" / "09.yaml").symlink_to("08.yaml")
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert "items/08.yaml: error[unreadable]" in result.stdout and "items/09.yaml: error[unreadable]" in result.stdout
    assert len(json.loads(cli("list", "--format", "json", root=root).stdout)) == 6


# --- 8. Edits change nothing they should not --------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file to another user")
def test_an_edit_as_root_keeps_owner_and_mode(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "ledger", {"08.yaml": OPEN})
    path = root / "items" / "08.yaml"
    os.chown(path, 1234, 5678)
    os.chmod(path, 0o640)
    edit.close(root, "8", date(2026, 1, 1))
    info = path.stat()
    assert (info.st_uid, info.st_gid, info.st_mode & 0o777) == (1234, 5678, 0o640)


def test_cr_only_line_endings_stay(tmp_path: Path) -> None:
    root = write_ledger(tmp_path / "ledger", {})
    (root / "items" / "08.yaml").write_bytes(OPEN.replace("\n", "\r").encode())
    edit.close(root, "8", date(2026, 1, 1), "好")
    data = (root / "items" / "08.yaml").read_bytes()
    assert b"\n" not in data
    assert data.decode() == (OPEN.replace("in_progress", "done") + "closed: 2026-01-01\nlog:\n  - date: 2026-01-01\n"
                             "    kind: close\n    note: 好\n").replace("\n", "\r")  # fmt: skip


def test_reopen_of_a_file_that_starts_with_closed(tmp_path: Path) -> None:
    text = "closed: 2025-02-01\ntitle: 已完成\ncategory: duty\nstatus: done\nmeasures: [措施]\n"
    root = write_ledger(tmp_path / "ledger", {"08.yaml": text})
    edit.reopen(root, "8", date(2026, 3, 1), "反弹")
    assert (root / "items" / "08.yaml").read_text() == (
        "title: 已完成\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\nlog:\n  - date: 2026-03-01\n"
        "    kind: reopen\n    from: 2025-02-01\n    note: 反弹\n"
    )


def test_explicit_keys_are_refused_with_a_clear_message(tmp_path: Path) -> None:
    text = "? title\n: 测试\n? category\n: duty\n? status\n: in_progress\n? measures\n: [m]\n"
    root = write_ledger(tmp_path / "ledger", {"08.yaml": text})
    with pytest.raises(LedgerError) as caught:
        edit.close(root, "8", date(2026, 1, 1))
    assert caught.value.message == (
        "items/08.yaml cannot be edited safely: it writes its keys with '? '; write `key: value` lines; "
        "nothing was written"
    )
    assert (root / "items" / "08.yaml").read_text() == text


def test_a_full_disk_leaves_no_empty_gitignore(tmp_path: Path, monkeypatch) -> None:
    import ledger.files
    from ledger.load import load_ledger

    root = aged(write_ledger(tmp_path / "ledger"))
    real = ledger.files.synced_copy

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ledger.files, "synced_copy", disk_full)
    load_ledger(root)
    ignore = root / ".ledger-cache" / ".gitignore"
    assert not ignore.exists() or ignore.read_text()
    monkeypatch.setattr(ledger.files, "synced_copy", real)
    (root / ".ledger-cache").mkdir(exist_ok=True)
    ignore.write_text("")  # as an older version left it
    load_ledger(root)
    assert ignore.read_text().endswith("*\n")
