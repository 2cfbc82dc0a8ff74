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
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from ledger import zh
from ledger.errors import LedgerError
from ledger.source import read_regular, within

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_POWER_BITS = 100_000  # a result of 30,000 digits is no number a notice prints
MAX_REPEAT = 1_000_000  # characters or entries made by `*`
MAX_OUTPUT = 100_000_000  # characters rendered
TIME_LIMIT = 120.0  # seconds for one rendering; a 50,000-item notice takes a few


class TemplateUnreadable(jinja2.TemplateError):
    """A template that exists but may not be read: not a regular file, too large, not UTF-8."""


def packaged_templates() -> Path:
    """The default templates: inside the installed package, else the source tree's templates/."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


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
            raise jinja2.exceptions.SecurityError(f"{self.folder.name}/ is a link to a folder outside the ledger")
        path = os.path.join(self.folder, *split_template_path(template))  # refuses '..'
        if not os.path.lexists(path):
            raise jinja2.TemplateNotFound(template)
        if not within(self.folder, path):
            raise jinja2.exceptions.SecurityError(f"{template} is a link to a file outside {self.folder}")
        try:
            data, _ = read_regular(path, MAX_TEMPLATE_BYTES)
        except OSError as e:
            raise TemplateUnreadable(f"template {template}: {e.strerror or e}") from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise TemplateUnreadable(f"template {template}: over 1 MiB, the most a template may be")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise TemplateUnreadable(f"template {template}: not UTF-8; re-save it as UTF-8") from None
        return text, path, lambda: False

    def list_templates(self) -> list[str]:
        try:
            names = os.listdir(self.folder)
        except OSError:
            return []
        return sorted(n for n in names if n.endswith(".j2") and os.path.isfile(os.path.join(self.folder, n)))


class LimitedEnvironment(SandboxedEnvironment):
    """The sandbox, with `**` and `*` checked before they build a number or text too large to hold."""

    intercepted_binops = frozenset(["**", "*"])

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and power_bits(left, right) > MAX_POWER_BITS:
            raise jinja2.TemplateRuntimeError("the power is too large")
        if operator == "*" and max(repeated(left, right), repeated(right, left)) > MAX_REPEAT:
            raise jinja2.TemplateRuntimeError("the repetition is too long")
        return super().call_binop(context, operator, left, right)


def power_bits(base: Any, exponent: Any) -> float:
    """About how many bits base ** exponent takes (0 for what is no number or cannot grow)."""
    numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (base, exponent))
    return exponent * math.log2(abs(base)) if numbers and abs(base) > 1 and exponent > 0 else 0


def repeated(sequence: Any, times: Any) -> int:
    """How long sequence * times is, for text, lists and tuples (0 for anything else)."""
    return len(sequence) * times if isinstance(sequence, (str, list, tuple)) and isinstance(times, int) else 0


LINE_BREAKS = re.compile("[ \t]*(?:(?:\r\n|[\n\r\v\f\x85\u2028\u2029])[ \t]*)+")
INLINE_MARKUP = re.compile(r"[\\`*\[\]<]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|&(?=#?[0-9A-Za-z]+;)")
LINE_START = re.compile(r"[#>+=-]|[0-9]+[.)](?=\s|$)")


class Markdown(str):
    """Text that is Markdown already (a filter made it so): written into the template's output as it is."""


def as_text(value: object) -> object:
    """What `{{ value }}` writes: a value from the files is data, so Markdown's syntax in it is escaped.

    A `*`, `[`, `<` or `` ` `` in a title stays a character in every format instead of
    making emphasis, a link or HTML; a line break inside a value joins its lines (without
    a space between Chinese characters), so no value can start a heading or a new paragraph.
    """
    if not isinstance(value, str) or isinstance(value, Markdown):
        return value
    text = LINE_BREAKS.sub(joiner, value)
    text = INLINE_MARKUP.sub(lambda m: "\\" + m.group(), text)
    return LINE_START.sub(lambda m: "\\" + m.group(), text, count=1) if LINE_START.match(text) else text


def joiner(match: re.Match) -> str:
    from ledger.output.blocks import wide

    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1 : start], text[end : end + 1]
    return "" if wide(before) or wide(after) or not before or not after else " "


def md_cell(value: object) -> Markdown:
    """Text safe inside a Markdown table cell: escaped as any value, `|` too, every line break a space."""
    text = "" if value is None else as_text(value if isinstance(value, str) else str(value))
    return Markdown(LINE_BREAKS.sub(" ", str(text)).replace("|", "\\|"))


def environment(root: Path) -> LimitedEnvironment:
    """The ledger's templates/ first, then the packaged defaults."""
    env = LimitedEnvironment(
        loader=jinja2.ChoiceLoader([ContainedLoader(root / "templates", root), ContainedLoader(packaged_templates())]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=as_text,
    )
    env.filters.update(zh.FILTERS)
    env.filters["md_cell"] = md_cell
    return env


def run(env: jinja2.Environment, name: str, context: dict[str, Any], root: Path) -> str:
    """Render `name`; every failure of the template becomes one LedgerError naming the template and line."""
    try:
        with time_limit(TIME_LIMIT) as expired:
            template = env.get_template(name)
            running = template.generate(context)
            try:
                return bounded_render(running)
            except KeyboardInterrupt as e:
                if not expired():
                    raise
                place = where(e, name, env, running)
                raise LedgerError(f"{place}: took longer than {TIME_LIMIT:g} s") from None
    except jinja2.TemplateSyntaxError as e:
        raise LedgerError(f"template {e.name or name}, line {e.lineno}: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        known = ", ".join(sorted(set(env.list_templates())))
        raise LedgerError(f"no template {e.name!r} in {root / 'templates'} or among the defaults ({known})") from None
    except TemplateUnreadable as e:
        raise LedgerError(str(e)) from None
    except jinja2.exceptions.SecurityError as e:
        raise LedgerError(f"{where(e, name)}: not allowed: {e}") from None
    except RecursionError as e:
        raise LedgerError(f"{where(e, name)}: recursion too deep (a macro or include that calls itself?)") from None
    except MemoryError as e:
        raise LedgerError(f"{where(e, name)}: out of memory") from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError, LookupError) as e:
        raise LedgerError(f"{where(e, name)}: {e}") from None


def bounded_render(running: Iterator[str]) -> str:
    chunks, size = [], 0
    for chunk in running:
        size += len(chunk)
        if size > MAX_OUTPUT:
            raise jinja2.TemplateRuntimeError(f"the output is over {MAX_OUTPUT:,} characters")
        chunks.append(chunk)
    return "".join(chunks)


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


def where(error: BaseException, template: str, compiled: jinja2.Environment | None = None, running=None) -> str:
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
            if compiled is not None:
                line = compiled.get_template(name).get_corresponding_lineno(line)
            return f"template {name}, line {line}"
    return f"template {template}"
