"""5A points: posting, batch posting, reversing (冲销), and scoring a year."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass

from sqlite_utils import Database

from ..domain import points as rules
from ..domain import rulesets
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.periods import parse_iso_date
from ..store import config, ledger, queries
from ..store.clock import now_text, today
from . import closing, settings
from .session import Change, Session


def year_rules(s: Session, year: int) -> rulesets.FiveARules:
    """The 5A rules of a year: frozen when the year's points began, else today's defaults."""
    return _year_rules(s.db, year) or settings.five_a_rules(s)


def _year_rules(db: Database, year: int) -> rulesets.FiveARules | None:
    text = ledger.year_rules_json(db, year)
    return rulesets.five_a_from_json(text) if text else None


def ensure_year(s: Session, year: int) -> rulesets.FiveARules:
    """The year's frozen rules, freezing the current settings the first time a year is used."""
    s.require_role("points.write")
    frozen = _year_rules(s.db, year)
    if frozen:
        return frozen
    current = settings.five_a_rules(s)
    with s.writing():
        items = [{"code": i.code, "dimension": i.dimension, "name": i.name, "points": i.points, "cap": i.cap,
                  "veto": int(i.veto)} for i in current.items]  # fmt: skip
        ledger.freeze_year(s.db, year, current.to_json(), items, now_text())
        s.audit("启用积分规则", "point_rule_sets", year, f"{year}年度启用5A积分规则“{current.name}”",
                after={"year": year, "items": len(current.items)})  # fmt: skip
    return current


def _item_row(db: Database, year: int, code: str) -> dict:
    row = ledger.item(db, year, code)
    if row is None:
        raise ValidationError(f"{year}年度没有编码为“{code}”的积分项目", "积分项目")
    return row


def _members(s: Session, member_ids: list[int], action: str = "points.write") -> dict[int, dict]:
    if not member_ids:
        raise ValidationError("请至少选择一名党员", "党员")
    if len(set(member_ids)) != len(member_ids):
        raise ValidationError("同一名党员被选择了多次", "党员")
    found = queries.members_for_points(s.db, member_ids)
    missing = [m for m in member_ids if m not in found]
    if missing:
        raise NotFound(f"编号为 {missing[0]} 的党员不存在")
    for m in found.values():
        s.require(action, m["branch_id"])
        if m["status"] != "在册":
            raise ValidationError(f"党员“{m['name']}”已{m['status']}，不能再登记积分", "党员")
    return found


def _used(db: Database, member_ids: list[int], item_id: int) -> dict[int, float]:
    used: dict[int, float] = defaultdict(float)
    used.update(ledger.used_by_members(db, member_ids, item_id))
    return used


@dataclass(frozen=True)
class Posting:
    item_code: str
    date: str
    quantity: float = 1
    note: str | None = None
    evidence: str | None = None


def build_rows(
    s: Session, member_ids: list[int], p: Posting, source: str, meeting_id: int | None, batch_id: str | None
):
    """Ledger rows for one item posted to several members, caps applied against what each has used."""
    day = parse_iso_date(p.date, "日期")
    if day > today():
        raise ValidationError("不能晚于今天", "日期")
    closing.require_open(s, day)
    if source not in rules.SOURCES:
        raise ValidationError("来源无效", "来源")
    try:
        quantity = float(p.quantity)
    except (TypeError, ValueError):
        raise ValidationError(f"“{p.quantity}”不是数字", "次数") from None
    # Every member touched must be in a 支部书记's branch.
    if s.scope_branch is not None and any(b != s.scope_branch for b in queries.member_branches(s.db, member_ids).values()):
        raise PermissionDenied("支部书记只能为本支部党员登记积分")
    ensure_year(s, day.year)
    item = _item_row(s.db, day.year, p.item_code)
    pitem = rulesets.PointItem(
        item["code"], item["dimension"], item["name"], item["points"], item["cap"], bool(item["veto"])
    )
    used = _used(s.db, member_ids, item["id"])
    now = now_text()
    rows = []
    for mid in member_ids:
        pts = rules.entry_points(pitem, quantity, used.get(mid, 0.0))
        rows.append(
            {
                "member_id": mid,
                "year": day.year,
                "date": day.isoformat(),
                "item_id": item["id"],
                "dimension": item["dimension"],
                "quantity": quantity,
                "points": pts,
                "veto": int(pitem.veto),
                "note": (p.note or "").strip() or None,
                "evidence": (p.evidence or "").strip() or None,
                "source": source,
                "meeting_id": meeting_id,
                "reverses_id": None,
                "reason": None,
                "batch_id": batch_id,
                "recorded_by": s.actor.user_id,
                "recorded_at": now,
            }  # fmt: skip
        )
    return item, rows


