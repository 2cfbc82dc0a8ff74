"""The templates a ledger has: its own in templates/, then the package's defaults; copying a default to customise."""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import N_, _, enumeration
from ledger.core.model import Record
from ledger.core.source import read_regular, within
from ledger.report.sandbox import MAX_TEMPLATE_BYTES, ContainedLoader, packaged_templates


class TemplateFile(Record):
    __slots__ = ("name", "origin", "about", "overrides")
    name: str
    origin: str  # "ledger" (its templates/) or "package" (the defaults)
    about: str  # the first line of its opening comment
    overrides: bool  # a ledger's template with the name of a default

    def __init__(self, name: str, origin: str, about: str, overrides: bool = False) -> None:
        self.name, self.origin, self.about, self.overrides = name, origin, about, overrides


def template_files(root: Path | None) -> list[TemplateFile]:
    """The templates `report --template` finds: the ledger's own first, then the package's defaults."""
    packaged = ContainedLoader(packaged_templates()).list_templates()
    found = []
    own_folder = root is not None and os.path.isdir(root / "templates") and within(root, root / "templates")
    if (
        root is not None
        and own_folder
        and os.path.realpath(root / "templates") != os.path.realpath(packaged_templates())
    ):
        for name in ContainedLoader(root / "templates", root).list_templates():
            found.append(TemplateFile(name, "ledger", about(root / "templates" / name), name in packaged))
    own = {t.name for t in found}
    found += [TemplateFile(n, "package", about(packaged_templates() / n)) for n in packaged if n not in own]
    return found


# What the packaged templates are, as their opening comments say it: said in the interface language.
PACKAGED_ABOUT = (
    N_("The rectification ledger (整改台账) as one Markdown table, every item in notice order, public or not."),
    N_("The public notice with the feedback's categories as its sections (类别直出, layout B)."),
    N_("The public notice (整改进展情况的通报), in the genre of the published ones."),
    N_("A round's notice: the round's figures, then a paragraph per unit."),
    N_("督办通知 (催办单): one department's late and nearly late items, with a date to reply by."),
)


# The first sentence of a packaged template's comment written in Chinese -> what it is, as the catalog says it.
ABOUT_BY_COMMENT = {"督办通知（催办单）：一个部门已逾期和即将逾期的事项，附回复期限。": PACKAGED_ABOUT[4]}


def about(path: Path) -> str:
    """What a template is, from the first line of its opening {# comment #}."""
    try:
        text, _info = read_regular(path, 4096)
    except OSError:
        return ""
    match = re.match(r"\{#-?\s*(.*?)-?#\}", text.decode("utf-8", "replace"), re.S)
    if not match:
        return ""
    words = " ".join(match.group(1).split())
    if "。" in words.split(". ")[0]:  # a comment in Chinese: its first sentence ends at 。
        first = words.split("。")[0] + "。"
        return _(ABOUT_BY_COMMENT[first]) if first in ABOUT_BY_COMMENT else first
    first = words.split(". ")[0].rstrip(".") + "."
    return _(first) if first in PACKAGED_ABOUT else first


def copy_template(root: Path, name: str) -> Path:
    """A packaged default put in the ledger's templates/ to customise; an existing file is never replaced."""
    from ledger.core.files import write_new

    packaged = ContainedLoader(packaged_templates()).list_templates()
    if name not in packaged:
        raise LedgerError(
            _("no default template '{name}'; the defaults are {names}").format(name=name, names=enumeration(packaged))
        )
    folder = root / "templates"
    if os.path.lexists(folder) and not (os.path.isdir(folder) and within(root, folder)):
        raise LedgerError(_("{folder} is not a folder inside the ledger").format(folder=folder))
    target = folder / name
    if os.path.lexists(target):
        raise LedgerError(
            _("{file} exists; copy never replaces a template (rename or remove yours first)").format(file=target)
        )
    made = not os.path.lexists(folder)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as e:
        raise LedgerError(_("cannot make {folder}: {reason}").format(folder=folder, reason=os_reason(e))) from None
    data, _info = read_regular(packaged_templates() / name, MAX_TEMPLATE_BYTES)
    try:
        write_new(target, data)
    except LedgerError:
        if made:  # no empty templates/ left behind
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return target
