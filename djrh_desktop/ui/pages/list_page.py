"""A page whose body is one filtered list: search box, filter combos, the table, a count, and
新增 / 编辑 / 导出 / 打印 buttons."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from ...services import export, lists
from .. import window_state
from ..dialogs.importer import ImportDialog
from ..forms import button
from ..printing import print_list
from ..table import ListModel, Table
from ..worker import run_job
from .base import Page


class ListPage(Page):
    spec: lists.ListSpec
    write_action: str | None = None  # roles without it see no 新增/编辑
    search_hint = "搜索"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.model: ListModel | None = None
        self.bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.search_hint)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.bar.addWidget(self.search)
        self.combos: dict[str, QComboBox] = {}
        self.build_filters()
        self.bar.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setObjectName("Hint")
        self.bar.addWidget(self.count_label)
        self.layout_.addLayout(self.bar)
        self.actions = QHBoxLayout()
        self.new_button = button("新增", "plus", primary=True)
        self.edit_button = button("编辑", "pencil-outline")
        self.export_button = button("导出", "microsoft-excel")
        self.print_button = button("打印", "printer-outline")
        for b in (self.new_button, self.edit_button):
            self.actions.addWidget(b)
            b.setVisible(
                self.write_action is None or ctx.session.can(self.write_action, ctx.session.actor.branch_id)
            )
        self.build_actions()
        self.actions.addStretch(1)
        self.actions.addWidget(self.export_button)
        self.actions.addWidget(self.print_button)
        self.header.addLayout(self.actions)
        self.table = Table()
        self.table.state_key = f"columns/{self.spec.name}"
        self.table.menu_actions = [("导出所选到 Excel…", lambda: self.export(selected=True)),
                                   ("打印所选…", lambda: self.print_(selected=True))]  # fmt: skip
        self.layout_.addWidget(self.table, 1)
        self._search_timer = QTimer(self, singleShot=True, interval=150)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(self._search_timer.start)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self._edit_current)
        self.table.activated_id.connect(self.open_record)
        self.export_button.clicked.connect(lambda: self.export())
        self.print_button.clicked.connect(lambda: self.print_())

    # -- for subclasses ------------------------------------------------------------------------
    def build_filters(self) -> None:
        """Add filter combos with add_combo()."""

    def build_actions(self) -> None:
        """Add page-specific buttons to self.actions."""

    def filters(self) -> dict:
        """The current filters (combos + search + period), as ListSpec filter names."""
        out = {name: box.currentData() for name, box in self.combos.items()}
        out["search"] = self.search.text().strip()
        scope = out.pop("_scope", None)
        if scope:
            q = self.ctx.quarter
            whole_year = (f"{q.year}-01-01", f"{q.year}-12-31")
            out["start"], out["end"] = (
                (q.start.isoformat(), q.end.isoformat()) if scope == "quarter" else whole_year
            )
        return out

    def add_import_button(self, kind: str, action: str) -> None:
        """导入 (members or points), for roles that may write them."""
        self.import_button = button("导入", "database-import-outline")
        self.actions.addWidget(self.import_button)
        self.import_button.setVisible(self.ctx.can(action, self.ctx.session.actor.branch_id))
        self.import_button.clicked.connect(lambda: ImportDialog(self.ctx, kind, self).exec())

    def add_scope(self) -> QComboBox:
        """本季度 / 本年度, following the period selector."""
        box = self.add_combo("_scope", "", [("本季度", "quarter"), ("本年度", "year")])
        box.removeItem(0)
        return box

    def open_record(self, record_id: int) -> None:
        """Double-click: open the record's dialog."""

    def print_title(self) -> str:
        return self.title

    # -- shared --------------------------------------------------------------------------------
    def add_combo(self, name: str, label: str, items: list) -> QComboBox:
        box = QComboBox()
        box.addItem(f"全部{label}", None)
        for it in items:
            text, data = it if isinstance(it, tuple) else (it, it)
            box.addItem(text, data)
        box.currentIndexChanged.connect(self.apply_filters)
        self.combos[name] = box
        self.bar.addWidget(box)
        return box

    def refresh(self) -> None:
        if self.model is None:
            self.model = ListModel(self.ctx.session, self.spec, self.filters(), self)
            self.model.counted.connect(lambda n: self.count_label.setText(f"共 {n:,} 条"))
            self.count_label.setText(f"共 {self.model.total:,} 条")
            self.table.setModel(self.model)
        else:
            self.apply_filters()

    def apply_filters(self) -> None:
        if self.model is not None:
            self.model.filters = {}
            self.model.set_filters(**self.filters())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _edit_current(self) -> None:
        rid = self.table.current_id()
        if rid is None:
            QMessageBox.information(self, "请选择", "请先在列表中选择一条记录")
            return
        self.open_record(rid)

    def void_selected(self, what: str, service) -> None:
        """作废 the selected record after asking why (the record stays in the file, out of every count)."""
        rid = self.table.current_id()
        if rid is None:
            QMessageBox.information(self, "请选择", f"请先选择一条{what}")
            return
        reason, ok = QInputDialog.getText(self, f"作废{what}", "作废原因（记入审计日志；作废后不计入任何统计）：")
        if ok:
            self.ctx.run(self, service, rid, reason)

    def _chosen_filters(self, selected: bool) -> dict:
        """The list's filters, narrowed to the selected rows for 导出所选/打印所选."""
        return {**self.filters(), "ids": self.table.selected_ids()} if selected else self.filters()

    def export(self, selected: bool = False) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出到 Excel", window_state.in_last_folder(f"{self.print_title()}.xlsx"), "Excel 文件 (*.xlsx)"
        )
        if not path:
            return
        window_state.remember_folder(path)
        if not path.lower().endswith(".xlsx"):
            path += ".xlsx"
        filters, job_session = self._chosen_filters(selected), self.ctx.job_session()
        order, desc = (self.model.order, self.model.descending) if self.model else (None, False)

        def job(progress, cancelled):
            with job_session() as s:
                return export.export_list(s, self.spec, filters, path, order, desc, progress)

        run_job(self, "正在导出……", job, lambda n: self.ctx.status.emit(f"已导出 {n:,} 行到 {path}"))

    def print_(self, selected: bool = False) -> None:
        order, desc = (self.model.order, self.model.descending) if self.model else (None, False)
        visible = [c.label for i, c in enumerate(self.spec.columns) if not self.table.isColumnHidden(i)]
        print_list(self, self.ctx.session, self.spec, self._chosen_filters(selected), self.print_title(),
                   self.ctx.quarter.label, order, desc, visible)  # fmt: skip


def spacer() -> QWidget:
    w = QWidget()
    w.setFixedWidth(12)
    return w
