"""YAML's syntax errors said in the clerk's language, at the line of the mistake (SPEC 3.6).

Each broken shape is a file a clerk could write; its line is given exactly in English and in Chinese.
Every text PyYAML's scanner, parser, composer and constructor can raise, and every one libyaml's
extension holds, is matched to a message of ours; a ledger of broken files says nothing in English.
"""

from __future__ import annotations

import ast
import glob
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from helpers import english_words, file_keys, ledger_exe, write_ledger

from ledger.core import i18n, source, syntax

# Each shape: its name, the file's text and, for most, its line exactly in English and in Chinese (after
# `items/07.yaml:`); the others are said in Chinese without an English word.
SHAPES_FILE = Path(__file__).resolve().parent.parent / "corpus" / "syntax.json"
ALL = json.loads(SHAPES_FILE.read_text(encoding="utf-8"))
SHAPES = [(s["name"], s["text"], s["en"], s["zh"]) for s in ALL if "en" in s]
MORE = {s["name"]: s["text"] for s in ALL if "en" not in s}


@pytest.fixture(params=["en", "zh"])
def language(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LEDGER_LANG", request.param)
    i18n.set_language(None)
    yield request.param
    i18n.set_language(None)


@pytest.mark.parametrize(("name", "text", "english", "chinese"), SHAPES, ids=[s[0] for s in SHAPES])
def test_a_broken_file_is_said_at_its_line(tmp_path: Path, cli, language: str, name: str, text: str, english: str,
                                           chinese: str) -> None:  # fmt: skip
    root = write_ledger(tmp_path / "l", {"07.yaml": text})
    result = cli("validate", "--no-cache", root=root)
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if line.startswith("items/07.yaml:")]
    assert lines[0] == "items/07.yaml:" + (english if language == "en" else chinese)


@pytest.fixture
def pure_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML's own Python parser instead of libyaml, as where PyYAML is built without it."""
    own = {
        k: v for k, v in source.SafeLoader.__dict__.items() if k in ("descend_resolver", "ascend_resolver", "resolve")
    }
    monkeypatch.setattr(source, "SafeLoader", type("PureSafeLoader", (yaml.SafeLoader,), own))
    monkeypatch.setattr(source, "_C_LOADER", False)


# PyYAML's parser and libyaml say a few of these otherwise, and so mark them elsewhere or not at all.
PURE_DIFFERS = {"unknown-directive", "tag-no-space", "unicode-escape"}


@pytest.mark.parametrize(("name", "text", "english", "chinese"), SHAPES, ids=[s[0] for s in SHAPES])
def test_pyyaml_without_libyaml_says_the_same(pure_yaml: None, name: str, text: str, english: str,
                                              chinese: str) -> None:  # fmt: skip
    i18n.set_language("zh")
    try:
        _node, problems = source.parse(source.Source("items/07.yaml", text, False))
    finally:
        i18n.set_language(None)
    first = problems[0]
    assert f"{first.line}:{first.column}: 错误[{first.code}]: {first.message}" == chinese


def chinese_left(line: str) -> set[str]:
    """English words in a Chinese line, once codes, file keys and what was typed are taken out."""
    line = re.sub(r"\[[a-z-]+\]", " ", line)  # the problem's code
    line = re.sub(r"“[^”]*”", " ", line)  # what to write, quoted as it is written
    line = re.sub(r"[*&][\w-]+", " ", line)  # an alias or anchor, named as written
    return english_words(line) - file_keys()


@pytest.mark.parametrize("environ", [{"LEDGER_LANG": "zh"}, {"LANG": "zh_CN.UTF-8"}, {"LANG": "C"}, {}],
                         ids=["LEDGER_LANG=zh", "LANG=zh_CN", "LANG=C", "no-locale"])  # fmt: skip