def batch_post(
    s: Session, member_ids: list[int], p: Posting, source: str = "手工", meeting_id: int | None = None
) -> Change:
    """One item for many members at once, all or nothing."""
    members = _members(s, list(member_ids))
    batch_id = uuid.uuid4().hex if len(member_ids) > 1 else None
    with s.writing():
        item, rows = build_rows(s, list(member_ids), p, source, meeting_id, batch_id)
        first, last, digest = ledger.append(s.db, rows)
        names = "、".join(members[m]["name"] for m in list(member_ids)[:5]) + (
            "等" if len(member_ids) > 5 else ""
        )
        s.audit("登记积分", "point_ledger", first if first == last else f"{first}-{last}",
                f"为{names}{len(rows)}人登记“{item['name']}”",
                after={"ledger": [first, last, digest], "item": item["code"], "date": p.date,
                       "quantity": p.quantity, "members": list(member_ids)})  # fmt: skip
    capped = sum(1 for r in rows if r["points"] != item["points"] * float(p.quantity))
    msg = f"已为{len(rows)}名党员登记“{item['name']}”" + (f"，其中{capped}人达到年度上限" if capped else "")
    return Change("point_ledger", tuple(range(first, last + 1)), msg, {"capped": capped})


def reversal_row(s: Session, orig: dict, reason: str) -> dict:
    """The entry that undoes `orig`: dated today in the current year (the original's date if later); for
    an entry of a closed year, posted in the open year against the same item and naming the entry."""
    row = {k: orig[k] for k in ledger.COLUMNS if k != "id"}
    row.update(
        quantity=-orig["quantity"], points=-orig["points"], veto=-orig["veto"], source="手工", reverses_id=orig["id"],
        reason=reason, batch_id=None, recorded_by=s.actor.user_id, recorded_at=now_text(),
        date=max(orig["date"], today().isoformat()) if orig["year"] == today().year else orig["date"],
    )  # fmt: skip
    if closing.is_closed(s, orig["year"]):
        # A closed year's published results stay as filed: the correction goes into the open year, against
        # the same item of that year, and says which entry it corrects.
        day = today()
        ensure_year(s, day.year)
        item = _item_row(s.db, day.year, ledger.item_code(s.db, orig["item_id"]))
        row.update(year=day.year, date=day.isoformat(), item_id=item["id"],
                   reason=f"更正{orig['year']}年度第{orig['id']}条：{reason}")  # fmt: skip
    return row


