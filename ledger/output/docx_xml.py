"""python-docx's private parts, all in one place: the OOXML that python-docx has no public API for.

GB/T 9704's layout needs elements python-docx does not model (the document grid, field codes,
fonts by script, table grid widths): they are written here as lxml elements. Each use of a
private attribute or of `docx.oxml` says why; pyproject.toml bounds python-docx to the
version CI tests, so an upgrade that moves these parts fails the tests, not a clerk's notice.
"""

from __future__ import annotations

from typing import Any


def qn(tag: str) -> str:
    """`w:p` as lxml's `{namespace}p`. docx.oxml.ns is python-docx's own namespace table (not public API)."""
    from docx.oxml.ns import qn as docx_qn

    return docx_qn(tag)


def element(tag: str, **attributes: Any) -> Any:
    """A new OOXML element with `w:` attributes. OxmlElement is python-docx's element factory (not public API)."""
    from docx.oxml import OxmlElement

    made = OxmlElement(tag)
    for name, value in attributes.items():
        made.set(qn(f"w:{name}"), str(value))
    return made


def text_element(text: str) -> Any:
    """A `w:t` that keeps its spaces."""
    made = element("w:t")
    made.text = text
    made.set(qn("xml:space"), "preserve")
    return made


def fonts_element(east: str, latin: str) -> Any:
    """`w:rFonts` naming the East Asian font too: python-docx's `font.name` sets only the Latin ones."""
    return element("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east, cs=latin)


def body_of(document: Any) -> Any:
    """The `w:body` element: paragraphs are inserted before its `w:sectPr` in bulk (`Document.element` is
    public; its `.body` is python-docx's oxml class), far faster than `add_paragraph` for a long notice."""
    return document.element.body


def styles_of(document: Any) -> Any:
    """The `w:styles` element (public `.element`), for the run defaults python-docx exposes no API for."""
    return document.styles.element


def section_properties(section: Any) -> Any:
    """A section's `w:sectPr` (private `_sectPr`): the document grid (`w:docGrid`) has no API."""
    return section._sectPr


def paragraph_element(paragraph: Any) -> Any:
    """A paragraph's `w:p` (private `_p`): a footer's page number is a field (`w:fldChar`), which has no API."""
    return paragraph._p


def table_element(table: Any) -> Any:
    """A table's `w:tbl` (private `_tbl`): its grid widths, read by LibreOffice, have no API, and rows are
    appended as copies of one prepared row (python-docx builds each cell anew, milliseconds a row)."""
    return table._tbl


def block_width(document: Any) -> int:
    """The width between the last section's margins, in EMU (python-docx's private `_block_width`)."""
    return int(document._block_width)


def detached_table(document: Any, columns: int, width: int) -> Any:
    """A python-docx `Table` of `columns` columns (`width` EMU in all), made outside the body: `add_table` asks
    for the last section's width, an XPath over the whole body, at each table (quadratic for a notice of many
    tables); `CT_Tbl.new_tbl` and `Table(tbl, parent)` are python-docx's oxml layer. The caller places it."""
    from docx.oxml.table import CT_Tbl
    from docx.shared import Emu
    from docx.table import Table

    return Table(CT_Tbl.new_tbl(0, columns, Emu(width)), document._body)


def drop_thumbnail(document: Any) -> None:
    """Remove python-docx's own preview picture from the package. `part.package.rels` is python-docx's
    OPC layer (not documented API)."""
    package = document.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype.endswith("/thumbnail"):
            del package.rels[key]
