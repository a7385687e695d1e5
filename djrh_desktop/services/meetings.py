"""三会一课 and 主题党日: recording a meeting with attendance (posting 5A points in the same
transaction) and quarterly compliance per branch."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..domain import meetings as rules
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.members import PARTY_TITLES
from ..domain.periods import Quarter, parse_iso_date
from ..store import ledger, queries
from ..store import meetings as store
from ..store.clock import now_text, today
from . import closing, settings
from .points import Posting, build_rows, reversal_row
from .session import Change, Session
from .voiding import void_reason


@dataclass
class MeetingInput:
    branch_id: int
    type: str
    date: str
    topic: str
    host: str | None = None
    recorder: str | None = None
    content: str | None = None
    attendance: dict[int, str] = field(default_factory=dict)  # member id -> 出席/请假/缺席
    group_id: int | None = None  # the 党小组 of a 党小组会
    appraisals: dict[int, str] = field(default_factory=dict)  # 民主评议党员: member id -> 优秀/合格/基本合格/不合格


def _validate(s: Session, m: MeetingInput) -> tuple[dict, dt.date]:
    if m.type not in rules.TYPES:
        raise ValidationError(f"只能是{'、'.join(rules.TYPES)}之一", "会议类型")
    day = parse_iso_date(m.date, "会议日期")
    if day > today():
        raise ValidationError("不能晚于今天", "会议日期")
    closing.require_open(s, day)
    if not (m.topic or "").strip():
        raise ValidationError("不能为空", "会议主题")
    if queries.org_kind(s.db, m.branch_id) != "党支部":
        raise ValidationError("请选择一个党支部", "支部")
    for status in m.attendance.values():
        if status not in rules.ATTENDANCE:
            raise ValidationError(f"只能是{'、'.join(rules.ATTENDANCE)}之一", "出勤情况")
    group = None
    if m.type == rules.GROUP_MEETING:
        groups = dict(store.branch_groups(s.db).get(m.branch_id, []))
        if groups and m.group_id not in groups:
            raise ValidationError("党小组会须选择本支部的一个党小组", "党小组")
        group = m.group_id if groups else None
    elif m.group_id is not None:
        raise ValidationError("只有党小组会需要选择党小组", "党小组")
    if m.appraisals and m.type != "民主评议党员":
        raise ValidationError("只有民主评议党员需要填写评议结果", "评议结果")
    for member, result in m.appraisals.items():
        if result not in rules.APPRAISALS:
            raise ValidationError(f"只能是{'、'.join(rules.APPRAISALS)}之一", "评议结果")
        if member not in m.attendance:
            raise ValidationError("评议结果只能填写参加评议的党员", "评议结果")
    ids = list(m.attendance)
    if ids:
        found = queries.member_branches(s.db, ids)
        if len(found) != len(ids):
            raise NotFound("出勤名单中有不存在的党员")
        # A 支部书记 records the attendance of their own branch's members only (every member touched).
        if s.scope_branch is not None and any(b != s.scope_branch for b in found.values()):
            raise PermissionDenied("支部书记只能登记本支部党员的出勤")
    row = {
        "branch_id": m.branch_id, "type": m.type, "date": day.isoformat(), "topic": m.topic.strip(),
        "host": (m.host or "").strip() or None, "recorder": (m.recorder or "").strip() or None,
        "content": (m.content or "").strip() or None, "group_id": group,
    }  # fmt: skip
    return row, day


def record_meeting(s: Session, m: MeetingInput, post_points: bool = True) -> Change:
    """Save the meeting and its attendance; with post_points, attendance posts 5A points too."""
    s.require("meeting.write", m.branch_id)
    row, day = _validate(s, m)
    row.update(created_by=s.actor.user_id, created_at=now_text())
    mapping = settings.attendance_points(s) if post_points else {}
    with s.writing():
        mid = store.insert(s.db, row, m.attendance, m.appraisals)
        s.audit("新增", "meetings", mid, f"登记{m.type}“{row['topic']}”（{day.isoformat()}）",
                after={**row, "attendance": {str(k): v for k, v in m.attendance.items()},
                       **({"appraisals": {str(k): v for k, v in m.appraisals.items()}} if m.appraisals else {})})  # fmt: skip
        n = _post_attendance(s, mid, m, row, day, mapping)
    return Change("meetings", (mid,), "已保存会议记录" + (f"，登记积分{n}条" if n else ""), {"points": n})


def _post_attendance(s: Session, mid: int, m: MeetingInput, row: dict, day: dt.date, mapping: dict) -> int:
    """Post the 5A points of the attendance (inside the caller's transaction); return how many entries."""
    by_status: dict[str, list[int]] = defaultdict(list)
    for member, status in m.attendance.items():
        by_status[status].append(member)
    n = 0
    for status, code in mapping.items():
        if by_status.get(status):
            # The entry's meeting_id names the meeting; no note repeated on every attendee's row.
            _, rows = build_rows(s, by_status[status], Posting(code, day.isoformat(), 1), "活动签到", mid, None)
            # A member at the item's yearly cap gets no entry: the attendance itself is the meeting's record,
            # and a ledger of "出席 +0" rows helps nobody (nor does reversing them later).
            rows = [r for r in rows if r["points"] != 0 or r["veto"]]
            if not rows:
                continue
            first, last, digest = ledger.append(s.db, rows)
            s.audit("签到积分", "point_ledger", f"{first}-{last}", f"{m.type}“{row['topic']}”{status}人员登记积分",
                    after={"ledger": [first, last, digest], "item": code, "status": status})  # fmt: skip
            n += last - first + 1
    return n


def _reverse_posted(s: Session, mid: int, why: str) -> int:
    """Reverse every entry the meeting's attendance posted and no entry reversed yet; return how many."""
    entries = store.live_entries(s.db, mid)
    if not entries:
        return 0
    rows = [reversal_row(s, e, why) for e in entries]
    first, last, digest = ledger.append(s.db, rows)
    s.audit("冲销积分", "point_ledger", f"{first}-{last}", f"会议记录（编号 {mid}）{why}：冲销签到积分 {len(rows)} 条",
            after={"ledger": [first, last, digest], "meeting": mid, "reverses": [e["id"] for e in entries]})  # fmt: skip
    return len(rows)


def _editable(s: Session, meeting_id: int) -> dict:
    m = store.get(s.db, meeting_id)
    if m is None or not s.sees_branch(m["branch_id"]):
        raise NotFound(f"编号为 {meeting_id} 的会议记录不存在")
    s.require("meeting.write", m["branch_id"])
    closing.require_open(s, m["date"])
    if m.get("voided_at"):
        raise ValidationError("已作废的会议记录不能再修改", "会议记录")
    return m


def correct_meeting(s: Session, meeting_id: int, m: MeetingInput, post_points: bool = True) -> Change:
    """Correct date, topic or attendance: the points the old attendance posted are reversed and the new
    attendance's points posted, all in one transaction; the audit keeps before and after."""
    before = _editable(s, meeting_id)
    s.require("meeting.write", m.branch_id)
    row, day = _validate(s, m)
    mapping = settings.attendance_points(s) if post_points else {}
    old = {str(member): status for member, status in
           store.attendance_of(s.db, meeting_id).items()}  # fmt: skip
    old_appraisals = {str(k): v for k, v in store.appraisals_of(s.db, meeting_id).items()}
    with s.writing():
        reversed_n = _reverse_posted(s, meeting_id, "更正")
        store.replace(s.db, meeting_id, row, m.attendance, m.appraisals)
        s.audit("修改", "meetings", meeting_id, f"更正{m.type}“{row['topic']}”（{day.isoformat()}）",
                before={**{k: before.get(k) for k in row}, "attendance": old, "appraisals": old_appraisals},
                after={**row, "attendance": {str(k): v for k, v in m.attendance.items()},
                       "appraisals": {str(k): v for k, v in m.appraisals.items()}})  # fmt: skip
        n = _post_attendance(s, meeting_id, m, row, day, mapping)
    return Change("meetings", (meeting_id,), f"已更正会议记录（冲销积分{reversed_n}条，重新登记{n}条）",
                  {"reversed": reversed_n, "points": n})  # fmt: skip


def void_meeting(s: Session, meeting_id: int, reason: str) -> Change:
    """作废: the meeting stays in the file, marked, out of every count; its points are reversed."""
    before = _editable(s, meeting_id)
    reason = void_reason(reason, before, "会议记录")
    with s.writing():
        n = _reverse_posted(s, meeting_id, f"作废（{reason}）")
        store.void(s.db, meeting_id, now_text(), s.actor.user_id, reason)
        s.audit("作废", "meetings", meeting_id, f"作废{before['type']}“{before['topic']}”（{before['date']}）：{reason}",
                before={"voided": False}, after={"voided": True, "reason": reason, "points_reversed": n})  # fmt: skip
    return Change("meetings", (meeting_id,), f"已作废会议记录，冲销签到积分{n}条", {"reversed": n})


@dataclass(frozen=True)
class BranchCompliance:
    branch_id: int
    branch: str
    types: list[rules.TypeCompliance]

    @property
    def behind(self) -> list[str]:
        return rules.behind(self.types)


def compliance(s: Session, quarter: Quarter, as_of: dt.date | None = None) -> list[BranchCompliance]:
    """Each branch's quarter, the 党小组会 per 党小组 (the annual items: annual_items)."""
    as_of = as_of or today()
    groups = store.branch_groups(s.db)
    held: dict[int, list[tuple]] = defaultdict(list)
    for bid, mtype, day, group in store.held(s.db, quarter.start, quarter.end):
        held[bid].append((mtype, dt.date.fromisoformat(day), group))
    return [BranchCompliance(bid, name, rules.compliance(quarter, held.get(bid, []), as_of, groups.get(bid, [])))
            for bid, name in queries.active_branches(s.db) if s.sees_branch(bid)]  # fmt: skip


def annual_items(s: Session, year: int, as_of: dt.date | None = None) -> list[BranchCompliance]:
    """组织生活会 and 民主评议党员 of each branch's year (PRODUCT.md 2.6)."""
    as_of = as_of or today()
    held: dict[int, list[tuple]] = defaultdict(list)
    for bid, mtype, day, group in store.held(s.db, dt.date(year, 1, 1), dt.date(year, 12, 31)):
        held[bid].append((mtype, dt.date.fromisoformat(day), group))
    return [BranchCompliance(bid, name, rules.annual_compliance(year, held.get(bid, []), as_of))
            for bid, name in queries.active_branches(s.db) if s.sees_branch(bid)]  # fmt: skip


# 领导干部双重组织生活: the branch's own organisational life a leader takes part in as an ordinary member.
DUAL_LIFE_TYPES = ("支部党员大会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员")


def dual_life(s: Session, start: dt.date, end: dt.date) -> list[dict]:
    """Each party committee member's attendance at their own branch's organisational life in [start, end]
    (a 党小组会 only of their own group), within the session's scope."""
    rows = store.leader_attendance(s.db, start, min(end, today()), DUAL_LIFE_TYPES)
    return [{"member_id": mid, "name": name, "post": PARTY_TITLES.get(post, "党委委员"), "title": title or "", "branch": branch,
             "branch_id": bid, "held": held, "attended": attended}
            for mid, name, post, title, branch, bid, held, attended in rows if s.sees_branch(bid)]  # fmt: skip


def get_meeting(s: Session, meeting_id: int) -> dict:
    """A recorded meeting with its attendance [(name, status)], if the session may see its branch."""
    m = store.get(s.db, meeting_id)
    if m is None or not s.sees_branch(m["branch_id"]):
        raise NotFound(f"编号为 {meeting_id} 的会议记录不存在")
    m["attendance_by_member"] = store.attendance_of(s.db, meeting_id)
    m["appraisals_by_member"] = store.appraisals_of(s.db, meeting_id)
    return m


def branch_groups(s: Session, branch_id: int) -> list[tuple[int, str]]:
    """The branch's 党小组 (id, name), for the 党小组会 form."""
    return store.branch_groups(s.db).get(s.branch_scope(branch_id), [])
