"""Talk records in the file: reading a talk with its talkers and talkees, writing one, follow-ups."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database


def get(db: Database, talk_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM talks WHERE id = ?", [talk_id]))
    if not rows:
        return None
    talk = rows[0]
    talk["talkers"] = list(db.query("SELECT member_id, name, post FROM talk_talkers WHERE talk_id = ?", [talk_id]))
    talk["talkees"] = [r[0] for r in db.execute("SELECT member_id FROM talk_talkees WHERE talk_id = ?", [talk_id])]
    return talk


def insert(db: Database, row: dict, talkers: list[dict], talkees: list[int]) -> int:
    tid = db["talks"].insert(row).last_pk
    _people(db, tid, talkers, talkees)
    return tid


def replace(db: Database, talk_id: int, row: dict, talkers: list[dict], talkees: list[int]) -> None:
    db["talks"].update(talk_id, row)
    db.execute("DELETE FROM talk_talkers WHERE talk_id = ?", [talk_id])
    db.execute("DELETE FROM talk_talkees WHERE talk_id = ?", [talk_id])
    _people(db, talk_id, talkers, talkees)


def _people(db: Database, talk_id: int, talkers: list[dict], talkees: list[int]) -> None:
    db["talk_talkers"].insert_all([{**tk, "talk_id": talk_id} for tk in talkers])
    db["talk_talkees"].insert_all([{"talk_id": talk_id, "member_id": m} for m in talkees])


def exists(db: Database, date: str, type_: str, topic: str, talkees: tuple[int, ...]) -> bool:
    """A talk of that day, type and topic with exactly these talkees is already recorded (not voided)."""
    wanted = ",".join(map(str, sorted(talkees)))
    rows = db.execute("""SELECT (SELECT group_concat(member_id) FROM (SELECT member_id FROM talk_talkees x
                                 WHERE x.talk_id = t.id ORDER BY member_id))
                         FROM talks t WHERE t.date = ? AND t.type = ? AND t.topic = ? AND t.voided_at IS NULL""",
                      [date, type_, topic]).fetchall()  # fmt: skip
    return any(people == wanted for (people,) in rows)


def set_followup(db: Database, talk_id: int, status: str, measures: str | None, at: str) -> None:
    db.execute("UPDATE talks SET followup_status = ?, measures = ?, updated_at = ? WHERE id = ?",
               [status, measures, at, talk_id])  # fmt: skip


def overdue_followups(db: Database, as_of: dt.date) -> list[dict]:
    """Follow-ups past due on as_of and not closed by then (closed later: still overdue that day)."""
    return list(db.query(
        """SELECT t.id, t.type, t.date, t.topic, t.followup_due, t.branch_id, t.sensitivity,
                  (SELECT group_concat(m.name, '、') FROM talk_talkees tt JOIN members m ON m.id = tt.member_id
                   WHERE tt.talk_id = t.id) AS talkees,
                  (SELECT group_concat(k.member_id) FROM talk_talkers k WHERE k.talk_id = t.id) AS talker_ids
           FROM talks t WHERE t.followup_due < :d AND t.date <= :d AND t.voided_at IS NULL
             AND (t.followup_status = '待跟进' OR t.followup_closed_at > :d)
           ORDER BY t.followup_due""",
        {"d": as_of.isoformat()},
    ))  # fmt: skip


def in_period(db: Database, start: dt.date, end: dt.date) -> list[tuple[int, int | None]]:
    """(id, branch id) of the talks dated in [start, end], oldest first."""
    return db.execute("SELECT id, branch_id FROM talks WHERE date BETWEEN ? AND ? AND voided_at IS NULL ORDER BY date, id",
                      [start.isoformat(), end.isoformat()]).fetchall()  # fmt: skip


def void(db: Database, talk_id: int, at: str, user_id: int | None, reason: str) -> None:
    db.execute("UPDATE talks SET voided_at = ?, voided_by = ?, void_reason = ? WHERE id = ?", [at, user_id, reason, talk_id])
