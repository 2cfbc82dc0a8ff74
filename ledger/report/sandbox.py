"""Jinja in its sandbox, with limits: templates found only inside their folders, and never run away.

Templates come from other people's merge requests like the ledger's files, so a template
is read only if it is a regular file inside its folder (the ledger's `templates/`, itself
inside the ledger, or the package's defaults), and rendering is bounded: powers and
repetitions too large to print, recursion, a time limit and an output limit each end in
an error naming the template and its line.
"""

from __future__ import annotations

import _thread
import math
import os
import re
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from ledger.core import zh
from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _, enumeration, language
from ledger.core.schema import control_in
from ledger.core.source import read_regular, within
from ledger.core.stats import status_parts
from ledger.report.escaping import as_text, md_cell

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_POWER_BITS = 100_000  # a result of 30,000 digits is no number a notice prints
MAX_REPEAT = 1_000_000  # characters or entries made by `*`
MAX_OUTPUT = 100_000_000  # characters rendered
MAX_INDENT = 100  # spaces (or characters) tojson may indent by: each line of the JSON takes it once per level
TIME_LIMIT = 120.0  # seconds for one rendering; a 50,000-item notice takes a few
MEMORY_LIMIT = 2 << 30  # bytes a rendering may add to the process, where the system lets us say so
CONVERT_TIME_LIMIT, CONVERT_MEMORY_LIMIT = TIME_LIMIT, MEMORY_LIMIT  # and its text's conversion to Word or HTML


class TemplateUnreadable(jinja2.TemplateError):
    """A template that exists but may not be read: not a regular file, too large, not UTF-8."""


def packaged_templates() -> Path:
    """The default templates: inside the installed package, else the source tree's templates/."""
    package = Path(__file__).resolve().parent.parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


