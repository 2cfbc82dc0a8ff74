"""Typer's and Click's own words in the interface language: help panels, usage, and their error messages.

Typer bundles its own Click (typer._click), whose messages are English f-strings, and its rich
help reads module constants (typer.rich_utils). The command classes below translate the help of
every command and option when Typer builds them (so the language is the one of the run), set the
constants just before help or an error is shown, and give each Click error its message in the
interface language; nothing here is imported by a run that shows neither.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import typer.core
from typer import _click

from ledger.core.i18n import LATER, N_, _, language

# typer.rich_utils' constants, by name → msgid.
RICH_WORDS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "ERRORS_PANEL_TITLE": N_("Error"),
    "ABORTED_TEXT": N_("Aborted."),
    "RICH_HELP": N_("Try [blue]'{command_path} {help_option}'[/] for help."),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}
# Help texts Typer and Click declare themselves (the help option, shell completion).
OWN_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Install completion for the specified shell."),
    N_("Show completion for the specified shell, to copy it or customize the installation."),
)
USAGE = N_("Usage: ")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")

# Click's messages (f-strings in typer._click), each matched whole and said again from the catalog.
# Patterns, compiled only when a message is to be said (compiling them all costs every start-up a millisecond).
CLICK_MESSAGES: list[tuple[str, str]] = [
    (p, m)
    for p, m in (
        (r"No such command (?P<name>'.*')\.", N_("No such command {name}.")),
        (
            r"No such command (?P<name>'.*')\. Did you mean (?P<suggestions>.*)\?",
            N_("No such command {name}. Did you mean {suggestions}?"),
        ),  # noqa: E501
        (r"Missing command\.", N_("Missing command.")),
        (r"No such option: (?P<name>.*)", N_("No such option: {name}")),
        (r"Option (?P<name>'.*') requires an argument\.", N_("Option {name} requires an argument.")),
        (r"Option (?P<name>'.*') requires (?P<n>\d+) arguments\.", N_("Option {name} requires {n} arguments.")),
        (r"Option (?P<name>'.*') does not take a value\.", N_("Option {name} does not take a value.")),
        (r"Got unexpected extra argument\(s\) \((?P<args>.*)\)", N_("Got unexpected extra arguments ({args})")),
        (r"(?P<value>.*) is not one of (?P<choices>.*)\.", N_("{value} is not one of {choices}.")),
        (r"(?P<value>.*) is not in the range (?P<range>.*)\.", N_("{value} is not in the range {range}.")),
        (r"(?P<value>.*) is not a valid int(?: range)?\.", N_("{value} is not a whole number.")),
        (r"(?P<value>.*) is not a valid (?:float|float range)\.", N_("{value} is not a number.")),
        (
            r"(?P<value>.*) is not a valid boolean\. Recognized values: (?P<states>.*)",
            N_("{value} is not a valid boolean. Recognized values: {states}"),
        ),  # noqa: E501
        (r"(?P<value>.*) is not a valid UUID\.", N_("{value} is not a valid UUID.")),
        (
            r"(?P<value>.*) does not match the formats (?P<formats>.*)\.",
            N_("{value} does not match the formats {formats}."),
        ),  # noqa: E501
    )
]


def say_click(message: str) -> str:
    """One of Click's messages in the interface language (any other message is already ours)."""
    for pattern, msgid in reversed(CLICK_MESSAGES):  # the longer of two alike is listed later
        match = re.fullmatch(pattern, message, re.DOTALL)
        if match:
            values = {key: quoted(value) for key, value in match.groupdict().items()}
            if msgid == "No such option: {name}":  # the one name Click does not quote
                values["name"] = quote(values["name"])
            if "range" in values:
                values["range"] = said_range(values["range"])
            return _(msgid).format(**values)
    return message


def quoted(text: str) -> str:
    """Click's quotes in the interface language: in Chinese 'x' is “x” and a list 'a', 'b' is “a”、“b”."""
    if language() == "en":
        return text
    return re.sub(r"'([^']*)'", r"“\1”", text).replace("”, “", "”、“").replace("” / “", "”或“")


def quote(name: str) -> str:
    """A name Click gives bare (an option it does not know), quoted as Chinese quotes a name."""
    return name if language() == "en" else f"“{name}”"


# Click's ranges (0<=x<=100000, x>=1) in words; in English they stay as Click writes them.
RANGES = [
    (r"(?P<least>[^<>=x]+)<=x<=(?P<most>[^<>=]+)", N_("{least} to {most}")),
    (r"(?P<least>[^<>=x]+)<x<(?P<most>[^<>=]+)", N_("more than {least} and less than {most}")),
    (r"(?P<least>[^<>=x]+)<=x<(?P<most>[^<>=]+)", N_("from {least} to less than {most}")),
    (r"(?P<least>[^<>=x]+)<x<=(?P<most>[^<>=]+)", N_("more than {least} up to {most}")),
    (r"x>=(?P<least>.+)", N_("at least {least}")),
    (r"x>(?P<least>.+)", N_("more than {least}")),
    (r"x<=(?P<most>.+)", N_("at most {most}")),
    (r"x<(?P<most>.+)", N_("less than {most}")),
]


