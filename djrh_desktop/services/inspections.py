"""联合检查 (党建+业务; seed 002: 季度业务目标检查考核3次, 党建检查6次, 对"党建实法治弱""业务强规范虚"的支部
限期整改): the party committee records an inspection of one or more branches with its findings on both
sides and the 限期整改 items (owner, due date); the branch reports an item closed. Overdue items are on the
dashboard's to-do list."""

from __future__ import annotations

import datetime as dt

from ..domain import fusion_registers as rules
from ..domain.errors import NotFound, ValidationError
from ..domain.fusion_registers import InspectionInput, RectificationInput
from ..domain.periods import parse_iso_date
from ..store import fusion_registers as store
from ..store import queries
from ..store.clock import now_text, today
from .session import Change, Session


def _inspection(s: Session, inspection_id: int) -> dict:
    i = store.inspection(s.db, inspection_id)
    if i is None or i["voided_at"] or not any(s.sees_branch(b) for b in i["branch_ids"]):
        raise NotFound(f"编号为 {inspection_id} 的检查记录不存在")
    return i


def _branches(s: Session, branch_ids: list[int]) -> None:
    for b in branch_ids:
        if queries.org_kind(s.db, b) != "党支部":
            raise ValidationError("应为党支部", "被检查支部")


def record_inspection(s: Session, i: InspectionInput) -> Change:
    s.require("project.review")
    row = rules.check_inspection(i, today())
    _branches(s, i.branch_ids)
    row.update(created_by=s.actor.user_id, created_at=now_text(), updated_at=now_text())
    with s.writing():
        iid = store.insert(s.db, "fusion_inspections", row)
        store.set_inspection_branches(s.db, iid, i.branch_ids)
        s.audit("新增", "fusion_inspections", iid, f"{row['date']}{row['kind']}（{len(set(i.branch_ids))}个支部）",
                after={**row, "branch_ids": sorted(set(i.branch_ids))})  # fmt: skip
    return Change("fusion_inspections", (iid,), f"已登记{row['date']}{row['kind']}")


def update_inspection(s: Session, inspection_id: int, i: InspectionInput) -> Change:
    s.require("project.review")
    before = _inspection(s, inspection_id)
    row = rules.check_inspection(i, today())
    _branches(s, i.branch_ids)
    kept = {r["branch_id"] for r in store.rectifications(s.db, inspection_id)}
    if kept - set(i.branch_ids):
        raise ValidationError("已有整改事项的支部不能从被检查支部中去掉", "被检查支部")
    with s.writing():
        store.update(s.db, "fusion_inspections", inspection_id, {**row, "updated_at": now_text()})
        store.set_inspection_branches(s.db, inspection_id, i.branch_ids)
        s.audit("修改", "fusion_inspections", inspection_id, f"修改{row['date']}{row['kind']}",
                before={k: before.get(k) for k in (*row, "branch_ids")}, after={**row, "branch_ids": sorted(set(i.branch_ids))})  # fmt: skip
    return Change("fusion_inspections", (inspection_id,), "已保存检查记录")


def add_rectification(s: Session, r: RectificationInput) -> Change:
    """A 限期整改 item for an inspected branch."""
    s.require("project.review")
    i = _inspection(s, r.inspection_id)
    row = rules.check_rectification(r, i)
    row.update(created_at=now_text(), updated_at=now_text())
    with s.writing():
        rid = store.insert(s.db, "fusion_rectifications", row)
        s.audit("新增", "fusion_rectifications", rid, f"限期整改：{row['issue'][:30]}（{row['due_date']}前）", after=row)
    return Change("fusion_rectifications", (rid,), "已添加整改事项")


def close_rectification(s: Session, item_id: int, closed_on: str, note: str) -> Change:
    """整改完成: the branch (or the committee) records the date and what was done."""
    item = store.rectification(s.db, item_id)
    if item is None or not s.sees_branch(item["branch_id"]):
        raise NotFound(f"编号为 {item_id} 的整改事项不存在")
    s.require("project.write", item["branch_id"])
    inspection = _inspection(s, item["inspection_id"])
    if item["closed_on"]:
        raise ValidationError(f"已于{item['closed_on']}整改完成", "整改事项")
    day = parse_iso_date(closed_on, "完成日期")
    if day > today():
        raise ValidationError("不能晚于今天", "完成日期")
    if day.isoformat() < inspection["date"]:
        raise ValidationError(f"不能早于检查日期{inspection['date']}", "完成日期")
    text = (note or "").strip()
    if not text:
        raise ValidationError("请写明整改情况", "整改情况")
    fields = {"closed_on": day.isoformat(), "closure_note": text[:500], "updated_at": now_text()}
    with s.writing():
        store.update(s.db, "fusion_rectifications", item_id, fields)
        s.audit("整改", "fusion_rectifications", item_id, f"整改完成：{item['issue'][:30]}", before=item, after=fields)
    return Change("fusion_rectifications", (item_id,), "已记录整改完成")


def void_inspection(s: Session, inspection_id: int, reason: str) -> Change:
    s.require("project.review")
    before = _inspection(s, inspection_id)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因", "作废原因")
    with s.writing():
        store.update(s.db, "fusion_inspections", inspection_id, {"voided_at": now_text(), "void_reason": reason, "updated_at": now_text()})
        s.audit("作废", "fusion_inspections", inspection_id, f"作废{before['date']}{before['kind']}：{reason}", before=before)
    return Change("fusion_inspections", (inspection_id,), "已作废检查记录")


# ---- reads, scoped by the session ----------------------------------------------------------------


def inspection_detail(s: Session, inspection_id: int) -> dict:
    i = _inspection(s, inspection_id)
    items = [r for r in store.rectifications(s.db, inspection_id) if s.sees_branch(r["branch_id"])]
    return {**i, "rectifications": items}


def overdue_rectifications(s: Session, as_of: dt.date | None = None) -> list[dict]:
    """Open 限期整改 items past their due date (the dashboard's to-do)."""
    as_of = as_of or today()
    return [r for r in store.open_rectifications(s.db, as_of.isoformat())
            if s.sees_branch(r["branch_id"]) and rules.is_overdue(r, as_of)]  # fmt: skip


def open_rectifications(s: Session, as_of: dt.date) -> list[dict]:
    """Items not closed by as_of, overdue or not (the quarterly report's 未完成整改)."""
    return [r for r in store.open_rectifications(s.db, as_of.isoformat()) if s.sees_branch(r["branch_id"])]
