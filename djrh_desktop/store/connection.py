"""Opening the one SQLite data file with the pragmas every connection needs.

Two rules keep the file whole while the desktop program, its worker threads and `djrh` commands use it
at once:

- The live file is touched only through SQLite. On POSIX, closing *any* descriptor of a file drops all
  of the process's fcntl locks on it, SQLite's own included (sqlite.org "How To Corrupt An SQLite
  Database File" §2.2); another process then believes it is the last user, checkpoints and deletes the
  WAL under us. So nothing here opens the file with Python's open(): a file that is not SQLite is
  recognised by SQLite's own "file is not a database".
- Writes begin with BEGIN IMMEDIATE (the write lock is taken at the start and waits out busy_timeout)
  instead of a deferred BEGIN that fails at once when two writers meet.

Errors come out as DataFileError with a Chinese sentence: a missing folder, a file that is not SQLite, a
damaged file, one locked by another program, or one written by a newer program version.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import weakref
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from platformdirs import user_data_dir
from sqlite_utils import Database

from ..domain.errors import DataFileError
from .location import real_path, refuse_network

APP_DIR_NAME = "djrh-desktop"
DEFAULT_FILE_NAME = "djrh.db"
BUSY_TIMEOUT_MS = 5000
CACHE_MIB = 64

# Every connection this process opened and has not closed, so a face can close them all, in order,
# before it exits (a connection closed later by the garbage collector is what the rule above forbids).
_open: weakref.WeakSet[DjrhDatabase] = weakref.WeakSet()


class DjrhDatabase(Database):
    """sqlite-utils' Database whose outer transactions take the write lock up front."""

    readonly: bool = False
    path: Path | None = None

    @contextlib.contextmanager
    def atomic(self) -> Iterator[DjrhDatabase]:
        if self.conn.in_transaction:  # nested: sqlite-utils' savepoint
            with super().atomic():
                yield self
            return
        if self.readonly:
            raise DataFileError(READONLY_MESSAGE)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise

    def close(self) -> None:
        _open.discard(self)
        super().close()


READONLY_MESSAGE = (
    "数据文件是只读的（文件属性或所在文件夹不允许写入），现在只能查看、统计、打印和导出，不能修改"
)


def data_dir() -> Path:
    return Path(user_data_dir(APP_DIR_NAME, appauthor=False))


def default_db_path() -> Path:
    """DJRH_DB if set, else djrh.db in the user's data folder."""
    env = os.environ.get("DJRH_DB")
    return Path(env) if env else data_dir() / DEFAULT_FILE_NAME


def _check_path(path: Path, create: bool) -> None:
    """What can be said from the file system alone, without opening the file."""
    if path.is_dir():
        raise DataFileError(f"“{path}”是一个文件夹，不是数据文件")
    if path.exists():
        if not os.access(path, os.R_OK):
            raise DataFileError(f"没有权限读取数据文件“{path}”")
        return
    if not create:
        raise DataFileError(f"数据文件“{path}”不存在。请先运行 djrh init 创建，或用 --db 指定已有的数据文件")
    if not path.parent.exists():
        raise DataFileError(f"文件夹“{path.parent}”不存在，无法在其中创建数据文件")


def is_read_only(path: Path) -> bool:
    """True when SQLite could not write the file (or the -wal/-shm files beside it)."""
    if not path.exists():
        return False
    if not os.access(path, os.W_OK):
        return True
    folder = path.parent
    return not os.access(folder, os.W_OK) and not Path(str(path) + "-wal").exists()


