"""What `{{ value }}` writes: a value from the files is data, so Markdown's syntax in it is escaped."""

from __future__ import annotations

import re

LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x85\u2028\u2029]")
INLINE_MARKUP = re.compile(r"[\\`*\[\]<]|(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])|&(?=#?[0-9A-Za-z]+;)")
# `#` is markup only where it opens a line (a heading) or ends one after a space (a heading's closing
# `#`s, which would eat the value's end): a `#1` inside a title stays as written, without a backslash.
CLOSING_HASHES = re.compile(r"(?<=[ \t])#+(?=[ \t]*$)")
# What starts a block when it opens a line (or a list item's text): the value's first character after
# its spaces, or an ordered list's `.`/`)`: a backslash before a digit would stay visible.
LINE_START = re.compile(r"([>+=#~-])|[0-9]+([.)])(?=[ \t]|$)")
INDENT = {" ": "&#32;", "\t": "&#9;"}


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
    text = joined(value)
    text = INLINE_MARKUP.sub(lambda m: "\\" + m.group(), text)
    if "#" in text:
        text = CLOSING_HASHES.sub(lambda m: "\\#" * len(m.group()), text)
    if text.count("~") > 1:  # `~~` strikes text through where GitHub's Markdown is read; 1~3月 keeps its `~`
        text = text.replace("~", "\\~")
    return line_start_escaped(text)


def line_start_escaped(text: str) -> str:
    """The value's leading spaces as character references (four would make code, fewer let a `>` or
    `-` after them start a block) and a block-starting mark after them escaped."""
    lead = len(text) - len(text.lstrip(" \t"))
    if lead == len(text):
        return text  # only spaces (`{{ " " }}` between values): nothing they could start
    start = LINE_START.match(text, lead)
    if start is not None:
        mark = start.start(start.lastindex or 0)
        text = text[:mark] + "\\" + text[mark:]
    return "".join(INDENT[c] for c in text[:lead]) + text[lead:] if lead else text


def joined(text: str, between: str | None = None) -> str:
    """The lines of a text as one: no space between Chinese characters, one space otherwise
    (or `between`); spaces and tabs around the breaks go, blank lines too. Linear in the text."""
    if not LINE_BREAK.search(text):
        return text
    from ledger.core.zh import wide

    lines = LINE_BREAK.split(text)
    lines = [lines[0].rstrip(" \t"), *(line.strip(" \t") for line in lines[1:-1]), lines[-1].lstrip(" \t")]
    lines = [line for n, line in enumerate(lines) if line or n in (0, len(lines) - 1)]
    out = lines[0]
    for line in lines[1:]:
        if between is not None:
            out += between + line
        elif out and line:
            out += ("" if wide(out[-1]) or wide(line[0]) else " ") + line
        else:
            out += line
    return out


def md_cell(value: object) -> Markdown:
    """Text safe inside a Markdown table cell: escaped as any value, `|` too, every line break a space."""
    text = "" if value is None else as_text(value if isinstance(value, str) else str(value))
    return Markdown(str(text).replace("|", "\\|"))
