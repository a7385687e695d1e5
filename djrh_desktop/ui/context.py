"""The program's shared state for widgets: the session, the period, and "data changed" signals.

Widgets call services through AppContext.run(), which turns a user's problem into a Chinese message
box and announces what changed, so views refresh from the signal rather than by polling.
"""

from __future__ import annotations

import datetime as dt
import errno
import sqlite3
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from .. import errorlog
from ..domain.errors import DjrhError
from ..domain.periods import Quarter
from ..services.session import Change, Session, session_on
from ..store.connection import translate_error


class AppContext(QObject):
    dataChanged = Signal(str)  # entity (table) name
    periodChanged = Signal()
    status = Signal(str)

    def __init__(self, session: Session, db_path: Path, today: dt.date | None = None):
        super().__init__()
        self.session = session
        self.db_path = Path(db_path)
        self.today = today or dt.date.today()
        self.quarter = Quarter.of(self.today)

    def job_session(self):
        """For a worker job: `with ctx.job_session()() as s:` opens the user's own connection there.
        Returns a factory so the job captures the path and user now, not the context later."""
        path, actor = self.db_path, self.session.actor
        return lambda: session_on(path, actor)

    @property
    def year(self) -> int:
        return self.quarter.year

    def set_period(self, year: int, quarter: int) -> None:
        q = Quarter(year, quarter)
        if q != self.quarter:
            self.quarter = q
            self.periodChanged.emit()

    def run(self, parent: QWidget | None, fn, *args, **kwargs) -> Change | None:
        """Call a service; show a user's problem in Chinese; announce the change."""
        try:
            change = fn(self.session, *args, **kwargs)
        except Exception as exc:
            show_error(parent, exc, self.db_path)
            return None
        if isinstance(change, Change):
            self.dataChanged.emit(change.entity)
            if change.summary:
                self.status.emit(change.summary)
        return change

    def can(self, action: str, branch_id: int | None = None) -> bool:
        return self.session.can(action, branch_id)




def user_message(exc: BaseException, path: Path | None = None) -> str | None:
    """The Chinese sentence for a user's problem (the same the CLI prints), or None for a bug."""
    if isinstance(exc, DjrhError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        return str(translate_error(exc, path))
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EACCES, errno.EROFS):
        return {errno.ENOSPC: "磁盘空间已满，本次操作没有完成", errno.EACCES: f"没有权限写入“{exc.filename}”",
                errno.EROFS: f"“{exc.filename}”所在的位置只读，无法写入"}[exc.errno]  # fmt: skip
    return None


def show_error(parent: QWidget | None, exc: BaseException, path: Path | None = None) -> None:
    """A user's problem as a warning in Chinese; anything else is a bug, logged and shown politely."""
    message = user_message(exc, path)
    if message is not None:
        QMessageBox.warning(parent, "无法完成", message)
    else:
        show_unexpected(parent, exc)


def show_unexpected(parent: QWidget | None, exc: BaseException) -> None:
    path = errorlog.record(exc) or errorlog.path()
    QMessageBox.critical(
        parent, "程序出错", f"很抱歉，程序遇到了意外错误（{exc.__class__.__name__}），操作未完成，数据未被改动。\n"
        f"详细信息已记录到：{path}\n请将该文件交给技术支持人员。"
    )  # fmt: skip
