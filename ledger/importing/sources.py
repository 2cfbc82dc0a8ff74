"""Reading the files an office has, safely: sizes capped, a zip's expansion checked before it is opened."""

from __future__ import annotations

from pathlib import Path

from ledger.core.errors import LedgerError
from ledger.core.i18n import _
from ledger.core.office import check_zip, read_bytes
from ledger.importing.findings import Findings
from ledger.importing.notice import Paragraph

MAX_TEXT = 8 * 1024 * 1024


def decode_text(data: bytes, name: str, findings: Findings) -> str:
    """UTF-8 (a BOM or none), else GB18030 (which holds GBK) — said in the report; else an error.

    A text that is valid UTF-8 is UTF-8; GBK is tried only when it is not, and the reading is
    reported, so nothing is decoded in a guessed encoding without the user being told.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise LedgerError(_("{name}: starts as UTF-16 but byte {at} cannot be read; save it as CSV UTF-8").format(
                name=name, at=e.start)) from None  # fmt: skip
        findings.note(name, "", _("read as UTF-16 (its byte order mark says so)"))
        return text
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise LedgerError(_("{name}: neither UTF-8 nor GBK/GB18030 (byte {at} cannot be read); save it as "
                                "CSV UTF-8").format(name=name, at=utf8.start)) from None  # fmt: skip
        findings.note(
            name,
            "",
            _(
                "not UTF-8: read as GBK/GB18030, as Excel and WPS save CSV on Chinese Windows "
                "(the first byte that is not UTF-8 is byte {at})"
            ).format(at=utf8.start),
        )
        return text


def text_paragraphs(path: Path, findings: Findings) -> list[Paragraph]:
    """A .txt notice: each line a paragraph, placed by its line number."""
    text = decode_text(read_bytes(path, MAX_TEXT), path.name, findings)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Paragraph(_("{file} line {n}").format(file=path.name, n=n), line) for n, line in enumerate(lines, 1)]


def docx_paragraphs(path: Path, findings: Findings) -> list[Paragraph]:
    """A .docx notice: its body's paragraphs in order (a manual line break inside one kept as a line break);
    runs split mid-sentence are joined by python-docx's paragraph text."""
    check_zip(path, path.name)
    try:
        import docx
    except ImportError:
        raise LedgerError(_("reading a .docx needs python-docx: pip install 'zhenggai-ledger[docx]'")) from None
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises many kinds for a damaged file
        raise LedgerError(_("{name}: not a Word document python-docx can read ({why})").format(
            name=path.name, why=type(e).__name__)) from None  # fmt: skip
    found = []
    for n, para in enumerate(document.paragraphs, 1):
        found.append(Paragraph(_("{file} paragraph {n}").format(file=path.name, n=n), para.text))
    if document.tables:
        findings.unused(path.name, "", _("{n} table(s) in the document: not read (a notice's items are "
                                         "paragraphs)").format(n=len(document.tables)))  # fmt: skip
    return found
