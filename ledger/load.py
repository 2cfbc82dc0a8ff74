"""Find the ledger and load it: ledger.yaml, every item file (through the cache) and every problem."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ledger import check
from ledger.errors import LedgerError
from ledger.model import Config, ItemFile, Ledger, Problem, id_key, is_valid_id
from ledger.source import load_node

CONFIG_NAME = "ledger.yaml"
ITEMS_DIR = "items"


class ItemRef(NamedTuple):
    """An item file found in items/: its id, its path relative to the root, and its path (as text: cheaper)."""

    id: str
    rel: str
    path: str


def find_root(explicit: str | os.PathLike | None = None, start: Path | None = None) -> Path:
    """--root, else $LEDGER_ROOT, else the nearest folder upwards holding ledger.yaml."""
    for given, source in ((explicit, "--root"), (os.environ.get("LEDGER_ROOT") or None, "LEDGER_ROOT")):
        if given is not None:
            root = Path(given).expanduser().resolve()
            if not (root / CONFIG_NAME).is_file():
                raise LedgerError(f"no {CONFIG_NAME} in {root} (given by {source})")
            return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise LedgerError(
        f"no {CONFIG_NAME} found in {here} or any folder above it; run inside a ledger, or give --root or LEDGER_ROOT"
    )


def load_config(root: Path) -> tuple[Config, list[Problem]]:
    """ledger.yaml, checked; unreadable, it gives an empty Config and its problems."""
    _, node, problems = load_node(root / CONFIG_NAME, CONFIG_NAME)
    if node is None and problems:
        return Config(), problems
    config, found = check.check_config(CONFIG_NAME, node)
    return config, problems + found


def item_files(root: Path) -> tuple[list[ItemRef], list[Problem]]:
    """Every item file in items/, by name, and problems with the folder's other entries."""
    folder = root / ITEMS_DIR
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return [], [Problem.warning(ITEMS_DIR + "/", "no-items", "there is no items/ folder; the ledger has no items")]
    except NotADirectoryError:
        return [], [Problem.error(ITEMS_DIR, "no-items", "items must be a folder")]
    refs: list[ItemRef] = []
    problems: list[Problem] = []
    for entry in entries:
        name = entry.name
        rel = f"{ITEMS_DIR}/{name}"
        stem, dot, ext = name.rpartition(".")
        item_id = stem.split("-", 1)[0]
        if name.startswith((".", "_")):
            continue
        if entry.is_dir():
            problems.append(Problem.warning(rel + "/", "stray-file", "folders inside items/ are not read"))
        elif not dot or ext.lower() not in ("yaml", "yml"):
            message = "not a .yaml file, so not read as an item (an editor backup or merge leftover?)"
            problems.append(Problem.warning(rel, "stray-file", message))
        elif not is_valid_id(item_id):
            shown = item_id if len(item_id) <= 20 else item_id[:20] + "…"
            message = f"file name must start with an item id such as 08 (digits, letters, '.', '_'), found '{shown}'"
            problems.append(Problem.error(rel, "bad-id", message))
        elif entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(root):
            message = "symbolic link to a file outside the ledger; item files must live in it"
            problems.append(Problem.error(rel, "outside-ledger", message))
        else:
            refs.append(ItemRef(item_id, rel, entry.path))
    return refs, problems


def check_item_file(ref: ItemRef) -> ItemFile:
    """Read, parse and check one item file by itself (ledger.yaml's rules apart)."""
    _, node, problems = load_node(ref.path, ref.rel)
    if node is None and problems:
        return ItemFile(None, problems)
    result = check.check_item(ref.rel, ref.id, node)
    result.problems[:0] = problems
    return result


@contextmanager
def collector_paused():
    """Loading makes millions of acyclic objects that live as long as the command: the cycle
    collector would scan them again and again, during the load and after it. They are frozen
    out of its sight instead (a command is short; what it drops is freed by reference counts).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def load_ledger(root: Path, use_cache: bool = True) -> Ledger:
    """Read ledger.yaml and every item, collecting every problem instead of stopping at the first."""
    with collector_paused():
        config, problems = load_config(root)
        refs, found = item_files(root)
        problems += found
        results = read_items(root, refs, use_cache)
        duplicates = check.duplicate_ids([(r.id, r.rel) for r in refs])
        items = []
        for ref, result in zip(refs, results, strict=True):
            found = result.problems + check.config_problems(ref.rel, result, config)
            if ref.rel in duplicates:
                found.append(duplicates[ref.rel])
            if result.item is not None and not any(p.is_error for p in found):
                items.append(result.item)
            problems += found
        if not any(p.is_error for p in problems):  # empty categories matter once every item could be read
            problems += check.empty_categories(config, items)
        order = {c.key: n for n, c in enumerate(config.categories)}
        items.sort(key=lambda i: (order.get(i.category, len(order)), id_key(i.id)))
        problems.sort(key=lambda p: (p.path != CONFIG_NAME, p.path, p.line or 0, p.column or 0))
        return Ledger(root, config, items, problems, [(r.id, r.rel) for r in refs])


def read_items(root: Path, refs: list[ItemRef], use_cache: bool) -> list[ItemFile]:
    """Every item file checked by itself, from the cache where the file has not changed."""
    if not use_cache:
        return [check_item_file(ref) for ref in refs]
    from ledger.cache import ItemCache, stat_key

    cache = ItemCache(root)
    results = []
    for ref in refs:
        try:
            key = stat_key(os.stat(ref.path))
        except OSError:
            key = None
        result = cache.get(ref.rel, key) if key else None
        if result is None:
            result = check_item_file(ref)
            if key:
                cache.put(ref.rel, key, result)
        results.append(result)
    cache.keep_only({ref.rel for ref in refs})
    cache.save()
    return results
