"""The desktop program's entry: `djrh-desktop` and `python -m djrh_desktop`.

Options: --db PATH, --demo (a unit-size demo file in the user data folder, made on first use),
--screenshots DIR (render every page and the main dialogs to PNG offscreen, then exit).
"""

from __future__ import annotations

import argparse
import os
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QProgressDialog

from .. import cli_text, demo
from ..domain.errors import DjrhError
from ..services import backups, setup, users
from ..store import connection
from ..store.location import InstanceLock
from .context import AppContext, show_error, show_unexpected, user_message
from .dialogs.login import LoginDialog, SetupWizard
from .main_window import MainWindow
from .worker import run_job

DEMO_FILE = "demo.db"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    cli_text.install()
    p = argparse.ArgumentParser(prog="djrh-desktop", description="党建融合桌面")
    p.add_argument("--db", metavar="路径", help="数据文件路径")
    p.add_argument("--demo", action="store_true", help="打开演示数据文件（首次使用时自动生成）")
    p.add_argument("--screenshots", metavar="文件夹", help="把各页面和主要对话框截图保存到该文件夹后退出")
    return p.parse_args(argv)


def style_sheet() -> str:
    return resources.files("djrh_desktop.resources").joinpath("ui", "style.qss").read_text(encoding="utf-8")


def _excepthook(kind, exc, tb) -> None:
    """Anything a slot lets escape is a bug: logged to the data folder and shown politely."""
    show_error(QApplication.activeWindow(), exc.with_traceback(tb))


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("党建融合桌面")
    app.setOrganizationName("djrh-desktop")
    app.setStyleSheet(style_sheet())
    app.setWindowIcon(QIcon(str(resources.files("djrh_desktop.resources").joinpath("ui", "app.png"))))
    return app


def demo_path() -> Path:
    folder = connection.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DEMO_FILE


def open_data(path: Path, make_demo: bool):
    """Open (creating when needed) and upgrade; a new demo file is filled like `djrh demo --size unit`."""
    shown: list[QProgressDialog] = []

    def upgrading() -> None:  # a backup, then the new version's steps: seconds on a large file
        dialog = QProgressDialog("正在升级数据文件：先备份，再升级到本版本的格式，请稍候，不要关闭程序……", "", 0, 0)
        dialog.setWindowTitle("党建融合桌面")
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        dialog.show()
        QApplication.processEvents()
        shown.append(dialog)

    try:
        db = setup.open_and_upgrade(path, create=True, on_upgrade=upgrading)
    finally:
        for dialog in shown:
            dialog.close()
    if make_demo and not db.readonly and not demo.has_records(db) and not users.has_users(db):
        # A few seconds on first use: say what is happening (the generator reports each step).
        dialog = QProgressDialog("正在生成演示数据……", "", 0, 0)
        dialog.setWindowTitle("党建融合桌面")
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(0)
        dialog.show()

        def step(text: str) -> None:
            dialog.setLabelText(text)
            QApplication.processEvents()

        try:
            demo.generate(db, "unit", seed=1, progress=step)
        finally:
            dialog.close()
    elif make_demo and not db.readonly:
        demo.mark(db)  # the demo file of an older version: made before files carried the mark
    return db


def sign_in(db, parent=None):
    """Credentials from DJRH_USER/DJRH_PASSWORD when given (as the CLI), otherwise the login dialog."""
    env_user, env_password = os.environ.get("DJRH_USER"), os.environ.get("DJRH_PASSWORD")
    if env_user and env_password is not None:
        return users.sign_in(db, env_user, env_password)
    dialog = LoginDialog(db, users.login_banner(db), env_user or "", parent)
    return dialog.session if dialog.exec() == QDialog.DialogCode.Accepted else None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.screenshots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    path = Path(args.db) if args.db else (demo_path() if args.demo else connection.default_db_path())
    if not args.db and not args.demo:
        path.parent.mkdir(parents=True, exist_ok=True)
    lock = InstanceLock(path)
    try:
        lock.acquire()
        return run(app, args, path)
    except Exception as exc:  # a locked, read-only, damaged or foreign file: a dialog, never a traceback
        message = user_message(exc, path)
        if message is None:
            show_unexpected(None, exc)
        else:
            QMessageBox.critical(None, "无法打开数据文件", message)
        return 1
    finally:
        connection.close_all()
        lock.release()
        release_clipboard(app)


def release_clipboard(app: QApplication) -> None:
    """Rows copied with Ctrl+C (text and HTML) are dropped at exit: PySide6 6.12 crashes while tearing down
    an application that still owns mime data on the clipboard (seen offscreen; copied rows are pasted while
    the program runs)."""
    clipboard = app.clipboard()
    if clipboard.ownsClipboard() or QApplication.platformName() == "offscreen":
        clipboard.clear()


def run(app: QApplication, args: argparse.Namespace, path: Path) -> int:
    db = open_data(path, args.demo)
    if db.readonly and not args.screenshots:
        QMessageBox.information(None, "只读打开", connection.READONLY_MESSAGE + "。")
    if not users.has_users(db):
        if args.screenshots:
            raise DjrhError("数据文件还没有初始化，无法截图")
        if SetupWizard(db).exec() != QDialog.DialogCode.Accepted:
            return 0
    session = sign_in(db)
    if session is None:
        return 0
    window = MainWindow(AppContext(session, path))
    if args.screenshots:
        from .screenshots import take_all

        take_all(window, Path(args.screenshots))
        return 0
    sys.excepthook = _excepthook
    window.show()
    check_in_background(window, path)
    return app.exec()


def check_in_background(window: MainWindow, path: Path) -> None:
    """The quick check on open, off the GUI thread; on damage, offer the newest good backup."""
    job_session = window.ctx.job_session()

    def job(progress, cancelled):
        with job_session() as s:
            return backups.quick_check(s)

    def done(problems: list[str]) -> None:
        if not problems:
            return
        found = backups.listing(window.ctx.session)
        text = "数据文件检查发现问题：\n" + "\n".join(problems[:5])
        if found and window.ctx.can("backup.restore"):
            text += f"\n\n是否从最新的备份（{found[0].made:%Y-%m-%d %H:%M}）恢复？恢复前会先备份当前文件。"
            if QMessageBox.question(window, "数据文件已损坏", text) == QMessageBox.StandardButton.Yes:
                window.ctx.run(window, backups.restore, str(found[0].path))
        else:
            QMessageBox.critical(window, "数据文件已损坏", text + "\n\n请联系系统管理员从备份恢复。")

    run_job(window, "", job, done, show_dialog=False)


if __name__ == "__main__":
    sys.exit(main())
