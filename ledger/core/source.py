"""Reading one file safely: regular files only, size-capped, UTF-8, parsed to YAML nodes with marks."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from ledger.core import problems as codes
from ledger.core.errors import os_reason
from ledger.core.lines import OTHER_BREAKS, mark_position, position
from ledger.core.model import Problem, Record

try:  # libyaml when it is there; both are the safe loaders
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_C_LOADER = _BaseLoader is not yaml.SafeLoader
_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = _BaseLoader.yaml_implicit_resolvers  # type: ignore[attr-defined]
_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class SafeLoader(_BaseLoader):  # type: ignore[misc]
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


MAX_BYTES = 1024 * 1024


class Source(Record):
    """A file's decoded text, kept with what an edit must write back unchanged."""

    __slots__ = ("path", "text", "bom")
    path: str  # relative to the root, for messages
    text: str  # without the BOM
    bom: bool

    def __init__(self, path: str, text: str, bom: bool) -> None:
        self.path, self.text, self.bom = path, text, bom


def decode(data: bytes, rel: str) -> tuple[Source | None, list[Problem]]:
    """Bytes to text: UTF-8 with or without a BOM; anything else is a problem, not a crash."""

    def fail(problem: Problem) -> tuple[None, list[Problem]]:
        return None, [problem]

    if len(data) > MAX_BYTES:
        return fail(codes.TOO_LARGE.problem(rel))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return fail(codes.NOT_UTF8.problem(rel, variant="utf16"))
    if b"\x00" in data:
        return fail(codes.BINARY.problem(rel, data[: data.index(b"\x00")].count(b"\n") + 1))
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            guess = "gbk"
        except UnicodeDecodeError:
            guess = ""
        return fail(codes.NOT_UTF8.problem(rel, line, variant=guess))
    return Source(rel, text, bom), []


def parse(source: Source) -> tuple[yaml.Node | None, list[Problem]]:
    """Compose the YAML with node marks; merge markers, syntax, tags, anchors and aliases are problems."""
    rel, text = source.path, source.text
    if "<<<<<<<" in text or ">>>>>>>" in text:
        for number, text_line in enumerate(text.split("\n"), 1):
            if text_line.startswith(("<<<<<<<", ">>>>>>>", "=======")):
                return None, [codes.MERGE_CONFLICT.problem(rel, number, 1, marker=text_line[:7])]
    try:
        node = yaml.compose(text, Loader=SafeLoader)
    except yaml.MarkedYAMLError as e:
        from ledger.core.syntax import keyboard_mistake, syntax_problem

        mark = e.problem_mark or e.context_mark
        mistake = keyboard_mistake(rel, text, mark.line + 1 if mark else None)
        return None, [mistake or other_break(rel, text) or syntax_problem(rel, e, text)]
    except yaml.reader.ReaderError as e:  # a character YAML does not allow, marked by position only
        # libyaml counts that position in UTF-8 bytes, PyYAML's own reader in characters.
        before = text.encode("utf-8")[: e.position].decode("utf-8", "ignore") if _C_LOADER else text[: e.position]
        line = before.count("\n") + 1
        column = len(before) - before.rfind("\n")
        return None, [codes.YAML_SYNTAX.problem(rel, line, column, "character", number=f"{e.character:04X}")]
    except yaml.YAMLError as e:  # pragma: no cover - every other YAML error carries a mark
        return None, [codes.YAML_SYNTAX.problem(rel, what=str(e))]
    if node is not None and ("&" in text or "*" in text or "!" in text):
        found = scan_events(rel, text)
        if found:
            return None, found
    if isinstance(node, yaml.ScalarNode):  # a whole file read as one text: `title：测试` or `title:测试` alone
        from ledger.core.syntax import keyboard_mistake

        mistake = keyboard_mistake(rel, text, None)
        if mistake:
            return None, [mistake]
    if "\u3000" in text:  # YAML read `　status` as a key of its own, `-　措施` as text
        from ledger.core.syntax import wide_space_anywhere

        wide = wide_space_anywhere(rel, text)
        if wide is not None:
            return None, [wide]
    if node is not None and OTHER_BREAKS.search(text):
        renumber(node, text)
    return node, []


