"""The menu bar: its menus and the shortcuts they show, 用户手册 (F1) offline, opening or creating another
data file (a new run of the program), 最近打开."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from djrh_desktop.ui import menus
from djrh_desktop.ui.main_window import MainWindow


def window(qtbot, ctx) -> MainWindow:
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()  # shortcuts reach the active window
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)
    return w


def actions(w, title: str) -> dict[str, str]:
    menu = next(a.menu() for a in w.menuBar().actions() if a.text() == title)
    return {a.text(): a.shortcut().toString() for a in menu.actions() if a.text()}


def test_menus_show_the_shortcuts(qtbot, ctx):
    w = window(qtbot, ctx)
    assert [a.text() for a in w.menuBar().actions()] == ["文件(&F)", "编辑(&E)", "视图(&V)", "帮助(&H)"]
    assert actions(w, "编辑(&E)") == {"新增": "Ctrl+N", "查找": "Ctrl+F", "导出到 Excel…": "Ctrl+E", "打印…": "Ctrl+P"}
    assert actions(w, "帮助(&H)")["用户手册"] == "F1"
    assert actions(w, "文件(&F)")["退出"] == "Ctrl+Q" and "最近打开" in actions(w, "文件(&F)")
    view = actions(w, "视图(&V)")
    assert view["党员管理" if "党员管理" in view else list(view)[1]] == "Ctrl+2" and view["刷新"] == "F5"
    qtbot.keyClick(w, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # the third page, from the keyboard
    assert w.nav.currentRow() == 2


def test_f1_opens_the_manual_offline(qtbot, ctx, monkeypatch):
    from djrh_desktop.ui.dialogs import manual

    opened = []
    monkeypatch.setattr(manual.ManualDialog, "exec", lambda self: opened.append(self.view.toPlainText()))
    w = window(qtbot, ctx)
    qtbot.keyClick(w, Qt.Key.Key_F1)
    assert opened and "党建融合桌面" in opened[0] and len(opened[0]) > 2000


def test_open_another_data_file_starts_it_and_closes_this_window(qtbot, ctx, monkeypatch, tmp_path):
    other = tmp_path / "另一个单位.db"
    other.write_bytes(b"")
    started = []
    monkeypatch.setattr(menus, "launch", started.append)
    monkeypatch.setattr(menus.QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    w = window(qtbot, ctx)
    next(a for a in w.menuBar().actions()[0].menu().actions() if a.text() == "打开数据文件…").trigger()
    assert started == [str(other)] and not w.isVisible()
    assert str(Path(ctx.db_path)) in menus.recent_files()


def test_new_data_file_refuses_an_existing_one(qtbot, ctx, monkeypatch, tmp_path):
    warned, started = [], []
    monkeypatch.setattr(menus, "launch", started.append)
    monkeypatch.setattr(menus.QMessageBox, "warning", lambda *a: warned.append(a[2]))
    w = window(qtbot, ctx)
    monkeypatch.setattr(menus.QFileDialog, "getSaveFileName", lambda *a, **k: (str(ctx.db_path), ""))
    menus.new_file(w)
    assert warned and "已存在" in warned[0] and started == []
    monkeypatch.setattr(menus.QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "新单位"), ""))
    menus.new_file(w)
    assert started == [str(tmp_path / "新单位.db")]


def test_recent_files_list_the_others(qtbot, ctx, tmp_path):
    old = tmp_path / "去年.db"
    old.write_bytes(b"")
    menus.remember_file(old)
    w = window(qtbot, ctx)
    menus._fill_recent(w)
    assert [a.text() for a in w.recent_menu.actions()] == [str(old)]


def _drop(widget, path: Path) -> bool:
    """Drag a file from the file manager onto the widget and let go; whether the widget took it."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    point, action = QPointF(widget.rect().center()), Qt.DropAction.CopyAction
    enter = QDragEnterEvent(point, action, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(point, action, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)
    return drop.isAccepted()


def test_a_spreadsheet_dropped_on_the_import_dialog_or_window_is_loaded(qtbot, ctx, org_tree, tmp_path, monkeypatch):
    from djrh_desktop.ui import drops
    from djrh_desktop.ui.dialogs.importer import ImportDialog
    from tests.exchange.test_imports import workbook

    roster = workbook(tmp_path / "名册.xlsx", [["孙新", "男", None, "2010-07-01", None, "一监区党支部", "在职", None]])
    dialog = ImportDialog(ctx, "members", None)
    qtbot.addWidget(dialog)
    assert _drop(dialog, roster)
    assert dialog.plan is not None and len(dialog.plan.records) == 1
    notes = tmp_path / "说明.txt"
    notes.write_text("不是表格", encoding="utf-8")
    assert not _drop(dialog, notes)  # only spreadsheets are taken
    shown = []
    monkeypatch.setattr(ImportDialog, "exec", lambda self: shown.append((self.kind, len(self.plan.records))))
    w = window(qtbot, ctx)
    w.go("points")
    assert drops.import_kind(w) == "points"  # a file dropped there is taken as 积分记录
    w.go("members")
    assert _drop(w, roster) and shown == [("members", 1)]
