"""The window on office screens (1366×768; 1920×1080 at 150%, i.e. 1280×720 logical), what is remembered
between runs, Ctrl+C of rows and the right-click menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from djrh_desktop.ui import window_state
from djrh_desktop.ui.main_window import MainWindow

SCREENS = {"1366×768": QRect(0, 0, 1366, 728), "1920×1080 at 150%": QRect(0, 0, 1280, 680)}  # less the taskbar


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_window_and_dialogs_fit_the_screen(qtbot, demo_ctx, monkeypatch, screen):
    monkeypatch.setattr(window_state, "available", lambda widget: SCREENS[screen])
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    area = SCREENS[screen]
    assert area.contains(w.geometry()) and w.height() >= 600
    assert w.statusBar().geometry().bottom() < w.height()  # the status bar is inside the window
    from djrh_desktop.ui.dialogs.importer import ImportDialog
    from djrh_desktop.ui.dialogs.meeting import MeetingDialog

    for dialog in (ImportDialog(demo_ctx, "members", w), MeetingDialog(demo_ctx, parent=w)):
        qtbot.addWidget(dialog)
        assert dialog.width() <= area.width() - window_state.MARGIN and dialog.height() <= area.height() - window_state.MARGIN
        assert dialog.minimumHeight() <= dialog.height()


def test_size_columns_and_period_are_remembered(qtbot, demo_ctx, monkeypatch):
    monkeypatch.setattr(window_state, "available", lambda widget: QRect(0, 0, 1920, 1040))
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    w.resize(760, 560)  # (the offscreen screen is 800×600)
    year = demo_ctx.today.year - 1
    w.set_period(year, 2)
    page = w.go("members")
    qtbot.waitUntil(lambda: page.table.model() is not None and page.table.model().rowCount() > 0, timeout=10000)
    page.table.horizontalHeader().resizeSection(0, 233)  # the user widens 姓名
    w.close()
    again = MainWindow(demo_ctx)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (760, 560)
    assert (again.year_box.currentData(), again.quarter_box.currentData()) == (year, 2)
    assert (demo_ctx.year, demo_ctx.quarter.quarter) == (year, 2)
    members = again.go("members")
    qtbot.waitUntil(lambda: members.table.model() is not None and members.table.model().rowCount() > 0, timeout=10000)
    assert members.table.columnWidth(0) == 233


def test_last_folder_starts_in_documents_then_where_the_user_was(tmp_path):
    first = window_state.last_folder()
    assert first and "djrh" not in first.lower()  # 文档 (or home), never the program's own folder
    window_state.remember_folder(str(tmp_path / "名册.xlsx"))
    assert window_state.last_folder() == str(tmp_path)
    assert window_state.in_last_folder("x.pdf") == str(tmp_path / "x.pdf")


def members_table(qtbot, ctx, rows: tuple[int, int]):
    """The members page's table with two rows selected, as a user ctrl-clicks them."""
    w = MainWindow(ctx)
    qtbot.addWidget(w)
    w.show()
    table = w.go("members").table
    qtbot.waitUntil(lambda: table.model() is not None and table.model().rowCount() > max(rows), timeout=10000)
    table.selectRow(rows[0])
    flags = table.selectionModel().SelectionFlag
    table.selectionModel().select(table.model().index(rows[1], 0), flags.Select | flags.Rows)
    return w, table


def test_ctrl_c_copies_selected_rows_with_headers(qtbot, demo_ctx):
    w, table = members_table(qtbot, demo_ctx, (1, 3))
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QApplication.clipboard().mimeData()
    lines = mime.text().rstrip("\n").split("\n")
    model = table.model()
    assert lines[0].split("\t")[:3] == ["姓名", "性别", "出生日期"]
    assert [line.split("\t")[0] for line in lines[1:]] == [model.index(1, 0).data(), model.index(3, 0).data()]
    assert all(len(line.split("\t")) == model.columnCount() for line in lines)
    assert "<table>" in mime.html() and "<th>姓名</th>" in mime.html()


def test_right_click_menu_offers_open_copy_and_selected_export(qtbot, demo_ctx):
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    table = w.go("members").table
    qtbot.waitUntil(lambda: table.model() is not None and table.model().rowCount() > 0, timeout=10000)
    menu = table.context_menu(table.visualRect(table.model().index(0, 1)).center())  # where the right-click was
    shown = [[x.text() for x in menu.actions()]]
    assert shown and shown[0][:3] == ["打开", "复制（含表头）\tCtrl+C", "全选\tCtrl+A"]
    assert "导出所选到 Excel…" in shown[0] and "打印所选…" in shown[0]
    assert table.selected_ids() == [table.model().row_id(0)]


def test_export_selected_writes_only_the_selected_rows(qtbot, demo_ctx, monkeypatch, tmp_path):
    from openpyxl import load_workbook

    w, table = members_table(qtbot, demo_ctx, (2, 5))
    out = tmp_path / "所选.xlsx"
    monkeypatch.setattr("djrh_desktop.ui.pages.list_page.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    action = next(a for a in table.context_menu(table.visualRect(table.model().index(2, 0)).center()).actions()
                  if a.text().startswith("导出所选"))  # fmt: skip
    action.trigger()
    qtbot.waitUntil(out.exists, timeout=10000)
    names = [r[0] for r in load_workbook(out).active.iter_rows(min_row=2, values_only=True) if r[0]]
    assert sorted(names) == sorted([table.model().index(2, 0).data(), table.model().index(5, 0).data()])
    assert window_state.last_folder() == str(tmp_path)


def test_demo_data_is_marked_in_the_title_and_status_bar(qtbot, demo_ctx, ctx):
    demo = MainWindow(demo_ctx)
    qtbot.addWidget(demo)
    demo.show()
    assert demo.windowTitle().endswith("（演示数据）")
    assert demo.demo_label.isVisible() and "请勿录入真实信息" in demo.demo_label.text()
    real = MainWindow(ctx)
    qtbot.addWidget(real)
    real.show()
    assert "演示" not in real.windowTitle() and not hasattr(real, "demo_label")


def test_the_members_divider_is_remembered(qtbot, demo_ctx, monkeypatch):
    monkeypatch.setattr(window_state, "available", lambda widget: QRect(0, 0, 1920, 1040))
    w = MainWindow(demo_ctx)
    qtbot.addWidget(w)
    w.show()
    split = w.go("members").split
    default = split.sizes()[0]
    split.moveSplitter(default + 120, 1)
    split.splitterMoved.emit(default + 120, 1)  # as dragging the handle does
    left = split.sizes()[0]
    assert left != default
    again = MainWindow(demo_ctx)
    qtbot.addWidget(again)
    again.show()
    assert again.go("members").split.sizes()[0] == left


def test_the_program_exits_cleanly_after_rows_were_copied():
    """Exiting with copied rows (mime data) on the clipboard crashed PySide6 6.12 at teardown; the program
    releases the clipboard on the way out (ui/app.py release_clipboard)."""
    import subprocess
    import sys

    script = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtCore import QMimeData\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from djrh_desktop.ui.app import release_clipboard\n"
        "app = QApplication([])\n"
        "data = QMimeData(); data.setText('姓名\\t性别\\n张三\\t男\\n'); data.setHtml('<table></table>')\n"
        "QApplication.clipboard().setMimeData(data)\n"
        "release_clipboard(app)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-500:]
