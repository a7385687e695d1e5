"""三会一课: meetings of the period and the quarter's compliance per branch."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDialog, QTableWidget, QTableWidgetItem, QTabWidget

from ...domain import meetings as rules
from ...services import lists, meetings
from ..dialogs.meeting import MeetingDialog, MeetingView
from ..forms import button
from .list_page import ListPage

STATUS_COLOURS = {"达标": "#2f855a", "未达标": "#c8102e", "进行中": "#52606d"}


class MeetingsPage(ListPage):
    title = "三会一课"
    spec = lists.MEETINGS
    write_action = "meeting.write"
    watches = ("meetings",)
    search_hint = "会议主题"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.search.hide()  # meetings are found by branch, type and period
        self.layout_.removeWidget(self.table)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.table, "会议记录")
        self.compliance = QTableWidget()
        self.compliance.verticalHeader().setVisible(False)
        self.tabs.addTab(self.compliance, "季度达标情况")
        self.layout_.addWidget(self.tabs, 1)

    def build_filters(self) -> None:
        self.add_scope()
        self.branch_box = self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))
        self.add_combo("type", "类型", list(rules.TYPES))

    def build_actions(self) -> None:
        self.void_button = button("作废", "cancel")
        self.void_button.setVisible(self.ctx.can("meeting.write", self.ctx.session.actor.branch_id))
        self.void_button.clicked.connect(lambda: self.void_selected("会议记录", meetings.void_meeting))
        self.actions.addWidget(self.void_button)

    def filters(self) -> dict:
        out = super().filters()
        out.pop("search", None)
        return out

    def refresh(self) -> None:
        super().refresh()
        self._fill_compliance()

    def _fill_compliance(self) -> None:
        q = self.ctx.quarter
        result = meetings.compliance(self.ctx.session, q, self.ctx.today)
        annual = {b.branch_id: b for b in meetings.annual_items(self.ctx.session, q.year, self.ctx.today)}
        for b in result:  # the year's annual items beside the quarter's
            b.types.extend(annual[b.branch_id].types if b.branch_id in annual else [])
        headers = (
            ["支部"]
            + [f"{t}\n（{rules.requirement_text(t)}）" for t in rules.REQUIREMENTS]
            + [f"{t}\n（{q.year}年至少{n}次）" for t, n in rules.ANNUAL.items()]
            + ["情况"]
        )
        self.compliance.setColumnCount(len(headers))
        self.compliance.setHorizontalHeaderLabels(headers)
        self.compliance.setRowCount(len(result))
        for r, b in enumerate(result):
            self.compliance.setItem(r, 0, QTableWidgetItem(b.branch))
            for c, t in enumerate(b.types, 1):
                item = QTableWidgetItem(f"{t.held}/{t.required}（{t.status}）")
                item.setForeground(QColor(STATUS_COLOURS[t.status]))
                item.setToolTip("缺：" + "、".join(t.missing_periods) if t.missing_periods else t.status)
                self.compliance.setItem(r, c, item)
            self.compliance.setItem(r, len(headers) - 1, QTableWidgetItem("；".join(b.behind) or "—"))
        self.compliance.resizeColumnsToContents()
        self.compliance.horizontalHeader().setStretchLastSection(True)
        self.tabs.setTabText(1, f"{q.label}达标情况")

    def new_record(self) -> None:
        if MeetingDialog(self.ctx, self.branch_box.currentData(), self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()

    def open_record(self, meeting_id: int) -> None:
        MeetingView(self.ctx, meeting_id, self).exec()

    def show_branch(self, branch_id: int) -> None:
        i = self.branch_box.findData(branch_id)
        if i >= 0:
            self.branch_box.setCurrentIndex(i)
        self.tabs.setCurrentIndex(1)
