"""A Sphinx extension that writes the command reference from the Typer app itself (never typed by hand).

At `builder-inited` it walks every command and group of `ledger.cli.app`, in each language of the
manual, and writes en/commands.md and zh/commands.md: each command's help, its arguments and options,
their metavars and defaults, as `--help` shows them.
"""

from __future__ import annotations

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
                    lines.append("- " + describe(param, default, required))
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


def describe(param: Any, default: str, required: str) -> str:
    names = " / ".join(f"`{o}`" for o in [*param.opts, *param.secondary_opts]) if param.param_type_name == "option" \
        else f"`{param.metavar or param.name}`"  # fmt: skip
    if param.param_type_name == "option" and param.metavar and not getattr(param, "is_flag", False):
        names += f" {param.metavar}"
    text = " ".join((param.help or "").split())
    extra = []
    if param.required:
        extra.append(required)
    value = param.default
    if param.param_type_name == "option" and value not in (None, False, (), []) and not callable(value):
        extra.append(f"{default}: `{value}`")
    return f"{names}: {text}" + (f" ({'; '.join(extra)})" if extra else "")


def write_reference(app: Any) -> None:
    source = Path(app.srcdir)
    for language in TITLES:
        target = source / language / "commands.md"
        target.parent.mkdir(exist_ok=True)
        text = reference(language) + "\n"
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    app.connect("builder-inited", write_reference)
    return {"parallel_read_safe": True, "version": "1"}
