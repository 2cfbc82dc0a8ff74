"""A published notice (整改进展情况的通报), as text paragraphs, read back into ledger data.

Layout A (组织 + 任务 + 打算, the genre's usual form and `notice.md.j2`) and layout B (the feedback's
categories as sections, each item 关于“…”问题的整改。整改状态：…。整改情况：…) are both read. A
clerk's slips (3、 for 三、, 6． for 6., (一) for （一）, two items numbered 7., a paragraph or the
contact paragraph split in two) are read through and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from ledger.core.i18n import _
from ledger.core.model import DEFAULT_LABELS, Status
from ledger.importing.draft import Draft, DraftItem
from ledger.importing.words import CN_NUM, clean, cn_to_int, read_status


@dataclass
class Paragraph:
    place: str
    text: str


CN_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
DATE_RE = re.compile(CN_DATE)
RANGE_RE = re.compile(CN_DATE + r"\s*(?:至|—|－|-|~)\s*(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")
TITLE_ENDS = ("通报", "公告", "公示", "情况", "报告", "公开")
SECTION_RE = re.compile(rf"^({CN_NUM})\s*[、.]\s*(.+)$")
SLIP_SECTION_RE = re.compile(r"^(\d{1,2})\s*[、.]\s*(.+)$")
SUB_RE = re.compile(rf"^[（(]\s*({CN_NUM})\s*[）)]\s*(.*)$")
ITEM_RE = re.compile(r"^(\d{1,3})\s*[.、]\s*(.+)$")
VISIT = r"\s*，\s*(.+?)对(.+?)(?:开展了|进行了|开展|进行)[^。，]{0,8}?(?:巡察|巡视|审计)"
SECTION_WORDS = (
    "下一步",
    "下步",
    "主体责任",
    "任务落实",
    "整改任务",
    "落实情况",
    "整改进展",
    "整改情况",
    "存在问题",
    "方面",
)
OUTCOME_START = re.compile(r"(?<=[。；！])(经巡察整改|经过整改|经整改|通过整改|整改以来|截至目前|目前，|目前已)")
STATUS_RE = re.compile(r"整改状态[：:]\s*([^。；;]+)[。；;]?")
SITUATION_RE = re.compile(r"整改情况[：:]\s*")
LAYOUT_B_RE = re.compile(r"^关于[“\"](.+?)[”\"](?:问题)?的整改[。.]?\s*(.*)$")
SUPERVISION = "欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。"
STATS_RE = re.compile(r"截至" + CN_DATE + r"，[^。]*?问题(\d+)个[^。]*?完成率[\d.]+%。")


def to_date(match: re.Match[str] | tuple[str, ...]) -> date | None:
    groups = match.groups()[:3] if isinstance(match, re.Match) else match
    try:
        return date(int(groups[0]), int(groups[1]), int(groups[2]))
    except ValueError:
        return None


def normalised(text: str) -> str:
    """A paragraph as read: cleaned, half-width brackets of a numbering as full-width, no indent."""
    value = clean(text)
    value = re.sub(rf"^\(\s*({CN_NUM})\s*\)", r"（\1）", value)
    return value


class NoticeReader:
    def __init__(self, draft: Draft, paragraphs: list[Paragraph]) -> None:
        self.draft, self.findings = draft, draft.findings
        self.paras = [Paragraph(p.place, normalised(p.text)) for p in paragraphs]
        self.paras = [p for p in self.paras if p.text]
        self.config: dict[str, Any] = {}
        self.at = 0

    # --- the parts, in the notice's order ---------------------------------------------------

    def read(self) -> None:
        if not self.paras:
            return
        self.title()
        for n in range(self.at, len(self.paras)):  # a manual line break inside a paragraph only wraps its text
            para = self.paras[n]
            if "\n" in para.text:
                self.findings.note(
                    para.place,
                    para.text.split("\n")[0],
                    _("a line break inside the paragraph: its lines read as one paragraph"),
                )
                self.paras[n] = Paragraph(para.place, "".join(line.strip() for line in para.text.split("\n")))
        opening = self.until_section()
        self.opening(opening)
        sections = self.sections()
        tail: list[Paragraph] = []
        expected = 1
        for number, heading, body, slip in sections:
            if slip:
                self.findings.note(heading.place, heading.text, _("a section numbered {slip} is read as {number}、")
                                   .format(slip=slip, number=cn_number(expected)))  # fmt: skip
            elif number != expected:
                self.findings.note(heading.place, heading.text, _("section numbered out of order (expected {n}、)")
                                   .format(n=cn_number(expected)))  # fmt: skip
            expected += 1
            words = heading.text
            if "下一步" in words or "下步" in words:
                body, rest = self.split_tail(body)
                tail += rest
                self.next_steps(body)
            elif "主体责任" in words and ("履行" in words or "情况" in words):
                self.organization(heading, body)
            elif any(w in words for w in ("任务", "落实情况", "整改进展", "整改情况")) and not words.endswith("方面"):
                body, rest = self.split_tail(body)
                tail += rest
                self.items(body, category=None)
            else:
                body, rest = self.split_tail(body)
                tail += rest
                title = re.sub(r"[：:。]$", "", SECTION_RE.sub(r"\2", heading.text) if not slip else heading.text)
                self.items(body, category=self.draft.category(section_title(heading.text)))
                del title
        tail += self.paras[self.at :] if not sections else []
        self.closing(tail)
        self.numbering_and_statuses()
        self.draft.config.update(self.config)

    def title(self) -> None:
        lines: list[str] = []
        start = self.paras[0].place
        while self.at < len(self.paras):
            text = self.paras[self.at].text
            parts = [line.strip() for line in text.split("\n") if line.strip()]
            if lines and (len(text) > 60 or "。" in text):
                break
            lines += parts
            self.at += 1
            if lines[-1].endswith(TITLE_ENDS) or len(lines) >= 4:
                break
        title = "".join(lines)
        self.config["title"] = title
        if len(lines) > 1:
            self.config["docx"] = {"title_lines": lines}
            self.findings.note(start, title, _("the title is printed on {n} lines: kept as docx.title_lines")
                               .format(n=len(lines)))  # fmt: skip

    def until_section(self) -> list[Paragraph]:
        found = []
        while self.at < len(self.paras) and not self.is_section(self.paras[self.at].text):
            found.append(self.paras[self.at])
            self.at += 1
        return found

    def is_section(self, text: str) -> bool:
        match = SECTION_RE.match(text)
        if match and len(match.group(2)) <= 40 and "。" not in match.group(2)[:-1]:
            return True
        return self.slip_section(text) is not None

    def slip_section(self, text: str) -> str | None:
        match = SLIP_SECTION_RE.match(text)
        if match and len(match.group(2)) <= 30 and "。" not in match.group(2) and \
                any(w in match.group(2) for w in SECTION_WORDS):  # fmt: skip
            return match.group(1) + "、"
        return None

    def sections(self) -> list[tuple[int, Paragraph, list[Paragraph], str | None]]:
        found: list[tuple[int, Paragraph, list[Paragraph], str | None]] = []
        while self.at < len(self.paras):
            heading = self.paras[self.at]
            self.at += 1
            slip = self.slip_section(heading.text)
            match = SECTION_RE.match(heading.text)
            number = cn_to_int(match.group(1)) if match and not slip else None
            body = []
            while self.at < len(self.paras) and not self.is_section(self.paras[self.at].text):
                body.append(self.paras[self.at])
                self.at += 1
            if slip:
                m = SLIP_SECTION_RE.match(heading.text)
                assert m is not None
                heading = Paragraph(heading.place, m.group(2).strip())
            elif match:
                heading = Paragraph(heading.place, match.group(2).strip())
            found.append((number or 0, heading, body, slip))
        return found

    def opening(self, paras: list[Paragraph]) -> None:
        if not paras:
            return
        text = "".join(p.text for p in paras)
        place = paras[0].place
        inspection: dict[str, Any] = {}
        stats = STATS_RE.search(text)
        if stats:
            self.config.setdefault("notice", {})["statistics"] = True
            self.findings.note(place, stats.group(0), _("the statistics sentence: notice.statistics is true; its "
                                                        "counts are not any item's status"))  # fmt: skip
            text = text.replace(stats.group(0), "")
        deployer = re.search(r"根据(.+?)统一部署", text)
        if deployer:
            inspection["deployer"] = deployer.group(1)
        visit = re.search(RANGE_RE.pattern + VISIT, text)
        if visit:
            start = to_date(visit.groups()[:3])
            end = to_date((visit.group(4) or visit.group(1), visit.group(5), visit.group(6)))
            if start:
                inspection["start"] = start
            if end:
                inspection["end"] = end
            inspection["group"] = visit.group(7)
            self.config["subject"] = visit.group(8)
        feedback = re.search(CN_DATE + r"\s*，\s*(.+?)向(.+?)(?:反馈了|反馈|进行了反馈)", text)
        if feedback:
            day = to_date(feedback)
            if day:
                inspection["feedback"] = day
            inspection.setdefault("group", feedback.group(4))
            self.config.setdefault("subject", feedback.group(5))
        order = ("deployer", "group", "start", "end", "feedback")
        if inspection:
            self.config["inspection"] = {k: inspection[k] for k in order if k in inspection}
        printed = self.printed_opening(inspection)
        for sentence in re.findall(r"[^。]*。", text):
            if sentence in printed:
                continue
            read = (visit and visit.group(0) in sentence) or (feedback and feedback.group(0) in sentence)
            if read:
                self.findings.note(place, sentence, _("its facts are kept, but the notice template words it: {words}")
                                   .format(words="".join(p for p in printed if p[:4] == sentence[:4]) or
                                           "".join(printed)))  # fmt: skip
            else:
                self.findings.unused(place, sentence, _("a sentence of the opening the notice template does not "
                                                        "print; not kept"))  # fmt: skip

    def printed_opening(self, inspection: dict[str, Any]) -> list[str]:
        """The opening's sentences as notice.md.j2 prints them from what was read."""
        from ledger.core.zh import cn_date, cn_date_range

        subject = self.config.get("subject", "")
        found = []
        group = inspection.get("group")
        if group:
            deployer = f"根据{inspection['deployer']}统一部署，" if inspection.get("deployer") else ""
            dates = (cn_date_range(inspection["start"], inspection["end"]) + "，"
                     if inspection.get("start") and inspection.get("end") else "")  # fmt: skip
            found.append(f"{deployer}{dates}{group}对{subject}开展了巡察。")
            if inspection.get("feedback"):
                found.append(f"{cn_date(inspection['feedback'])}，{group}向{subject}反馈了巡察意见。")
        found.append("按照巡察工作有关要求，现将巡察整改进展情况予以公布。")
        return found

    def organization(self, heading: Paragraph, body: list[Paragraph]) -> None:
        subject = re.match(r"(.+?)履行", heading.text)
        if subject and "subject" not in self.config:
            self.config["subject"] = subject.group(1)
        parts: list[dict[str, str]] = []
        for para in body:
            match = SUB_RE.match(para.text)
            if match:
                rest = match.group(2)
                cut = re.search(r"[。！]", rest)
                if cut:
                    head, text = rest[: cut.end()], rest[cut.end() :]
                else:
                    head, text = rest, ""
                parts.append({"heading": head, "text": text})
            elif parts:
                joined = parts[-1]["text"]
                parts[-1]["text"] = joined + para.text
                if joined:
                    self.findings.note(para.place, para.text, _("a paragraph without its own number: joined to the "
                                                                "one before"))  # fmt: skip
            else:
                self.findings.unused(para.place, para.text, _("text of the organisation section before its first "
                                                              "（一）; not kept"))  # fmt: skip
        for part in parts:
            if not part["text"]:
                part["text"] = part["heading"]
                part["heading"] = ""
        parts = [p for p in parts if p["heading"] and p["text"]]
        if parts:
            self.config["organization"] = parts

    def items(self, body: list[Paragraph], category: str | None) -> None:
        current: DraftItem | None = None
        texts: dict[int, list[Paragraph]] = {}
        for para in body:
            sub = SUB_RE.match(para.text)
            item = ITEM_RE.match(para.text)
            if category is None and sub and len(sub.group(2)) <= 60 and "。" not in sub.group(2)[:-1]:
                title = section_title(sub.group(2))
                self.current_category = self.draft.category(title)
                current = None
                continue
            if category is not None and sub and LAYOUT_B_RE.match(sub.group(2)):
                current = self.new_item(para, sub.group(1), category)
                texts[id(current)] = [Paragraph(para.place, sub.group(2))]
                current.fields["layout"] = "B"
                continue
            if item and not (current is not None and current.fields.get("layout") == "B"):
                cat = category if category is not None else getattr(self, "current_category", None)
                if cat is None:
                    cat = self.draft.category(_("巡察整改任务"))
                    self.current_category = cat
                    self.findings.inferred(
                        para.place,
                        para.text,
                        _("an item before any category heading: put in the category {title}").format(title=cat),
                    )
                current = self.new_item(para, item.group(1), cat)
                texts[id(current)] = [Paragraph(para.place, item.group(2))]
                continue
            if current is not None:
                texts[id(current)].append(para)
                self.findings.note(para.place, para.text, _("a paragraph without its own number: joined to item "
                                                            "{n}").format(n=current.fields["number"]))  # fmt: skip
            else:
                self.findings.unused(para.place, para.text, _("text before the first item of its section; not kept"))
        for drafted in self.draft.items:
            if id(drafted) in texts:
                self.item_body(drafted, texts[id(drafted)])

    def new_item(self, para: Paragraph, number: str, category: str) -> DraftItem:
        item = DraftItem(para.place, {"number": cn_to_int(number), "category": category})
        self.draft.items.append(item)
        return item

    def item_body(self, item: DraftItem, paras: list[Paragraph]) -> None:
        text = "".join(p.text for p in paras)
        place = item.place
        layout_b = item.fields.pop("layout", None) == "B"
        if layout_b:
            match = LAYOUT_B_RE.match(text)
            assert match is not None
            item.fields["title"] = match.group(1).strip()
            text = match.group(2)
            self.config.setdefault("layout", "B")
        status = STATUS_RE.search(text)
        if status:
            read, reading = read_status(status.group(1))
            if read is None:
                self.findings.unused(place, status.group(1), _("not a status the ledger knows; the item is written "
                                                               "as in_progress"))  # fmt: skip
            else:
                item.fields["status"] = read
                if reading:
                    self.findings.inferred(place, status.group(1), _("read as {code} ({label})")
                                           .format(code=read.value, label=DEFAULT_LABELS[read]))  # fmt: skip
            if not layout_b:
                self.config.setdefault("notice", {})["item_status"] = True
            text = text[: status.start()] + text[status.end() :]
        text = SITUATION_RE.sub("", text, count=1).strip()
        if not layout_b:
            cut = text.find("。")
            if cut < 0:
                item.fields["title"] = text.rstrip("。")
                text = ""
            else:
                item.fields["title"], text = text[:cut], text[cut + 1 :]
        if not text:
            return
        outcome = OUTCOME_START.search(text)
        if outcome:
            item.fields["outcome"] = text[outcome.start() :]
            self.findings.inferred(place, item.fields["outcome"], _("the sentence after the measures read as the "
                                                                    "outcome (整改成效)"))  # fmt: skip
            text = text[: outcome.start()]
        measures = points(text)
        if measures[0] is not None:
            self.findings.unused(place, measures[0], _("text before 一是: not a measure; not kept"))
        if measures[1]:
            item.fields["measures"] = measures[1]

    def split_tail(self, body: list[Paragraph]) -> tuple[list[Paragraph], list[Paragraph]]:
        """The section's own paragraphs, and what follows it: the supervision paragraph and the signature."""
        for n, para in enumerate(body):
            if is_contact(para.text):
                return body[:n], body[n:]
        return body, []

    def next_steps(self, body: list[Paragraph]) -> None:
        if not body:
            return
        text = "".join(p.text for p in body)
        lead, found = points(text)
        steps: dict[str, Any] = {}
        if lead is not None:
            steps["intro"] = lead
        if found:
            steps["points"] = found
        if len(found) == 1 and lead is None:
            steps = {"intro": found[0]}
        self.config["next_steps"] = steps

    def closing(self, tail: list[Paragraph]) -> None:
        """The supervision and contact paragraph (in one or several paragraphs), then issuer and date."""
        signature: list[Paragraph] = []
        contact_paras: list[Paragraph] = []
        for para in tail:
            if not signature and (is_contact(para.text) or contact_paras and not DATE_LINE.fullmatch(para.text)
                                  and not self.looks_like_issuer(para, tail)):  # fmt: skip
                contact_paras.append(para)
            else:
                signature.append(para)
        if len(contact_paras) > 1:
            self.findings.note(
                contact_paras[1].place,
                contact_paras[1].text,
                _("the supervision and contact paragraph continues here: read as one"),
            )
        text = "".join(p.text for p in contact_paras)
        place = contact_paras[0].place if contact_paras else ""
        if text and not text.startswith(SUPERVISION):
            self.findings.note(place, text[:40], _("the supervision sentences differ from the notice template's, "
                                                   "which prints its own"))  # fmt: skip
        period = re.search(r"(?:公开期限|公开时间|公示期限|公示时间|公示期)[：:]\s*" + RANGE_RE.pattern, text)
        if period:
            start = to_date(period.groups()[:3])
            until = to_date((period.group(4) or period.group(1), period.group(5), period.group(6)))
            self.config["publication"] = {"date": start, "until": until}
        contact: dict[str, str] = {}
        phone = re.search(r"电话[：:]?\s*([0-9][0-9\-－—()（）\s]{5,}[0-9])", text)
        if phone:
            contact["phone"] = phone.group(1).strip()
        mail = re.search(
            r"(?:邮政信箱|通信地址|邮寄地址|来信地址)[：:]\s*(.+?)(?:[，,]\s*邮政编码[：:]?\s*(\d{6}))?[；;。]", text
        )
        if mail:
            contact["mail"] = mail.group(1).strip()
            if mail.group(2):
                contact["postcode"] = mail.group(2)
        email = re.search(r"(?:电子邮箱|电子信箱|邮箱)[：:]\s*([\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)", text, re.ASCII)
        if email:
            contact["email"] = email.group(1)
        if contact:
            self.config["contact"] = contact
        lines = [p for p in signature]
        if lines and DATE_LINE.fullmatch(lines[-1].text):
            day = to_date(DATE_RE.search(lines[-1].text))  # type: ignore[arg-type]
            publication = self.config.setdefault("publication", {})
            if day and publication.get("date") not in (None, day):
                self.findings.note(lines[-1].place, lines[-1].text, _("the signature's date differs from the start "
                                                                      "of the publication period; the period's is "
                                                                      "kept"))  # fmt: skip
            elif day:
                publication.setdefault("date", day)
                publication.setdefault("until", None)
            lines = lines[:-1]
        if lines:
            self.config["issuer"] = lines[-1].text
            for para in lines[:-1]:
                self.findings.unused(para.place, para.text, _("text after the contact paragraph; not kept"))
        if "publication" in self.config:
            self.config["publication"] = {k: v for k, v in self.config["publication"].items() if v is not None}

    def looks_like_issuer(self, para: Paragraph, tail: list[Paragraph]) -> bool:
        following = tail[tail.index(para) + 1 :]
        return len(para.text) <= 40 and "。" not in para.text and any(DATE_LINE.fullmatch(p.text) for p in following)

    def numbering_and_statuses(self) -> None:
        numbers = [(item, item.fields.pop("number", None)) for item in self.draft.items]
        restarts = False
        seen: dict[int, DraftItem] = {}
        previous_category = None
        expected = 1
        for item, number in numbers:
            if item.fields["category"] != previous_category and previous_category is not None and number == 1:
                restarts = True
                expected = 1
            previous_category = item.fields["category"]
            if number is not None and number in seen and not restarts:
                self.findings.note(item.place, str(number), _("numbered {n}. as the item before it: read as item "
                                                              "{m}").format(n=number, m=expected))  # fmt: skip
            elif number is not None and number != expected:
                self.findings.note(item.place, str(number), _("numbered {n}. where {m}. was expected")
                                   .format(n=number, m=expected))  # fmt: skip
            if number is not None:
                seen[number] = item
            expected += 1
        if self.config.get("layout") != "B" and self.draft.items:
            notice = self.config.setdefault("notice", {})
            notice.setdefault("statistics", False)
            notice.setdefault("item_status", False)
            notice["numbering"] = "per_category" if restarts else "continuous"
        self.config.pop("layout", None)
        unstated = [item for item in self.draft.items if "status" not in item.fields]
        for item in unstated:
            item.fields["status"] = Status.IN_PROGRESS
        if unstated:
            first, last = unstated[0].place, unstated[-1].place
            self.findings.inferred(f"{first} – {last}" if first != last else first, "",
                                   _("the notice states no status for {n} of its {total} items: written as "
                                     "in_progress (正在推进); set each with `ledger close` or `ledger set --status`")
                                   .format(n=len(unstated), total=len(self.draft.items)))  # fmt: skip


