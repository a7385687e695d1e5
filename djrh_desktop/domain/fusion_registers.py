"""党建与业务融合 registers (PRODUCT.md 2.9) besides the 双领办 projects: 党员先锋阵地 with their members and
results, 联合检查 with their 限期整改 items, 党建品牌 and 一岗双责责任书 — what each must say."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import ValidationError
from .periods import parse_iso_date

# 党员先锋阵地 kinds (seeds 000/002/003; a unit may add its own).
POST_KINDS = ("党员先锋岗", "党员责任区", "党员突击队", "党员执法监督小组", "讲师团", "党员示范岗", "其他")
POST_ROLES = ("岗长", "队长", "组长", "讲师", "成员")
# Results as the seeds count them, each with its unit (排查整改风险隐患50处, 整改安全隐患42处, 帮教对象…).
RESULT_MEASURES = {"排查整改风险隐患": "处", "整改安全隐患": "处", "结对帮教对象": "人", "化解矛盾纠纷": "件",
                   "执法监督检查": "次", "宣讲授课": "场", "急难险重任务": "项", "服务群众": "件"}  # fmt: skip
# The A3 items an assignment or a result may post (the unit's 5A rules decide the points).
ASSIGNMENT_ITEM = "A3-03"  # 参加党员突击队、党员责任区工作
RESULT_ITEMS = ("A3-03", "A3-01")  # the duty itself; 完成急难险重攻坚任务

INSPECTION_KINDS = ("党建+业务联合检查", "党建检查", "业务目标检查考核")
SIDES = ("党建", "业务")
BRAND_LEVELS = ("单位", "县级", "市级", "省级")

_clean = lambda v: (v or "").strip() or None  # noqa: E731


def _required(value, label: str, most: int | None = None) -> str:
    text = _clean(value)
    if not text:
        raise ValidationError("不能为空", label)
    if most and len(text) > most:
        raise ValidationError(f"不能超过{most}字（现有{len(text)}字）", label)
    return text


def _day(value, label: str, today: dt.date, future_ok: bool = False) -> str:
    day = parse_iso_date(value, label)
    if not future_ok and day > today:
        raise ValidationError("不能晚于今天", label)
    return day.isoformat()


@dataclass
class PostInput:
    kind: str
    name: str
    branch_id: int
    start_date: str
    duty: str | None = None  # 责任区域或职责
    end_date: str | None = None


def check_post(p: PostInput, today: dt.date) -> dict:
    row = {"kind": _required(p.kind, "阵地类型", 20), "name": _required(p.name, "阵地名称", 40),
           "branch_id": p.branch_id, "duty": _clean(p.duty), "start_date": _day(p.start_date, "设立日期", today),
           "end_date": None}  # fmt: skip
    if _clean(p.end_date):
        row["end_date"] = _day(p.end_date, "撤销日期", today, future_ok=True)
        if row["end_date"] < row["start_date"]:
            raise ValidationError("不能早于设立日期", "撤销日期")
    return row


@dataclass
class ResultInput:
    post_id: int
    date: str
    measure: str
    quantity: int
    unit: str | None = None
    note: str | None = None
    credit_members: list[int] = field(default_factory=list)  # members whose A3 item it posts
    item_code: str | None = None


def check_result(r: ResultInput, post: dict, today: dt.date) -> dict:
    day = _day(r.date, "日期", today)
    if day < post["start_date"] or (post["end_date"] and day > post["end_date"]):
        raise ValidationError(f"应在阵地存续期间（{post['start_date']}起"
                              f"{'至' + post['end_date'] if post['end_date'] else ''}）", "日期")  # fmt: skip
    measure = _required(r.measure, "成效事项", 30)
    try:
        quantity = int(r.quantity)
    except (TypeError, ValueError):
        raise ValidationError(f"“{r.quantity}”不是整数", "数量") from None
    if not 1 <= quantity <= 100000:
        raise ValidationError("应为1—100000的整数", "数量")
    unit = _clean(r.unit) or RESULT_MEASURES.get(measure)
    if not unit:
        raise ValidationError("请填写数量的单位（处、人、件、次）", "单位")
    if r.credit_members and r.item_code not in RESULT_ITEMS:
        raise ValidationError(f"只能是{'、'.join(RESULT_ITEMS)}之一", "积分项目")
    return {"post_id": r.post_id, "date": day, "measure": measure, "quantity": quantity, "unit": unit[:4],
            "note": _clean(r.note)}  # fmt: skip


@dataclass
class InspectionInput:
    date: str
    kind: str
    inspectors: str
    branch_ids: list[int]
    party_findings: str | None = None
    business_findings: str | None = None


def check_inspection(i: InspectionInput, today: dt.date) -> dict:
    if i.kind not in INSPECTION_KINDS:
        raise ValidationError(f"只能是{'、'.join(INSPECTION_KINDS)}之一", "检查类型")
    if not i.branch_ids:
        raise ValidationError("请至少选择一个被检查支部", "被检查支部")
    party, business = _clean(i.party_findings), _clean(i.business_findings)
    if i.kind == "党建+业务联合检查" and not (party and business):
        raise ValidationError("联合检查应分别写明党建和业务两方面的情况", "检查发现")
    return {"date": _day(i.date, "检查日期", today), "kind": i.kind, "inspectors": _required(i.inspectors, "检查人员", 100),
            "party_findings": party, "business_findings": business}  # fmt: skip


@dataclass
class RectificationInput:
    inspection_id: int
    branch_id: int
    side: str
    issue: str
    owner: str
    due_date: str


def check_rectification(r: RectificationInput, inspection: dict) -> dict:
    if r.side not in SIDES:
        raise ValidationError("只能是党建或业务", "问题类别")
    due = parse_iso_date(r.due_date, "整改期限").isoformat()
    if due < inspection["date"]:
        raise ValidationError(f"不能早于检查日期{inspection['date']}", "整改期限")
    if r.branch_id not in inspection["branch_ids"]:
        raise ValidationError("不是这次检查的被检查支部", "整改支部")
    return {"inspection_id": r.inspection_id, "branch_id": r.branch_id, "side": r.side,
            "issue": _required(r.issue, "问题及整改要求", 300), "owner": _required(r.owner, "责任人", 20), "due_date": due}  # fmt: skip


def is_overdue(item: dict, as_of: dt.date) -> bool:
    """A 限期整改 item past its due date and not closed by as_of."""
    closed = item.get("closed_on")
    return item["due_date"] < as_of.isoformat() and (not closed or closed > as_of.isoformat())


@dataclass
class BrandInput:
    org_id: int  # the unit (its 党委) or a 党支部
    name: str
    description: str | None = None
    level: str | None = None
    recognized_on: str | None = None


def check_brand(b: BrandInput, today: dt.date) -> dict:
    row = {"org_id": b.org_id, "name": _required(b.name, "品牌名称", 30), "description": _clean(b.description),
           "level": _clean(b.level), "recognized_on": None}  # fmt: skip
    if row["level"] and row["level"] not in BRAND_LEVELS:
        raise ValidationError(f"只能是{'、'.join(BRAND_LEVELS)}之一", "认定层级")
    if _clean(b.recognized_on):
        if not row["level"]:
            raise ValidationError("填写认定日期时须选择认定层级", "认定层级")
        row["recognized_on"] = _day(b.recognized_on, "认定日期", today)
    return row
