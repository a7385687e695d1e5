"""Locked, busy, read-only and symlinked data files (issue 12, cases 5 and 6)."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from djrh_desktop.cli import main as cli_main
from djrh_desktop.domain.errors import DataFileError
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import org
from djrh_desktop.store import connection, location
from djrh_desktop.store.connection import open_db


def member(branch: int, name: str) -> MemberInput:
    return MemberInput(name=name, gender="男", branch_id=branch, birth_date="1985-05-05", join_date="2010-07-01",
                       full_date="2011-07-01")  # fmt: skip


def test_a_writer_waits_for_another_writer_instead_of_failing(db_path, admin, org_tree):
    """A deferred BEGIN read a snapshot, then met the other writer's commit and failed at once
    (SQLITE_BUSY_SNAPSHOT, "database is locked"); BEGIN IMMEDIATE waits for the lock, then reads."""
    taken, release = threading.Event(), threading.Event()

    def other_writer():
        conn = open_db(db_path)
        s = type(admin)(conn, admin.actor)
        with s.writing():
            org.add_member(s, member(org_tree["a"], "其他"))
            taken.set()
            release.wait(5)
        conn.close()

    t = threading.Thread(target=other_writer)
    t.start()
    taken.wait(5)
    threading.Timer(0.5, release.set).start()
    org.add_member(admin, member(org_tree["a"], "本机"))  # waits ~0.5 s, then succeeds
    t.join()
    names = {r[0] for r in admin.db.execute("SELECT name FROM members")}
    assert {"其他", "本机"} <= names


def test_lock_held_past_busy_timeout_is_a_chinese_message(db_path, admin, org_tree):
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN IMMEDIATE")
    admin.db.execute("PRAGMA busy_timeout=200")
    with pytest.raises(DataFileError, match="正被其他程序占用"):
        org.add_member(admin, member(org_tree["a"], "等不到"))
    holder.rollback()
    holder.close()
    assert admin.db.execute("SELECT count(*) FROM members WHERE name = '等不到'").fetchone()[0] == 0


@pytest.fixture
def read_only(monkeypatch):
    """A data file SQLite may only read (as root, chmod cannot make one, so the check is simulated;
    the connection really is opened read-only)."""
    monkeypatch.setattr(connection, "is_read_only", lambda path: True)


def test_read_only_file_still_counts_prints_exports_and_checks(small_demo_template, tmp_path, capsys, read_only,
                                                              monkeypatch):  # fmt: skip
    import shutil

    path = tmp_path / "ro.db"
    shutil.copy(small_demo_template, path)
    monkeypatch.setenv("DJRH_USER", "admin")
    monkeypatch.setenv("DJRH_PASSWORD", "djrh2026")
    for argv in (["stats"], ["report", "quarterly", "--year", "2026", "--quarter", "3", "-o", str(tmp_path / "q.pdf")],
                 ["export", "members", "-o", str(tmp_path / "m.xlsx")], ["check"]):  # fmt: skip
        code = cli_main(["--db", str(path), *argv])
        out = capsys.readouterr()
        assert code == 0, (argv, out.err)
    assert (tmp_path / "q.pdf").stat().st_size > 10_000 and (tmp_path / "m.xlsx").exists()
    code = cli_main(["--db", str(path), "backup", "-o", str(tmp_path / "b.db")])
    assert code == 0, "a backup only reads the file"
    capsys.readouterr()
    db = open_db(path)
    assert db.readonly
    from djrh_desktop.services import users

    s = users.sign_in(db, "admin", "djrh2026")
    root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL").fetchone()[0]
    with pytest.raises(DataFileError, match="只读"):
        org.add_org(s, "新支部", "党支部", root)
    db.close()


def test_locked_file_at_start_opens_a_dialog_not_a_traceback(db, db_path, monkeypatch, qapp):
    from PySide6.QtWidgets import QMessageBox

    from djrh_desktop.ui import app

    db.close()
    holder = sqlite3.connect(db_path)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("CREATE TABLE hold (x)")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 200)
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: shown.append(text))
    assert app.main(["--db", str(db_path)]) == 1
    holder.rollback()
    holder.close()
    assert shown and "正被其他程序占用" in shown[0]


def test_symlink_to_an_open_file_is_the_same_instance(tmp_path):
    real = tmp_path / "real.db"
    open_db(real, create=True).close()
    link = tmp_path / "link.db"
    link.symlink_to(real)
    first = location.InstanceLock(real)
    first.acquire()
    with pytest.raises(DataFileError, match="另一个党建融合桌面窗口"):
        location.InstanceLock(link).acquire()
    first.release()


def test_symlink_into_a_network_share_is_refused(tmp_path, monkeypatch):
    share = tmp_path / "share"
    share.mkdir()
    (share / "x.db").touch()
    link = tmp_path / "local-looking.db"
    link.symlink_to(share / "x.db")
    monkeypatch.setattr(location, "linux_mounts", lambda: [("/", "ext4"), (str(share), "cifs")])
    monkeypatch.setattr(location.sys, "platform", "linux")
    with pytest.raises(DataFileError, match="网络共享位置"):
        open_db(link)


@pytest.mark.parametrize("fstype, remote", [
    ("fuse.gvfsd-fuse", True), ("vboxsf", True), ("fuse.vmhgfs-fuse", True), ("fuse.rclone", True),
    ("fuse.something-new", True), ("virtiofs", True), ("fuseblk", False), ("ext4", False), ("fuse.encfs", False),
    ("btrfs", False), ("tmpfs", False),
])  # fmt: skip
def test_fuse_and_shared_folder_types(fstype, remote):
    assert location.is_network_path("/mnt/x/djrh.db", [("/", "ext4"), ("/mnt/x", fstype)]) is remote
