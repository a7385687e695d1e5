"""Clean-government family visits (廉政家访): records, pledges, return visits, coverage.
Addresses are sensitive: hidden from roles that may not see them."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from ..domain import visits as rules
from ..domain.errors import NotFound, ValidationError
from ..domain.periods import parse_iso_date
from ..store import config, queries
from ..store import visits as store
from ..store.clock import now_text, today
from . import closing, visibility
from .session import Change, Session
from .voiding import void_reason

HIDDEN = visibility.NOT_VISIBLE


@dataclass
class VisitInput:
    date: str
    member_id: int
    visitors: list[int] = field(default_factory=list)
    family: list[tuple[str, str]] = field(default_factory=list)  # (name, relation)
    address: str | None = None
    asks: list[str] = field(default_factory=list)  # which of the 五过问 were covered
    content: str | None = None
    family_situation: str | None = None
    materials: list[str] = field(default_factory=list)
    pledge_signed: bool = False
    pledge_date: str | None = None
    difficulties: str | None = None
    help_measures: str | None = None
    revisit_due: str | None = None
    revisit_status: str = "无需回访"
    recorder: str | None = None


def _validate(s: Session, v: VisitInput) -> dict:
    day = parse_iso_date(v.date, "家访日期")
    closing.require_open(s, day)
    if day > today():
        raise ValidationError("不能晚于今天", "家访日期")
    branch = queries.member_branches(s.db, [v.member_id]).get(v.member_id)
    if branch is None:
        raise NotFound("被家访党员不存在")
    s.require("visit.write", branch)
    if not v.visitors:
        raise ValidationError("请至少选择一名家访人", "家访人")
    if len(set(v.visitors)) != len(v.visitors):
        raise ValidationError("同一名党员被选择了多次", "家访人")
    if len(queries.member_branches(s.db, list(v.visitors))) != len(v.visitors):
        raise NotFound("家访人中有不存在的党员")
    for name, relation in v.family:
        if not (name or "").strip() or not (relation or "").strip():
            raise ValidationError("在场家属须填写姓名和关系", "在场家属")
    bad = [a for a in v.asks if a not in rules.FIVE_ASKS]
    if bad:
        raise ValidationError(f"“{bad[0]}”不是“五过问”的内容", "家访内容")
    bad = [x for x in v.materials if x not in rules.MATERIALS]
    if bad:
        raise ValidationError(f"“{bad[0]}”不是可选的送达材料", "送达材料")
    pledge_day = parse_iso_date(v.pledge_date, "承诺书签订日期") if v.pledge_date else None
    if v.pledge_signed and pledge_day is None:
        pledge_day = day
    if not v.pledge_signed and pledge_day is not None:
        raise ValidationError("未签订承诺书时不应填写签订日期", "承诺书签订日期")
    if pledge_day is not None and pledge_day < day:
        raise ValidationError("不能早于家访日期", "承诺书签订日期")
    if v.revisit_status not in rules.RETURN_VISIT:
        raise ValidationError(f"只能是{'、'.join(rules.RETURN_VISIT)}之一", "回访状态")
    due = parse_iso_date(v.revisit_due, "回访期限") if v.revisit_due else None
    if v.revisit_status == "待回访" and due is None:
        raise ValidationError("待回访的家访须填写回访期限", "回访期限")
    if due is not None and due < day:
        raise ValidationError("不能早于家访日期", "回访期限")
    clean = lambda x: (x or "").strip() or None  # noqa: E731
    return {
        "date": day.isoformat(), "member_id": v.member_id, "branch_id": branch, "address": clean(v.address),
        "asks": json.dumps(list(v.asks), ensure_ascii=False), "content": clean(v.content),
        "family_situation": clean(v.family_situation),
        "materials": json.dumps(list(v.materials), ensure_ascii=False), "pledge_signed": int(v.pledge_signed),
        "pledge_date": pledge_day.isoformat() if pledge_day else None, "difficulties": clean(v.difficulties),
        "help_measures": clean(v.help_measures), "revisit_due": due.isoformat() if due else None,
        "revisit_status": v.revisit_status, "recorder": clean(v.recorder),
    }  # fmt: skip


def check_visit(s: Session, v: VisitInput) -> None:
    """Whether record_visit would take it (ValidationError, PermissionDenied or NotFound if not), writing nothing."""
    _validate(s, v)


def record_visit(s: Session, v: VisitInput) -> Change:
    row = _validate(s, v)
    row.update(created_by=s.actor.user_id, created_at=now_text(), updated_at=now_text())
    with s.writing():
        vid = store.insert(s.db, row, list(v.visitors), list(v.family))
        audit_row = {**row, "address": "（已记录）" if row["address"] else None}
        s.audit("新增", "visits", vid, f"登记廉政家访（{row['date']}）",
                after={**audit_row, "visitors": list(v.visitors), "family": [list(f) for f in v.family]})  # fmt: skip
    return Change("visits", (vid,), "已保存家访记录")


def update_visit(s: Session, visit_id: int, v: VisitInput) -> Change:
    before = _stored_visit(s, visit_id)
    s.require("visit.write", before["branch_id"])
    closing.require_open(s, before["date"])
    if before.get("voided_at"):
        raise ValidationError("已作废的家访记录不能再修改", "家访记录")
    row = visibility.keep_hidden(_validate(s, v), before, visibility.visit_hidden(s))
    row["updated_at"] = now_text()
    with s.writing():
        store.replace(s.db, visit_id, row, list(v.visitors), list(v.family))
        hide = lambda d: {**d, "address": "（已记录）" if d.get("address") else None}  # noqa: E731
        s.audit("修改", "visits", visit_id, f"修改廉政家访记录（{row['date']}）",
                before=hide({k: before.get(k) for k in row}), after=hide(row))  # fmt: skip
    return Change("visits", (visit_id,), "已保存家访记录")


def get_visit(s: Session, visit_id: int) -> dict:
    """The visit as the session may see it; `_hidden` lists what it does not show."""
    return visibility.shown(_stored_visit(s, visit_id), visibility.visit_hidden(s))


def _stored_visit(s: Session, visit_id: int) -> dict:
    visit = store.get(s.db, visit_id)
    if visit is None or not s.sees_branch(visit["branch_id"]):
        raise NotFound(f"编号为 {visit_id} 的家访记录不存在")
    return visit


def coverage(s: Session, year: int, as_of: dt.date | None = None) -> rules.VisitCoverage:
    end = min(as_of or dt.date(year, 12, 31), dt.date(year, 12, 31))
    # By default serving members only (人员类别 在职): retirees are not visited about their work.
    members = [m["id"] for m in queries.roll_members(s.db, end, s.scope_branch, config.visit_population(s.db))]
    visited = store.visited_members(s.db, dt.date(year, 1, 1), end)
    return rules.coverage(members, visited)


def overdue_returns(s: Session, as_of: dt.date | None = None) -> list[dict]:
    as_of = as_of or today()
    return [r for r in store.overdue_returns(s.db, as_of) if s.sees_branch(r["branch_id"])]


def void_visit(s: Session, visit_id: int, reason: str) -> Change:
    """作废: a visit entered by mistake stays in the file, marked, and leaves every count."""
    before = _stored_visit(s, visit_id)
    s.require("visit.write", before["branch_id"])
    closing.require_open(s, before["date"])
    reason = void_reason(reason, before, "家访记录")
    with s.writing():
        store.void(s.db, visit_id, now_text(), s.actor.user_id, reason)
        s.audit("作废", "visits", visit_id, f"作废廉政家访记录（{before['date']}）：{reason}",
                before={"voided": False}, after={"voided": True, "reason": reason})  # fmt: skip
    return Change("visits", (visit_id,), "已作废家访记录")
