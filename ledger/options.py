"""The command line's shared parts: the app, the options many commands take, and how errors end a command."""

import functools
import inspect
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

import typer

from ledger import __version__, output
from ledger.cliwords import Command, Group
from ledger.core.errors import LedgerError
from ledger.core.i18n import N_, _, enumeration, language
from ledger.core.model import Item, Ledger, Record, Status

app = typer.Typer(
    cls=Group,
    help=N_("Keep an inspection-rectification ledger (整改台账) as YAML files and render its notice."),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def err(line: str) -> None:
    """A line for people on stderr, with nothing from a file able to act on the terminal."""
    print(output.printable(line), file=sys.stderr)


# --- Options shared by many commands, declared once ------------------------------------------


def parse_date(value: str) -> date:
    """An option's date: YYYY-MM-DD, or as a Chinese keyboard types it (2026/3/1, 2026.3.1, 2026年3月1日, in
    full-width digits too); anything else is a usage error (exit 2)."""
    from ledger.core.dates import NotADate, parse_day
    from ledger.core.typed import typed_day

    if isinstance(value, date):
        return value
    try:
        return parse_day(value)
    except NotADate:
        pass
    try:
        day = typed_day(value)
    except ValueError:
        raise typer.BadParameter(_("'{value}' is not a real date").format(value=value)) from None
    if day is None:
        raise typer.BadParameter(
            _("'{value}' is not a date; write YYYY-MM-DD, e.g. 2025-06-30").format(value=value)
        ) from None
    return day


def date_option(name: str, help: str) -> Any:
    return typer.Option(name, help=help, parser=parse_date, metavar="YYYY-MM-DD", show_default=False)


def complete_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of item ids, from the file names in items/ (nothing is parsed)."""
    from ledger.core.load import find_root, item_files

    try:
        refs, _listing = item_files(find_root(*(ctx.params.get("root") or [None])[:1]))
    except (LedgerError, OSError):
        return []
    return [ref.id for ref in refs if ref.id.startswith(incomplete)]


def complete_categories(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of category keys, from ledger.yaml."""
    from ledger.core.load import find_root, load_config

    try:
        config, _problems = load_config(find_root(*(ctx.params.get("root") or [None])[:1]))
    except (LedgerError, OSError):
        return []
    return [c.key for c in config.categories if c.key.startswith(incomplete)]


def status_option(value: str) -> Status:
    """A status by its code or its default label (`done` or `已完成`)."""
    from ledger.core.model import DEFAULT_LABELS
    from ledger.core.typed import half_width

    typed = half_width(value).strip()  # ｄｏｎｅ, 已完成 followed by a full-width space
    for status in Status:
        if typed in (status.value, DEFAULT_LABELS[status]):
            return status
    choices = enumeration(
        f"{s.value}（{DEFAULT_LABELS[s]}）" if language() == "zh" else f"{s.value} ({DEFAULT_LABELS[s]})"
        for s in Status
    )
    raise typer.BadParameter(_("'{value}' is not a status; use one of {choices}").format(value=value, choices=choices))


Root = Annotated[
    Optional[list[Path]],
    typer.Option(
        "--root",
        metavar=N_("PATH"),
        help=N_("The ledger's folder. Default: $LEDGER_ROOT, else the nearest folder upwards holding ledger.yaml."),
        show_default=False,
    ),
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help=N_("Read every file afresh, without the cache in <root>/.ledger-cache/."))
]
AsOf = Annotated[Optional[date], date_option("--as-of", N_("Judge deadlines on this day instead of today."))]
Day = Annotated[Optional[date], date_option("--date", N_("The day to record. Default: today."))]
Output = Annotated[
    Optional[Path],
    typer.Option("-o", "--output", help=N_("Write to this file (atomically) instead of stdout."), show_default=False),
]
ItemId = Annotated[
    str,
    typer.Argument(
        metavar=N_("ID"), help=N_("The item's id: 8, 08 and 008 are the same item."), autocompletion=complete_ids
    ),
]
Force = Annotated[bool, typer.Option("--force", help=N_("Replace FILE if it exists."))]
ForceInFolder = Annotated[
    bool, typer.Option("--force", help=N_("Replace the files of the same names in FOLDER if they exist."))
]
DryRun = Annotated[bool, typer.Option("--dry-run", help=N_("Print the diff and write nothing."))]


