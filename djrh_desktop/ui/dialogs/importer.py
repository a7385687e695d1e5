"""The import wizard: pick a file and sheet, check the column mapping, see every bad cell marked in
the preview, then import everything (only when all is valid) or just the valid rows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...domain.errors import DjrhError
from ...exchange import spreadsheet, templates
from ...exchange.cells import display as cell_text
from ...services import export, imports, point_import, project_import, record_import
from .. import drops, window_state
from ..context import AppContext
from ..forms import button

BAD = QColor("#fde2e2")
CHANGED = QColor("#fff4d6")
PREVIEW_ROWS = 500


class ImportDialog(QDialog):
    def __init__(self, ctx: AppContext, kind: str, parent=None):
        super().__init__(parent)
        self.ctx, self.kind = ctx, kind
        self.fields, self.required, _notes, self.what = templates.KINDS[kind]
        self.plan: imports.ImportPlan | None = None
        self.path: str | None = None
        self.setWindowTitle(f"导入{self.what}")
        window_state.restore(self, "import_dialog", 1100, 720)
        self.setAcceptDrops(True)  # a spreadsheet dragged from the file manager
        self.finished.connect(lambda _r: window_state.save(self, "import_dialog"))
        box = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_button = button("选择文件…", "folder-open-outline", primary=True)
        self.template_button = button("下载导入模板", "file-download-outline")
        self.file_label = QLabel("支持 Excel、WPS 的 .xlsx、.xls、.ods 和 .csv 文件，也可以把文件拖到这个窗口")
        self.sheet = QComboBox()
        top.addWidget(self.file_button)
        top.addWidget(self.file_label, 1)
        top.addWidget(QLabel("工作表："))
        top.addWidget(self.sheet)
        top.addWidget(self.template_button)
        box.addLayout(top)
        self.mapping_box = QGroupBox("列对应（程序已按表头自动识别，可手动调整）")
        self.mapping_grid = QGridLayout(self.mapping_box)
        self.mapping: dict[str, QComboBox] = {}
        for i, (key, (label, _)) in enumerate(self.fields.items()):
            combo = QComboBox()
            self.mapping[key] = combo
            self.mapping_grid.addWidget(
                QLabel(("* " if key in self.required else "") + label), i // 5, (i % 5) * 2
            )
            self.mapping_grid.addWidget(combo, i // 5, (i % 5) * 2 + 1)
            combo.activated.connect(self._recheck)
        box.addWidget(self.mapping_box)
        self.table = QTableWidget()
        self.table.verticalHeader().setVisible(True)
        box.addWidget(self.table, 3)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        self.errors = QPlainTextEdit()
        self.errors.setReadOnly(True)
        self.errors.setMaximumHeight(120)
        box.addWidget(self.errors)
        bottom = QHBoxLayout()
        self.create_branches = QCheckBox("自动新建名册中不存在的支部")
        self.create_branches.setVisible(kind == "members")
        self.create_branches.toggled.connect(self._show)
        self.import_all = button("全部导入", "database-import-outline", primary=True)
        self.import_valid = button("只导入正确的行", "playlist-check")
        close = button("关闭", "close")
        bottom.addWidget(self.create_branches)
        bottom.addStretch(1)
        for b in (self.import_valid, self.import_all, close):
            bottom.addWidget(b)
        box.addLayout(bottom)
        self.file_button.clicked.connect(self.choose_file)
        self.template_button.clicked.connect(self.save_template)
        self.sheet.activated.connect(lambda _: self.load(self.path, self.sheet.currentText(), None))
        self.import_all.clicked.connect(lambda: self.apply(False))
        self.import_valid.clicked.connect(lambda: self.apply(True))
        close.clicked.connect(self.reject)
        self.import_all.setEnabled(False)
        self.import_valid.setEnabled(False)

    # -- dropping a file onto the dialog ------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        drops.accept_spreadsheet(event)

    def dropEvent(self, event) -> None:
        path = drops.spreadsheet_of(event)
        if path:
            event.acceptProposedAction()
            window_state.remember_folder(path)
            self.load(path)

    # -- loading ---------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "选择电子表格", window_state.last_folder(), "电子表格 (*.xlsx *.xlsm *.xls *.ods *.csv);;所有文件 (*)"
        )
        if path:
            window_state.remember_folder(path)
            self.load(path)

    def load(self, path: str, sheet: str | None = None, mapping: dict | None = None) -> None:
        try:
            if sheet is None:
                names = spreadsheet.sheet_names(path)
                self.sheet.blockSignals(True)
                self.sheet.clear()
                self.sheet.addItems(names)
                self.sheet.blockSignals(False)
            planner = {"members": imports.plan_members, "points": point_import.plan_points,
                       "talks": record_import.plan_talks, "visits": record_import.plan_visits,
                       "projects": project_import.plan_projects}[self.kind]  # fmt: skip
            self.plan = planner(self.ctx.session, path, sheet or self.sheet.currentText(), mapping)
        except DjrhError as exc:
            QMessageBox.warning(self, "无法导入", str(exc))
            return
        self.path = path
        self.file_label.setText(path)
        self._fill_mapping()
        self._show()

    def _fill_mapping(self) -> None:
        names = self.plan.header.names
        for key, combo in self.mapping.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("（不导入）", None)
            for i, name in enumerate(names):
                if name:
                    combo.addItem(name, i)
            col = self.plan.header.columns.get(key)
            combo.setCurrentIndex(max(0, combo.findData(col)) if col is not None else 0)
            combo.blockSignals(False)

    def _recheck(self) -> None:
        if self.path:
            self.load(
                self.path, self.sheet.currentText(), {k: c.currentData() for k, c in self.mapping.items()}
            )

    # -- preview ---------------------------------------------------------------------------------
    def all_errors(self) -> list[imports.CellError]:
        extra = []
        if self.kind == "members" and self.plan.unknown_branches and not self.create_branches.isChecked():
            extra = imports.unknown_branch_errors(self.plan)
        return sorted(self.plan.errors + extra, key=lambda e: e.row)

    def _show(self) -> None:
        if self.plan is None:
            return
        plan, errors = self.plan, self.all_errors()
        names = plan.header.names
        width = max((len(r) for r in plan.raw), default=len(names))
        outcome = plan.kind == "members"  # one more column: 新增, 无变化, or each field 旧值 → 新值
        self.table.clear()
        self.table.setColumnCount(width + outcome)
        self.table.setHorizontalHeaderLabels([names[i] if i < len(names) else "" for i in range(width)]
                                             + (["导入后的变化"] if outcome else []))  # fmt: skip
        shown = min(len(plan.raw), PREVIEW_ROWS)
        self.table.setRowCount(shown)
        self.table.setVerticalHeaderLabels([str(n) for n in plan.row_numbers[:shown]])
        by_cell: dict[tuple[int, str], str] = {}
        for e in errors:
            by_cell.setdefault((e.row, e.column), e.message)
        col_of = {n: i for i, n in enumerate(names)}
        for r in range(shown):
            rownum = plan.row_numbers[r]
            for c, value in enumerate(plan.raw[r]):
                item = QTableWidgetItem(cell_text(value))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
            if outcome and rownum in plan.records:
                self._show_outcome(r, width, rownum)
            for (row, column), message in by_cell.items():
                if row == rownum:
                    c = col_of.get(column)
                    cells = [c] if c is not None else range(width)
                    for cc in cells:
                        item = self.table.item(r, cc) or QTableWidgetItem("")
                        item.setBackground(QBrush(BAD))
                        item.setToolTip(message)
                        self.table.setItem(r, cc, item)
        self.table.resizeColumnsToContents()
        bad_rows = {e.row for e in errors}
        text = plan.summary()
        if plan.kind == "members" and plan.unknown_branches:
            text += (
                "；将新建支部：" if self.create_branches.isChecked() else "；不存在的支部："
            ) + "、".join(plan.unknown_branches)
        if shown < len(plan.raw):
            text += f"（预览前 {shown} 行）"
        absent = plan.absent_labels() if plan.kind == "members" else []
        if plan.changes and absent:
            text += f"。文件中没有的列（{'、'.join(absent)}），已有党员的这些信息保持不变；空白单元格也不会清空已有信息"
        self.summary.setText(text)
        self.errors.setPlainText("\n".join(str(e) for e in errors) if errors else "没有发现错误，可以导入。")
        self.import_all.setEnabled(not errors and bool(plan.records))
        self.import_valid.setEnabled(bool(errors) and len(plan.row_numbers) > len(bad_rows))
        self.import_valid.setText(
            f"只导入正确的 {len(plan.row_numbers) - len(bad_rows)} 行" if errors else "只导入正确的行"
        )

    def _show_outcome(self, r: int, column: int, rownum: int) -> None:
        plan = self.plan
        changed = plan.changes.get(rownum)
        if plan.records[rownum]["_existing"] is None:
            text = "新增党员"
        elif not changed:
            text = "无变化"
        else:
            text = "；".join(str(c) for c in changed)
        item = QTableWidgetItem(text)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        if changed:
            item.setBackground(QBrush(CHANGED))
            item.setToolTip("\n".join(str(c) for c in changed))
        self.table.setItem(r, column, item)

    # -- actions ---------------------------------------------------------------------------------
    def apply(self, only_valid: bool) -> None:
        if only_valid:
            skipped = sorted({e.row for e in self.all_errors()})
            listing = "、".join(f"第{n}行" for n in skipped[:30]) + ("等" if len(skipped) > 30 else "")
            if (
                QMessageBox.question(
                    self,
                    "只导入正确的行",
                    f"以下 {len(skipped)} 行有错误，将不导入：{listing}。\n继续导入其余各行吗？",
                )
                != QMessageBox.StandardButton.Yes
            ):
                return
        if self.kind == "members":
            change = self.ctx.run(
                self, imports.apply_members, self.plan, self.create_branches.isChecked(), only_valid
            )
        elif self.kind in ("talks", "visits"):
            change = self.ctx.run(self, record_import.apply_records, self.plan, only_valid)
        elif self.kind == "projects":
            change = self.ctx.run(self, project_import.apply_projects, self.plan, only_valid)
        else:
            change = self.ctx.run(self, point_import.apply_points, self.plan, only_valid)
        if change is not None:
            QMessageBox.information(self, "导入完成", change.summary)
            self.accept()

    def save_template(self) -> None:
        name = f"{self.what}导入模板.xlsx"
        path, _ = QFileDialog.getSaveFileName(self, "保存导入模板", window_state.in_last_folder(name), "Excel 文件 (*.xlsx)")
        window_state.remember_folder(path)
        if path and self.ctx.run(self, lambda s: export.write_template(s, self.kind, path)) is not None:
            self.ctx.status.emit(f"已保存导入模板：{path}")
