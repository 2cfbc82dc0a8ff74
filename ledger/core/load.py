"""Find the ledger and load it: ledger.yaml, every item file (through the cache) and every problem."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

import yaml

from ledger.core import check
from ledger.core import problems as codes
from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _, language
from ledger.core.model import Config, ItemFile, Ledger, Problem, id_key, is_valid_id, item_id_of
from ledger.core.source import load_node, within

CONFIG_NAME = "ledger.yaml"
ITEMS_DIR = "items"


class ItemRef(NamedTuple):
    """An item file found in items/: its id, its path relative to the root, and its path (as text: cheaper)."""

    id: str
    rel: str
    path: str


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """--root, else $LEDGER_ROOT, else the nearest folder upwards holding ledger.yaml."""
    for given, source in ((explicit, "--root"), (os.environ.get("LEDGER_ROOT") or None, "LEDGER_ROOT")):
        if given is not None:
            try:
                root = Path(given).expanduser().resolve()
                found = (root / CONFIG_NAME).is_file()
            except (OSError, RuntimeError) as e:  # a name too long, a link loop
                shown = str(given) if len(str(given)) <= 80 else str(given)[:80] + "…"
                raise LedgerError(
                    _("cannot use {shown} (given by {source}): {value}").format(
                        shown=shown, source=source, value=os_reason(e)
                    )
                ) from None
            if not found:
                raise LedgerError(
                    _("no {CONFIG_NAME} in {root} (given by {source})").format(
                        CONFIG_NAME=CONFIG_NAME, root=root, source=source
                    )
                )
            return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return folder
    raise LedgerError(
        _(
            "no {CONFIG_NAME} found in {here} or any folder above it; "
            "run inside a ledger, or give --root or LEDGER_ROOT"
        ).format(CONFIG_NAME=CONFIG_NAME, here=here)
    )


def load_config(root: Path) -> tuple[Config, list[Problem]]:
    """ledger.yaml, checked; unreadable or outside the ledger, it gives an empty Config and its problems."""
    if not within(root, root / CONFIG_NAME):
        return Config(), [codes.OUTSIDE_LEDGER.problem(CONFIG_NAME, variant=outside_variant(root, root / CONFIG_NAME))]
    _a, node, problems = load_node(root / CONFIG_NAME, CONFIG_NAME)
    return config_of(node, problems)


def config_of(node: yaml.Node | None, problems: list[Problem]) -> tuple[Config, list[Problem]]:
    """ledger.yaml's parsed node (or its reading's problems) checked as a Config."""
    if node is None and problems:
        return Config(), problems
    config, found = check.check_config(CONFIG_NAME, node)
    return config, problems + found


def item_files(root: Path) -> tuple[list[ItemRef], list[Problem]]:
    """Every item file in items/, by name, and problems with the folder's other entries.

    Links are followed only inside the ledger; a link to another item file names the same
    item twice (a duplicate id).
    """
    folder = root / ITEMS_DIR
    if not within(root, folder):
        return [], [codes.OUTSIDE_LEDGER.problem(ITEMS_DIR, variant=outside_variant(root, folder, "folder"))]
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return [], [codes.NO_ITEMS.problem(ITEMS_DIR + "/")]
    except NotADirectoryError:
        return [], [codes.NO_ITEMS.problem(ITEMS_DIR, variant="not-folder")]
    except OSError as e:
        return [], [codes.UNREADABLE.problem(ITEMS_DIR, variant="folder", reason=os_reason(e))]
    refs: list[ItemRef] = []
    problems: list[Problem] = []
    links = 0  # only links can make two names one file: without any, nothing to resolve
    for entry in entries:
        name = entry.name
        rel = f"{ITEMS_DIR}/{name}"
        item_id = item_id_of(name)
        if name.startswith((".", "_")):
            continue
        if entry.is_symlink() and not within(root, entry.path):
            problems.append(codes.OUTSIDE_LEDGER.problem(rel, variant=outside_variant(root, entry.path)))
        elif safe_is_dir(entry):
            problems.append(codes.STRAY_FILE.problem(rel + "/", variant="folder"))
        elif wrong := name_problem(rel, name):
            problems.append(wrong)
        else:
            refs.append(ItemRef(item_id, rel, entry.path))
            links += entry.is_symlink()
    return same_file_twice(refs, problems) if links else (refs, problems)


def outside_variant(root: Path, path: str | Path, otherwise: str = "") -> str:
    """Which message of outside-ledger a path `within` refused gets: into .git, or out of the ledger."""
    from ledger.core.source import into_git

    return "git-folder" if into_git(root, path) else otherwise


def name_problem(rel: str, name: str) -> Problem | None:
    """What is wrong with a file name in items/ for an item file, if anything."""
    _a, dot, ext = name.rpartition(".")
    if not dot or ext.lower() not in ("yaml", "yml"):
        return codes.STRAY_FILE.problem(rel)
    item_id = item_id_of(name)
    if not is_valid_id(item_id):
        from ledger.core.schema import wide_chars
        from ledger.core.typed import half_width

        meant = half_width(item_id).strip()
        if meant != item_id and is_valid_id(meant):  # items/１５.yaml, typed with a Chinese keyboard
            return codes.BAD_ID.problem(rel, None, None, "full-width", found=item_id, chars=wide_chars(item_id),
                                        name=meant + name[len(item_id) :])  # fmt: skip
        shown = item_id if len(item_id) <= 20 else item_id[:20] + "…"
        return codes.BAD_ID.problem(rel, found=shown)
    return None


def same_file_twice(refs: list[ItemRef], problems: list[Problem]) -> tuple[list[ItemRef], list[Problem]]:
    """Files in items/ that are one file (a link to another item file, two links to one): each a duplicate."""
    leads = [(ref.rel, os.path.realpath(ref.path) if os.path.islink(ref.path) else os.path.abspath(ref.path),
              os.path.islink(ref.path)) for ref in refs]  # fmt: skip
    return refs, problems + linked_twice(leads)


def linked_twice(leads: list[tuple[str, str, bool]]) -> list[Problem]:
    """(item file, where it leads, whether through a link) of each item file: a duplicate-id for each that is
    one file with another (on disk, or in a commit's trees)."""
    by_target: dict[str, list[tuple[str, bool]]] = {}
    for rel, target, link in leads:
        by_target.setdefault(target, []).append((rel, link))
    problems = []
    for same in (group for group in by_target.values() if len(group) > 1):
        for rel, link in same:
            others = (" and " if language() == "en" else "、").join(o for o, _l in same if o != rel)
            linked = "linked-one" if len(same) == 2 else "linked-many"
            problems.append(codes.DUPLICATE_ID.problem(rel, variant="link" if link else linked, others=others))
    return problems


def safe_is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link loop
        return False


def check_item_file(ref: ItemRef) -> ItemFile:
    """Read, parse and check one item file by itself (ledger.yaml's rules apart)."""
    source, node, problems = load_node(ref.path, ref.rel)
    return item_of(ref.id, ref.rel, node, problems, source.text if source else None)


def item_of(
    item_id: str, rel: str, node: yaml.Node | None, problems: list[Problem], text: str | None = None
) -> ItemFile:
    """An item file's parsed node (or its reading's problems) checked by itself."""
    if node is None and problems:
        return ItemFile(None, problems)
    result = check.check_item(rel, item_id, node, text)
    result.problems[:0] = problems
    return result


@contextmanager
def collector_paused() -> Iterator[None]:
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
        results = read_items(root, refs, use_cache)
        return assemble(root, config, problems + found, [(r.id, r.rel) for r in refs], results)


def assemble(root: Path, config: Config, problems: list[Problem], files: list[tuple[str, str]],
             results: list[ItemFile]) -> Ledger:  # fmt: skip
    """The ledger from its checked files: the rules across files, the items in notice order."""
    duplicates = check.duplicate_ids(files)
    items = []
    for (_fid, rel), result in zip(files, results, strict=True):
        found = [*result.problems, *check.config_problems(rel, result, config)]
        if rel in duplicates:
            found.append(duplicates[rel])
        if result.item is not None and not any(p.is_error for p in found):
            items.append(result.item)
        problems += found
    if not any(p.is_error for p in problems):  # empty categories matter once every item could be read
        problems += check.empty_categories(config, items)
    order = {c.key: n for n, c in enumerate(config.categories)}
    items.sort(key=lambda i: (order.get(i.category, len(order)), id_key(i.id)))
    problems.sort(key=lambda p: (p.path != CONFIG_NAME, p.path, p.line or 0, p.column or 0))
    return Ledger(root, config, items, problems, files)


def read_items(root: Path, refs: list[ItemRef], use_cache: bool) -> list[ItemFile]:
    """Every item file checked by itself: from the cache where the file has not changed, the rest
    afresh (on several cores when there are many)."""
    if not use_cache:
        return check_item_files(refs)
    from ledger.core.cache import ItemCache, stat_key

    keys: dict[str, bytes] = {}
    for ref in refs:
        with suppress(OSError):  # then read afresh, and reported as its reading fails
            keys[ref.rel] = stat_key(os.stat(ref.path))
    cache = ItemCache(root)
    hits = cache.load(keys)
    for ref in refs:  # the listing's id and path, not a second copy of each from the cache's line
        found = hits.get(ref.rel)
        if found is not None and found.item is not None:
            found.item.id, found.item.path = ref.id, ref.rel
    missing = [ref for ref in refs if ref.rel not in hits]
    for ref, result in zip(missing, check_item_files(missing), strict=True):
        hits[ref.rel] = result
        if ref.rel in keys:
            cache.put(ref.rel, keys[ref.rel], result)
    results = [hits[ref.rel] for ref in refs]
    cache.save(
        len(refs), lambda: [(ref.rel, keys.get(ref.rel), result) for ref, result in zip(refs, results, strict=True)]
    )
    return results


PARALLEL_FILES = 2000  # fewer files are read sooner by one process than by several started for them
OWN_SHARE = 0.9  # of an even share, what the process that started the others checks itself


def check_item_files(refs: list[ItemRef]) -> list[ItemFile]:
    """`check_item_file` of each, in order: on every core when there are many files and processes are
    cheap to start (fork); in this process otherwise, where a process costs more than it saves."""
    cores = os.cpu_count() or 1
    if len(refs) < PARALLEL_FILES or cores < 2 or not hasattr(os, "fork"):
        return [check_item_file(ref) for ref in refs]
    import multiprocessing

    # This process checks a share too, a little smaller than the others': it also takes in their results.
    mine = int(len(refs) / cores * OWN_SHARE)
    theirs = refs[mine:]
    workers = cores - 1
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        running = pool.map_async(check_item_file, theirs, chunksize=-(-len(theirs) // workers))
        return [check_item_file(ref) for ref in refs[:mine]] + running.get()
