"""A round: many units' ledgers, each a folder or a git repository, read and counted together.

`round.yaml` names the units; a git unit is fetched with the `git` command into the round's
`.ledger-cache/units/` (a bare repository of ledger's own, fetched shallow) and read at its
ref from git objects. A unit that cannot be read is a problem of that unit, never a crash,
and no unit is ever dropped: its problems are listed and the totals say they are incomplete.
"""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path
from typing import Any

from ledger.core import problems as codes
from ledger.core.errors import LedgerError
from ledger.core.i18n import _
from ledger.core.model import Ledger, Problem, Record
from ledger.core.schema import Fields, ListOf, Reader, Text, top_mapping
from ledger.core.source import load_node, within

ROUND_NAME = "round.yaml"
UNIT = Fields({"name": Text(), "path": Text(), "git": Text(), "ref": Text()}, required=("name",))
ROUND = Fields({"title": Text(), "issuer": Text(), "units": ListOf(UNIT)}, required=("title", "units"))
URL_SCHEMES = ("https://", "http://", "ssh://", "git://", "file://")


class Unit(Record):
    __slots__ = ("name", "path", "git", "ref", "line")
    name: str
    path: str | None
    git: str | None
    ref: str | None
    line: int | None  # of its entry in round.yaml

    def __init__(self, name: str, path: str | None, git: str | None, ref: str | None, line: int | None) -> None:
        self.name, self.path, self.git, self.ref, self.line = name, path, git, ref, line


class Round(Record):
    __slots__ = ("root", "title", "issuer", "units", "problems")
    root: Path
    title: str
    issuer: str | None
    units: list[Unit]
    problems: list[Problem]

    def __init__(self, root: Path, title: str, issuer: str | None, units: list[Unit], problems: list[Problem]):
        self.root, self.title, self.issuer, self.units, self.problems = root, title, issuer, units, problems


def find_round(explicit: Path | None) -> Path:
    """--root, else the nearest folder upwards holding round.yaml."""
    if explicit is not None:
        root = Path(explicit).expanduser().absolute()
        if not (root / ROUND_NAME).is_file():
            raise LedgerError(f"no {ROUND_NAME} in {root} (given by --root)")
        return root
    here = Path.cwd().absolute()
    for folder in (here, *here.parents):
        if (folder / ROUND_NAME).is_file():
            return folder
    raise LedgerError(f"no {ROUND_NAME} found in {here} or any folder above it; give --root ROUND")


def read_round(root: Path) -> Round:
    """round.yaml, checked like ledger.yaml: file:line:col, stable codes, unknown keys, duplicate names."""
    if not within(root, root / ROUND_NAME):
        raise LedgerError(f"{ROUND_NAME} is a link to a file outside the round's folder; it is not read")
    node, problems = load_node(root / ROUND_NAME, ROUND_NAME)[1:]
    reader = Reader(ROUND_NAME)
    reader.problems = problems
    data: dict[str, Any] = {}
    unit_nodes: list = []
    if node is not None and top_mapping(reader, node, _("the round: title:, units: …")):
        pairs = reader.mapping_pairs(node, "") or {}
        data = reader.fields(node, ROUND, "", pairs)
        unit_nodes = pairs["units"][1].value if "units" in pairs and isinstance(data.get("units"), list) else []
    units: list[Unit] = []
    for n, (unit, unit_node) in enumerate(zip(data.get("units") or [], unit_nodes, strict=False), 1):
        line = unit_node.start_mark.line + 1
        if "path" in unit and "git" in unit or not ("path" in unit or "git" in unit):
            reader.problem(unit_node, codes.UNIT_SOURCE, number=n)
            continue
        if unit["name"] in (u.name for u in units):
            reader.problem(unit_node, codes.DUPLICATE_UNIT, number=n, name=unit["name"])
            continue
        if "git" in unit and not (unit["git"].startswith(URL_SCHEMES) or os.path.isabs(unit["git"])):
            reader.problem(unit_node, codes.UNIT_SOURCE, "address", number=n, address=unit["git"])
            continue
        if "path" in unit and not (root / unit["path"] / "ledger.yaml").is_file():
            reader.problem(unit_node, codes.NO_LEDGER, number=n, folder=root / unit["path"])
        units.append(Unit(unit["name"], unit.get("path"), unit.get("git"), unit.get("ref"), line))
    return Round(root, data.get("title") or "", data.get("issuer"), units, reader.problems)


# --- Reading the units ------------------------------------------------------------------------------------


class UnitLedger(Record):
    """One unit as read: its ledger (None if it could not be read at all) and its problems."""

    __slots__ = ("unit", "ledger", "problems")
    unit: Unit
    ledger: Ledger | None
    problems: list[Problem]

    def __init__(self, unit: Unit, ledger: Ledger | None, problems: list[Problem]) -> None:
        self.unit, self.ledger, self.problems = unit, ledger, problems


