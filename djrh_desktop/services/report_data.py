"""Plain data for the PDF reports, gathered with the user's role applied. The quarterly figures come
from stats.quarter_figures, so the report and `djrh stats` always agree."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict

from ..domain import idnumber
from ..domain import stars as star_rules
from ..domain.errors import NotFound, PermissionDenied, ValidationError
from ..domain.periods import Quarter
from ..store import ledger, queries
from ..store import ratings as ratings_store
from ..store import report_texts as text_store
from ..store import talks as talk_store
from ..store import visits as visit_store
from . import fusion_figures, lists, meetings, points, projects, ratings, settings, stats, talks, visits
from .session import Session

WARNING_ROWS = 20  # lists the quarterly report cuts, and says so (另有N名/件)
OVERDUE_ROWS = 30


def _names(s: Session, ids) -> dict[int, str]:
    return {i: name for i, (name, _branch) in lists.member_labels(s, ids).items()}


def top_with_ties(scores: list, n: int = 10) -> list:
    """The first n of a ranking and everyone tied with the n-th (13 share 7th place: all 13 are shown)."""
    if len(scores) <= n:
        return list(scores)
    edge = scores[n - 1].score.total
    return [m for m in scores if m.score.total >= edge]


def bottom_with_ties(scores: list, n: int = 10) -> list:
    """The last n, lowest first, and everyone tied with the n-th from the bottom."""
    low = scores[::-1]
    if len(low) <= n:
        return low
    edge = low[n - 1].score.total
    return [m for m in low if m.score.total <= edge]


def _change(now: int, before: int) -> str | None:
    """环比/同比 in words: 增长12.4% / 下降3.0% / 持平; None when there is nothing to compare with."""
    if not before:
        return None
    delta = (now - before) / before
    return "持平" if abs(delta) < 0.0005 else f"{'增长' if delta > 0 else '下降'}{abs(delta) * 100:.1f}%"


def comparisons(s: Session, q: Quarter) -> dict:
    """The quarter's 人次 and meetings against the previous quarter (环比) and the same quarter a year
    earlier (同比), over the session's scope."""
    branch = s.scope_branch
    now = queries.quarter_counts(s.db, q.start, q.end, branch)
    out = {}
    for label, other in (("环比", lambda: q.previous()), ("同比", lambda: Quarter(q.year - 1, q.quarter))):
        try:
            other = other()
        except ValidationError:  # before the first year the program accepts
            continue
        then = queries.quarter_counts(s.db, other.start, other.end, branch)
        out[label] = {k: _change(now[k], then[k]) for k in ("meetings", "talks", "visits")}
    return out


