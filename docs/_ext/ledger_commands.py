"""A Sphinx extension that writes the reference pages from the program itself (never typed by hand).

At `builder-inited`, in each language of the manual:
- en/commands.md and zh/commands.md from `ledger.cli.app`: every command and group, its help, its
  arguments and options, their metavars and defaults, as `--help` shows them;
- en/item-fields.md and zh/item-fields.md from `ITEM_FIELDS` in `ledger/core/schema.py`: every key of an
  item file, its 台账 name, kind, whether it is required, its meaning and the options that set it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

TITLES = {"en": ("Command reference", "Arguments", "Options", "default", "required"),
          "zh": ("命令参考", "参数", "选项", "默认", "必填")}  # fmt: skip
INTRO = {
    "en": "Generated from the program itself at each build of this manual: `ledger COMMAND --help` says the same.",
    "zh": "本页在每次生成手册时由程序本身写出：与 `ledger 命令 --help` 的内容一致。",
}


def reference(language: str) -> str:
    import typer.main

    from ledger.cli import app
    from ledger.cliwords import translate_params
    from ledger.core import i18n

    i18n.set_language(language)
    try:
        group = typer.main.get_command(app)
        title, arguments, options, default, required = TITLES[language]
        lines = [f"# {title}", "", INTRO[language], ""]
        for path, command in walk(group, ["ledger"]):
            lines += [f"## `{' '.join(path)}`", "", (command.help or "").strip(), ""]
            translate_params(command.params)  # Typer adds shell completion's options after building the group
            params = [p for p in command.params if not getattr(p, "hidden", False)]
            for kind, heading in (("argument", arguments), ("option", options)):
                shown = [p for p in params if p.param_type_name == kind]
                if not shown:
                    continue
                lines += [f"**{heading}**", ""]
                for param in shown:
                    lines.append("- " + describe(param, default, required, language))
                lines.append("")
        return "\n".join(lines)
    finally:
        i18n.set_language(None)


def walk(command: Any, path: list[str]) -> list[tuple[list[str], Any]]:
    found = [(path, command)]
    for name, sub in sorted(
        getattr(command, "commands", {}).items(), key=lambda kv: list(command.commands).index(kv[0])
    ):
        found += walk(sub, [*path, name])
    return found


# The punctuation of a line of the reference, as the command line's help uses it in each language.
PUNCTUATION = {"en": (": ", " (", ")", "; "), "zh": ("：", "（", "）", "；")}


def escaped(text: str) -> str:
    """A help text as Markdown shows it: `<root>` is text, not an HTML tag; `*` and `_` are no emphasis."""
    return re.sub(r"([\\<>*_\[\]])", r"\\\1", text)


def describe(param: Any, default: str, required: str, language: str = "en") -> str:
    colon, opening, closing, semicolon = PUNCTUATION[language]
    names = " / ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts]) if param.param_type_name == "option" \
        else f"`{param.metavar or param.name}`"  # fmt: skip
    if param.param_type_name == "option" and param.metavar and not getattr(param, "is_flag", False):
        names += f" `{param.metavar}`"
    text = escaped(" ".join((param.help or "").split()))
    extra = []
    if param.required:
        extra.append(required)
    value = param.default
    if param.param_type_name == "option" and value not in (None, False, (), []) and not callable(value):
        extra.append(f"{default}{colon}`{value}`")
    space = " " if language == "en" else ""
    return f"{names}{colon}{text}" + (f"{space}{opening}{semicolon.join(extra)}{closing}" if extra else "")


FIELD_WORDS = {
    "en": {
        "title": "Item fields", "yes": "yes",
        "intro": "The keys of an item file (`items/NN.yaml`), in the order `ledger new` writes them. Generated "
                 "at each build of this manual from `ITEM_FIELDS` in `ledger/core/schema.py`.",
        "header": "| key | 台账 | kind | required | meaning | options |",
        "list": "list of {of}", "or one": " (or one)", "one of": "one of {values}",
        "entry": "entry ({keys})", "prose": "text, lines allowed", "text": "text, one line",
        "Day": "date (YYYY-MM-DD)", "Flag": "true or false", "AnyData": "any data",
    },
    "zh": {
        "title": "事项字段", "yes": "是",
        "intro": "事项文件（`items/NN.yaml`）的各个键，按 `ledger new` 写入的顺序排列。本页在每次生成手册时"
                 "由 `ledger/core/schema.py` 中的 `ITEM_FIELDS` 写出。",
        "header": "| 键 | 台账列名 | 类型 | 必填 | 含义 | 可用选项 |",
        "list": "{of}的列表", "or one": "（也可只写一个）", "one of": "取值之一：{values}",
        "entry": "条目（{keys}）", "prose": "文本，可分行", "text": "文本，一行",
        "Day": "日期（YYYY-MM-DD）", "Flag": "true 或 false", "AnyData": "任意数据",
    },
}  # fmt: skip


def kind(spec: Any, words: dict[str, str]) -> str:
    from ledger.core import schema

    if isinstance(spec, schema.ListOf):
        return words["list"].format(of=kind(spec.of, words)) + (words["or one"] if spec.scalar_ok else "")
    if isinstance(spec, schema.Choice):
        return words["one of"].format(values=", ".join(f"`{v}`" for v in spec.values))
    if isinstance(spec, schema.Fields):
        return words["entry"].format(keys=", ".join(f"`{k}`" for k in spec.fields))
    if isinstance(spec, schema.Text):
        return words["prose" if spec.prose else "text"]
    return words[type(spec).__name__]


def fields_page(language: str) -> str:
    from ledger.core import i18n
    from ledger.core.schema import ITEM, ITEM_FIELDS

    words = FIELD_WORDS[language]
    i18n.set_language(language)
    try:
        rows = [
            f"| `{key}` | {about.label} | {kind(spec, words)} | {words['yes'] if key in ITEM.required else ''} | "
            f"{i18n._(about.meaning)} | " + " ".join(f"`{c} --{key}`" for c in about.options) + " |"
            for key, (spec, about) in ITEM_FIELDS.items()
        ]
    finally:
        i18n.set_language(None)
    return "\n".join([f"# {words['title']}", "", words["intro"], "", words["header"], "|---|---|---|---|---|---|",
                      *rows, ""])  # fmt: skip


def write_reference(app: Any) -> None:
    source = Path(app.srcdir)
    for language in TITLES:
        for name, text in (("commands.md", reference(language) + "\n"), ("item-fields.md", fields_page(language))):
            target = source / language / name
            target.parent.mkdir(exist_ok=True)
            if not target.exists() or target.read_text(encoding="utf-8") != text:
                target.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", write_reference)
    return {"parallel_read_safe": True, "version": "1"}
