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


def test_page_foot_line_is_off_until_set_on_the_settings_page(qtbot, demo_ctx, tmp_path):
    """The page foot carries the time made and the 数据核验码, no program name; an office may add one line
    (报表页脚文字) on the settings page, and every report then prints it."""
    from djrh_desktop.services import reporting, settings
    from djrh_desktop.services.reporting import ReportRequest
    from djrh_desktop.ui.main_window import MainWindow
    from tests.reports.conftest import flat, pdf_text

    s = demo_ctx.session
    q_year = __import__("datetime").date.today().year
    before = tmp_path / "before.pdf"
    reporting.make(s, ReportRequest("meetings", q_year, 1), before)
    assert "党建融合桌面" not in pdf_text(before) and "电话" not in pdf_text(before)
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    page = w.go("settings")
    assert page.unit.text() and page.page_foot.maxLength() == settings.PAGE_FOOT_LIMIT
    page.page_foot.clear()
    page.page_foot.insert("机关党委办公室 电话 ")  # Chinese arrives through the input method
    qtbot.keyClicks(page.page_foot, "0471-1234567")
    page.save_unit.click()
    assert settings.get(s, settings.PAGE_FOOT) == "机关党委办公室 电话 0471-1234567"
    after = tmp_path / "after.pdf"
    reporting.make(s, ReportRequest("meetings", q_year, 1), after)
    pages = [flat(p.extract_text()) for p in PdfReader(str(after)).pages]
    assert all("机关党委办公室电话0471-1234567" in p for p in pages)


def test_page_foot_longer_than_a_line_is_refused(demo_admin):
    import pytest

    from djrh_desktop.domain.errors import ValidationError
    from djrh_desktop.services import settings

    with pytest.raises(ValidationError, match="不能超过40字"):
        settings.put(demo_admin, settings.PAGE_FOOT, "联系" * 21)
    assert settings.get(demo_admin, settings.PAGE_FOOT) is None