def quarterly(s: Session, q: Quarter, today: dt.date) -> dict:
    db = s.db
    as_of = min(q.end, today)
    scores = points.year_scores(s, q.year, as_of)
    figures = stats.quarter_figures(s, q, today, scores=scores)
    by_branch: dict[str, list] = defaultdict(list)
    for m in scores:
        by_branch[m.branch].append(m)
    five_a_rows = []
    for branch, ms in by_branch.items():
        grades = Counter(m.score.grade for m in ms)
        five_a_rows.append([branch, len(ms), sum(m.score.five_a for m in ms), round(sum(m.score.total for m in ms) / len(ms), 1),
                            grades["优秀"], grades["合格"], grades["基本合格"], grades["不合格"]])  # fmt: skip
    warned = [m for m in scores if m.warnings]
    branch = s.scope_branch
    talk_types = queries.talks_by_type(db, q.start, q.end, branch)
    talkers = queries.talks_by_talker(db, q.start, q.end, branch)
    months = queries.talks_by_month(db, q.start, q.end, branch)
    categories = queries.talks_by_talker_category(db, q.start, q.end, branch)
    coverage = talks.coverage_status(s, q.year, as_of)
    overdue_talks = talks.overdue_followups(s, as_of)  # overdue on the period's last day
    vcov = visits.coverage(s, q.year, as_of)
    overdue_visits = visits.overdue_returns(s, as_of)
    compliance = meetings.compliance(s, q, min(q.end + dt.timedelta(days=1), today))  # a past quarter judged whole
    return {
        "quarter": q.label,
        "texts": text_store.of_quarter(db, q.year, q.quarter, s.scope_branch or 0),
        "life": queries.attendance_and_study(db, q.start, q.end, s.scope_branch),
        "compare": comparisons(s, q),
        "recipient": settings.get(s, settings.RECIPIENT, "") if s.scope_branch is None else "",
        "issuer": settings.issuer(s) if s.scope_branch is None else f"{figures['scope']}",
        "made": today,
        # Nothing on the roll and nothing recorded: the report is one page saying so.
        "empty": figures["members"] == 0 and not any(figures[k] for k in ("talks", "visits", "meetings", "point_entries")),
        "scope": figures["scope"],  # the branch of a 支部书记's report, None for the whole unit
        "figures": figures,
        "stars": ratings.standing_at(s, as_of),
        "five_a": {
            "by_branch": sorted(five_a_rows, key=lambda r: -r[3]),
            "top": [[m.rank_unit, m.name, m.branch, m.score.total, m.score.grade] for m in top_with_ties(scores)],
            "bottom": [[m.rank_unit, m.name, m.branch, m.score.total, m.score.grade] for m in bottom_with_ties(scores)],
            "members": len(scores),
            "state": points.year_state(s, q.year),
            "share_warning": points.excellent_share_warning(s, q.year, scores),
            "grades": figures["grades"],
            "months": points.monthly_tally(s, q.year, as_of, q.months[0]),
            "warnings": len(warned),
            "warning_rows": [
                [m.name, m.branch, m.score.total, "；".join(m.warnings)]
                for m in sorted(warned, key=lambda m: m.score.total)[:WARNING_ROWS]
            ],
        },
        "talks": {
            "by_type": talk_types,
            "by_talker": talkers,
            "by_category": list(categories.items()),
            "by_month": [(f"{int(mo)}月", n) for mo, n in months],
            "gaps": len(coverage.gaps),
            "coverage_rate": coverage.rate,  # None: nothing required, so no rate to state
            "coverage_note": coverage.missing_setup,
            "overdue": [
                [t["date"], t["type"], t["talkees"] or "", t["topic"], t["followup_due"]]
                for t in overdue_talks[:OVERDUE_ROWS]
            ],
            "overdue_count": len(overdue_talks),
        },
        "visits": {
            "members": vcov.members,
            "visited": vcov.visited,
            "rate": vcov.rate,
            "overdue": [[v["name"], v["date"], v["revisit_due"]] for v in overdue_visits[:OVERDUE_ROWS]],
            "overdue_count": len(overdue_visits),
        },
        "meetings": [
            [b.branch]
            + [f"{t.held}/{t.required}" for t in b.types]
            + ["；".join(b.behind) or ("达标" if all(t.ok for t in b.types) else "进行中")]
            for b in compliance
        ],  # fmt: skip
        "meeting_types": [t.type for t in compliance[0].types] if compliance else [],
        "annual": [[b.branch] + [f"{t.held}次（{t.status}）" for t in b.types]
                   for b in meetings.annual_items(s, q.year, as_of)],  # fmt: skip
        "dual_life": [[r["name"], r["post"], r["title"], r["branch"], r["attended"], r["held"]]
                      for r in meetings.dual_life(s, dt.date(q.year, 1, 1), as_of)],  # fmt: skip
        "fusion": {**projects.quarter_summary(s, q, as_of), "registers": fusion_figures.quarter_registers(s, q, as_of)},
    }


