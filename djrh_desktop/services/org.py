"""Organisation tree, departments and members. Members are never deleted; their status changes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..domain import members as rules
from ..domain import pinyin
from ..domain.errors import NotFound, ValidationError
from ..domain.members import MemberInput
from ..domain.periods import parse_iso_date
from ..store import organisation as store
from ..store import queries
from ..store.clock import now_text
from . import visibility
from .session import Change, Session


def _get_org(s: Session, org_id: int) -> dict:
    row = store.get_org(s.db, org_id)
    if row is None:
        raise NotFound("组织不存在")
    return row


def add_org(s: Session, name: str, kind: str, parent_id: int | None) -> Change:
    s.require("org.write", parent_id)
    name = (name or "").strip()
    if not name:
        raise ValidationError("不能为空", "组织名称")
    parent_kind = _get_org(s, parent_id)["kind"] if parent_id is not None else None
    rules.check_org_parent(kind, parent_kind)
    if store.org_name_taken(s.db, parent_id, name):
        raise ValidationError(f"上级组织下已有名为“{name}”的组织", "组织名称")
    row = {"name": name, "kind": kind, "parent_id": parent_id, "created_at": now_text()}
    with s.writing():
        oid = store.insert_org(s.db, row)
        s.audit("新增", "orgs", oid, f"新增{kind}“{name}”", after=row)
    return Change("orgs", (oid,), f"已新增{kind}“{name}”")


def rename_org(s: Session, org_id: int, name: str) -> Change:
    s.require("org.write", org_id)
    org = _get_org(s, org_id)
    name = (name or "").strip()
    if not name:
        raise ValidationError("不能为空", "组织名称")
    with s.writing():
        store.rename_org(s.db, org_id, name)
        s.audit("修改", "orgs", org_id, f"{org['kind']}“{org['name']}”更名为“{name}”",
                before={"name": org["name"]}, after={"name": name})  # fmt: skip
    return Change("orgs", (org_id,))


def add_department(s: Session, name: str) -> Change:
    s.require("org.write")
    name = (name or "").strip()
    if not name:
        raise ValidationError("不能为空", "部门名称")
    if store.department_exists(s.db, name=name):
        raise ValidationError(f"部门“{name}”已存在", "部门名称")
    with s.writing():
        did = store.insert_department(s.db, name)
        s.audit("新增", "departments", did, f"新增部门“{name}”", after={"name": name})
    return Change("departments", (did,))


def _check_branch(s: Session, branch_id: int) -> None:
    if queries.org_kind(s.db, branch_id) != "党支部":
        raise ValidationError("请选择一个党支部", "所在支部")


def _check_department(s: Session, department_id: int | None) -> None:
    if department_id is not None and not store.department_exists(s.db, department_id=department_id):
        raise ValidationError("部门不存在", "所在部门")


def _check_unique_id(s: Session, id_number: str | None, member_id: int | None) -> None:
    if id_number is None:
        return
    other = store.member_with_id_number(s.db, id_number)
    if other and other[0] != member_id:
        raise ValidationError(f"已被党员“{other[1]}”使用", "公民身份号码")


def add_member(s: Session, m: MemberInput, today: dt.date | None = None) -> Change:
    s.require("member.write", m.branch_id)
    row = rules.validate_member(m, today)
    _check_branch(s, row["branch_id"])
    _check_department(s, row["department_id"])
    _check_unique_id(s, row["id_number"], None)
    row["name_initials"], row["name_pinyin"] = pinyin.keys(row["name"])
    row["status"] = "在册"
    row["created_at"] = row["updated_at"] = now_text()
    with s.writing():
        mid = store.insert_member(s.db, row)
        s.audit("新增", "members", mid, f"新增党员“{row['name']}”", after=row)
    return Change("members", (mid,), f"已新增党员“{row['name']}”")


def get_member(s: Session, member_id: int) -> dict:
    """The member as the session may see it (the ID number masked unless the role may see it)."""
    row = _stored_member(s, member_id)
    if not s.sees_branch(row["branch_id"]):  # a 支部书记 reads their own branch's members only
        raise NotFound(f"编号为 {member_id} 的党员不存在")
    return visibility.shown(row, visibility.member_hidden(s, row), visibility.ID_MASK)


def _stored_member(s: Session, member_id: int) -> dict:
    row = store.get_member(s.db, member_id)
    if row is None:
        raise NotFound(f"编号为 {member_id} 的党员不存在")
    return row


def update_member(s: Session, member_id: int, m: MemberInput, today: dt.date | None = None) -> Change:
    before = _stored_member(s, member_id)
    s.require("member.write", before["branch_id"])
    s.require("member.write", m.branch_id)  # a secretary cannot move a member out of their branch
    hidden = visibility.member_hidden(s, before)
    if hidden:
        m = dataclasses.replace(m, **{f: before[f] for f in hidden})
    row = rules.validate_member(m, today)
    _check_branch(s, row["branch_id"])
    _check_department(s, row["department_id"])
    _check_unique_id(s, row["id_number"], member_id)
    row["name_initials"], row["name_pinyin"] = pinyin.keys(row["name"])
    changed = {k: v for k, v in row.items() if before.get(k) != v}
    if not changed:
        return Change("members", (member_id,), "没有改动")
    changed["updated_at"] = now_text()
    with s.writing():
        store.update_member(s.db, member_id, changed)
        s.audit("修改", "members", member_id, f"修改党员“{row['name']}”的信息",
                before={k: before.get(k) for k in changed}, after=changed)  # fmt: skip
    return Change("members", (member_id,), f"已保存党员“{row['name']}”")


def change_status(s: Session, member_id: int, status: str, date: str, reason: str = "") -> Change:
    """转出 / 停止党籍 / 去世, or back to 在册; history stays in member_status_log."""
    before = get_member(s, member_id)
    s.require("member.write", before["branch_id"])
    if status not in rules.STATUSES:
        raise ValidationError(f"只能是{'、'.join(rules.STATUSES)}之一", "状态")
    if status == before["status"]:
        raise ValidationError(f"该党员已是“{status}”状态", "状态")
    day = parse_iso_date(date, "变更日期") if isinstance(date, str) else date
    left = None if status == "在册" else day.isoformat()
    now = now_text()
    with s.writing():
        store.change_status(s.db, member_id, status, left,
            {
                "member_id": member_id,
                "date": day.isoformat(),
                "from_status": before["status"],
                "to_status": status,
                "reason": reason or None,
                "user_id": s.actor.user_id,
                "at": now,
            },
        )  # fmt: skip
        s.audit("状态变更", "members", member_id, f"党员“{before['name']}”由“{before['status']}”变更为“{status}”",
                before={"status": before["status"]}, after={"status": status, "date": day.isoformat(), "reason": reason})  # fmt: skip
    return Change("members", (member_id,), f"已将“{before['name']}”变更为“{status}”")


def set_committee_member(
    s: Session, org_id: int, member_id: int, post: str, start_date: str | None = None
) -> Change:
    """Appoint a member to a branch committee post; the previous holder's term ends."""
    s.require("org.write", org_id)
    org = _get_org(s, org_id)
    member = get_member(s, member_id)
    if post not in rules.COMMITTEE_POSTS:
        raise ValidationError(f"只能是{'、'.join(rules.COMMITTEE_POSTS)}之一", "职务")
    start = start_date or dt.date.today().isoformat()
    with s.writing():
        cid = store.appoint(s.db, org_id, member_id, post, start)
        s.audit("任职", "org_committee", cid, f"“{member['name']}”任{org['name']}{post}",
                after={"org_id": org_id, "member_id": member_id, "post": post, "start_date": start})  # fmt: skip
    return Change("orgs", (org_id,))


