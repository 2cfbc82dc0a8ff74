"""YAML's syntax errors in the clerk's words (SPEC 3.6), at the line where the mistake is.

PyYAML (and libyaml, which does the parsing when it is there) says what went wrong in English
words of its own, `problem` and `context`, with a mark for each. Every text either of them can
raise is matched here to a message of the registry (problems.YAML_SYNTAX's variants, some of
YAML_ALIAS's and YAML_ANCHOR's) with advice that fits, placed at the mark that shows the mistake:
the line with no ':' rather than the line after it, where the quote or '[' was opened rather than
the end of the file. Before that, the keyboard's own mistakes are looked for on the lines up to
the error: a full-width colon after a key, no space after the colon, a tab or a full-width space
(U+3000) in the indent, after a list's '-' or after a key's ':'.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from ledger.core import problems as codes
from ledger.core.i18n import N_, _, language
from ledger.core.lines import mark_position
from ledger.core.model import Problem

# This module is imported only for a file that does not parse; even so, its patterns are kept as text and
# compiled by `re` (which keeps them) when first met.
LINES = r"\r\n|\r|\n"  # where an editor ends a line

# --- What a Chinese keyboard and quick typing put where YAML wants `key: value` -----------------------

KEY = r"[A-Za-z_][A-Za-z0-9_]*"
FULL_WIDTH_COLON = rf"^(\s*(?:-\s+)?)({KEY})\s*："
# A key of other letters (标题：…) at the start of a line, where only a key can be in a ledger's files.
OTHER_KEY_COLON = "^()([^\\s:：#'\"\\[\\]{}&*!|>%@`,?-][^\\s:：]*)[ \u3000]*：(?=[^:]*$)"
NO_SPACE = rf"^(\s*(?:-\s+)?)({KEY}):(?=[^\s/:])"
TAB_INDENT = r"^( *)(-?)\t"
# A full-width space where YAML needs an ASCII one: in the indent (before a key or a list's '-'), right
# after a list's '-', right after a key's ':'. (One after an ASCII space is part of the text: 　　根据….)
WIDE_INDENT = f"^[ \u3000]*\u3000[ \u3000]*(?=-|{KEY}[ \u3000]*[:：])"
WIDE_AFTER_DASH = "^[ \u3000]*-\u3000"
WIDE_BLANK = "^\u3000[ \u3000]*$"  # a line that looks blank, typed with the IME's space from its first column
WIDE_AFTER_COLON = f"^[ \u3000]*(?:-[ \u3000]+)?({KEY}):\u3000"


def keyboard_mistake(rel: str, text: str, until: int | None) -> Problem | None:
    """The first line, up to `until`, with a full-width colon, no space after the colon, a tab in its indent
    or a full-width space where YAML needs an ASCII one."""
    for number, line in enumerate(re.split(LINES, text)[:until], 1):
        found = line_mistake(rel, number, line)
        if found is not None:
            return found
    return None


def line_mistake(rel: str, number: int, line: str, any_key: bool = False) -> Problem | None:
    """The keyboard's mistake on one line, if any; `any_key`: a key of any letters, at any indent, may be
    followed by a full-width colon (the line YAML found no ':' on)."""
    if (match := re.match(FULL_WIDTH_COLON, line)) or (match := re.match(OTHER_KEY_COLON, line)):
        return codes.YAML_SYNTAX.problem(rel, number, match.end(), "full-width-colon", key=match.group(2))
    if any_key and (match := re.match("^([ \u3000]*(?:-[ \u3000]+)?)([^\\s:：]+)[ \u3000]*：", line)):
        return codes.YAML_SYNTAX.problem(rel, number, match.end(), "full-width-colon", key=match.group(2))
    if match := re.match(NO_SPACE, line):
        return codes.YAML_SYNTAX.problem(rel, number, match.end(), "no-space", key=match.group(2))
    if match := re.match(TAB_INDENT, line):
        variant = "tab-in-list" if match.group(2) else "tab-in-indent"
        return codes.YAML_SYNTAX.problem(rel, number, match.end(), variant)
    return wide_space(rel, number, line)


def wide_space(rel: str, number: int, line: str) -> Problem | None:
    """A full-width space (U+3000) in the indent, after a list's '-' or after a key's ':', named at its column."""
    if (match := re.match(WIDE_INDENT, line)) or (match := re.match(WIDE_BLANK, line)):
        return codes.YAML_SYNTAX.problem(rel, number, match.group().index("\u3000") + 1, "full-width-space")
    if match := re.match(WIDE_AFTER_DASH, line):
        return codes.YAML_SYNTAX.problem(rel, number, match.end(), "full-width-space-after-dash")
    if match := re.match(WIDE_AFTER_COLON, line):
        return codes.YAML_SYNTAX.problem(rel, number, match.end(), "full-width-space-after-colon", key=match.group(1))
    return None


def wide_space_anywhere(rel: str, text: str) -> Problem | None:
    """In a file YAML read: a full-width space in the indent before a key or a '-', or right after a '-' (YAML
    took `　status` for a key of its own and `-　措施` for text)."""
    for number, line in enumerate(re.split(LINES, text), 1):
        if "\u3000" not in line:
            continue
        if match := re.match(WIDE_INDENT, line):
            return codes.YAML_SYNTAX.problem(rel, number, match.group().index("\u3000") + 1, "full-width-space")
        if match := re.match(WIDE_AFTER_DASH, line):
            return codes.YAML_SYNTAX.problem(rel, number, match.end(), "full-width-space-after-dash")
    return None


# --- What PyYAML and libyaml say, as the kind of mistake it is ---------------------------------------

# Every problem text of PyYAML's scanner, parser, composer and constructor (yaml/*.py) and of libyaml
# (as the yaml._yaml extension raises them), by the kind of mistake; `found` is the character or
# token PyYAML quotes. The first pattern that matches wins.
_FOUND = r"(?:, but (?:found|got) (?P<found>.*))?"
KINDS: list[tuple[str, str]] = [
    (p, kind)
    for p, kind in (
        # scanner
        (r"found character (?:(?P<found>.*) )?that cannot start any token", "cannot-start"),
        (r"could not find expected ':'", "no-colon"),
        (r"(?:block )?sequence entries are not allowed (?:here|in this context)", "list-not-here"),
        (r"mapping keys are not allowed (?:here|in this context)", "cannot-start"),
        (r"mapping values are not allowed (?:here|in this context)", "colon"),
        (r"found unexpected ':'", "colon"),
        (r"found unexpected end of stream", "end-of-file"),
        (r"found unexpected document (?:indicator|separator)", "document-marker"),
        (r"found a tab character (?:that violates indentation|where an indentation space is expected)", "tab"),
        (r"found unknown escape character.*", "escape"),
        (
            r"(?:did not find expected hexdecimal number|expected escape sequence of \d+ hexadecimal numbers.*)",
            "escape",
        ),
        (r"found invalid Unicode character escape code", "escape"),
        (
            r"(?:found an indentation indicator equal to 0|expected indentation indicator in the range 1-9.*)",
            "block-scalar",
        ),
        (r"expected chomping or indentation indicators.*", "block-scalar"),
        (r"(?:did not find expected comment or line break|expected a comment or a line break.*)", "line-end"),
        (
            r"(?:did not find expected alphabetic or numeric character|expected alphabetic or numeric character.*)",
            "name",
        ),
        (
            r"(?:did not find expected digit or '\.' character|expected a digit or '\.'.*|expected a digit or ' '.*"
            r"|expected a digit.*|found extremely long version number|did not find expected version number"
            r"|could not find expected directive name|found unexpected non-alphabetical character"
            r"|found unknown directive name)",
            "directive",
        ),
        (r"(?:did not find expected whitespace(?: or line break)?|expected ' '.*)", "space"),
        (
            r"(?:did not find expected '!'|expected '!'.*|did not find the expected '>'|expected '>'.*"
            r"|did not find expected tag URI|expected URI.*|did not find URI escaped octet"
            r"|found an incorrect (?:leading|trailing) UTF-8 octet|'utf-?8' codec can't decode.*)",
            "tag",
        ),
        # parser
        (r"(?:did not find expected <document start>|expected '<document start>'" + _FOUND + ")", "document-start"),
        (r"did not find expected <stream-start>", "document-start"),
        (
            r"found duplicate %?YAML directive|found incompatible YAML document.*|found duplicate %TAG directive"
            r"|duplicate tag handle.*",
            "directive",
        ),
        (r"found undefined tag handle.*", "tag"),
        (r"(?:did not find expected node content|expected the node content" + _FOUND + ")", "cannot-start"),
        (r"did not find expected '-' indicator", "not-an-entry"),
        (r"(?:did not find expected key|expected <block end>" + _FOUND + ")", "block-end"),
        (r"(?:did not find expected ',' or '[\]}]'|expected ',' or '[\]}]'" + _FOUND + ")", "unclosed-bracket"),
        # composer
        (r"but found another document|expected a single document in the stream", "second-document"),
        (r"found undefined alias.*", "undefined-alias"),
        (r"second occurrence|found duplicate anchor.*", "duplicate-anchor"),
        # constructor (a safe loader's; ledger composes and checks nodes itself, so none is expected)
        (
            r"expected a (?:scalar|sequence|mapping) node, but found .*|found unhashable key"
            r"|expected a mapping (?:or list of mappings )?for merging.*|found unconstructable recursive node"
            r"|could not determine a constructor for the tag.*|failed to (?:convert|decode) base64 data.*"
            r"|expected a sequence, but found .*|expected a mapping of length 1.*|expected a single mapping item.*"
            r"|expected non-empty name appended to the tag|cannot find .*|module .* is not imported"
            r"|expected the empty value.*|expected a class.*|blacklisted key .*",
            "not-plain",
        ),
    )
]
# What a few kinds are, by the context PyYAML gives.
CONTEXT_KINDS = {"directive": "directive", "anchor": "name", "alias": "name", "tag": "tag",
                 "block scalar": "block-scalar"}  # fmt: skip


def kind_of(problem: str | None, context: str | None) -> str:
    """The kind of mistake PyYAML's or libyaml's words describe ("unknown" for words not seen before)."""
    found = (k for pattern, k in KINDS if problem is not None and re.fullmatch(pattern, problem, re.DOTALL))
    kind = next(found, "unknown")
    context = context or ""
    if kind in ("name", "line-end", "space", "directive", "unknown"):
        for word, refined in CONTEXT_KINDS.items():
            if word in context:
                return refined
    if kind == "line-end":  # after a directive, or after a block scalar's | or >
        return "directive" if "directive" in context else "block-scalar"
    if kind == "space":
        return "tag"
    return kind


QUOTES = {'"': N_('double quote (")'), "'": N_("single quote (')")}
CLOSING = {"[": "]", "{": "}"}


def syntax_problem(rel: str, e: yaml.MarkedYAMLError, text: str) -> Problem:
    """PyYAML's or libyaml's syntax error as a problem of the file, in the interface language, at the mark
    that shows the mistake."""
    kind = kind_of(e.problem, e.context)
    here, start = e.problem_mark or e.context_mark, e.context_mark or e.problem_mark
    if here is None or start is None:  # pragma: no cover - every syntax error carries a mark
        return codes.YAML_SYNTAX.problem(rel, variant="unknown")
    lines = re.split(LINES, text)
    line, column = mark_position(here, text)
    said = Said(rel, text, lines)
    if kind in ("no-colon", "end-of-file", "document-marker", "unclosed-bracket", "name", "tag", "directive",
                "duplicate-anchor"):  # fmt: skip
        line, column = mark_position(start, text)  # where the text that went wrong starts
    if wide := wide_dash(rel, lines, min(start.line, here.line) + 1, here.line + 1):
        return wide
    say: Callable[[int, int, yaml.Mark, yaml.MarkedYAMLError], Problem] = getattr(said, kind.replace("-", "_"))
    return say(line, column, here, e)


# A list entry begun with the dash a Chinese keyboard types (－, —, –, …) instead of YAML's ASCII '-'.
WIDE_DASH_ENTRY = re.compile("^([ \u3000]*)([－—–―‐‑─])")


def wide_dash(rel: str, lines: list[str], first: int, last: int) -> Problem | None:
    """In the lines from `first` to `last` (where YAML lost its way), an entry begun with a full-width dash:
    named on its own line, whichever mistake YAML saw in it."""
    for number in range(max(first, 1), min(last, len(lines)) + 1):
        if match := WIDE_DASH_ENTRY.match(lines[number - 1]):
            return codes.YAML_SYNTAX.problem(rel, number, match.end(1) + 1, "wide-dash", dash=match.group(2))
    return None


class Said:
    """The message of each kind of mistake, made from the file's lines around the mark."""

    def __init__(self, rel: str, text: str, lines: list[str]) -> None:
        self.rel, self.text, self.lines = rel, text, lines

    def at(self, line: int, column: int, variant: str, code: codes.Code = codes.YAML_SYNTAX, /, **values: Any
           ) -> Problem:  # fmt: skip
        return code.problem(self.rel, line, column, variant, **values)

    def line(self, number: int) -> str:
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def char(self, line: int, column: int) -> str:
        return self.line(line)[column - 1 : column] or " "

    def cannot_start(self, line: int, column: int, *_a: Any) -> Problem:
        char = self.char(line, column)
        if char == "\t":
            return self.tab(line, column)
        if char == "\u3000":
            return self.at(line, column, "full-width-space-here")
        return self.at(line, column, "cannot-start", char=char)

    def tab(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "tab")

    def no_colon(self, line: int, column: int, *_a: Any) -> Problem:
        return line_mistake(self.rel, line, self.line(line), any_key=True) or self.at(line, column, "no-colon")

    def colon(self, line: int, column: int, *_a: Any) -> Problem:
        before = self.line(line)[: column - 1]
        if key := re.fullmatch(rf" +(?:- +)?({KEY}) *", before):
            return self.at(line, key.start(1) + 1, "indented-key", key=key.group(1))
        return self.at(line, column, "colon-in-value")

    def list_not_here(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "list-not-here")

    def end_of_file(self, line: int, column: int, *_a: Any) -> Problem:
        quote = self.char(line, column)
        if quote in QUOTES:
            return self.at(line, column, "unclosed-quote", quote=_(QUOTES[quote]))
        return self.at(line, column, "end-of-file")

    def document_marker(self, line: int, column: int, here: yaml.Mark, *_a: Any) -> Problem:
        quote = self.char(line, column)
        marker_line = mark_position(here, self.text)[0]
        if quote in QUOTES:
            marker = self.line(marker_line)[:3]
            return self.at(line, column, "quote-cut", quote=_(QUOTES[quote]), marker=marker, marker_line=marker_line)
        return self.at(marker_line, 1, "document-start")

    def escape(self, line: int, column: int, *_a: Any) -> Problem:
        backslash = self.line(line).rfind("\\", 0, column)  # libyaml marks the backslash, PyYAML what follows it
        return self.at(line, backslash + 1 if backslash >= 0 else column, "escape")

    def block_scalar(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "block-scalar")

    def name(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "cannot-start", char=self.char(line, column))

    def tag(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "cannot-start", char=self.char(line, column))

    def directive(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, 1, "directive")

    def document_start(self, line: int, column: int, *_a: Any) -> Problem:
        for number in range(line - 1, 0, -1):  # the line that ended the document: '...' or a directive
            if self.line(number).startswith(("...", "%")):
                return self.at(number, 1, "document-start")
        return self.at(line, column, "document-start")

    def unknown(self, line: int, column: int, here: yaml.Mark, e: yaml.MarkedYAMLError) -> Problem:
        if language() == "en" and e.problem:  # PyYAML's own words are English
            return self.at(line, column, "", what=e.problem)
        return self.at(line, column, "unknown")

    def not_an_entry(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "not-an-entry")

    def block_end(self, line: int, column: int, here: yaml.Mark, e: yaml.MarkedYAMLError) -> Problem:
        if "collection" in (e.context or ""):  # PyYAML's words for libyaml's "did not find expected '-' indicator"
            return self.not_an_entry(line, column)
        before = self.line(line)[: column - 1]
        if not before.strip():  # the line itself does not fit under the lines above
            rest = self.line(line)[column - 1 :]
            return self.at(line, column, "list-entry-here" if re.match(r"-(?:\s|$)", rest) else "indent")
        last = before.rstrip()[-1:]
        if last in QUOTES:
            return self.at(line, column, "after-quote", quote=_(QUOTES[last]))
        if last in ("]", "}"):
            return self.at(line, column, "after-bracket", bracket=last)
        return self.at(line, column, "indent")  # pragma: no cover - a key's value always ends at a quote or bracket

    def unclosed_bracket(self, line: int, column: int, *_a: Any) -> Problem:
        opening = self.char(line, column)
        return self.at(line, column, "unclosed-bracket", opening=opening, closing=CLOSING.get(opening, "]"))

    def second_document(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "second-document")

    def undefined_alias(self, line: int, column: int, *_a: Any) -> Problem:
        name = re.match(r"\*?([^\s,\[\]{}]*)", self.line(line)[column - 1 :])
        return self.at(line, column, "undefined", codes.YAML_ALIAS, anchor=name.group(1) if name else "")

    def duplicate_anchor(self, line: int, column: int, *_a: Any) -> Problem:
        name = re.match(r"&?([^\s,\[\]{}]*)", self.line(line)[column - 1 :])
        return self.at(line, column, "", codes.YAML_ANCHOR, anchor=name.group(1) if name else "")

    def not_plain(self, line: int, column: int, *_a: Any) -> Problem:
        return self.at(line, column, "not-plain")
