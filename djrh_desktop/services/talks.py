"""Talk records (谈心谈话): recording, updating, follow-ups, coverage; sensitive content hidden by role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain import talks as rules
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.periods import parse_iso_date
from ..store import queries
from ..store import talks as store
from ..store.clock import now_text, today
from . import closing, visibility
from .session import Change, Session
from .voiding import void_reason

HIDDEN = "（敏感内容，无权查看）"
SENSITIVE_FIELDS = visibility.TALK_SENSITIVE


@dataclass
class Talker:
    member_id: int | None = None
    name: str = ""  # for someone outside the roster
    post: str | None = None


@dataclass
class TalkInput:
    type: str
    date: str
    topic: str
    talkers: list[Talker] = field(default_factory=list)
    talkees: list[int] = field(default_factory=list)
    place: str | None = None
    content: str | None = None
    statement: str | None = None
    problems: str | None = None
    measures: str | None = None
    followup_due: str | None = None
    followup_status: str = "无需跟进"
    recorder: str | None = None
    sensitivity: str = "普通"


def _validate(s: Session, t: TalkInput) -> tuple[dict, list[dict], int | None]:
    if t.type not in rules.TYPES:
        raise ValidationError(f"只能是{'、'.join(rules.TYPES)}之一", "谈话类型")
    day = parse_iso_date(t.date, "谈话日期")
    closing.require_open(s, day)
    if day > today():
        raise ValidationError("不能晚于今天", "谈话日期")
    if not (t.topic or "").strip():
        raise ValidationError("不能为空", "谈话主题")
    if not t.talkers:
        raise ValidationError("请至少填写一名谈话人", "谈话人")
    if not t.talkees:
        raise ValidationError("请至少选择一名谈话对象", "谈话对象")
    if len(set(t.talkees)) != len(t.talkees):
        raise ValidationError("同一名党员被选择了多次", "谈话对象")
    if t.followup_status not in rules.FOLLOW_UP:
        raise ValidationError(f"只能是{'、'.join(rules.FOLLOW_UP)}之一", "跟进状态")
    if t.sensitivity not in rules.SENSITIVITY:
        raise ValidationError("只能是普通或敏感", "密级")
    due = parse_iso_date(t.followup_due, "跟进期限") if t.followup_due else None
    if t.followup_status == "待跟进" and due is None:
        raise ValidationError("待跟进的谈话须填写跟进期限", "跟进期限")
    if due is not None and due < day:
        raise ValidationError("不能早于谈话日期", "跟进期限")
    ids = list(t.talkees)
    rows = queries.member_branches(s.db, ids)
    if len(rows) != len(ids):
        raise NotFound("谈话对象中有不存在的党员")
    talkers = []
    for tk in t.talkers:
        if tk.member_id is not None:
            m = queries.member_name_post(s.db, tk.member_id)
            if not m:
                raise NotFound("谈话人中有不存在的党员")
            talkers.append({"member_id": tk.member_id, "name": m[0], "post": tk.post or m[1]})
        else:
            if not (tk.name or "").strip():
                raise ValidationError("名册外的谈话人须填写姓名", "谈话人")
            talkers.append(
                {"member_id": None, "name": tk.name.strip(), "post": (tk.post or "").strip() or None}
            )
    branch_id = rows[ids[0]]
    for bid in rows.values():
        s.require("talk.write", bid)
    if s.actor.role == "secretary" and s.actor.member_id not in {tk["member_id"] for tk in talkers}:
        raise PermissionDenied("支部书记只能登记本人参加的谈话")
    clean = lambda v: (v or "").strip() or None  # noqa: E731
    row = {
        "type": t.type, "date": day.isoformat(), "place": clean(t.place), "topic": t.topic.strip(),
        "content": clean(t.content), "statement": clean(t.statement), "problems": clean(t.problems),
        "measures": clean(t.measures), "followup_due": due.isoformat() if due else None,
        "followup_status": t.followup_status, "recorder": clean(t.recorder), "sensitivity": t.sensitivity,
        "branch_id": branch_id,
    }  # fmt: skip
    return row, talkers, branch_id


def check_talk(s: Session, t: TalkInput) -> None:
    """Whether record_talk would take it (ValidationError, PermissionDenied or NotFound if not), writing nothing."""
    _validate(s, t)


def record_talk(s: Session, t: TalkInput) -> Change:
    row, talkers, _ = _validate(s, t)
    row.update(created_by=s.actor.user_id, created_at=now_text(), updated_at=now_text())
    with s.writing():
        tid = store.insert(s.db, row, talkers, list(t.talkees))
        s.audit("新增", "talks", tid, f"登记{row['type']}“{row['topic']}”（{row['date']}）",
                after={**_audit_view(row), "talkers": talkers, "talkees": list(t.talkees)})  # fmt: skip
    return Change("talks", (tid,), f"已保存{row['type']}记录")


def _audit_view(row: dict) -> dict:
    """Sensitive content stays out of the audit log, which inspectors and admins read."""
    if row.get("sensitivity") == "敏感":
        return {k: ("（敏感内容）" if k in SENSITIVE_FIELDS and v else v) for k, v in row.items()}
    return row


def update_talk(s: Session, talk_id: int, t: TalkInput) -> Change:
    before = _stored_talk(s, talk_id, for_edit=True)
    closing.require_open(s, before["date"])
    row, talkers, _ = _validate(s, t)
    # Content the editor could not see stays as stored (judged on the record as it was, so the
    # editor cannot see it by naming themself a talker either).
    row = visibility.keep_hidden(row, before, visibility.talk_hidden(s, before, _talker_ids(before)))
    row["updated_at"] = now_text()
    with s.writing():
        store.replace(s.db, talk_id, row, talkers, list(t.talkees))
        s.audit("修改", "talks", talk_id, f"修改{row['type']}“{row['topic']}”",
                before=_audit_view({k: before.get(k) for k in row}), after=_audit_view(row))  # fmt: skip
    return Change("talks", (talk_id,), "已保存谈话记录")


def set_followup(s: Session, talk_id: int, status: str, note: str | None = None) -> Change:
    before = _stored_talk(s, talk_id, for_edit=True)
    closing.require_open(s, before["date"])
    if status not in rules.FOLLOW_UP:
        raise ValidationError(f"只能是{'、'.join(rules.FOLLOW_UP)}之一", "跟进状态")
    measures = before["measures"]
    if note:
        measures = (measures + "\n" if measures else "") + f"{today().isoformat()} {note.strip()}"
    with s.writing():
        store.set_followup(s.db, talk_id, status, measures, now_text())
        s.audit("跟进", "talks", talk_id, f"谈话记录跟进状态改为“{status}”",
                before={"followup_status": before["followup_status"]}, after={"followup_status": status})  # fmt: skip
    return Change("talks", (talk_id,))




def get_talk(s: Session, talk_id: int, for_edit: bool = False) -> dict:
    """The talk as the session may see it; `_hidden` lists the sensitive fields it does not show."""
    talk = _stored_talk(s, talk_id, for_edit)
    hidden = visibility.talk_hidden(s, talk, _talker_ids(talk))
    return visibility.shown(talk, hidden, {f: (lambda _v: HIDDEN) for f in hidden})


def _talker_ids(talk: dict) -> set[int]:
    return {tk["member_id"] for tk in talk["talkers"] if tk["member_id"]}


def _require_change(s: Session, talk: dict) -> None:
    """A talk is changed by its talkers, or by an officer or administrator."""
    s.require("talk.write", talk["branch_id"])
    if s.scope_branch is not None and s.actor.member_id not in _talker_ids(talk):
        raise PermissionDenied("支部书记只能修改本人作为谈话人的谈话记录")


def _stored_talk(s: Session, talk_id: int, for_edit: bool = False) -> dict:
    talk = store.get(s.db, talk_id)
    if talk is None:
        raise NotFound(f"编号为 {talk_id} 的谈话记录不存在")
    talker_ids = {tk["member_id"] for tk in talk["talkers"] if tk["member_id"]}
    if not s.sees_branch(talk["branch_id"]) and s.actor.member_id not in talker_ids:
        raise PermissionDenied("无权查看其他支部的谈话记录")
    if for_edit:
        _require_change(s, talk)
        if talk.get("voided_at"):
            raise ValidationError("已作废的谈话记录不能再修改", "谈话记录")
    return talk


def overdue_followups(s: Session, as_of: dt.date | None = None) -> list[dict]:
    """Follow-ups past their due date within the session's branches. Of a 敏感 talk the reader may not
    read, only that it exists and when it is due: type, talkees and topic read 敏感谈话/（无权查看）."""
    as_of = as_of or today()
    out = []
    for r in store.overdue_followups(s.db, as_of):
        if not s.sees_branch(r["branch_id"]):
            continue
        talkers = [int(x) for x in (r.pop("talker_ids") or "").split(",") if x]
        if visibility.talk_hidden(s, r, talkers):
            r = {**r, "type": "敏感谈话", "talkees": visibility.NOT_VISIBLE, "topic": visibility.NOT_VISIBLE,
                 visibility.HIDDEN_KEY: ("type", "talkees", "topic")}  # fmt: skip
        out.append(r)
    return out


def coverage(s: Session, year: int, as_of: dt.date | None = None) -> list[rules.CoverageGap]:
    """Required talks not yet held this year (leaders × their departments, secretaries × their branch)."""
    return coverage_status(s, year, as_of).gaps


@dataclass(frozen=True)
class CoverageStatus:
    """How far the year's required talks are held, and whether they can be judged at all."""

    required: int
    gaps: list
    leaders_set: bool  # some 党委班子成员 have 分管部门
    secretaries_set: bool  # some branches have a 书记 on record

    @property
    def rate(self) -> float | None:
        """None when nothing is required (no 分管 relations and no secretaries): not 100%."""
        return (1 - len(self.gaps) / self.required) if self.required else None

    @property
    def missing_setup(self) -> str | None:
        if not self.leaders_set and not self.secretaries_set:
            return "未设置分管关系和支部书记，无法计算谈话覆盖率"
        if not self.leaders_set:
            return "未设置党委班子成员的分管部门，覆盖率只计支部书记谈话"
        return None




