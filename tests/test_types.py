"""The package passes `mypy --strict` (configured in pyproject.toml's [tool.mypy])."""

from __future__ import annotations

import subprocess
import sys

import pytest
from helpers import REPO


def test_the_package_is_strictly_typed() -> None:
    pytest.importorskip("mypy", reason="mypy is in the test extra: pip install -e '.[test]'")
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-error-summary", "--cache-dir", str(REPO / ".mypy_cache")],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.stdout + done.stderr == ""
    assert done.returncode == 0
