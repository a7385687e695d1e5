"""三会一课 in the file: a meeting with its attendance, and the meetings held in a period."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database


def insert(db: Database, row: dict, attendance: dict[int, str]) -> int:
    mid = db["meetings"].insert(row).last_pk
    db.conn.executemany("INSERT INTO meeting_attendance (meeting_id, member_id, status) VALUES (?, ?, ?)",
                        [(mid, member, status) for member, status in attendance.items()])  # fmt: skip
    return mid


def get(db: Database, meeting_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT mt.*, o.name AS branch FROM meetings mt JOIN orgs o ON o.id = mt.branch_id WHERE mt.id = ?",
        [meeting_id]))  # fmt: skip
    if not rows:
        return None
    m = rows[0]
    m["attendance"] = db.execute(
        "SELECT mm.name, a.status FROM meeting_attendance a JOIN members mm ON mm.id = a.member_id "
        "WHERE a.meeting_id = ? ORDER BY mm.name_pinyin", [meeting_id]).fetchall()  # fmt: skip
    return m


def held(db: Database, start: dt.date, end: dt.date) -> list[tuple[int, str, str]]:
    """(branch id, type, date) of the meetings held in [start, end]."""
    return db.execute("SELECT branch_id, type, date FROM meetings WHERE date BETWEEN ? AND ? AND voided_at IS NULL",
                      [start.isoformat(), end.isoformat()]).fetchall()  # fmt: skip


def replace(db: Database, meeting_id: int, row: dict, attendance: dict[int, str]) -> None:
    db["meetings"].update(meeting_id, row)
    db.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", [meeting_id])
    db.conn.executemany("INSERT INTO meeting_attendance (meeting_id, member_id, status) VALUES (?, ?, ?)",
                        [(meeting_id, member, status) for member, status in attendance.items()])  # fmt: skip


def void(db: Database, meeting_id: int, at: str, user_id: int | None, reason: str) -> None:
    db.execute("UPDATE meetings SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?",
               [at, user_id, reason, meeting_id])  # fmt: skip


def live_entries(db: Database, meeting_id: int) -> list[dict]:
    """The ledger entries the meeting's attendance posted that no entry has reversed yet."""
    return list(db.query(
        """SELECT * FROM point_ledger l WHERE l.meeting_id = ? AND l.reverses_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = l.id) ORDER BY l.id""", [meeting_id]))  # fmt: skip


def attendance_of(db: Database, meeting_id: int) -> dict[int, str]:
    return dict(db.execute("SELECT member_id, status FROM meeting_attendance WHERE meeting_id = ?", [meeting_id]))