def coverage_status(s: Session, year: int, as_of: dt.date | None = None) -> CoverageStatus:
    """Required talks of the year up to as_of (members on the roll at that date) within the user's view."""
    end = min(as_of or dt.date(year, 12, 31), dt.date(year, 12, 31))
    db = s.db
    leader_depts = queries.leader_departments(db)
    dept_members: dict[int, list[int]] = {}
    branch_members: dict[int, list[int]] = {}
    for mid, did, bid in queries.roll_departments(db, end):
        if did is not None:
            dept_members.setdefault(did, []).append(mid)
        branch_members.setdefault(bid, []).append(mid)
    secretaries = queries.secretaries_on(db, end)
    required = rules.required_pairs(leader_depts, dept_members, secretaries, branch_members)
    held = queries.talk_pairs_held(db, dt.date(year, 1, 1), end)
    if s.scope_branch is not None:
        mine = set(branch_members.get(s.scope_branch, []))
        required = {pair: basis for pair, basis in required.items() if pair[1] in mine}
    return CoverageStatus(len(required), rules.coverage_gaps(required, held), bool(leader_depts), bool(secretaries))


def void_talk(s: Session, talk_id: int, reason: str) -> Change:
    """作废: a record entered by mistake stays in the file, marked, and leaves every count."""
    before = _stored_talk(s, talk_id)
    _require_change(s, before)
    closing.require_open(s, before["date"])
    reason = void_reason(reason, before, "谈话记录")
    with s.writing():
        store.void(s.db, talk_id, now_text(), s.actor.user_id, reason)
        s.audit("作废", "talks", talk_id, f"作废{before['type']}“{before['topic']}”（{before['date']}）：{reason}",
                before={"voided": False}, after={"voided": True, "reason": reason})  # fmt: skip
    return Change("talks", (talk_id,), "已作废谈话记录")
