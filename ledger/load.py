"""Find the ledger, read its files safely and turn them into the model plus problems."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

from ledger import check
from ledger.errors import LedgerError
from ledger.model import Config, Item, ItemFile, Ledger, Problem, id_key, is_valid_id

try:  # libyaml when it is there; both are the safe loaders
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_C_LOADER = _BaseLoader is not yaml.SafeLoader
_IMPLICIT = _BaseLoader.yaml_implicit_resolvers
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class SafeLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """The safe loader with a leaner tag resolver: the same tags, without path resolvers.

    The composer calls these for every node; PyYAML's versions carry machinery for path
    resolvers, which the safe loader never registers. Tests check the tags are the same.
    """

    def descend_resolver(self, current_node: object, current_index: object) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, regexp in _IMPLICIT.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


CONFIG_NAME = "ledger.yaml"
ITEMS_DIR = "items"
MAX_BYTES = 1024 * 1024


@dataclass
class Source:
    """A file's decoded text, kept with what an edit must write back unchanged."""

    path: str  # relative to the root, for messages
    text: str  # without the BOM
    bom: bool


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


def decode(data: bytes, rel: str) -> tuple[Source | None, list[Problem]]:
    """Bytes to text: UTF-8 with or without a BOM; anything else is a problem, not a crash."""

    def fail(code: str, message: str, line: int | None = None) -> tuple[None, list[Problem]]:
        return None, [Problem(rel, line, None, "error", code, message)]

    if len(data) > MAX_BYTES:
        return fail("too-large", "file is over 1 MiB, the most an item or ledger file may be")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail("not-utf8", "file is UTF-16, not UTF-8; re-save it as UTF-8")
    if b"\x00" in data:
        return fail("binary", "file is not text (it holds NUL bytes)", data[: data.index(b"\x00")].count(b"\n") + 1)
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            guess = " (it looks like GBK/GB18030, as saved by some Windows editors)"
        except UnicodeDecodeError:
            guess = ""
        return fail("not-utf8", f"file is not UTF-8{guess}; re-save it as UTF-8", line)
    return Source(rel, text, bom), []


def parse(source: Source) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose the YAML with node marks; merge markers, syntax, tags, anchors and aliases are problems."""
    rel, text = source.path, source.text
    if "<<<<<<<" in text or ">>>>>>>" in text:
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith(("<<<<<<<", ">>>>>>>", "=======")):
                return None, [
                    Problem(
                        rel,
                        number,
                        1,
                        "error",
                        "merge-conflict",
                        f"unresolved merge conflict ({line[:7]}); keep the right lines and remove the markers",
                    )
                ]
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as e:
        return None, [syntax_problem(rel, e)]
    except yaml.reader.ReaderError as e:  # a character YAML does not allow, marked by position only
        # libyaml counts that position in UTF-8 bytes, PyYAML's own reader in characters.
        before = text.encode("utf-8")[: e.position].decode("utf-8", "ignore") if _C_LOADER else text[: e.position]
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        return None, [
            Problem(
                rel,
                line,
                column,
                "error",
                "yaml-syntax",
                f"YAML syntax error: character U+{e.character:04X} is not allowed in YAML text",
            )
        ]
    except yaml.YAMLError as e:  # pragma: no cover - every other YAML error carries a mark
        return None, [Problem(rel, None, None, "error", "yaml-syntax", f"YAML syntax error: {e}")]
    if node is not None and ("&" in text or "*" in text or "!" in text):
        problems = scan_events(rel, text)
        if problems:
            return None, problems
    return node, []


def syntax_problem(rel: str, e: yaml.MarkedYAMLError) -> Problem:
    mark = e.problem_mark or e.context_mark
    what = e.problem or "invalid YAML"
    if "another document" in what:
        what, hint = "a second YAML document starts here", " (after ---); a file holds one"
    elif "tab" in what:
        hint = "; indent with spaces, not tabs"
    elif "mapping values are not allowed" in what:
        hint = "; put a value that contains ': ' in quotes"
    elif e.context:
        hint = f" ({e.context})"
    else:
        hint = ""
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(rel, line, column, "error", "yaml-syntax", f"YAML syntax error: {what}{hint}")


def scan_events(rel: str, text: str) -> list[Problem]:
    """Tags run code in unsafe loaders and aliases can explode; a ledger file needs neither."""
    found: dict[str, Problem] = {}
    for event in yaml.parse(text, Loader=SafeLoader):
        mark = event.start_mark
        where = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.AliasEvent):
            found.setdefault(
                "yaml-alias",
                Problem(
                    rel,
                    *where,
                    "error",
                    "yaml-alias",
                    f"alias *{event.anchor} is not allowed; write the value out in full",
                ),
            )
        elif isinstance(event, yaml.NodeEvent):
            if event.anchor is not None:
                found.setdefault(
                    "yaml-anchor",
                    Problem(
                        rel,
                        *where,
                        "error",
                        "yaml-anchor",
                        f"anchor &{event.anchor} is not allowed; write each value out in full",
                    ),
                )
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                found.setdefault(
                    "yaml-tag",
                    Problem(
                        rel,
                        *where,
                        "error",
                        "yaml-tag",
                        f"YAML tag {short_tag(tag)} is not allowed; remove it (quote the value if it is text)",
                    ),
                )
    return list(found.values())


def short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def read_file(path: Path, rel: str) -> tuple[Source | None, list[Problem]]:
    try:
        with open(path, "rb") as f:
            # Sized by fstat: asking read() for MAX_BYTES would allocate a MiB for every small file.
            data = f.read(MAX_BYTES + 1) if os.fstat(f.fileno()).st_size > MAX_BYTES else f.read()
    except OSError as e:
        return None, [Problem(rel, None, None, "error", "unreadable", f"cannot read the file: {e.strerror}")]
    return decode(data, rel)


def load_node(path: Path, rel: str) -> tuple[Source | None, yaml.Node | None, list[Problem]]:
    source, problems = read_file(path, rel)
    if source is None:
        return None, None, problems
    node, problems = parse(source)
    return source, node, problems


def item_files(root: Path) -> tuple[list[tuple[str, str, Path]], list[Problem]]:
    """(id, relative path, path) of every item file, and problems with the folder's other entries."""
    folder = root / ITEMS_DIR
    files: list[tuple[str, str, Path]] = []
    problems: list[Problem] = []
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return [], [
            Problem(
                ITEMS_DIR + "/", None, None, "warning", "no-items", "there is no items/ folder; the ledger has no items"
            )
        ]
    except NotADirectoryError:
        return [], [Problem(ITEMS_DIR, None, None, "error", "no-items", "items must be a folder")]
    for entry in sorted(entries, key=lambda e: e.name):
        name = entry.name
        rel = f"{ITEMS_DIR}/{name}"
        if name.startswith((".", "_")):
            continue
        if entry.is_dir():
            problems.append(
                Problem(rel + "/", None, None, "warning", "stray-file", "folders inside items/ are not read")
            )
            continue
        stem, dot, ext = name.rpartition(".")
        if not dot or ext.lower() not in ("yaml", "yml"):
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    "warning",
                    "stray-file",
                    "not a .yaml file, so not read as an item (an editor backup or merge leftover?)",
                )
            )
            continue
        item_id = stem.split("-", 1)[0]
        if not is_valid_id(item_id):
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    "error",
                    "bad-id",
                    f"file name must start with an item id such as 08 (digits, letters, '.', '_'), found '{item_id}'",
                )
            )
            continue
        path = Path(entry.path)
        if entry.is_symlink() and not path.resolve().is_relative_to(root):
            problems.append(
                Problem(
                    rel,
                    None,
                    None,
                    "error",
                    "outside-ledger",
                    "symbolic link to a file outside the ledger; item files must live in it",
                )
            )
            continue
        files.append((item_id, rel, path))
    return files, problems


