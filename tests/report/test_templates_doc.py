"""docs/templates.md (and docs/zh/templates.md, its Chinese) names every field a template receives and every filter of
ledger's, and its examples run."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from helpers import REPO, write_ledger

from ledger.core.load import load_ledger
from ledger.core.zh import FILTERS
from ledger.report.render import context
from ledger.report.sandbox import environment

DOC = (REPO / "docs" / "templates.md").read_text(encoding="utf-8")
DOC_ZH = (REPO / "docs" / "zh" / "templates.md").read_text(encoding="utf-8")
DOCS = {"en": DOC, "zh": DOC_ZH}
# The sections the tests read, in each language.
SECTIONS = {
    "en": {"receives": "What a template receives", "remind": "What remind.md.j2 receives",
           "paragraphs": "Paragraphs and blank lines", "examples": "Three examples"},
    "zh": {"receives": "模板得到的数据", "remind": "remind.md.j2 得到的数据", "paragraphs": "段落和空行",
           "examples": "三个例子"},
}  # fmt: skip
LOG = (
    "log:\n  - {date: 2025-05-01, note: 起草}\n  - {date: 2025-06-01, kind: status, from: open, to: in_progress}\n"
    "  - {date: 2025-06-20, kind: deadline, from: 2025-06-30, to: 2025-07-31, note: 待批复}\n"
    "  - {date: 2025-07-01, kind: close, note: 完成}\n"
    "  - {date: 2025-07-05, kind: reopen, from: 2025-07-01, note: 反弹}\n"
    "  - {date: 2025-07-06, kind: assign, field: department, from: [办公室, 秘书科], to: 财务科, by: 财务科}\n"
)


@pytest.fixture(scope="module")
def ctx(tmp_path_factory) -> dict:
    from helpers import ITEMS

    items = dict(ITEMS)
    items["02.yaml"] += LOG
    root = write_ledger(tmp_path_factory.mktemp("doc") / "ledger", items)
    return context(load_ledger(root, use_cache=False), date(2025, 7, 16))


def documented(section: str = "receives", language: str = "en") -> set[str]:
    text = DOCS[language].split(f"\n## {SECTIONS[language][section]}\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9_.]+)` \|", text, re.M))


def paths(prefix: str, data: dict, opaque=("status_labels", "extra", "by_category", "fonts")) -> set[str]:
    found = set()
    for key, value in data.items():
        found.add(prefix + key)
        if isinstance(value, dict) and key not in opaque:
            found |= paths(prefix + key + ".", value)
    return found


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_field_has_its_line(ctx: dict, language: str) -> None:
    item = ctx["items"][1]
    real = (
        set(ctx) | paths("ledger.", ctx["ledger"]) | {f"ledger.docx.fonts.{k}" for k in ctx["ledger"]["docx"]["fonts"]}
    )
    real |= {f"category.{k}" for k in ctx["categories"][0]} | {f"item.{k}" for k in item}
    real |= {f"entry.{k}" for entry in item["log"] for k in entry}
    real |= {f"stats.{k}" for k in ctx["stats"] if k != "by_status"} | {"stats.by_status"}
    shown = documented(language=language)
    assert shown == real, f"undocumented: {real - shown}; documented but absent: {shown - real}"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_field_of_remind_has_its_line(ctx: dict, tmp_path: Path, language: str) -> None:
    from helpers import ITEMS

    from ledger.report.render import remind_context

    ledger = load_ledger(write_ledger(tmp_path / "ledger", {**ITEMS, "02.yaml": ITEMS["02.yaml"] + LOG}))
    remind = remind_context(ledger, "办公室", ledger.items[:2], date(2025, 7, 16), date(2025, 7, 21))
    notice_item = set(ctx["items"][0])
    real = set(remind) | {f"counts.{k}" for k in remind["counts"]}
    real |= {f"item.{k}" for item in remind["items"] for k in item if k not in notice_item}
    assert documented("remind", language) == real


def test_category_stats_are_the_counts_of_stats(ctx: dict) -> None:
    assert set(ctx["categories"][0]["stats"]) == set(ctx["stats"]) - {"by_category"}


def examples(language: str = "en") -> list[tuple[str, str, str]]:
    return re.findall(r"^- `([a-z_]+)`: `(.+)` → `(.*)`$", DOCS[language], re.M)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_filter_has_an_example(language: str) -> None:
    import jinja2.filters

    ours = set(environment(Path("/nonexistent")).filters) - set(jinja2.filters.FILTERS)
    assert ours >= set(FILTERS) | {"md_cell", "status_parts"}
    assert {name for name, _, _ in examples(language)} == ours


@pytest.mark.parametrize(("name", "template", "output"), examples() + examples("zh"))
def test_the_filter_examples_give_what_they_say(name: str, template: str, output: str) -> None:
    assert f"| {name}" in template
    assert environment(Path("/nonexistent")).from_string(template).render() == output


def blocks(section: str, language: str = "en") -> list[str]:
    """The indented code blocks of a section of the doc."""
    text = DOCS[language].split(f"## {SECTIONS[language][section]}", 1)[1].split("\n## ", 1)[0]
    found, current = [], []
    for line in [*text.splitlines(), "end"]:
        if line.startswith("    ") or (current and not line.strip()):
            current.append(line[4:])
        elif current:
            found.append("\n".join(current).rstrip("\n") + "\n")
            current = []
    return found


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_examples_run_and_keep_paragraphs_apart(ctx: dict, language: str) -> None:
    env = environment(Path("/nonexistent"))
    paragraph = blocks("paragraphs", language)[0]
    late = env.from_string(paragraph).render(ctx)
    assert late == "1.未启动的任务。\n\n2.正在推进的任务。\n\n4.阶段性完成的任务。\n\n"
    summary, by_department = blocks("examples", language)
    assert (
        env.from_string(summary)
        .render(ctx)
        .startswith("一、关于落实主体责任方面：共3个，已完成1个，整改完成率33.33%。\n\n二、关于作风建设方面：")
    )
    lines = env.from_string(by_department).render(ctx).split("\n\n")
    assert lines[:3] == [
        "办公室：未启动的任务（逾期45天）；正在推进的任务（逾期16天）。",
        "秘书科：正在推进的任务（逾期16天）。",
        "财务科：阶段性完成的任务（逾期1天）。",
    ]
