"""The gettext catalogs with Babel: extract the messages, update the Chinese .po, compile the .mo.

    python tools/catalog.py update    # extract, merge into ledger/locale/zh_CN/LC_MESSAGES/ledger.po, compile
    python tools/catalog.py compile   # ledger.po → ledger.mo (what the package reads)
    python tools/catalog.py check     # untranslated, fuzzy or mismatched messages; a stale .mo

Messages are every `_()`, `N_()` and `ngettext()` of the files babel.cfg maps, the docstring of
every command and callback (Typer shows it as the command's --help), and every `help=` and
`metavar=` text (the command classes of ledger/cliwords.py translate them when Typer builds them).
The .po is sorted by msgid, with the files each message comes from (no line numbers: they would change with every edit).
"""

from __future__ import annotations

import ast
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_python
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parent.parent
LOCALE = REPO / "ledger" / "locale"
PO = LOCALE / "zh_CN" / "LC_MESSAGES" / "ledger.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {k: DEFAULT_KEYWORDS[k] for k in ("_", "N_", "ngettext")}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
DECORATORS = {"command", "callback"}


def extract_ledger(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Any]:
    """Babel's Python extractor, plus the docstrings of functions decorated as commands."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    for node in ast.walk(ast.parse(fileobj.read())):
        if isinstance(node, ast.FunctionDef) and any(decorated_as_command(d) for d in node.decorator_list):
            doc = ast.get_docstring(node, clean=True)
            if doc:
                yield node.body[0].lineno, "_", doc, []
        elif isinstance(node, ast.Call):  # typer.Option(help=…, metavar=…), date_option(name, help)
            texts = [k.value for k in node.keywords if k.arg in ("help", "metavar")]
            if getattr(node.func, "id", "") == "date_option" and len(node.args) > 1:
                texts.append(node.args[1])
            for text in texts:
                if isinstance(text, ast.Constant) and isinstance(text.value, str) and text.value.strip():
                    yield text.lineno, "_", text.value, []


def decorated_as_command(node: ast.expr) -> bool:
    target = node.func if isinstance(node, ast.Call) else node
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in DECORATORS


def extract() -> Catalog:
    """Every message of the package, as a template catalog."""
    with open(REPO / "babel.cfg", encoding="utf-8") as cfg:
        methods, options = parse_mapping_cfg(cfg)
    methods = [(pattern, extract_ledger if method == "python" else method) for pattern, method in methods]
    template = Catalog(project="ledger", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        str(REPO), methods, options, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def load() -> Catalog:
    with open(PO, "rb") as f:
        return read_po(f, locale="zh_CN", domain="ledger")


def save(catalog: Catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=0, sort_output=True, ignore_obsolete=True, include_lineno=False)
    PO.write_bytes(out.getvalue())


def update() -> Catalog:
    """The .po with every message of the code: new ones untranslated, gone ones dropped."""
    if PO.exists():
        catalog = load()
    else:
        PO.parent.mkdir(parents=True, exist_ok=True)
        catalog = Catalog(locale="zh_CN", domain="ledger", project="ledger", charset="utf-8")
    catalog.update(extract(), no_fuzzy_matching=True, update_creation_date=False)
    catalog.revision_date = catalog.creation_date  # the file changes only when a message does
    save(catalog)
    return catalog


def compiled(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def compile_mo() -> None:
    MO.write_bytes(compiled(load()))


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def problems(catalog: Catalog, template: Catalog | None = None) -> list[str]:
    """What keeps the Chinese catalog from being complete and right."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            found.append(f"no Chinese for {ids[0]!r}")
            continue
        for text in strings:
            if placeholders(text) != placeholders(ids[0]):
                found.append(f"placeholders differ: {ids[0]!r} → {text!r}")
    if template is not None:
        missing = {m.id for m in template if m.id} - {m.id for m in catalog if m.id}
        found += [f"not in the .po (run tools/catalog.py update): {m!r}" for m in sorted(missing, key=str)]
    return found


def main(argv: list[str]) -> int:
    verb = argv[0] if argv else "check"
    if verb == "update":
        catalog = update()
        compile_mo()  # what is translated is in the .mo at once
        print(f"{PO.relative_to(REPO)}: {len(catalog)} messages")
        for problem in problems(catalog):
            print(problem)
        return 0
    if verb == "compile":
        compile_mo()
        return 0
    if verb == "check":
        found = problems(load(), extract())
        if MO.read_bytes() != compiled(load()):
            found.append(f"{MO.relative_to(REPO)} is older than its .po: run tools/catalog.py compile")
        print("\n".join(found) or "the catalog is complete")
        return 1 if found else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
