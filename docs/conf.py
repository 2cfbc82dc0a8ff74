"""The manual (SPEC 3.12): Sphinx, furo and MyST, in English and Chinese.

Build it with `python -m sphinx -W -b html docs docs/_build` (the `docs` extra installs what it needs).
The command reference (en/commands.md, zh/commands.md) is written from the Typer app at each build.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "ledger 整改台账"
extensions = ["myst_parser", "ledger_commands"]
source_suffix = {".md": "markdown"}
root_doc = "index"
html_theme = "furo"
html_title = "ledger"
language = "zh_CN"
exclude_patterns = ["_build", "_ext"]
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]
