"""Family visits in the file: a visit with its visitors and family present, writing one, counts."""

from __future__ import annotations

import datetime as dt
import json

from sqlite_utils import Database


def get(db: Database, visit_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM visits WHERE id = ?", [visit_id]))
    if not rows:
        return None
    visit = rows[0]
    visit["asks"] = json.loads(visit["asks"])
    visit["materials"] = json.loads(visit["materials"])
    visit["visitors"] = [r[0] for r in db.execute("SELECT member_id FROM visit_visitors WHERE visit_id = ?", [visit_id])]
    visit["family"] = [tuple(r) for r in db.execute(
        "SELECT name, relation FROM visit_family WHERE visit_id = ? ORDER BY id", [visit_id])]  # fmt: skip
    return visit


def insert(db: Database, row: dict, visitors: list[int], family: list[tuple[str, str]]) -> int:
    vid = db["visits"].insert(row).last_pk
    _people(db, vid, visitors, family)
    return vid


def replace(db: Database, visit_id: int, row: dict, visitors: list[int], family: list[tuple[str, str]]) -> None:
    db["visits"].update(visit_id, row)
    db.execute("DELETE FROM visit_visitors WHERE visit_id = ?", [visit_id])
    db.execute("DELETE FROM visit_family WHERE visit_id = ?", [visit_id])
    _people(db, visit_id, visitors, family)


def _people(db: Database, visit_id: int, visitors: list[int], family: list[tuple[str, str]]) -> None:
    db["visit_visitors"].insert_all([{"visit_id": visit_id, "member_id": m} for m in visitors])
    db["visit_family"].insert_all([{"visit_id": visit_id, "name": n.strip(), "relation": r.strip()} for n, r in family])


def exists(db: Database, date: str, member_id: int) -> bool:
    """The member's visit of that day is already recorded (not voided)."""
    return db.execute("SELECT 1 FROM visits WHERE date = ? AND member_id = ? AND voided_at IS NULL",
                      [date, member_id]).fetchone() is not None  # fmt: skip


def visited_members(db: Database, start: dt.date, end: dt.date) -> list[int]:
    return [r[0] for r in db.execute("SELECT DISTINCT member_id FROM visits WHERE date BETWEEN ? AND ? AND voided_at IS NULL",
                                     [start.isoformat(), end.isoformat()])]  # fmt: skip


def overdue_returns(db: Database, as_of: dt.date) -> list[dict]:
    return list(db.query(
        """SELECT v.id, v.date, v.revisit_due, v.branch_id, m.name FROM visits v JOIN members m ON m.id = v.member_id
           WHERE v.revisit_due < :d AND v.date <= :d AND v.voided_at IS NULL
             AND (v.revisit_status = '待回访' OR v.revisit_closed_at > :d) ORDER BY v.revisit_due""",
        {"d": as_of.isoformat()},
    ))  # fmt: skip


def in_period(db: Database, start: dt.date, end: dt.date) -> list[tuple[int, int | None]]:
    """(id, branch id) of the visits dated in [start, end], oldest first."""
    return db.execute("SELECT id, branch_id FROM visits WHERE date BETWEEN ? AND ? AND voided_at IS NULL ORDER BY date, id",
                      [start.isoformat(), end.isoformat()]).fetchall()  # fmt: skip


def void(db: Database, visit_id: int, at: str, user_id: int | None, reason: str) -> None:
    db.execute("UPDATE visits SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?", [at, user_id, reason, visit_id])
