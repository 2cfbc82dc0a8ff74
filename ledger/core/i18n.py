"""The interface language (SPEC 3.6) and the gettext catalog every message for a person goes through.

English is the message as written in the code (the msgid); Chinese comes from
`ledger/locale/zh_CN/LC_MESSAGES/ledger.mo`, compiled from the reviewed `.po` by `tools/catalog.py`.
The catalog is read only when the first message is translated, so a command that prints no
message (`list --format json`) never opens it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    import gettext

DOMAIN = "ledger"
LOCALES = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("zh", "en")
CATALOG = LOCALES / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.mo"

_catalog: dict[str, str] | None = None  # msgid (or msgid\0plural) → msgstr; empty for English
_language: str | None = None


def language() -> str:
    """`zh` or `en`: LEDGER_LANG, else the first locale variable naming a language, else Windows' display
    language, else Chinese."""
    global _language
    if _language is None:
        _language = choose_language(os.environ)
    return _language


def choose_language(environ: os._Environ[str] | dict[str, str]) -> str:
    chosen = environ.get("LEDGER_LANG", "").strip().lower()
    if chosen:
        return "zh" if chosen.startswith("zh") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").strip()
        code = value.split(".")[0].split("@")[0]
        if code and code not in ("C", "POSIX"):
            return "zh" if code.lower().startswith("zh") else "en"
    if sys.platform == "win32":  # pragma: no cover - Windows only
        try:
            import ctypes

            primary = ctypes.windll.kernel32.GetUserDefaultUILanguage() & 0x3FF  # type: ignore[attr-defined]
            return "zh" if primary == 0x04 else "en"  # LANG_CHINESE
        except (AttributeError, OSError):
            pass
    return "zh"


def set_language(code: str | None) -> None:
    """Choose the language anew (None: from the environment again); tests and the web workbench use this."""
    global _language, _catalog
    _language, _catalog = code, None


def catalog() -> dict[str, str]:
    """The messages of the interface language, read once from the compiled catalog."""
    global _catalog
    if _catalog is None:
        _catalog = {} if language() == "en" else read_mo(CATALOG)
    return _catalog


def read_mo(path: Path) -> dict[str, str]:
    """A GNU .mo file as a dict, plural forms keyed `msgid\\0plural` → `form0\\0form1…`; no file, no messages.

    Read directly (not through gettext.GNUTranslations, which also imports locale and parses
    headers): a few hundred messages load in well under a millisecond.
    """
    import struct

    try:
        data = path.read_bytes()
    except OSError:
        return {}
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    _revision, count, originals, translations = struct.unpack(order + "4I", data[4:20])
    messages: dict[str, str] = {}
    for index in range(count):
        length, start = struct.unpack_from(order + "2I", data, originals + 8 * index)
        tlength, tstart = struct.unpack_from(order + "2I", data, translations + 8 * index)
        msgid = data[start : start + length].decode("utf-8")
        if msgid and "\x04" not in msgid:  # the header and contexts are not messages
            messages[msgid] = data[tstart : tstart + tlength].decode("utf-8")
    return messages


def _(message: str) -> str:
    """The message in the interface language (English is the message as written in the code)."""
    return catalog().get(message) or message


def N_(message: str) -> str:
    """Mark a message for the catalog where it is declared; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural message for n; Chinese has one form."""
    found = catalog().get(f"{singular}\0{plural}")
    if found:
        return found.split("\0")[0]
    return singular if n == 1 else plural


def translation() -> gettext.NullTranslations:
    """The catalog as a gettext translations object, for code that wants one (Jinja's i18n, say)."""
    import gettext as _gettext

    class Catalog(_gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return _(message)

        def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
            return ngettext(msgid1, msgid2, n)

    return Catalog()


class Later(str):
    """A text made from messages, declared at import (an option's help) and said in the language of the run
    by `say()`; as a str it is the English."""

    say: Callable[[], str]

    def __new__(cls, say: Callable[[], str]) -> Later:
        global _catalog
        kept, _catalog = _catalog, {}
        try:
            english = say()
        finally:
            _catalog = kept
        text = super().__new__(cls, english)
        text.say = say
        LATER[english] = text  # Click keeps a plain copy of a help text (inspect.cleandoc): found again by it
        return text


LATER: dict[str, Later] = {}


class Phrase(str):
    """A message with its values, as English text (what JSON keeps), said in the interface language by `said()`.

    For words that are data as well as text for people: `history`'s changes are the same in
    JSON in both languages, and in words in the language of the run.
    """

    msgid: str
    values: dict[str, object]

    def __new__(cls, msgid: str, **values: object) -> Phrase:
        phrase = super().__new__(cls, msgid.format(**values) if values else msgid)
        phrase.msgid, phrase.values = msgid, values
        return phrase

    def said(self) -> str:
        values = {k: v.said() if isinstance(v, Phrase) else v for k, v in self.values.items()}
        return _(self.msgid).format(**values) if values else _(self.msgid)


class Worded(Phrase):
    """A code as English text (what JSON keeps and English says), said as its word in Chinese: a status
    `in_progress` is 正在推进 to a clerk."""

    word: str

    def __new__(cls, code: str, word: str) -> Worded:
        phrase = cast(Worded, super().__new__(cls, "{code}", code=code))
        phrase.word = word
        return phrase

    def said(self) -> str:
        return self.word if language() == "zh" else str(self)


def enumeration(names: Iterable[str]) -> str:
    """Names or codes in a row: `a, b` in English, `a、b` in Chinese (the enumeration comma)."""
    return ("、" if language() == "zh" else ", ").join(names)


def said(text: str) -> str:
    """A Phrase in the interface language; any other text as it is."""
    return text.said() if isinstance(text, Phrase) else text


class Joined(Phrase):
    """Phrases joined with commas, in English `a, b`, in Chinese `a，b`."""

    parts: tuple[str, ...]

    def __new__(cls, parts: Sequence[str]) -> Joined:
        joined = str.__new__(cls, ", ".join(parts))
        joined.msgid, joined.values, joined.parts = ", ", {}, tuple(parts)
        return joined

    def said(self) -> str:
        return _(", ").join(said(p) for p in self.parts)
