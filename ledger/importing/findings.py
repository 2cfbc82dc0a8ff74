"""What an import inferred, could not use, or wants said: each with its place and the value it saw."""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.core.i18n import _

INFERRED, UNUSED, NOTE = "inferred", "unused", "note"


@dataclass(frozen=True)
class Finding:
    kind: str  # INFERRED, UNUSED or NOTE
    place: str  # 台账.xlsx 3月!H12, or 通报.txt paragraph 12
    value: str  # the text as found ("" when there is none to show)
    message: str

    def line(self) -> str:
        """One line for stderr: `台账.xlsx 3月!H12: inferred: 「6月30日」 read as 2026-06-30 …`."""
        shown = f" 「{short(self.value)}」" if self.value else ""
        return f"{self.place}: {KIND_WORDS[self.kind]()}:{shown} {self.message}"


KIND_WORDS = {INFERRED: lambda: _("inferred"), UNUSED: lambda: _("not used"), NOTE: lambda: _("remark")}


def short(text: str, limit: int = 60) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass
class Findings:
    items: list[Finding] = field(default_factory=list)

    def inferred(self, place: str, value: object, message: str) -> None:
        self.items.append(Finding(INFERRED, place, "" if value is None else str(value), message))

    def unused(self, place: str, value: object, message: str) -> None:
        self.items.append(Finding(UNUSED, place, "" if value is None else str(value), message))

    def note(self, place: str, value: object, message: str) -> None:
        self.items.append(Finding(NOTE, place, "" if value is None else str(value), message))

    def of(self, kind: str) -> list[Finding]:
        return [f for f in self.items if f.kind == kind]

    def markdown(self, source: str, summary: list[str]) -> str:
        """import-report.md: what was read, then every inference, every value not used and every note."""
        heading = _("Import of {source}").format(source=md(source))
        lines = ["# " + heading, ""]
        lines += [f"- {md(s)}" for s in summary] + [""]
        sections = ((INFERRED, _("Inferred")), (UNUSED, _("Not used")), (NOTE, _("Notes")))
        for kind, heading in sections:
            found = self.of(kind)
            lines += [f"## {heading} ({len(found)})", ""]
            if not found:
                lines += [_("Nothing."), ""]
                continue
            lines += ["| " + " | ".join((_("place"), _("value"), _("what was done"))) + " |", "|---|---|---|"]
            lines += [f"| {md(f.place)} | {md(short(f.value, 80))} | {md(f.message)} |" for f in found]
            lines.append("")
        return "\n".join(lines)


def md(text: str) -> str:
    """Text in a Markdown table cell: | and line breaks cannot break the row, markup stays text."""
    flat = " ".join(str(text).split())
    return "".join("\\" + c if c in "\\|*_`[]<>#" else c for c in flat)
