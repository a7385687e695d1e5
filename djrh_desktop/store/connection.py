"""Opening the one SQLite data file with the pragmas every connection needs.

Errors come out as DataFileError with a Chinese sentence: a missing folder, a file that is not
SQLite, a damaged file, one locked by another program, or one written by a newer program version.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from platformdirs import user_data_dir
from sqlite_utils import Database

from ..domain.errors import DataFileError
from .location import refuse_network

APP_DIR_NAME = "djrh-desktop"
DEFAULT_FILE_NAME = "djrh.db"
BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"


def data_dir() -> Path:
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    """DJRH_DB if set, else djrh.db in the user's data folder."""
    env = os.environ.get("DJRH_DB")
    return Path(env) if env else data_dir() / DEFAULT_FILE_NAME


def _check_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise DataFileError(f"“{path}”是一个文件夹，不是数据文件")
    if path.exists():
        try:
            with open(path, "rb") as fh:
                head = fh.read(16)
        except PermissionError:
            raise DataFileError(f"没有权限读取数据文件“{path}”") from None
        except OSError as exc:
            raise DataFileError(f"无法读取数据文件“{path}”：{exc.strerror or exc}") from None
        if head and head != SQLITE_HEADER:
            raise DataFileError(f"“{path}”不是本程序的数据文件（不是 SQLite 数据库）")
        return
    if not create:
        raise DataFileError(f"数据文件“{path}”不存在。请先运行 djrh init 创建，或用 --db 指定已有的数据文件")
    if not path.parent.exists():
        raise DataFileError(f"文件夹“{path.parent}”不存在，无法在其中创建数据文件")


def configure(conn: sqlite3.Connection) -> None:
    """Pragmas for every connection, the GUI's worker threads' included."""
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal" and mode.lower() != "memory":
        raise DataFileError("无法把数据文件切换到 WAL 日志模式（文件可能只读或位于不支持的位置）")
    # NORMAL is safe with WAL: a power cut may lose the last commit but never corrupts the file.
    conn.execute("PRAGMA synchronous=NORMAL")


def open_db(path: str | os.PathLike | None = None, *, create: bool = False) -> Database:
    """Open (or with create=True, create) the data file; schema upgrades are the caller's step."""
    path = Path(path) if path is not None else default_db_path()
    _check_file(path, create)
    refuse_network(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
        configure(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        raise translate_error(exc, path) from None
    return Database(conn)


def memory_db() -> Database:
    conn = sqlite3.connect(":memory:")
    configure(conn)
    return Database(conn)


def translate_error(exc: sqlite3.Error, path: Path | str | None = None) -> DataFileError:
    text = str(exc).lower()
    where = f"“{path}”" if path else "数据文件"
    if "locked" in text or "busy" in text:
        return DataFileError(f"数据文件{where}正被其他程序占用，请关闭其他正在使用它的程序后重试")
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return DataFileError(f"数据文件{where}已损坏或不是本程序的数据文件，请从备份恢复")
    if "readonly" in text or "read-only" in text:
        return DataFileError(f"数据文件{where}是只读的，无法写入")
    if "disk i/o" in text:
        return DataFileError(f"读写数据文件{where}时出错：文件可能已损坏或磁盘有故障，请从备份恢复")
    if "disk" in text and "full" in text:
        return DataFileError("磁盘空间已满，数据未能保存")
    if "unable to open" in text:
        return DataFileError(f"无法打开数据文件{where}")
    return DataFileError(f"数据文件{where}出错：{exc}")
