"""Party members and the organisation tree: allowed values and record validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from . import idnumber
from .errors import ValidationError
from .periods import parse_iso_date

ORG_KINDS = ("党委", "党总支", "党支部", "党小组")
# A 党委's committee posts as they are called (other posts: 党委委员).
PARTY_TITLES = {"书记": "党委书记", "副书记": "党委副书记", "纪检委员": "纪委书记"}
# Which kind may sit under which.
ORG_PARENTS = {"党委": (None,), "党总支": ("党委",), "党支部": ("党委", "党总支"), "党小组": ("党支部",)}
COMMITTEE_POSTS = ("书记", "副书记", "组织委员", "宣传委员", "纪检委员")
GENDERS = ("男", "女")
PARTY_STATUS = ("正式党员", "预备党员")
CATEGORIES = ("在职", "离退休", "流动")
STATUSES = ("在册", "转出", "停止党籍", "去世")
EDUCATION = ("研究生", "大学本科", "大学专科", "中专", "高中", "初中及以下")

FIELD_LABELS = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "education": "学历",
    "join_date": "入党日期",
    "full_date": "转正日期",
    "party_status": "党员身份",
    "category": "人员类别",
    "branch_id": "所在支部",
    "post": "职务",
    "department_id": "所在部门",
    "phone": "联系电话",
    "status": "状态",
    "note": "备注",
}


@dataclass
class MemberInput:
    name: str
    gender: str
    branch_id: int
    ethnicity: str = "汉族"
    birth_date: str | None = None
    id_number: str | None = None
    education: str | None = None
    join_date: str | None = None
    full_date: str | None = None
    party_status: str = "正式党员"
    category: str = "在职"
    post: str | None = None
    department_id: int | None = None
    phone: str | None = None
    note: str | None = None


def _date(value: str | None, key: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return parse_iso_date(value, FIELD_LABELS[key])


def _choice(value, allowed, key):
    if value not in allowed:
        raise ValidationError(f"只能是{'、'.join(allowed)}之一", FIELD_LABELS[key])


def validate_member(m: MemberInput, today: dt.date | None = None) -> dict:
    """Check a member's fields against each other; return the row to store (dates as ISO text)."""
    today = today or dt.date.today()
    name = (m.name or "").strip()
    if not name:
        raise ValidationError("不能为空", "姓名")
    if len(name) > 30:
        raise ValidationError("过长（最多30个字）", "姓名")
    gender = m.gender
    if gender in (None, "") and m.id_number not in (None, ""):
        gender = idnumber.gender(idnumber.validate(m.id_number, today))  # the template says it may be left blank
    _choice(gender, GENDERS, "gender")
    _choice(m.party_status, PARTY_STATUS, "party_status")
    _choice(m.category, CATEGORIES, "category")
    if m.education not in (None, "") and m.education not in EDUCATION:
        _choice(m.education, EDUCATION, "education")
    birth = _date(m.birth_date, "birth_date")
    join = _date(m.join_date, "join_date")
    full = _date(m.full_date, "full_date")
    id_number = None
    if m.id_number not in (None, ""):
        id_number = idnumber.validate(m.id_number, today)
        id_birth = idnumber.birth_date(id_number)
        if birth is None or (birth.day == 1 and (birth.year, birth.month) == (id_birth.year, id_birth.month)):
            birth = id_birth  # none given, or 出生年月 to the month (1985.05): the ID's day completes it
        elif birth != id_birth:
            raise ValidationError(f"与身份证号码中的出生日期（{id_birth.isoformat()}）不一致", "出生日期")
        if idnumber.gender(id_number) != gender:
            raise ValidationError(f"与身份证号码（{idnumber.gender(id_number)}性）不一致", "性别")
    for key, day in (("birth_date", birth), ("join_date", join), ("full_date", full)):
        if day is not None and day > today:
            raise ValidationError("不能晚于今天", FIELD_LABELS[key])
    if join is not None and birth is not None:
        try:
            eighteen = birth.replace(year=birth.year + 18)
        except ValueError:  # born on 29 February
            eighteen = dt.date(birth.year + 18, 3, 1)
        if join < eighteen:
            raise ValidationError("入党时未满18周岁", "入党日期")
    if full is not None:
        if join is None:
            raise ValidationError("填写转正日期时须填写入党日期", "入党日期")
        if full <= join:
            raise ValidationError("应晚于入党日期", "转正日期")
        if m.party_status == "预备党员":
            raise ValidationError("预备党员不应有转正日期", "转正日期")
    phone = (m.phone or "").strip() or None
    if phone is not None and not all(c.isdigit() or c in "-+ " for c in phone):
        raise ValidationError("只能包含数字和“-”", "联系电话")
    return {
        "name": name,
        "gender": gender,
        "ethnicity": (m.ethnicity or "").strip() or None,
        "birth_date": birth.isoformat() if birth else None,
        "id_number": id_number,
        "education": m.education or None,
        "join_date": join.isoformat() if join else None,
        "full_date": full.isoformat() if full else None,
        "party_status": m.party_status,
        "category": m.category,
        "branch_id": m.branch_id,
        "post": (m.post or "").strip() or None,
        "department_id": m.department_id,
        "phone": phone,
        "note": (m.note or "").strip() or None,
    }


def check_org_parent(kind: str, parent_kind: str | None) -> None:
    if kind not in ORG_KINDS:
        raise ValidationError(f"组织类型只能是{'、'.join(ORG_KINDS)}之一", "组织类型")
    if parent_kind not in ORG_PARENTS[kind]:
        where = parent_kind or "顶层"
        raise ValidationError(f"{kind}不能设在{where}之下", "上级组织")
