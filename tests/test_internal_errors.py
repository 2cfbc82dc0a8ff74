"""Where the system says no (a closed or full output, the file size limit, a folder that cannot be written),
ledger says so in a line and exits 1: never an internal error, never half a ledger left behind."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import ledger_exe, write_ledger


def shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "LEDGER_ROOT"} | {"LEDGER_LANG": "en", "NO_COLOR": "1"}
    return subprocess.run(["sh", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """A folder nobody may write into: its mode, and for root (whom modes do not stop) the immutable flag."""
    folder.chmod(0o555)
    immutable = False
    try:
        if os.geteuid() == 0:
            if (
                not shutil.which("chattr")
                or subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode
            ):
                pytest.skip("as root, a read-only folder needs chattr +i, which this file system refuses")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger")


def ledger(*args: str) -> str:
    return shlex.join([ledger_exe(), *args])


def test_a_closed_output_is_said(root: Path) -> None:
    done = shell(ledger("list") + " >&-", root)
    assert (done.returncode, done.stderr) == (1, "ledger: cannot write the output: standard output is closed\n")


def test_a_full_disk_is_said(root: Path) -> None:
    done = shell(ledger("report") + " > /dev/full", root)
    assert (done.returncode, done.stderr) == (1, "ledger: cannot write the output: No space left on device\n")


@pytest.mark.parametrize(("redirect", "reason"), [(" >&-", "标准输出已关闭"), (" > /dev/full", "磁盘空间已满")])
def test_output_errors_are_said_in_chinese(root: Path, redirect: str, reason: str) -> None:
    done = shell("LEDGER_LANG=zh " + ledger("report") + redirect, root)
    assert (done.returncode, done.stderr) == (1, f"ledger：无法写出输出：{reason}\n")


def test_the_file_size_limit_is_said_and_leaves_nothing(root: Path) -> None:
    done = shell("ulimit -f 1; " + ledger("export", "-o", "t.xlsx"), root)
    assert done.returncode == 1
    assert done.stderr.endswith(": File too large\n") and "internal error" not in done.stderr
    assert sorted(p.name for p in root.iterdir()) == ["items", "ledger.yaml"]


def test_templates_copy_into_a_read_only_ledger(root: Path) -> None:
    with read_only(root):
        done = shell(ledger("templates", "copy", "notice.md.j2"), root)
    assert (done.returncode, done.stderr) == (1, f"Error: cannot make {root / 'templates'}: "
                                                 f"{os.strerror(1 if os.geteuid() == 0 else 13)}\n")  # fmt: skip
    assert not (root / "templates").exists()


def test_templates_copy_under_the_size_limit_leaves_no_empty_folder(root: Path) -> None:
    done = shell("ulimit -f 1; " + ledger("templates", "copy", "notice.md.j2"), root)
    assert (done.returncode, done.stderr) == (1, f"Error: cannot write {root / 'templates' / 'notice.md.j2'}: "
                                                 "File too large\n")  # fmt: skip
    assert not (root / "templates").exists()


def test_new_in_a_read_only_items_folder(root: Path) -> None:
    with read_only(root / "items"):
        done = shell(ledger("new", "--title", "新任务", "--category", "duty"), root)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot write {root / 'items' / '07.yaml'}: ")
    assert len(list((root / "items").iterdir())) == 6


def test_an_init_that_failed_half_way_does_not_block_the_next(tmp_path: Path) -> None:
    done = shell("ulimit -f 1; " + ledger("init", "new/ledger"), tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: cannot create the ledger in {tmp_path / 'new' / 'ledger'}: cannot write ")
    assert not (tmp_path / "new").exists()
    again = shell(ledger("init", "new/ledger"), tmp_path)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in (tmp_path / "new" / "ledger").iterdir()) == ["items", "ledger.yaml"]


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (("forms", "-o", "out/forms"), "办公室.xlsx"),
        (("remind", "--as-of", "2025-07-16", "-o", "out/reminders"), "督办通知-办公室.docx"),
    ],
)
def test_an_output_folder_made_for_files_that_could_not_be_written_is_not_left(root: Path, args: tuple[str, ...],
                                                                               written: str) -> None:  # fmt: skip
    """Under the file size limit the first file cannot be written: the folders made for it go again (out/ too)."""
    done = shell("ulimit -f 1; " + ledger(*args), root)
    assert done.returncode == 1 and "File too large" in done.stderr and "internal error" not in done.stderr
    assert not (root / "out").exists(), sorted(str(p) for p in (root / "out").rglob("*"))
    (root / "out").mkdir()  # a folder that was there before is left as it was
    done = shell("ulimit -f 1; " + ledger(*args), root)
    assert done.returncode == 1 and f"{written}: File too large" in done.stderr
    assert [p.name for p in (root / "out").iterdir()] == []
