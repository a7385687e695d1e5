"""Import templates: the header row, drop-down lists, text-formatted ID and date columns, and an
instruction sheet, so a filled-in template imports without surprises."""

from __future__ import annotations

import os
from pathlib import Path

from ..domain.errors import DjrhError
from ..domain.fusion import CATEGORIES as FUSION_CATEGORIES
from ..domain.members import STATUSES as LEAVING
from ..domain.talks import TYPES as TALK_TYPES
from ..files import atomic_write
from .columns import (
    MEMBER_FIELDS,
    MEMBER_REQUIRED,
    POINT_FIELDS,
    POINT_REQUIRED,
    PROJECT_FIELDS,
    PROJECT_REQUIRED,
    TALK_FIELDS,
    TALK_REQUIRED,
    VISIT_FIELDS,
    VISIT_REQUIRED,
)

MEMBER_NOTES = [
    "1. 第一行为表头，请勿修改列名；从第二行起每行填写一名党员。标“*”的列必填。",
    "2. 公民身份号码请按文本填写（本模板该列已设为文本格式），18位，末位可为X；填写后出生日期和性别可不填，程序会自动核对。",
    "3. 日期可写作 2019-07-01、2019.7.1、2019/7/1 或 2019年7月1日。",
    "4. 所在支部须与系统中的支部名称一致；导入时可选择自动新建不存在的支部。",
    "5. 同一身份证号码的党员再次导入时更新其信息，不会重复添加。",
    "6. 有任何一行填写错误时，程序会指出行号、列名和原因，且不导入任何数据。",
    "7. 状态可不填（即在册）；已转出、停止党籍或去世的党员填写状态和离开日期。恢复在册请在党员信息中办理。",
]
POINT_NOTES = [
    "1. 每行一条积分记录：用公民身份号码指定党员；没有身份证号码时填写姓名和所在支部。",
    "2. 积分项目可填编码（如 A1-01）或名称，可从下拉列表选择。",
    "3. 次数不填时按 1 次计；超过年度上限的部分不计分。",
    "4. 有任何一行填写错误时不导入任何数据。",
]


PEOPLE_NOTES = [
    "人员可填姓名或公民身份号码，多人用“、”分隔；重名的党员请填公民身份号码（程序会列出重名者所在支部）。",
    "日期可写作 2019-07-01、2019.7.1、2019/7/1 或 2019年7月1日。",
    "已经登记过的同一条记录再次导入时会跳过，不会重复添加。",
    "有任何一行填写错误时，程序会指出行号、列名和原因，且不导入任何数据。",
]
TALK_NOTES = [
    "1. 每行一次谈话：谈话日期、谈话类型、谈话人、被谈话人、谈话主题必填；谈话类型从下拉列表选择。",
    "2. 谈话人不在名册中（如上级领导）时直接填写姓名；被谈话人须是名册中的党员。是否敏感填“是”或“否”（不填为否）。",
    *[f"{i}. {t}" for i, t in enumerate(PEOPLE_NOTES, 3)],
]
VISIT_NOTES = [
    "1. 每行一次家访：家访日期、被访党员、家访人必填；被访党员每行一人，家访人可多人。",
    "2. 在场家属写作“李某（配偶）、王某（父亲）”；是否签订承诺书填“是”或“否”；填写回访期限的记为待回访。",
    *[f"{i}. {t}" for i, t in enumerate(PEOPLE_NOTES, 3)],
]
PROJECT_NOTES = [
    "1. 每行一个双领办项目（年初立项）：年度、党支部、项目名称、融合类别、党建任务、业务目标必填；融合类别可从下拉列表选择或自填。",
    "2. 填写了基数或目标值时须写明业务指标（如：整改安全隐患（处））；基数、目标值填数字。",
    "3. 领办人、协办人填姓名或公民身份号码（须是名册中的党员）；同一支部同一年度的同名项目不会重复导入。",
    "4. 有任何一行填写错误时，程序会指出行号、列名和原因，且不导入任何数据。",
]
KINDS = {  # kind -> (fields, required, notes, title)
    "members": (MEMBER_FIELDS, MEMBER_REQUIRED, MEMBER_NOTES, "党员名册"),
    "points": (POINT_FIELDS, POINT_REQUIRED, POINT_NOTES, "积分记录"),
    "talks": (TALK_FIELDS, TALK_REQUIRED, TALK_NOTES, "谈心谈话记录"),
    "visits": (VISIT_FIELDS, VISIT_REQUIRED, VISIT_NOTES, "廉政家访记录"),
    "projects": (PROJECT_FIELDS, PROJECT_REQUIRED, PROJECT_NOTES, "双领办项目"),
}


def write(kind: str, path: str | os.PathLike, branches: list[str], items: list[str], categories: list[str],
          statuses: list[str], education: list[str]) -> Path:  # fmt: skip
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    target = Path(path)
    if not target.parent.is_dir():
        raise DjrhError(f"文件夹“{target.parent}”不存在")
    fields, required, notes, title = KINDS[kind]
    wb = Workbook()
    ws = wb.active
    ws.title = title
    keys = list(fields)
    for c, key in enumerate(keys, 1):
        label = fields[key][0]
        cell = ws.cell(1, c, ("*" if key in required else "") + label)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="EEF1F5")
        ws.column_dimensions[get_column_letter(c)].width = (
            22 if key in ("id_number", "branch", "item", "note", "talkers", "talkees", "visitors", "family", "address")
            else 40 if key in ("topic", "content") else 13
        )
        if key in ("id_number", "birth_date", "join_date", "full_date", "left_date", "date", "phone", "revisit_due"):
            for r in range(2, 2002):
                ws.cell(r, c).number_format = "@"  # text: Excel must not turn IDs into 1.1E+17
    ws.freeze_panes = "A2"
    lists = wb.create_sheet("选项")
    choices = {"branch": branches, "item": items, "category": categories, "party_status": statuses, "education": education,
               "gender": ["男", "女"], "status": list(LEAVING), "type": list(TALK_TYPES), "sensitive": ["否", "是"],
               "pledge": ["否", "是"], "fusion_category": list(FUSION_CATEGORIES)}  # fmt: skip
    for c, (key, values) in enumerate(choices.items(), 1):
        for r, v in enumerate(values, 1):
            cell = lists.cell(r, c, v)
            cell.data_type = "s"  # text, always: a name like "=cmd|…" must never become a formula
        if key in keys and values:
            col = get_column_letter(keys.index(key) + 1)
            ref = f"选项!${get_column_letter(c)}$1:${get_column_letter(c)}${len(values)}"
            dv = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=key not in ("branch", "fusion_category"))
            dv.error, dv.errorTitle = "请从下拉列表中选择", "输入有误"
            ws.add_data_validation(dv)
            dv.add(f"{col}2:{col}2001")
    lists.sheet_state = "hidden"
    info = wb.create_sheet("填写说明")
    info.column_dimensions["A"].width = 110
    for r, line in enumerate([f"{title}导入模板 填写说明", *notes], 1):
        cell = info.cell(r, 1, line)
        cell.data_type, cell.font = "s", Font(bold=r == 1)
    with atomic_write(target, ".xlsx") as tmp:
        wb.save(tmp)
    return target
