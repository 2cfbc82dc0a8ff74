"""The corpus of bad inputs: each file with the exact problems, lines and exit code it must produce.

tests/corpus/items/NAME.yaml is put in a valid ledger as items/07.yaml (a folder NAME/
gives several files); tests/corpus/ledger/NAME.yaml is used as ledger.yaml. NAME.expected
holds `exit: N` and then every line `ledger validate` must print. To add a case, write the
input, write what it must produce, and run the tests.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from helpers import CONFIG, REPO, git, write_ledger

CORPUS = REPO / "tests" / "corpus"
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


# --- Situations a file in the corpus cannot hold: made here, each with the exact lines it must produce ---------


def huge_file(root: Path) -> list[str]:
    """A little over 1 MiB."""
    (root / "items" / "07.yaml").write_bytes(b"title: x\n# " + b"x" * (1024 * 1024) + b"\n")
    return ["validate"]


def fifo(root: Path) -> list[str]:
    """Never opened for reading (it would wait for a writer forever)."""
    os.mkfifo(root / "items" / "07.yaml")
    return ["validate"]


def link_out(root: Path) -> list[str]:
    outside = root.parent / "elsewhere.yaml"
    outside.write_text(OK["01.yaml"], encoding="utf-8")
    (root / "items" / "07.yaml").symlink_to(outside)
    return ["validate"]


def no_items_folder(root: Path) -> list[str]:
    shutil.rmtree(root / "items")
    return ["validate"]


def items_a_file(root: Path) -> list[str]:
    shutil.rmtree(root / "items")
    (root / "items").write_text("", encoding="utf-8")
    return ["validate"]


def history_rewritten(root: Path) -> list[str]:
    """validate --against: an item deleted, a 销号 date moved, a done item reopened silently, a log rewritten."""
    (root / "items" / "03.yaml").write_text(OK["02.yaml"], encoding="utf-8")
    (root / "items" / "04.yaml").write_text(
        OK["01.yaml"] + "log:\n  - date: 2025-01-02\n    note: 召开专题会\n", encoding="utf-8"
    )
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "通报")
    (root / "items" / "01.yaml").unlink()
    (root / "items" / "02.yaml").write_text(OK["02.yaml"].replace("2025-01-01", "2025-01-05"), encoding="utf-8")
    (root / "items" / "03.yaml").write_text(OK["01.yaml"], encoding="utf-8")
    (root / "items" / "04.yaml").write_text(
        OK["01.yaml"] + "log:\n  - date: 2025-01-02\n    note: 召开会议\n", encoding="utf-8"
    )
    return ["validate", "--against", "HEAD"]


def round_of_units(root: Path) -> list[str]:
    """A round whose units break every rule of round.yaml, and one whose ledger cannot be read."""
    (root / "round.yaml").write_text(
        "title: 轮\nunits:\n"
        "  - {name: 甲, path: a, git: /x}\n"
        "  - {name: 乙, path: a}\n"
        "  - {name: 乙, path: a}\n"
        "  - {name: 丙, path: nowhere}\n"
        "  - {name: 丁, path: a, ref: v9}\n",
        encoding="utf-8",
    )
    write_ledger(root / "a", OK)
    return ["rollup"]


SITUATIONS = {
    huge_file: ["items/07.yaml: error[too-large]: file is over 1 MiB, the most an item or ledger file may be"],
    fifo: ["items/07.yaml: error[unreadable]: not a regular file (a folder, FIFO, socket or device)"],
    link_out: ["items/07.yaml: error[outside-ledger]: a link to a file outside the ledger; it is not read"],
    no_items_folder: [
        "ledger.yaml:5: warning[empty-category]: categories: 'duty' has no items",
        "ledger.yaml:7: warning[empty-category]: categories: 'conduct' has no items",
        "items/: warning[no-items]: there is no items/ folder; the ledger has no items",
    ],
    items_a_file: ["items: error[no-items]: items must be a folder"],
    history_rewritten: [
        "items/01.yaml: error[item-removed]: item 01 is in HEAD (items/01.yaml) and gone now; items are closed or "
        "kept, never deleted",
        "items/03.yaml:3:9: error[silent-reopen]: status: done in HEAD, in_progress now, and no reopen entry in the "
        "log; reopen it with `ledger reopen ID --reason TEXT`",
        "items/04.yaml:6:5: error[log-rewritten]: log[1]: changed or removed since HEAD; the log is append-only (add "
        "an entry instead)",
        "items/02.yaml:5:9: error[closed-changed]: closed: 2025-01-05 differs from 2025-01-01 in HEAD; a 销号 date "
        "does not change (reopen the item, then close it again)",
    ],
    round_of_units: [
        "round.yaml:3:5: error[unit-source]: units[1]: give its ledger as path: or as git:, one of them",
        "round.yaml:5:5: error[duplicate-unit]: units[3].name: '乙' is named twice",
        "round.yaml:6:5: error[no-ledger]: units[4].path: no ledger.yaml in {root}/nowhere",
        "round.yaml:7: error[unit-unreadable]: unit 丁: {root}/a is not in a git repository; its history is read "
        "from git",
    ],
}


@pytest.mark.parametrize("situation", SITUATIONS, ids=lambda f: f.__name__)
def test_bad_situation(situation, tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger", OK)
    args = situation(root)
    result = cli(*args, "--no-cache", root=root) if args[0] == "validate" else cli(*args, root=root)
    said = (result.stdout if args[0] == "validate" else result.stderr).splitlines()
    expected = [line.format(root=root) for line in SITUATIONS[situation]]
    assert said[: len(expected)] == expected
    assert result.exit_code == (0 if all("warning[" in line for line in expected) else 1)


def produced_codes() -> set[str]:
    """Every code some corpus case or situation makes `ledger` print."""
    said = [path.read_text(encoding="utf-8") for path in CORPUS.rglob("*.expected")]
    said += [line for lines in SITUATIONS.values() for line in lines]
    return set(re.findall(r"(?:error|warning)\[([a-z0-9-]+)\]", "\n".join(said)))


def test_every_registered_code_is_produced_by_a_case() -> None:
    """A code no case produces is untested, or dead: add a case to the corpus (or a situation above)."""
    from ledger.core.problems import REGISTRY

    assert sorted(set(REGISTRY) - produced_codes()) == []


def test_every_code_a_case_produces_is_registered() -> None:
    from ledger.core.problems import REGISTRY

    assert sorted(produced_codes() - set(REGISTRY)) == []


def test_no_config_at_all_is_named(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path / "ledger", OK, config=CONFIG)
    (root / "ledger.yaml").write_bytes(b"\xff\xfe" + "title: x".encode("utf-16-le"))
    result = cli("validate", root=root)
    assert (
        result.stdout.splitlines()[0] == "ledger.yaml: error[not-utf8]: file is UTF-16, not UTF-8; re-save it as UTF-8"
    )
