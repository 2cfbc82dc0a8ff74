"""Every problem code, declared once: its severity, its messages (English msgids with named placeholders) and meaning.

A message is marked with `N_` where it is declared, so that Babel's extractor finds it
(`pybabel extract -k N_`), and translated with `_` only when a problem is made. A code may
have several messages (variants, named by a short key; "" is the main one): the
situations differ, the code that scripts rely on stays the same. `ledger codes` prints
this table; the list in docs/en/guide.md, docs/en/problem-codes.md and the corpus tests are checked against it
(tests/core/test_problems.py and test_corpus.py; `REGENERATE=1` writes the two pages anew).
"""

from __future__ import annotations

from typing import Any

from ledger.core.i18n import _
from ledger.core.model import Problem

ERROR, WARNING = "error", "warning"


def N_(message: str) -> str:
    """A message for the catalog, translated later by `_` (gettext's no-op marker)."""
    return message


class Code:
    """One problem code: what `validate` prints in brackets, with everything said about it."""

    __slots__ = ("name", "severity", "meaning", "messages", "severities")

    def __init__(
        self,
        name: str,
        severity: str,
        meaning: str,
        messages: dict[str, str],
        severities: dict[str, str] | None = None,
    ) -> None:
        self.name, self.severity, self.meaning, self.messages = name, severity, meaning, messages
        self.severities = severities or {}  # a variant whose severity is not the code's

    def __repr__(self) -> str:
        return f"Code({self.name!r})"

    def text(self, variant: str = "", /, **values: Any) -> str:
        """The message of `variant` in the interface language, its placeholders filled."""
        return _(self.messages[variant]).format(**values)

    def severity_of(self, variant: str = "") -> str:
        return self.severities.get(variant, self.severity)

    def problem(
        self,
        path: str,
        /,
        line: int | None = None,
        column: int | None = None,
        variant: str = "",
        **values: Any,
    ) -> Problem:
        return Problem(path, line, column, self.severity_of(variant), self.name, self.text(variant, **values))

    def given(self, path: str, message: str, line: int | None = None, column: int | None = None) -> Problem:
        """A problem of this code whose message is already made (from `text`, or with a field's name before it)."""
        return Problem(path, line, column, self.severity, self.name, message)


REGISTRY: dict[str, Code] = {}


def code(
    name: str, severity: str, meaning: str, messages: dict[str, str], severities: dict[str, str] | None = None
) -> Code:
    if name in REGISTRY:  # pragma: no cover - a mistake in this file
        raise ValueError(f"problem code {name} declared twice")
    REGISTRY[name] = declared = Code(name, severity, meaning, messages, severities)
    return declared


# --- Reading a file ------------------------------------------------------------------------------------

