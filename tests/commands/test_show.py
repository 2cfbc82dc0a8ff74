"""`ledger show`: one item in full, found by id however it is padded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

FULL = """\
title: 规范办公室财务管理
category: conduct
status: done
measures:
  - 完善制度体系
  - 强化预算管理
problem: 财务报销凭证不规范
leader: 张某
department: [办公室, 秘书科]
owner: 李某
deadline: 2025-06-30
outcome: 经巡察整改，报销凭证全部规范。
closed: 2025-07-10
evidence:
  - 《财务管理规定》（2025年修订）
log:
  - date: 2025-05-01
    note: 三项制度已修订印发
tags: [立行立改]
public: false
extra: {批次: 2}
"""


@pytest.fixture
def full_item_root(ledger_root: Path) -> Path:
    (ledger_root / "items" / "08-财务.yaml").write_text(FULL, encoding="utf-8")
    return ledger_root


def test_text(full_item_root: Path, cli) -> None:
    result = cli("show", "8", root=full_item_root)
    assert result.exit_code == 0
    assert (
        result.stdout
        == """\
08 规范办公室财务管理
  file:        items/08-财务.yaml
  category:    conduct (关于作风建设方面)
  status:      done (已完成)
  deadline:    2025-06-30
  closed:      2025-07-10
  leader:      张某
  department:  办公室、秘书科
  owner:       李某
  problem:     财务报销凭证不规范
  measures:
    1. 完善制度体系
    2. 强化预算管理
  outcome:     经巡察整改，报销凭证全部规范。
  evidence:
    - 《财务管理规定》（2025年修订）
  log:
    - 2025-05-01 三项制度已修订印发
  tags:        立行立改
  public:      no (left out of the public notice)
  extra:       {"批次": 2}
"""
    )


def test_overdue_days_in_text(full_item_root: Path, cli) -> None:
    result = cli("show", "2", "--as-of", "2025-07-02", root=full_item_root)
    assert "  deadline:    2025-06-30, overdue by 2 days\n" in result.stdout


@pytest.mark.parametrize("given", ["8", "08", "008"])
def test_numeric_ids_compare_by_number(full_item_root: Path, cli, given: str) -> None:
    result = cli("show", given, "--format", "json", root=full_item_root)
    assert json.loads(result.stdout)["id"] == "08"


def test_yaml_round_trips_the_data(full_item_root: Path, cli) -> None:
    result = cli("show", "08", "--format", "yaml", root=full_item_root)
    assert yaml.safe_load(result.stdout) == yaml.safe_load(FULL)


def test_json(full_item_root: Path, cli) -> None:
    data = json.loads(cli("show", "08", "--format", "json", "--as-of", "2026-01-01", root=full_item_root).stdout)
    assert data["log"] == [{"date": "2025-05-01", "note": "三项制度已修订印发"}]
    assert (data["closed"], data["public"], data["overdue"], data["extra"]) == ("2025-07-10", False, False, {"批次": 2})


def test_unknown_id_suggests_near_ones(full_item_root: Path, cli) -> None:
    result = cli("show", "80", root=full_item_root)
    assert result.exit_code == 1
    assert result.stderr == f"Error: no item 80 in {full_item_root / 'items'}; did you mean 08, 06 or 05?\n"


@pytest.mark.parametrize("bad", ["../ledger", "08/..", "/etc/passwd", "..", "abc", ""])
def test_ids_that_are_not_ids_are_refused(full_item_root: Path, cli, bad: str) -> None:
    result = cli("show", bad, root=full_item_root)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: '{bad}' is not an item id")


def test_invalid_item_shows_its_problems(full_item_root: Path, cli) -> None:
    (full_item_root / "items" / "08-财务.yaml").write_text(FULL.replace("2025-06-30", "2025-06-31"), encoding="utf-8")
    result = cli("show", "8", root=full_item_root)
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: item 08 does not validate; fix it first:\n"
        "  items/08-财务.yaml:11:11: error[bad-date]: deadline: '2025-06-31' is not a real date\n"
    )
