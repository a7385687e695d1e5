"""5A积分: the ledger (lazy, filtered in SQL), the year's ranking, and dynamic-management warnings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...services import lists, points
from ..dialogs.member import MemberRecordDialog
from ..dialogs.points import PostDialog, ReverseDialog
from ..dialogs.talk import TalkDialog
from ..forms import button
from ..table import RowsModel, Table
from .list_page import ListPage

DIMS = ("A1", "A2", "A3", "A4", "A5")


class PointsPage(ListPage):
    title = "5A积分"
    spec = lists.LEDGER
    write_action = "points.write"
    watches = ("point_ledger", "meetings", "members")
    search_hint = "党员姓名或拼音首字母"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.new_button.setText("登记积分")
        self.edit_button.hide()
        self.layout_.removeWidget(self.table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "积分台账")
        self.tabs.addTab(self._ranking_tab(), "积分排名")
        self.tabs.addTab(self._warning_tab(), "动态预警")
        self.layout_.addWidget(self.tabs, 1)
        self.tabs.currentChanged.connect(lambda _: self.refresh())

    def build_filters(self) -> None:
        self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))
        self.add_combo("dimension", "维度", [(f"{d}", d) for d in DIMS])

    def build_actions(self) -> None:
        self.reverse_button = button("冲销", "undo-variant")
        self.actions.addWidget(self.reverse_button)
        self.reverse_button.setVisible(self.ctx.can("points.write", self.ctx.session.actor.branch_id))
        self.reverse_button.clicked.connect(self._reverse)
        self.add_import_button("points", "points.write")

    def filters(self) -> dict:
        out = super().filters()
        out["year"] = self.ctx.year
        return out

    # -- ranking ------------------------------------------------------------------------------
    def _ranking_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        row = QHBoxLayout()
        self.rank_scope = QComboBox()
        self.rank_scope.addItem("全单位", None)
        for name, bid in lists.branches(self.ctx.session):
            self.rank_scope.addItem(name, bid)
        self.rank_scope.currentIndexChanged.connect(self._fill_ranking)
        self.rank_info = QLabel()
        self.rank_info.setObjectName("Hint")
        row.addWidget(QLabel("排名范围："))
        row.addWidget(self.rank_scope)
        row.addStretch(1)
        row.addWidget(self.rank_info)
        box.addLayout(row)
        cols = [("rank", "名次"), ("name", "姓名"), ("branch", "支部")] + [(d, d) for d in DIMS]
        cols += [("total", "总分"), ("five_a", "5A党员"), ("grade", "等次"), ("rank_branch", "支部内名次"),
                 ("behind", "未达A等进度的维度")]
        self.rank_model = RowsModel(cols)
        self.rank_table = Table()
        self.rank_table.setModel(self.rank_model)
        self.rank_table.activated_id.connect(self.show_member)
        box.addWidget(self.rank_table, 1)
        return w

    def _fill_ranking(self) -> None:
        bid = self.rank_scope.currentData()
        scores = points.year_scores(self.ctx.session, self.ctx.year, self.ctx.today, bid)
        scores = [s for s in scores if self.ctx.session.sees_branch(s.branch_id)]
        r = points.year_rules(self.ctx.session, self.ctx.year)
        names = dict(r.dimensions)
        self.rank_model.columns = [
            c if c[0] not in names else (c[0], f"{c[0]} {names[c[0]]}") for c in self.rank_model.columns
        ]
        rows = []
        for s in scores:
            row = {"_id": s.member_id, "rank": s.rank_unit, "name": s.name, "branch": s.branch, "total": s.score.total,
                   "five_a": "是" if s.score.five_a else "", "grade": s.score.grade, "rank_branch": s.rank_branch,
                   "behind": "、".join(names[c] for c in s.behind)}  # fmt: skip
            row.update(s.score.dimensions)
            rows.append(row)
        self.rank_model.set_rows(rows)
        five = sum(1 for s in scores if s.score.five_a)
        session, year = self.ctx.session, self.ctx.year
        state = "最终结果" if points.year_state(session, year) == "最终" else "动态，年度关账后为最终结果"
        text = f"{year}年度（{state}）　{len(scores)} 人，5A党员 {five} 人"
        warning = points.excellent_share_warning(session, year, scores)
        self.rank_info.setText(f"{text}\n{warning}" if warning else text)

    # -- warnings ------------------------------------------------------------------------------
    def _warning_tab(self) -> QWidget:
        w = QWidget()
        box = QVBoxLayout(w)
        row = QHBoxLayout()
        self.talk_button = button("发起提醒谈话", "account-voice", primary=True)
        self.talk_button.setVisible(self.ctx.can("talk.write", self.ctx.session.actor.branch_id))
        self.talk_button.clicked.connect(self._remind)
        self.warn_info = QLabel()
        self.warn_info.setObjectName("Hint")
        row.addWidget(self.talk_button)
        row.addStretch(1)
        row.addWidget(self.warn_info)
        box.addLayout(row)
        self.warn_model = RowsModel(
            [
                ("name", "姓名"),
                ("branch", "支部"),
                ("party_status", "身份"),
                ("total", "总分"),
                ("warnings", "预警原因"),
            ]
        )
        self.warn_table = Table()
        self.warn_table.setModel(self.warn_model)
        self.warn_table.activated_id.connect(self.show_member)
        box.addWidget(self.warn_table, 1)
        return w

    def _fill_warnings(self) -> None:
        scores = points.year_scores(self.ctx.session, self.ctx.year, self.ctx.today)
        rows = [{"_id": s.member_id, "name": s.name, "branch": s.branch, "party_status": "预备党员" if s.probationary else "正式党员",
                 "total": s.score.total, "warnings": "；".join(s.warnings)}
                for s in scores if s.warnings and self.ctx.session.sees_branch(s.branch_id)]  # fmt: skip
        rows.sort(key=lambda r: r["total"])
        self.warn_model.set_rows(rows)
        self.warn_info.setText(f"{self.ctx.year}年度需关注 {len(rows)} 人")

    def _remind(self) -> None:
        mid = self.warn_table.current_id()
        if mid is None:
            QMessageBox.information(self, "请选择", "请先在预警列表中选择一名党员")
            return
        row = next(r for r in self.warn_model.rows if r["_id"] == mid)
        TalkDialog(
            self.ctx,
            talkee=(mid, row["name"]),
            talk_type="提醒谈话",
            topic=f"积分预警提醒：{row['warnings']}",
            parent=self,
        ).exec()

    # -- page ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        tab = self.tabs.currentIndex() if hasattr(self, "tabs") else 0
        if tab == 0:
            super().refresh()
        elif tab == 1:
            self._fill_ranking()
        else:
            self._fill_warnings()

    def new_record(self) -> None:
        if PostDialog(self.ctx, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()

    def _reverse(self) -> None:
        eid = self.table.current_id()
        if eid is None:
            QMessageBox.information(self, "请选择", "请先在台账中选择要冲销的记录")
            return
        ReverseDialog(self.ctx, eid, self).exec()

    def show_member(self, member_id: int) -> None:
        MemberRecordDialog(self.ctx, member_id, self).exec()
