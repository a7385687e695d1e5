"""党建与业务融合 (PRODUCT.md 2.9): the rules of 双领办 projects — what a project must say at 立项, the
monthly report, the committee's quarterly rating and the year-end result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import ValidationError

# 融合 categories (seed 000/002; a unit may use its own words).
CATEGORIES = ("党建+狱政管理", "党建+教育改造", "党建+刑罚执行", "党建+安全生产", "党建+服务群众", "党建+队伍建设",
              "党建+业务工作", "其他")  # fmt: skip
RATINGS = ("好", "较好", "一般", "差")  # 季度点评
RESULTS = ("优秀", "良好", "合格", "不合格")  # 年终考核


@dataclass
class ProjectInput:
    year: int
    branch_id: int
    title: str
    category: str
    party_task: str
    business_goal: str
    indicator: str | None = None
    baseline: float | None = None
    target: float | None = None
    milestones: str | None = None
    leader_member_id: int | None = None
    co_leader_member_id: int | None = None


def check_project(p: ProjectInput) -> dict:
    """The stored row of a project, or a ValidationError naming the field."""
    clean = lambda v: (v or "").strip() or None  # noqa: E731
    for field, label in (("title", "项目名称"), ("party_task", "党建任务"), ("business_goal", "业务目标")):
        if not clean(getattr(p, field)):
            raise ValidationError("不能为空", label)
    if not clean(p.category):
        raise ValidationError("不能为空", "融合类别")
    if len(p.title.strip()) > 60:
        raise ValidationError("不能超过60字", "项目名称")
    if (p.baseline is not None or p.target is not None) and not clean(p.indicator):
        raise ValidationError("填写了基数或目标值时须写明业务指标", "业务指标")
    if p.co_leader_member_id is not None and p.co_leader_member_id == p.leader_member_id:
        raise ValidationError("不能与领办人相同", "协办人")
    return {"year": p.year, "branch_id": p.branch_id, "title": p.title.strip(), "category": p.category.strip(),
            "party_task": p.party_task.strip(), "business_goal": p.business_goal.strip(),
            "indicator": clean(p.indicator), "baseline": p.baseline, "target": p.target,
            "milestones": clean(p.milestones), "leader_member_id": p.leader_member_id,
            "co_leader_member_id": p.co_leader_member_id}  # fmt: skip


def check_month(year: int, month: int, today: dt.date) -> None:
    """A month's report: a month of the project's year, not one still to come."""
    if not 1 <= month <= 12:
        raise ValidationError("应为1—12", "月份")
    if dt.date(year, month, 1) > today:
        raise ValidationError(f"{year}年{month}月尚未到来", "月份")


def months_due(year: int, today: dt.date) -> list[int]:
    """The months whose report is due by today: every month before the current one (all twelve for a past
    year); the current month's report is due at its end."""
    if year < today.year:
        return list(range(1, 13))
    if year > today.year:
        return []
    return list(range(1, today.month))


def quoted(title: str) -> str:
    """“…” around a title, its own quotes turned to ‘…’ as nested quotes are written (“‘阳光执法’监督行动”)."""
    return "“" + title.replace("“", "‘").replace("”", "’") + "”"