def set_leader_departments(s: Session, member_id: int, department_ids: list[int]) -> Change:
    """Which departments a party-committee leader oversees (分管部门), for talk coverage."""
    s.require("org.write")
    member = get_member(s, member_id)
    for d in department_ids:
        _check_department(s, d)
    before = store.departments_of_leader(s.db, member_id)
    with s.writing():
        store.set_leader_departments(s.db, member_id, list(department_ids))
        s.audit("分管部门", "leader_departments", member_id, f"设置“{member['name']}”的分管部门",
                before={"departments": before}, after={"departments": list(department_ids)})  # fmt: skip
    return Change("members", (member_id,))






# ---- finding a record by what a person types (the command line; the GUI picks ids) -------------


def find_member(s: Session, key: str) -> int:
    """The id of the member named by an ID number or a name, within the session's view."""
    key = (key or "").strip()
    rows = [r for r in store.members_by_key(s.db, key) if s.sees_branch(r[1])]
    if not rows:
        raise NotFound(f"没有找到党员“{key}”（请输入公民身份号码或姓名）")
    if len(rows) > 1:
        raise ValidationError(f"名为“{key}”的党员有{len(rows)}人，请改用公民身份号码", "党员")
    return rows[0][0]


def find_branch(s: Session, name: str) -> int:
    """The id of the branch of that name, if the session may see it."""
    found = store.branch_named(s.db, (name or "").strip())
    if found is None or not s.sees_branch(found):
        raise NotFound(f"没有名为“{name}”的党支部")
    return found


def group_member_ids(s: Session, group_id: int) -> list[int]:
    """The members on the roll of a 党小组 (within the session's branches)."""
    branch, ids = store.group_members(s.db, group_id)
    if branch is None or not s.sees_branch(branch):
        raise NotFound("党小组不存在")
    return ids


def committee_member_ids(s: Session, org_id: int) -> set[int]:
    """Members holding a committee post of the organisation now."""
    if s.scope_branch is not None and org_id != s.scope_branch:
        raise NotFound("组织不存在")
    return {r["member_id"] for r in store.committee(s.db, org_id)}


def committee(s: Session, org_id: int) -> list[dict]:
    """The organisation's committee now: each post with its holder (member id, name, since), or none."""
    if s.scope_branch is not None and org_id != s.scope_branch:
        raise NotFound("组织不存在")
    held = {r["post"]: r for r in store.committee(s.db, org_id)}
    return [held.get(post, {"post": post, "member_id": None, "name": "", "start_date": None})
            for post in rules.COMMITTEE_POSTS]  # fmt: skip


def leader_departments(s: Session) -> dict[int, list[int]]:
    """党委班子成员 (member id) -> the departments they oversee (分管部门)."""
    return queries.leader_departments(s.db)


def root_org(s: Session) -> int:
    """The party committee at the top of the tree (党委)."""
    return store.root_org(s.db)
