"""Render the ledger through Jinja templates in a sandbox: the notice and the 台账."""

from __future__ import annotations

import traceback
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ledger import zh
from ledger.check import refuse_invalid
from ledger.errors import LedgerError
from ledger.model import Item, Ledger
from ledger.output.records import item_view
from ledger.stats import statistics

DEFAULT_TEMPLATE = "notice.md.j2"

# Every documented key of ledger.yaml is in the template context, None or empty where the
# file leaves it out, so templates can test `{% if ledger.contact.phone %}` under StrictUndefined.
LEDGER_DEFAULTS: dict[str, Any] = {
    "schema": 1,
    "title": None,
    "issuer": None,
    "subject": None,
    "inspection": {"deployer": None, "group": None, "start": None, "end": None, "feedback": None},
    "categories": [],
    "organization": [],
    "next_steps": {"intro": None, "points": []},
    "publication": {"date": None, "until": None},
    "contact": {"phone": None, "mail": None, "postcode": None, "email": None},
    "notice": {"statistics": False, "item_status": False, "numbering": "continuous"},
    "status_labels": {},
    "close_requires": [],
}


def packaged_templates() -> Path:
    """The default templates: inside the installed package, else the source tree's templates/."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


class ContainedLoader(jinja2.FileSystemLoader):
    """Templates from inside their folder only: a symbolic link out of it is refused."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        folder = Path(self.searchpath[0]).resolve()
        if not Path(filename).resolve().is_relative_to(folder):
            raise jinja2.exceptions.SecurityError(f"{template} is a link to a file outside {folder}")
        return source, filename, uptodate


def environment(root: Path) -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.ChoiceLoader([ContainedLoader(root / "templates"), ContainedLoader(packaged_templates())]),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(zh.FILTERS)
    env.filters["md_cell"] = md_cell
    return env


def md_cell(value: object) -> str:
    """Text safe inside a Markdown table cell."""
    return "" if value is None else str(value).replace("|", "\\|").replace("\n", " ")


def ledger_data(ledger: Ledger) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for key, default in LEDGER_DEFAULTS.items():
        value = ledger.config.data.get(key)
        data[key] = {**default, **(value or {})} if isinstance(default, dict) else (default if value is None else value)
    return data


def template_item(item: Item, ledger: Ledger, as_of: date, seq: int | None) -> dict[str, Any]:
    category = ledger.config.category(item.category)
    return {
        **item_view(item, ledger.config, as_of),
        "seq": seq,
        "category_title": category.title if category else item.category,
    }


def context(ledger: Ledger, as_of: date) -> dict[str, Any]:
    data = ledger_data(ledger)
    per_category = data["notice"]["numbering"] == "per_category"
    seq, last_category = 0, None
    items = []
    for item in ledger.items:  # already in notice order
        if per_category and item.category != last_category:
            seq, last_category = 0, item.category
        if item.public:
            seq += 1
        items.append(template_item(item, ledger, as_of, seq if item.public else None))
    categories = [
        {
            "key": c.key,
            "title": c.title,
            "items": [i for i in items if i["category"] == c.key],
            "public_items": [i for i in items if i["category"] == c.key and i["public"]],
        }
        for c in ledger.config.categories
    ]
    return {
        "ledger": data,
        "categories": categories,
        "items": items,
        "stats": statistics(ledger, as_of),
        "as_of": as_of,
    }


def render(ledger: Ledger, as_of: date, template: str = DEFAULT_TEMPLATE) -> str:
    """The rendered text; every template failure becomes one LedgerError naming template and line."""
    refuse_invalid(ledger, "reporting")
    env = environment(ledger.root)
    try:
        text = env.get_template(template).render(context(ledger, as_of))
    except jinja2.TemplateSyntaxError as e:
        raise LedgerError(f"template {e.name or template}, line {e.lineno}: {e.message}") from None
    except jinja2.TemplateNotFound as e:
        raise LedgerError(
            f"no template {e.name!r} in {ledger.root / 'templates'} or among the defaults "
            f"({', '.join(sorted(env.list_templates(filter_func=lambda n: n.endswith('.j2'))))})"
        ) from None
    except jinja2.exceptions.SecurityError as e:
        raise LedgerError(f"{where(e, template)}: not allowed: {e}") from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError, LookupError) as e:
        raise LedgerError(f"{where(e, template)}: {e}") from None
    return text.rstrip("\n") + "\n"


def where(error: BaseException, template: str) -> str:
    """`template NAME, line N` from the frames Jinja maps back to template lines."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2") or "/templates/" in frame.filename:
            return f"template {Path(frame.filename).name}, line {frame.lineno}"
    return f"template {template}"
