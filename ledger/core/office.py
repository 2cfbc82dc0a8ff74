"""Office files read safely (a returned form, an imported 台账 or notice): sizes capped, a zip's expansion
checked before it is opened, only regular files."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from ledger.core.errors import LedgerError, os_reason
from ledger.core.i18n import _

MAX_FILE = 64 * 1024 * 1024  # a 台账 or a notice of any office is far below this
MAX_EXPANDED = 256 * 1024 * 1024  # what a workbook or document may unpack to, all parts together
MAX_RATIO = 200  # a part that unpacks to more than 200 times its size is a zip bomb, not a 台账


def read_bytes(path: Path, limit: int = MAX_FILE) -> bytes:
    """A regular file's bytes, never past `limit`; a folder, FIFO or device is refused without opening it."""
    try:
        info = os.stat(path)
    except OSError as e:
        raise LedgerError(_("{path}: cannot be read: {why}").format(path=path, why=os_reason(e))) from None
    if not stat.S_ISREG(info.st_mode):
        raise LedgerError(_("{path}: not a regular file").format(path=path))
    if info.st_size > limit:
        raise LedgerError(_("{path}: {size} bytes, over the {limit} an import reads").format(
            path=path, size=info.st_size, limit=limit))  # fmt: skip
    with open(path, "rb") as f:
        return f.read(limit + 1)[:limit]


def check_zip(path: Path, name: str) -> None:
    """Refuse a zip (xlsx, docx) that is not one, or that would unpack to far more than any office file."""
    read_bytes(path, MAX_FILE)  # size and kind first
    try:
        with zipfile.ZipFile(path) as archive:
            total = 0
            for info in archive.infolist():
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 1024 * 1024 and ratio > MAX_RATIO or total > MAX_EXPANDED:
                    raise LedgerError(_("{name}: a part ({part}) unpacks to {size} bytes, {ratio:.0f} times its "
                                        "size: refused as a zip bomb").format(
                        name=name, part=info.filename[:80], size=info.file_size, ratio=ratio))  # fmt: skip
    except zipfile.BadZipFile:
        raise LedgerError(_("{name}: not an Office Open XML file (not a zip); save it as .xlsx or .docx "
                            "again").format(name=name)) from None  # fmt: skip


__all__ = ["MAX_EXPANDED", "MAX_FILE", "MAX_RATIO", "check_zip", "read_bytes"]