def star_results(s: Session, year: int, today: dt.date | None = None) -> dict:
    """年度评星定级结果 of a round as it stood at the end of the year after it (the round is rated early in
    that year, its five-star branches rechecked and its 整改 followed through it), or today if earlier: a
    reprint after that year is the filed copy (PRODUCT.md 2.8). Steps, levels, 复核 and 摘星 count from
    their dates; later rounds do not reach back."""
    db = s.db
    as_of = min(today or dt.date.today(), dt.date(year + 1, 12, 31))
    counts = dict.fromkeys(("applied", "accepted", "proposed", "recheck_passed", "recheck_failed"), 0)
    try:
        r = ratings.round_rules(s, year)
    except NotFound:
        r = None
    if r is None or year not in ratings_store.rounds_opened(db, as_of):
        return {"year": year, "as_of": as_of, "rows": [], "distribution": dict.fromkeys(range(6), 0), "opened": False,
                "rechecks": [], "quota_warning": None, "counts": counts, "follow_up": [], "publicity": []}  # fmt: skip
    star_names = {st.code: st.name for st in r.stars}
    then = [x for x in ratings_store.rows_at(db, year, as_of) if s.sees_branch(x["branch_id"])]
    rows = []
    for rb in then:
        rated = rb["state"] == "定级"
        rechecked = rb["recheck_result"] if rated and rb["recheck_date"] and rb["recheck_date"] <= as_of.isoformat() else None
        lit = json.loads(rb["stars_lit"]) if rated and rb["stars_lit"] else []
        rows.append({
            "branch": rb["branch"], "state": rb["state"], "level": rb["level_then"] if rated else None,
            "previous": rb["previous_level"], "applied": rb["self_level"], "branch_id": rb["branch_id"],
            "trend": rb["trend"] if rated else None, "lit": "、".join(star_names[c] for c in lit), "recheck": rechecked,
            "liaison": rb["liaison_name"], "publicity": (rb["publicity_start"], rb["publicity_end"]),
        })  # fmt: skip
        proposed = rb["level"] if rated else rb["eval_level"] if rb["state"] in ("党委考评", "联审", "公示") else None
        counts["applied"] += rb["self_level"] == 5 and rb["state"] not in ("未开始", "支部自评")
        counts["accepted"] += rated and rb["level"] == 5
        counts["proposed"] += proposed == 5
        counts["recheck_passed"] += rated and rb["level"] == 5 and rechecked == "复核合格"
        counts["recheck_failed"] += rated and rb["level"] == 5 and rechecked == "复核不合格"
    distribution = dict.fromkeys(range(6), 0)
    for x in rows:
        if x["level"] is not None:
            distribution[x["level"]] += 1
    publicity = []
    for x in rows:
        if x["state"] == "公示":
            res = ratings.evaluate_branch(s, year, x["branch_id"])
            publicity.append({"branch": x["branch"], "level": res.level, "lit": "、".join(star_names[c] for c in res.lit),
                              "start": x["publicity"][0], "end": x["publicity"][1]})  # fmt: skip
    before = [x for x in ratings_store.rows_at(db, year - 1, as_of) if x["state"] == "定级" and x["level"] == 5
              and s.sees_branch(x["branch_id"])] if year - 1 in ratings_store.rounds_opened(db, as_of) else []  # fmt: skip
    rechecks = [[x["branch"], x["recheck_result"], x["recheck_note"]] if x["recheck_date"] and x["recheck_date"] <= as_of.isoformat()
                else [x["branch"], None, None] for x in before]  # fmt: skip
    follow = [dict(x, actions=ratings.actions_of(s, year, x["branch_id"])) for x in rows
              if x["state"] == "定级" and star_rules.needs_follow_up(x["level"], x["applied"])]  # fmt: skip
    quota = None
    if s.scope_branch is None:  # the five-star quota is the unit's
        quota = star_rules.quota_message(r, counts["proposed"], len(then), settled=all(x["state"] == "定级" for x in then))
    return {"year": year, "as_of": as_of, "rows": rows, "distribution": distribution, "opened": True, "counts": counts,
            "follow_up": follow, "publicity": publicity, "issuer": settings.issuer(s),
            "contact": settings.get(s, settings.OBJECTION_CONTACT, ""), "rechecks": rechecks, "quota_warning": quota,
            "star_names": [st.name for st in r.stars]}  # fmt: skip


