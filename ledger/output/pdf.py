"""PDF for the web: the Word notice or the Excel 台账 converted by LibreOffice, its fonts embedded (SPEC 3.10).

LibreOffice runs headless with a profile of its own in a temporary folder (so that a LibreOffice
the user has open, or a broken profile, changes nothing), for at most TIMEOUT seconds; the PDF
is read back and handed to the caller, which writes it atomically: nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _

TIMEOUT = 180  # seconds: a long 台账 on a slow machine takes a minute
# LibreOffice's PDF export embeds the fonts a document uses, but not the 14 standard PDF fonts
# (Times, Helvetica …) unless asked: a notice's digits are Times New Roman.
FILTERS = {"docx": "writer_pdf_Export", "xlsx": "calc_pdf_Export"}
EMBED_ALL = '{"EmbedStandardFonts":{"type":"boolean","value":"true"}}'


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise LedgerError(_(
            "the pdf format needs LibreOffice, which converts the Word or Excel file: install it and make "
            "`soffice` reachable on PATH (Debian and Ubuntu: sudo apt-get install libreoffice-writer-nogui "
            "libreoffice-calc-nogui; Windows and macOS: https://www.libreoffice.org/download/); nothing was written"
        ))  # fmt: skip
    return found


def converted(data: bytes, suffix: str) -> bytes:
    """`data`, a .docx or .xlsx file, as PDF."""
    program = soffice()
    with tempfile.TemporaryDirectory(prefix="ledger-pdf-") as folder:
        work = Path(folder)
        source = work / f"document.{suffix}"
        source.write_bytes(data)
        profile = (work / "profile").as_uri()
        target = f"pdf:{FILTERS[suffix]}:{EMBED_ALL}"
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", str(work / "out"), str(source)]  # fmt: skip
        env = {**os.environ, "HOME": str(work)}  # nothing read from or written to the user's own settings
        try:
            done = subprocess.run(command, env=env, capture_output=True, timeout=TIMEOUT, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise LedgerError(_("LibreOffice did not finish converting to PDF in {seconds} s; nothing was written")
                              .format(seconds=TIMEOUT)) from None  # fmt: skip
        except OSError as e:
            raise LedgerError(
                _("LibreOffice could not be run ({why}); nothing was written").format(why=os_reason(e))
            ) from None
        result = work / "out" / "document.pdf"
        if done.returncode != 0 or not result.is_file() or not result.read_bytes().startswith(b"%PDF"):
            why = (done.stderr or done.stdout).decode("utf-8", "replace").strip().splitlines()[-1:] or ["no PDF"]
            raise LedgerError(_("LibreOffice could not convert the file to PDF ({why}); nothing was written")
                              .format(why=why[0]))  # fmt: skip
        return result.read_bytes()


def report_pdf(report: Any) -> bytes:
    """The report as Word (GB/T 9704), then PDF."""
    from ledger.output.docx import document

    soffice()  # said before the work of building the Word file
    return converted(document(report), "docx")


def export_pdf(view: Any) -> bytes:
    """The 台账 as the printed workbook, then PDF: every sheet, each page as it prints."""
    from ledger.output.xlsx import workbook

    soffice()
    return converted(workbook(view), "xlsx")
