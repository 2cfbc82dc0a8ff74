"""The interface language (SPEC 3.6) and the gettext catalog every message for a person goes through."""

from __future__ import annotations

import gettext as _gettext
import os
import sys
from pathlib import Path

DOMAIN = "ledger"
LOCALES = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("zh", "en")

_translation: _gettext.NullTranslations | None = None
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
    global _language, _translation
    _language, _translation = code, None


def translation() -> _gettext.NullTranslations:
    global _translation
    if _translation is None:
        if language() == "en":
            _translation = _gettext.NullTranslations()
        else:
            _translation = _gettext.translation(DOMAIN, LOCALES, languages=["zh_CN"], fallback=True)
    return _translation


def _(message: str) -> str:
    """The message in the interface language (English is the message as written in the code)."""
    return translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translation().ngettext(singular, plural, n)