def configure(conn: sqlite3.Connection, readonly: bool = False) -> None:
    """Pragmas for every connection, the GUI's worker threads' included."""
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys=ON")
    # 64 MiB of page cache (SQLite's default is 2): a county's ledger indexes stay in memory while a unit's
    # 数据包 goes in, and reports read each page once. Taken only as pages are read.
    conn.execute(f"PRAGMA cache_size=-{CACHE_MIB * 1024}")
    if readonly:
        return  # the journal mode is the file's own; a read-only connection cannot change it
    mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
    if mode.lower() != "wal" and mode.lower() != "memory":
        raise DataFileError("无法把数据文件切换到 WAL 日志模式（文件可能只读或位于不支持的位置）")
    # NORMAL is safe with WAL: a power cut may lose the last commit but never corrupts the file.
    conn.execute("PRAGMA synchronous=NORMAL")


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    # isolation_level IMMEDIATE: the implicit BEGIN Python's sqlite3 issues before a bare write
    # takes the write lock too, as atomic() does.
    if readonly:
        uri = "file:" + quote(path.as_posix(), safe="/:") + "?mode=ro"
        if not os.access(path.parent, os.W_OK) and not Path(str(path) + "-wal").exists():
            # On read-only media SQLite cannot make the -shm file; with no WAL there is nothing to miss.
            uri += "&immutable=1"
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level="IMMEDIATE")
    return sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level="IMMEDIATE")


def open_db(path: str | os.PathLike | None = None, *, create: bool = False) -> DjrhDatabase:
    """Open (or with create=True, create) the data file; schema upgrades are the caller's step.

    The path is resolved first (symlinks, and on Windows the final path), so two spellings of one
    file are one file for the instance lock and the network check. A read-only file opens read-only.
    """
    path = real_path(path if path is not None else default_db_path())
    _check_path(path, create)
    refuse_network(path)
    readonly = is_read_only(path)
    conn = None
    try:
        conn = _connect(path, readonly)
        configure(conn, readonly)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        raise translate_error(exc, path) from None
    except DataFileError:
        conn.close()
        raise
    db = DjrhDatabase(conn)
    db.readonly, db.path = readonly, path
    _open.add(db)
    return db


@contextlib.contextmanager
def opened(path: str | os.PathLike) -> Iterator[DjrhDatabase]:
    """A connection for one job (a worker thread, a command), closed when the job ends, never later."""
    db = open_db(path)
    try:
        yield db
    finally:
        db.close()


@contextlib.contextmanager
def snapshot(db: Database) -> Iterator[Database]:
    """One read transaction: everything read inside sees the same state of the file (WAL)."""
    if db.conn.in_transaction:
        yield db
        return
    db.conn.execute("BEGIN")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    if db.conn.in_transaction:
        db.conn.execute("COMMIT")  # nothing to commit for a reader; never discards a nested write


def open_connections() -> set[DjrhDatabase]:
    return set(_open)


def close_all(keep: set[DjrhDatabase] | None = None) -> None:
    """Close every connection still open (but those in `keep`, opened before a command started)."""
    for db in list(_open):
        if keep and db in keep:
            continue
        with contextlib.suppress(sqlite3.Error):
            db.close()


def memory_db() -> Database:
    conn = sqlite3.connect(":memory:")
    configure(conn)
    return DjrhDatabase(conn)


def translate_error(exc: sqlite3.Error, path: Path | str | None = None) -> DataFileError:
    """The one Chinese sentence for an SQLite error, the same in the desktop program and the CLI."""
    text = str(exc).lower()
    where = f"“{path}”" if path else ""
    if "locked" in text or "busy" in text:
        return DataFileError(f"数据文件{where}正被其他程序占用（例如正在导入、备份或另一个程序正在写入），"
                             "请稍后重试；本次操作没有保存")  # fmt: skip
    if "not a database" in text:
        return DataFileError(
            f"“{path or '该文件'}”不是本程序的数据文件（不是 SQLite 数据库），或文件头已损坏"
        )
    if "malformed" in text or "corrupt" in text:
        return DataFileError(f"数据文件{where}已损坏，请从备份恢复")
    if "readonly" in text or "read-only" in text:
        return DataFileError(f"数据文件{where}是只读的，无法写入；本次操作没有保存")
    if "disk" in text and "full" in text:
        return DataFileError("磁盘空间已满，本次操作没有保存。请清理磁盘（或把备份移到其他位置）后重试")
    if "disk i/o" in text:
        return DataFileError(f"读写数据文件{where}时出错：文件可能已损坏或磁盘有故障，请从备份恢复")
    if "unable to open" in text:
        return DataFileError(f"无法打开数据文件{where}（没有权限，或所在文件夹不可访问）")
    return DataFileError(f"数据文件{where}出错：{exc}")
