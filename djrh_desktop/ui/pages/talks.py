"""谈心谈话: the list of the quarter (or year), overdue follow-ups, and coverage gaps."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from ...domain import talks as rules
from ...services import lists, talks
from ..dialogs.coverage import CoverageDialog
from ..dialogs.talk import TalkDialog
from ..forms import button
from ..table import colour_when
from .list_page import ListPage


class TalksPage(ListPage):
    title = "谈心谈话"
    spec = lists.TALKS
    write_action = "talk.write"
    watches = ("talks",)
    search_hint = "主题、谈话人或谈话对象"

    def build_filters(self) -> None:
        self.scope = self.add_scope()
        self.add_combo("type", "类型", list(rules.TYPES))
        self.add_combo("followup_status", "跟进状态", list(rules.FOLLOW_UP))
        self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))

    def build_actions(self) -> None:
        self.add_import_button("talks", "talk.write")  # records kept in sheets before the program
        self.done_button = button("办结跟进", "check-circle-outline")
        self.coverage_button = button("谈话覆盖", "account-search-outline")
        self.void_button = button("作废", "cancel")
        self.actions.addWidget(self.done_button)
        self.actions.addWidget(self.void_button)
        self.actions.addWidget(self.coverage_button)
        self.done_button.setVisible(self.ctx.can("talk.write", self.ctx.session.actor.branch_id))
        self.void_button.setVisible(self.ctx.can("talk.write", self.ctx.session.actor.branch_id))
        self.void_button.clicked.connect(lambda: self.void_selected("谈话记录", talks.void_talk))
        self.done_button.clicked.connect(self._close_followup)
        self.coverage_button.clicked.connect(lambda: CoverageDialog(self.ctx, "talks", self).exec())

    def refresh(self) -> None:
        super().refresh()
        today = self.ctx.today.isoformat()
        self.model.colour = lambda r: (colour_when("followup_status", {"待跟进": "#b44d12"})(r)
                                       if r.get("followup_due") and r["followup_due"] < today else None)  # fmt: skip

    def new_record(self) -> None:
        if TalkDialog(self.ctx, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()

    def open_record(self, talk_id: int) -> None:
        TalkDialog(self.ctx, talk_id, parent=self).exec()

    def _close_followup(self) -> None:
        tid = self.table.current_id()
        if tid is None:
            QMessageBox.information(self, "请选择", "请先选择一条谈话记录")
            return
        note, ok = QInputDialog.getText(self, "办结跟进", "跟进情况：")
        if ok:
            self.ctx.run(self, talks.set_followup, tid, "已办结", note)
