"""Temporary files of killed writers are cleaned; a missing backup folder is not recreated; rotation
keeps the newest backups whatever the clock says (issue 12, case 8)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from djrh_desktop import files
from djrh_desktop.domain.errors import DataFileError
from djrh_desktop.services import backups, settings, setup
from djrh_desktop.store import backup

KILLED_EXPORT = """
import os, sys
from djrh_desktop import files
files.journal_path = lambda: __import__("pathlib").Path(sys.argv[2])
writer = files.atomic_write(sys.argv[1], ".xlsx")
tmp = writer.__enter__()
open(tmp, "w").write("110101199003071233")
print(tmp, flush=True)
os._exit(9)  # killed mid-export
"""


def test_killed_export_leaves_a_temp_file_that_the_next_start_removes(tmp_path, temp_journal, db, db_path):
    target = tmp_path / "out" / "党员名册.xlsx"
    target.parent.mkdir()
    done = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(target), str(temp_journal)],
                          capture_output=True, text=True)  # fmt: skip
    left = Path(done.stdout.strip())
    assert done.returncode == 9 and left.exists() and left.parent == target.parent
    assert str(left) in temp_journal.read_text(encoding="utf-8")
    db.close()
    setup.open_and_upgrade(db_path).close()  # the next start
    assert not left.exists() and not target.exists()
    assert str(left) not in temp_journal.read_text(encoding="utf-8")


def test_a_running_writers_temp_file_is_left_alone(tmp_path):
    live = tmp_path / f"{files.temp_prefix()}abc.xlsx"
    live.write_text("x")
    assert files.remove_orphans([live]) == [] and live.exists()


def test_killed_backup_temp_removed_at_next_backup(admin, tmp_path):
    folder = backups.folder(admin)
    folder.mkdir(parents=True, exist_ok=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    orphan = folder / f".djrh-backup-{dead.stdout.strip()}-x1y2.db"
    orphan.write_bytes(b"\0" * 4096)
    live = folder / f"{files.temp_prefix('backup')}z9.db"
    live.write_bytes(b"\0")
    backups.make(admin)
    assert not orphan.exists() and live.exists()


def test_missing_configured_backup_folder_is_not_recreated(admin, tmp_path):
    usb = tmp_path / "usb" / "党建备份"
    settings.put(admin, settings.BACKUP_DIR, str(usb))
    with pytest.raises(DataFileError, match="不存在或无法访问"):
        backups.make(admin)
    assert not usb.exists() and not usb.parent.exists()


def test_rotation_with_the_clock_a_year_back_keeps_the_newest(tmp_path, small_demo):
    folder = tmp_path / "b"
    folder.mkdir()
    src = Path(small_demo.execute("PRAGMA database_list").fetchone()[2])
    now = dt.datetime(2026, 11, 23, 9, 0)
    for days in range(40, 0, -1):
        backup.make(src, folder, "timer", now=now - dt.timedelta(days=days))
    backup.rotate(folder, now)
    wrong = now - dt.timedelta(days=365)
    made = [backup.make(src, folder, "timer", now=wrong + dt.timedelta(hours=h, days=d)).path
            for d in range(3) for h in range(3)]  # fmt: skip
    for d in (*range(3), 6):  # three days of backups with the wrong clock, then three days without
        backup.rotate(folder, wrong + dt.timedelta(days=d, hours=3))
    names = {b.path for b in backup.listing(folder)}
    assert set(made[-backup.KEEP_NEWEST :]) <= names, "the newest backups were deleted"
    assert all(b.path in names for b in backup.listing(folder) if b.made > wrong + dt.timedelta(days=3))
    assert os.path.exists(made[-1])
