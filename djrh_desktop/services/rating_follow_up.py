"""评星定级 after 定级: the 复核 of last year's five-star branches, and the follow-up (联系领导, 整改措施 with
their progress) of branches rated three stars or fewer or below the level they applied for."""

from __future__ import annotations

from ..domain import stars as rules
from ..domain.errors import NotFound, ValidationError
from ..domain.periods import parse_iso_date
from ..store import queries
from ..store import ratings as store
from ..store.clock import now_text, today
from . import closing
from .ratings import _update
from .session import Change, Session


def recheck(s: Session, year: int, branch_id: int, result: str, note: str | None = None,
            date: str | None = None) -> Change:  # fmt: skip
    """复核 of a branch rated five stars in `year`, dated when it was done (usually the next year): 复核不合格
    removes the fifth star from that date (摘星), for distributions and next year's 上年星级."""
    rb = store.get_branch(s.db, year, branch_id)
    s.require("rating.recheck")
    if rb["state"] != "定级" or rb["level"] != 5:
        raise ValidationError("只有已定级的五星支部才需要复核", "复核")
    if result not in rules.RECHECK_RESULTS:
        raise ValidationError("只能是复核合格或复核不合格", "复核结果")
    day = parse_iso_date(date, "复核日期") if date else today()
    if day > today():
        raise ValidationError("不能晚于今天", "复核日期")
    if day.year < year:
        raise ValidationError(f"不能早于{year}年", "复核日期")
    closing.require_open(s, day.year)  # the 复核 is dated in its own year
    fields = {"recheck_result": result, "recheck_note": (note or "").strip() or None, "recheck_date": day.isoformat()}
    with s.writing():
        change = _update(s, rb, fields, f"{year}年度五星支部{result}（{day.isoformat()}）"
                         + ("，摘去第五颗星" if result == "复核不合格" else ""))  # fmt: skip
        store.refresh_previous_level(s.db, year + 1, branch_id, 4 if result == "复核不合格" else 5)
    return change


def set_liaison(
    s: Session, year: int, branch_id: int, member_id: int | None = None, name: str | None = None
) -> Change:
    """联系领导 for a branch rated three stars or fewer (党组织负责人联系制度)."""
    rb = store.get_branch(s.db, year, branch_id)
    s.require("rating.recheck")
    _follow_up_allowed(rb)
    if member_id is not None:
        found = queries.member_name_post(s.db, member_id)
        if not found:
            raise NotFound("联系领导不存在")
        name = found[0]
    if not (name or "").strip():
        raise ValidationError("请选择或填写联系领导", "联系领导")
    return _update(
        s,
        rb,
        {"liaison_member_id": member_id, "liaison_name": name.strip()},
        f"{year}年度确定联系领导“{name.strip()}”",
    )


def _follow_up_allowed(rb: dict) -> None:
    if rb["state"] != "定级" or rb["level"] is None or not rules.needs_follow_up(rb["level"], rb["self_level"]):
        raise ValidationError("只有定级为三星及以下、或未达到申报星级的支部需要联系领导和整改措施", "整改")


def add_action(s: Session, year: int, branch_id: int, measure: str, due_date: str | None) -> Change:
    rb = store.get_branch(s.db, year, branch_id)
    s.require("rating.recheck")
    _follow_up_allowed(rb)
    if not (measure or "").strip():
        raise ValidationError("不能为空", "整改措施")
    due = parse_iso_date(due_date, "完成期限").isoformat() if due_date else None
    row = {
        "year": year,
        "branch_id": branch_id,
        "measure": measure.strip(),
        "due_date": due,
        "updated_at": now_text(),
    }
    with s.writing():
        aid = store.insert_action(s.db, row)
        s.audit("新增", "rating_actions", aid, f"新增整改措施“{row['measure']}”", after=row)
    return Change("rating_actions", (aid,), "已新增整改措施")


def update_action(s: Session, action_id: int, progress: str | None, done: bool) -> Change:
    s.require("rating.recheck")
    before = store.get_action(s.db, action_id)
    if before is None:
        raise NotFound("整改措施不存在")
    fields = {"progress": (progress or "").strip() or None, "done": int(done), "updated_at": now_text()}
    with s.writing():
        store.update_action(s.db, action_id, fields)
        s.audit("修改", "rating_actions", action_id, f"更新整改措施“{before['measure']}”进展",
                before={k: before[k] for k in ("progress", "done")}, after=fields)  # fmt: skip
    return Change("rating_actions", (action_id,), "已更新整改进展")


def save_follow_up(s: Session, year: int, branch_id: int, liaison_member_id: int, new_measure: str | None = None,
                   due_date: str | None = None, progress: dict[int, tuple[str | None, bool]] | None = None) -> Change:  # fmt: skip
    """The follow-up form as one action, all or nothing: the liaison leader, the progress of existing
    measures (action id -> (progress, done)) and a new measure."""
    mine = {a["id"]: a for a in store.actions_of(s.db, year, branch_id)}
    for action_id in progress or {}:
        if action_id not in mine:
            raise NotFound("整改措施不存在")
    with s.writing():
        set_liaison(s, year, branch_id, liaison_member_id)
        for action_id, (text, done) in (progress or {}).items():
            a = mine[action_id]
            if ((text or "").strip() or None) != a["progress"] or int(done) != a["done"]:
                update_action(s, action_id, text, done)
        if (new_measure or "").strip():
            add_action(s, year, branch_id, new_measure, due_date)
    return Change("rating_branches", (branch_id,), "已保存联系领导与整改措施")
