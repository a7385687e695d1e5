"""双领办 project dialogs: 立项/编辑 (every field of PRODUCT.md 2.9), 月度进展 (a line a month, as fast as
typing it), and the committee's 季度点评."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from ...domain import fusion as rules
from ...domain.errors import ValidationError
from ...domain.fusion import ProjectInput
from ...domain.periods import QUARTER_NAMES
from ...exchange import cells
from ...services import lists, projects
from ..context import AppContext
from ..forms import FormDialog, MemberPicker, combo, memo, text_of


def _number(text: str, label: str) -> float | None:
    try:
        return cells.number((text or "").strip())
    except ValueError as exc:
        raise ValidationError(str(exc), label) from None


class ProjectDialog(FormDialog):
    def __init__(self, ctx: AppContext, project_id: int | None = None, parent=None):
        super().__init__("编辑双领办项目" if project_id else "双领办项目立项", parent)
        self.ctx, self.project_id = ctx, project_id
        self.setMinimumWidth(620)
        p = projects.project(ctx.session, project_id) if project_id else {}
        years = [(f"{y}年", y) for y in range(ctx.today.year + 1, ctx.today.year - 4, -1)]
        self.year = self.add("年度", combo(years, p.get("year", ctx.year)), required=True)
        branches = lists.branches(ctx.session)
        self.branch = self.add("党支部", combo(branches, p.get("branch_id", ctx.session.actor.branch_id)), required=True)
        self.title_edit = self.add("项目名称", QLineEdit(p.get("title", "")), required=True)
        self.category = self.add("融合类别", combo(rules.CATEGORIES, p.get("category", rules.CATEGORIES[0]), editable=True),
                                 required=True)  # fmt: skip
        self.party_task = self.add("党建任务", memo(p.get("party_task"), 50), required=True)
        self.business_goal = self.add("业务目标", memo(p.get("business_goal"), 50), required=True)
        self.indicator = self.add("业务指标", QLineEdit(p.get("indicator") or ""))
        self.indicator.setPlaceholderText("如：整改安全隐患（处）")
        fmt = lambda v: "" if v is None else f"{v:g}"  # noqa: E731
        self.baseline = self.add("基数", QLineEdit(fmt(p.get("baseline"))))
        self.target = self.add("目标值", QLineEdit(fmt(p.get("target"))))
        leader = [(p["leader_member_id"], p["leader"])] if p.get("leader_member_id") else []
        self.leader = self.add("领办人", MemberPicker(ctx.session, False, leader))
        self.milestones = self.add("阶段安排", memo(p.get("milestones"), 50))

    def project_input(self) -> ProjectInput:
        ids = self.leader.ids()
        return ProjectInput(self.year.currentData(), self.branch.currentData(), self.title_edit.text(), text_of(self.category),
                            text_of(self.party_task), text_of(self.business_goal), self.indicator.text(),
                            _number(self.baseline.text(), "基数"), _number(self.target.text(), "目标值"),
                            text_of(self.milestones), ids[0] if ids else None)  # fmt: skip

    def check(self) -> None:
        p = self.project_input()
        if p.branch_id is None:
            raise ValidationError("请选择党支部", "党支部")
        rules.check_project(p)

    def save(self):
        p = self.project_input()
        if self.project_id:
            return self.ctx.run(self, projects.update_project, self.project_id, p)
        return self.ctx.run(self, projects.create_project, p)


class ProgressDialog(FormDialog):
    """登记月度进展: the month, what was done, the indicator's value."""

    def __init__(self, ctx: AppContext, project_id: int, parent=None):
        p = projects.project(ctx.session, project_id)
        super().__init__(f"月度进展 — {p['title']}", parent)
        self.ctx, self.project_id, self.year = ctx, project_id, p["year"]
        last = max([g["month"] for g in p["progress"]], default=0)
        latest = ctx.today.month if p["year"] == ctx.today.year else 12
        months = [(f"{m}月", m) for m in range(1, 13)]
        self.month = self.add("月份", combo(months, min(12, max(1, min(latest, last + 1)))), required=True)
        self.note = self.add("进展情况", QLineEdit(), required=True)
        self.note.setPlaceholderText("一句话写明本月做了什么、取得什么成效")
        self.value = self.add("指标数值", QLineEdit())
        self.value.setPlaceholderText(f"{p['indicator']}的累计值" if p["indicator"] else "（本项目未设业务指标）")
        self.value.setEnabled(bool(p["indicator"]))

    def check(self) -> None:
        rules.check_month(self.year, self.month.currentData(), self.ctx.today)
        if not self.note.text().strip():
            raise ValidationError("不能为空", "进展情况")
        _number(self.value.text(), "指标数值")

    def save(self):
        return self.ctx.run(self, projects.report_progress, self.project_id, self.month.currentData(), self.note.text(),
                            _number(self.value.text(), "指标数值"))  # fmt: skip


class ReviewDialog(FormDialog):
    """季度点评 by the party committee."""

    def __init__(self, ctx: AppContext, project_id: int, parent=None):
        p = projects.project(ctx.session, project_id)
        super().__init__(f"季度点评 — {p['title']}", parent)
        self.ctx, self.project_id = ctx, project_id
        quarter = ctx.quarter.quarter if ctx.quarter.year == p["year"] else 4
        self.quarter = self.add("季度", combo([(QUARTER_NAMES[q], q) for q in range(1, 5)], quarter), required=True)
        self.rating = self.add("点评等次", combo(rules.RATINGS, "较好"), required=True)
        self.comment = self.add("点评意见", memo(None, 60))

    def save(self):
        return self.ctx.run(self, projects.review_quarter, self.project_id, self.quarter.currentData(),
                            self.rating.currentData(), text_of(self.comment))  # fmt: skip


class AssessDialog(FormDialog):
    """年终考核 by the party committee (from December): a score of 100 and a result."""

    def __init__(self, ctx: AppContext, project_id: int, parent=None):
        p = projects.project(ctx.session, project_id)
        super().__init__(f"年终考核 — {p['title']}", parent)
        self.ctx, self.project_id, self.year = ctx, project_id, p["year"]
        self.score = self.add("考核得分", QLineEdit("" if p["assessment_score"] is None else f"{p['assessment_score']:g}"), required=True)
        self.result = self.add("考核结果", combo(rules.RESULTS, p["assessment_result"] or "合格"), required=True)
        self.note = self.add("考核意见", memo(p["assessment_note"], 60))

    def check(self) -> None:
        if self.ctx.today.isoformat() < f"{self.year}-12-01":
            raise ValidationError(f"年终考核在{self.year}年12月起进行", "考核得分")
        score = _number(self.score.text(), "考核得分")
        if score is None or not 0 <= score <= 100:
            raise ValidationError("应在0—100之间", "考核得分")

    def save(self):
        return self.ctx.run(self, projects.assess_year, self.project_id, _number(self.score.text(), "考核得分"),
                            self.result.currentData(), text_of(self.note))  # fmt: skip