class ContainedLoader(jinja2.BaseLoader):
    """Templates from inside one folder: regular files only, never through a link out of it.

    `root`, when given, is the folder the template folder itself must be inside (the ledger).
    """

    def __init__(self, folder: Path, root: Path | None = None) -> None:
        self.folder, self.root = folder, root

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        if not os.path.isdir(self.folder):
            raise jinja2.TemplateNotFound(template)
        if self.root is not None and not within(self.root, self.folder):
            raise jinja2.exceptions.SecurityError(
                _("{folder}/ is a link to a folder outside the ledger").format(folder=self.folder.name)
            )
        path = os.path.join(self.folder, *split_template_path(template))  # refuses '..'
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        if not within(self.folder, path):
            raise jinja2.exceptions.SecurityError(
                _("{template} is a link to a file outside {folder}").format(template=template, folder=self.folder)
            )
        try:
            data, _a = read_regular(path, MAX_TEMPLATE_BYTES)
        except OSError as e:
            raise TemplateUnreadable(
                _("template {template}: {reason}").format(template=template, reason=os_reason(e))
            ) from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateUnreadable(
                _("template {template}: over 1 MiB, the most a template may be").format(template=template)
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateUnreadable(
                _("template {template}: not UTF-8; re-save it as UTF-8").format(template=template)
            ) from None
        return text, path, lambda: False

    def list_templates(self) -> list[str]:
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        return sorted(
            n
            for n in names
            if n.endswith(".j2")
            and os.path.isfile(os.path.join(self.folder, n))
            and within(self.folder, os.path.join(self.folder, n))
        )  # never a link out of the folder


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, with what can build a number or a text too large checked before it does.

    `**`, `*` (repetition, and products of huge integers), `%` and str.format widths, and the
    filters that make text longer than their input (center, indent, join, replace, format).
    """

    intercepted_binops = frozenset(["**", "*", "%"])

    def getattr(self, obj: Any, attribute: str) -> Any:
        """`category.items` is the category's items, never the dict's method: a mapping's keys come first.
        A name it does not have is an error that says which names it has."""
        if isinstance(obj, dict):
            if attribute in obj:
                return obj[attribute]
            if not attribute.startswith("_") and not hasattr(dict, attribute):
                return self.undefined(obj=obj, name=attribute, hint=no_field(attribute, obj))
        return super().getattr(obj, attribute)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and power_bits(left, right) > MAX_POWER_BITS:
            raise jinja2.TemplateRuntimeError(_("the power is too large"))
        if operator == "*" and max(repeated(left, right), repeated(right, left)) > MAX_REPEAT:
            raise jinja2.TemplateRuntimeError(_("the repetition is too long"))
        if operator == "*" and product_bits(left, right) > MAX_POWER_BITS:
            raise jinja2.TemplateRuntimeError(_("the product is too large"))
        if operator == "%" and isinstance(left, str):
            check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: jinja2.runtime.Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """A method of text or bytes that makes its result longer (ljust, zfill, expandtabs, replace, join,
        translate …), checked before it runs, as the filters and operators are."""
        if isinstance(getattr(__obj, "__self__", None), (str, bytes, bytearray)):
            args = checked_method(__obj.__self__, __obj.__name__, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """str.format and format_map, with their widths checked first (a width given as an argument too)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        spec = value.__self__

        def checked(*args: Any, **kwargs: Any) -> str:
            check_widths(FORMAT_WIDTH, spec)
            given = [*args, *kwargs.values(), *(v for a in args if isinstance(a, dict) for v in a.values())]
            if NESTED_WIDTH.search(spec) and any(isinstance(v, int) and v > MAX_REPEAT for v in given):
                raise jinja2.TemplateRuntimeError(_("the formatted text is too long"))
            return wrapped(*args, **kwargs)

        return checked


# printf: %[(name)][flags][width or *][.precision or *]; a `*` takes the width from the values.
PERCENT_WIDTH = re.compile(r"%(?:\([^)]*\))?[-+ #0]*(\*|[0-9]+)?(?:\.(\*|[0-9]+))?")
# str.format: {field:[[fill]align][sign][z][#][0][width][grouping][.precision][type]}; the fill may be a digit.
FORMAT_WIDTH = re.compile(r"\{[^{}:]*:(?:[^{}]?[<>=^])?[-+ ]?z?#?0?([0-9]+)?[,_]?(?:\.([0-9]+))?")
NESTED_WIDTH = re.compile(r"\{[^{}]*:[^{}]*\{")  # {0:>{1}}: the width is an argument


PADDING = ("ljust", "rjust", "center", "zfill")


def checked_method(text: str | bytes | bytearray, name: str, args: tuple[Any, ...],
                   kwargs: dict[str, Any]) -> tuple[Any, ...]:  # fmt: skip
    """The arguments of a method of text, once what it would make is known to be within the caps (an iterable
    given to join is read once here, and given on as a list)."""
    given = [*args, *kwargs.values()]
    if name in PADDING and given and isinstance(given[0], int) and given[0] > MAX_REPEAT:
        raise jinja2.TemplateRuntimeError(_("the padded text is too long"))
    if name == "expandtabs":
        size = given[0] if given and isinstance(given[0], int) else 8
        tab = "\t" if isinstance(text, str) else b"\t"
        if text.count(tab) * size > MAX_REPEAT:  # type: ignore[arg-type]
            raise jinja2.TemplateRuntimeError(_("the expanded text is too long"))
    if name == "replace" and len(given) >= 2:
        old, new = given[0], given[1]
        count = given[2] if len(given) > 2 and isinstance(given[2], int) and given[2] >= 0 else None
        if isinstance(old, type(text)) and isinstance(new, type(text)):
            times = (len(text) + 1 if not old else text.count(old)) if count is None else count  # type: ignore[arg-type]
            if len(text) + times * max(0, len(new) - len(old)) > MAX_OUTPUT:
                raise jinja2.TemplateRuntimeError(_("the replaced text is too long"))
    if name == "join" and args:
        parts = list(args[0])
        if sum(len(p) for p in parts if isinstance(p, (str, bytes, bytearray))) + len(text) * max(0, len(parts) - 1) \
                > MAX_OUTPUT:  # fmt: skip
            raise jinja2.TemplateRuntimeError(_("the joined text is too long"))
        return (parts, *args[1:])
    if name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, (str, bytes))), default=1)
        if len(text) * longest > MAX_OUTPUT:
            raise jinja2.TemplateRuntimeError(_("the translated text is too long"))
    return args


