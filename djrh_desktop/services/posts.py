"""党员先锋阵地 (PRODUCT.md 2.9): 党员先锋岗, 党员责任区, 党员突击队, 党员执法监督小组, 讲师团 … of a
branch, the members serving in each with their roles, and the results counted as the seeds count them
(排查整改风险隐患50处). Assigning a member or recording a result may post the matching A3 item, in the same
transaction; voiding a result reverses what it posted."""

from __future__ import annotations

import uuid

from ..domain import fusion_registers as rules
from ..domain.errors import NotFound, ValidationError
from ..domain.fusion_registers import PostInput, ResultInput
from ..domain.periods import parse_iso_date
from ..store import fusion_registers as store
from ..store import ledger, queries
from ..store.clock import now_text, today
from . import closing
from .points import Posting, build_rows, reversal_row
from .session import Change, Session


def _post(s: Session, post_id: int) -> dict:
    p = store.post(s.db, post_id)
    if p is None or p["voided_at"] or not s.sees_branch(p["branch_id"]):
        raise NotFound(f"编号为 {post_id} 的先锋阵地不存在")
    return p


def _branch(s: Session, branch_id: int) -> None:
    if queries.org_kind(s.db, branch_id) != "党支部":
        raise ValidationError("应为党支部", "所在支部")


def create_post(s: Session, p: PostInput) -> Change:
    s.require("project.write", p.branch_id)
    row = rules.check_post(p, today())
    _branch(s, p.branch_id)
    row.update(created_by=s.actor.user_id, created_at=now_text(), updated_at=now_text())
    with s.writing():
        pid = store.insert(s.db, "fusion_posts", row)
        s.audit("新增", "fusion_posts", pid, f"设立{row['kind']}“{row['name']}”", after=row)
    return Change("fusion_posts", (pid,), f"已设立{row['kind']}“{row['name']}”")


def update_post(s: Session, post_id: int, p: PostInput) -> Change:
    """Correct a post or record its end (撤销日期)."""
    before = _post(s, post_id)
    s.require("project.write", before["branch_id"])
    s.require("project.write", p.branch_id)
    row = rules.check_post(p, today())
    _branch(s, p.branch_id)
    changed = {k: v for k, v in row.items() if before.get(k) != v}
    if not changed:
        return Change("fusion_posts", (post_id,), "没有改动")
    with s.writing():
        store.update(s.db, "fusion_posts", post_id, {**changed, "updated_at": now_text()})
        s.audit("修改", "fusion_posts", post_id, f"修改先锋阵地“{row['name']}”",
                before={k: before.get(k) for k in changed}, after=changed)  # fmt: skip
    return Change("fusion_posts", (post_id,), f"已保存“{row['name']}”")


def assign_member(s: Session, post_id: int, member_id: int, role: str, joined_on: str, post_points: bool = True) -> Change:
    """A member joins a post in a role; with post_points, the assignment posts A3-03 (参加党员突击队、党员责任区
    工作) on the day joined, within the item's yearly cap."""
    p = _post(s, post_id)
    s.require("project.write", p["branch_id"])
    if role not in rules.POST_ROLES:
        raise ValidationError(f"只能是{'、'.join(rules.POST_ROLES)}之一", "角色")
    day = parse_iso_date(joined_on, "加入日期")
    if day > today():
        raise ValidationError("不能晚于今天", "加入日期")
    if day.isoformat() < p["start_date"] or (p["end_date"] and day.isoformat() > p["end_date"]):
        raise ValidationError("应在阵地存续期间", "加入日期")
    if queries.member_branches(s.db, [member_id]).get(member_id) is None:
        raise ValidationError("不是名册中的党员", "党员")
    if any(m["member_id"] == member_id and m["left_on"] is None for m in store.post_members(s.db, post_id)):
        raise ValidationError("已在该阵地中", "党员")
    name = queries.member_name_post(s.db, member_id)[0]
    with s.writing():
        entry_id = None
        if post_points:
            closing.require_open(s, day)
            _, rows = build_rows(s, [member_id], Posting(rules.ASSIGNMENT_ITEM, day.isoformat(), 1,
                                                         note=f"{p['kind']}“{p['name']}”{role}"), "手工", None, None)  # fmt: skip
            if rows[0]["points"] != 0:
                entry_id, _, _ = ledger.append(s.db, rows)
        row = {"post_id": post_id, "member_id": member_id, "role": role, "joined_on": day.isoformat(), "left_on": None,
               "entry_id": entry_id}  # fmt: skip
        store.put_post_member(s.db, row)
        s.audit("新增", "fusion_post_members", post_id, f"{name}加入“{p['name']}”（{role}）", after=row)
    return Change("fusion_post_members", (post_id,), f"已将{name}加入“{p['name']}”" + ("，登记积分1条" if entry_id else ""),
                  {"points": int(entry_id is not None)})


