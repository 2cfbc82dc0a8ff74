"""`ledger import` of a published notice: the round trip on the sample, layout B, a docx with a clerk's slips."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from helpers import REPO

from ledger.core.i18n import set_language

SEED = Path(__file__).parent / "golden" / "seed.txt"
GOLDEN = Path(__file__).parent / "golden" / "notice.md"


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LEDGER_LANG", "en")
    set_language(None)
    yield
    set_language(None)


def data(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def paragraphs(text: str, markdown: bool) -> list[str]:
    lines = [re.sub(r"^#+\s+", "", line) if markdown else line for line in text.splitlines()]
    return [re.sub(r"\s+", "", line) for line in lines if line.strip()]


def test_the_seed_gives_the_sample_ledger_and_its_notice(tmp_path: Path, cli) -> None:
    target = tmp_path / "imported"
    result = cli("import", str(SEED), "--into", str(target))
    assert result.exit_code == 0, result.stderr
    assert data(target / "ledger.yaml") == data(REPO / "ledger.yaml")
    sample = sorted(p.name for p in (REPO / "items").glob("*.yaml"))
    assert sorted(p.name for p in (target / "items").glob("*.yaml")) == sample
    for name in sample:
        imported, original = data(target / "items" / name), data(REPO / "items" / name)
        assert imported.pop("status") == "in_progress"  # the notice states no status: the report says so
        original.pop("status"), original.pop("closed", None)
        assert imported == original, name
    # What the notice does not say, and the slips it makes, are reported on stderr and in the report.
    assert "the notice states no status for 15 of its 15 items: written as in_progress" in result.stderr
    assert "seed.txt line 32: note: 「下一步打算」 a section numbered 3、 is read as 三、" in result.stderr
    report = (target / "import-report.md").read_text(encoding="utf-8")
    assert "the notice states no status for 15 of its 15 items" in report
    assert "经巡察整改，2025年B类提案" in report  # the outcome sentence, as inferred
    # ledger report on it reproduces the seed paragraph for paragraph (its 3、 corrected).
    notice = cli("report", "--as-of", "2026-01-21", root=target)
    assert notice.exit_code == 0, notice.stderr
    assert notice.stdout == GOLDEN.read_text(encoding="utf-8")
    seed = paragraphs(SEED.read_text(encoding="utf-8"), markdown=False)
    seed = [seed[0] + seed[1], *["三、下一步打算" if line == "3、下一步打算" else line for line in seed[2:]]]
    assert paragraphs(notice.stdout, markdown=True) == seed
    assert cli("validate", "--strict", root=target).exit_code == 0


def test_dry_run_writes_nothing(tmp_path: Path, cli) -> None:
    result = cli("import", str(SEED), "--into", str(tmp_path / "new"), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "new").exists()
    assert list(tmp_path.iterdir()) == []
    assert "==> items/15.yaml <==\ntitle: 进一步规范选人用人工作\n" in result.stdout
    assert "==> import-report.md <==" in result.stdout


def test_into_refuses_a_folder_that_is_not_empty(tmp_path: Path, cli) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("x", encoding="utf-8")
    result = cli("import", str(SEED), "--into", str(tmp_path / "full"))
    assert result.exit_code == 1
    assert "is not empty" in result.stderr
    assert tree(tmp_path / "full") == {"notes.txt": b"x"}