class Session(Record):
    """What the shared options say: where the ledger is, whether to use the cache, which day it is."""

    __slots__ = ("roots", "use_cache", "day", "format", "dated")
    roots: list[Path]
    use_cache: bool
    day: date | None  # None: the command takes no --as-of
    format: str | None  # None: the command takes no --format
    dated: bool  # --as-of was given

    def __init__(self, roots: list[Path], use_cache: bool = True, as_of: date | None = None, fmt: str | None = None,
                 dated: bool = False) -> None:  # fmt: skip
        self.roots, self.use_cache, self.day, self.format, self.dated = roots, use_cache, as_of, fmt, dated

    @property
    def as_of(self) -> date:
        """The day deadlines are judged on, for a command registered with `as_of=True`."""
        if self.day is None:
            raise TypeError("this command was registered without as_of=True")
        return self.day

    @property
    def fmt(self) -> str:
        """The --format chosen, for a command registered with `formats=True`."""
        if self.format is None:
            raise TypeError("this command was registered without formats=True")
        return self.format

    def root(self) -> Path:
        from ledger.core.load import find_root

        return find_root(self.roots[0] if self.roots else None)

    def ledger(self) -> Ledger:
        from ledger.core.load import load_ledger

        return load_ledger(self.root(), use_cache=self.use_cache)