BREAK_NAMES = {"\x85": "NEXT LINE", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def other_break(rel: str, text: str) -> Problem | None:
    """A syntax error YAML met because U+2028 (or U+0085, U+2029) ended a line for it: the character, at the line
    and column an editor shows."""
    found = OTHER_BREAKS.search(text)
    if found is None:
        return None
    line, column = position(text, found.start())
    char = found.group()
    return codes.YAML_SYNTAX.problem(
        rel, line, column, "other-break", name=BREAK_NAMES[char], number=f"{ord(char):04X}"
    )


def renumber(node: yaml.Node, text: str) -> None:
    """Give every node's marks the line and column an editor shows."""
    stack = [node]
    while stack:
        current = stack.pop()
        for attribute in ("start_mark", "end_mark"):
            mark = getattr(current, attribute)
            line, column = position(text, mark.index)
            setattr(current, attribute, yaml.Mark(mark.name, mark.index, line - 1, column - 1, None, None))  # type: ignore[arg-type]
        if isinstance(current, yaml.SequenceNode):
            stack += current.value
        elif isinstance(current, yaml.MappingNode):
            stack += [n for pair in current.value for n in pair]


def scan_events(rel: str, text: str) -> list[Problem]:
    """Tags run code in unsafe loaders and aliases can explode; a ledger file needs neither."""
    found: dict[str, Problem] = {}

    def note(code: codes.Code, event: yaml.Event, **values: Any) -> None:
        if code.name not in found:
            line, column = mark_position(event.start_mark, text)  # type: ignore[arg-type]  # events carry marks
            found[code.name] = code.problem(rel, line, column, **values)

    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            note(codes.YAML_ALIAS, event, anchor=event.anchor)
        elif isinstance(event, yaml.NodeEvent):
            if event.anchor is not None:
                note(codes.YAML_ANCHOR, event, anchor=event.anchor)
            tag = getattr(event, "tag", None)
            if tag is not None and tag != "!":
                note(codes.YAML_TAG, event, tag=short_tag(tag))
    return list(found.values())


def short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


def within(root: Path, path: str | Path) -> bool:
    """Whether `path`, with every link followed, is inside `root` (itself resolved) and not inside git's own
    folder there (`.git`: its config holds the remotes' tokens, its logs names and mails); a link loop is not."""
    inside = inside_of(root, path)
    return inside is not None and not in_git_folder(inside)


def inside_of(root: Path, path: str | Path) -> str | None:
    """`path` with every link followed, relative to `root` ("" for root itself); None if it is outside."""
    try:
        real = os.path.realpath(path)
    except (OSError, ValueError):
        return None
    base = os.path.realpath(root)
    if real == base:
        return ""
    prefix = base.rstrip(os.sep) + os.sep
    return real[len(prefix) :] if real.startswith(prefix) else None


def in_git_folder(relative: str) -> bool:
    """Whether a path inside the ledger goes through a folder named .git (in any case, as a file system may)."""
    return any(part.lower() == ".git" for part in relative.replace(os.sep, "/").split("/"))


def into_git(root: Path, path: str | Path) -> bool:
    """Whether `path` is refused by `within` for leading into git's own folder (rather than out of the ledger)."""
    inside = inside_of(root, path)
    return inside is not None and in_git_folder(inside)


class NotRegular(OSError):
    """A folder, FIFO, socket or device where a file is read; its reason in the interface language."""

    def __init__(self) -> None:
        super().__init__(codes.UNREADABLE.text("not-regular"))
        self.strerror = str(self)


def read_regular(path: str | Path, limit: int = MAX_BYTES) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes, at most `limit` + 1 of them, and its status; raises OSError.

    Opened without blocking (a FIFO would wait for a writer forever) and checked on the open
    descriptor, so a FIFO, socket or device is never read, even one swapped in after a check.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular()
        chunks, left = [], min(info.st_size, limit) + 1  # sized by fstat: no MiB buffer for every small file
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), info
    finally:
        os.close(fd)


def read_bytes(path: str | Path, rel: str, limit: int = MAX_BYTES) -> tuple[bytes | None, list[Problem]]:
    """`read_regular`, with a failure as a problem of the file."""
    try:
        return read_regular(path, limit)[0], []
    except NotRegular:
        return None, [codes.UNREADABLE.problem(rel, variant="not-regular")]
    except OSError as e:
        return None, [codes.UNREADABLE.problem(rel, reason=os_reason(e))]


def read_source(path: str | Path, rel: str) -> tuple[Source | None, list[Problem]]:
    data, problems = read_bytes(path, rel)
    return (None, problems) if data is None else decode(data, rel)


def load_node(path: str | Path, rel: str) -> tuple[Source | None, yaml.Node | None, list[Problem]]:
    """Read and parse one file; the node is None when it could not be read or parsed."""
    source, problems = read_source(path, rel)
    if source is None:
        return None, None, problems
    node, problems = parse(source)
    return source, node, problems


def places(root: Path, rel: str) -> dict[str, tuple[int, int]]:
    """Where the value of each key of an item file, and each entry of its log, starts (line, column):
    read again for a rare message rather than kept for every item."""
    _, node, _ = load_node(root / rel, rel)
    found: dict[str, tuple[int, int]] = {}
    if not isinstance(node, yaml.MappingNode):
        return found
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            found[key.value] = (value.start_mark.line + 1, value.start_mark.column + 1)
            if key.value == "log" and isinstance(value, yaml.SequenceNode):
                for n, entry in enumerate(value.value, 1):
                    found[f"log[{n}]"] = (entry.start_mark.line + 1, entry.start_mark.column + 1)
    return found
