"""报表中心: choose a report and its period, generate it off the GUI thread, preview it (QtPdf),
print it (pages rendered to the printer) or save it as a PDF file."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from ...domain.errors import DjrhError
from ...domain.periods import QUARTER_NAMES
from ...files import atomic_write
from ...services import lists, reporting
from .. import window_state
from ..context import show_error
from ..dialogs.report_texts import ReportTextsDialog
from ..forms import MemberPicker, button
from ..worker import run_job
from .base import Page

CHOICES = (
    ("quarterly", "季度工作报告", "全面反映本季度党建工作的统计与分析"),
    ("stars", "年度评星定级结果", "年度星级、分布、复核与联系领导；可生成公示版"),
    ("ranking", "党员积分排名", "全单位或某支部的年度积分排名"),
    ("ledger", "党员积分台账", "一名党员一年的积分明细"),
    ("talks", "谈心谈话记录表", "一条记录一页，带签字栏，整段期间一次打印"),
    ("visits", "廉政家访登记表", "一条记录一页，带签字栏"),
    ("meetings", "“三会一课”统计表", "各支部本季度会议召开与达标情况"),
    ("notice", "党员积分公示", "半年积分公示：截至6月30日或12月31日的积分与名次，带落款"),
    ("monthly", "月度积分统计表", "全年或某季度各月的积分登记、加分和减分"),
    ("projects", "双领办项目推进情况表", "各支部书记领办项目的月度进展、季度点评和年终考核"),
)
NEEDS_QUARTER = {"quarterly", "meetings"}
OPTIONAL_QUARTER = {"talks", "visits", "monthly"}


class ReportsPage(Page):
    title = "报表中心"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.tmp = Path(tempfile.mkdtemp(prefix="djrh-reports-"))
        self.current: Path | None = None
        row = QHBoxLayout()
        left = QVBoxLayout()
        self.kinds = QListWidget()
        self.kinds.setMaximumWidth(300)
        for key, name, hint in CHOICES:
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(hint)
            self.kinds.addItem(item)
        # Every report in sight, no scrolling for the ninth.
        self.kinds.setFixedHeight(self.kinds.sizeHintForRow(0) * self.kinds.count() + 2 * self.kinds.frameWidth() + 6)
        left.addWidget(self.kinds)
        options = QWidget()
        form = QFormLayout(options)
        self.year = QComboBox()
        for y in range(ctx.today.year, ctx.today.year - 15, -1):
            self.year.addItem(f"{y}年", y)
        self.quarter = QComboBox()
        self.quarter.addItem("全年", None)
        for q, name in QUARTER_NAMES.items():
            self.quarter.addItem(name, q)
        self.branch = QComboBox()
        self.branch.addItem("全单位", None)
        for name, bid in lists.branches(ctx.session):
            self.branch.addItem(name, bid)
        self.member = MemberPicker(ctx.session, multi=False)
        self.half = QComboBox()
        self.half.addItem("上半年", 1)
        self.half.addItem("下半年", 2)
        self.public = QCheckBox("公示版（不含内部资料标识和分析）")
        form.addRow("年度：", self.year)
        form.addRow("季度：", self.quarter)
        form.addRow("支部：", self.branch)
        form.addRow("党员：", self.member)
        form.addRow("半年：", self.half)
        form.addRow("", self.public)
        self.form = form
        left.addWidget(options)
        self.hint = QLabel()
        self.hint.setObjectName("Hint")
        self.hint.setWordWrap(True)
        left.addWidget(self.hint)
        self.texts_button = button("撰写报告内容…", "pencil-outline")
        self.texts_button.setToolTip("主要做法和成效、存在问题、下一步打算：随本季度保存，印在季度报告中")
        self.texts_button.setVisible(ctx.can("report.write", ctx.session.actor.branch_id))
        self.texts_button.clicked.connect(self._write_texts)
        left.addWidget(self.texts_button)
        self.generate_button = button("生成预览", "file-eye-outline", primary=True)
        self.print_button = button("打印", "printer-outline")
        self.save_button = button("另存为 PDF", "content-save-outline")
        for b in (self.generate_button, self.print_button, self.save_button):
            left.addWidget(b)
        left.addStretch(1)
        row.addLayout(left)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        row.addWidget(self.view, 1)
        self.layout_.addLayout(row, 1)
        self.status = QLabel("选择报表和期间后点击“生成预览”。")
        self.status.setObjectName("Hint")
        self.layout_.addWidget(self.status)
        self.kinds.currentRowChanged.connect(self._kind_changed)
        self.generate_button.clicked.connect(self.generate)
        self.print_button.clicked.connect(self.print_)
        self.save_button.clicked.connect(self.export)
        self.kinds.setCurrentRow(0)
        self.destroyed.connect(lambda *_: shutil.rmtree(self.tmp, ignore_errors=True))

    def kind(self) -> str:
        return self.kinds.currentItem().data(Qt.ItemDataRole.UserRole)

    def _kind_changed(self) -> None:
        key = self.kind()
        self.hint.setText(next(h for k, _, h in CHOICES if k == key))
        visible = {
            "季度：": key in NEEDS_QUARTER | OPTIONAL_QUARTER,
            "支部：": key == "ranking",
            "党员：": key == "ledger",
            "半年：": key == "notice",
        }
        for label, show in visible.items():
            for i in range(self.form.rowCount()):
                item = self.form.itemAt(i, QFormLayout.ItemRole.LabelRole)
                if item and item.widget() and item.widget().text() == label:
                    self.form.setRowVisible(i, show)
        self.public.setVisible(key == "stars")
        self.texts_button.setEnabled(key == "quarterly")
        self.quarter.model().item(0).setEnabled(key not in NEEDS_QUARTER)
        if key in NEEDS_QUARTER and self.quarter.currentData() is None:
            self.quarter.setCurrentIndex(self.ctx.quarter.quarter)

    def refresh(self) -> None:
        self.year.setCurrentIndex(max(0, self.year.findData(self.ctx.year)))
        self.quarter.setCurrentIndex(self.ctx.quarter.quarter)

    def request(self) -> reporting.ReportRequest:
        key = self.kind()
        quarter = self.quarter.currentData() if key in NEEDS_QUARTER | OPTIONAL_QUARTER else None
        year = self.year.currentData()
        if key == "ledger":
            ids = self.member.ids()
            return reporting.ReportRequest("points", year, member_id=ids[0] if ids else None)
        if key == "ranking":
            return reporting.ReportRequest("points", year, branch_id=self.branch.currentData())
        if key == "notice":
            return reporting.ReportRequest("notice", year, half=self.half.currentData())
        return reporting.ReportRequest(key, year, quarter, public=self.public.isChecked())

    def _write_texts(self) -> None:
        if ReportTextsDialog(self.ctx, self.year.currentData(), self.quarter.currentData(), self).exec():
            self.generate()

    def generate(self) -> None:
        req = self.request()
        if self.kind() == "ledger" and req.member_id is None:
            QMessageBox.information(self, "请选择党员", "请先选择要打印积分台账的党员")
            return
        target = self.tmp / f"report-{len(list(self.tmp.iterdir())) + 1}.pdf"
        job_session = self.ctx.job_session()

        def job(progress, cancelled):
            progress(10, "正在汇总数据……")
            with job_session() as s:
                return reporting.make(s, req, target)

        def done(summary: str) -> None:
            self.document.close()
            self.document.load(str(target))
            self.current = target
            code = summary.rsplit("数据核验码 ", 1)[-1].rstrip("）") if "数据核验码" in summary else ""
            self.status.setText(f"{summary.split('：')[0]}，共 {self.document.pageCount()} 页"
                                + (f"；数据核验码 {code}" if code else ""))  # fmt: skip

        self.status.setText("正在生成……")
        run_job(self, "正在生成报表……", job, done)

    def export(self) -> None:
        if self.current is None:
            QMessageBox.information(self, "尚未生成", "请先生成报表预览")
            return
        name = self.kinds.currentItem().text()
        path, _ = QFileDialog.getSaveFileName(self, "另存为", window_state.in_last_folder(f"{name}.pdf"), "PDF 文件 (*.pdf)")
        if not path:
            return
        window_state.remember_folder(path)
        try:  # through the atomic writer: a file open in WPS is named, nothing half-written is left
            with atomic_write(path, ".pdf") as tmp:
                shutil.copyfile(self.current, tmp)
        except (DjrhError, OSError) as exc:
            show_error(self, exc)
            return
        self.ctx.status.emit(f"已保存到 {path}")

    def print_(self) -> None:
        if self.current is None:
            QMessageBox.information(self, "尚未生成", "请先生成报表预览")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印报表")
        dialog.setMinMax(1, max(1, self.document.pageCount()))
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            print_document(self.document, printer)


RENDER_DPI = 300  # sharp on an office laser printer; 1200 dpi pages would take half a gigabyte each


def print_document(document: QPdfDocument, printer: QPrinter) -> None:
    """The chosen pages at 100%: full-page mode, each PDF page drawn at its own size from the paper's corner
    (the PDF carries the GB/T 9704 margins), rendered at the printer's resolution up to 300 dpi; copies
    looped when the driver cannot make them."""
    printer.setFullPage(True)
    first = printer.fromPage() or 1
    last = printer.toPage() or document.pageCount()
    pages = [p for p in range(first - 1, last) if 0 <= p < document.pageCount()]
    copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
    painter = QPainter(printer)
    try:
        res = printer.resolution()
        dpi = min(res, RENDER_DPI)
        started = False
        for _ in range(copies):
            for page in pages:
                if started:
                    printer.newPage()
                started = True
                points = document.pagePointSize(page)
                image = document.render(page, QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi)))
                # 1 pt of the PDF is res/72 device pixels: the page keeps its size on paper.
                painter.drawImage(QRectF(0, 0, points.width() / 72 * res, points.height() / 72 * res), image)
    finally:
        painter.end()
