"""文件 → 导出数据包 / 导入数据包: on the office PC a branch's package (chosen from the branches), on a branch
PC what it recorded since its last package; an import shows, before anything is written, what will be
added, updated, refused and in conflict, as the Excel import does."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from ...exchange.package_file import SUFFIX
from ...services import lists, package_export, package_import
from .. import window_state
from ..context import AppContext

SHOWN = 2000  # rows of the preview table (the summary counts them all)
WHOLE = "全单位（报送上级工委）"


def export_package(ctx: AppContext, parent) -> None:
    """导出数据包: a branch PC sends its records home; the office chooses the branch to send to."""
    home = package_export.home_branch(ctx.session)
    branch = whole = None
    if home is None:
        names = lists.branches(ctx.session)
        choices = [n for n, _ in names] + ([WHOLE] if ctx.can("package.export") else [])
        chosen, ok = QInputDialog.getItem(parent, "导出数据包", "导出哪个党支部的数据包（给该支部的电脑），或全单位的数据包（报送上级工委）：",
                                          choices, 0, False)  # fmt: skip
        if not ok:
            return
        whole = chosen == WHOLE
        branch = None if whole else dict(names)[chosen]
    name = home["name"] if home else ("全单位" if whole else chosen)
    path, _ = QFileDialog.getSaveFileName(parent, "导出数据包", window_state.in_last_folder(f"{name}数据包{SUFFIX}"),
                                          f"数据包 (*{SUFFIX})")  # fmt: skip
    if not path:
        return
    window_state.remember_folder(path)
    if not path.lower().endswith(SUFFIX):
        path += SUFFIX
    if whole:
        change = ctx.run(parent, package_export.export_unit, path)
    elif branch is not None:
        change = ctx.run(parent, package_export.export_office, branch, path)
    else:
        change = ctx.run(parent, package_export.export_branch, path)
    if change is not None:
        QMessageBox.information(parent, "导出数据包", f"{change.summary}\n\n{path}")


def import_package(ctx: AppContext, parent) -> None:
    path, _ = QFileDialog.getOpenFileName(parent, "导入数据包", window_state.last_folder(), f"数据包 (*{SUFFIX});;所有文件 (*)")
    if not path:
        return
    window_state.remember_folder(path)
    plan = ctx.run(parent, package_import.plan_import, path)
    if plan is not None:
        PackagePreview(ctx, plan, parent).exec()


class PackagePreview(QDialog):
    """What the package will change, record by record; 导入 writes it all in one transaction."""

    def __init__(self, ctx: AppContext, plan, parent=None):
        super().__init__(parent)
        self.ctx, self.plan = ctx, plan
        self.setWindowTitle("导入数据包")
        window_state.fit(self, 900, 620)
        box = QVBoxLayout(self)
        text = plan.summary().replace("：", "：\n", 1)  # the package, then what it will do
        if plan.writes and len({e for e, _l in plan.added} | ({"积分记录"} if plan.entries_new else set())) > 1:
            text += f"\n其中新增：{plan.added_by_kind()}"
        self.summary = QLabel(text)
        self.summary.setWordWrap(True)
        box.addWidget(self.summary)
        rows = ([("新增", e, label, "") for e, label in plan.added] + [("新增", "积分记录", label, "") for label in plan.entries_shown]
                + [("更新", e, label, "") for e, label in plan.updated]
                + [("冲突", e, label, why) for e, label, why in plan.conflicts]
                + [("拒绝", e, label, why) for e, label, why in plan.refused])  # fmt: skip
        rows.sort(key=lambda r: {"拒绝": 0, "冲突": 1, "更新": 2, "新增": 3}[r[0]])  # what needs reading first
        self.table = QTableWidget(min(len(rows), SHOWN), 4)
        self.table.setHorizontalHeaderLabels(["处理", "类别", "记录", "说明"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for i, row in enumerate(rows[:SHOWN]):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, c, item)
        for c in (0, 1, 2):
            self.table.resizeColumnToContents(c)
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 430))  # the reason gets the rest
        box.addWidget(self.table, 1)
        total = len(rows) + plan.entries_new - len(plan.entries_shown)  # the new ledger entries are named only in part
        if total > min(len(rows), SHOWN):
            box.addWidget(QLabel(f"仅列出前 {min(len(rows), SHOWN):,} 条，另有 {total - min(len(rows), SHOWN):,} 条"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("导入")
        self.ok.setObjectName("Primary")
        self.ok.setEnabled(plan.writes)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("关闭")
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        box.addWidget(buttons)

    def apply(self) -> None:
        change = self.ctx.run(self, package_import.apply_import, self.plan)
        if change is not None:
            QMessageBox.information(self, "导入数据包", change.summary)
            self.accept()