CONTACT_WORDS = ("公开期限", "公开时间", "公示期", "联系方式", "联系电话", "电子邮箱", "邮政信箱")


def is_contact(text: str) -> bool:
    return text.startswith("欢迎") or any(w in text for w in CONTACT_WORDS)


DATE_LINE = re.compile(r"\s*" + CN_DATE + r"\s*")


def section_title(text: str) -> str:
    value = SECTION_RE.sub(r"\2", text)
    value = SUB_RE.sub(r"\2", value)
    return value.strip().rstrip("：:。")


def points(text: str) -> tuple[str | None, list[str]]:
    """一是…。二是…。 split, each point keeping its full stop; the text before 一是 apart."""
    from ledger.importing.words import MARKERS, _run_of

    value = text.strip()
    if not value:
        return None, []
    pattern = MARKERS[0][1]
    starts = _run_of(value, pattern)
    if len(starts) < 2:
        return None, [value]
    lead = value[: starts[0][0]].strip() or None
    found = []
    for n, (_start, end) in enumerate(starts):
        stop = starts[n + 1][0] if n + 1 < len(starts) else len(value)
        found.append(value[end:stop].strip())
    return lead, [p for p in found if p]


def cn_number(n: int) -> str:
    from ledger.core.zh import cn_number as number

    return number(n)


def read_notice(draft: Draft, paragraphs: list[Paragraph]) -> None:
    NoticeReader(draft, paragraphs).read()