def command(name: str | None = None, *, formats: bool = False, as_of: bool = False, cache: bool = False,
            group: typer.Typer | None = None, registry: str | None = None, root: Any = None,
            fields: str | None = None) -> Callable[[Callable[..., Any]], Callable[..., Any]]:  # fmt: skip
    """Register a command with the shared options (scriv's `scriv_command`, sqlite-utils' `output_options`).

    The command gets a `session` with --root, --as-of (today unless given) and --no-cache
    as asked, `fmt` from --format with the formats of the output registry, and the
    command's own options. A LedgerError becomes `Error: …` on stderr and exit code 1.
    With `fields`, every item key whose schema lists that command gets a `--KEY TEXT` option,
    handed to the command as one `fields` mapping (key: the text given, or None).
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        own = [p for p in inspect.signature(func, eval_str=True).parameters.values()
               if p.name not in ("session", "fields")]  # fmt: skip
        shared: list[tuple[str, Any, Any]] = []
        keys = field_options(fields, shared) if fields else ()  # first in `shared`
        command_name = registry or name or func.__name__
        if formats:
            choices = output.choices(command_name)
            option = typer.Option("--format", help=output.describe(command_name))
            shared.append(("fmt", Annotated[Literal[choices], option], choices[0]))
        if as_of:
            shared.append(("as_of", AsOf, None))
        shared.append(("root", root or Root, None))
        if cache:
            shared.append(("no_cache", NoCache, False))
        made = [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY, annotation=a, default=d) for n, a, d in shared]
        split = next((n for n, p in enumerate(own) if p.name in ("day", "dry_run")), len(own))  # fields before these
        given = [p.replace(kind=own[split].kind) for p in made[: len(keys)]] if split < len(own) else made[: len(keys)]
        params = own[:split] + given + own[split:] + made[len(keys) :]

        @functools.wraps(func)
        def wrapper(**kwargs: Any) -> Any:
            from ledger.core.dates import today

            text_only(kwargs)
            if isinstance(kwargs.get("item_id"), str):  # ８ is 8 (a Chinese input method types full-width digits)
                from ledger.core.typed import typed_id

                kwargs["item_id"] = typed_id(kwargs["item_id"])
            roots = kwargs.pop("root") or []
            if len(roots) > 1:
                raise typer.BadParameter(
                    _("given more than once; a command works on one ledger"), param_hint="'--root'"
                )
            given = kwargs.pop("as_of", None)
            day = given or (today() if as_of else None)
            if "day" in kwargs:
                kwargs["day"] = kwargs["day"] or today()
            fmt = kwargs.pop("fmt") if formats else None
            if fields:
                kwargs["fields"] = {key: kwargs.pop(key) for key in keys}
            session = Session(roots, not kwargs.pop("no_cache", False), day, fmt, given is not None)
            try:
                return func(session=session, **kwargs)
            except LedgerError as e:
                err(_("Error: {message}").format(message=e.message))
                for detail in e.details:
                    err(f"  {detail}")
                raise typer.Exit(1) from None

        wrapper.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in params}
        (group or app).command(name, cls=Command)(wrapper)
        return wrapper

    return decorate


def field_options(command_name: str, shared: list[tuple[str, Any, Any]]) -> tuple[str, ...]:
    """A `--KEY TEXT` option for each item key whose schema (ABOUT in ledger.core.schema) lists the command."""
    from ledger.core.schema import ABOUT

    keys = tuple(key for key, about in ABOUT.items() if command_name in about.options)
    for key in keys:
        # The help is the schema's msgid: the command classes translate it when Typer builds the --help.
        option = typer.Option(f"--{key}", help=ABOUT[key].meaning, show_default=False)
        shared.append((key, Annotated[Optional[str], option], None))
    return keys


def filled(day: date | None) -> date:
    """A --date option, which the command decorator has filled in (today unless given)."""
    if day is None:
        raise TypeError("a --date option the command decorator did not fill in")
    return day


def refuse_overwrite(output_file: Path | None, force: bool) -> None:
    """-o never replaces a file by surprise (a notice polished by hand in Word, last month's 台账)."""
    if output_file is not None and os.path.lexists(output_file) and not force:
        raise LedgerError(_("{file} exists; give --force to replace it").format(file=output_file))


def text_only(options: dict[str, Any]) -> None:
    """Text given on the command line must be text: a terminal in another encoding gives undecodable bytes."""
    for name, value in options.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and any("\udc80" <= c <= "\udcff" for c in text):
                raise typer.BadParameter(
                    _("is not text in UTF-8; set the terminal to UTF-8 (on Windows: chcp 65001) and type it again"),
                    param_hint=f"'{name}'",
                )


def report_problems(ledger: Ledger) -> None:
    """The errors of files that do not load, on stderr; warnings are `ledger validate`'s to show, once."""
    for problem in ledger.errors:
        err(str(problem))


SUFFIXES = {"markdown": "md", "htm": "html"}
OTHER_DOCUMENTS = {"pdf", "doc", "xls", "odt", "ods", "rtf", "ppt", "pptx", "wps", "et"}


def pick_format(command_name: str, fmt: str | None, path: Path | None, option: str = "--format") -> str:
    """--format/--to, else the suffix of -o FILE, else the command's first format; they must agree.

    A file named for a format the command does not write (台账.pdf, notice.xlsx) is refused,
    never written in another format under that name.
    """
    choices = output.choices(command_name)
    suffix = path.suffix.lower().lstrip(".") if path is not None else ""
    suffix = SUFFIXES.get(suffix, suffix)
    known = {f for formats in output.FORMATS.values() for f in formats} | OTHER_DOCUMENTS
    shown = path.name if path is not None else ""
    if suffix in known and suffix not in choices:
        raise typer.BadParameter(
            _(
                "{name} names a {suffix} file, which `ledger {command}` does not write; it writes {formats}. "
                "Nothing was written."
            ).format(name=shown, suffix=suffix, command=command_name, formats=enumeration(choices)),
            param_hint="'-o'",
        )
    if fmt is not None and suffix in choices and fmt != suffix:
        raise typer.BadParameter(
            _("{format} does not match the file name {name}; nothing was written").format(format=fmt, name=shown),
            param_hint=f"'{option}'",
        )
    chosen = fmt or (suffix if suffix in choices else choices[0])
    if chosen in output.BINARY and path is None:
        raise typer.BadParameter(
            _("{format} is a binary file: give -o FILE, e.g. -o 文件.{format}").format(format=chosen),
            param_hint=f"'{option}'",
        )
    return chosen


# --- State of the whole program ---------------------------------------------------------------


class State:
    debug = False


def version_callback(value: bool) -> None:
    if value:
        print(f"ledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", help=N_("Show the version and exit."), is_eager=True, callback=version_callback)
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help=N_("Show the full traceback of an internal error."))] = False,
) -> None:
    """Keep an inspection-rectification ledger (整改台账) as YAML files and render its notice."""
    State.debug = debug


def shown_path(path: Path) -> str:
    """A path as the user sees it: from the current folder when it is below it."""
    try:
        return path.relative_to(Path.cwd().absolute()).as_posix()
    except ValueError:
        return str(path)


