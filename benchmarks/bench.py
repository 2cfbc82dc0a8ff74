"""Time `ledger` against its floors: a bare libyaml parse of the same files, and the bare imports at start-up.

    python benchmarks/bench.py [--sizes 1000,10000,50000] [--runs 5] [--keep DIR] [--corpus] [--no-round]

Every command runs as a whole process, as a user runs it, each run paired with a run of its
floor (command, floor, command, floor, …) so that a change in the machine's load touches
both; the ratio of each pair is taken, and the median and the lowest ratio are printed.
Not a test: the numbers depend on the machine.
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
from collections.abc import Callable
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


# What every run of `ledger` pays before it does anything: the interpreter, typer and yaml …
IMPORTS = "import typer, yaml"
# … and for a table for people, rich's console printing a table.
RICH_TABLE = (
    "import typer, yaml\nfrom rich.console import Console\nfrom rich.table import Table\n"
    "t = Table(box=None, pad_edge=False)\nt.add_column('ID')\nt.add_row('01')\nConsole().print(t)\n"
)


def ledger_exe() -> str:
    beside = Path(sys.executable).parent / "ledger"
    return str(beside) if beside.exists() else (shutil.which("ledger") or "ledger")


# As users run it: with bytecode cached. (Some shells set PYTHONDONTWRITEBYTECODE, which makes
# an editable install compile ledger's modules at every start, about 15 ms.)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str], cwd: Path, before: Callable[[], None] | None = None) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one run, as the kernel counts them for that process alone."""
    if before:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(process.pid, 0)
    took = time.perf_counter() - start
    process.returncode = 0  # reaped above
    return took, usage.ru_maxrss


class Result:
    def __init__(self, seconds: list[float], ratios: list[float], memory: int, floor_memory: int) -> None:
        self.seconds = statistics.median(seconds)
        self.ratio = statistics.median(ratios)
        self.lowest = min(ratios)
        self.memory, self.floor_memory = memory, floor_memory


def paired(argv: list[str], floor: list[str], cwd: Path, runs: int, before=None) -> Result:
    """`argv` against `floor`, run in turns (command, floor, command, floor, …): each pair's ratio."""
    timed(argv, cwd, before)  # warm the disk cache and the bytecode
    timed(floor, cwd)
    seconds, ratios, memory, floor_memory = [], [], 0, 0
    for _ in range(runs):
        took, peak = timed(argv, cwd, before)
        base, floor_peak = timed(floor, cwd)
        seconds.append(took)
        ratios.append(took / base)
        memory, floor_memory = max(memory, peak), max(floor_memory, floor_peak)
    return Result(seconds, ratios, memory, floor_memory)


TARGETS_FROM = 10_000  # items: the targets are set for 10k and 50k; below, start-up dominates
show_targets = True


def row(label: str, result: Result, target: str = "", memory: bool = False) -> None:
    target = target if show_targets else ""
    line = f"  {label:<44} {result.seconds:7.3f} s  {result.ratio:5.2f}x (min {result.lowest:4.2f}x)  {target}"
    if memory:
        line += f"  peak {result.memory / 1024:.0f} MiB (floor {result.floor_memory / 1024:.0f} MiB)"
    print(line.rstrip(), flush=True)


def floor_of(*folders: str) -> list[str]:
    """A process that only parses, with libyaml, the item files of these ledgers."""
    script = (
        "import pathlib, sys, yaml\n"
        f"for folder in {list(folders)!r}:\n"
        "    for path in sorted(pathlib.Path(folder).glob('items/*.yaml')):\n"
        "        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)\n"
    )
    return [sys.executable, "-c", script]


class Edits:
    """Edit commands that really write: each run on another open item, its file put back before the next."""

    def __init__(self, root: Path, count: int) -> None:
        self.root = root
        self.paths = sorted(
            p for p in (root / "items").glob("*.yaml") if "status: done" not in p.read_text(encoding="utf-8")
        )[:count]
        self.saved = {p: p.read_bytes() for p in self.paths}
        self.turn = -1

    def next_id(self) -> str:
        self.turn = (self.turn + 1) % len(self.paths)
        return self.paths[self.turn].stem

    def restore(self) -> None:
        for path, data in self.saved.items():
            if path.read_bytes() != data:
                path.write_bytes(data)


