"""GB/T 9704's measures, for Word and the web page: widths of text, the title's lines, the signature's
place and the 台账 table's columns (in twips, twentieths of a point)."""

from __future__ import annotations

import re

from ledger.core.zh import wide
from ledger.output.blocks import Run, signature_lefts

BODY_HALF_POINTS = 32  # 3号, 16 pt
TABLE_HALF_POINTS = 24  # 小四, 12 pt: the 台账's columns fit a landscape page
WIDE_TWIPS = 315  # one 3号 character with docx.CHAR_SPACING (−0.25 pt): 15.75 pt
NARROW_TWIPS = 155  # a Times New Roman digit at 16 pt with that spacing too
TEXT_TWIPS = 8844  # the 版心's width, 156 mm
MM = 1440 / 25.4  # twips per millimetre
TITLE_PER_LINE = 20  # 2号 characters in the 版心's width
# Where a title may break with its words whole: after these (关于… starts the subject of 通报).
TITLE_BREAKS = ("关于", "的", "党组", "委员会", "政府", "办公室", "局", "厅", "委", "部", "院", "会", "组")


def title_lines(text: str, configured: list[str] | None) -> list[str]:
    """The title's lines: as ledger.yaml's docx.title_lines gives them when they are the title, else balanced."""
    return configured if configured and "".join(configured) == text else balanced(text)


