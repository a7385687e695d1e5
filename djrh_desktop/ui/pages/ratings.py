"""评星定级: the year's branches through the workflow, with the distribution and quota warning."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QInputDialog, QLabel, QMessageBox

from ...domain import stars as star_rules
from ...domain.errors import NotFound
from ...services import ratings
from ..charts import BarChart
from ..dialogs.rating import (
    EvaluationDialog,
    FollowUpDialog,
    JointReviewDialog,
    PublicityDialog,
    RecheckDialog,
    ScoreDialog,
)
from ..forms import button
from ..table import RowsModel, Table
from .base import Page

COLUMNS = [
    ("branch", "支部"), ("state", "流程环节"), ("self_level", "自评星级"), ("eval_level", "考评星级"),
    ("level", "定级"), ("previous_level", "上年星级"), ("trend", "升降"), ("vetoes", "否决事项"),
    ("certificate", "廉政意见"), ("recheck_result", "复核"), ("liaison_name", "联系领导"),
]  # fmt: skip


class RatingsPage(Page):
    title = "评星定级"
    watches = ("rating_branches", "rating_scores", "rating_vetoes", "rating_actions", "rating_rounds")

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.info = QLabel()
        self.info.setObjectName("Hint")
        self.warning = QLabel()
        self.warning.setObjectName("Warning")
        self.header.addWidget(self.warning)
        self.header.addWidget(self.info)
        bar = QHBoxLayout()
        self.open_button = button("开启本年度评星", "calendar-star", primary=True)
        self.score_button = button("打分", "clipboard-edit-outline")
        self.eval_button = button("现场考评", "account-tie-outline")
        self.joint_button = button("联审", "shield-check-outline")
        self.public_button = button("公示", "bullhorn-outline")
        self.advance_button = button("推进到下一环节", "arrow-right-bold-outline", primary=True)
        self.back_button = button("退回", "arrow-left-bold-outline")
        self.recheck_button = button("复核", "check-decagram-outline")
        self.follow_button = button("联系领导与整改", "account-supervisor-outline")
        for b in (self.open_button, self.score_button, self.eval_button, self.joint_button, self.public_button,
                  self.advance_button, self.back_button, self.recheck_button, self.follow_button):  # fmt: skip
            bar.addWidget(b)
        bar.addStretch(1)
        self.layout_.addLayout(bar)
        body = QHBoxLayout()
        self.model = RowsModel(COLUMNS)
        self.table = Table()
        self.table.setModel(self.model)
        body.addWidget(self.table, 3)
        self.chart = BarChart("星级分布")
        self.chart.setMinimumWidth(280)
        body.addWidget(self.chart, 1)
        self.layout_.addLayout(body, 1)
        self.open_button.setVisible(ctx.can("rating.open"))
        self.open_button.clicked.connect(self._open_year)
        self.score_button.clicked.connect(
            lambda: self._with_branch(lambda b: ScoreDialog(self.ctx, self.ctx.year, b, self).exec())
        )
        self.eval_button.clicked.connect(
            lambda: self._with_branch(lambda b: EvaluationDialog(self.ctx, self.ctx.year, b, self).exec())
        )
        self.joint_button.clicked.connect(
            lambda: self._with_branch(lambda b: JointReviewDialog(self.ctx, self.ctx.year, b, self).exec())
        )
        self.public_button.clicked.connect(
            lambda: self._with_branch(lambda b: PublicityDialog(self.ctx, self.ctx.year, b, self).exec())
        )
        self.recheck_button.clicked.connect(
            lambda: self._with_branch(lambda b: RecheckDialog(self.ctx, self.ctx.year, b, self).exec())
        )
        self.follow_button.clicked.connect(
            lambda: self._with_branch(lambda b: FollowUpDialog(self.ctx, self.ctx.year, b, self).exec())
        )
        self.advance_button.clicked.connect(lambda: self._with_branch(self._advance))
        self.back_button.clicked.connect(lambda: self._with_branch(self._send_back))
        self.table.activated_id.connect(lambda b: ScoreDialog(self.ctx, self.ctx.year, b, self).exec())
        self.table.clicked.connect(lambda _: self._enable())

    def refresh(self) -> None:
        year = self.ctx.year
        rows = ratings.branch_rows(self.ctx.session, year)
        vetoes = {r["branch_id"]: r["vetoes"] for r in rows if r["vetoes"]}
        star = lambda v: "" if v is None else f"{v}星"  # noqa: E731
        shown = []
        for r in rows:
            # Five stars measured from scores wait for the certificate until 定级 (待联审).
            waiting = lambda v, r=r: v == 5 and not r["certificate"] and r["state"] != "定级"  # noqa: E731
            recheck = r["recheck_result"] or ""
            shown.append({
                "_id": r["branch_id"], "_level": r["level"], "_self": r["self_level"], "branch": r["branch"],
                "state": r["state"], "self_level": star_rules.level_label(r["self_level"], waiting(r["self_level"])),
                "eval_level": star_rules.level_label(r["eval_level"], waiting(r["eval_level"])),
                "level": star(r["level"]), "previous_level": star(r["previous_level"]),
                "trend": r["trend"] or "", "vetoes": "有" if vetoes.get(r["branch_id"]) else "",
                "certificate": (r["certificate_doc"] or "已出具") if r["certificate"] else "",
                "recheck_result": f"{recheck}（{r['recheck_date']}起摘星）" if recheck == "复核不合格" else recheck,
                "liaison_name": r["liaison_name"] or "",
            })  # fmt: skip
        self.model.set_rows(shown)
        self.table.resizeColumnsToContents()
        dist = ratings.distribution(self.ctx.session, year)
        self.chart.title = f"{year}年度星级分布（已定级）"
        self.chart.set_data([(f"{n}星", dist[n]) for n in range(5, 0, -1)] if any(dist.values()) else [])
        done = sum(1 for r in rows if r["state"] == "定级")
        fives = ratings.five_star_counts(self.ctx.session, year)
        self.info.setText(
            f"{year}年度：{len(rows)} 个支部，已定级 {done} 个；申报五星 {fives['applied']} 个，"
            f"验收合格 {fives['accepted']} 个" if rows else f"{year}年度评星定级尚未开启"
        )  # fmt: skip
        self.warning.setText(ratings.quota_warning(self.ctx.session, year) or "")
        self.open_button.setEnabled(not rows and self.ctx.can("rating.open"))
        self._enable()

    def _enable(self) -> None:
        bid = self.table.current_id()
        row = next((r for r in self.model.rows if r["_id"] == bid), None)
        state = row["state"] if row else None
        can = lambda action: row is not None and self.ctx.can(action, bid)  # noqa: E731
        self.score_button.setEnabled(row is not None)
        self.eval_button.setEnabled(state == "党委考评" and can("rating.evaluate"))
        self.joint_button.setEnabled(state == "联审" and (can("rating.joint") or can("rating.certificate")))
        self.public_button.setEnabled(state == "公示" and can("rating.publish"))
        step_action = ratings.STATE_ACTION.get(state or "", "rating.publish")
        self.advance_button.setEnabled(state not in (None, "定级") and can(step_action))
        self.back_button.setEnabled(state not in (None, "未开始") and can(step_action))
        self.recheck_button.setEnabled(state == "定级" and row["_level"] == 5 and can("rating.recheck"))
        self.follow_button.setEnabled(
            state == "定级" and star_rules.needs_follow_up(row["_level"], row["_self"]) and can("rating.recheck")
        )

    def _with_branch(self, fn) -> None:
        bid = self.table.current_id()
        if bid is None:
            QMessageBox.information(self, "请选择", "请先在列表中选择一个支部")
            return
        fn(bid)
        self._enable()

    def _open_year(self) -> None:
        year = self.ctx.year
        if (
            QMessageBox.question(
                self, "开启年度", f"开启{year}年度评星定级？开启后本年度的评星标准即被固定。"
            )
            == QMessageBox.StandardButton.Yes
        ):
            self.ctx.run(self, ratings.open_year, year)

    def _advance(self, bid: int) -> None:
        self.ctx.run(self, ratings.advance, self.ctx.year, bid)

    def _send_back(self, bid: int) -> None:
        reason, ok = QInputDialog.getText(self, "退回", "退回原因（必填）：")
        if ok:
            self.ctx.run(self, ratings.send_back, self.ctx.year, bid, reason)

    def select_branch(self, branch_id: int) -> None:
        self.ensure_fresh()
        for r, row in enumerate(self.model.rows):
            if row["_id"] == branch_id:
                self.table.selectRow(r)
                self._enable()
                return
        raise NotFound("该支部不在本年度评星名单中")

    def new_record(self) -> None:
        if self.open_button.isEnabled():
            self._open_year()

    def print_(self) -> None:
        QMessageBox.information(self, "打印", "评星定级结果请在“报表中心”生成《年度评星定级结果》后打印。")