TOO_LARGE = code("too-large", ERROR, N_("a file over 1 MiB"), {
    "": N_("file is over 1 MiB, the most an item or ledger file may be"),
})  # fmt: skip
NOT_UTF8 = code("not-utf8", ERROR, N_("a file in another encoding than UTF-8"), {
    "": N_("file is not UTF-8; re-save it as UTF-8"),
    "gbk": N_("file is not UTF-8 (it looks like GBK/GB18030, as saved by some Windows editors); re-save it as UTF-8"),
    "utf16": N_("file is UTF-16, not UTF-8; re-save it as UTF-8"),
})  # fmt: skip
BINARY = code("binary", ERROR, N_("a file that is not text (it holds NUL bytes)"), {
    "": N_("file is not text (it holds NUL bytes)"),
})  # fmt: skip
UNREADABLE = code("unreadable", ERROR, N_("a file or folder that cannot be read"), {
    "": N_("cannot read the file: {reason}"),
    "folder": N_("cannot read the folder: {reason}"),
    "not-regular": N_("not a regular file (a folder, FIFO, socket or device)"),
    "not-in-commit": N_("not in commit {rev}"),
    "dangling": N_("a link to a path that is not in commit {rev}"),
    "link-loop": N_("a chain of links that does not end (a loop, or more than 40 links)"),
})  # fmt: skip
OUTSIDE_LEDGER = code("outside-ledger", ERROR, N_("a link out of the ledger's folder, which is not followed"), {
    "": N_("a link to a file outside the ledger; it is not read"),
    "folder": N_("a link to a folder outside the ledger; it is not read"),
    "git-folder": N_("a link into git's own folder (.git); it is not read"),
})  # fmt: skip
MERGE_CONFLICT = code("merge-conflict", ERROR, N_("git's conflict markers left in a file"), {
    "": N_("unresolved merge conflict ({marker}); keep the right lines and remove the markers"),
})  # fmt: skip
YAML_SYNTAX = code("yaml-syntax", ERROR, N_("text that is not YAML, or a keyboard mistake that breaks it"), {
    "": N_("YAML syntax error: {what}"),
    "unknown": N_("YAML syntax error: YAML cannot read the text here"),
    "second-document": N_("YAML syntax error: a second YAML document starts here (after ---); a file holds one"),
    "tab": N_("YAML syntax error: a tab here; indent with spaces, not tabs"),
    "colon-in-value": N_("YAML syntax error: ': ' inside a value; put a value that contains ': ' in quotes"),
    "indented-key": N_("YAML syntax error: {key} is indented more than the key above it; keys of one level start in "
                       "the same column"),
    "wide-dash": N_("a list entry begins with a full-width '{dash}', not the ASCII '-'; begin each entry with an "
                    "ASCII '-' and a space: `- …`"),
    "no-colon": N_("YAML syntax error: no ':' on this line; write `key: value` or a list entry `- …`, and indent text "
                   "that goes on from the line above"),
    "list-not-here": N_("YAML syntax error: a list entry ('- ') cannot start here; write each entry on a line of its "
                        "own, below its key and indented (put the value in quotes if it is text)"),
    "cannot-start": N_("YAML syntax error: a value cannot start with {char} (YAML reads it as markup); put the whole "
                       "value in quotes"),
    "unclosed-quote": N_("YAML syntax error: the {quote} that opens here is not closed before the end of the file; "
                         "close it where the value ends"),
    "quote-cut": N_("YAML syntax error: the {quote} that opens here is not closed before the line {marker} (line "
                    "{marker_line}); close it where the value ends"),
    "end-of-file": N_("YAML syntax error: the file ends before the text that starts here is complete"),
    "after-quote": N_("YAML syntax error: text after the closing {quote}; for quotation marks inside the text write "
                      "“ ”, or put the whole value in the other kind of quotes"),
    "after-bracket": N_("YAML syntax error: text after the closing {bracket}; if it is all one text, put the whole "
                        "value in quotes"),
    "list-entry-here": N_("YAML syntax error: a list entry where a key is expected; a list goes below its key, "
                          "indented (`measures:` and below it `  - …`)"),
    "indent": N_("YAML syntax error: this line's indent does not fit the lines above it; keys of one level start in "
                 "the same column"),
    "not-an-entry": N_("YAML syntax error: a line among a list's entries that does not start with '- '; start it "
                       "with '- ', or, if it is the next key, start it in the column of the key above the list"),
    "unclosed-bracket": N_("YAML syntax error: the '{opening}' that opens here is not closed with '{closing}'; close "
                           "it, or put the whole value in quotes if the brackets are part of the text"),
    "escape": N_("YAML syntax error: in double quotes a backslash starts an escape such as \\n; write \\\\ for a "
                 "backslash itself, or put the value in single quotes"),
    "block-scalar": N_("YAML syntax error: nothing may follow | or > on its line; write the text on the lines below "
                       "it, indented"),
    "directive": N_("YAML syntax error: a line starting with '%' is a YAML directive; remove it"),
    "document-start": N_("YAML syntax error: YAML expects a new document after this line (a line '...' or a "
                         "directive starting with '%'); remove the line"),
    "not-plain": N_("YAML syntax error: this value is not plain data (text, a number, a date, a list or key: value "
                    "lines)"),
    "character": N_("YAML syntax error: character U+{number} is not allowed in YAML text"),
    "full-width-colon": N_("{key}: written with a full-width colon (：); write an ASCII colon and a space: `{key}: …`"),
    "no-space": N_("{key}: no space after the colon; write `{key}: …` (YAML needs the space)"),
    "tab-in-list": N_("YAML syntax error: a tab after the '-' of a list entry; indent with spaces, not tabs"),
    "tab-in-indent": N_("YAML syntax error: a tab in the indent; indent with spaces, not tabs"),
    "full-width-space": N_("a full-width space (U+3000) in the indent; indent with ASCII spaces"),
    "full-width-space-after-dash": N_("a full-width space (U+3000) after the '-' of a list entry; write an ASCII "
                                      "space: `- …`"),
    "full-width-space-after-colon": N_("{key}: a full-width space (U+3000) after the colon; write an ASCII space: "
                                       "`{key}: …`"),
    "full-width-space-here": N_("a full-width space (U+3000) where YAML needs an ASCII space or nothing; write an "
                                "ASCII space"),
    "other-break": N_("the character {name} (U+{number}) here is a line break to YAML, though not to an editor; remove "
                      "it, or put the whole text in quotes"),
})  # fmt: skip
YAML_TAG = code("yaml-tag", ERROR, N_("a YAML tag (!!python/…), which unsafe loaders run as code"), {
    "": N_("YAML tag {tag} is not allowed; remove it (quote the value if it is text)"),
})  # fmt: skip
YAML_ANCHOR = code("yaml-anchor", ERROR, N_("a YAML anchor (&name)"), {
    "": N_("anchor &{anchor} is not allowed; write each value out in full"),
})  # fmt: skip
YAML_ALIAS = code("yaml-alias", ERROR, N_("a YAML alias (*name)"), {
    "": N_("alias *{anchor} is not allowed; write the value out in full"),
    "undefined": N_("a value starting with * is read by YAML as an alias (*{anchor}), which is not allowed; put the "
                    "whole value in quotes"),
})  # fmt: skip
EMPTY_FILE = code("empty-file", ERROR, N_("a file with nothing in it"), {
    "": N_("file is empty; it must hold {what}"),
})  # fmt: skip
NOT_MAPPING = code("not-mapping", ERROR, N_("a file that does not hold key: value lines"), {
    "": N_("file must hold {what}, found {found}"),
})  # fmt: skip

