"""The dashboard's to-do list: what needs the user's attention, each item naming the record it opens."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..domain.fusion import quoted
from ..domain.periods import Quarter
from . import county, inspections, meetings, points, projects, ratings, talks, visits
from .session import Session


@dataclass(frozen=True)
class Todo:
    group: str  # 积分预警 / 谈话跟进逾期 / 回访逾期 / 三会一课 / 双领办月报 / 限期整改逾期 / 数据包未报送 / 评星定级
    text: str
    target: str  # member / talk / visit / meetings / project / inspection / ratings
    target_id: int | None = None


def todos(s: Session, quarter: Quarter, today: dt.date, limit: int = 30) -> list[Todo]:
    out: list[Todo] = []
    scores = [
        m for m in points.year_scores(s, quarter.year, today) if m.warnings
    ]
    scores.sort(key=lambda m: m.score.total)
    for m in scores[:limit]:
        out.append(
            Todo("积分预警", f"{m.name}（{m.branch}）：{'；'.join(m.warnings)}", "member", m.member_id)
        )
    for t in talks.overdue_followups(s, today)[:limit]:
        out.append(
            Todo(
                "谈话跟进逾期",
                f"{t['talkees']}：{t['type']}“{t['topic']}”，跟进期限 {t['followup_due']}",
                "talk",
                t["id"],
            )
        )
    for v in visits.overdue_returns(s, today)[:limit]:
        out.append(
            Todo("回访逾期", f"{v['name']}：{v['date']} 家访，回访期限 {v['revisit_due']}", "visit", v["id"])
        )
    for q in (quarter.previous(), quarter):
        for b in meetings.compliance(s, q, today):
            if b.behind:
                out.append(
                    Todo("三会一课", f"{q.label} {b.branch}：{'；'.join(b.behind)}", "meetings", b.branch_id)
                )
    if quarter.quarter == 1:  # the year just ended: its 组织生活会 and 民主评议党员
        last = quarter.year - 1
        for b in meetings.annual_items(s, last, today):
            if b.behind:
                out.append(Todo("三会一课", f"{last}年度 {b.branch}：{'；'.join(b.behind)}", "meetings", b.branch_id))
    for p, months in projects.missing_reports(s, quarter.year, today)[:limit]:
        shown = "、".join(f"{m}月" for m in months)
        out.append(Todo("双领办月报", f"{p['branch']}{quoted(p['title'])}：{shown}进展未报", "project", p["id"]))
    for r in inspections.overdue_rectifications(s, today)[:limit]:
        late = (today - dt.date.fromisoformat(r["due_date"])).days
        out.append(Todo("限期整改逾期", f"{r['branch']}（逾期{late}天，责任人{r['owner']}）：{r['issue']}", "inspection",
                        r["inspection_id"]))  # fmt: skip
    previous = Quarter.of(quarter.start - dt.timedelta(days=1))  # a county's file: units late with last quarter's package
    for name in (county.reporting(s, previous, today) or {}).get("missing", [])[:limit]:
        out.append(Todo("数据包未报送", f"{name}：{previous.label}的数据包尚未报送", "units", None))
    for bid, name, state in ratings.waiting_steps(s, quarter.year)[:limit]:
        if s.sees_branch(bid):
            out.append(Todo("评星定级", f"{name}：{quarter.year}年度评星处于“{state}”", "ratings", bid))
    return out

