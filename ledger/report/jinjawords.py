"""Jinja's own words about a template it cannot read, in the interface language.

Jinja's parser, lexer and compiler say what is wrong with a template in English sentences of their
own (TemplateSyntaxError and TemplateAssertionError). In English they are shown as Jinja writes them;
in Chinese each is matched here to a message of the catalog, and the tokens Jinja names ('end of print
statement') are said as the template writes them (“}}”). Imported only when a template fails.
"""

from __future__ import annotations

import re

import jinja2

from ledger.core.i18n import N_, _, language

# Jinja's sentences (jinja2/parser.py, lexer.py, compiler.py), each matched whole; the first that matches wins.
SENTENCES = [
    (r"Encountered unknown tag '(?P<tag>[^']*)'\.", N_("unknown tag {tag}")),
    (r"Unexpected end of template\.", N_("the template ends before a block is closed")),
    (
        r"unexpected end of template, expected '(?P<expected>.*)'\.",
        N_("the template ends where {expected} is expected"),
    ),
    (r"expected token '(?P<expected>.*)', got '(?P<found>.*)'", N_("{expected} is expected here, not {found}")),
    (r"Expected an expression, got '(?P<found>.*)'", N_("an expression is expected here, not {found}")),
    (r"unexpected '(?P<found>.*)', expected '(?P<expected>.*)'", N_("{expected} is expected here, not {found}")),
    (r"unexpected char '(?P<found>.*)' at \d+", N_("the character {found} cannot be here")),
    (r"unexpected '(?P<found>.*)'", N_("{found} cannot be here")),
    (r"tag name expected", N_("a tag's name is expected here")),
    (r"expected name or number", N_("a name or a number is expected after the point")),
    (r"expected subscript expression", N_("an index is expected inside [ ]")),
    (r"expected call", N_("a call is expected here")),
    (r"invalid syntax for function call expression", N_("the call is not written as a call is")),
    (r"Invalid character in identifier", N_("a name holds a character a name cannot have")),
    (r"can't assign to '(?P<found>.*)'", N_("nothing can be assigned to {found}")),
    (r"non-default argument follows default argument", N_("an argument without a default follows one with a default")),
    (r"You cannot chain multiple tests with is", N_("one is takes one test")),
    (r"names starting with an underline can not be imported", N_("a name starting with _ cannot be imported")),
    (
        r"Block names in Jinja have to be valid Python identifiers.*",
        N_("a block's name has letters, digits and _ only"),
    ),
    (r"Required blocks can only contain comments or whitespace", N_("a required block holds comments only")),
    (r"No filter named '(?P<name>.*)'\.", N_("there is no filter named {name}")),
    (r"No test named '(?P<name>.*)'\.", N_("there is no test named {name}")),
    (r"block '(?P<name>.*)' defined twice", N_("block {name} is defined twice")),
    (r"cannot use extend from a non top-level scope", N_("extends belongs at the top of a template")),
    (r"Can't assign to special loop variable in for-loop target", N_("loop is Jinja's own name; choose another")),
    (
        r"When defining macros or call blocks the special \"caller\" argument.*",
        N_("a macro's caller argument needs a default"),
    ),  # fmt: skip
]
# What follows Jinja's first sentence about a block left open.
AFTER = [
    (
        r"You probably made a nesting mistake\. Jinja is expecting this tag, but currently looking for (?P<tags>.*?)\.",
        N_("the blocks are nested wrongly: {tags} is to come first"),
    ),  # fmt: skip
    (r"Jinja was looking for the following tags: (?P<tags>.*?)\.(?: |$)", N_("Jinja looked for {tags}")),
    (r"The innermost block that needs to be closed is '(?P<tags>[^']*)'\.", N_("the innermost open block is {tags}")),
]
# Jinja's names of tokens: the marks as a template writes them, the rest in words.
MARKS = {"end of print statement": "}}", "begin of print statement": "{{", "end of statement block": "%}",
         "begin of statement block": "{%"}  # fmt: skip
WORDS = {"end of template": N_("the end of the template"), "name": N_("a name"), "integer": N_("a number"),
         "float": N_("a number"), "string": N_("a text in quotes"), "operator": N_("an operator"),
         "const": N_("a constant")}  # fmt: skip


def said(message: str) -> str:
    """Jinja's message about a template in the interface language."""
    if language() == "en":
        return message
    opening = re.match(r"(Encountered unknown tag '[^']*'\.|Unexpected end of template\.)\s*(.*)", message, re.DOTALL)
    first, rest = (opening.group(1), opening.group(2)) if opening else (message, "")
    for pattern, msgid in SENTENCES:
        if match := re.fullmatch(pattern, first, re.DOTALL):
            parts = [_(msgid).format(**{key: named(value) for key, value in match.groupdict().items()})]
            for then, more in AFTER:  # what Jinja adds about the blocks left open, in its order
                if found := re.search(then, rest):
                    parts.append(_(more).format(**{key: named(value) for key, value in found.groupdict().items()}))
            return _("; ").join(parts)
    return _("Jinja cannot read the template here")


