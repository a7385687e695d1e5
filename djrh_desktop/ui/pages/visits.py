"""廉政家访: visits of the quarter (or year), return visits, coverage."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from ...domain import visits as rules
from ...services import lists, visits
from ..dialogs.coverage import CoverageDialog
from ..dialogs.visit import VisitDialog
from ..forms import button
from .list_page import ListPage


class VisitsPage(ListPage):
    title = "廉政家访"
    spec = lists.VISITS
    write_action = "visit.write"
    watches = ("visits",)
    search_hint = "被家访党员姓名或拼音首字母"

    def build_filters(self) -> None:
        self.scope = self.add_scope()
        self.add_combo("pledge", "承诺书", [("已签订", 1), ("未签订", 0)])
        self.add_combo("revisit_status", "回访状态", list(rules.RETURN_VISIT))
        self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))

    def build_actions(self) -> None:
        self.add_import_button("visits", "visit.write")  # records kept in sheets before the program
        self.coverage_button = button("家访覆盖", "account-search-outline")
        self.void_button = button("作废", "cancel")
        self.void_button.setVisible(self.ctx.can("visit.write", self.ctx.session.actor.branch_id))
        self.void_button.clicked.connect(lambda: self.void_selected("家访记录", visits.void_visit))
        self.actions.addWidget(self.void_button)
        self.actions.addWidget(self.coverage_button)
        self.coverage_button.clicked.connect(lambda: CoverageDialog(self.ctx, "visits", self).exec())

    def new_record(self) -> None:
        if VisitDialog(self.ctx, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()

    def open_record(self, visit_id: int) -> None:
        VisitDialog(self.ctx, visit_id, parent=self).exec()
