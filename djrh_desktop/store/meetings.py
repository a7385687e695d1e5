"""三会一课 in the file: a meeting with its attendance, and the meetings held in a period."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database


def insert(db: Database, row: dict, attendance: dict[int, str], appraisals: dict[int, str] | None = None) -> int:
    mid = db["meetings"].insert(row).last_pk
    _attendance(db, mid, attendance, appraisals)
    return mid


def _attendance(db: Database, mid: int, attendance: dict[int, str], appraisals: dict[int, str] | None) -> None:
    db.conn.executemany(
        "INSERT INTO meeting_attendance (meeting_id, member_id, status, appraisal) VALUES (?, ?, ?, ?)",
        [(mid, member, status, (appraisals or {}).get(member)) for member, status in attendance.items()])  # fmt: skip


def get(db: Database, meeting_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT mt.*, o.name AS branch FROM meetings mt JOIN orgs o ON o.id = mt.branch_id WHERE mt.id = ?",
        [meeting_id]))  # fmt: skip
    if not rows:
        return None
    m = rows[0]
    rows = db.execute(
        "SELECT mm.name, a.status, a.appraisal FROM meeting_attendance a JOIN members mm ON mm.id = a.member_id "
        "WHERE a.meeting_id = ? ORDER BY mm.name_pinyin", [meeting_id]).fetchall()  # fmt: skip
    m["attendance"] = [(name, status) for name, status, _ in rows]
    m["appraisal_by_name"] = {name: a for name, _, a in rows if a}
    m["group"] = db.execute("SELECT name FROM orgs WHERE id = ?", [m["group_id"]]).fetchone()[0] if m["group_id"] else None
    return m


def held(db: Database, start: dt.date, end: dt.date) -> list[tuple[int, str, str, int | None]]:
    """(branch id, type, date, group id) of the meetings held in [start, end], voided ones left out."""
    return db.execute("SELECT branch_id, type, date, group_id FROM meetings WHERE date BETWEEN ? AND ? "
                      "AND voided_at IS NULL", [start.isoformat(), end.isoformat()]).fetchall()  # fmt: skip


def branch_groups(db: Database) -> dict[int, list[tuple[int, str]]]:
    """Each branch's active 党小组 (id, name), in the tree's order."""
    out: dict[int, list[tuple[int, str]]] = {}
    for gid, name, parent in db.execute("SELECT id, name, parent_id FROM orgs WHERE kind = '党小组' AND active = 1 "
                                        "ORDER BY sort_order, id"):  # fmt: skip
        out.setdefault(parent, []).append((gid, name))
    return out


def leader_attendance(db: Database, start: dt.date, end: dt.date, types: tuple[str, ...]) -> list[tuple]:
    """领导干部双重组织生活: each party committee member (党委班子成员 at `end`) with their own branch, and of
    that branch's meetings of `types` in [start, end] (a 党小组会 only of their own group): held, attended."""
    marks = ",".join("?" * len(types))
    return db.execute(
        f"""SELECT m.id, m.name, c.post, m.post, o.name, m.branch_id,
                   (SELECT count(*) FROM meetings t WHERE t.branch_id = m.branch_id AND t.date BETWEEN ? AND ?
                      AND t.voided_at IS NULL AND t.type IN ({marks}) AND (t.type != '党小组会' OR t.group_id = m.group_id)),
                   (SELECT count(*) FROM meetings t JOIN meeting_attendance a ON a.meeting_id = t.id
                    WHERE a.member_id = m.id AND a.status = '出席' AND t.branch_id = m.branch_id
                      AND t.date BETWEEN ? AND ? AND t.voided_at IS NULL AND t.type IN ({marks}))
            FROM org_committee c JOIN orgs r ON r.id = c.org_id AND r.parent_id IS NULL
            JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = m.branch_id
            WHERE (c.start_date IS NULL OR c.start_date <= ?) AND (c.end_date IS NULL OR c.end_date > ?)
              AND m.status = '在册'
            ORDER BY c.id""",
        [start.isoformat(), end.isoformat(), *types, start.isoformat(), end.isoformat(), *types,
         end.isoformat(), end.isoformat()],
    ).fetchall()  # fmt: skip


def replace(db: Database, meeting_id: int, row: dict, attendance: dict[int, str],
            appraisals: dict[int, str] | None = None) -> None:  # fmt: skip
    db["meetings"].update(meeting_id, row)
    db.execute("DELETE FROM meeting_attendance WHERE meeting_id = ?", [meeting_id])
    _attendance(db, meeting_id, attendance, appraisals)


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


def appraisals_of(db: Database, meeting_id: int) -> dict[int, str]:
    return dict(db.execute("SELECT member_id, appraisal FROM meeting_attendance WHERE meeting_id = ? "
                           "AND appraisal IS NOT NULL", [meeting_id]))  # fmt: skip