def member_ledger(s: Session, member_id: int, year: int, today: dt.date) -> dict:
    """A member's 积分台账 for any year: before they joined a page saying so; after they left (转出, 去世…)
    their entries and score up to that day, outside the ranking."""
    m = queries.member_with_branch(s.db, member_id)
    if m is None or not s.sees_branch(m["branch_id"]):
        raise NotFound(f"编号为 {member_id} 的党员不存在")
    rules = points.year_rules(s, year)
    names = dict(rules.dimensions)
    entries = [[e[0], e[1], e[2], names.get(e[3], e[3]), *e[4:]] for e in ledger.member_year(s.db, member_id, year)]
    as_of = min(today, dt.date(year, 12, 31))
    ranked = next((x for x in points.year_scores(s, year, as_of, m["branch_id"]) if x.member_id == member_id), None)
    joined = dt.date.fromisoformat(m["join_date"]) if m["join_date"] else None
    left = dt.date.fromisoformat(m["left_date"]) if m["left_date"] else None
    note = None
    if joined and joined.year > year and not entries:
        note = f"{year}年度尚未入党（{joined.isoformat()}入党），没有积分记录。"
    elif ranked is None and left and left <= as_of:
        note = f"该党员已于{left.isoformat()}{m['status']}，年度得分计至该日，不参加排名。"
    score = ranked.score if ranked else points.member_year_score(s, member_id, year, left or as_of)
    return {
        "name": m["name"], "branch": m["branch"], "party_status": m["party_status"],
        "id_number": idnumber.mask(m["id_number"]), "year": year, "note": note, "joined": joined is None or joined.year <= year,
        "entries": entries,
        "dimensions": [(code, name, score.dimensions[code]) for code, name in rules.dimensions],
        "total": score.total, "grade": score.grade, "five_a": score.five_a,
        "rank": ranked.rank_branch if ranked else "—", "warnings": list(ranked.warnings) if ranked else [],
        "state": points.year_state(s, year),
    }  # fmt: skip


def ranking(s: Session, year: int, branch_id: int | None, today: dt.date, as_of: dt.date | None = None) -> dict:
    """The ranking of the unit, or of one branch (a 支部书记's: always theirs), ranked within it, as of the
    period's end (a quarter's ranking is the year to that quarter's end, not to today)."""
    as_of = min(as_of or today, today)
    scores = points.year_scores(s, year, as_of, branch_id)
    rules = points.year_rules(s, year)
    branch = s.scope_name(branch_id)
    if branch_id is not None and branch is None:
        raise NotFound("没有该党支部")
    return {
        "year": year, "branch": branch, "dimensions": list(rules.dimensions), "as_of": as_of.isoformat(),
        "rows": [[m.rank_unit, m.name, m.branch, *[m.score.dimensions[c] for c, _ in rules.dimensions], m.score.total,
                  "是" if m.score.five_a else "", m.score.grade] for m in scores],
    }  # fmt: skip


def talk_forms(s: Session, start: dt.date, end: dt.date) -> list[dict]:
    out = []
    # Not filtered by branch here: a secretary may print talks they held elsewhere; get_talk decides.
    for tid, _branch in talk_store.in_period(s.db, start, end):
        try:
            t = talks.get_talk(s, tid)
        except PermissionDenied:  # other branches' talks are not the user's to print
            continue
        out.append(t)
    names = _names(s, [m for t in out for m in t["talkees"]])
    for t in out:
        # The follow-up as it stood at the period's end: closed later, it was still open then.
        if t["followup_status"] == "已办结" and (t.get("followup_closed_at") or "") > end.isoformat():
            t["followup_status"] = "待跟进"
        t["talker_names"] = "、".join(
            k["name"] + (f"（{k['post']}）" if k.get("post") else "") for k in t["talkers"]
        )
        t["talkee_names"] = "、".join(names.get(m, "") for m in t["talkees"])
    return out


def visit_forms(s: Session, start: dt.date, end: dt.date) -> list[dict]:
    out = [visits.get_visit(s, vid) for vid, branch in visit_store.in_period(s.db, start, end) if s.sees_branch(branch)]
    names = _names(s, [m for v in out for m in (v["member_id"], *v["visitors"])])
    for v in out:
        if v["revisit_status"] == "已回访" and (v.get("revisit_closed_at") or "") > end.isoformat():
            v["revisit_status"] = "待回访"  # returned after the period's end
        v["member_name"] = names.get(v["member_id"], "")
        v["visitor_names"] = "、".join(names.get(m, "") for m in v["visitors"])
    return out


def meeting_compliance(s: Session, q: Quarter, today: dt.date) -> dict:
    result = meetings.compliance(s, q, today)
    return {"quarter": q.label, "types": [t.type for t in result[0].types] if result else [],
            "rows": [[b.branch] + [f"{t.held}（{t.status}）" for t in b.types] + ["；".join(b.behind) or "无"] for b in result]}  # fmt: skip
