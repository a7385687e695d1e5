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

from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from .. import cli_text
from ..domain.errors import DjrhError
from ..services import demo, settings, users
from ..store import connection, schema
from .context import AppContext, show_unexpected
from .dialogs.login import LoginDialog, SetupWizard
from .main_window import MainWindow

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
    if issubclass(kind, DjrhError):
        QMessageBox.warning(QApplication.activeWindow(), "无法完成", str(exc))
    else:
        show_unexpected(QApplication.activeWindow(), exc.with_traceback(tb))


def make_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("党建融合桌面")
    app.setOrganizationName("djrh-desktop")
    app.setStyleSheet(style_sheet())
    return app


def demo_path() -> Path:
    folder = connection.data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return folder / DEMO_FILE


def open_data(path: Path, make_demo: bool):
    """Open (creating when needed) and upgrade; a new demo file is filled like `djrh demo --size unit`."""
    db = connection.open_db(path, create=True)
    schema.upgrade(db)
    if make_demo and not demo.has_records(db) and not users.has_users(db):
        demo.generate(db, "unit", seed=1)
    return db


def sign_in(db, parent=None):
    """Credentials from DJRH_USER/DJRH_PASSWORD when given (as the CLI), otherwise the login dialog."""
    env_user, env_password = os.environ.get("DJRH_USER"), os.environ.get("DJRH_PASSWORD")
    if env_user and env_password is not None:
        return users.sign_in(db, env_user, env_password)
    dialog = LoginDialog(db, settings.unit_name(db), env_user or "", parent)
    return dialog.session if dialog.exec() == QDialog.DialogCode.Accepted else None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.screenshots:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    try:
        path = Path(args.db) if args.db else (demo_path() if args.demo else connection.default_db_path())
        if not args.db and not args.demo:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = open_data(path, args.demo)
        if not users.has_users(db):
            if args.screenshots:
                raise DjrhError("数据文件还没有初始化，无法截图")
            if SetupWizard(db).exec() != QDialog.DialogCode.Accepted:
                return 0
        session = sign_in(db)
        if session is None:
            return 0
    except DjrhError as exc:
        QMessageBox.critical(None, "无法打开数据文件", str(exc))
        return 1
    ctx = AppContext(session, path)
    window = MainWindow(ctx)
    if args.screenshots:
        from .screenshots import take_all

        take_all(window, Path(args.screenshots))
        return 0
    sys.excepthook = _excepthook
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
