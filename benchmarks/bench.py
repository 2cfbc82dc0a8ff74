"""Time `ledger` on a large synthetic ledger against the floor: a bare libyaml parse of the same files.

    python benchmarks/bench.py [--items 10000] [--runs 5] [--keep DIR]

Every command runs as a whole process, as a user runs it; the medians and the ratios to
the floor are printed. Not a test: numbers depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

CATEGORIES = [
    ("responsibility", "关于落实巡察整改主体责任方面"),
    ("performance", "关于推动履职全面提质增效方面"),
    ("conduct", "关于抓作风建设促效能提升方面"),
    ("organization", "关于抓好组织体系建设与干部人才工作方面"),
    ("finance", "关于财务管理与资产管理方面"),
    ("discipline", "关于落实全面从严治党要求方面"),
]
VERBS = ["规范", "健全", "完善", "强化", "落实", "严格", "加强", "推进", "深化", "压实"]
OBJECTS = [
    "公务用车管理", "财务报销审核", "公文办理流程", "理论学习制度", "督促检查机制", "党费管理使用",
    "选人用人工作", "干部出国（境）管理", "委员履职服务", "提案办理督办", "印章管理", "公务接待管理",
]  # fmt: skip
CLAUSES = [
    "系统梳理现有工作制度，修订完善《管理办法》，夯实制度保障",
    "组织相关科室专题学习有关规定，结合深入贯彻中央八项规定精神学习教育重申工作纪律，筑牢思想防线",
    "建立健全台账监管机制，分管领导每月定期核查台账，保障记录完整可溯，实现全流程闭环监管",
    "严格执行审批程序，按规定附齐审批及佐证材料、履行分级审核程序",
    "每月开展“回头看”检查，对错情漏项、表述模糊、流程违规的问题通报批评",
    "深入听取有关单位意见建议，通过开展实地督导、召开专题座谈会等方式共商对策",
]
DEPARTMENTS = ["办公室", "秘书科", "人事科", "财务科", "机关党委", "研究室", "提案委"]
NAMES = ["张某", "李某", "王某", "赵某", "陈某", "刘某"]
STATUSES = ["open", "in_progress", "in_progress", "partial", "ongoing", "done", "done", "done"]


def build_ledger(root: Path, count: int, seed: int = 1) -> None:
    """A ledger of `count` items with realistic text, every status, deadlines and logs."""
    rng = random.Random(seed)
    (root / "items").mkdir(parents=True)
    categories = "".join(f"  - key: {key}\n    title: {title}\n" for key, title in CATEGORIES)
    (root / "ledger.yaml").write_text(
        "schema: 1\ntitle: 中共某某委员会机关党组关于巡察整改进展情况的通报\nissuer: 中共某某委员会机关党组\n"
        "subject: 某某机关党组\ninspection:\n  deployer: 市委\n  group: 市委第一巡察组\n  start: 2024-09-18\n"
        "  end: 2024-12-20\n  feedback: 2025-03-25\n"
        f"categories:\n{categories}"
        "next_steps:\n  intro: 将坚持抓常抓长，持续巩固巡察整改成效。\n"
        "  points: [建立整改跟踪督办机制。, 强化成果运用。]\n"
        "publication: {date: 2026-01-21, until: 2026-02-28}\n"
        "notice: {statistics: true}\n",
        encoding="utf-8",
    )
    start = date(2025, 4, 1)
    width = max(2, len(str(count)))
    for n in range(1, count + 1):
        status = rng.choice(STATUSES)
        lines = [
            f"title: {rng.choice(VERBS)}{rng.choice(OBJECTS)}",
            f"category: {rng.choice(CATEGORIES)[0]}",
            f"status: {status}",
            "measures:",
            *(
                f"  - {rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(CLAUSES)}。"
                for _ in range(rng.randint(1, 4))
            ),
            f"problem: {rng.choice(OBJECTS)}存在不规范问题，{rng.choice(CLAUSES)}不到位。",
            f"leader: {rng.choice(NAMES)}",
            f"department: [{', '.join(rng.sample(DEPARTMENTS, rng.randint(1, 2)))}]",
            f"owner: {rng.choice(NAMES)}",
            f"deadline: {start + timedelta(days=rng.randint(0, 400))}",
        ]
        if status == "done":
            lines += [f"closed: {start + timedelta(days=rng.randint(30, 420))}", "evidence:", "  - 《整改情况报告》"]
        entries = rng.randint(0, 3)
        if entries:
            lines.append("log:")
            for k in range(entries):
                lines += [f"  - date: {start + timedelta(days=30 * k)}", f"    note: {rng.choice(CLAUSES)}"]
        (root / "items" / f"{n:0{width}d}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


FLOOR = (
    "import pathlib, sys, yaml\n"
    "for path in sorted(pathlib.Path('items').glob('*.yaml')):\n"
    "    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)\n"
)


def ledger_exe() -> str:
    beside = Path(sys.executable).parent / "ledger"
    return str(beside) if beside.exists() else (shutil.which("ledger") or "ledger")


# As users run it: with bytecode cached. (Some shells set PYTHONDONTWRITEBYTECODE, which makes
# an editable install compile ledger's modules at every start, about 15 ms.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def median_time(argv: list[str], cwd: Path, runs: int, cold_cache: bool = False) -> float:
    run = {"cwd": cwd, "env": ENV, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run(argv, **run)  # warm the disk cache and the bytecode
    times = []
    for _ in range(runs):
        if cold_cache:
            shutil.rmtree(cwd / ".ledger-cache", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run(argv, **run)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000, help="how many items (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command (default 5)")
    parser.add_argument("--keep", type=Path, help="build the ledger here and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    root = folder / "ledger"
    try:
        if not (root / "ledger.yaml").exists():
            build_ledger(root, args.items)
        exe = ledger_exe()
        floor = median_time([sys.executable, "-c", FLOOR], root, args.runs)
        rows = [("floor: libyaml parse of every file", floor)]
        for label, argv, cold in [
            ("validate --no-cache", [exe, "validate", "--no-cache"], False),
            ("list --overdue --format json --no-cache", [exe, "list", "--overdue", "--format", "json", "--no-cache"],
             False),
            ("report --no-cache", [exe, "report", "--no-cache"], False),
            ("validate, first run (fills the cache)", [exe, "validate"], True),
            ("validate (cache warm)", [exe, "validate"], False),
            ("list --overdue --format json (cache warm)", [exe, "list", "--overdue", "--format", "json"], False),
            ("report (cache warm)", [exe, "report"], False),
        ]:  # fmt: skip
            rows.append((label, median_time(argv, root, args.runs, cold)))
        print(f"{args.items} items, median of {args.runs} runs, Python {sys.version.split()[0]}")
        for label, seconds in rows:
            print(f"  {label:<44} {seconds:7.3f} s  {seconds / floor:5.2f}x floor")

        imports = median_time([sys.executable, "-c", "import typer, yaml, rich.table"], REPO, args.runs * 2)
        print("Sample ledger (15 items):")
        baseline = 'python -c "import typer, yaml, rich.table"'
        print(f"  {baseline:<44} {imports:7.3f} s")
        for label, argv in [
            ("ledger list", [exe, "list"]),
            ("ledger list --format json", [exe, "list", "--format", "json"]),
        ]:
            seconds = median_time(argv, REPO, args.runs * 2)
            print(f"  {label:<44} {seconds:7.3f} s  {seconds / imports:5.2f}x those imports")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