# --- Fields ----------------------------------------------------------------------------------------------

DUPLICATE_KEY = code("duplicate-key", ERROR, N_("a key given twice in one mapping"), {
    "": N_("key given twice (first on line {first})"),
})  # fmt: skip
UNKNOWN_KEY = code("unknown-key", ERROR, N_("a key the format does not have (often a typing mistake)"), {
    "": N_("unknown key{hint}"),
    "log-entry": N_("not part of a {kind} entry"),
    "log-entry-an": N_("not part of an {kind} entry"),
    "value": N_("'{value}' is not allowed{hint}"),
    "full-width": N_("the key is typed with {chars}; write it in ASCII: `{key}: …`"),
})  # fmt: skip
MISSING_FIELD = code("missing-field", ERROR, N_("a required field not given"), {
    "": N_("missing (required)"),
    "log-entry": N_("missing; a {kind} entry needs it"),
    "log-entry-an": N_("missing; an {kind} entry needs it"),
    "categories": N_("categories: at least one is required"),
    "measures": N_("measures: none given; an item that is {status} needs at least one measure"),
})  # fmt: skip
EMPTY_VALUE = code("empty-value", ERROR, N_("a field written with no value"), {
    "": N_("is empty"),
    "date": N_("is empty; write a date as YYYY-MM-DD or remove the line"),
    "list": N_("is empty; give at least one entry or remove the line"),
    "units": N_("units: is empty; give at least one unit"),
})  # fmt: skip
WRONG_TYPE = code("wrong-type", ERROR, N_("a value of the wrong kind: a list for text, a number for a date"), {
    "": N_("expected {expected}, found {found}"),
    "bool": N_("expected true or false, found '{value}'"),
    "read-as": N_("{value} is read by YAML as {what}; put it in quotes if it is text"),
    "key": N_("a key must be plain text"),
    "key-read-as": N_("key {key} is read by YAML as {what}; quote it"),
    "long-number": N_("a number too long to read; quote it if it is text"),
    "not-plain": N_("{value} is not plain data; quote it if it is text"),
    "not-finite": N_("{value} is not a number JSON can hold; quote it"),
    "separated-lines": N_("'{value}' holds {chars}, which does not separate the entries of a list; write a '- ' "
                          "line for each: {fixed}"),
    "separated": N_("'{value}' holds {chars}, which does not separate the entries of a list; write {fixed}"),
    "wide-dash": N_("expected a list, found text starting with {dash}, which is not the ASCII '-'; start each entry "
                    "with '-' and a space: `- …`"),
    "dash-no-space": N_("expected a list, found text starting with '-' and no space after it; write a space after the "
                        "'-': `- …`"),
})  # fmt: skip
CONTROL_CHARACTER = code("control-character", ERROR, N_("a line break, tab or control character in one-line text"), {
    "": N_("holds the control character U+{number}; remove it"),
    "line-break": N_("holds a line break; write it on one line"),
    "tab": N_("holds a tab; write spaces"),
    "noncharacter": N_("holds U+{number}, which is no character of text; remove it"),
    "bidi": N_("holds U+{number}, an invisible direction control that can show text out of order; remove it"),
    "invisible": N_("holds U+{number}, an invisible zero-width character; remove it"),
})  # fmt: skip
TOO_DEEP = code("too-deep", ERROR, N_("`extra` nested over 20 levels"), {
    "": N_("nests deeper than {depth} levels"),
})  # fmt: skip
BAD_DATE = code("bad-date", ERROR, N_("a date that is not a real YYYY-MM-DD date"), {
    "": N_("'{value}' is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"),
    "not-real": N_("'{value}' is not a real date"),
    "number": N_("'{value}' is a number, not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"),
    "with-time": N_("'{value}' has a time or other text after the date; write it as YYYY-MM-DD, e.g. 2025-06-30"),
    "log-entry": N_("'{value}' is not a date; write it as YYYY-MM-DD"),
    "full-width": N_("'{value}' is written with full-width digits; write the date in ASCII digits: {ascii}"),
    "full-width-marks": N_("'{value}' is typed with {chars}; write the date in ASCII: {ascii}"),
    "spelling": N_("'{value}' is not written as YYYY-MM-DD; write {ascii}"),
})  # fmt: skip
BAD_STATUS = code("bad-status", ERROR, N_("a status that is not one of the five codes"), {
    "": N_("'{value}' is not allowed{hint}"),
    "label": N_("'{value}' is not allowed; write the code {status}, not its label"),
    "log-entry": N_("'{value}' is not a status; use one of {choices}"),
})  # fmt: skip
BAD_VALUE = code("bad-value", ERROR, N_("a value that is not one of those a field allows"), {
    "": N_("'{value}' is not allowed{hint}"),
    "count": N_("'{value}' is not a whole number from {least} to {most}"),
    "count-full-width": N_("'{value}' is typed with {chars}; write the number in ASCII: {ascii}"),
})  # fmt: skip
BAD_SCHEMA = code("bad-schema", ERROR, N_("a ledger.yaml schema this version does not read"), {
    "": N_("{value} is not a schema this version of ledger reads (it reads 1)"),
})  # fmt: skip