def reverse(s: Session, entry_id: int, reason: str) -> Change:
    """冲销: append an entry that undoes entry_id, naming it and why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写冲销原因", "冲销原因")
    orig = ledger.entry(s.db, entry_id)
    if orig is None:
        raise NotFound(f"积分台账第 {entry_id} 条记录不存在")
    member = _members(s, [orig["member_id"]])[orig["member_id"]]
    if orig["reverses_id"] is not None:
        raise ValidationError("冲销记录本身不能再冲销", "积分记录")
    if ledger.is_reversed(s.db, entry_id):
        raise ValidationError("该记录已经冲销过", "积分记录")
    row = reversal_row(s, orig, reason)
    closing.require_open(s, row["date"])
    with s.writing():
        first, last, digest = ledger.append(s.db, [row])
        s.audit("冲销积分", "point_ledger", first, f"冲销“{member['name']}”的第 {entry_id} 条积分记录：{reason}",
                after={"ledger": [first, last, digest], "reverses": entry_id, "reason": reason})  # fmt: skip
    return Change("point_ledger", (first,), f"已冲销第 {entry_id} 条记录")


@dataclass(slots=True)  # thousands per ranking: a plain slotted class builds fastest
class MemberScore:
    member_id: int
    name: str
    branch_id: int
    branch: str
    probationary: bool
    score: rules.YearScore
    warnings: tuple[str, ...]  # needs attention (动态预警)
    rank_unit: int = 0
    rank_branch: int = 0
    behind: tuple[str, ...] = ()  # codes of the dimensions short of the A line at the year's pace (a hint)


def year_scores(s: Session, year: int, as_of: dt.date | None = None, branch_id: int | None = None) -> list[MemberScore]:
    """Every on-roll member's year within the session's scope (a 支部书记: their branch), ranked within
    that scope (rank_unit) and within their branch."""
    return _year_scores(s.db, year, as_of, s.branch_scope(branch_id))


def _year_scores(db: Database, year: int, as_of: dt.date | None = None, branch_id: int | None = None) -> list[MemberScore]:
    end = dt.date(year, 12, 31)
    as_of = min(as_of or end, end)
    r = _year_rules(db, year) or config.five_a_rules(db)
    sums: dict[int, dict[str, float]] = defaultdict(dict)
    vetoes: dict[int, bool] = {}
    for mid, dim, total, veto in queries.point_sums(db, year, as_of, branch_id):
        sums[mid][dim] = total or 0.0
        if (veto or 0) > 0:
            vetoes[mid] = True
    scored = []
    progress = rules.year_progress(as_of, year)
    for mid, name, status, bid, branch in queries.roll_member_rows(db, as_of, branch_id):
        sc = rules.score_year(r, sums.get(mid, {}), vetoes.get(mid, False))
        scored.append((mid, name, bid, branch, status == "预备党员", sc))
    scored.sort(key=lambda x: (-x[5].total, x[1]))
    unit_rank = _competition_ranks([x[5].total for x in scored])
    seen: dict[int, tuple[float, int, int]] = {}  # branch -> (last total, its rank, members so far)
    # The pace lines once per ranking; a member clear of all of them needs no warning text built.
    base, dim_due = r.base, rules.on_pace(r.base, r.a_threshold, progress)
    total_due = rules.on_pace(r.base_total, r.warn_total_below, progress)
    prob_due = rules.on_pace(r.base_total, r.warn_probationary_below, progress)
    ranked = []
    for (mid, name, bid, branch, prob, sc), rank in zip(scored, unit_rank, strict=True):
        # Equal totals share a rank (1, 2, 2, 4), within the branch as within the unit (sorted by total).
        last, last_rank, n = seen.get(bid, (None, 0, 0))
        branch_rank = last_rank if sc.total == last else n + 1
        seen[bid] = (sc.total, branch_rank, n + 1)
        dims = sc.dimensions.values()
        clear = not sc.vetoed and sc.total >= (max(total_due, prob_due) if prob else total_due) and min(dims) >= base
        warned = () if clear else tuple(rules.warnings(r, sc, prob, progress))
        behind = tuple(c for c, v in sc.dimensions.items() if base <= v < dim_due)
        ranked.append(MemberScore(mid, name, bid, branch, prob, sc, warned, rank, branch_rank, behind))
    return ranked


def _competition_ranks(sorted_totals: list[float]) -> list[int]:
    ranks = []
    for i, total in enumerate(sorted_totals):
        ranks.append(ranks[-1] if i and total == sorted_totals[i - 1] else i + 1)
    return ranks


def five_a_count(s: Session, year: int, as_of: dt.date | None = None, branch_id: int | None = None) -> int:
    end = dt.date(year, 12, 31)
    db = s.db
    r = _year_rules(db, year) or config.five_a_rules(db)
    return queries.five_a_count(db, year, min(as_of or end, end), r, s.branch_scope(branch_id))


def member_year_score(s: Session, member_id: int, year: int, as_of: dt.date | None = None) -> rules.YearScore:
    """One member's year from their own ledger, whether or not they are on the roll at its end (a member
    who left is scored up to the day they left; the ranking counts only the roll)."""
    branch = queries.member_branches(s.db, [member_id]).get(member_id)
    if branch is None or not s.sees_branch(branch):
        raise NotFound(f"编号为 {member_id} 的党员不存在")
    end = min(as_of or dt.date(year, 12, 31), dt.date(year, 12, 31))
    sums: dict[str, float] = {}
    vetoed = False
    for dim, total, veto in ledger.member_sums(s.db, member_id, year, end):
        sums[dim] = total or 0.0
        vetoed = vetoed or (veto or 0) > 0
    return rules.score_year(year_rules(s, year), sums, vetoed)


def year_state(s: Session, year: int) -> str:
    """动态 (running) until the year is closed, then 最终 (PRODUCT.md 2.3)."""
    return "最终" if closing.is_closed(s, year) else "动态"


def excellent_share_warning(s: Session, year: int, scores: list[MemberScore]) -> str | None:
    """The optional 优秀-share warning over the members in scope (None when within the share)."""
    excellent = sum(1 for m in scores if m.score.grade == "优秀")
    return rules.excellent_share_warning(year_rules(s, year), excellent, len(scores))


def monthly_tally(s: Session, year: int, as_of: dt.date | None = None, first_month: int = 1) -> list[dict]:
    """月度积分统计: each month of the year from first_month up to as_of (no later than today), within the
    session's scope: entries, members with entries, points gained and deducted; months without entries listed."""
    end = min(as_of or dt.date(year, 12, 31), dt.date(year, 12, 31), today())
    found = {m: (n, who, plus, minus) for m, n, who, plus, minus in
             queries.monthly_points(s.db, year, end, s.branch_scope(None), dt.date(year, first_month, 1))}  # fmt: skip
    last = end.month if end.year == year else 0
    return [dict(zip(("month", "entries", "members", "gained", "deducted"), (m, *found.get(m, (0, 0, 0.0, 0.0))),
                     strict=True)) for m in range(first_month, last + 1)]  # fmt: skip


def half_year_notice(s: Session, year: int, half: int) -> dict:
    """半年积分公示: every member in scope as of 30 June (half 1) or 31 December (half 2), no later than
    today, ranked, with the year's state (动态/最终)."""
    if half not in (1, 2):
        raise ValidationError("半年只能是 1（上半年）或 2（下半年）", "半年")
    as_of = min(dt.date(year, 6, 30) if half == 1 else dt.date(year, 12, 31), today())
    scores = year_scores(s, year, as_of)
    r = year_rules(s, year)
    return {"year": year, "half": half, "as_of": as_of, "state": year_state(s, year) if half == 2 else "动态",
            "dimensions": list(r.dimensions), "scores": scores,
            "share_warning": excellent_share_warning(s, year, scores)}  # fmt: skip


def get_entry(s: Session, entry_id: int) -> dict:
    """One ledger entry (date, member, item, points), if the session may see the member's branch."""
    row = ledger.entry_view(s.db, entry_id)
    if row is None or not s.sees_branch(row["branch_id"]):
        raise NotFound(f"第 {entry_id} 条积分记录不存在")
    return row