def read_unit(round_: Round, unit: Unit, use_cache: bool = True) -> UnitLedger:
    """A unit's ledger: a folder (at `ref` from its git objects, when given), or a git repository fetched."""
    from ledger.core.load import load_ledger
    from ledger.history.repo import Git, ledger_at

    try:
        if unit.path is not None:
            root = (round_.root / unit.path).resolve()
            if not (root / "ledger.yaml").is_file():
                raise LedgerError(f"no ledger.yaml in {root}")
            ledger = ledger_at(root, unit.ref).ledger if unit.ref else load_ledger(root, use_cache)
        else:
            git_dir = fetched(round_.root, unit)
            ledger = ledger_at(git_dir, "FETCH_HEAD", Git(git_dir, git_dir)).ledger
    except LedgerError as e:
        problem = codes.UNIT_UNREADABLE.problem(ROUND_NAME, unit.line, unit=unit.name, reason=e.message)
        return UnitLedger(unit, None, [problem])
    return UnitLedger(unit, ledger, ledger.errors)


def fetched(round_root: Path, unit: Unit) -> Path:
    """The unit's repository, fetched shallow at its ref into the round's cache: cloned once, fetched after."""
    from ledger.history.repo import Git

    cache = round_root / ".ledger-cache"
    if os.path.lexists(cache) and (os.path.islink(cache) or not os.path.isdir(cache)):
        raise LedgerError(f"{cache} is not a plain folder; the round cannot keep its units there")
    folder = cache / "units" / hashlib.sha1(unit.git.encode()).hexdigest()[:16]  # noqa: S324 - a name, not security
    folder.mkdir(parents=True, exist_ok=True)
    ignore = cache / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# ledger's cache; safe to delete\n*\n", encoding="utf-8")
    git = Git(folder, folder)
    if not (folder / "HEAD").exists():
        git.run("init", "--quiet", "--bare", str(folder), what=f"cannot make a repository in {folder}")
    ref = unit.ref or "HEAD"
    what = f"cannot fetch {ref} of {unit.git}"
    try:
        git.run("fetch", "--quiet", "--depth=1", "--no-tags", "--", unit.git, ref, what=what, timeout=300)
    except LedgerError:  # a commit by its hash is not fetched shallow from every server: fetch it all
        git.run("fetch", "--quiet", "--no-tags", "--", unit.git, "+refs/heads/*:refs/remotes/unit/*", what=what,
                timeout=600)  # fmt: skip
        sha = git.run("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", what=what).strip()
        git.run("update-ref", "FETCH_HEAD", sha, what=what)
    return folder


# --- Counting -------------------------------------------------------------------------------------------


def rollup(round_: Round, as_of: date, read: list[UnitLedger]) -> dict[str, Any]:
    """The JSON of `ledger rollup`: each unit's counts and the round's, by the rules of `stats`."""
    from ledger.core.stats import count

    units, every = [], []
    for one in read:
        items = one.ledger.items if one.ledger else []
        every += items
        counted = count(items, as_of)
        units.append({"name": one.unit.name, "ok": not one.problems, "total": counted["total"],
                      "by_status": counted["by_status"], "overdue": counted["overdue"], "rate": counted["rate"],
                      "problems": len(one.problems)})  # fmt: skip
    total = count(every, as_of)
    complete = not round_.problems and all(u["ok"] for u in units)
    return {"as_of": as_of.isoformat(), "complete": complete,
            "total": {k: total[k] for k in ("total", "by_status", "overdue", "rate")}, "units": units}  # fmt: skip


def overdue(read: list[UnitLedger], as_of: date) -> list[dict[str, Any]]:
    """Every unit's overdue items, the latest first."""
    rows = [{"unit": one.unit.name, "id": item.id, "title": item.title, "department": item.department,
             "deadline": item.deadline.isoformat(), "days_overdue": item.days_overdue(as_of)}
            for one in read if one.ledger for item in one.ledger.items if item.overdue_on(as_of)]  # fmt: skip
    return sorted(rows, key=lambda r: (-r["days_overdue"], r["unit"], r["id"]))


PARALLEL_UNITS = 8  # from this many units, read them in processes of their own (measured: 100 × 100 items)


def read_units(round_: Round, use_cache: bool = True) -> list[UnitLedger]:
    """Every unit, in the order of round.yaml: on several cores when there are many (and processes are
    cheap to start, as with fork); one by one otherwise, where a process costs more than it saves."""
    cores = os.cpu_count() or 1
    if len(round_.units) < PARALLEL_UNITS or cores < 2 or os.name == "nt":
        return [read_unit(round_, unit, use_cache) for unit in round_.units]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=min(cores, len(round_.units)), mp_context=context) as pool:
        futures = [pool.submit(read_unit, round_, unit, use_cache) for unit in round_.units]
        return [f.result() for f in futures]