def said_range(text: str) -> str:
    if language() == "en":
        return text
    for pattern, msgid in RANGES:
        if match := re.fullmatch(pattern, text):
            return _(msgid).format(**match.groupdict())
    return text


def hints(param_hint: Sequence[str] | str | None) -> str | None:
    if param_hint is not None and not isinstance(param_hint, str):
        return quoted(" / ".join(repr(x) for x in param_hint))
    return None if param_hint is None else quoted(param_hint)


def said(error: _click.ClickException) -> str:
    """What Click's format_message says, in the interface language."""
    exceptions = _click.exceptions
    if isinstance(error, exceptions.MissingParameter):
        hint = error.param_hint if error.param_hint is not None else None
        if hint is None and error.param is not None:
            hint = error.param.get_error_hint(error.ctx)  # type: ignore[arg-type]
        name = hints(hint) or ""
        kind = error.param_type or (error.param.param_type_name if error.param is not None else "parameter")
        words = {"argument": N_("Missing argument {name}."), "option": N_("Missing option {name}."),
                 "parameter": N_("Missing parameter {name}.")}  # fmt: skip
        text = _(words.get(kind, words["parameter"])).format(name=name)
        return f"{text} {say_click(error.message)}" if error.message else text
    if isinstance(error, exceptions.BadParameter):
        hint = error.param_hint
        if hint is None and error.param is not None:
            hint = error.param.get_error_hint(error.ctx)  # type: ignore[arg-type]
        if hint is None:
            return _("Invalid value: {message}").format(message=say_click(error.message))
        return _("Invalid value for {hint}: {message}").format(hint=hints(hint), message=say_click(error.message))
    if isinstance(error, exceptions.NoSuchOption) and error.possibilities:
        options = (", " if language() == "en" else "、").join(quote(o) for o in sorted(error.possibilities))
        return _("{message} (Possible options: {options})").format(message=say_click(error.message), options=options)
    return say_click(error.format_message() if type(error).format_message is not _click.ClickException.format_message
                     else error.message)  # fmt: skip


def localize_rich() -> None:
    """typer.rich_utils' words in the interface language, just before help or an error is printed."""
    from typer import rich_utils

    for name, msgid in RICH_WORDS.items():
        setattr(rich_utils, name, _(msgid))
    rich_utils.RANGE_STRING = " [{}]" if language() == "en" else "（{}）"  # a range, said by `said_range`
    usage = re.escape(_(USAGE))
    rich_utils.OptionHighlighter.highlights[3] = rf"(?P<usage>{usage})"
    if not getattr(rich_utils._make_rich_text, "folds", False):
        rich_utils._make_rich_text = folding(rich_utils._make_rich_text)
    import rich._wrap

    if rich._wrap.words is not chinese_words:
        PLAIN_WORDS.append(rich._wrap.words)
    # rich wraps at spaces only: a Chinese line would be cut wherever it meets the width, in a word too
    rich._wrap.words = PLAIN_WORDS[0] if language() == "en" else chinese_words  # type: ignore[assignment]


# Where a Chinese line may break (GB/T 15834's rules, simply): between any two Chinese characters, never inside
# a Latin word or number, never before closing punctuation (，。）”) nor after opening punctuation (“（).
OPENING = "“‘（《〈【「『〔"
CLOSING = "，。；：、！？）》〉】」』〕”’"
HAN = "\u2e80-\u2fff\u3040-\u9fff\uf900-\ufaff\uff01-\uff5e"
CHINESE_WORD = f"\\s*[{OPENING}]*(?:[{HAN}]|[^\\s{HAN}{OPENING}{CLOSING}]+|[{OPENING}{CLOSING}])[{CLOSING}]*\\s*"


PLAIN_WORDS: list[Callable[[str], Iterable[tuple[int, int, str]]]] = []  # rich's own


def chinese_words(text: str) -> Iterable[tuple[int, int, str]]:
    """rich._wrap.words for Chinese: each Chinese character a word (with the punctuation that must stay with
    it), each Latin word or number whole."""
    for match in re.finditer(CHINESE_WORD, text):
        yield match.start(), match.end(), match.group()


def folding(make_text: Callable[..., Any]) -> Callable[..., Any]:
    """Typer's help texts folded where a line is too long: Chinese has no spaces to wrap at, and rich
    would cut the help short with an ellipsis."""

    def make(**kwargs: Any) -> Any:
        text = make_text(**kwargs)
        if hasattr(text, "overflow"):
            text.overflow = "fold"
        return text

    make.folds = True  # type: ignore[attr-defined]
    return make


def localize_error(error: _click.ClickException) -> None:
    """The error says itself in the interface language wherever Typer or Click prints it."""
    if getattr(error, "_localized", False):
        return
    localize_rich()
    text = said(error)
    error.format_message = lambda: text  # type: ignore[method-assign]
    error._localized = True  # type: ignore[attr-defined]


