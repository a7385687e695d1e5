"""The main window's menu bar: 文件 (新建/打开数据文件, 最近打开, 备份, 恢复, 数据包, 退出), 编辑, 视图, 帮助. Every
shortcut lives on a menu item, so the menus show them; they act on the page in view."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from . import window_state

RECENT = 8


def recent_files() -> list[str]:
    value = window_state.store().value("files/recent", [])
    items = [value] if isinstance(value, str) else list(value or [])
    return [p for p in items if p]


def remember_file(path: Path) -> None:
    """The data file just opened goes to the top of 最近打开."""
    items = [str(path)] + [p for p in recent_files() if Path(p) != Path(path)]
    window_state.store().setValue("files/recent", items[:RECENT])


def launch(path: str) -> None:
    """Open a data file in a new run of the program (its own sign-in); this window then closes."""
    if getattr(sys, "frozen", False):
        command = [sys.executable, "--db", path]
    else:
        command = [sys.executable, "-m", "djrh_desktop", "--db", path]
    subprocess.Popen(command, close_fds=True)  # noqa: S603 - our own program, a path the user chose


def build(w: QMainWindow) -> None:
    ctx = w.ctx
    bar = w.menuBar()

    def act(menu, text: str, slot, keys: str | QKeySequence.StandardKey | None = None, enabled: bool = True) -> QAction:
        action = QAction(text, w)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(lambda _checked=False: slot())
        action.setEnabled(enabled)
        menu.addAction(action)
        return action

    page = w.current_page
    file = bar.addMenu("文件(&F)")
    act(file, "新建数据文件…", lambda: new_file(w))
    act(file, "打开数据文件…", lambda: open_file(w), QKeySequence.StandardKey.Open)
    w.recent_menu = file.addMenu("最近打开")
    w.recent_menu.aboutToShow.connect(lambda: _fill_recent(w))
    file.addSeparator()
    act(file, "立即备份", lambda: w.go("settings")._backup(), enabled=ctx.can("backup.make"))
    act(file, "从备份恢复…", lambda: w.go("settings").tabs.setCurrentIndex(_backup_tab(w)),
        enabled=ctx.can("backup.restore"))  # fmt: skip
    file.addSeparator()
    from .dialogs.package import export_package, import_package

    act(file, "导出数据包…", lambda: export_package(ctx, w), enabled=ctx.can("package.export", ctx.session.actor.branch_id))
    act(file, "导入数据包…", lambda: import_package(ctx, w), enabled=ctx.can("package.import"))
    file.addSeparator()
    act(file, "退出", w.close, "Ctrl+Q")
    edit = bar.addMenu("编辑(&E)")
    act(edit, "新增", lambda: page().new_record(), "Ctrl+N")
    act(edit, "查找", lambda: page().focus_search(), "Ctrl+F")
    edit.addSeparator()
    act(edit, "导出到 Excel…", lambda: page().export(), "Ctrl+E")
    act(edit, "打印…", lambda: page().print_(), "Ctrl+P")
    view = bar.addMenu("视图(&V)")
    from .main_window import NAV

    for i, (text, _icon, key, _cls) in enumerate(NAV):
        act(view, text, lambda key=key: w.go(key), f"Ctrl+{i + 1}" if i < 9 else None)
    view.addSeparator()
    act(view, "刷新", lambda: page().refresh(), "F5")
    help_ = bar.addMenu("帮助(&H)")
    act(help_, "用户手册", lambda: show_manual(w), "F1")
    act(help_, "关于党建融合桌面", w.about)


def _backup_tab(w) -> int:
    tabs = w.go("settings").tabs
    return next(i for i in range(tabs.count()) if tabs.tabText(i) == "备份与恢复")


def _fill_recent(w) -> None:
    menu = w.recent_menu
    menu.clear()
    current = Path(w.ctx.db_path)
    files = [p for p in recent_files() if Path(p) != current]
    for p in files:
        action = menu.addAction(p)
        action.triggered.connect(lambda _c=False, p=p: switch_to(w, p))
        action.setEnabled(Path(p).exists())
    if not files:
        menu.addAction("（没有其他数据文件）").setEnabled(False)


def switch_to(w, path: str) -> None:
    if Path(path) == Path(w.ctx.db_path):
        return
    launch(path)
    w.close()


def open_file(w) -> None:
    path, _ = QFileDialog.getOpenFileName(w, "打开数据文件", window_state.last_folder(), "数据文件 (*.db);;所有文件 (*)")
    if path:
        window_state.remember_folder(path)
        switch_to(w, path)


def new_file(w) -> None:
    path, _ = QFileDialog.getSaveFileName(w, "新建数据文件", window_state.in_last_folder("党建数据.db"), "数据文件 (*.db)")
    if not path:
        return
    if not path.lower().endswith(".db"):
        path += ".db"
    if Path(path).exists():
        QMessageBox.warning(w, "文件已存在", f"“{path}”已存在。要使用它，请用“打开数据文件”。")
        return
    window_state.remember_folder(path)
    switch_to(w, path)  # the new run creates it and asks for the unit and its administrator


def show_manual(w) -> None:
    from .dialogs.manual import ManualDialog

    ManualDialog(w).exec()
