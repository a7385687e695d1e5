"""系统设置 — 年度关账: close a year (no more writes dated in it) or reopen it with a reason."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QInputDialog, QLabel, QMessageBox

from ...services import closing
from ..context import AppContext
from ..forms import button


class YearClosingBox(QGroupBox):
    def __init__(self, ctx: AppContext, parent=None):
        super().__init__("年度关账", parent)
        self.ctx = ctx
        row = QHBoxLayout(self)
        self.closing_year = QComboBox()
        for year in range(self.ctx.today.year - 1, self.ctx.today.year - 16, -1):
            self.closing_year.addItem(f"{year}年度", year)
        self.closing_state = QLabel("")
        self.close_button = button("关账", "lock-outline")
        self.reopen_button = button("重新开账…", "lock-open-variant-outline")
        for widget in (QLabel("年度："), self.closing_year, self.closing_state):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(self.close_button)
        row.addWidget(self.reopen_button)
        self.closing_year.currentIndexChanged.connect(self.refresh)
        self.close_button.clicked.connect(self._close_year)
        self.reopen_button.clicked.connect(self._reopen_year)
        self.setEnabled(ctx.can("year.close"))

    def refresh(self) -> None:
        year = self.closing_year.currentData()
        shut = closing.is_closed(self.ctx.session, year)
        self.closing_state.setText("已关账：不能再登记或修改该年度的记录" if shut else "未关账")
        self.close_button.setEnabled(not shut)
        self.reopen_button.setEnabled(shut)

    def _close_year(self) -> None:
        year = self.closing_year.currentData()
        if QMessageBox.question(self, "年度关账", f"关账后不能再登记或修改{year}年度的任何记录（更正记入当前年度）。确定关账吗？") \
                == QMessageBox.StandardButton.Yes:  # fmt: skip
            self.ctx.run(self, closing.close_year, year)
        self.refresh()

    def _reopen_year(self) -> None:
        year = self.closing_year.currentData()
        reason, ok = QInputDialog.getText(self, "重新开账", f"重新开放{year}年度的原因（记入审计日志）：")
        if ok:
            self.ctx.run(self, closing.reopen_year, year, reason)
        self.refresh()