# --- Rules of a ledger -----------------------------------------------------------------------------------

UNKNOWN_CATEGORY = code("unknown-category", ERROR, N_("an item's category that ledger.yaml does not list"), {
    "": N_("'{key}' is not a key of ledger.yaml categories{hint}"),
    "typed": N_("'{key}' is neither the key nor the title of a category of ledger.yaml; use one of {choices}"),
})  # fmt: skip
DUPLICATE_CATEGORY = code("duplicate-category", ERROR, N_("a category key listed twice in ledger.yaml"), {
    "": N_("categories[{number}].key: '{key}' is used twice"),
})  # fmt: skip
STATUS_CLOSED = code("status-closed", ERROR, N_("done without a 销号 date, or a 销号 date on an item not done"), {
    "": N_("closed: missing; a done item needs its 销号 date"),
    "not-done": N_("closed: set, but status is {status}; remove closed or set status: done"),
})  # fmt: skip
CLOSE_REQUIRES = code("close-requires", ERROR, N_("a done item lacking a field `close_requires` names"), {
    "": N_("{key}: missing; ledger.yaml close_requires it of a done item"),
})  # fmt: skip
DATE_ORDER = code("date-order", ERROR, N_(
    "dates out of order: inspection.start ≤ end ≤ feedback, publication.date ≤ until, no 销号 before the feedback"
), {
    "": N_("{section}.{second}: {late} is before {section}.{first} ({early}); the dates are out of order"),
    "closed": N_("closed: {closed} is before the inspection's feedback ({feedback}); a 销号 comes after it"),
})  # fmt: skip
DUPLICATE_ID = code("duplicate-id", ERROR, N_("two files naming the same item (8, 08 and 008 do)"), {
    "": N_("id {id} is also used by {others}; renumber one of them"),
    "link": N_("a link to the same file as {others}; one file is one item: remove the link"),
    "linked-one": N_("{others} links to this file; one file is one item: remove the link"),
    "linked-many": N_("{others} link to this file; one file is one item: remove the link"),
})  # fmt: skip
BAD_ID = code("bad-id", ERROR, N_("an item file whose name does not start with an id"), {
    "": N_("file name must start with an item id such as 08 (digits, letters, '.', '_'), found '{found}'"),
    "full-width": N_("the file name's id '{found}' is typed with {chars}; rename the file to {name}"),
})  # fmt: skip

# --- Warnings --------------------------------------------------------------------------------------------

