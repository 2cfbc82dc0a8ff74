"""The names offices give a 台账's columns, and the ledger field each one fills (docs/en/import.md has the table).

To teach the import a new name, add it to its field's tuple: names are compared without spaces,
line breaks, brackets and a trailing colon, first exactly, then as the longest name a header holds.
"""

from __future__ import annotations

import functools
import re

from ledger.core.i18n import language
from ledger.core.schema import ABOUT, ITEM_FIELDS, Text

SYNONYMS: dict[str, tuple[str, ...]] = {
    "seq": ("序号", "编号", "问题序号", "序", "问题编号", "排序"),
    "category": ("问题类别", "问题类型", "类别", "问题分类", "分类", "类型", "所属方面", "方面", "问题领域", "板块",
                 "反馈问题类别"),
    "problem": ("反馈问题", "存在问题", "问题表现", "问题描述", "巡察反馈问题", "巡视反馈问题", "具体问题", "反馈意见",
                "问题内容", "主要问题", "问题清单", "审计发现问题", "发现问题", "问题", "巡察发现问题", "问题具体表现"),
    "title": ("整改任务", "整改事项", "整改内容", "任务", "整改项目", "整改要求", "整改任务名称", "事项"),
    "goal": ("整改目标", "目标", "预期目标", "整改目标要求"),
    "measures": ("整改措施", "措施", "具体措施", "整改举措", "主要措施", "具体整改措施", "整改措施及要求",
                 "工作措施"),
    "leader": ("责任领导", "牵头领导", "分管领导", "领导", "包案领导", "督办领导", "责任校领导", "负责领导",
               "责任领导（分管领导）"),
    "department": ("责任部门", "责任单位", "牵头部门", "牵头单位", "股室", "责任科室", "责任股室", "科室",
                   "承办部门", "责任处室", "配合部门", "配合单位", "协办部门", "部门", "单位"),
    "owner": ("责任人", "具体责任人", "经办人", "直接责任人", "具体负责人", "负责人"),
    "deadline": ("整改时限", "完成时限", "完成时间", "时限", "整改期限", "时间节点", "计划完成时间", "整改时间",
                 "完成期限", "办结时限", "整改完成时限"),
    "progress": ("整改进展", "整改进展情况", "进展情况", "推进情况", "整改情况", "落实情况", "进展", "整改落实情况",
                 "工作进展", "整改推进情况"),
    "status": ("完成情况", "整改状态", "状态", "是否完成", "完成状态", "整改结果", "是否整改完成", "整改完成情况"),
    "closed": ("销号时间", "销号日期", "完成日期", "实际完成时间", "销号", "办结时间", "实际完成日期"),
    "evidence": ("佐证材料", "佐证", "证明材料", "附件", "佐证资料", "印证材料", "佐证材料目录"),
    "outcome": ("整改成效", "成效", "整改效果", "取得成效"),
    "remarks": ("备注", "说明", "附注"),
}  # fmt: skip

# A text field of the schema that none of the names above fills is read from the column of its 台账 name
# (a field added to the schema is imported with no line here). TEXT: the fields read as plain text.
BY_LABEL = [key for key, (spec, about) in ITEM_FIELDS.items() if isinstance(spec, Text) and key not in SYNONYMS
            and all(about.label not in names for names in SYNONYMS.values())]  # fmt: skip
SYNONYMS.update({key: (ABOUT[key].label,) for key in BY_LABEL})
TEXT = ["leader", "owner", "outcome", *BY_LABEL]

# Fields that several columns may fill (配合部门 after 责任部门): the later ones are appended.
MULTIPLE = ("department", "evidence")

_EXACT = {name: field for field, names in SYNONYMS.items() for name in names}
_BY_LENGTH = sorted(_EXACT, key=len, reverse=True)


def header_key(text: str) -> str:
    value = re.sub(r"\s+", "", text)
    value = value.replace("（", "").replace("）", "").replace("(", "").replace(")", "").replace("*", "")
    return value.rstrip("：:")


@functools.lru_cache(maxsize=4096)
def field_of(text: str) -> str | None:
    """The field a header names: 完成时限 deadline, 整改进展（情况） progress, 责任单位 department; None if unknown."""
    if not text:
        return None
    raw = re.sub(r"\s+", "", text).rstrip("：:")
    for candidate in (raw, header_key(text), re.sub(r"[（(].*?[）)]", "", raw)):
        if candidate in _EXACT:
            return _EXACT[candidate]
    key = header_key(text)
    if len(key) > 14:  # a long text is a title or a note, not a header
        return None
    for name in _BY_LENGTH:
        if len(name) >= 2 and name in key:
            return _EXACT[name]
    return None


def column_meaning(key: str) -> str:
    """What a column fills, as the reader of import-report.md says it: the field's key in English, its name in
    the 台账 in Chinese (the schema's label; the first name here for seq, goal, progress, remarks)."""
    if language() == "en":
        return key
    if key in ABOUT:
        return ABOUT[key].label
    return SYNONYMS[key][0] if key in SYNONYMS else key
