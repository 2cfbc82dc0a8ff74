"""The ledger held in memory by the server, re-read only where files changed (by their stat keys)."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

from ledger.core.cache import RACY_NS, StatKey, modified_ns, stat_key
from ledger.core.load import (
    CONFIG_NAME,
    ITEMS_DIR,
    ItemRef,
    assemble,
    check_item_file,
    item_files,
    load_config,
    read_items,
)
from ledger.core.model import Config, ItemFile, Ledger, Problem


class HeldLedger:
    """One ledger for the life of the server. `current()` stats ledger.yaml and every item file and
    checks afresh only the files whose key changed, so an edit in another editor or a `git pull`
    is seen on the next request, and an unchanged ledger costs a stat per file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.config_key: StatKey | None = None
        self.config: tuple[Config, list[Problem]] = (Config(), [])
        self.files: dict[str, tuple[StatKey, ItemFile]] = {}
        self.keys: dict[str, StatKey | None] = {}
        self.ledger: Ledger | None = None
        self.generation = 0  # counts the ledgers built: a page rendered from one is good while it lasts
        self.reads = 0  # item files checked afresh since the start: tests see that nothing else was read
        self.folder: tuple[StatKey | None, list[ItemRef], list[Problem]] | None = None

    def listed(self) -> tuple[list[ItemRef], list[Problem]]:
        """items/ listed again only when the folder changed (a file added, removed or renamed changes its
        times; a file written in place does not, and each file's own stat tells that)."""
        key = key_of(self.root / ITEMS_DIR)
        if self.folder is not None and key is not None and self.folder[0] == key:
            return self.folder[1], self.folder[2]
        refs, found = item_files(self.root)
        self.folder = (key if settled(key) else None, refs, found)
        return refs, found

    def current(self) -> Ledger:
        with self.lock:
            config_key = key_of(self.root / CONFIG_NAME)
            refs, found = self.listed()
            keys = {ref.rel: key_of(ref.path) for ref in refs}
            if self.ledger is not None and config_key == self.config_key and keys == self.keys:
                return self.ledger  # unsettled keys are held as None: never equal, so such files are read again
            if config_key != self.config_key or self.config_key is None:
                self.config = load_config(self.root)
            self.config_key = config_key if settled(config_key) else None
            results = self.results(refs, keys)
            config, problems = self.config
            self.generation += 1
            self.ledger = assemble(self.root, config, [*problems, *found], [(r.id, r.rel) for r in refs], results)
            # A file written within the grain of its timestamp may change again unseen: read it again next time.
            now = time.time_ns()
            self.keys = {rel: key if settled(key, now) else None for rel, key in keys.items()}
            return self.ledger

    def results(self, refs: list[ItemRef], keys: dict[str, StatKey | None]) -> list[ItemFile]:
        if not self.files:  # the first load: through the on-disk cache, on every core for many files
            results = read_items(self.root, refs, use_cache=True)
            self.reads += len(refs)
        else:
            results = []
            for ref in refs:
                held = self.files.get(ref.rel)
                if held is not None and held[0] == keys[ref.rel] and keys[ref.rel] is not None:
                    results.append(held[1])
                else:
                    results.append(check_item_file(ref))
                    self.reads += 1
        now = time.time_ns()
        self.files = {
            ref.rel: (key, result)
            for ref, result in zip(refs, results, strict=True)
            if (key := keys[ref.rel]) is not None and settled(key, now)
        }
        return results


def key_of(path: str | os.PathLike[str]) -> StatKey | None:
    try:
        return stat_key(os.stat(path))
    except OSError:
        return None


def settled(key: StatKey | None, now: int | None = None) -> bool:
    """Written long enough ago that a later write changes its modification time."""
    return key is not None and (now or time.time_ns()) - modified_ns(key) > RACY_NS


def digest(data: bytes) -> str:
    """What a form carries of the file it was made from (the editor compares the same)."""
    return hashlib.sha256(data).hexdigest()
