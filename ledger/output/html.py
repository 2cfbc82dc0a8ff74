"""The notice as a web page, in the manner of a government site's notice page, or as an article to paste.

One self-contained file (inline CSS, no external references): centred title, paragraphs
indented 2em, the signature and date placed as on paper, `@page` CSS for printing on A4.
Every piece of text is HTML-escaped; links appear only where the template writes them. A table
cell that holds a warning light's word alone (红灯, 黄灯, 绿灯: the 台账's 督办灯) is shown in its
light's colour, by a class (or inline style) chosen from a fixed table by that word: data never
reaches a class name or a style.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlparse

from ledger.core.model import LIGHT_WORDS
from ledger.output import LIGHT_LOOKS
from ledger.output.blocks import Block, Run, read_markdown, signature_lefts

BODY = '"仿宋_GB2312", "仿宋", FangSong, STFangsong, "Noto Serif CJK SC", serif'
STYLES = {
    "article": f"max-width: 46em; margin: 0 auto; font-family: {BODY}; font-size: 16pt; line-height: 1.8; "
    "color: #222; text-align: justify",
    "h1": 'font-family: "方正小标宋简体", "小标宋", "Noto Serif CJK SC", SimSun, serif; font-size: 22pt; '
    "font-weight: normal; text-align: center; line-height: 1.5; margin: 0 0 1.8em",
    "h2": 'font-family: "黑体", SimHei, "Noto Sans CJK SC", sans-serif; font-size: 16pt; font-weight: normal; '
    "text-indent: 2em; margin: 0",
    "h3": 'font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif; font-size: 16pt; font-weight: normal; '
    "text-indent: 2em; margin: 0",
    "h4": "font-size: 16pt; font-weight: normal; text-indent: 2em; margin: 0",
    "p": "text-indent: 2em; margin: 0",
    "title-line": "display: inline-block",  # the title's lines break where Word's do, where the width allows
    "run-in": 'font-family: "楷体_GB2312", "楷体", KaiTi, STKaiti, serif',
    "signature": "text-indent: 0; text-align: right; margin: 1.8em 0 0",
    "date": "text-indent: 0; text-align: right; margin: 0",
    "table": "border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.5; margin: 1em 0",
    "cell": "border: 1px solid #333; padding: 0.2em 0.4em; text-indent: 0; vertical-align: top",
}
# A light's cell: its fill and text colour, printed too; keyed by the word a cell holds.
LIGHT_CLASSES = {word: f"light-{light.value}" for light, word in LIGHT_WORDS.items()}
STYLES.update(
    (f"light-{light.value}", f"background: {fill}; color: {text}; text-align: center; print-color-adjust: exact; "
     "-webkit-print-color-adjust: exact")
    for light, (fill, text) in LIGHT_LOOKS.items()
)  # fmt: skip
PAGE_CSS = """\
body { margin: 0; background: #f3f3f3; }
main { background: #fff; max-width: 52em; margin: 2em auto; padding: 3em 3em 4em; box-shadow: 0 0 4px #ccc; }
@page { size: A4 %s; margin: 37mm 26mm 35mm 28mm; }
@media print {
  body { background: none; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
}
"""


def page(report: Any) -> str:
    from ledger.output.notice import rendered
    from ledger.report.sandbox import converting

    text = rendered(report)
    with converting(report.template, "HTML"):
        return page_of(report, text)


def page_of(report: Any, text: str) -> str:
    blocks = read_markdown(text)
    configured = (report.settings().get("docx") or {}).get("title_lines")
    article = Article(blocks, inline=report.fragment, title_lines=configured).html()
    if report.fragment:
        return article
    title = next((b.text for b in blocks if b.kind == "title"), "") or report.settings().get("title", "")
    wide = any(b.kind == "table" for b in blocks)
    css = PAGE_CSS % ("landscape" if wide else "portrait")
    if wide:  # room for the article's full 46em of 16 pt (a table's columns), as on landscape paper
        css += "main { max-width: 68em; }\n"
    selectors = {"article": "article.notice", "run-in": "article.notice .run-in",
                 "signature": "article.notice p.signature", "date": "article.notice p.date",
                 "title-line": "article.notice .title-line",
                 "cell": "article.notice th, article.notice td",
                 **{name: f"article.notice td.{name}" for name in LIGHT_CLASSES.values()}}  # fmt: skip
    css += "".join(f"{selectors.get(name, 'article.notice ' + name)} {{ {rule}; }}\n" for name, rule in STYLES.items())
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n<main>\n{article}</main>\n"
        "</body>\n</html>\n"
    )


class Article:
    """The blocks as HTML; `inline` puts each element's style on it (for a site editor that drops <style>)."""

    def __init__(self, blocks: list[Block], inline: bool, title_lines: list[str] | None = None) -> None:
        self.blocks, self.inline, self.title_lines = blocks, inline, title_lines

    def attrs(self, name: str, extra: str = "") -> str:
        if self.inline:
            return f' style="{escape(STYLES[name] + extra)}"'
        if name in ("run-in", "signature", "date", "title-line"):
            return f' class="{name}"' + (f' style="{escape(extra.lstrip("; "))}"' if extra else "")
        return f' style="{escape(extra.lstrip("; "))}"' if extra else ""

    def html(self) -> str:
        issuer = next((b.text for b in self.blocks if b.kind == "signature"), "")
        date_text = next((b.text for b in self.blocks if b.kind == "date"), "")
        issuer_right, date_right = right_paddings(issuer, date_text)
        parts = [f'<article class="notice"{self.attrs("article") if self.inline else ""}>\n']
        for block in self.blocks:
            if block.kind == "title":
                from ledger.output.measures import title_lines

                lines = title_lines(block.text, self.title_lines)
                spans = "".join(f"<span{self.attrs('title-line')}>{escape(line)}</span>" for line in lines)
                parts.append(f"<h1{self.attrs('h1')}>{spans}</h1>\n")
            elif block.kind == "heading":
                tag = f"h{block.level + 1}"
                parts.append(f"<{tag}{self.attrs(tag)}>{runs_html(block.runs)}</{tag}>\n")
            elif block.kind == "table":
                parts.append(self.table(block.rows))
            elif block.kind in ("signature", "date"):
                right = issuer_right if block.kind == "signature" else date_right
                style = self.attrs(block.kind, f"; padding-right: {right:g}em")
                parts.append(f"<p{style}>{runs_html(block.runs)}</p>\n")
            elif block.kind == "addressee":  # 主送机关: flush left
                parts.append(f"<p{self.attrs('p', '; text-indent: 0')}>{runs_html(block.runs)}</p>\n")
            else:
                parts.append(f"<p{self.attrs('p')}>{self.paragraph(block)}</p>\n")
        parts.append("</article>\n")
        return "".join(parts)

    def paragraph(self, block: Block) -> str:
        if not block.run_in:
            return runs_html(block.runs)
        from ledger.output.docx import split_run_in

        (head, _), (rest, _) = split_run_in(block.runs, block.run_in)
        return f"<span{self.attrs('run-in')}>{runs_html(head)}</span>{runs_html(rest)}"

    def table(self, rows: list[list[list[Run]]]) -> str:
        cell = self.attrs("cell")
        lines = [f"<table{self.attrs('table')}>\n"]
        for n, row in enumerate(rows):
            tag = "th" if n == 0 else "td"
            lines.append("<tr>" + "".join(f"<{tag}{self.cell(c) if n else cell}>{runs_html(c)}</{tag}>"
                                          for c in row) + "</tr>\n")  # fmt: skip
        lines.append("</table>\n")
        return "".join(lines)

    def cell(self, runs: list[Run]) -> str:
        """A body cell's attributes: a light's class (its inline style in a fragment) where it holds a light's word."""
        light = LIGHT_CLASSES.get("".join(r.text for r in runs).strip())
        if light is None:
            return self.attrs("cell")
        if self.inline:
            return f' style="{escape(STYLES["cell"] + "; " + STYLES[light])}"'
        return f' class="{light}"'


def runs_html(runs: list[Run]) -> str:
    parts = []
    for run in runs:
        text = "<br>" if run.text == "\n" else escape(run.text).replace("\n", "<br>")
        if run.code:
            text = f"<code>{text}</code>"
        if run.italic:
            text = f"<em>{text}</em>"
        if run.bold:
            text = f"<strong>{text}</strong>"
        if run.link and urlparse(run.link).scheme in ("http", "https", "mailto", ""):
            text = f'<a href="{escape(run.link)}">{text}</a>'
        parts.append(text)
    return "".join(parts)


def right_paddings(issuer: str, date_text: str) -> tuple[float, float]:
    """The issuer's and the date's distance from the right edge, in em (GB/T 9704-2012 7.3.5.2)."""
    line = 100.0  # any width: the distances from the right do not depend on it
    issuer_left, date_left, issuer_width, date_width = signature_lefts(issuer, date_text, line, 1.0, 0.5)
    return line - issuer_left - issuer_width, line - date_left - date_width
