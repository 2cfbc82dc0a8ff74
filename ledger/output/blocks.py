"""The rendered Markdown read back as blocks — title, headings, paragraphs, tables, signature — for Word and HTML.

One template renders Markdown; the Word document and the web page are built from these
blocks, so a customised template carries over to every format. The roles follow the
genre: the first `#` heading is the title, `##` the 一、 level, `###` the （一） level,
deeper headings the 1. level; a paragraph that opens with （一）…。 has that sentence as
a run-in heading. The signature is the paragraph after a `<!-- signature -->` line, or,
without one, the closing pair of the genre: a last paragraph that is only a date
(2026年1月21日) and the short paragraph before it (the issuer).
"""

from __future__ import annotations

import re
from typing import Any

from ledger.core.model import Record
from ledger.core.zh import wide

RUN_IN = re.compile(r"（[一二三四五六七八九十]+）[^。！？]*[。！？]")  # （一）提高政治站位，强化政治引领。
DATE_LINE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
SIGNATURE_MARK = re.compile(r"<!--\s*(signature|落款)\s*-->")
# Not in XML 1.0 (so not in Word), or a C1 control: what a character reference can still bring in.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
MAX_ISSUER = 40  # characters: a longer closing paragraph is body text, not a signature


class Run(Record):
    """Text with one look: bold, italic, code, or a link's target; a line break is the text '\\n'."""

    __slots__ = ("text", "bold", "italic", "code", "link")
    text: str
    bold: bool
    italic: bool
    code: bool
    link: str | None

    def __init__(self, text: str, bold: bool = False, italic: bool = False, code: bool = False,
                 link: str | None = None) -> None:  # fmt: skip
        self.text, self.bold, self.italic, self.code, self.link = text, bold, italic, code, link


class Block(Record):
    """kind: title, heading (level 1-3), addressee, paragraph, signature, date, or table (rows of cells of runs)."""

    __slots__ = ("kind", "level", "runs", "rows", "run_in")
    kind: str
    level: int
    runs: list[Run]
    rows: list[list[list[Run]]]
    run_in: int  # characters of a paragraph's opening run-in heading, 0 for none

    def __init__(self, kind: str, runs: list[Run] | None = None, level: int = 0,
                 rows: list[list[list[Run]]] | None = None, run_in: int = 0) -> None:  # fmt: skip
        self.kind, self.runs, self.level, self.rows, self.run_in = kind, runs or [], level, rows or [], run_in

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def read_markdown(text: str) -> list[Block]:
    """Blocks of the Markdown, in order, with the genre's roles given to them."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    marked = False
    list_numbers: list[int | None] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            level = int(token.tag[1])
            kind = "title" if level == 1 and not any(b.kind == "title" for b in blocks) else "heading"
            blocks.append(Block(kind, inline_runs(tokens[i + 1]), level=min(max(level - 1, 1), 3)))
        elif token.type == "paragraph_open":
            runs = inline_runs(tokens[i + 1])
            if list_numbers:
                number = list_numbers[-1]
                runs.insert(0, Run("• " if number is None else f"{number}. "))
                if number is not None:
                    list_numbers[-1] = number + 1
            blocks.append(Block("signature" if marked else "paragraph", runs))
            marked = False
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            list_numbers.append(int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            list_numbers.pop()
        elif token.type in ("fence", "code_block"):
            blocks += [Block("paragraph", [Run(line, code=True)]) for line in token.content.splitlines()]
        elif token.type == "html_block" and SIGNATURE_MARK.search(token.content):
            marked = True
        elif token.type == "table_open":
            end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
            blocks.append(Block("table", rows=table_rows(tokens[i:end])))
            i = end
        i += 1
    return with_roles(blocks)


def table_rows(tokens: list[Any]) -> list[list[list[Run]]]:
    rows: list[list[list[Run]]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type == "inline":
            rows[-1].append(inline_runs(token))
    return rows


def inline_runs(inline: Any) -> list[Run]:
    """The runs of an inline token: text with its emphasis; HTML written in the text is dropped."""
    runs: list[Run] = []
    bold = italic = 0
    link: list[str] = []
    children = inline.children or []
    for n, child in enumerate(children):
        kind = child.type
        if kind in ("text", "code_inline"):
            runs.append(Run(child.content, bold > 0, italic > 0, kind == "code_inline", link[-1] if link else None))
        elif kind == "softbreak":
            before = runs[-1].text[-1:] if runs else ""
            after = children[n + 1].content[:1] if n + 1 < len(children) else ""
            runs.append(Run("" if wide(before) or wide(after) else " "))
        elif kind == "hardbreak":
            runs.append(Run("\n"))
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            link.append(child.attrGet("href") or "")
        elif kind == "link_close" and link:
            link.pop()
        elif kind == "image":
            runs.append(Run(child.content))
    for run in runs:  # a character reference such as &#12; names what no document can hold
        run.text = UNWRITABLE.sub("\ufffd", run.text)
    return [r for r in runs if r.text]


def with_roles(blocks: list[Block]) -> list[Block]:
    """Run-in headings; the addressee (主送机关) right after the title; the genre's signature and date at the end."""
    if len(blocks) > 1 and blocks[0].kind == "title" and blocks[1].kind == "paragraph":
        text = blocks[1].text.strip()  # 办公室： — GB/T 9704 7.3.2: flush left, on its own line
        if text.endswith("：") and len(text) <= MAX_ISSUER and "。" not in text:
            blocks[1].kind = "addressee"
    for block in blocks:
        if block.kind == "paragraph":
            match = RUN_IN.match(block.text)
            block.run_in = len(match.group()) if match and len(match.group()) < len(block.text) else 0
    for before, block in zip(blocks, blocks[1:], strict=False):  # a marked signature: the date line after it
        if before.kind == "signature" and block.kind == "paragraph" and DATE_LINE.fullmatch(block.text.strip()):
            block.kind = "date"
    last = blocks[-1] if blocks else None
    if (
        last
        and last.kind == "paragraph"
        and DATE_LINE.fullmatch(last.text.strip())
        and not any(b.kind == "signature" for b in blocks)
    ):
        last.kind = "date"
        if len(blocks) > 1 and blocks[-2].kind == "paragraph" and len(blocks[-2].text) <= MAX_ISSUER:
            blocks[-2].kind = "signature"
    return blocks


def signature_lefts(
    issuer: str, date_text: str, line: float, wide_width: float, narrow_width: float, gap: float = 0
) -> tuple[float, float, float, float]:
    """Where the issuer and the date lines start on a line `line` wide, by GB/T 9704-2012 7.3.5.2.

    The issuer ends two characters before the right edge and the date starts two characters
    right of the issuer's first character; if the date would then run past the issuer's end,
    the date ends two characters before the edge and the issuer starts two characters left
    of it. Widths: full-width characters `wide_width`, half-width digits and Latin `narrow_width`, and `gap`
    where the two meet (Word and LibreOffice space 2026年 apart by a quarter character; browsers do not).
    """

    def width(text: str) -> float:
        meets = sum(wide(a) != wide(b) for a, b in zip(text, text[1:], strict=False))
        return sum(wide_width if wide(c) else narrow_width for c in text) + meets * gap

    two = 2 * wide_width
    issuer_left = line - two - width(issuer)
    date_left = issuer_left + two
    if date_left + width(date_text) > line - two:
        date_left = line - two - width(date_text)
        issuer_left = date_left - two
    return issuer_left, date_left, width(issuer), width(date_text)
