"""Every command is documented in the manual's guide and every option has help text; the examples of the README
and of the guide run as written."""

from __future__ import annotations

import os
from pathlib import Path

import helpers
import pytest
import typer

from ledger.cli import app

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
GUIDE = (Path(__file__).resolve().parent.parent / "docs" / "en" / "guide.md").read_text(encoding="utf-8")
GUIDE_ZH = (Path(__file__).resolve().parent.parent / "docs" / "zh" / "guide.md").read_text(encoding="utf-8")
GUIDES = {"en": (GUIDE, "Commands"), "zh": (GUIDE_ZH, "命令")}
COMMANDS = sorted(c.name or c.callback.__name__ for c in app.registered_commands)


def test_the_commands() -> None:
    assert COMMANDS == [
        "apply",
        "changes",
        "close",
        "codes",
        "export",
        "forms",
        "history",
        "import",
        "init",
        "list",
        "new",
        "note",
        "remind",
        "reopen",
        "report",
        "rollup",
        "serve",
        "set",
        "show",
        "stats",
        "validate",
    ]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_the_guide(name: str) -> None:
    assert f"### `ledger {name}" in GUIDE
    assert f"### `ledger {name}" in GUIDE_ZH
    assert f"`{name}`" in README.split("\n## The manual\n", 1)[1]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]
    assert command.help, f"{name} has no help"
    for param in command.params:
        assert getattr(param, "help", None), f"ledger {name}: {param.name} has no help"


def test_readme_starts_with_the_two_commands() -> None:
    blocks = [line.strip() for line in README.splitlines() if line.startswith("    python3 -m venv")]
    assert blocks[:2] == [
        "python3 -m venv .venv && . .venv/bin/activate && pip install . && ledger report",
        "python3 -m venv .venv && . .venv/bin/activate && pip install -e '.[test,docs]' && pytest",
    ]
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    assert blocks[1] in ci


def guide_examples(language: str = "en") -> dict[str, list[str]]:
    """The first `$ ledger …` example of each command line in the guide's commands, with the lines shown after it."""
    examples: dict[str, list[str]] = {}
    current: list[str] | None = None
    text, heading = GUIDES[language]
    for line in text.split(f"\n## {heading}\n", 1)[1].splitlines():
        if line.startswith("    $ "):
            command = line[6:]
            current = examples.setdefault(command, []) if command not in examples else None
        elif current is not None and (line.startswith("    ") or not line.strip()):
            current.append(line[4:])
        else:
            current = None
    for lines in examples.values():
        while lines and not lines[-1]:
            lines.pop()
    return examples


# Examples run on the sample ledger whose output the guide shows whole.
EXACT = ["ledger validate", "ledger list --status ongoing", "ledger stats"]


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("command", EXACT)
def test_guide_examples_are_true(command: str, language: str) -> None:
    """The English guide's under LEDGER_LANG=en, the Chinese guide's (docs/zh/guide.md) under LEDGER_LANG=zh."""
    import subprocess

    from helpers import REPO, ledger_exe

    shown = guide_examples(language)[command]
    result = subprocess.run(
        [ledger_exe(), *command.split()[1:]],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1", "LEDGER_LANG": language},
    )
    output = (result.stdout + result.stderr).splitlines()
    assert [line.rstrip() for line in output] == shown


def section(title: str, text: str = README) -> str:
    return text.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


README_ZH = (Path(__file__).resolve().parent.parent / "README.zh-CN.md").read_text(encoding="utf-8")


def test_the_readmes_link_each_other() -> None:
    assert "[中文说明 README.zh-CN.md](README.zh-CN.md)" in README.split("\n## ", 1)[0]
    assert "[English README](README.md)" in README_ZH.split("\n## ", 1)[0]
    blocks = [line.strip() for line in README_ZH.splitlines() if line.startswith("    python3 -m venv")]
    assert blocks[:2] == [line.strip() for line in README.splitlines() if line.startswith("    python3 -m venv")][:2]


@pytest.mark.parametrize(("readme", "title", "language"),
                         [("README", "Your own ledger", "en"), ("README_ZH", "建立自己的台账", "zh")])  # fmt: skip