def balanced(text: str, per_line: int = TITLE_PER_LINE) -> list[str]:
    """A long title in lines of nearly equal length, each broken after a word that ends a phrase."""
    count = -(-len(text) // per_line) or 1
    lines, rest = [], text
    for left in range(count, 1, -1):
        ideal = -(-len(rest) // left)
        window = rest[:per_line]  # a line ends within it: linear in the title, however long
        ends = [m.end() for word in TITLE_BREAKS for m in re.finditer(re.escape(word), window)]
        fits = [
            end
            for end in ends
            if abs(end - ideal) <= 4 and end <= per_line and len(rest) - end <= per_line * (left - 1)
        ]
        cut = min(fits, key=lambda end: (abs(end - ideal), -end)) if fits else min(ideal, per_line)
        lines.append(rest[:cut])
        rest = rest[cut:]
    return [*lines, rest]


def text_width(text: str) -> int:
    """Twips a line of body text takes: full-width characters and half-width digits and Latin."""

    return sum(WIDE_TWIPS if wide(c) else NARROW_TWIPS for c in text)


def signature_offsets(issuer: str, date_text: str) -> tuple[int, int]:
    """Left indents (twips) of the issuer and the date lines (GB/T 9704-2012 7.3.5.2)."""
    issuer_left, date_left, _, _ = signature_lefts(issuer, date_text, TEXT_TWIPS, WIDE_TWIPS, NARROW_TWIPS,
                                                   WIDE_TWIPS / 4)  # fmt: skip
    return round(issuer_left), round(date_left)


SHORT = 12  # characters: a piece of a value this long or shorter is kept on one line
BREAKS = re.compile(r"(?<=[、，；。：）])|(?=（)|\s+")


def pieces(text: str) -> list[str]:
    """The parts of a table cell's text between the places a line breaks well."""
    return [piece for piece in BREAKS.split(text) if piece]


# The 台账 is a table page, not the notice's 版心: landscape A4 with 15 mm at the sides and cells 1 mm in
# (Word's default is 1.9 mm), so that ten columns of 小四 (督办灯 the tenth) keep their dates and short values
# whole.
TABLE_SIDE_MM = 15
CELL_MARGIN_TWIPS = 57
# twips: the cell's margins, left and right, and 3 pt to spare (measured: LibreOffice sets 2026年12月15日 in
# 94.8 pt, 1.8 pt less than width() says), so that ten columns of short values fit the page more often.
CELL_MARGINS = 2 * CELL_MARGIN_TWIPS + 60


def cell_width(text: str) -> int:
    """Twips a table cell needs to hold the text on one line, its margins included."""
    scale = TABLE_HALF_POINTS / BODY_HALF_POINTS  # text_width measures 3号; the table is set in 小四
    # LibreOffice puts a quarter-character gap where Chinese meets digits or Latin, whatever autoSpace says.
    changes = sum(wide(a) != wide(b) for a, b in zip(text, text[1:], strict=False))
    return int((text_width(text) + changes * WIDE_TWIPS // 4) * scale) + CELL_MARGINS


def short_lines(text: str, column: int) -> list[str]:
    """A short value too wide for its column, in lines broken only between its pieces (未启动 / （逾期19天）):
    LibreOffice would break it anywhere (未启动（逾期19 / 天）). Other text as it is, one line."""
    if len(text) > SHORT or cell_width(text) <= column or len(pieces(text)) < 2:
        return [text]
    lines: list[str] = []
    rest = text
    for piece in pieces(text):
        start = rest.index(piece)
        chunk, rest = rest[: start + len(piece)], rest[start + len(piece) :]
        if lines and cell_width(lines[-1] + chunk) <= column:
            lines[-1] += chunk
        else:
            lines.append(chunk)
    lines[-1] += rest
    return lines


def column_widths(rows: list[list[list[Run]]], columns: int, page_mm: float) -> list[int]:
    """Column widths in twips: each at least its header on one line (an empty column no wider), and a column
    of short values (up to SHORT characters) their width; what the page has left goes to the columns of
    long text, by how much text they hold, each up to its longest cell (at most twenty characters)."""

    def width(cells: list[Run]) -> int:
        return cell_width("".join(r.text for r in cells))

    header = rows[0] + [[]] * (columns - len(rows[0]))
    total = int(page_mm * MM)
    headers, short, parts, wanted, longests, volumes = [], [], [], [], [], []
    for n in range(columns):
        texts = ["".join(r.text for r in row[n]) for row in rows[1:] if n < len(row)]
        longest = max((width(row[n]) for row in rows if n < len(row)), default=0)
        headers.append(max(width(header[n]), width([Run("字字")])))
        # What should not break: a short value (2026年12月31日, a name, 正在推进（逾期15天）) of up to SHORT
        # characters; where the page is too narrow for that, each piece of one between the places Chinese
        # breaks a line well (after 、，；, before （).
        short.append(max([headers[n], *(width([Run(t)]) for t in texts if len(t) <= SHORT)]))
        parts.append(max([headers[n], *(width([Run(p)]) for t in texts for p in pieces(t) if len(p) <= SHORT)]))
        wanted.append(max(min(longest, width([Run("字" * 20)])), short[n]))
        longests.append(longest)
        volumes.append(sum(width([Run(t)]) - CELL_MARGINS for t in texts if t))
    # Never narrower than the header; a column of short values (dates, statuses, names) never narrower
    # than its longest, where the page allows. Where it does not, the widest columns (the long text of
    # 整改任务, many departments) give way first, by what the page lacks, down to their pieces and then to
    # their header, one by one: the dates stay whole as long as anything else can yield.
    least = list(short)
    for fallback in (parts, headers):
        for n in sorted(range(columns), key=lambda n: -short[n]):
            if sum(least) <= total:
                break
            least[n] = max(fallback[n], least[n] - (sum(least) - total))  # as little as the page needs
    if sum(least) >= total:  # headers wider than the page: shared as they are
        widths = [total * w // sum(least) for w in least]
    elif sum(wanted) <= total:  # room to spare: to the columns whose text would still wrap, else by their text
        over = [max(0, longest - w) for longest, w in zip(longests, wanted, strict=True)]
        weights = over if sum(over) else [w if longest > headers[n] else 0 for n, (w, longest) in
                                            enumerate(zip(wanted, longests, strict=True))]  # fmt: skip
        weights = weights if sum(weights) else wanted
        spare = total - sum(wanted)
        widths = [w + spare * k // sum(weights) for w, k in zip(wanted, weights, strict=True)]
    else:  # each column its least, and what is left to the columns of long text by how much text they hold
        widths, free = list(least), {n for n in range(columns) if wanted[n] > least[n]}
        while free:
            spare = total - sum(widths)
            weight = sum(volumes[n] for n in free) or len(free)
            share = {n: spare * (volumes[n] if sum(volumes[n] for n in free) else 1) // weight for n in free}
            full = {n for n in free if widths[n] + share[n] >= wanted[n]}
            if not full:
                for n in free:
                    widths[n] += share[n]
                break
            for n in full:  # as wide as its text wants and no wider: the rest shared again among the others
                widths[n] = wanted[n]
            free -= full
    widths[widths.index(max(widths))] += total - sum(widths)  # what rounding left, to the widest
    return widths