INLINE_COMMENT = code("inline-comment", WARNING, N_(
    "a ` #` after a title, measure, problem or outcome starts a YAML comment and cuts the text"
), {
    "": N_("{field}: the text after ' #' is a comment, not part of the value; if it belongs to the text, "
           "put the whole value in quotes"),
})  # fmt: skip
NO_MEASURES = code("no-measures", WARNING, N_("an open item without measures yet"), {
    "": N_("measures: none yet (fine while the item is open)"),
})  # fmt: skip
EMPTY_CATEGORY = code("empty-category", WARNING, N_("a category of ledger.yaml that has no items"), {
    "": N_("categories: '{key}' has no items"),
})  # fmt: skip
STRAY_FILE = code("stray-file", WARNING, N_("a file or folder in items/ that is not read as an item"), {
    "": N_("not a .yaml file, so not read as an item (an editor backup or merge leftover?)"),
    "folder": N_("folders inside items/ are not read"),
})  # fmt: skip
NO_ITEMS = code("no-items", WARNING, N_("no items/ folder, or an items that is no folder"), {
    "": N_("there is no items/ folder; the ledger has no items"),
    "not-folder": N_("items must be a folder"),
}, severities={"not-folder": ERROR})  # fmt: skip
MEASURE_PREFIX = code("measure-prefix", WARNING, N_(
    "a measure written with its own numbering (一是, 1., 1、, （1）, ①, 第一，)"
), {
    "": N_("measures[{number}]: starts with {prefix}; write it without, the notice numbers the measures"),
})  # fmt: skip
NESTED_LIST = code("nested-list", ERROR, N_("a list under an entry of a list (a sub-list under a measure), which YAML "
                                           "would join into the entry's text"), {
    "": N_("{field}: a sub-list under this entry ('- …' indented below it) would be joined into its text; give each "
           "point as an entry of its own, at the same indent"),
    "text": N_("{field}: a line starting with '- ' goes on this text, and YAML joins it into one line; to keep the "
               "lines apart, write the text as a block ({key}: | and the lines indented below it)"),
})  # fmt: skip
LOG_ORDER = code("log-order", WARNING, N_("a log entry dated before the one above it: the log is oldest first"), {
    "": N_("log[{number}]: dated {day}, before the entry above it ({before}); the log is oldest first"),
})  # fmt: skip
PLACEHOLDER = code("placeholder", WARNING, N_("a value of ledger.yaml still holding the ×× of ledger init's example"), {
    "": N_("{field}: still holds {placeholder} from ledger init's example; write your own"),
})  # fmt: skip

# --- Against an earlier version (validate --against) and rounds ------------------------------------------

ITEM_REMOVED = code("item-removed", ERROR, N_("an item deleted since the earlier version (items are closed)"), {
    "": N_("item {id} is in {rev} ({path}) and gone now; items are closed or kept, never deleted"),
})  # fmt: skip
CLOSED_CHANGED = code("closed-changed", ERROR, N_("a 销号 date changed since the earlier version"), {
    "": N_("closed: {closed} differs from {was} in {rev}; a 销号 date does not change (reopen the item, then close "
           "it again)"),
})  # fmt: skip
SILENT_REOPEN = code("silent-reopen", ERROR, N_("a done item made not done without a reopen entry in its log"), {
    "": N_("status: done in {rev}, {status} now, and no reopen entry in the log; reopen it with "
           "`ledger reopen ID --reason TEXT`"),
})  # fmt: skip
LOG_REWRITTEN = code("log-rewritten", ERROR, N_("a log entry changed or removed since the earlier version"), {
    "": N_("log[{number}]: changed or removed since {rev}; the log is append-only (add an entry instead)"),
})  # fmt: skip
UNIT_UNREADABLE = code("unit-unreadable", ERROR, N_("a unit of round.yaml whose ledger cannot be read"), {
    "": N_("unit {unit}: {reason}"),
})  # fmt: skip

UNIT_SOURCE = code("unit-source", ERROR, N_("a unit of round.yaml without one ledger: path: or git:, not both"), {
    "": N_("units[{number}]: give its ledger as path: or as git:, one of them"),
    "address": N_("units[{number}].git: '{address}' is no repository address (https://, ssh://, git://, file:// or "
                  "a path, relative to round.yaml)"),
    "ref": N_("units[{number}].ref: '{ref}' is no tag, branch or commit name"),
})  # fmt: skip
DUPLICATE_UNIT = code("duplicate-unit", ERROR, N_("a unit named twice in round.yaml"), {
    "": N_("units[{number}].name: '{name}' is named twice"),
})  # fmt: skip
NO_LEDGER = code("no-ledger", ERROR, N_("a unit's path: that holds no ledger.yaml"), {
    "": N_("units[{number}].path: no ledger.yaml in {folder}"),
})  # fmt: skip


def table() -> list[dict[str, Any]]:
    """The registry as `ledger codes --format json` gives it: messages as written, meanings translated."""
    return [
        {
            "code": c.name,
            "severity": c.severity,
            "meaning": _(c.meaning),
            "messages": {variant or "main": message for variant, message in c.messages.items()},
        }
        for c in REGISTRY.values()
    ]