def save_post(s: Session, p: PostInput, members: dict[int, str], day: str, post_points: bool = True,
              post_id: int | None = None) -> Change:
    """The post dialog's 保存, all or nothing: create or correct the post, then make its serving members
    `members` (member id -> role) as of `day`: newcomers join (posting A3-03 when post_points), a changed role
    is updated, those no longer listed leave."""
    with s.writing():
        change = update_post(s, post_id, p) if post_id else create_post(s, p)
        pid = change.ids[0]
        serving = {m["member_id"]: m for m in store.post_members(s.db, pid) if not m["left_on"]}
        joined = 0
        for mid, role in members.items():
            if mid not in serving:
                joined += bool(assign_member(s, pid, mid, role, day, post_points).extra.get("points"))
            elif serving[mid]["role"] != role:
                if role not in rules.POST_ROLES:
                    raise ValidationError(f"只能是{'、'.join(rules.POST_ROLES)}之一", "角色")
                store.set_post_member(s.db, pid, mid, {"role": role})
                s.audit("修改", "fusion_post_members", pid, f"{serving[mid]['name']}在“{p.name}”改任{role}",
                        before={"role": serving[mid]["role"]}, after={"role": role})  # fmt: skip
        for mid in serving.keys() - members.keys():
            release_member(s, pid, mid, day)
    return Change("fusion_posts", (pid,), f"已保存“{p.name.strip()}”" + (f"，登记积分{joined}条" if joined else ""))


def release_member(s: Session, post_id: int, member_id: int, left_on: str) -> Change:
    """A member leaves the post (the assignment's points stay: the work was done)."""
    p = _post(s, post_id)
    s.require("project.write", p["branch_id"])
    current = next((m for m in store.post_members(s.db, post_id) if m["member_id"] == member_id and not m["left_on"]), None)
    if current is None:
        raise NotFound("该党员不在此阵地中")
    day = parse_iso_date(left_on, "退出日期").isoformat()
    if day < current["joined_on"]:
        raise ValidationError(f"不能早于加入日期{current['joined_on']}", "退出日期")
    with s.writing():
        store.set_post_member(s.db, post_id, member_id, {"left_on": day})
        s.audit("修改", "fusion_post_members", post_id, f"{current['name']}退出“{p['name']}”", after={"left_on": day})
    return Change("fusion_post_members", (post_id,), f"{current['name']}已退出“{p['name']}”")


def record_result(s: Session, r: ResultInput) -> Change:
    """A result of the post (排查整改风险隐患 12 处 …); r.credit_members (serving members of the post) each get
    r.item_code once, in the same transaction."""
    p = _post(s, r.post_id)
    s.require("project.write", p["branch_id"])
    row = rules.check_result(r, p, today())
    closing.require_open(s, parse_iso_date(row["date"]))
    serving = {m["member_id"] for m in store.post_members(s.db, r.post_id)
               if m["joined_on"] <= row["date"] and (not m["left_on"] or m["left_on"] >= row["date"])}  # fmt: skip
    strangers = [m for m in r.credit_members if m not in serving]
    if strangers:
        raise ValidationError("只能为当日在该阵地中的党员登记积分", "积分党员")
    batch = uuid.uuid4().hex if r.credit_members else None
    row.update(batch_id=batch, created_by=s.actor.user_id, created_at=now_text(), updated_at=now_text())
    with s.writing():
        n = 0
        if r.credit_members:
            note = f"{p['kind']}“{p['name']}”：{row['measure']}{row['quantity']}{row['unit']}"
            _, rows = build_rows(s, list(r.credit_members), Posting(r.item_code, row["date"], 1, note=note), "手工", None, batch)
            rows = [x for x in rows if x["points"] != 0]
            if rows:
                ledger.append(s.db, rows)
                n = len(rows)
        rid = store.insert(s.db, "fusion_post_results", row)
        s.audit("新增", "fusion_post_results", rid, f"“{p['name']}”{row['measure']}{row['quantity']}{row['unit']}",
                after={**row, "points": n})  # fmt: skip
    return Change("fusion_post_results", (rid,), f"已登记“{p['name']}”成效" + (f"，登记积分{n}条" if n else ""), {"points": n})


def void_result(s: Session, result_id: int, reason: str) -> Change:
    """Void a result recorded in error; the points it posted are reversed in the same transaction."""
    res = store.result(s.db, result_id)
    if res is None or res["voided_at"]:
        raise NotFound(f"编号为 {result_id} 的阵地成效不存在")
    p = _post(s, res["post_id"])
    s.require("project.write", p["branch_id"])
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因", "作废原因")
    entries = ledger.live_batch(s.db, res["batch_id"]) if res["batch_id"] else []
    with s.writing():
        if entries:
            rows = [reversal_row(s, e, f"阵地成效作废：{reason}") for e in entries]
            for r in rows:
                closing.require_open(s, r["date"])
            ledger.append(s.db, rows)
        store.update(s.db, "fusion_post_results", result_id, {"voided_at": now_text(), "void_reason": reason, "updated_at": now_text()})
        s.audit("作废", "fusion_post_results", result_id, f"作废“{p['name']}”成效：{reason}",
                before=res, after={"reversed": len(entries)})  # fmt: skip
    return Change("fusion_post_results", (result_id,), "已作废" + (f"，冲销积分{len(entries)}条" if entries else ""))


def void_post(s: Session, post_id: int, reason: str) -> Change:
    """Void a post set up in error: it and its results leave every list and count (the points its members
    were given stay, each reversible in the ledger)."""
    p = _post(s, post_id)
    s.require("project.write", p["branch_id"])
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写作废原因", "作废原因")
    with s.writing():
        store.update(s.db, "fusion_posts", post_id, {"voided_at": now_text(), "void_reason": reason, "updated_at": now_text()})
        s.audit("作废", "fusion_posts", post_id, f"作废先锋阵地“{p['name']}”：{reason}", before=p)
    return Change("fusion_posts", (post_id,), f"已作废“{p['name']}”")


def post_detail(s: Session, post_id: int) -> dict:
    p = _post(s, post_id)
    return {**p, "members": store.post_members(s.db, post_id), "results": store.post_results(s.db, post_id)}
