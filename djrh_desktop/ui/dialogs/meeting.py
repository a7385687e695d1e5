"""三会一课 dialog: the meeting and its attendance grid; saving can post 5A points in the same step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain import meetings as rules
from ...domain.errors import ValidationError
from ...services import lists, meetings, org, settings
from ...services.meetings import MeetingInput
from .. import window_state
from ..context import AppContext
from ..forms import FormDialog, button, combo, date_line, memo, parse_date, text_of

NOT_INVOLVED = "不参加"


class MeetingDialog(FormDialog):
    def __init__(self, ctx: AppContext, branch_id: int | None = None, parent=None, meeting_id: int | None = None):
        super().__init__("更正会议记录" if meeting_id else "登记三会一课", parent)
        self.ctx, self.meeting_id = ctx, meeting_id
        # Correcting: the form starts from the recorded meeting; saving reverses its points and re-posts them.
        self.recorded = meetings.get_meeting(ctx.session, meeting_id) if meeting_id else None
        branch_id = self.recorded["branch_id"] if self.recorded else branch_id
        self.setMinimumSize(600, 460)
        window_state.fit(self, 680, 720, centre=False)  # a 1366×768 screen has ~730 px of height to give
        branches = lists.branches(ctx.session)
        default_branch = branch_id or ctx.session.actor.branch_id or (branches[0][1] if branches else None)
        self.branch = self.add("支部", combo(branches, default_branch), required=True)
        self.type = self.add("会议类型", combo(rules.TYPES, "主题党日"), required=True)
        self.group = self.add("党小组", QComboBox())  # a 党小组会 names its group
        self.date = self.add("会议日期", date_line(ctx.today), required=True)
        self.topic = self.add("会议主题", QLineEdit(), required=True)
        self.host = self.add("主持人", QLineEdit())
        self.recorder = self.add("记录人", QLineEdit(ctx.session.actor.display_name or ""))
        self.content = self.add("会议内容", memo(height=60))
        self.grid = QTableWidget(0, 3)
        self.grid.setHorizontalHeaderLabels(["党员", "出勤", "评议结果"])
        self.grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.grid.verticalHeader().setVisible(False)
        self.grid.setMinimumHeight(220)
        self.add_row("出勤情况：", self.grid)
        mapping = settings.attendance_points(ctx.session)
        self.post_points = QCheckBox(
            f"同时登记5A积分（出席：{mapping.get('出席', '无')}；缺席：{mapping.get('缺席', '无')}）"
        )
        self.post_points.setChecked(True)
        self.add_row("", self.post_points)
        self.branch.currentIndexChanged.connect(self._fill_groups)
        self.type.currentIndexChanged.connect(self._fill_groups)
        self.group.currentIndexChanged.connect(self._fill_grid)
        if self.recorded:
            r = self.recorded
            self.type.setCurrentIndex(max(0, self.type.findData(r["type"])))
            self._fill_groups()
            self.group.setCurrentIndex(max(0, self.group.findData(r["group_id"])))
            self.date.setText(r["date"])
            self.topic.setText(r["topic"])
            self.host.setText(r["host"] or "")
            self.recorder.setText(r["recorder"] or "")
            self.content.setPlainText(r["content"] or "")
            self.branch.setEnabled(False)  # a meeting stays its branch's
        self._fill_groups()

    def _fill_groups(self) -> None:
        bid = self.branch.currentData()
        is_group = self.type.currentData() == rules.GROUP_MEETING
        groups = meetings.branch_groups(self.ctx.session, bid) if bid and is_group else []
        self.group.blockSignals(True)
        self.group.clear()
        for gid, name in groups:
            self.group.addItem(name, gid)
        self.group.blockSignals(False)
        self.group.setEnabled(bool(groups))
        self._fill_grid()

    def _fill_grid(self) -> None:
        bid = self.branch.currentData()
        members = lists.branch_members(self.ctx.session, bid) if bid else []
        committee = org.committee_member_ids(self.ctx.session, bid) if bid else set()
        committee_only = self.type.currentData() == "支部委员会"
        group = self.group.currentData() if self.group.isEnabled() else None
        in_group = set(org.group_member_ids(self.ctx.session, group)) if group else None
        appraise = self.type.currentData() == "民主评议党员"
        self.grid.setColumnHidden(2, not appraise)
        self.grid.setRowCount(0)  # drops the old rows and their widgets before the new ones go in
        self.grid.setRowCount(len(members))
        for r, (mid, name) in enumerate(members):
            item = QTableWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, mid)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.grid.setItem(r, 0, item)
            box = QComboBox()
            box.addItems([*rules.ATTENDANCE, NOT_INVOLVED])
            recorded = self.recorded if self.recorded and self.recorded["branch_id"] == bid else None
            if recorded:
                box.setCurrentText(recorded["attendance_by_member"].get(mid, NOT_INVOLVED))
            else:
                outside = (committee_only and mid not in committee) or (in_group is not None and mid not in in_group)
                box.setCurrentText(NOT_INVOLVED if outside else "出席")
            self.grid.setCellWidget(r, 1, box)
            if appraise:  # only then: a widget in a hidden column is drawn over the first cell
                result = QComboBox()
                result.addItems(["", *rules.APPRAISALS])
                result.setCurrentText((recorded or {}).get("appraisals_by_member", {}).get(mid, "合格"))
                self.grid.setCellWidget(r, 2, result)
            else:
                self.grid.removeCellWidget(r, 2)

    def attendance(self) -> dict[int, str]:
        out = {}
        for r in range(self.grid.rowCount()):
            status = self.grid.cellWidget(r, 1).currentText()
            if status != NOT_INVOLVED:
                out[self.grid.item(r, 0).data(Qt.ItemDataRole.UserRole)] = status
        return out

    def appraisals(self) -> dict[int, str]:
        if self.type.currentData() != "民主评议党员":
            return {}
        attending = self.attendance()
        out = {}
        for r in range(self.grid.rowCount()):
            mid = self.grid.item(r, 0).data(Qt.ItemDataRole.UserRole)
            result = self.grid.cellWidget(r, 2).currentText()
            if result and mid in attending:
                out[mid] = result
        return out

    def meeting_input(self) -> MeetingInput:
        day = parse_date(self.date.text(), "会议日期")
        return MeetingInput(
            branch_id=self.branch.currentData(), type=self.type.currentData(), date=day.isoformat(),
            topic=self.topic.text(), host=self.host.text(), recorder=self.recorder.text(),
            content=text_of(self.content), attendance=self.attendance(),
            group_id=self.group.currentData() if self.group.isEnabled() else None, appraisals=self.appraisals(),
        )  # fmt: skip

    def check(self) -> None:
        m = self.meeting_input()
        if m.date > self.ctx.today.isoformat():
            raise ValidationError("不能晚于今天", "会议日期")
        if not m.topic.strip():
            raise ValidationError("不能为空", "会议主题")

    def save(self):
        if self.meeting_id:
            return self.ctx.run(self, meetings.correct_meeting, self.meeting_id, self.meeting_input(),
                                self.post_points.isChecked())  # fmt: skip
        return self.ctx.run(self, meetings.record_meeting, self.meeting_input(), self.post_points.isChecked())


class MeetingView(QDialog):
    """A recorded meeting with its attendance; 更正… opens the form to correct it (points re-posted)."""

    def __init__(self, ctx: AppContext, meeting_id: int, parent=None):
        super().__init__(parent)
        m = meetings.get_meeting(ctx.session, meeting_id)
        self.setWindowTitle(f"{m['type']} — {m['topic']}")
        window_state.fit(self, 560, 520, centre=False)
        box = QVBoxLayout(self)
        group = f"（{m['group']}）" if m["group"] else ""
        text = QLabel(
            f"{m['branch']}{group}　{m['date']}　{m['type']}\n主题：{m['topic']}\n主持人：{m['host'] or ''}　记录人：{m['recorder'] or ''}\n{m['content'] or ''}"
        )
        text.setWordWrap(True)
        box.addWidget(text)
        appraisals = m["appraisal_by_name"]
        rows = [(name, status, appraisals.get(name)) for name, status in m["attendance"]]
        appraised = bool(appraisals)
        table = QTableWidget(len(rows), 3 if appraised else 2)
        table.setHorizontalHeaderLabels(["党员", "出勤", "评议结果"][: table.columnCount()])
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        for r, row in enumerate(rows):
            for c, value in enumerate(row[: table.columnCount()]):
                table.setItem(r, c, QTableWidgetItem(value or ""))
        box.addWidget(table, 1)
        self.correct = button("更正…", "pencil-outline")
        self.correct.setVisible(ctx.can("meeting.write", m["branch_id"]) and not m.get("voided_at"))
        self.correct.clicked.connect(lambda: (self.accept(), MeetingDialog(ctx, parent=self.parentWidget(),
                                                                          meeting_id=meeting_id).exec()))  # fmt: skip
        box.addWidget(self.correct, 0, Qt.AlignmentFlag.AlignLeft)
