"""`ledger validate`: formats, summaries, warnings and what is accepted.

Every kind of bad input, with its exact message and line, is in tests/corpus (test_corpus.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CONFIG, REPO, write_ledger

OK = "title: 任务\ncategory: duty\nstatus: in_progress\nmeasures: [措施]\n"


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
                "message": "deadline: '2025-2-3' is not written as YYYY-MM-DD; write 2025-02-03",
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
    root = REPO
    result = cli("validate", root=root)
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == "Checked ledger.yaml and 15 item files: no problems.\n"


def test_measures_written_with_their_numbers_are_a_warning(tmp_path: Path, cli) -> None:
    measures = "measures:\n  - 一是完善制度\n  - （二）强化管理\n  - 3.严格执行\n  - 建立“一车一档”台账\n"
    root = write_ledger(tmp_path, {"01.yaml": OK.replace("measures: [措施]\n", measures),
                                   "02.yaml": OK.replace("duty", "conduct")})  # fmt: skip
    result = cli("validate", root=root)
    assert result.exit_code == 0
    hint = "write it without, the notice numbers the measures"
    assert result.stdout.splitlines() == [
        f"items/01.yaml:5:5: warning[measure-prefix]: measures[1]: starts with 一是; {hint}",
        f"items/01.yaml:6:5: warning[measure-prefix]: measures[2]: starts with （二）; {hint}",
        f"items/01.yaml:7:5: warning[measure-prefix]: measures[3]: starts with 3.; {hint}",
    ]


def test_duplicate_ids_are_errors_and_neither_item_is_used(ledger_root: Path, cli) -> None:
    (ledger_root / "items" / "005-副本.yaml").write_text("title: 副本\ncategory: duty\nstatus: open\n")
    result = cli("validate", root=ledger_root)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "duplicate-id" in line] == [
        "items/005-副本.yaml: error[duplicate-id]: id 005 is also used by items/05.yaml; renumber one of them",
        "items/05.yaml: error[duplicate-id]: id 05 is also used by items/005-副本.yaml; renumber one of them",
    ]
    listed = cli("list", "--format", "json", root=ledger_root)
    assert [i["id"] for i in json.loads(listed.stdout)] == ["01", "02", "03", "04", "06"]


def test_a_done_item_lacking_a_close_requires_field(tmp_path: Path, cli) -> None:
    items = {"01.yaml": "title: 任务\ncategory: duty\nstatus: done\nmeasures: [措施]\nclosed: 2025-01-01\n"}
    root = write_ledger(tmp_path / "ledger", items, CONFIG + "close_requires: [evidence, outcome]\n")
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert result.stdout == (
        "items/01.yaml:3:9: error[close-requires]: evidence: missing; ledger.yaml close_requires it of a done item\n"
        "items/01.yaml:3:9: error[close-requires]: outcome: missing; ledger.yaml close_requires it of a done item\n"
    )


@pytest.mark.parametrize(
    ("measures", "expected"),
    [
        ("  - 完善制度\n    - 修订三项制度\n    - 明确审核流程\n  - 强化管理\n",
         "items/01.yaml:6:5: error[nested-list]: measures[1]: a sub-list under this entry"),
        ("  - 完善制度\n  - 强化管理，\n     -\n", "items/01.yaml:7:6: error[nested-list]: measures[2]: a sub-list"),
    ],
)  # fmt: skip
def test_a_sub_list_under_a_measure_is_an_error_at_its_line(tmp_path: Path, cli, measures: str, expected: str) -> None:
    item = f"title: 任务\ncategory: duty\nstatus: in_progress\nmeasures:\n{measures}"
    root = write_ledger(tmp_path / "l", {"01.yaml": item})
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "error" in line][0].startswith(expected), result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title: 规范\u2028管理\ncategory: duty\nstatus: open\n",
         "items/01.yaml:1:10: error[yaml-syntax]: the character LINE SEPARATOR (U+2028) here is a line break to YAML, "
         "though not to an editor; remove it, or put the whole text in quotes"),
        ("title: 规范\ncategory: duty\nstatus: open\nproblem: 甲\u0085乙\n",
         "items/01.yaml:4:11: error[yaml-syntax]: the character NEXT LINE (U+0085)"),
        ("title: 规范\ncategory: duty\nstatus: in_progress\nmeasures:\n\u3000- 措施\n",
         "items/01.yaml:5:1: error[yaml-syntax]: a full-width space (U+3000) in the indent; indent with ASCII spaces"),
        ("title: 规范\ncategory: duty\n\u3000status: open\n",
         "items/01.yaml:3:1: error[yaml-syntax]: a full-width space (U+3000) in the indent"),
        ("title: 规范\ncategory: duty\nstatus: in_progress\nmeasures:\n  -\u3000措施\nlog:\n\u3000\u3000- date: x\n",
         "items/01.yaml:5:4: error[yaml-syntax]: a full-width space (U+3000) after the '-' of a list entry; write an "
         "ASCII space: `- …`"),
        ("title: 规范\ncategory：duty\nstatus: open\n",
         "items/01.yaml:2:9: error[yaml-syntax]: category: written with a full-width colon (：)"),
        ("title: 规范\ncategory: duty\nstatus: open\ndeadline: ２０２６-０３-０１\n",
         "items/01.yaml:4:11: error[bad-date]: deadline: '２０２６-０３-０１' is written with full-width digits; "
         "write the date in ASCII digits: 2026-03-01"),
    ],
)  # fmt: skip
def test_what_a_chinese_keyboard_puts_in_is_named_at_its_line(tmp_path: Path, cli, text: str, expected: str) -> None:
    root = write_ledger(tmp_path / "l", {"01.yaml": text})
    result = cli("validate", root=root)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "error" in line][0].startswith(expected), result.stdout
