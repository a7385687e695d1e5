"""系统设置 — 审计日志: the audit log with a search, and the check of a printed report's 数据核验码."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...services import audit_view
from ..context import AppContext
from ..forms import button
from ..table import RowsModel, Table


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        box = QVBoxLayout(self)
        row = QHBoxLayout()
        self.audit_search = QLineEdit()
        self.audit_search.setPlaceholderText("按内容或用户查找")
        self.audit_search.textChanged.connect(self.refresh)
        row.addWidget(self.audit_search)
        row.addStretch(1)
        row.addWidget(QLabel("报表的数据核验码："))
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("如 1234-ABCD-EF01-2345")
        self.code_edit.setMinimumWidth(220)
        self.code_button = button("核验", "shield-check-outline")
        self.code_button.clicked.connect(self._check_code)
        self.code_edit.returnPressed.connect(self._check_code)
        row.addWidget(self.code_edit)
        row.addWidget(self.code_button)
        box.addLayout(row)
        self.code_result = QLabel("打印的报表页脚印有数据核验码；在此输入，可核对当前数据文件是否仍保存着打印时的完整历史。")
        self.code_result.setWordWrap(True)
        box.addWidget(self.code_result)
        self.audit_model = RowsModel(
            [("id", "序号"), ("at", "时间"), ("username", "用户"), ("action", "操作"), ("summary", "内容")]
        )
        self.audit_table = Table()
        self.audit_table.setModel(self.audit_model)
        box.addWidget(self.audit_table, 1)

    def _check_code(self) -> None:
        result = audit_view.check_code(self.ctx.session, self.code_edit.text())
        self.code_result.setText(result.message)
        self.code_result.setStyleSheet("color: #1a7f37;" if result.ok else "color: #c62828; font-weight: bold;")

    def refresh(self) -> None:
        rows = audit_view.entries(self.ctx.session, None, 2000, self.audit_search.text().strip())
        self.audit_model.set_rows([{**r, "_id": r["id"]} for r in rows])
