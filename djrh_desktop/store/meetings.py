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
    return db.execute("SELECT branch_id, type, date FROM meetings WHERE date BETWEEN ? AND ?",
                      [start.isoformat(), end.isoformat()]).fetchall()  # fmt: skip
