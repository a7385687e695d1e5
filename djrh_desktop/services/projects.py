"""双领办 projects (党组织书记"党建+发展"任务双领办、双推进、双考评; PRODUCT.md 2.9): 年初立项 by the branch,
月报进度 by the branch, 季度点评 and 年终考核 by the party committee. Every write audited; a closed year's
projects are filed."""

from __future__ import annotations

import datetime as dt

from ..domain import fusion as rules
from ..domain.errors import NotFound, ValidationError
from ..domain.fusion import ProjectInput
from ..domain.periods import Quarter
from ..store import fusion as store
from ..store import queries
from ..store.clock import now_text, today
from . import closing
from .session import Change, Session


def _project(s: Session, project_id: int) -> dict:
    p = store.get(s.db, project_id)
    if p is None or p["voided_at"] or not s.sees_branch(p["branch_id"]):
        raise NotFound(f"编号为 {project_id} 的双领办项目不存在")
    return p


def _check_people(s: Session, row: dict) -> None:
    for key, label in (("leader_member_id", "领办人"), ("co_leader_member_id", "协办人")):
        if row[key] is not None and row[key] not in queries.member_branches(s.db, [row[key]]):
            raise ValidationError("不是名册中的党员", label)
    if queries.org_kind(s.db, row["branch_id"]) != "党支部":
        raise ValidationError("应为党支部", "所在支部")


def check_project(s: Session, p: ProjectInput) -> dict:
    """Everything create_project checks (role, open year, fields, people), without writing: the row."""
    s.require("project.write", p.branch_id)
    closing.require_open(s, p.year)
    row = rules.check_project(p)
    _check_people(s, row)
    return row


def create_project(s: Session, p: ProjectInput) -> Change:
    """年初立项: a project of a branch for a year (a 支部书记: their branch)."""
    row = check_project(s, p)
    row.update(created_by=s.actor.user_id, created_at=now_text(), updated_at=now_text())
    with s.writing():
        pid = store.insert(s.db, row)
        s.audit("新增", "fusion_projects", pid, f"双领办项目立项“{row['title']}”（{row['year']}年）", after=row)
    return Change("fusion_projects", (pid,), f"已立项“{row['title']}”")


def update_project(s: Session, project_id: int, p: ProjectInput) -> Change:
    before = _project(s, project_id)
    s.require("project.write", before["branch_id"])
    s.require("project.write", p.branch_id)
    closing.require_open(s, before["year"], p.year)
    row = rules.check_project(p)
    _check_people(s, row)
    changed = {k: v for k, v in row.items() if before.get(k) != v}
    if not changed:
        return Change("fusion_projects", (project_id,), "没有改动")
    with s.writing():
        store.update(s.db, project_id, {**changed, "updated_at": now_text()})
        s.audit("修改", "fusion_projects", project_id, f"修改双领办项目“{row['title']}”",
                before={k: before.get(k) for k in changed}, after=changed)  # fmt: skip
    return Change("fusion_projects", (project_id,), f"已保存“{row['title']}”")


def report_progress(s: Session, project_id: int, month: int, note: str, value: float | None = None) -> Change:
    """月报进度: the month's note (and the indicator's value); a month reported again replaces the report."""
    p = _project(s, project_id)
    s.require("project.write", p["branch_id"])
    closing.require_open(s, p["year"])
    rules.check_month(p["year"], month, today())
    text = (note or "").strip()
    if not text:
        raise ValidationError("不能为空", "进展情况")
    if len(text) > 1000:
        raise ValidationError(f"不能超过1000字（现有{len(text)}字）", "进展情况")
    before = next((g for g in store.progress(s.db, project_id) if g["month"] == month), None)
    row = {"project_id": project_id, "month": month, "note": text, "value": value,
           "reported_by": s.actor.user_id, "reported_at": now_text()}  # fmt: skip
    with s.writing():
        store.put_progress(s.db, row)
        s.audit("修改" if before else "新增", "fusion_progress", project_id, f"“{p['title']}”{month}月进展",
                before=before, after=row)  # fmt: skip
    return Change("fusion_progress", (project_id,), f"已保存“{p['title']}”{month}月进展")


def review_quarter(s: Session, project_id: int, quarter: int, rating: str, comment: str | None = None) -> Change:
    """季度点评 by the party committee: 好/较好/一般/差 and a comment, once the quarter has begun."""
    s.require("project.review")
    p = _project(s, project_id)
    closing.require_open(s, p["year"])
    q = Quarter(p["year"], quarter)
    if q.start > today():
        raise ValidationError(f"{q.label}尚未开始", "季度")
    if rating not in rules.RATINGS:
        raise ValidationError(f"只能是{'、'.join(rules.RATINGS)}之一", "点评等次")
    row = {"project_id": project_id, "quarter": quarter, "rating": rating, "comment": (comment or "").strip() or None,
           "reviewed_by": s.actor.user_id, "reviewed_at": now_text()}  # fmt: skip
    with s.writing():
        store.put_review(s.db, row)
        s.audit("点评", "fusion_reviews", project_id, f"点评“{p['title']}”{q.label}：{rating}", after=row)
    return Change("fusion_reviews", (project_id,), f"已点评“{p['title']}”{q.label}")