def test_your_own_ledger_runs_as_written(tmp_path: Path, readme: str, title: str, language: str) -> None:
    """The README's walk-through (the English one under LEDGER_LANG=en, the Chinese one under LEDGER_LANG=zh),
    command by command, in an empty folder: the output it shows is the output."""
    import subprocess

    from helpers import ledger_exe

    text = {"README": README, "README_ZH": README_ZH}[readme]
    lines = [line[4:] for line in section(title, text).splitlines() if line.startswith("    ")]
    cwd, env = (
        tmp_path,
        {
            "PATH": "/usr/bin:/bin",
            "COLUMNS": "100",
            "NO_COLOR": "1",
            "HOME": str(tmp_path),
            "PYTHONUNBUFFERED": "1",
            "LEDGER_LANG": language,
        },
    )  # stdout and stderr in the order they are written
    env |= {"GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@b", "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@b"}
    n = 0
    while n < len(lines):
        command = lines[n]
        assert command.startswith("$ "), command
        shown = []
        n += 1
        while n < len(lines) and not lines[n].startswith("$ "):
            shown.append(lines[n])
            n += 1
        words = command[2:].split()
        if words[0] == "cd":
            cwd = cwd / words[1]
            continue
        argv = [ledger_exe(), *words[1:]] if words[0] == "ledger" else words
        result = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        assert result.returncode == 0, (command, result.stdout)
        assert result.stdout.splitlines() == shown, command


def test_a_month_between_two_notices_runs_as_written(tmp_path: Path) -> None:
    """The guide's month on the sample ledger, its git commits dated and signed as there: every output it
    shows, commit ids included, is the output."""
    import shlex
    import shutil
    import subprocess

    from helpers import REPO, ledger_exe

    root = tmp_path / "ledger"
    root.mkdir()
    shutil.copytree(REPO / "items", root / "items")
    shutil.copy(REPO / "ledger.yaml", root)
    env = {
        "PATH": "/usr/bin:/bin",
        "COLUMNS": "100",
        "NO_COLOR": "1",
        "HOME": str(tmp_path),
        "TZ": "UTC",
        "PYTHONUNBUFFERED": "1",
        "LEDGER_LANG": "en",
    }  # stdout and stderr in the order they are written

    def git(*args: str, who: str = "秘书科", day: str = "2026-01-21") -> None:
        helpers.git(root, *args, who=who, when=f"{day}T10:00:00+0000", env=env)

    git("init", "-q")
    git("add", "-A")
    git("commit", "-qm", "2026年1月通报")
    lines = [line[4:] for line in section("Between two notices: a month, and its history from git", GUIDE).splitlines()
             if line.startswith("    ")]  # fmt: skip
    commands = [n for n, line in enumerate(lines) if line.startswith("$ ")]
    assert len(commands) >= 10
    for start, end in zip(commands, [*commands[1:], len(lines)], strict=True):
        command, shown = lines[start][2:], [line for line in lines[start + 1 : end] if line]
        if command.startswith("git "):
            for part in command.split(" && "):
                git(*shlex.split(part)[1:], who="李某", day="2026-02-26")
            continue
        result = subprocess.run([ledger_exe(), *shlex.split(command)[1:]], cwd=root, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=env)  # fmt: skip
        assert result.returncode == 0, (command, result.stdout)
        assert result.stdout.splitlines() == shown, command


