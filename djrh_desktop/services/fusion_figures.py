"""The 党建与业务融合 registers' figures for a quarter (PRODUCT.md 2.8, 2.9), as they stood at its end: the
党员先锋阵地 standing and their results, the quarter's inspections by kind, and the 限期整改 items still open."""

from __future__ import annotations

import datetime as dt

from ..domain import fusion_registers as rules
from ..domain.fusion import quoted
from ..domain.periods import Quarter
from ..store import fusion as fusion_store
from ..store import fusion_registers as store
from . import projects
from .session import Session


def _in(branch: int | None, bid: int) -> bool:
    return branch is None or bid == branch


def quarter_registers(s: Session, q: Quarter, as_of: dt.date, branch_id: int | None = None) -> dict:
    """as_of: the quarter's end, or today while it runs (nothing recorded after it is counted)."""
    branch = s.branch_scope(branch_id)
    start, end = q.start.isoformat(), as_of.isoformat()
    posts = [p for p in store.posts_between(s.db, start, end) if _in(branch, p["branch_id"])]
    by_kind: dict[str, int] = {}
    for p in posts:
        by_kind[p["kind"]] = by_kind.get(p["kind"], 0) + 1
    results: dict[tuple[str, str], int] = {}
    for r in store.results_between(s.db, start, end):
        if _in(branch, r["branch_id"]):
            results[(r["measure"], r["unit"])] = results.get((r["measure"], r["unit"]), 0) + r["quantity"]
    inspections = [i for i in store.inspections_between(s.db, start, end)
                   if branch is None or branch in i["branch_ids"]]  # fmt: skip
    inspection_kinds = {k: sum(1 for i in inspections if i["kind"] == k) for k in rules.INSPECTION_KINDS}
    open_items = [r for r in store.open_rectifications(s.db, end) if _in(branch, r["branch_id"])]
    return {
        "posts": len(posts),
        "post_members": sum(p["members"] for p in posts),
        "posts_by_kind": sorted(by_kind.items(), key=lambda x: (-x[1], x[0])),
        "results": [(m, n, u) for (m, u), n in sorted(results.items(), key=lambda x: (-x[1], x[0]))],
        "inspections": len(inspections),
        "inspection_kinds": [(k, n) for k, n in inspection_kinds.items() if n],
        "inspected_branches": len({b for i in inspections for b in i["branch_ids"] if _in(branch, b)}),
        # as they stood: not the closure recorded since
        "open_items": [{k: r[k] for k in ("id", "inspection_id", "branch_id", "branch", "side", "issue", "owner", "due_date")}
                       | {"overdue": rules.is_overdue(r, as_of)} for r in open_items],  # fmt: skip
        "items_made": store.rectifications_made(s.db, end, branch),
    }


def counts(s: Session, q: Quarter, as_of: dt.date, branch_id: int | None = None) -> dict[str, int]:
    """djrh stats' fusion figures besides the projects."""
    f = quarter_registers(s, q, as_of, branch_id)
    return {"posts": f["posts"], "inspections": f["inspections"], "open_rectifications": len(f["open_items"])}


def star_evidence(s: Session, year: int, branch_id: int) -> dict[str, list[str]]:
    """What the registers hold for a branch's year, shown beside the scores of 实干担当星 (S3: the 双领办
    projects' reviews and 年终考核, 先锋阵地 and their results, 限期整改) and 品牌示范星 (S4: its brand)."""
    branch = s.branch_scope(branch_id)
    s3: list[str] = []
    for p in projects.projects_of(s, year, branch):
        reviews = fusion_store.reviews(s.db, p["id"])
        counted = "、".join(f"{k}{n}次" for k in ("好", "较好", "一般", "差") if (n := sum(r["rating"] == k for r in reviews)))
        result = f"年终考核{p['assessment_result']}（{p['assessment_score']:g}分）" if p["assessment_result"] else "尚未年终考核"
        s3.append(f"双领办项目{quoted(p['title'])}：季度点评{counted or '尚无'}；{result}")
    start, end = f"{year}-01-01", f"{year}-12-31"
    posts = [p for p in store.posts_between(s.db, start, end) if p["branch_id"] == branch]
    if posts:
        totals: dict[tuple[str, str], int] = {}
        for r in store.results_between(s.db, start, end):
            if r["branch_id"] == branch:
                totals[(r["measure"], r["unit"])] = totals.get((r["measure"], r["unit"]), 0) + r["quantity"]
        done = "，".join(f"{m}{n}{u}" for (m, u), n in sorted(totals.items(), key=lambda x: -x[1])) or "尚未登记成效"
        s3.append(f"党员先锋阵地{len(posts)}个（{'、'.join(p['name'] for p in posts)}）：{done}")
    items = [r for r in store.branch_rectifications(s.db, branch, start, end)]
    if items:
        closed = sum(1 for r in items if r["closed_on"])
        today = dt.date.today()
        late = sum(1 for r in items if (r["closed_on"] and r["closed_on"] > r["due_date"]) or rules.is_overdue(r, today))
        s3.append(f"检查发现限期整改{len(items)}项，已完成{closed}项" + (f"，超期{late}项" if late else ""))
    s4 = [f"{'单位' if b['org_kind'] != '党支部' else '支部'}党建品牌{quoted(b['name'])}"
          + (f"（{b['level']}，{b['recognized_on']}认定）" if b["recognized_on"] else f"（{b['level'] or '未认定'}）")
          for b in store.brands(s.db) if b["org_id"] == branch and (b["recognized_on"] or "") <= end]  # fmt: skip
    return {"S3": s3 or ["本年度无双领办项目、先锋阵地和检查整改记录"], "S4": s4 or ["尚未登记支部党建品牌"]}