def check_widths(pattern: re.Pattern[str], text: str) -> None:
    """A printf or format width (or precision) that would make the text too long."""
    for match in pattern.finditer(text):
        if any(n and n != "*" and int(n) > MAX_REPEAT for n in match.groups()):
            raise jinja2.TemplateRuntimeError(_("the formatted text is too long"))


def check_percent(text: str, values: Any) -> None:
    """`text % values`: its widths, and those a `*` takes from the values (`"%*s" % (999999999, "a")`)."""
    check_widths(PERCENT_WIDTH, text)
    starred = any("*" in (m.group(1) or "") + (m.group(2) or "") for m in PERCENT_WIDTH.finditer(text))
    given = values if isinstance(values, tuple) else (values,)
    if starred and any(isinstance(v, int) and abs(v) > MAX_REPEAT for v in given):
        raise jinja2.TemplateRuntimeError(_("the formatted text is too long"))


MAX_LIPSUM = 1000  # paragraphs (and words in one) of placeholder text


def limited_lipsum(lipsum: Callable[..., str]) -> Callable[..., str]:
    def checked(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
        if not all(isinstance(v, int) and 0 <= v <= MAX_LIPSUM for v in (n, min, max)):
            raise jinja2.TemplateRuntimeError(
                _("lipsum makes at most {most} paragraphs of {most} words").format(most=MAX_LIPSUM)
            )
        return lipsum(n, html, min, max)

    return checked


def product_bits(left: Any, right: Any) -> int:
    numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
    return left.bit_length() + right.bit_length() if numbers else 0


def limited_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Jinja's filters that lengthen text, refusing a result too long before they build it."""

    def center(value: Any, width: int = 80) -> str:
        if width > MAX_REPEAT:
            raise jinja2.TemplateRuntimeError(_("the centred text is too long"))
        return str(filters["center"](value, width))

    def indent(value: Any, width: Any = 4, *args: Any, **kwargs: Any) -> str:
        if (isinstance(width, int) and width > MAX_REPEAT) or (isinstance(width, str) and len(width) > MAX_REPEAT):
            raise jinja2.TemplateRuntimeError(_("the indent is too long"))
        lines = str(value).count("\n") + 1
        if lines * (width if isinstance(width, int) else len(width)) > MAX_OUTPUT:
            raise jinja2.TemplateRuntimeError(_("the indented text is too long"))
        return str(filters["indent"](value, width, *args, **kwargs))

    def replace(eval_ctx: Any, value: Any, old: str, new: str, count: int | None = None) -> str:
        text = str(value)
        times = (len(text) + 1 if old == "" else text.count(old)) if count is None else count
        if len(text) + times * max(0, len(str(new)) - len(str(old))) > MAX_OUTPUT:
            raise jinja2.TemplateRuntimeError(_("the replaced text is too long"))
        return str(filters["replace"](eval_ctx, value, old, new, count))

    def join(eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value)
        if sum(len(str(i)) for i in items) + len(str(d)) * max(0, len(items) - 1) > MAX_OUTPUT:
            raise jinja2.TemplateRuntimeError(_("the joined text is too long"))
        return str(filters["join"](eval_ctx, items, d, attribute))

    def format_filter(value: str, *args: Any, **kwargs: Any) -> str:
        check_percent(str(value), args or kwargs)
        return str(filters["format"](value, *args, **kwargs))

    def batch(value: Any, linecount: int, fill_with: Any = None) -> Any:
        if fill_with is not None and isinstance(linecount, int) and linecount > MAX_REPEAT:
            raise jinja2.TemplateRuntimeError(_("the batches are too large"))
        return filters["batch"](value, linecount, fill_with)

    def slice_filter(eval_ctx: Any, value: Any, slices: int, fill_with: Any = None) -> Any:
        if isinstance(slices, int) and slices > MAX_REPEAT:
            raise jinja2.TemplateRuntimeError(_("too many slices"))
        return filters["slice"](eval_ctx, value, slices, fill_with)

    def tojson(eval_ctx: Any, value: Any, indent: Any = None) -> Any:
        if (isinstance(indent, int) and indent > MAX_INDENT) or (isinstance(indent, str) and len(indent) > MAX_INDENT):
            raise jinja2.TemplateRuntimeError(_("the indent is too long (at most {most})").format(most=MAX_INDENT))
        return filters["tojson"](eval_ctx, value, indent)

    def wordwrap(environment: Any, value: Any, width: int = 79, break_long_words: bool = True,
                 wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:  # fmt: skip
        text, joint = str(value), str(wrapstring) if wrapstring is not None else "\n"
        lines = len(text) // max(1, width if isinstance(width, int) else 1) + text.count("\n") + 1
        if len(text) + lines * len(joint) > MAX_OUTPUT:
            raise jinja2.TemplateRuntimeError(_("the wrapped text is too long"))
        return str(filters["wordwrap"](environment, value, width, break_long_words, wrapstring, break_on_hyphens))

    replace.jinja_pass_arg = filters["replace"].jinja_pass_arg  # type: ignore[attr-defined]
    join.jinja_pass_arg = filters["join"].jinja_pass_arg  # type: ignore[attr-defined]
    tojson.jinja_pass_arg = filters["tojson"].jinja_pass_arg  # type: ignore[attr-defined]
    slice_filter.jinja_pass_arg = filters["slice"].jinja_pass_arg  # type: ignore[attr-defined]
    wordwrap.jinja_pass_arg = filters["wordwrap"].jinja_pass_arg  # type: ignore[attr-defined]
    return {"center": center, "indent": indent, "replace": replace, "join": join, "format": format_filter,
            "batch": batch, "slice": slice_filter, "tojson": tojson, "wordwrap": wordwrap}  # fmt: skip


def no_field(name: str, fields: dict[str, Any]) -> str:
    import difflib

    keys = [k for k in fields if isinstance(k, str)]
    close = difflib.get_close_matches(name, keys, n=1, cutoff=0.6)
    return _("no field '{name}'; {hint}").format(name=name, hint=field_hint(close, keys))


def field_hint(close: list[str], keys: list[str]) -> str:
    if close:
        return _("did you mean '{name}'?").format(name=close[0])
    return _("it has {names}").format(names=enumeration(keys[:12]) + (" …" if len(keys) > 12 else ""))


def power_bits(base: Any, exponent: Any) -> float:
    """About how many bits base ** exponent takes (0 for what is no number or cannot grow)."""
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (base, exponent))
    return exponent * math.log2(abs(base)) if numbers and abs(base) > 1 and exponent > 0 else 0


def repeated(sequence: Any, times: Any) -> int:
    """How long sequence * times is, for text, bytes, lists and tuples (0 for anything else)."""
    sequences = (str, bytes, bytearray, list, tuple)
    return len(sequence) * times if isinstance(sequence, sequences) and isinstance(times, int) else 0


def environment(root: Path) -> LimitedEnvironment:
    """The ledger's templates/ first, then the packaged defaults."""
    env = LimitedEnvironment(
        loader=jinja2.ChoiceLoader([ContainedLoader(root / "templates", root), ContainedLoader(packaged_templates())]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"],  # {% do list.append(x) %}, {% break %}
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=as_text,
    )
    env.filters.update(zh.FILTERS)
    env.filters.update(limited_filters(dict(env.filters)))
    env.filters["md_cell"] = md_cell
    env.filters["status_parts"] = status_parts
    env.globals["lipsum"] = limited_lipsum(cast(Callable[..., str], env.globals["lipsum"]))
    return env


def template_name(given: str, root: Path) -> str:
    """A template as named on the command line: its name (in <root>/templates/ or a default), or a path to a
    file in <root>/templates/, from the current folder, else from the ledger's. A path names that file or
    none: never a default, nor another file of the same name.
    """
    parts = given.replace("\\", "/").split("/")
    if len(parts) == 1:
        return given  # a name, the loader's to find (inside templates/ only)
    folder = (root / "templates").resolve()
    refused = LedgerError(
        _(
            "--template {given}: give a template's name, for one in {folder} or a default (notice.md.j2); "
            "to use another file, put it in that folder"
        ).format(given=given, folder=folder)
    )
    for path in (Path(given), root / given):
        if os.path.lexists(path):
            place = path.parent.resolve() / path.name  # the file itself may be a link: the loader judges it
            if not place.is_relative_to(folder) or not path.name.endswith(".j2"):
                raise refused
            return place.relative_to(folder).as_posix()
    if not os.path.isabs(given) and ".." not in parts and os.path.lexists(root / "templates" / given):
        return given  # a path inside templates/ (a subfolder's template)
    if Path(given).parent.resolve() == folder or (root / given).parent.resolve() == folder:
        raise LedgerError(_("--template {given}: no such template in {folder}").format(given=given, folder=folder))
    raise refused


def run(env: jinja2.Environment, name: str, context: dict[str, Any], root: Path) -> str:
    """Render `name`; every failure of the template becomes one LedgerError naming the template and line."""
    name = template_name(name, root)
    try:
        with time_limit(TIME_LIMIT) as expired, memory_limit(MEMORY_LIMIT):
            template = env.get_template(name)
            running = template.generate(context)
            try:
                return written(bounded_render(running), name)
            except KeyboardInterrupt as e:
                if not expired():
                    raise
                place = where(e, name, env, running)
                raise LedgerError(
                    _("{place}: took longer than {TIME_LIMIT} s").format(
                        place=place, TIME_LIMIT=format(TIME_LIMIT, "g")
                    )
                ) from None
    except jinja2.TemplateSyntaxError as e:
        from ledger.report.jinjawords import said

        raise LedgerError(
            _("template {value}, line {lineno}: {message}").format(
                value=e.name or name, lineno=e.lineno, message=said(e.message or "")
            )
        ) from None
    except jinja2.TemplateNotFound as e:
        known = enumeration(sorted(set(env.list_templates())))
        raise LedgerError(
            _("no template '{name}' in {value} or among the defaults ({known})").format(
                name=e.name, value=root / "templates", known=known
            )
        ) from None
    except TemplateUnreadable as e:
        raise LedgerError(str(e)) from None
    except jinja2.exceptions.SecurityError as e:
        raise LedgerError(_("{where}: not allowed: {e}").format(where=where(e, name), e=in_words(e))) from None
    except RecursionError as e:
        raise LedgerError(
            _("{where}: recursion too deep (a macro or include that calls itself?)").format(where=where(e, name))
        ) from None
    except MemoryError as e:
        raise LedgerError(_("{where}: out of memory").format(where=where(e, name))) from None
    except jinja2.UndefinedError as e:
        raise LedgerError(
            _("{where}: {undefined_message}").format(
                where=where(e, name), undefined_message=undefined_message(e, context)
            )
        ) from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError, LookupError) as e:
        raise LedgerError(_("{where}: {shortened}").format(where=where(e, name), shortened=in_words(e))) from None
    except LedgerError:
        raise
    except Exception as e:  # a filter or method misused in ways Jinja does not foresee: still the template's
        raise LedgerError(
            _("{where}: {name}: {shortened}").format(where=where(e, name), name=type(e).__name__, shortened=in_words(e))
        ) from None


def in_words(error: Exception) -> str:
    """What went wrong while the template ran: Python's and Jinja's English as it is in English, said in the
    interface language otherwise (by the exception's class); the messages of ledger's own checks and filters
    are the catalog's already."""
    if isinstance(error, zh.FilterError) or language() == "en":
        return shortened(error)
    from ledger.report.jinjawords import runtime_said

    return runtime_said(error, shortened(error))


def shortened(error: Exception, most: int = 300) -> str:
    said = str(error)
    return said if len(said) <= most else said[:most] + " …"


LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def written(text: str, name: str) -> str:
    """The template's output, refused if the template wrote a control character (a value cannot) or half
    of a UTF-16 pair (no file in UTF-8 can hold it)."""
    found = control_in(text, prose=True) or LONE_SURROGATE.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        what = _("half of a UTF-16 pair") if LONE_SURROGATE.match(found.group()) else _("the control character")
        number = f"{ord(found.group()):04X}"
        raise LedgerError(
            _("template {name} wrote {what} U+{number} (line {line} of its output); no notice can hold it").format(
                name=name, what=what, number=number, line=line
            )
        )
    return text


def undefined_message(error: jinja2.UndefinedError, context: dict[str, Any]) -> str:
    """'itmes' is undefined, with the nearest name the template receives."""
    import difflib

    match = re.fullmatch(r"'([^']+)' is undefined", str(error))
    if not match:
        return in_words(error)
    keys = [k for k in context if isinstance(k, str)]
    close = difflib.get_close_matches(match.group(1), keys, n=1, cutoff=0.6)
    return _("'{name}' is undefined; {hint}").format(name=match.group(1), hint=field_hint(close, keys))


def bounded_render(running: Iterator[str]) -> str:
    chunks, size = [], 0
    for chunk in running:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise jinja2.TemplateRuntimeError(_("the output is over {most} characters").format(most=f"{MAX_OUTPUT:,}"))
        chunks.append(chunk)
    return "".join(chunks)


@contextmanager
def converting(template: str, to: str) -> Iterator[None]:
    """Turning a template's rendered text into Word or HTML, under the limits its rendering had: a text
    within the rendering's caps may still be too much to convert; it ends in a message naming the template."""
    try:
        with time_limit(CONVERT_TIME_LIMIT) as expired, memory_limit(CONVERT_MEMORY_LIMIT):
            try:
                yield
            except KeyboardInterrupt:
                if not expired():
                    raise
                raise LedgerError(
                    _("template {name}: its text took longer than {limit} s to turn into {to}; make it shorter").format(
                        name=template, limit=format(CONVERT_TIME_LIMIT, "g"), to=to
                    )  # fmt: skip
                ) from None
    except MemoryError:
        raise LedgerError(
            _("template {name}: its text is too large to turn into {to} (out of memory); make it shorter").format(
                name=template, to=to
            )
        ) from None


@contextmanager
def memory_limit(extra: int) -> Iterator[None]:
    """Let the process grow by at most `extra` bytes meanwhile: a template that builds too much meets
    MemoryError (a message) rather than the system's out-of-memory killer. POSIX only; elsewhere a no-op."""
    try:
        import resource

        with open("/proc/self/statm") as f:
            size = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = size + extra if hard == resource.RLIM_INFINITY else min(size + extra, hard)
        if soft != resource.RLIM_INFINITY and soft <= wanted:
            wanted = soft
        resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    except (ImportError, OSError, ValueError):
        yield
        return
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class time_limit:  # noqa: N801 - used as a context manager
    """Interrupt the main thread after `seconds`; entering gives a function telling whether that happened."""

    def __init__(self, seconds: float) -> None:
        self.seconds, self.fired, self.running = seconds, False, True
        self.lock = threading.Lock()

    def __enter__(self) -> Callable[[], bool]:
        self.timer = threading.Timer(self.seconds, self.fire)
        self.timer.daemon = True
        self.timer.start()
        return lambda: self.fired

    def fire(self) -> None:
        with self.lock:
            if self.running:
                self.fired = True
                _thread.interrupt_main()

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.running = False
        self.timer.cancel()


def where(error: BaseException, template: str, compiled: jinja2.Environment | None = None, running: Any = None) -> str:
    """`template NAME, line N` from the frames Jinja maps back to template lines.

    An interruption is no error Jinja rewrites: its frames are those of the compiled template,
    whose lines `compiled` (the environment) maps back. When it came between two pieces of
    output, the template's frames are those of the suspended `running` generator.
    """
    frames = [(f.filename, f.lineno) for f in traceback.extract_tb(error.__traceback__)]
    while running is not None and getattr(running, "gi_frame", None) is not None:  # `yield from` down the chain
        frames.append((running.gi_frame.f_code.co_filename, running.gi_frame.f_lineno))
        running = running.gi_yieldfrom
    for filename, line in reversed(frames):
        if filename.endswith(".j2") or "/templates/" in filename:
            name = Path(filename).name
            if compiled is not None and line is not None:
                line = compiled.get_template(name).get_corresponding_lineno(line)
            return _("template {name}, line {line}").format(name=name, line=line)
    return _("template {template}").format(template=template)
