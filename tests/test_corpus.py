"""The corpus of bad inputs: each file with the exact problems, lines and exit code it must produce.

tests/corpus/items/NAME.yaml is put in a valid ledger as items/07.yaml (a folder NAME/
gives several files); tests/corpus/ledger/NAME.yaml is used as ledger.yaml. NAME.expected
holds `exit: N` and then every line `ledger validate` must print. To add a case, write the
input, write what it must produce, and run the tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import CONFIG, write_ledger

CORPUS = Path(__file__).parent / "corpus"
OK = {
    "01.yaml": "title: 任务一\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n",
    "02.yaml": "title: 任务二\ncategory: conduct\nstatus: done\nmeasures: [措施]\nclosed: 2025-01-01\n",
}
CASES = sorted(p for p in (CORPUS / "items").iterdir() if p.suffix != ".expected") + sorted(
    (CORPUS / "ledger").glob("*.yaml")
)


def test_the_corpus_is_large() -> None:
    assert len(CASES) >= 40


def build(case: Path, tmp_path: Path) -> Path:
    root = write_ledger(tmp_path / "ledger", OK)
    if case.parent.name == "ledger":
        shutil.copyfile(case, root / "ledger.yaml")
    elif case.is_dir():
        for file in case.iterdir():
            shutil.copyfile(file, root / "items" / file.name)
    else:
        shutil.copyfile(case, root / "items" / "07.yaml")
    return root


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_bad_input(case: Path, tmp_path: Path, cli) -> None:
    root = build(case, tmp_path)
    result = cli("validate", "--no-cache", root=root)
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert [f"exit: {result.exit_code}", *result.stdout.splitlines()] == expected
    assert result.exit_code == (0 if all("warning[" in line for line in expected[1:]) else 1)
    assert "Traceback" not in result.stdout + result.stderr


def test_huge_file(tmp_path: Path, cli) -> None:
    """Too big to keep in the corpus: made here, a little over 1 MiB."""
    root = write_ledger(tmp_path / "ledger", OK)
    (root / "items" / "07.yaml").write_bytes(b"title: x\n# " + b"x" * (1024 * 1024) + b"\n")
    result = cli("validate", root=root)
    assert (
        result.stdout == "items/07.yaml: error[too-large]: file is over 1 MiB, the most an item or ledger file may be\n"
    )
    assert result.exit_code == 1


def test_no_config_at_all_is_named(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger", OK, config=CONFIG)
    (root / "ledger.yaml").write_bytes(b"\xff\xfe" + "title: x".encode("utf-16-le"))
    result = cli("validate", root=root)
    assert (
        result.stdout.splitlines()[0] == "ledger.yaml: error[not-utf8]: file is UTF-16, not UTF-8; re-save it as UTF-8"
    )