def test_the_chinese_guides_broken_files_are_said_as_shown(tmp_path: Path) -> None:
    """docs/zh/guide.md shows three broken files (`cat items/16.yaml …`) and what validate says of them."""
    import shutil
    import subprocess

    from helpers import REPO, ledger_exe

    after = GUIDE_ZH.split("    $ cat items/16.yaml items/17.yaml items/18.yaml\n", 1)[1]
    block = after.split("\n\n    $ ledger validate\n")
    files, shown = block[0], block[1].split("\n\n", 1)[0]
    root = tmp_path / "l"
    shutil.copytree(REPO / "items", root / "items")
    shutil.copyfile(REPO / "ledger.yaml", root / "ledger.yaml")
    texts = ["title:" + t for t in "\n".join(line[4:] for line in files.splitlines()).split("title:")[1:]]
    for number, text in zip((16, 17, 18), texts, strict=True):
        (root / "items" / f"{number}.yaml").write_text(text.rstrip("\n") + "\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "100", "NO_COLOR": "1", "LEDGER_LANG": "zh"}
    result = subprocess.run([ledger_exe(), "validate"], cwd=root, capture_output=True, text=True, env=env)
    assert (result.stdout + result.stderr).splitlines() == [line[4:] for line in shown.splitlines()]


def test_chinese_pages_link_to_chinese_pages() -> None:
    """A Chinese page links to the Chinese page of a subject when there is one, never to its English one."""
    import re

    zh = helpers.REPO / "docs" / "zh"
    pages = [helpers.REPO / "README.zh-CN.md", *sorted(zh.glob("*.md"))]
    found = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+\.md)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            resolved = (page.parent / target).resolve()
            if "/docs/en/" in resolved.as_posix() or resolved == (helpers.REPO / "docs" / "templates.md").resolve():
                chinese = zh / resolved.name
                if chinese.exists() and page.name != "supervision.md":  # supervision.md: engineer f24's
                    found.append(
                        f"{page.relative_to(helpers.REPO)} → {target} (there is {chinese.relative_to(helpers.REPO)})"
                    )
            elif not resolved.exists():
                found.append(f"{page.relative_to(helpers.REPO)} → {target} (no such page)")
    assert found == []


def test_the_pages_name_files_that_exist() -> None:
    import re

    missing = []
    docs = helpers.REPO / "docs"
    for page in [helpers.REPO / "README.zh-CN.md", helpers.REPO / "README.md", *sorted(docs.glob("*/*.md"))]:
        for path in re.findall(r"`((?:tests|ledger|tools|docs)/[\w./-]+\.(?:py|md|yaml|po))`", page.read_text("utf-8")):
            if not (helpers.REPO / path).exists():
                missing.append(f"{page.name}: {path}")
    assert missing == []


def test_the_sample_is_named_as_its_ledger_yaml_names_it() -> None:
    import yaml

    issuer = yaml.safe_load((helpers.REPO / "ledger.yaml").read_text(encoding="utf-8"))["issuer"]
    assert f"是{issuer} 2026 年 1 月的通报" in (helpers.REPO / "docs" / "zh" / "files.md").read_text(encoding="utf-8")


def page_runs(page: Path) -> list[tuple[list[str], list[str]]]:
    """A page's `$ ledger …` lines that write a file (-o), each with the lines it shows after it."""
    import shlex

    runs: list[tuple[list[str], list[str]]] = []
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("    $ ledger "):
            runs.append((shlex.split(line[6:])[1:], []))
        elif runs and line.startswith("    ") and not line.startswith("    $"):
            runs[-1][1].append(line[4:])
        elif runs and runs[-1][1] or not line.startswith("    "):
            runs.append(([], []))
    return [(args, shown) for args, shown in runs if "-o" in args and shown]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_paper_pages_examples_run_as_written(tmp_path: Path, language: str) -> None:
    """docs/LANG/paper.md's commands, run on the sample ledger: what each says is what the page shows (a PDF
    only where LibreOffice is installed; without it, the page's message)."""
    import shutil

    root = tmp_path / "sample"
    shutil.copytree(helpers.REPO / "items", root / "items")
    shutil.copy(helpers.REPO / "ledger.yaml", root / "ledger.yaml")
    runs = page_runs(helpers.REPO / "docs" / language / "paper.md")
    assert len(runs) >= 4
    env = {"LEDGER_LANG": language, "PATH": os.environ["PATH"]}
    for args, shown in runs:
        refused = any("LibreOffice" in line for line in shown)
        if args[-1].endswith(".pdf") and not refused and shutil.which("soffice") is None:
            continue
        run_env = {**env, "PATH": str(Path(helpers.ledger_exe()).parent)} if refused else env
        for written in root.glob("*.pdf"):
            written.unlink()
        done = helpers.run(*args, cwd=root, env=run_env)
        said = [line for line in (done.stderr + done.stdout).splitlines() if line]
        assert said == shown, (args, done.stderr)
