"""The audit page checks a printed report's 数据核验码 (issue 12, case 10)."""

from djrh_desktop.store import audit


def test_audit_page_checks_a_code(qtbot, demo_ctx):
    from djrh_desktop.ui.main_window import MainWindow
    from tests.ui.conftest import type_text

    window = MainWindow(demo_ctx)
    qtbot.addWidget(window)
    page = window.go("settings")
    code = audit.witness_code(demo_ctx.session.db)
    type_text(page.audit.code_edit, code)
    page.audit.code_button.click()
    assert "核验通过" in page.audit.code_result.text()
    page.audit.code_edit.setText("1-0000-0000-0000")
    page.audit.code_button.click()
    assert "核验不通过" in page.audit.code_result.text()
