"""Start-up pieces: period selector, shortcuts, the first-run wizard, login, --screenshots."""

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from djrh_desktop import demo
from djrh_desktop.services import users
from djrh_desktop.store.connection import open_db
from djrh_desktop.ui import app
from djrh_desktop.ui.dialogs.login import LoginDialog, SetupWizard
from djrh_desktop.ui.main_window import NAV
from tests.ui.conftest import type_text


def test_navigation_has_every_page_and_period_follows(qtbot, window, ctx):
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [n[0] for n in NAV]
    assert str(ctx.db_path) in window.file_label.text() and "系统管理员" in window.user_label.text()
    last_year = ctx.year - 1
    window.set_period(last_year, 2)
    assert ctx.quarter.label == f"{last_year}年第二季度"
    dash = window.go("dashboard")
    assert f"{last_year}年第二季度" in dash.period_label.text()


def test_ctrl_f_focuses_search(qtbot, window):
    page = window.go("members")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(page.search.hasFocus)


def test_setup_wizard_creates_admin(qtbot, tmp_path, qapp_style):
    db = open_db(tmp_path / "new.db", create=True)
    wizard = SetupWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(wizard.unit, "东山县审计局")
    type_text(wizard.password, "Short1")
    qtbot.waitUntil(lambda: "至少8位" in wizard.error.text())
    wizard.password.clear()
    type_text(wizard.password, "Audit2026")
    type_text(wizard.again, "Audit2026")
    qtbot.waitUntil(wizard.ok.isEnabled)
    wizard.ok.click()
    assert users.sign_in(db, "admin", "Audit2026").role == "admin"


def test_login_dialog_wrong_then_right(qtbot, db, qapp_style):
    dialog = LoginDialog(db, "测试监狱", "admin")
    qtbot.addWidget(dialog)
    dialog.show()
    type_text(dialog.password, "nope")
    dialog.ok.click()
    assert "用户名或密码错误" in dialog.error.text() and dialog.session is None
    type_text(dialog.password, "Admin2026")
    dialog.ok.click()
    assert dialog.session is not None and dialog.session.actor.username == "admin"


def test_screenshots_write_one_nonblank_png_per_page(tmp_path, monkeypatch, qapp_style):
    path = tmp_path / "shots.db"
    demo.generate(open_db(path, create=True), "small", seed=3)
    monkeypatch.setenv("DJRH_USER", "admin")
    monkeypatch.setenv("DJRH_PASSWORD", demo.DEMO_PASSWORD)
    out = tmp_path / "png"
    assert app.main(["--db", str(path), "--screenshots", str(out)]) == 0
    for _, _, key, _ in NAV:
        image = QImage(str(out / f"{key}.png"))
        assert (image.width(), image.height()) == (1366, 768), key  # the common office screen
        colours = {image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}
        assert len(colours) > 30, f"{key}.png looks blank"
    assert sorted(p.name for p in out.glob("dialog_*.png"))
    assert os.environ["DJRH_USER"] == "admin"


def test_audit_viewer_for_inspector_only(qtbot, inspector, admin, db_path, qapp_style):
    from djrh_desktop.ui.context import AppContext
    from djrh_desktop.ui.main_window import MainWindow

    w = MainWindow(AppContext(inspector, db_path))
    qtbot.addWidget(w)
    w.show()
    page = w.go("settings")
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    assert "审计日志" in titles
    assert page.audit.audit_model.rowCount() > 0 and page.audit.audit_model.rows[0]["action"] == "登录"
    assert not page.restore_button.isVisible() and not page.backup_now.isVisible()
    users.create_user(admin, "dw", "Dangwu2026", "officer")
    w2 = MainWindow(AppContext(users.sign_in(admin.db, "dw", "Dangwu2026"), db_path))
    qtbot.addWidget(w2)
    w2.show()
    page2 = w2.go("settings")
    assert "审计日志" not in [page2.tabs.tabText(i) for i in range(page2.tabs.count())]


def test_about_dialog_names_version_file_schema_and_font(qtbot, window, ctx):
    from djrh_desktop import __version__
    from djrh_desktop.store import schema
    from djrh_desktop.ui.dialogs.about import AboutDialog

    dialog = AboutDialog(ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.values["版本"] == __version__
    assert dialog.values["数据文件"] == str(ctx.db_path)
    assert dialog.values["数据结构版本"].startswith(str(len(schema.known_steps())))
    assert dialog.values["报表字体"]
    assert __version__ in window.about_button.text()


def test_year_closing_from_settings(qtbot, window, ctx, org_tree, monkeypatch):
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from djrh_desktop.services import closing

    page = window.go("settings")
    last = ctx.today.year - 1
    assert page.year_closing.closing_year.currentData() == last and page.year_closing.close_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.year_closing.close_button.click()
    assert closing.is_closed(ctx.session, last) and "已关账" in page.year_closing.closing_state.text()
    assert page.year_closing.reopen_button.isEnabled() and not page.year_closing.close_button.isEnabled()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("补录会议", True))
    page.year_closing.reopen_button.click()
    assert not closing.is_closed(ctx.session, last)


def test_opening_an_older_file_says_it_is_being_upgraded(tmp_path, monkeypatch, qapp_style):
    """A file of an older version is backed up and upgraded before the window opens (seconds on a county's
    file): a window says so meanwhile, and is gone once the file is ready."""
    import shutil
    from pathlib import Path

    from PySide6.QtWidgets import QProgressDialog

    from djrh_desktop.store import schema
    from djrh_desktop.ui import app

    old = tmp_path / "old.db"
    shutil.copy(Path(__file__).parent.parent / "fixtures" / "schema-v10.db", old)
    shown, closed = [], []
    monkeypatch.setattr(QProgressDialog, "show", lambda self: shown.append(self.labelText()))
    monkeypatch.setattr(QProgressDialog, "close", lambda self: closed.append(self) or True)
    db = app.open_data(old, make_demo=False)
    assert schema.schema_version(db) == len(schema.known_steps())
    assert len(shown) == 1 and shown[0].startswith("正在升级数据文件") and len(closed) == 1
    db.close()
    shown.clear()
    app.open_data(old, make_demo=False).close()  # already current: nothing to say
    assert shown == []
