"""Backups as the user and the program ask for them: manual, automatic (on close, every 30 minutes
while data changed, before migrations, imports, restores and the opening of a rating year), listing,
rotation and restore. Each is recorded in the audit log of the live file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlite_utils import Database

from ..store import backup, integrity
from .session import Change, Session, system_session


def _db_path(db: Database) -> Path:
    return backup.file_of(db)


def folder(s: Session) -> Path:
    """Where this file's backups go (the folder chosen in settings, or the one beside the file)."""
    return backup.folder_of(s.db)


def make(s: Session, target: str | None = None, reason: str = "manual") -> Change:
    s.require("backup.make")
    return _make(s, target, reason)


def _make(s: Session, target: str | None, reason: str) -> Change:
    info = backup.make(_db_path(s.db), backup.configured_folder(s.db), reason, Path(target) if target else None)
    removed = backup.rotate(backup.folder_of(s.db)) if target is None else []
    if getattr(s.db, "readonly", False):  # a read-only file is copied, but cannot record that it was
        return Change("backup", (), f"已备份到 {info.path}", {"path": str(info.path), "removed": len(removed)})
    with s.writing():
        s.audit("备份", "backup", info.path.name, f"备份数据文件到“{info.path}”（{info.reason_text}）",
                after={"file": str(info.path), "size": info.size, "rotated_out": len(removed)})  # fmt: skip
    return Change("backup", (), f"已备份到 {info.path}", {"path": str(info.path), "removed": len(removed)})


def automatic(s: Session, reason: str) -> Change | None:
    """A backup the program makes on its own (recorded as the system's); skipped for a file with no
    records yet."""
    db = s.db
    if not backup.has_members(db):
        return None
    return _make(system_session(db), None, reason)


def listing(s: Session) -> list[backup.BackupInfo]:
    return backup.listing(backup.folder_of(s.db))


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


def quick_check(s: Session) -> list[str]:
    """SQLite's structural check of the file, as Chinese sentences (empty: sound)."""
    return integrity.quick_check(s.db)


def due(last: dt.datetime | None, now: dt.datetime, changed: bool, minutes: int = 30) -> bool:
    """The 30-minute timer: back up when data changed since the last backup."""
    return changed and (last is None or now - last >= dt.timedelta(minutes=minutes))
