"""Backups as the user and the program ask for them: manual, automatic (on close, every 30 minutes
while data changed, before migrations, imports, restores and the opening of a rating year), listing,
rotation and restore. Each is recorded in the audit log of the live file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlite_utils import Database

from .. import files
from ..store import backup
from . import settings
from .session import Change, Session, system_session


def db_path(db: Database) -> Path:
    return Path(db.execute("PRAGMA database_list").fetchone()[2])


def configured_folder(db: Database) -> Path | None:
    """The backup folder chosen in settings (never created by the program: a missing one is a
    USB drive or share not connected), or None for the default folder beside the data file."""
    chosen = settings.get(db, settings.BACKUP_DIR) if "settings" in db.table_names() else None
    return Path(chosen) if chosen else None


def folder(db: Database) -> Path:
    return configured_folder(db) or backup.default_folder(db_path(db))


def clean_leftovers(db: Database) -> list[Path]:
    """At start: temporary files of killed exports, reports and backups."""
    removed = files.clean_leftovers()
    return removed + backup.clean_temp(folder(db))


def make(s: Session, target: str | None = None, reason: str = "manual") -> Change:
    s.require("backup.make")
    return _make(s, target, reason)


def _make(s: Session, target: str | None, reason: str) -> Change:
    info = backup.make(db_path(s.db), configured_folder(s.db), reason, Path(target) if target else None)
    removed = backup.rotate(folder(s.db)) if target is None else []
    if getattr(s.db, "readonly", False):  # a read-only file is copied, but cannot record that it was
        return Change("backup", (), f"已备份到 {info.path}", {"path": str(info.path), "removed": len(removed)})
    with s.writing():
        s.audit("备份", "backup", info.path.name, f"备份数据文件到“{info.path}”（{info.reason_text}）",
                after={"file": str(info.path), "size": info.size, "rotated_out": len(removed)})  # fmt: skip
    return Change("backup", (), f"已备份到 {info.path}", {"path": str(info.path), "removed": len(removed)})


def automatic(db: Database, reason: str) -> Change | None:
    """A backup the program makes on its own; skipped for a file with no records yet."""
    if "members" not in db.table_names() or not db.execute("SELECT 1 FROM members LIMIT 1").fetchone():
        return None
    return _make(system_session(db), None, reason)


def listing(db: Database) -> list[backup.BackupInfo]:
    return backup.listing(folder(db))


def restore(s: Session, chosen: str) -> Change:
    """Back up the current file, verify the chosen one, then replace the content."""
    s.require("backup.restore")
    chosen_path = Path(chosen)
    backup.verify(chosen_path)
    before = _make(s, None, "restore")
    backup.restore_into(s.db.conn, chosen_path)
    with s.writing():
        s.audit("恢复", "backup", chosen_path.name, f"从“{chosen_path}”恢复数据（恢复前已备份到 {before.extra['path']}）",
                after={"restored_from": str(chosen_path), "safety_backup": before.extra["path"]})  # fmt: skip
    return Change(
        "restore", (), f"已从 {chosen_path.name} 恢复数据；恢复前的数据已备份到 {before.extra['path']}"
    )


def due(last: dt.datetime | None, now: dt.datetime, changed: bool, minutes: int = 30) -> bool:
    """The 30-minute timer: back up when data changed since the last backup."""
    return changed and (last is None or now - last >= dt.timedelta(minutes=minutes))