@contextmanager
def collector_paused():
    """Loading makes millions of short-lived, acyclic objects; the cycle collector only slows it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_ledger(root: Path, use_cache: bool = True) -> Ledger:
    """Read ledger.yaml and every item, collecting every problem instead of stopping at the first."""
    with collector_paused():
        return _load_ledger(root, use_cache)


def read_item_file(item_id: str, rel: str, path: Path) -> ItemFile:
    _, node, problems = load_node(path, rel)
    if node is None and problems:
        return ItemFile(None, problems)
    result = check.read_item(rel, item_id, node)
    result.problems[:0] = problems
    return result


def _load_ledger(root: Path, use_cache: bool) -> Ledger:
    problems: list[Problem] = []
    _, node, found = load_node(root / CONFIG_NAME, CONFIG_NAME)
    problems += found
    if node is None and found:  # unreadable: its problems are recorded; go on without its settings
        config = Config(data={}, categories=[], status_labels={}, close_requires=[])
    else:
        config, found = check.read_config(CONFIG_NAME, node)
        problems += found
    files, found = item_files(root)
    problems += found
    cache = None
    if use_cache:
        from ledger.cache import ItemCache, stat_key

        cache = ItemCache(root)
    items: list[Item] = []
    for item_id, rel, path in files:
        result = None
        if cache is not None:
            try:
                key = stat_key(os.stat(path))
            except OSError:
                key = None
            result = cache.get(rel, key) if key else None
        if result is None:
            result = read_item_file(item_id, rel, path)
            if cache is not None and key:
                cache.put(rel, key, result)
        found = result.problems + check.category_problems(rel, result.category, config)
        if result.item is not None and not any(p.is_error for p in found):
            items.append(result.item)
        problems += found
    if cache is not None:
        cache.keep_only({rel for _, rel, _ in files})
        cache.save()
    # Empty categories are worth a warning only once every item could be read.
    bad_ids, found = check.check_ledger(config, files, items, not any(p.is_error for p in problems))
    problems += found
    items = [i for i in items if i.path not in bad_ids]
    order = {c.key: n for n, c in enumerate(config.categories)}
    items.sort(key=lambda i: (order.get(i.category, len(order)), id_key(i.id)))
    problems.sort(key=lambda p: (p.path != CONFIG_NAME, p.path, p.line or 0, p.column or 0))
    return Ledger(
        root=root, config=config, items=items, problems=problems, files=[(item_id, rel) for item_id, rel, _ in files]
    )