def test_a_ledger_of_broken_files_says_nothing_in_english(tmp_path: Path, environ: dict[str, str]) -> None:
    """The installed ledger, in a process of its own, on every shape at once: a Chinese line for each file."""
    texts = [text for _n, text, _e, _c in SHAPES] + list(MORE.values())
    assert len(texts) >= 20
    items = {f"{n:02d}.yaml": text for n, text in enumerate(texts, 1)}
    root = write_ledger(tmp_path / "l", items)
    env = {k: v for k, v in os.environ.items() if k not in ("LEDGER_LANG", "LANG", "LC_ALL", "LC_MESSAGES")}
    result = subprocess.run([ledger_exe(), "validate", "--no-cache", "--root", str(root)], capture_output=True,
                            text=True, env={**env, **environ, "COLUMNS": "200", "NO_COLOR": "1"})  # fmt: skip
    assert result.returncode == 1
    said: dict[str, list[str]] = {}
    for line in result.stdout.splitlines():
        said.setdefault(line.split(":")[0], []).append(line)
    for name in items:  # each file said, in Chinese
        for line in said[f"items/{name}"]:
            assert re.search(r":\d+(?::\d+)?: (?:错误|警告)\[", line), line
            assert chinese_left(line) == set(), line
    assert result.stderr.startswith("已检查 ledger.yaml 和"), result.stderr


# --- Every text PyYAML and libyaml can raise has a message of ours -------------------------------------------


def pyyaml_texts() -> list[tuple[str, str | None]]:
    """(problem, context) of every `raise …Error(context, mark, problem, mark)` in PyYAML's scanner, parser,
    composer and constructor, with a sample value put in for each %-placeholder."""

    def text_of(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
            left = text_of(node.left)
            samples = {"%r": "'x'", "%s": "x", "%d": "2"}
            return None if left is None else re.sub(r"%[rsd]", lambda m: samples[m.group()], left)
        return None

    found = []
    folder = Path(yaml.__file__).parent
    for name in ("scanner.py", "parser.py", "composer.py", "constructor.py"):
        for node in ast.walk(ast.parse((folder / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and len(node.exc.args) >= 3:
                problem, context = text_of(node.exc.args[2]), text_of(node.exc.args[0])
                if problem is not None:
                    found.append((problem, context))
    return found


def libyaml_texts() -> list[str]:
    """The problem texts of libyaml, as the yaml._yaml extension holds them, and those its own composer raises."""
    found = glob.glob(os.path.join(os.path.dirname(yaml.__file__), "_yaml*"))
    if not found:
        return []
    data = Path(found[0]).read_bytes()
    words = rb"did not find|could not find|found|block sequence|mapping (?:keys|values)"
    texts = {m.decode() for m in re.findall(rb"(?<=\x00)((?:" + words + rb")[ -~]*?)(?=\x00)", data)}
    return sorted(texts) + ["found undefined alias", "second occurrence", "but found another document"]


def test_every_text_is_found() -> None:
    assert len(pyyaml_texts()) > 60
    if hasattr(yaml, "CSafeLoader"):
        assert len(libyaml_texts()) > 40


@pytest.mark.parametrize(("problem", "context"), pyyaml_texts() + [(t, None) for t in libyaml_texts()],
                         ids=lambda v: str(v)[:50])  # fmt: skip
def test_every_text_pyyaml_and_libyaml_raise_has_a_message(problem: str, context: str | None) -> None:
    """Each is a kind of mistake with a message of ours, said in Chinese with no English word left."""
    kind = syntax.kind_of(problem, context)
    assert kind != "unknown", problem
    text = 'title: "x\\q" [&a *b !c %d]\n- y\n'
    mark = yaml.Mark("items/07.yaml", 7, 0, 7, text, 7)
    error = yaml.MarkedYAMLError(context, mark, problem, mark)
    i18n.set_language("zh")
    try:
        said = syntax.syntax_problem("items/07.yaml", error, text)
    finally:
        i18n.set_language(None)
    assert said.line == 1
    assert chinese_left(said.message) == set(), said.message
    assert re.search("[\u4e00-\u9fff]", said.message), said.message


def test_words_never_seen_are_still_said_in_chinese_at_their_place() -> None:
    mark = yaml.Mark("items/07.yaml", 0, 2, 4, "", 0)
    error = yaml.MarkedYAMLError(None, None, "something new went wrong", mark)
    i18n.set_language("zh")
    try:
        said = syntax.syntax_problem("items/07.yaml", error, "a\nb\nc: d\n")
    finally:
        i18n.set_language(None)
    assert (said.line, said.column, said.message) == (3, 5, "YAML 语法错误：YAML 无法读取此处的文字")
    i18n.set_language("en")
    try:
        said = syntax.syntax_problem("items/07.yaml", error, "a\nb\nc: d\n")
    finally:
        i18n.set_language(None)
    assert said.message == "YAML syntax error: something new went wrong"