def assess_year(s: Session, project_id: int, score: float, result: str, note: str | None = None) -> Change:
    """年终考核: a score of 100 and a result, evidence for the branch's 实干担当星."""
    s.require("project.review")
    p = _project(s, project_id)
    closing.require_open(s, p["year"])
    if today() < dt.date(p["year"], 12, 1):
        raise ValidationError(f"年终考核在{p['year']}年12月起进行", "年终考核")
    if not 0 <= score <= 100:
        raise ValidationError("应在0—100之间", "考核得分")
    if result not in rules.RESULTS:
        raise ValidationError(f"只能是{'、'.join(rules.RESULTS)}之一", "考核结果")
    fields = {"assessment_score": score, "assessment_result": result, "assessment_note": (note or "").strip() or None,
              "assessed_at": now_text(), "updated_at": now_text()}  # fmt: skip
    with s.writing():
        store.update(s.db, project_id, fields)
        s.audit("考核", "fusion_projects", project_id, f"“{p['title']}”年终考核：{result}（{score:g}分）",
                before={k: p.get(k) for k in fields}, after=fields)  # fmt: skip
    return Change("fusion_projects", (project_id,), f"已记录“{p['title']}”年终考核")


# ---- reads, scoped by the session ----------------------------------------------------------------


def projects_of(s: Session, year: int, branch_id: int | None = None) -> list[dict]:
    return store.of_year(s.db, year, s.branch_scope(branch_id))


def project(s: Session, project_id: int) -> dict:
    """One project with its monthly reports and quarterly reviews."""
    p = _project(s, project_id)
    return {**p, "progress": store.progress(s.db, project_id), "reviews": store.reviews(s.db, project_id)}


def missing_reports(s: Session, year: int, as_of: dt.date | None = None) -> list[tuple[dict, list[int]]]:
    """Each project with the months whose report is due by as_of and missing (the dashboard's to-do)."""
    due = rules.months_due(year, as_of or today())
    done = store.reported_months(s.db, year)
    out = []
    for p in projects_of(s, year):
        missing = [m for m in due if m not in done.get(p["id"], set())]
        if missing:
            out.append((p, missing))
    return out


def quarter_summary(s: Session, q: Quarter, as_of: dt.date) -> dict:
    """The 党建与业务融合 section of a quarterly report, as things stood at as_of (PRODUCT.md 2.8): the year's
    projects with the quarter's monthly reports, the indicator's latest value, the latest committee review."""
    end = as_of.isoformat()
    rows = [p for p in projects_of(s, q.year) if p["created_at"][:10] <= end]
    reported: dict[int, dict[int, float | None]] = {}
    for pid, month, value in store.progress_until(s.db, q.year, end):
        reported.setdefault(pid, {})[month] = value
    reviews = store.latest_reviews(s.db, q.year, end)
    due = [m for m in q.months if m in rules.months_due(q.year, as_of + dt.timedelta(days=1))]
    out, by_category = [], {}
    for p in rows:
        months = reported.get(p["id"], {})
        values = [v for _m, v in sorted(months.items()) if v is not None]
        review = reviews.get(p["id"])
        missing = [m for m in due if m not in months]
        out.append({"branch": p["branch"], "title": p["title"], "category": p["category"], "leader": p["leader"] or "",
                    "indicator": p["indicator"] or "", "target": p["target"], "value": values[-1] if values else None,
                    "reported": sum(1 for m in q.months if m in months), "missing": missing,
                    "review": review})  # fmt: skip
        by_category[p["category"]] = by_category.get(p["category"], 0) + 1
    return {"projects": out, "by_category": sorted(by_category.items(), key=lambda x: (-x[1], x[0])),
            "months_due": due, "short": [x for x in out if x["missing"]]}


def year_table(s: Session, year: int, today_: dt.date | None = None) -> dict:
    """双领办项目推进情况表 of a year, as it stood at the end of the following year (the 四季度点评 and the
    年终考核 come after the year ends) or today if earlier: each project with its monthly reports and reviews
    made by then."""
    as_of = min(today_ or today(), dt.date(year + 1, 12, 31))
    end = as_of.isoformat()
    out = []
    for p in projects_of(s, year):
        if p["created_at"][:10] > end:
            continue
        progress = [g for g in store.progress(s.db, p["id"]) if g["reported_at"][:10] <= end]
        reviews = [r for r in store.reviews(s.db, p["id"]) if r["reviewed_at"][:10] <= end]
        assessed = p["assessed_at"] and p["assessed_at"][:10] <= end
        out.append({**p, "progress": progress, "reviews": reviews,
                    "assessment": (p["assessment_result"], p["assessment_score"]) if assessed else None})  # fmt: skip
    return {"year": year, "as_of": as_of, "projects": out}