def named(text: str) -> str:
    """'endfor' or 'else' as “endfor”或“else”; a token Jinja names as the template writes it."""
    said_names = []
    for name in (part.strip("'") for part in re.split(r"' or '", text)):
        if name in MARKS:
            said_names.append(f"“{MARKS[name]}”")
        elif name in WORDS:
            said_names.append(_(WORDS[name]))
        else:
            said_names.append(f"“{name}”")
    return _(" or ").join(said_names)


# What a template did wrong while it ran, by the exception's class and Python's or Jinja's English sentence; the
# first that matches wins. Shown in Chinese only: in English the sentence is shown as Python writes it.
RUNTIME: list[tuple[tuple[str, ...], str, str]] = [
    (("ZeroDivisionError",), r".*", N_("division by zero")),
    (("OverflowError",), r"Range too big\..*MAX_RANGE \((?P<most>\d+)\)\.?", N_("range() may count to {most} at most")),
    (("OverflowError",), r".*", N_("a number too large to compute")),
    (("TypeError",), r"'(?P<kind>[^']*)' object is not iterable", N_("{kind} is not a list: it cannot be looped over")),
    (
        ("TypeError",),
        r"unsupported operand type\(s\) for (?P<op>.*): '(?P<left>[^']*)' and '(?P<right>[^']*)'",
        N_("{op} cannot be applied to {left} and {right}"),
    ),
    (
        ("TypeError",),
        r"can only concatenate str \(not \"(?P<kind>[^\"]*)\"\) to str",
        N_("text can be joined only to text, not to {kind}; join them with ~"),
    ),
    (("TypeError",), r"'(?P<kind>[^']*)' object is not callable", N_("{kind} cannot be called")),
    (("TypeError",), r".*", N_("a value of a kind this operation cannot take")),
    (("UndefinedError",), r"(?P<kind>\S+) object has no element (?P<index>.*)", N_("{kind} has no element {index}")),
    (
        ("UndefinedError",),
        r"'(?P<kind>[^' ]*)(?: object)?'(?: object)? has no attribute '(?P<name>[^']*)'",
        N_("{kind} has no field {name}"),
    ),
    (
        ("SecurityError",),
        r"access to attribute '(?P<name>[^']*)' of '(?P<kind>[^']*)' object is unsafe\.",
        N_("the attribute {name} of {kind} is closed to templates"),
    ),
    (("SecurityError",), r".* is not safely callable", N_("this cannot be called from a template")),
    (("SecurityError",), r".*", N_("templates may not do this")),
    (("KeyError",), r"(?P<name>.*)", N_("there is no key {name}")),
    (("IndexError",), r".*", N_("the list has no element at that place")),
    (("ValueError", "LookupError", "ArithmeticError"), r".*", N_("a value this operation cannot take")),
]
# Python's names of the kinds of values a template handles.
KINDS = {"list": N_("a list"), "tuple": N_("a list"), "str": N_("a text"), "int": N_("a number"),
         "float": N_("a number"), "bool": N_("a yes/no value"), "NoneType": N_("an empty value"),
         "datetime.date": N_("a date"), "date": N_("a date"), "dict": N_("a mapping"),
         "Undefined": N_("an undefined value"),
         "Item": N_("an item"), "Category": N_("a category"), "Ledger": N_("the ledger")}  # fmt: skip


def runtime_said(error: BaseException, english: str) -> str:
    """A template's runtime error in the interface language (Chinese); `english` when it is already ours."""
    if type(error) is jinja2.TemplateRuntimeError:
        return english  # raised by ledger's sandbox with the catalog's message
    classes = {c.__name__ for c in type(error).__mro__}
    ours = "UndefinedError" in classes and not re.search(r"[A-Za-z]{3,} [a-z]{3,}", english)
    if ours:  # the sandbox's own: no field “deadine”, in the catalog's words
        return english
    text = str(error).strip()
    for kinds, pattern, msgid in RUNTIME:
        if classes & set(kinds) and (match := re.fullmatch(pattern, text, re.DOTALL)):
            return _(msgid).format(**{key: kind_said(key, value) for key, value in match.groupdict().items()})
    if "UndefinedError" in classes:
        return _("a value the template uses is not defined")
    return _("an error while the template ran ({kind})").format(kind=type(error).__name__)


def kind_said(key: str, value: str) -> str:
    if key in ("kind", "left", "right"):
        return _(KINDS[value]) if value in KINDS else f"“{value}”"
    return value if key in ("most", "index") else f"“{value.strip(chr(39))}”"
