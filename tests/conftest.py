"""Shared fixtures: a small ledger in tmp_path and a CLI runner that explains its failures."""

from __future__ import annotations

import os
import traceback
from pathlib import Path

import pytest

# The English exact-output tests run in English; the Chinese ones choose Chinese themselves.
os.environ["LEDGER_LANG"] = "en"

from helpers import write_ledger  # noqa: E402
from hypothesis import settings  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from ledger.cli import app  # noqa: E402
from ledger.core import i18n  # noqa: E402

# In CI the property tests replay the same examples every run, so a red build always
# means a change broke something; locally they explore new examples each time.
# No per-example deadline: these properties are about results, and on a loaded machine (CI, a
# shared box) one slow example is no failure; a hang is still caught by the templates' own limits.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", derandomize=True, print_blob=True, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "local")


@pytest.fixture(autouse=True)
def stable_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("LEDGER_ROOT", raising=False)
    monkeypatch.setenv("LEDGER_LANG", "en")
    i18n.set_language(None)


@pytest.fixture(autouse=True)
def user_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's cache folder (where rollup keeps units' repositories): one of each test's own."""
    folder = tmp_path_factory.mktemp("user-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture
def ledger_root(tmp_path: Path) -> Path:
    return write_ledger(tmp_path / "ledger")


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code, self.stdout, self.stderr = exit_code, stdout, stderr


@pytest.fixture
def cli():
    """cli(*args, root=...) runs the app in-process; on a surprise it prints what it saw."""
    runner = CliRunner()

    def run(*args: str, root: Path | None = None) -> Result:
        argv = list(args) + (["--root", str(root)] if root is not None else [])
        result = runner.invoke(app, argv, catch_exceptions=True)
        print("$ ledger", " ".join(argv), f"-> {result.exit_code}")
        print("stdout:", result.stdout, sep="\n")
        print("stderr:", result.stderr, sep="\n")
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            traceback.print_exception(*result.exc_info)
            raise AssertionError(f"traceback from ledger {' '.join(argv)}") from result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return run