def edit_rows(root: Path, exe: str, runs: int) -> None:
    floor = floor_of(".")
    edits = Edits(root, runs + 2)
    subprocess.run([exe, "validate"], cwd=root, env=ENV, capture_output=True)  # a warm cache, as in use

    def command(*args: str) -> Callable[[], list[str]]:
        return lambda: [exe, args[0], edits.next_id(), *args[1:]]

    for label, make in [
        ("close (real write)", command("close", "--date", "2026-01-10")),
        ("note (real write)", command("note", "召开专题会议研究部署。", "--date", "2026-01-10")),
        ("set --owner (real write)", command("set", "--owner", "周某")),
    ]:
        argv: list[str] = []  # filled anew before each run: paired() reads it after `before`

        def before(make=make, argv=argv) -> None:
            argv[:] = make()

        row(label, paired(argv, floor, root, runs, before), "<= 0.15x")
        edits.restore()

    def after_an_edit() -> None:
        subprocess.run([exe, "note", edits.next_id(), "督促整改。", "--date", "2026-01-10"], cwd=root, env=ENV,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    row("list, the first run after an edit", paired([exe, "list"], floor, root, runs, after_an_edit), "<= 0.5x")
    edits.restore()
    subprocess.run([exe, "validate"], cwd=root, env=ENV, capture_output=True)


def ledger_rows(root: Path, exe: str, runs: int) -> dict[str, float]:
    floor = floor_of(".")

    def no_cache() -> None:
        shutil.rmtree(root / ".ledger-cache", ignore_errors=True)

    seconds = {}
    for label, args, before, target in [
        ("validate --no-cache", ["validate", "--no-cache"], None, "<= 0.8x"),
        ("list (table), cold: no cache yet", ["list"], no_cache, "<= 1.3x"),
        ("list --overdue --format json --no-cache", ["list", "--overdue", "--format", "json", "--no-cache"], None, ""),
        ("report, cold", ["report"], no_cache, ""),
        ("validate (cache warm)", ["validate"], None, ""),
        ("list --format json (cache warm)", ["list", "--format", "json"], None, "<= 0.35x"),
        ("stats (cache warm)", ["stats"], None, "<= 0.35x"),
        ("report (cache warm)", ["report"], None, ""),
        ("export --format csv (cache warm)", ["export", "--format", "csv"], None, ""),
        ("export --format xlsx (cache warm)", ["export", "--format", "xlsx", "-o", "x.xlsx", "--force"], None,
         "<= 3x"),
    ]:  # fmt: skip
        result = paired([exe, *args], floor, root, runs, before)
        row(label, result, target, memory=label.startswith("list --format json"))
        seconds[label] = result.seconds
    (root / "x.xlsx").unlink(missing_ok=True)
    edit_rows(root, exe, runs)
    return seconds


def git(cwd: Path, *args: str) -> None:
    env = {**ENV, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)


def a_month_of_edits(root: Path, seed: int = 2) -> None:
    """What happens between two notices: notes on 5% of the items, 1% closed, a few new ones."""
    rng = random.Random(seed)
    paths = sorted((root / "items").glob("*.yaml"))
    for path in rng.sample(paths, len(paths) // 20):
        text = path.read_text(encoding="utf-8")
        if "\nlog:\n" not in text:
            text += "log:\n"
        path.write_text(text + "  - date: 2026-02-10\n    note: 召开专题会议研究部署。\n", encoding="utf-8")
    for path in rng.sample(paths, len(paths) // 100):
        text = path.read_text(encoding="utf-8")
        if "status: done" not in text:
            text = text.replace("status: open", "status: done").replace("status: in_progress", "status: done")
            text = text.replace("status: partial", "status: done").replace("status: ongoing", "status: done")
            path.write_text(text + "closed: 2026-02-12\nevidence:\n  - 《整改情况报告》\n", encoding="utf-8")
    width = len(paths[0].stem)
    for n in range(len(paths) + 1, len(paths) + 11):
        text = "title: 规范印章管理\ncategory: finance\nstatus: open\nmeasures:\n  - 修订印章管理办法。\n"
        (root / "items" / f"{n:0{width}d}.yaml").write_text(text, encoding="utf-8")


def history_rows(root: Path, exe: str, runs: int) -> None:
    """`changes` and `validate --against` over a month of edits, against parsing both versions."""
    shutil.rmtree(root / ".ledger-cache", ignore_errors=True)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "一月")
    git(root, "tag", "notice-2026-01")
    before = root.parent / f"{root.name}-at-notice"
    shutil.copytree(root, before, ignore=shutil.ignore_patterns(".git"))
    a_month_of_edits(root)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "二月")
    floor = floor_of(".", str(before))
    print("  a month of edits in git, against parsing both versions:")
    row("changes", paired([exe, "changes", "--format", "json"], floor, root, runs), "<= 2x")
    row("validate --against notice-2026-01", paired([exe, "validate", "--against", "notice-2026-01"], floor, root,
                                                    runs), "<= 2x")  # fmt: skip
    shutil.rmtree(before)


def rollup_rows(folder: Path, exe: str, runs: int, units: int = 100, size: int = 100) -> None:
    root = folder / f"round-{units}x{size}"
    if not (root / "round.yaml").exists():
        lines = ["title: 第三轮巡察整改进展情况", "issuer: 中共某区委巡察工作领导小组办公室", "units:"]
        for n in range(1, units + 1):
            build_ledger(root / f"u{n:03d}", size, seed=n)
            lines += [f"  - name: 单位{n:03d}", f"    path: u{n:03d}"]
        (root / "round.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    floor = floor_of(*(f"u{n:03d}" for n in range(1, units + 1)))

    def no_cache() -> None:
        for unit in root.iterdir():
            shutil.rmtree(unit / ".ledger-cache", ignore_errors=True)

    print(f"A round of {units} units x {size} items, against parsing all their files:")
    row("rollup --format json, cold: no cache yet", paired([exe, "rollup", "--format", "json"], floor, root, runs,
                                                            no_cache), "<= 1.3x")  # fmt: skip
    row("rollup --format json (caches warm)", paired([exe, "rollup", "--format", "json"], floor, root, runs), "")


def import_rows(folder: Path, exe: str, runs: int, count: int = 1000) -> None:
    """`ledger import` of an office's 台账 of `count` rows, against openpyxl reading the same sheet."""
    try:
        import openpyxl
    except ImportError:
        print("Import of a 台账: not timed (openpyxl is not installed; pip install -e '.[test]')")
        return
    rng = random.Random(3)
    source = folder / "台账.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["某局巡察整改台账"])
    sheet.append(["序号", "问题类别", "反馈问题", "整改任务", "整改措施", "责任领导", "责任部门", "责任人", "完成时限",
                  "完成情况"])  # fmt: skip
    for n in range(1, count + 1):
        measures = "\n".join(f"{k}.{rng.choice(VERBS)}{rng.choice(OBJECTS)}，{rng.choice(CLAUSES)}" for k in (1, 2, 3))
        task = f"{rng.choice(VERBS)}{rng.choice(OBJECTS)}"
        problem = f"{rng.choice(OBJECTS)}不规范"
        people = [rng.choice(NAMES), rng.choice(DEPARTMENTS), rng.choice(NAMES)]
        sheet.append([n, rng.choice(CATEGORIES)[1], problem, task, measures, *people,
                      rng.choice(["2026年6月30日", "2026.12.31", "2026年底前", "长期坚持"]),
                      rng.choice(["已完成", "整改中", "基本完成", "未启动"])])  # fmt: skip
    book.save(source)
    target = folder / "imported"

    def fresh() -> None:
        shutil.rmtree(target, ignore_errors=True)

    floor = [sys.executable, "-c", f"import openpyxl\nfor row in openpyxl.load_workbook({str(source)!r}, "
             "read_only=True).active.iter_rows(values_only=True): pass"]  # fmt: skip
    print(f"Import of a {count}-row 台账.xlsx, against openpyxl reading its rows:")
    row(f"import 台账.xlsx --into DIR ({count} rows)", paired([exe, "import", str(source), "--into", str(target)],
                                                             floor, folder, runs, fresh), "a few seconds")  # fmt: skip


def startup_rows(exe: str, runs: int) -> None:
    print("Start-up, on the sample ledger (15 items):")
    imports = [sys.executable, "-c", IMPORTS]
    rich_table = [sys.executable, "-c", RICH_TABLE]
    row("validate  vs  python -c 'import typer, yaml'", paired([exe, "validate"], imports, REPO, runs), "<= 1.1x")
    row("list --format json  vs  the same", paired([exe, "list", "--format", "json"], imports, REPO, runs), "<= 1.1x")
    row("list  vs  typer, yaml and a rich table", paired([exe, "list"], rich_table, REPO, runs), "<= 1.15x")


def corpus_row(exe: str) -> None:
    """The slowest bad input of the test corpus, as `validate` meets it (each used to be a timed test)."""
    sys.path[:0] = [str(REPO / "tests"), str(REPO / "tests" / "core")]
    try:
        from test_corpus import CASES, build
    except ImportError as e:  # the corpus is read by the tests' code: the `test` extra
        print(f"Corpus of bad inputs: not timed ({e.name} is not installed; pip install -e '.[test]')")
        return

    slowest = (0.0, "")
    with tempfile.TemporaryDirectory() as folder:
        for n, case in enumerate(CASES):
            root = build(case, Path(folder) / str(n))
            took, _ = timed([exe, "validate", "--no-cache"], root)
            slowest = max(slowest, (took, f"{case.parent.name}/{case.name}"))
    print(f"Corpus of bad inputs ({len(CASES)} cases): slowest {slowest[1]}, {slowest[0]:.3f} s (target < 1 s)")


def serve_rows(folder: Path, runs: int, size: int = 1000) -> None:
    """`ledger serve`'s pages as the browser gets them (HTTP on 127.0.0.1), the ledger held in memory."""
    try:
        from ledger.web.server import start
    except ImportError as e:
        print(f"serve: not timed ({e.name} is not installed; pip install -e '.[web]')")
        return
    sys.path.insert(0, str(REPO / "tests"))
    from helpers import Browserless

    root = folder / f"serve-{size}"
    shutil.rmtree(root, ignore_errors=True)
    build_ledger(root, size)
    stamp = time.time() - 3600  # written long ago, as a ledger in use: their stat keys are trusted
    for path in (root / "items").iterdir():
        os.utime(path, (stamp, stamp))
    running = start(root)
    try:
        client = Browserless(running.address)
        client.login()
        item = sorted((root / "items").glob("*.yaml"))[size // 2].stem

        def page(path: str, before: Callable[[], None] | None = None) -> float:
            times = []
            for _ in range(runs):
                if before:
                    before()
                start_at = time.perf_counter()
                got = client.get(path)
                times.append(time.perf_counter() - start_at)
                assert got.status == 200, (path, got.status)
            return statistics.median(times) * 1000

        client.get("/")  # the first load: from the cache on disk
        first = page(f"/item/{item}")  # its history from git is read once
        changed = root / "items" / f"{item}.yaml"
        text = changed.read_text(encoding="utf-8")

        def edit_outside() -> None:
            changed.write_text(text + "tags: [外部编辑]\n" if "tags:" not in changed.read_text(encoding="utf-8")
                               else text, encoding="utf-8")  # fmt: skip

        print(f"serve, a {size}-item ledger held in memory (median of {runs} requests over HTTP):")
        print(f"  {'the 台账 page (every item)':<44} {page('/'):7.1f} ms   target < 50 ms")
        print(f"  {'the 台账, overdue only':<44} {page('/?overdue=1'):7.1f} ms")
        print(f"  {'an item page':<44} {page(f'/item/{item}'):7.1f} ms   target < 20 ms (first visit {first:.1f} ms)")
        print(f"  {'a form (note)':<44} {page(f'/item/{item}/note'):7.1f} ms")
        print(f"  {'the 台账 after a file changed outside':<44} {page('/', edit_outside):7.1f} ms")
        print(f"  {'statistics (SVG charts)':<44} {page('/stats'):7.1f} ms")
    finally:
        running.stop()


def main() -> None:
    global show_targets
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000", help="ledger sizes in items, comma-separated (default 10000)")
    parser.add_argument("--runs", type=int, default=5, help="timed pairs per command (default 5)")
    parser.add_argument("--keep", type=Path, help="build the ledgers here and keep them")
    parser.add_argument("--corpus", action="store_true", help="also time the test corpus of bad inputs")
    parser.add_argument("--no-round", action="store_true", help="leave out the round of 100 units")
    parser.add_argument("--serve-only", action="store_true", help="only the rows of `ledger serve`'s pages")
    args = parser.parse_args()

    exe = ledger_exe()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {args.runs} interleaved pairs")
    folder = args.keep or Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    if args.serve_only:
        try:
            serve_rows(folder, args.runs * 4)
        finally:
            if not args.keep:
                shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        xlsx = []
        for size in (int(s) for s in args.sizes.split(",")):
            root = folder / f"ledger-{size}"
            shutil.rmtree(root, ignore_errors=True)  # the history rows commit edits into it
            build_ledger(root, size)
            show_targets = size >= TARGETS_FROM
            print(f"{size} items, against the floor (libyaml parsing every file)"
                  f"{':' if show_targets else '; start-up dominates at this size, no targets:'}")  # fmt: skip
            seconds = ledger_rows(root, exe, args.runs)
            history_rows(root, exe, args.runs)
            xlsx.append((size, seconds["export --format xlsx (cache warm)"]))
        for (small, took), (large, took_large) in zip(xlsx, xlsx[1:], strict=False):
            print(f"export --format xlsx: {large} items take {took_large / took:.1f}x the time of {small} "
                  f"(linear: {large / small:.1f}x)")  # fmt: skip
        show_targets = True
        if not args.no_round:
            rollup_rows(folder, exe, args.runs)
        import_rows(folder, exe, args.runs)
        serve_rows(folder, args.runs * 4)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    startup_rows(exe, args.runs * 4)
    if args.corpus:
        corpus_row(exe)


if __name__ == "__main__":
    main()
