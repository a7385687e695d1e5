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