# The metavar Typer shows for an option's type, where the option names none.
TYPE_METAVARS = {"text": N_("TEXT"), "str": N_("TEXT"), "path": N_("PATH"), "integer": N_("INTEGER"),
                 "int": N_("INTEGER"), "integer range": N_("INTEGER"), "int range": N_("INTEGER"),
                 "float": N_("NUMBER"), "float range": N_("NUMBER")}  # fmt: skip
TYPE_NAMES = {"text": N_("text"), "str": N_("text"), "path": N_("path"), "integer": N_("integer"), "int": N_("integer"),
              "integer range": N_("integer"), "int range": N_("integer"), "float": N_("number"),
              "float range": N_("number")}  # fmt: skip  # an argument's type, as <path>


def typed_number(kind: Any) -> Any:
    """A number type (int, float, a range of them) that also reads what a Chinese keyboard types: full-width
    digits, minus sign and point (７, －１, １．５), and says its range in the interface language."""
    if getattr(kind, "typed", False) or not isinstance(kind, _click.types._NumberParamTypeBase):
        return kind
    base = type(kind)
    if base not in TYPED:
        members: dict[str, Any] = {"typed": True, "convert": convert_typed}
        if hasattr(base, "_describe_range"):
            members["_describe_range"] = describe_typed
        TYPED[base] = type(f"Typed{base.__name__}", (base,), members)
    widened = copy.copy(kind)
    widened.__class__ = TYPED[base]
    return widened


TYPED: dict[type, type] = {}


def convert_typed(self: Any, value: Any, param: Any, ctx: Any) -> Any:
    from ledger.core.typed import half_width

    if isinstance(value, str):
        value = half_width(value).strip()
    return super(type(self), self).convert(value, param, ctx)


def describe_typed(self: Any) -> str:
    return said_range(super(type(self), self)._describe_range())


def typed_choice(kind: Any) -> Any:
    """A Choice that also reads what a Chinese keyboard types: full-width letters and digits (ｊｓｏｎ) and a
    space typed around the word (U+3000 too), as --department and --category read them."""
    from typer._types import TyperChoice

    if getattr(kind, "typed", False) or not isinstance(kind, TyperChoice):
        return kind
    base = type(kind)
    if base not in TYPED:
        TYPED[base] = type(f"Typed{base.__name__}", (base,), {"typed": True, "convert": convert_typed})
    widened = copy.copy(kind)
    widened.__class__ = TYPED[base]
    return widened


def translate_params(params: Sequence[_click.Parameter]) -> None:
    for param in params:
        param.type = typed_choice(typed_number(param.type))
        kind = getattr(param.type, "name", "")
        if language() != "en" and kind in TYPE_NAMES and not getattr(param, "is_flag", False):
            if param.metavar is None and param.param_type_name == "option":
                param.metavar = TYPE_METAVARS[kind]
            elif param.param_type_name == "argument":  # shown as <path>: a copy of the type, renamed
                param.type = copy.copy(param.type)
                param.type.name = _(TYPE_NAMES[kind])
        text = getattr(param, "help", None)
        if text:
            later = LATER.get(text)
            param.help = later.say() if later is not None else _(text)  # type: ignore[attr-defined]
        if param.metavar:
            param.metavar = _(param.metavar)


class Speaking:
    """What every command and group of the app does: help and errors in the interface language."""

    def localize(self: Any, kwargs: dict[str, Any]) -> None:
        for key in ("help", "short_help", "epilog"):
            if kwargs.get(key):
                kwargs[key] = _(kwargs[key])
        if kwargs.get("options_metavar") == "[OPTIONS]":
            kwargs["options_metavar"] = _(OPTIONS_METAVAR)
        translate_params(kwargs.get("params") or ())

    def get_help_option(self: Any, ctx: _click.Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None and option.help in OWN_HELP:
            option.help = _(option.help)
        return option

    def format_usage(self: Any, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=_(USAGE))

    def format_help(self: Any, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        localize_rich()
        translate_params(self.get_params(ctx))  # Typer adds shell completion's options after building the group
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def make_context(self: Any, *args: Any, **kwargs: Any) -> Any:
        return speaking(lambda: super(Speaking, self).make_context(*args, **kwargs))  # type: ignore[misc]

    def invoke(self: Any, ctx: _click.Context) -> Any:
        return speaking(lambda: super(Speaking, self).invoke(ctx))  # type: ignore[misc]


def speaking(call: Callable[[], Any]) -> Any:
    try:
        return call()
    except _click.ClickException as error:
        localize_error(error)
        raise


class Command(Speaking, typer.core.TyperCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.localize(kwargs)
        super().__init__(*args, **kwargs)


class Group(Speaking, typer.core.TyperGroup):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.localize(kwargs)
        if kwargs.get("subcommand_metavar") in (None, "COMMAND [ARGS]..."):
            kwargs["subcommand_metavar"] = _(SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)
