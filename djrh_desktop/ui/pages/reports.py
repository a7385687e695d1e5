"""报表中心: the quarter's figures as a table, exportable to Excel and printable."""

from __future__ import annotations

from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QHeaderView, QLabel, QTableWidget, QTableWidgetItem

from ...exchange import xlsx
from ...services import settings, stats
from ..forms import button
from ..printing import list_html
from .base import Page

LABELS = (
    ("branches", "党支部（个）"),
    ("members", "季末在册党员（名）"),
    ("meetings", "三会一课（次）"),
    ("talks", "谈心谈话（人次）"),
    ("talk_records", "谈心谈话（次）"),
    ("visits", "廉政家访（人次）"),
    ("pledges", "签订《家庭助廉承诺书》（份）"),
    ("point_entries", "积分登记（条）"),
    ("five_a_members", "5A党员（年度累计，名）"),
)


class ReportsPage(Page):
    title = "报表中心"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        row = QHBoxLayout()
        self.export_button = button("导出到 Excel", "microsoft-excel")
        self.print_button = button("打印", "printer-outline")
        row.addWidget(self.export_button)
        row.addWidget(self.print_button)
        row.addStretch(1)
        self.header.addLayout(row)
        self.caption = QLabel()
        self.layout_.addWidget(self.caption)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["项目", "数量"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table, 1)
        self.export_button.clicked.connect(self.export)
        self.print_button.clicked.connect(self.print_)

    def rows(self) -> list[list]:
        f = stats.quarter_figures(self.ctx.db, self.ctx.quarter, self.ctx.today)
        out = [[label, f[key]] for key, label in LABELS]
        out += [
            [f"{f['year']}年度定级为{n}星的支部（个）", f["star_levels"][str(n)]] for n in range(5, 0, -1)
        ]
        return out

    def refresh(self) -> None:
        q = self.ctx.quarter
        self.caption.setText(
            f"{settings.unit_name(self.ctx.db)}　{q.label}统计数字（{q.start.isoformat()} 至 {q.end.isoformat()}）"
        )
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for r, (label, value) in enumerate(rows):
            self.table.setItem(r, 0, QTableWidgetItem(label))
            self.table.setItem(r, 1, QTableWidgetItem(f"{value:,}"))

    def export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出到 Excel", f"{self.ctx.quarter.label}统计数字.xlsx", "Excel 文件 (*.xlsx)"
        )
        if (
            path
            and self.ctx.run(
                self, lambda _s: xlsx.write_table(path, "统计数字", ["项目", "数量"], self.rows())
            )
            is not None
        ):
            self.ctx.status.emit(f"已导出到 {path}")

    def print_(self) -> None:
        doc = QTextDocument()
        doc.setHtml(
            list_html(
                f"{self.ctx.quarter.label}统计数字",
                settings.unit_name(self.ctx.db),
                ["项目", "数量"],
                self.rows(),
            )
        )
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec():
            doc.print_(printer)