# The filters of `list`, shared by every command that takes list's filters.
Overdue = Annotated[bool, typer.Option("--overdue", help=N_("Only items past their deadline."))]
Statuses = Annotated[
    Optional[list[str]],  # each parsed to a Status by status_option (typer would re-convert an Enum type)
    typer.Option(
        "--status",
        parser=status_option,
        metavar=N_("STATUS"),
        help=N_("Only items with this status, by code or label (done, 已完成); repeat for several."),
        show_default=False,
    ),
]
Category = Annotated[
    Optional[str],
    typer.Option(
        "--category",
        metavar=N_("CATEGORY"),
        help=N_("Only items of this category, by key or title."),
        show_default=False,
        autocompletion=complete_categories,
    ),
]
Department = Annotated[
    Optional[str],
    typer.Option(
        "--department",
        metavar=N_("DEPARTMENT"),
        help=N_("Only items this department is responsible for: its full name or a part naming one department."),
        show_default=False,
    ),
]
Departments = Annotated[
    Optional[list[str]],
    typer.Option(
        "--department",
        metavar=N_("DEPARTMENT"),
        help=N_("Only this department: its full name or a part naming one department; repeat for several."),
        show_default=False,
    ),
]
DueWithin = Annotated[
    Optional[int],
    typer.Option(
        "--due-within",
        min=0,
        max=100_000,
        metavar=N_("DAYS"),
        help=N_("Only unfinished items due from the as-of day to DAYS days after it."),
        show_default=False,
    ),
]


LIGHT_NAMES = {"red": "red", "yellow": "yellow", "green": "green", "红": "red", "黄": "yellow", "绿": "green",
               "红灯": "red", "黄灯": "yellow", "绿灯": "green"}  # fmt: skip


def lights_option(values: list[str] | None) -> list[str]:
    """--light red,yellow and --light red --light yellow alike: the light codes, each once, in the order given."""
    from ledger.core.i18n import _
    from ledger.core.typed import half_width

    lights: list[str] = []
    for value in values or []:
        for part in half_width(value).split(","):  # ｒｅｄ，ｙｅｌｌｏｗ as a Chinese keyboard types it
            name = LIGHT_NAMES.get(part.strip().lower())
            if name is None:
                message = _(
                    "'{value}' is not a light; use red, yellow or green (红灯, 黄灯, 绿灯), e.g. --light red,yellow"
                )
                raise typer.BadParameter(message.format(value=part.strip()), param_hint="'--light'")
            if name not in lights:
                lights.append(name)
    return lights


Lights = Annotated[
    Optional[list[str]],
    typer.Option(
        "--light",
        metavar="LIGHT[,LIGHT]",
        callback=lights_option,
        help="Only items with this warning light (红黄绿灯): red overdue, yellow due within lights.yellow_days "
        "(default 7), green later or no deadline; e.g. red,yellow, or repeat the option.",
        show_default=False,
    ),
]


def departments_named(ledger: Ledger, names: list[str]) -> list[str]:
    """Departments as --department names them (SPEC 3.6): each by its full name or by a part naming exactly one
    of the departments the ledger's items name; the same resolver for every command."""
    from ledger.core.typed import department_named

    known = sorted({d for item in ledger.items for d in item.department})
    return list(dict.fromkeys(department_named(name, known) for name in names))


def selected(
    session: Session,
    overdue: bool,
    statuses: list[str] | None,  # Status values (a Status is a str), as status_option parses them
    category: str | None,
    department: str | None,
    due_within: int | None,
    sort: str = "notice",
    lights: list[str] | None = None,
) -> tuple[Ledger, list[Item]]:
    """The loaded ledger and the items the list filters keep, problems reported on stderr."""
    from ledger.core.check import unknown_category
    from ledger.core.query import Filters, select_items, sort_items
    from ledger.core.typed import category_key

    ledger = session.ledger()
    if category is not None:
        category = category_key(category, ledger.config)
        message = unknown_category(category, ledger.config, typed=True)
        if message:
            raise LedgerError(_("--category: {message}").format(message=message))
    if department is not None:
        department = departments_named(ledger, [department])[0]
    from ledger.core.model import Light

    chosen = tuple(Light(light) for light in lights or ())
    filters = Filters(overdue, tuple(Status(s) for s in statuses or ()), category, department, due_within, chosen,
                      ledger.config.yellow_days)  # fmt: skip
    items = sort_items(select_items(ledger.items, session.as_of, filters), sort)
    report_problems(ledger)
    return ledger, items
