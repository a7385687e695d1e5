"""报表中心: generate on the worker, preview with QtPdf, save as, print to a PDF printer."""

from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from djrh_desktop.ui.pages.reports import print_document


def test_generate_preview_and_print(qtbot, demo_ctx, tmp_path, monkeypatch):
    from djrh_desktop.ui.main_window import MainWindow

    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.go("reports")
    page.kinds.setCurrentRow(0)  # 季度工作报告
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.current is not None, timeout=30000)
    assert page.document.pageCount() >= 3
    assert "共" in page.status.text()
    # Save as copies the generated file.
    out = tmp_path / "saved.pdf"
    monkeypatch.setattr(
        "djrh_desktop.ui.pages.reports.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), "")
    )
    page.save_button.click()
    assert out.read_bytes() == page.current.read_bytes()
    # Printing renders every page to the printer (here a PDF printer, so the result can be read).
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    print_document(page.document, printer)
    assert len(PdfReader(str(printed)).pages) == page.document.pageCount()


def test_ledger_needs_a_member(qtbot, demo_ctx, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from djrh_desktop.ui.main_window import MainWindow

    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.go("reports")
    page.kinds.setCurrentRow(3)  # 党员积分台账
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    page.generate_button.click()
    assert told and "党员" in told[0] and page.current is None


def test_status_shows_the_verification_code(qtbot, window, ctx, org_tree):
    from djrh_desktop.store import audit

    page = window.go("reports")
    page.generate()
    qtbot.waitUntil(lambda: "共" in page.status.text(), timeout=30000)
    assert f"数据核验码 {audit.witness_code(ctx.session.db)}" in page.status.text()


def test_print_keeps_the_page_range_and_100_percent(qtbot, demo_ctx, tmp_path, monkeypatch):
    """Pages 2–3 only, each drawn at the PDF page's own size from the paper's corner (no fit-to-printable-area)."""
    from PySide6.QtGui import QPainter

    from djrh_desktop.ui.main_window import MainWindow

    drawn = []

    class Spy(QPainter):
        def drawImage(self, rect, image, *args):  # noqa: N802 - Qt's name
            drawn.append((rect.x(), rect.y(), rect.width(), rect.height()))
            return super().drawImage(rect, image, *args)

    monkeypatch.setattr("djrh_desktop.ui.pages.reports.QPainter", Spy)
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.go("reports")
    page.kinds.setCurrentRow(0)
    page.generate_button.click()
    qtbot.waitUntil(lambda: page.current is not None, timeout=30000)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "range.pdf"
    printer.setOutputFileName(str(printed))
    printer.setPageOrientation(printer.pageLayout().orientation())
    printer.setFromTo(2, 3)
    print_document(page.document, printer)
    assert len(PdfReader(str(printed)).pages) == 2
    res = printer.resolution()
    assert len(drawn) == 2
    for x, y, width, height in drawn:  # A4 (595 × 842 pt) at res/72 pixels a point: 100%
        assert (x, y) == (0, 0) and abs(width - 595.28 / 72 * res) < 2 and abs(height - 841.89 / 72 * res) < 2


def test_written_sections_from_the_report_centre(qtbot, window, ctx, org_tree):
    from djrh_desktop.services import reporting
    from djrh_desktop.ui.dialogs.report_texts import ReportTextsDialog
    from tests.ui.conftest import type_text

    q = ctx.quarter
    dialog = ReportTextsDialog(ctx, q.year, q.quarter)
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.edits["存在问题"], "个别支部台账不规范。")
    qtbot.waitUntil(dialog.ok.isEnabled)
    dialog.ok.click()
    assert reporting.quarter_texts(ctx.session, q.year, q.quarter)["存在问题"] == "个别支部台账不规范。"
