"""A 台账 sheet read into items: the header found and named, category/total/note rows told from items,
merged cells filled and reported, dates, statuses and measures read as words.py reads them."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from ledger.core.errors import LedgerError
from ledger.core.i18n import _, enumeration
from ledger.core.model import DEFAULT_LABELS, Status
from ledger.core.schema import ITEM
from ledger.importing.columns import MULTIPLE, TEXT, column_meaning, field_of
from ledger.importing.draft import Draft, DraftItem
from ledger.importing.grid import MAX_MERGED_CELLS, Sheet, column_letter, coordinate, read_csv, read_xlsx
from ledger.importing.words import (
    CATEGORY_PREFIX,
    LEDGER_END_RE,
    MATTER_RE,
    PLACEHOLDER,
    category_title,
    clean,
    compact,
    notice_title,
    read_date_text,
    read_status,
    split_measures,
    year_in,
)

HEADER_SCAN = 25  # rows searched for the header
NEEDED = ("title", "problem", "measures")  # a header names at least one of these
TOTAL_RE = re.compile(r"^(合\s*计|小\s*计|总\s*计|共\s*计)")
NOTE_RE = re.compile(r"^(注\s*[:：0-9１-９一]|注\s*$|备注\s*[:：]|说明\s*[:：]|制表人|填表人|审核人|审核|制表|填报人|"
                     r"联系人|联系电话|单位负责人|负责人\s*[:：]|分管领导\s*[:：]|主要负责人|签字|盖章|制表日期|填报日期|"
                     r"报送日期|日期\s*[:：])")  # fmt: skip
UNIT_RE = re.compile(r"(?:填报单位|报送单位|单位名称|单位)\s*[:：]\s*(.+?)(?=\s{2,}|填报日期|日期|截至|时间|$)")
REPORT_DAY_RE = re.compile(
    r"(?:填报日期|报送日期|截至|截止|日期|时间)\s*[:：]?\s*(\d{4}\s*[年./\-]\s*\d{1,2}\s*[月./\-]\s*"
                           r"\d{1,2}\s*日?)")  # fmt: skip
TITLE_DATE_RE = re.compile(r"[（(]?\s*(?:填报日期|截至|截止)[^）)]*[）)]?")
CATEGORY_WORDS = ("方面", "类问题", "问题类", "类）")


def read_table(draft: Draft, path: Path, kind: str, sheet_name: str | None) -> None:
    sheets = read_xlsx(path, draft.findings) if kind == "xlsx" else read_csv(path, draft.findings)
    found = [(sheet, find_header(sheet)) for sheet in sheets]
    if sheet_name is not None:
        chosen = [(s, h) for s, h in found if s.name == sheet_name]
        if not chosen:
            names = "、".join(s.name for s in sheets)
            raise LedgerError(_("{name} has no sheet named {sheet}; its sheets are {names}").format(
                name=path.name, sheet=sheet_name, names=names))  # fmt: skip
        sheet, header = chosen[0]
        if header is None:
            raise LedgerError(_("{place}: no header row with the columns of a 台账 (整改任务, 整改措施, 完成时限 …) "
                                "in its first {n} rows").format(place=sheet.place, n=HEADER_SCAN))  # fmt: skip
    else:
        looks = [(s, h) for s, h in found if h is not None]
        if not looks:
            raise LedgerError(_("{name}: no sheet has a header row with the columns of a 台账 (整改任务, 整改措施, "
                                "完成时限 …)").format(name=path.name))  # fmt: skip
        if len(looks) > 1:
            listed = "; ".join(_("{sheet} ({n} rows)").format(sheet=s.name, n=s.max_row - h[1]) for s, h in looks)
            raise LedgerError(_("{name}: {n} sheets look like a 台账: {listed}. Which one? Give --sheet NAME "
                                "(each can be imported in turn)").format(name=path.name, n=len(looks),
                                                                           listed=listed))  # fmt: skip
        sheet, header = looks[0]
        for other, _h in found:
            if other is not sheet:
                draft.findings.note(other.place, "", _("not a 台账 (no header row): not read"))
    assert header is not None
    TableReader(draft, sheet, header).read()


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(value)


def merged_lookup(sheet: Sheet) -> dict[tuple[int, int], tuple[int, int, int, int]]:
    """Each cell covered by a merge (but its top-left) → the merge; computed once per sheet, within a budget
    of cells (overlapping ranges over a whole sheet would otherwise take minutes), what is left out noted."""
    if sheet.covered is not None:
        return sheet.covered
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    budget = MAX_MERGED_CELLS
    for bounds in sheet.merged:
        r1, c1, r2, c2 = bounds
        r2, c2 = min(r2, sheet.max_row), min(c2, sheet.max_column)
        size = max(0, r2 - r1 + 1) * max(0, c2 - c1 + 1)
        if size > budget:
            sheet.skipped_merges.append(f"{coordinate(bounds[0], bounds[1])}:{coordinate(bounds[2], bounds[3])}")
            continue
        budget -= size
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                if (r, c) != (r1, c1):
                    covered[(r, c)] = bounds
    sheet.covered = covered
    return covered


def find_header(sheet: Sheet) -> tuple[int, int, dict[int, tuple[str, str]]] | None:
    """(first header row, last header row, column → (field, header text)) or None."""
    covered = merged_lookup(sheet)

    def shown(r: int, c: int) -> str:
        bounds = covered.get((r, c))
        value = sheet.value(bounds[0], bounds[1]) if bounds else sheet.value(r, c)
        return text_of(value)

    best: tuple[int, int] | None = None
    for r in range(1, min(sheet.max_row, HEADER_SCAN) + 1):
        fields = {field_of(shown(r, c)) for c in range(1, sheet.max_column + 1)} - {None}
        if len(fields) >= 3 and fields & set(NEEDED) and (best is None or len(fields) > best[1]):
            best = (r, len(fields))
    if best is None:
        return None
    top = best[0]
    columns: dict[int, tuple[str, str]] = {}
    if top > 1 and any(b[0] == top - 1 and b[2] >= top for b in sheet.merged):
        top -= 1  # the best row is the lower of two: 序号 merged down over both, 责任主体 above 责任领导
    lower = top + 1
    sub = {c: shown(lower, c) for c in range(1, sheet.max_column + 1)}
    two_rows = top < best[0] or (
        any(
            field_of(sub[c])
            and (covered.get((top, c)) or not shown(top, c) or not field_of(shown(top, c)))
            and covered.get((top, c), (0, 0, 0, 0))[2] < lower
            for c in sub
        )
        and not any(text_of(sheet.value(lower, c)).isdigit() for c in sub)
    )
    last = lower if two_rows else top
    for c in range(1, sheet.max_column + 1):
        upper_text = shown(top, c)
        lower_text = sub[c] if two_rows and covered.get((lower, c), (0, 0, 0, 0))[0] != top else ""
        name = lower_text if field_of(lower_text) else upper_text
        found = field_of(lower_text) or field_of(upper_text)
        if found:
            columns[c] = (found, name)
        elif upper_text or lower_text:
            columns[c] = ("", lower_text or upper_text)
    return top, last, columns


class TableReader:
    def __init__(self, draft: Draft, sheet: Sheet, header: tuple[int, int, dict[int, tuple[str, str]]]) -> None:
        self.draft, self.sheet, self.findings = draft, sheet, draft.findings
        self.top, self.last, self.columns = header
        self.covered = merged_lookup(sheet)
        self.merge_at = {(b[0], b[1]): b for b in sheet.merged}
        self.reported_merges: set[tuple[int, int, int, int]] = set()
        self.category: str | None = None
        self.category_count: tuple[str, int | None, str, int] | None = None  # title, stated count, place, start
        self.report_day: date | None = None
        self.year: int | None = None
        self.since_subtotal = 0

    def place(self, row: int, column: int) -> str:
        return f"{self.sheet.place}!{coordinate(row, column)}"

    def read(self) -> None:
        sheet = self.sheet
        if self.top == self.last:
            self.draft.read.append(_("sheet {sheet}: header on row {row}").format(sheet=sheet.name, row=self.top))
        else:
            self.draft.read.append(_("sheet {sheet}: header on rows {first}–{last}").format(
                sheet=sheet.name, first=self.top, last=self.last))  # fmt: skip
        for ref in sheet.skipped_merges[:10]:
            self.findings.unused(
                f"{sheet.place}!{ref}",
                "",
                _("a merged range over more cells than an import fills: its value is given to its first cell only"),
            )
        if len(sheet.skipped_merges) > 10:
            self.findings.unused(sheet.place, "", _("{n} more merged ranges like it").format(
                n=len(sheet.skipped_merges) - 10))  # fmt: skip
        self.above_header()
        self.columns_found()
        by_field: dict[str, list[int]] = {}
        for c, (name, _text) in self.columns.items():
            if name:
                by_field.setdefault(name, []).append(c)
        self.by_field = by_field
        self.year = self.year or self.common_year()
        if sheet.filter:
            self.findings.note(f"{sheet.place}!{sheet.filter}", "", _("an active filter: the rows it hides are read "
                                                                      "as items too"))  # fmt: skip
        hidden = sorted(r for r in sheet.hidden_rows if r > self.last)
        first_item = len(self.draft.items)
        for r in range(self.last + 1, sheet.max_row + 1):
            self.row(r)
        hidden_items = [item for item in self.draft.items[first_item:] if int(re.sub(r"\D", "", item.place.rsplit(
            "!", 1)[1]) or 0) in sheet.hidden_rows]  # fmt: skip
        if hidden:
            self.findings.note(sheet.place, "", _("rows {rows} are hidden: read like the others ({n} of them items)")
                               .format(rows=enumeration(map(str, hidden[:30])) + (" …" if len(hidden) > 30 else ""),
                                       n=len(hidden_items)))  # fmt: skip
        self.close_category()
        self.draft.read.append(_("{n} items from rows {first}–{last}").format(
            n=len(self.draft.items), first=self.last + 1, last=sheet.max_row))  # fmt: skip
        if self.report_day:
            self.draft.config["_close_day"] = self.report_day
        if not self.draft.categories:
            pass

    def above_header(self) -> None:
        """Title and 填报单位/填报日期 rows: the ledger's title, its issuer, and the day of the report."""
        texts = []
        title_place: str | None = None
        for r in range(1, self.top):
            row = [text_of(self.sheet.value(r, c)) for c in range(1, self.sheet.max_column + 1)]
            text = "  ".join(t for t in row if t)
            if text:
                texts.append((r, text))
        for r, text in texts:
            unit = UNIT_RE.search(text)
            day = REPORT_DAY_RE.search(text)
            if unit:
                self.draft.config.setdefault("issuer", unit.group(1).strip())
                self.findings.inferred(self.place(r, 1), text, _("the 填报单位 read as the issuer"))
            if day:
                reading = read_date_text(day.group(1))
                if reading and reading.day:
                    self.report_day = reading.day
                    self.year = reading.day.year
                    self.findings.note(self.place(r, 1), text, _("the 填报日期 {day}: the date of progress notes and "
                                                                 "of a 销号 the sheet does not date").format(
                        day=reading.day.isoformat()))  # fmt: skip
            title = TITLE_DATE_RE.sub("", text) if day else text
            if not unit and "title" not in self.draft.config and not REPORT_DAY_RE.match(title.strip()) and \
                    len(compact(title)) >= 4:  # fmt: skip
                self.draft.config["title"] = compact(title)
                title_place = self.place(r, 1)
                self.year = self.year or year_in(text)
        self.notice_title(title_place)

    def notice_title(self, place: str | None) -> None:
        """The title row names the 台账 (某县水利局党组巡察整改台账); ledger.yaml's title heads the notice, so it
        is the notice's title in the genre, made from the 台账's title and the issuer, and said."""
        config = self.draft.config
        stated = config.get("title")
        if stated is None:  # no title row: the sheet's name, when it names the matter (not 12月)
            stated = self.sheet.name if LEDGER_END_RE.search(self.sheet.name) or MATTER_RE.search(self.sheet.name) \
                else ""  # fmt: skip
            place = self.sheet.place
            config["title"] = stated
        derived = notice_title(stated, config.get("issuer"))
        if derived is None:
            return
        config["title"] = derived
        if PLACEHOLDER in derived:
            message = _("not a notice's title: the notice's title is written as {title}; put the unit in for the ×× "
                        "(ledger validate points it out)").format(title=derived)  # fmt: skip
        else:
            message = _("not a notice's title: the notice's title is made from it as {title}").format(title=derived)
        self.findings.inferred(place or self.sheet.place, stated or self.sheet.name, message)

    def columns_found(self) -> None:
        seen: dict[str, int] = {}
        for c, (name, text) in sorted(self.columns.items()):
            where = self.place(self.top, c)
            if c in self.sheet.hidden_columns:
                self.findings.note(where, text, _("a hidden column: read like the others"))
            if not name:
                self.findings.unused(where, text, _("a column the ledger has no field for: its values are kept in "
                                                    "each item's extra"))  # fmt: skip
                self.columns[c] = ("extra", text)
                continue
            if name in seen and name not in MULTIPLE:
                self.findings.unused(
                    where,
                    text,
                    _("a second {field} column (the first is {col}): its values are kept in each item's extra").format(
                        field=name, col=column_letter(seen[name])
                    ),
                )
                self.columns[c] = ("extra", text)
                continue
            seen.setdefault(name, c)
            if name in ("goal", "remarks"):
                self.findings.note(where, text, _("kept in each item's extra as {name}").format(name=text))
        shown = [
            f"{column_letter(c)} {text}→{column_meaning(name)}" for c, (name, text) in sorted(self.columns.items())
        ]
        self.draft.read.append(_("columns: {list}").format(list=_(", ").join(shown)))

    def common_year(self) -> int | None:
        years: Counter[int] = Counter()
        for c in self.by_field.get("deadline", []):
            for r in range(self.last + 1, self.sheet.max_row + 1):
                value = self.sheet.value(r, c)
                if isinstance(value, (date, datetime)):
                    years[value.year] += 1
                elif isinstance(value, str):
                    found = year_in(value) or (re.match(r"(20\d\d)[./\-]", clean(value)) and int(clean(value)[:4]))
                    if found:
                        years[int(found)] += 1
        return years.most_common(1)[0][0] if years else None

    # --- one row -----------------------------------------------------------------------------

    def cell(self, r: int, c: int) -> Any:
        """The value at (r, c), a merged range's value in each cell it covers — reported once per range."""
        bounds = self.covered.get((r, c))
        if bounds is None:
            return self.sheet.value(r, c)
        value = self.sheet.value(bounds[0], bounds[1])
        if value is not None and bounds[2] > bounds[0] and bounds not in self.reported_merges and bounds[0] > self.last:
            self.reported_merges.add(bounds)
            span = f"{coordinate(bounds[0], bounds[1])}:{coordinate(bounds[2], bounds[3])}"
            self.findings.inferred(f"{self.sheet.place}!{span}", text_of(value), _(
                "a cell merged over rows {first}–{last}: its value given to each of those rows").format(
                first=bounds[0], last=bounds[2]))  # fmt: skip
        return value

    def row(self, r: int) -> None:
        sheet = self.sheet
        raw = {c: self.cell(r, c) for c in range(1, sheet.max_column + 1)}
        texts = {c: text_of(v) for c, v in raw.items() if text_of(v)}
        if not texts:
            return
        first_text = texts[min(texts)]
        if TOTAL_RE.match(compact(first_text)):
            self.total_row(r, texts)
            return
        if NOTE_RE.match(first_text) and len(texts) <= 3:
            day = REPORT_DAY_RE.search(" ".join(texts.values()))
            if day:
                reading = read_date_text(day.group(1))
                if reading and reading.day and self.report_day is None:
                    self.report_day = reading.day
            self.findings.note(self.place(r, min(texts)), first_text, _("a note or signature row: not an item"))
            return
        if self.is_repeated_header(texts):
            self.findings.note(self.place(r, min(texts)), first_text, _("the header repeated: not an item"))
            return
        if self.is_category_row(r, texts):
            title, count = category_title(first_text)
            self.close_category()
            self.category = self.draft.category(title)
            self.category_count = (title, count, self.place(r, min(texts)), len(self.draft.items))
            self.since_subtotal = 0
            return
        self.item(r, raw)

    def is_repeated_header(self, texts: dict[int, str]) -> bool:
        names = [field_of(t) for t in texts.values()]
        return len(set(names) - {None}) >= 3 and sum(1 for n in names if n) >= len(names) - 1

    def is_category_row(self, r: int, texts: dict[int, str]) -> bool:
        values = set(texts.values())
        if len(values) != 1:
            return False
        text = next(iter(values))
        first = min(texts)
        bounds = self.covered.get((r, first + 1)) or self.merge_at.get((r, first))
        across = bounds is not None and bounds[3] - bounds[1] >= 2 and bounds[0] == r
        looks = bool(CATEGORY_PREFIX.match(text)) or any(w in text for w in CATEGORY_WORDS)
        field = self.columns.get(first, ("", ""))[0]
        return (across and field not in ("measures", "problem")) or (looks and field in ("seq", "category", ""))

    def total_row(self, r: int, texts: dict[int, str]) -> None:
        first = min(texts)
        words = compact(texts[first])
        numbers = [int(n) for t in texts.values() for n in re.findall(r"(?<![\d.])(\d{1,5})(?![\d.])", t)]
        subtotal = words.startswith("小")
        counted = self.since_subtotal if subtotal else len(self.draft.items)
        stated = numbers[0] if numbers else None
        place = self.place(r, first)
        shown = " | ".join(texts.values())
        if stated is not None and stated != counted:
            self.findings.unused(place, shown, _("the row says {stated} items, the rows above hold {counted}: check "
                                                 "the sheet").format(stated=stated, counted=counted))  # fmt: skip
        else:
            self.findings.note(place, shown, _("a total row: not an item"))
        if subtotal:
            self.since_subtotal = 0

    def close_category(self) -> None:
        if self.category_count is None:
            return
        title, stated, place, start = self.category_count
        held = len(self.draft.items) - start
        if stated is not None and stated != held:
            self.findings.unused(place, title, _("the heading says {stated} problems, the rows under it hold {held}")
                                 .format(stated=stated, held=held))  # fmt: skip
        self.category_count = None

    def first(self, raw: dict[int, Any], name: str) -> tuple[int | None, Any]:
        for c in self.by_field.get(name, []):
            if text_of(raw.get(c)):
                return c, raw[c]
        return None, None

    def item(self, r: int, raw: dict[int, Any]) -> None:
        fields: dict[str, Any] = {}
        row_place = self.place(r, 1)
        item = DraftItem(row_place, fields)
        c, problem = self.first(raw, "problem")
        if problem is not None:
            fields["problem"] = text_of(problem)
        c_title, title = self.first(raw, "title")
        if title is not None:
            fields["title"] = " ".join(text_of(title).split())
        elif problem is not None:
            first_clause = re.split(r"[。；;\n]", fields["problem"])[0].strip()
            fields["title"] = first_clause[:80]
            if self.by_field.get("title"):
                self.findings.inferred(self.place(r, self.by_field["title"][0]), first_clause, _(
                    "the 整改任务 cell is empty or unusable: the title is the problem's first sentence"))  # fmt: skip
            else:
                self.findings.inferred(self.place(r, c or 1), first_clause, _("no 整改任务 column: the title is the "
                                                                             "problem's first sentence"))  # fmt: skip
        c_m, measures = self.first(raw, "measures")
        if "title" not in fields and measures is not None:
            fields["title"] = split_measures(text_of(measures))[1][0][:80]
            self.findings.inferred(
                self.place(r, c_m or 1),
                fields["title"],
                _("neither 整改任务 nor 反馈问题: the title is the first measure"),
            )
        if "title" not in fields:
            shown = " | ".join(text_of(v) for v in raw.values() if text_of(v))
            self.findings.unused(row_place, shown, _("a row with no task, problem or measures: not an item"))
            return
        self.draft.items.append(item)
        self.since_subtotal += 1
        if measures is not None:
            lead, found, _family = split_measures(text_of(measures))
            if lead:
                fields.setdefault("extra", {})["措施导语"] = lead
                self.findings.inferred(self.place(r, c_m or 1), lead, _("a lead-in line, not a measure: kept in extra "
                                                                       "as 措施导语"))  # fmt: skip
            fields["measures"] = found
        self.category_of(r, raw, fields)
        for name in TEXT:
            _c, value = self.first(raw, name)
            if value is not None:
                prose = ITEM.fields[name].prose  # lines kept; a name or a title on one line
                fields[name] = text_of(value) if prose else " ".join(text_of(value).split())
        departments = []
        for c in self.by_field.get("department", []):
            departments += [d for d in re.split(r"[、,，;；/\n]+", text_of(raw.get(c))) if d.strip()]
        if departments:
            fields["department"] = list(dict.fromkeys(d.strip() for d in departments))
        evidence = []
        for c in self.by_field.get("evidence", []):
            evidence += [e.strip() for e in re.split(r"[\n；;]+", text_of(raw.get(c))) if e.strip()]
        if evidence:
            fields["evidence"] = evidence
        self.deadline(r, raw, fields)
        self.status(r, raw, fields)
        self.closed(r, raw, fields)
        self.progress(r, raw, fields)
        for c, (name, text) in self.columns.items():
            if name in ("extra", "goal", "remarks") and text_of(raw.get(c)):
                key = text or column_letter(c)
                fields.setdefault("extra", {})[key] = text_of(raw[c])
                if name == "remarks":
                    note = text_of(raw[c])
                    if "立行立改" in note and "立行立改" not in fields.get("tags", []):
                        fields.setdefault("tags", []).append("立行立改")
                        self.findings.inferred(self.place(r, c), note, _("立行立改 in the remarks: tagged 立行立改"))

    def category_of(self, r: int, raw: dict[int, Any], fields: dict[str, Any]) -> None:
        c, value = self.first(raw, "category")
        if value is not None:
            title, _count = category_title(text_of(value))
            self.category = self.draft.category(title)
            fields["category"] = self.category
            return
        if self.by_field.get("category") and self.category is not None and self.category_count is None:
            self.findings.inferred(self.place(r, self.by_field["category"][0]), self.category,
                                   _("an empty category cell: the category above filled down"))  # fmt: skip
        if self.category is None:
            self.category = self.draft.category(_("巡察反馈问题"))
            self.findings.inferred(self.sheet.place, self.category, _("the sheet names no category: every item is put "
                                                                      "in one category, 巡察反馈问题"))  # fmt: skip
        fields["category"] = self.category

    def deadline(self, r: int, raw: dict[int, Any], fields: dict[str, Any]) -> None:
        c, value = self.first(raw, "deadline")
        if value is None or c is None:
            return
        where = self.place(r, c)
        day, said = self.date_cell(value, self.sheet.cells[self.origin(r, c)].fmt if self.origin(r, c) in
                                   self.sheet.cells else "General", where)  # fmt: skip
        if day is not None:
            fields["deadline"] = day
            return
        reading = read_date_text(text_of(value), self.year)
        if reading is None:
            self.findings.unused(where, text_of(value), _("not a date: no deadline written"))
            return
        if reading.tags:
            fields["tags"] = list(reading.tags)
            self.findings.inferred(where, text_of(value), _("立行立改: tagged 立行立改") if reading.day is None else
                                   _("tagged {tags}").format(tags="、".join(reading.tags)))  # fmt: skip
        if reading.status is Status.ONGOING:
            fields["_ongoing"] = where
        if reading.needs_year and reading.day is None:
            self.findings.unused(where, text_of(value), _("a month and day without a year, and no year in the sheet "
                                                          "to take: no deadline written"))  # fmt: skip
            return
        if reading.day is None and not reading.tags and reading.status is None:
            self.findings.unused(where, text_of(value), _("not a real date: no deadline written"))
            return
        if reading.day is not None:
            fields["deadline"] = reading.day
            if reading.inferred:
                self.findings.inferred(where, text_of(value), _("read as {day}: {why}").format(
                    day=reading.day.isoformat(), why=reading.inferred))  # fmt: skip

    def origin(self, r: int, c: int) -> tuple[int, int]:
        bounds = self.covered.get((r, c))
        return (bounds[0], bounds[1]) if bounds else (r, c)

    def date_cell(self, value: Any, fmt: str, where: str) -> tuple[date | None, bool]:
        """A date cell (any number format), or a bare serial number; None for text."""
        if isinstance(value, datetime):
            day = value.date()
        elif isinstance(value, date):
            day = value
        elif isinstance(value, (int, float)) and not isinstance(value, bool) and 20_000 <= value <= 80_000:
            day = date(1899, 12, 30) + timedelta(days=int(value))
            self.findings.inferred(where, str(value), _("a bare number read as an Excel date serial: {day}").format(
                day=day.isoformat()))  # fmt: skip
            return day, True
        else:
            return None, False
        shown = fmt.lower()
        if "y" not in re.sub(r'"[^"]*"|\[[^\]]*\]', "", shown) and fmt not in ("General",):
            self.findings.inferred(
                where,
                fmt,
                _("a date cell whose format ({fmt}) hides the year: read as {day}, the year the cell holds").format(
                    fmt=fmt, day=day.isoformat()
                ),
            )
        return day, True

    def status(self, r: int, raw: dict[int, Any], fields: dict[str, Any]) -> None:
        c, value = self.first(raw, "status")
        ongoing = fields.pop("_ongoing", None)
        if value is not None and c is not None:
            status, reading = read_status(text_of(value))
            if status is None:
                where = self.place(r, c)
                self.findings.unused(where, text_of(value), _("not a status the ledger knows (已完成, 正在推进, "
                                                                         "…): written as in_progress"))  # fmt: skip
                fields["status"] = Status.IN_PROGRESS
            else:
                fields["status"] = status
                if reading:
                    self.findings.inferred(self.place(r, c), text_of(value), _("read as {code} ({label})").format(
                        code=status.value, label=DEFAULT_LABELS[status]))  # fmt: skip
                return
        if ongoing and fields.get("status") in (None, Status.IN_PROGRESS):
            fields["status"] = Status.ONGOING
            self.findings.inferred(ongoing, "长期坚持", _("长期坚持 in the deadline column: status ongoing"))
            return
        if "status" not in fields:
            fields["status"] = Status.IN_PROGRESS
            self.findings.inferred(fields.get("_place", self.place(r, 1)), fields.get("title", ""),
                                   _("no status given: written as in_progress (正在推进)"))  # fmt: skip

    def closed(self, r: int, raw: dict[int, Any], fields: dict[str, Any]) -> None:
        c, value = self.first(raw, "closed")
        if value is None or c is None:
            return
        where = self.place(r, c)
        day, _said = self.date_cell(value, "yyyy-mm-dd", where)
        if day is None:
            reading = read_date_text(text_of(value), self.year)
            day = reading.day if reading else None
            if reading and reading.inferred and day:
                self.findings.inferred(where, text_of(value), _("read as {day}: {why}").format(
                    day=day.isoformat(), why=reading.inferred))  # fmt: skip
        if day is None:
            self.findings.unused(where, text_of(value), _("not a date: no 销号 date written"))
            return
        fields["closed"] = day
        if fields.get("status") is not Status.DONE:
            self.findings.inferred(where, text_of(value), _("a 销号 date: the item is done"))
            fields["status"] = Status.DONE

    def progress(self, r: int, raw: dict[int, Any], fields: dict[str, Any]) -> None:
        c, value = self.first(raw, "progress")
        if value is None or c is None:
            return
        day = self.report_day or date.today()
        fields["log"] = [{"date": day, "note": text_of(value)}]
        self.findings.inferred(self.place(r, c), text_of(value), _("the progress written as a note dated {day} ({why})")
                               .format(day=day.isoformat(), why=_("the 填报日期") if self.report_day
                                       else _("today: the sheet gives no 填报日期")))  # fmt: skip
