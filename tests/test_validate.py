"""Every kind of bad input in SPEC §2: its message, its line, exit code 1, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import CONFIG, write_ledger

OK = "title: 任务\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n"

# (files in items/, the exact problems `ledger validate` prints)
CASES = {
    "merge conflict": (
        {"07.yaml": "title: x\n<<<<<<< HEAD\nstatus: open\n=======\nstatus: done\n>>>>>>> branch\n"},
        [
            "items/07.yaml:2:1: error[merge-conflict]: unresolved merge conflict (<<<<<<<); "
            "keep the right lines and remove the markers"
        ],
    ),
    "duplicate key": (
        {"07.yaml": OK + "status: done\n"},
        ["items/07.yaml:5:1: error[duplicate-key]: status: key given twice (first on line 3)"],
    ),
    "python tag": (
        {"07.yaml": "title: !!python/object/apply:os.system [touch pwned]\ncategory: duty\nstatus: open\n"},
        [
            "items/07.yaml:1:8: error[yaml-tag]: YAML tag !!python/object/apply:os.system is not allowed; "
            "remove it (quote the value if it is text)"
        ],
    ),
    "anchor and alias": (
        {"07.yaml": "title: &t 标题\ncategory: duty\nstatus: open\nowner: *t\n"},
        [
            "items/07.yaml:1:8: error[yaml-anchor]: anchor &t is not allowed; write each value out in full",
            "items/07.yaml:4:8: error[yaml-alias]: alias *t is not allowed; write the value out in full",
        ],
    ),
    "over 1 MiB": (
        {"07.yaml": OK + "# " + "x" * (1024 * 1024) + "\n"},
        ["items/07.yaml: error[too-large]: file is over 1 MiB, the most an item or ledger file may be"],
    ),
    "unknown key": (
        {"07.yaml": OK + "deadlien: 2025-06-30\n"},
        ["items/07.yaml:5:1: error[unknown-key]: deadlien: unknown key; did you mean 'deadline'?"],
    ),
    "blank string": (
        {"07.yaml": "title: '  '\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n"},
        ["items/07.yaml:1:8: error[empty-value]: title: is empty"],
    ),
    "empty value": (
        {"07.yaml": OK + "owner:\n"},
        ["items/07.yaml:5:7: error[empty-value]: owner: is empty"],
    ),
    "not a real date": (
        {"07.yaml": OK + "deadline: 2025-02-30\n"},
        ["items/07.yaml:5:11: error[bad-date]: deadline: '2025-02-30' is not a real date"],
    ),
    "slashed date": (
        {"07.yaml": OK + "deadline: 2025/6/30\n"},
        [
            "items/07.yaml:5:11: error[bad-date]: deadline: '2025/6/30' is not a date; "
            "write it as YYYY-MM-DD, e.g. 2025-06-30"
        ],
    ),
    "date-time": (
        {"07.yaml": OK + "deadline: 2025-06-30 12:00:00\n"},
        [
            "items/07.yaml:5:11: error[bad-date]: deadline: '2025-06-30 12:00:00' has a time or other text after "
            "the date; write it as YYYY-MM-DD, e.g. 2025-06-30"
        ],
    ),
    "number for a date": (
        {"07.yaml": OK + "deadline: 20250630\n"},
        [
            "items/07.yaml:5:11: error[bad-date]: deadline: '20250630' is a number, not a date; "
            "write it as YYYY-MM-DD, e.g. 2025-06-30"
        ],
    ),
    "unpadded date": (
        {"07.yaml": OK + "closed: '2025-5-1'\n"},
        [
            "items/07.yaml:5:9: error[bad-date]: closed: '2025-5-1' is not a date; "
            "write it as YYYY-MM-DD, e.g. 2025-06-30",
            "items/07.yaml:5:9: error[status-closed]: closed: set, but status is in_progress; "
            "remove closed or set status: done",
        ],
    ),
    "time read as a number": (
        {"07.yaml": "title: 12:30\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n"},
        [
            "items/07.yaml:1:8: error[wrong-type]: title: 12:30 is read by YAML as a number; "
            "put it in quotes if it is text"
        ],
    ),
    "no read as a boolean": (
        {"07.yaml": OK + "owner: no\n"},
        [
            "items/07.yaml:5:8: error[wrong-type]: owner: no is read by YAML as a yes/no value; "
            "put it in quotes if it is text"
        ],
    ),
    "missing required fields": (
        {"07.yaml": "owner: 张三\n"},
        [
            "items/07.yaml:1:1: error[missing-field]: title: missing (required)",
            "items/07.yaml:1:1: error[missing-field]: category: missing (required)",
            "items/07.yaml:1:1: error[missing-field]: status: missing (required)",
        ],
    ),
    "unknown status": (
        {"07.yaml": "title: x\ncategory: duty\nstatus: finished\n"},
        [
            "items/07.yaml:3:9: error[bad-status]: status: 'finished' is not allowed; "
            "use one of open, in_progress, partial, ongoing, done"
        ],
    ),
    "status label for code": (
        {"07.yaml": "title: x\ncategory: duty\nstatus: 已完成\n"},
        ["items/07.yaml:3:9: error[bad-status]: status: '已完成' is not allowed; write the code done, not its label"],
    ),
    "closed but not done": (
        {"07.yaml": OK + "closed: 2025-01-01\n"},
        [
            "items/07.yaml:5:9: error[status-closed]: closed: set, but status is in_progress; "
            "remove closed or set status: done"
        ],
    ),
    "done but not closed": (
        {"07.yaml": "title: x\ncategory: duty\nstatus: done\nmeasures: [措施]\n"},
        ["items/07.yaml:3:9: error[status-closed]: closed: missing; a done item needs its 销号 date"],
    ),
    "measures missing": (
        {"07.yaml": "title: x\ncategory: duty\nstatus: partial\n"},
        [
            "items/07.yaml:3:9: error[missing-field]: measures: none given; "
            "an item that is partial needs at least one measure"
        ],
    ),
    "measures not a list": (
        {"07.yaml": "title: x\ncategory: duty\nstatus: partial\nmeasures: 一条措施\n"},
        ["items/07.yaml:4:11: error[wrong-type]: measures: expected a list (a '- ' line per entry), found '一条措施'"],
    ),
    "unknown category": (
        {"07.yaml": "title: x\ncategory: dutty\nstatus: in_progress\nmeasures: [措施]\n"},
        [
            "items/07.yaml:2:11: error[unknown-category]: category: 'dutty' is not a key of ledger.yaml "
            "categories; did you mean 'duty'?"
        ],
    ),
    "duplicate ids": (
        {"7.yaml": OK, "07-财务.yaml": OK},
        [
            "items/07-财务.yaml: error[duplicate-id]: id 07 is also used by items/7.yaml; renumber one of them",
            "items/7.yaml: error[duplicate-id]: id 7 is also used by items/07-财务.yaml; renumber one of them",
        ],
    ),
    "a list, not a mapping": (
        {"07.yaml": "- title: x\n"},
        ["items/07.yaml:1:1: error[not-mapping]: file must hold one item (title:, category:, status: …), found a list"],
    ),
    "empty file": (
        {"07.yaml": ""},
        ["items/07.yaml: error[empty-file]: file is empty; it must hold one item (title:, category:, status: …)"],
    ),
    "comments only": (
        {"07.yaml": "# 待补充\n"},
        ["items/07.yaml: error[empty-file]: file is empty; it must hold one item (title:, category:, status: …)"],
    ),
    "tab indentation": (
        {"07.yaml": "title: x\ncategory: duty\n\tstatus: open\n"},
        [
            "items/07.yaml:3:1: error[yaml-syntax]: YAML syntax error: found a tab character that violates "
            "indentation; indent with spaces, not tabs"
        ],
    ),
    "colon in a plain value": (
        {"07.yaml": "title: 标题: 副标题\ncategory: duty\nstatus: open\n"},
        [
            "items/07.yaml:1:10: error[yaml-syntax]: YAML syntax error: mapping values are not allowed in this "
            "context; put a value that contains ': ' in quotes"
        ],
    ),
    "GBK encoding": (
        {"07.yaml": "title: 标题\ncategory: duty\nstatus: open\n".encode("gbk")},
        [
            "items/07.yaml:1: error[not-utf8]: file is not UTF-8 (it looks like GBK/GB18030, as saved by some "
            "Windows editors); re-save it as UTF-8"
        ],
    ),
    "binary file": (
        {"07.yaml": b"\x89PNG\r\n\x1a\n\x00\x00"},
        ["items/07.yaml:3: error[binary]: file is not text (it holds NUL bytes)"],
    ),
    "file name without an id": (
        {"notes.yaml": OK},
        [
            "items/notes.yaml: error[bad-id]: file name must start with an item id such as 08 "
            "(digits, letters, '.', '_'), found 'notes'"
        ],
    ),
    "bad log entries": (
        {"07.yaml": OK + "log:\n  - date: 2025-01-01\n  - note: 进展\n    date: 昨天\n"},
        [
            "items/07.yaml:6:5: error[missing-field]: log[1].note: missing (required)",
            "items/07.yaml:8:11: error[bad-date]: log[2].date: '昨天' is not a date; "
            "write it as YYYY-MM-DD, e.g. 2025-06-30",
        ],
    ),
    "public not a boolean": (
        {"07.yaml": OK + "public: yes\n"},
        ["items/07.yaml:5:9: error[wrong-type]: public: expected true or false, found 'yes'"],
    ),
    "department of the wrong type": (
        {"07.yaml": OK + "department: {lead: 办公室}\n"},
        ["items/07.yaml:5:13: error[wrong-type]: department: expected a list (a '- ' line per entry), found a mapping"],
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_item_is_reported_with_line_and_exit_1(name: str, tmp_path: Path, cli) -> None:
    files, expected = CASES[name]
    root = write_ledger(tmp_path, {"01.yaml": OK.replace("duty", "conduct")})
    for file_name, content in files.items():
        path = root / "items" / file_name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))

    result = cli("validate", root=root)

    assert result.stdout.splitlines() == expected
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        (CONFIG + "colour: red\n", ["ledger.yaml:9:1: error[unknown-key]: colour: unknown key"]),
        (
            CONFIG.replace("title: 测试", "titel: 测试"),
            [
                "ledger.yaml:1:1: error[unknown-key]: titel: unknown key; did you mean 'title'?",
                "ledger.yaml:1:1: error[missing-field]: title: missing (required)",
            ],
        ),
        (
            "schema: 2\n" + CONFIG,
            ["ledger.yaml:1:9: error[bad-schema]: schema: 2 is not a schema this version of ledger reads (it reads 1)"],
        ),
        (
            CONFIG + "categories: []\n",
            ["ledger.yaml:9:1: error[duplicate-key]: categories: key given twice (first on line 4)"],
        ),
        (
            CONFIG + "inspection:\n  start: 2024-9-18\n",
            [
                "ledger.yaml:10:10: error[bad-date]: inspection.start: '2024-9-18' is not a date; "
                "write it as YYYY-MM-DD, e.g. 2025-06-30"
            ],
        ),
        (
            CONFIG + "notice:\n  numbering: by_category\n",
            [
                "ledger.yaml:10:14: error[bad-value]: notice.numbering: 'by_category' is not allowed; "
                "did you mean 'per_category'?"
            ],
        ),
        (
            CONFIG + "status_labels:\n  finished: 已完成\n",
            ["ledger.yaml:10:3: error[unknown-key]: status_labels.finished: unknown key"],
        ),
        (
            CONFIG + "close_requires: [evidense]\n",
            [
                "ledger.yaml:9:18: error[unknown-key]: close_requires[1]: 'evidense' is not allowed; "
                "did you mean 'evidence'?"
            ],
        ),
        (
            CONFIG + "contact:\n  postcode: 511500\n",
            [
                "ledger.yaml:10:13: error[wrong-type]: contact.postcode: 511500 is read by YAML as a number; "
                "put it in quotes if it is text"
            ],
        ),
        (
            CONFIG.replace("key: conduct", "key: duty"),
            [
                "ledger.yaml:7:5: error[duplicate-category]: categories[2].key: 'duty' is used twice",
                "items/02.yaml:2:11: error[unknown-category]: category: 'conduct' is not a key of ledger.yaml "
                "categories; use one of duty",
            ],
        ),
    ],
)
def test_bad_ledger_yaml(config: str, expected: list[str], tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path, {"01.yaml": OK, "02.yaml": OK.replace("duty", "conduct")}, config=config)
    result = cli("validate", root=root)
    assert result.stdout.splitlines() == expected
    assert result.exit_code == 1


def test_clean_ledger_passes_with_summary(ledger_root: Path, cli) -> None:
    result = cli("validate", root=ledger_root)
    assert result.exit_code == 0
    assert result.stdout == (
        "items/01.yaml:1:1: warning[no-measures]: measures: none yet (fine while the item is open)\n"
    )
    assert result.stderr == "Checked ledger.yaml and 6 item files: 0 errors, 1 warning.\n"


def test_strict_fails_on_warnings(ledger_root: Path, cli) -> None:
    assert cli("validate", "--strict", root=ledger_root).exit_code == 1


def test_bom_and_crlf_are_accepted(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path, {})
    (root / "items" / "01.yaml").write_bytes(("\ufeff" + OK).replace("\n", "\r\n").encode("utf-8"))
    (root / "items" / "02.yaml").write_bytes(OK.replace("duty", "conduct").encode("utf-8"))
    (root / "ledger.yaml").write_bytes(("\ufeff" + CONFIG).replace("\n", "\r\n").encode("utf-8"))
    result = cli("validate", root=root)
    assert (result.exit_code, result.stdout) == (0, "")


def test_crlf_file_reports_the_right_line(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path, {"02.yaml": OK.replace("duty", "conduct")})
    (root / "items" / "01.yaml").write_bytes((OK + "deadline: 2025-02-30\n").replace("\n", "\r\n").encode())
    result = cli("validate", root=root)
    assert result.stdout == "items/01.yaml:5:11: error[bad-date]: deadline: '2025-02-30' is not a real date\n"


def test_stray_and_ignored_files(tmp_path: Path, cli) -> None:
    root = write_ledger(
        tmp_path,
        {
            "01.yaml": OK,
            "02.yaml": OK.replace("duty", "conduct"),
            "02.yaml.orig": "x",
            "_draft.yaml": "x: [",
            ".01.yaml.swp": "x",
        },
    )
    result = cli("validate", root=root)
    assert result.stdout == (
        "items/02.yaml.orig: warning[stray-file]: not a .yaml file, so not read as an item "
        "(an editor backup or merge leftover?)\n"
    )
    assert result.exit_code == 0


def test_empty_category_is_a_warning(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path, {"01.yaml": OK})
    result = cli("validate", root=root)
    assert result.stdout == "ledger.yaml:7: warning[empty-category]: categories: 'conduct' has no items\n"
    assert result.exit_code == 0


def test_json_format(tmp_path: Path, cli) -> None:
    root = write_ledger(tmp_path, {"01.yaml": OK, "02.yaml": OK.replace("duty", "conduct") + "deadline: 2025-2-3\n"})
    data = json.loads(cli("validate", "--format", "json", root=root).stdout)
    assert data == {
        "ok": False,
        "errors": 1,
        "warnings": 0,
        "items": 2,
        "problems": [
            {
                "path": "items/02.yaml",
                "line": 5,
                "column": 11,
                "severity": "error",
                "code": "bad-date",
                "message": "deadline: '2025-2-3' is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30",
            }
        ],
    }


def test_github_format(tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_ledger(tmp_path, {"01.yaml": OK, "02.yaml": OK.replace("duty", "conduct") + "owner: no\n"})
    monkeypatch.chdir(tmp_path)
    result = cli("validate", "--format", "github", root=root)
    assert result.stdout == (
        "::error file=items/02.yaml,line=5,col=8,title=wrong-type::owner: no is read by YAML "
        "as a yes/no value; put it in quotes if it is text\n"
    )


def test_sample_ledger_validates(cli) -> None:
    root = Path(__file__).resolve().parent.parent
    result = cli("validate", root=root)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Checked ledger.yaml and 15 item files: no problems.\n"
