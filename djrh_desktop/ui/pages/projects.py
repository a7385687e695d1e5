"""融合发展 → 双领办项目: the year's projects (党建+发展 任务双领办) — 立项, 月度进展, 季度点评, 年终考核."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QMessageBox

from ...domain import fusion as rules
from ...services import lists
from ..dialogs.project import AssessDialog, ProgressDialog, ProjectDialog, ReviewDialog
from ..forms import button
from .list_page import ListPage


class ProjectsPage(ListPage):
    title = "双领办项目"
    nested = True
    spec = lists.PROJECTS
    write_action = "project.write"
    watches = ("fusion_projects", "fusion_progress", "fusion_reviews")
    search_hint = "项目名称或支部"

    def build_filters(self) -> None:
        self.add_combo("category", "类别", list(rules.CATEGORIES))
        self.add_combo("branch_id", "支部", lists.branches(self.ctx.session))

    def filters(self) -> dict:
        return {**super().filters(), "year": self.ctx.year}  # the year chosen at the top of the window

    def build_actions(self) -> None:
        self.progress_button = button("登记月度进展", "calendar-edit")
        self.progress_button.setVisible(self.ctx.can("project.write", self.ctx.session.actor.branch_id))
        self.progress_button.clicked.connect(lambda: self._with_selected(ProgressDialog))
        self.review_button = button("季度点评", "comment-check-outline")
        self.review_button.setVisible(self.ctx.can("project.review"))
        self.review_button.clicked.connect(lambda: self._with_selected(ReviewDialog))
        self.assess_button = button("年终考核", "clipboard-check-outline")
        self.assess_button.setVisible(self.ctx.can("project.review"))
        self.assess_button.clicked.connect(lambda: self._with_selected(AssessDialog))
        for b in (self.progress_button, self.review_button, self.assess_button):
            self.actions.addWidget(b)
        self.add_import_button("projects", "project.write")  # 年初立项 sent in by the branches as sheets

    def _with_selected(self, dialog) -> None:
        chosen = self.table.selected_ids()
        pid = chosen[0] if chosen else self.table.current_id()
        if pid is None:
            QMessageBox.information(self, "请选择", "请先在列表中选择一个项目")
            return
        if dialog(self.ctx, pid, self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()

    def new_record(self) -> None:
        if ProjectDialog(self.ctx, parent=self).exec() == QDialog.DialogCode.Accepted:
            self.apply_filters()

    def open_record(self, project_id: int) -> None:
        ProjectDialog(self.ctx, project_id, parent=self).exec()
