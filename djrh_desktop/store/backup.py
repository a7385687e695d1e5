"""Backups of the data file: made with SQLite's backup API into a temporary file, verified (quick
check, same schema version, same row counts as the source), then renamed into place; listed, rotated
and restored. Restoring copies the chosen backup into the live file through the same API, so SQLite's
locking keeps every other connection consistent."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .. import files
from ..domain import retention
from ..domain.errors import DataFileError
from . import config, connection, schema

# djrh-20261201-093000-manual-42.db: time, reason, and a sequence number that orders backups when the
# clock was wrong (older files have none).
NAME = re.compile(r"^djrh-(\d{8})-(\d{6})(?:-([a-z]+))?(?:-(\d+))?\.db$")
TEMP_GLOB = ".djrh-backup-*.db"
KEEP_NEWEST = 5  # the most recently made backups, kept whatever the clock says
COUNTED = ("members", "orgs", "point_ledger", "audit_log", "meetings", "meeting_attendance", "talks", "visits",
           "rating_branches", "users", "settings")  # fmt: skip
REASONS = {"manual": "手动", "close": "关闭程序", "timer": "定时", "migrate": "升级前", "import": "导入前", "restore": "恢复前",
           "rating": "开启评星年度前"}  # fmt: skip


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made: dt.datetime
    reason: str
    size: int
    sequence: int = 0

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason or "")


def default_folder(db_path: Path) -> Path:
    """Beside the data file, one folder per file so two files' backups never mix."""
    p = Path(db_path).resolve()
    return p.parent / f"{p.stem}-备份"


def configured_folder(db) -> Path | None:
    """The backup folder chosen in settings (never created by the program: a missing one is a
    USB drive or share not connected), or None for the default folder beside the data file."""
    chosen = config.get(db, config.BACKUP_DIR)
    return Path(chosen) if chosen else None


def file_of(db) -> Path:
    """The data file a connection has open."""
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def has_members(db) -> bool:
    return "members" in db.table_names() and db.execute("SELECT 1 FROM members LIMIT 1").fetchone() is not None


def folder_of(db) -> Path:
    return configured_folder(db) or default_folder(file_of(db))


def clean_leftovers(db) -> list[Path]:
    """At start: temporary files of killed exports, reports and backups."""
    return files.clean_leftovers() + clean_temp(folder_of(db))


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    have = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED if t in have}


def verify(path: Path, expected_counts: dict[str, int] | None = None) -> None:
    """Raise DataFileError unless `path` is a sound data file (and, if given, has these row counts)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check")]
            if rows != ["ok"]:
                raise DataFileError(f"备份文件“{path.name}”已损坏：{rows[0]}")
            if "_sqlite_migrations" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}:
                raise DataFileError(f"“{path.name}”不是本程序的数据文件")
            names = [
                r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations WHERE migration_set = 'djrh'")
            ]
            if any(n not in schema.known_steps() for n in names):
                raise DataFileError(f"“{path.name}”由更新版本的程序创建，不能在本版本中恢复")
            if expected_counts is not None and counts(conn) != expected_counts:
                raise DataFileError(f"备份文件“{path.name}”与数据文件的记录数不一致")
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DataFileError(f"“{path.name}”不是有效的数据文件：{exc}") from None


def make(db_path: Path, folder: Path | None = None, reason: str = "manual", target: Path | None = None,
         now: dt.datetime | None = None) -> BackupInfo:  # fmt: skip
    """Copy the live file with the backup API, verify the copy, rename it into place."""
    db_path = Path(db_path)
    now = now or dt.datetime.now()
    create = folder is None  # only the default folder beside the data file is made when missing
    folder = Path(folder) if folder else default_folder(db_path)
    if target is None:
        if not folder.is_dir():
            if not create:
                raise DataFileError(f"备份文件夹“{folder}”不存在或无法访问（移动硬盘或网络位置是否已连接？），本次没有备份。"
                                    "请连接后重试，或在“系统设置”中更换备份文件夹")  # fmt: skip
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DataFileError(f"无法创建备份文件夹“{folder}”：{exc.strerror or exc}") from None
        clean_temp(folder)
        sequence = max((b.sequence for b in listing(folder)), default=0) + 1
        target = folder / f"djrh-{now:%Y%m%d-%H%M%S}-{reason}-{sequence}.db"
    target = Path(target)
    if not target.parent.is_dir():
        raise DataFileError(f"文件夹“{target.parent}”不存在")
    fd, tmp = tempfile.mkstemp(suffix=".db", prefix=files.temp_prefix("backup"), dir=target.parent)
    os.close(fd)
    try:
        src = sqlite3.connect(str(db_path), timeout=connection.BUSY_TIMEOUT_MS / 1000)
        dst = sqlite3.connect(tmp)
        try:
            src.execute("BEGIN")  # one consistent snapshot for both the copy and the counts
            expected = counts(src)
            src.backup(dst)
            src.execute("COMMIT")
            dst.execute("PRAGMA journal_mode=DELETE")  # a backup is one self-contained file
        finally:
            dst.close()
            src.close()
        verify(Path(tmp), expected)
        os.replace(tmp, target)
    except OSError as exc:
        raise DataFileError(f"备份失败：{exc.strerror or exc}") from None
    except sqlite3.Error as exc:
        raise connection.translate_error(exc, db_path) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return BackupInfo(target, now, reason, target.stat().st_size)


def listing(folder: Path) -> list[BackupInfo]:
    """Backups in a folder, newest first."""
    out = []
    if not Path(folder).is_dir():
        return out
    for p in Path(folder).iterdir():
        m = NAME.match(p.name)
        if m:
            made = dt.datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S")
            out.append(BackupInfo(p, made, m.group(3) or "", p.stat().st_size, int(m.group(4) or 0)))
    return sorted(out, key=lambda b: (b.made, b.sequence), reverse=True)


def clean_temp(folder: Path) -> list[Path]:
    """Remove the temporary copies of backups whose process was killed before it renamed them."""
    return files.remove_orphans(Path(folder).glob(TEMP_GLOB)) if Path(folder).is_dir() else []


def rotate(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Delete backups the retention policy does not keep; return what was deleted.

    Whatever the clock says, the newest backups by sequence stay, and so does every backup dated
    after `now` (a clock set back must not make the real newest ones look a year old)."""
    backups = listing(folder)
    now = now or dt.datetime.now()
    kept = retention.keep([b.made for b in backups], now)
    newest = {b.path for b in sorted(backups, key=lambda b: b.sequence, reverse=True)[:KEEP_NEWEST] if b.sequence}
    removed = []
    for b in backups:
        if b.made not in kept and b.path not in newest and b.made <= now:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def restore_into(live: sqlite3.Connection, chosen: Path) -> None:
    """Replace the live database's content with the chosen (verified) backup."""
    verify(chosen)
    src = sqlite3.connect(f"file:{chosen}?mode=ro", uri=True)
    try:
        src.backup(live)
    finally:
        src.close()
