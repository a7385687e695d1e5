"""Finding the header row and mapping columns by their (many) customary names."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cells import is_blank, text

# field -> (label used in templates and messages, accepted header names)
MEMBER_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "name": ("姓名", ("姓名", "名字", "党员姓名")),
    "gender": ("性别", ("性别",)),
    "ethnicity": ("民族", ("民族",)),
    "birth_date": ("出生日期", ("出生日期", "出生年月", "出生年月日", "生日")),
    "id_number": ("公民身份号码", ("公民身份号码", "身份证号", "身份证号码", "身份证", "证件号码")),
    "education": ("学历", ("学历", "文化程度", "最高学历")),
    "join_date": ("入党日期", ("入党日期", "入党时间", "入党年月")),
    "full_date": ("转正日期", ("转正日期", "转正时间", "转正年月")),
    "party_status": ("党员身份", ("党员身份", "党员类型", "党员状态")),
    "category": ("人员类别", ("人员类别", "类别", "党员类别")),
    "branch": ("所在支部", ("所在支部", "支部", "所在党支部", "党支部", "所属支部")),
    "post": ("职务", ("职务", "现任职务", "党内职务")),
    "department": ("所在部门", ("所在部门", "部门", "工作部门", "科室")),
    "phone": ("联系电话", ("联系电话", "电话", "手机", "手机号码", "联系方式")),
    "note": ("备注", ("备注",)),
    "status": ("状态", ("状态", "党籍状态", "在册状态")),
    "left_date": ("离开日期", ("离开日期", "转出日期", "离开时间", "变更日期")),
}
MEMBER_REQUIRED = ("name", "gender", "branch")

# 谈心谈话 and 廉政家访 records kept in sheets (issue 16): a person by name or 公民身份号码, several with 、.
TALK_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": ("谈话日期", ("谈话日期", "谈话时间", "日期")),
    "type": ("谈话类型", ("谈话类型", "类型")),
    "talkers": ("谈话人", ("谈话人",)),
    "talkees": ("被谈话人", ("被谈话人", "谈话对象")),
    "place": ("谈话地点", ("谈话地点", "地点")),
    "topic": ("谈话主题", ("谈话主题", "主题")),
    "content": ("谈话内容", ("谈话内容", "内容")),
    "sensitive": ("是否敏感", ("是否敏感", "敏感", "密级")),
}
TALK_REQUIRED = ("date", "type", "talkers", "talkees", "topic")

VISIT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "date": ("家访日期", ("家访日期", "日期")),
    "member": ("被访党员", ("被访党员", "被家访党员", "家访对象")),
    "visitors": ("家访人", ("家访人",)),
    "family": ("在场家属", ("在场家属", "家属")),
    "address": ("家访地址", ("家访地址", "家庭住址", "地址")),
    "content": ("家访内容", ("家访内容", "廉政教育内容", "内容")),
    "pledge": ("是否签订承诺书", ("是否签订承诺书", "签订承诺书", "承诺书")),
    "revisit_due": ("回访期限", ("回访期限",)),
}
VISIT_REQUIRED = ("date", "member", "visitors")

PROJECT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "year": ("年度", ("年度", "年份")),
    "branch": ("党支部", ("党支部", "所在支部", "支部")),
    "title": ("项目名称", ("项目名称", "项目", "领办项目")),
    "fusion_category": ("融合类别", ("融合类别", "类别")),
    "party_task": ("党建任务", ("党建任务",)),
    "business_goal": ("业务目标", ("业务目标",)),
    "indicator": ("业务指标", ("业务指标", "指标")),
    "baseline": ("基数", ("基数", "基期值")),
    "target": ("目标值", ("目标值", "目标")),
    "leader": ("领办人", ("领办人", "领办书记")),
    "co_leader": ("协办人", ("协办人",)),
    "milestones": ("阶段安排", ("阶段安排", "进度安排", "主要措施")),
}
PROJECT_REQUIRED = ("year", "branch", "title", "fusion_category", "party_task", "business_goal")

POINT_FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id_number": ("公民身份号码", ("公民身份号码", "身份证号", "身份证号码", "身份证")),
    "name": ("姓名", ("姓名", "党员姓名")),
    "branch": ("所在支部", ("所在支部", "支部", "党支部")),
    "item": ("积分项目", ("积分项目", "项目", "项目名称", "项目编码", "编码")),
    "date": ("日期", ("日期", "发生日期", "时间")),
    "quantity": ("次数", ("次数", "数量")),
    "note": ("备注", ("备注", "说明")),
}
POINT_REQUIRED = ("item", "date")


def normalise(header) -> str:
    s = text(header)
    s = re.sub(r"[（(][^）)]*[）)]", "", s)  # 入党时间（年月日） -> 入党时间
    return re.sub(r"[\s*＊:：]", "", s)


@dataclass
class Header:
    row: int  # 0-based index of the header row
    columns: dict[str, int]  # field -> column index
    names: list[str]  # the header cells as written

    def label(self, field: str, fields: dict) -> str:
        """The column's name as the user wrote it (without the template's “*” for required), for messages."""
        col = self.columns.get(field)
        name = self.names[col].strip().lstrip("*＊").strip() if col is not None and self.names[col] else ""
        return name or fields[field][0]


def find_header(rows: list[list], fields: dict, scan: int = 15) -> Header | None:
    """The first row (within `scan` rows, so titles above it are skipped) naming at least two fields."""
    lookup = {name: field for field, (_, names) in fields.items() for name in names}
    for i, row in enumerate(rows[:scan]):
        columns: dict[str, int] = {}
        for j, cell in enumerate(row):
            field = lookup.get(normalise(cell))
            if field and field not in columns:
                columns[field] = j
        if len(columns) >= 2:
            return Header(i, columns, [text(c) for c in row])
    return None


# The lines officers write under a table: not data rows.
FOOTER_WORDS = ("制表人", "制表", "填表人", "填报人", "审核人", "审核", "负责人", "统计人", "联系人", "日期", "填表日期",
                "单位（盖章）", "单位(盖章)", "备注：", "说明：", "注：")  # fmt: skip


def _footer(row) -> bool:
    """A signature or note line under the table (制表人：… 日期：…): few cells, starting with such a word."""
    filled = [text(c) for c in row if not is_blank(c)]
    return len(filled) <= 3 and filled[0].startswith(FOOTER_WORDS)


def data_rows(rows, header: Header, notes: list[int] | None = None):
    """(row number, cells) of the data rows; the note/signature lines skipped are added to `notes`."""
    for i in range(header.row + 1, len(rows)):
        row = rows[i]
        if all(is_blank(c) for c in row):
            continue
        if _footer(row):
            if notes is not None:
                notes.append(i + 1)
            continue
        yield i + 1, row


def cell_of(row, header: Header, f: str):
    col = header.columns.get(f)
    return row[col] if col is not None and col < len(row) else ""
