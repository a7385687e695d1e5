"""The quarterly report's written sections in the file."""

from __future__ import annotations

from sqlite_utils import Database

SECTIONS = ("主要做法和成效", "存在问题", "下一步打算")


def of_quarter(db: Database, year: int, quarter: int, scope: int) -> dict[str, str]:
    return dict(db.execute("SELECT section, body FROM report_texts WHERE year = ? AND quarter = ? AND scope = ?",
                           [year, quarter, scope]).fetchall())  # fmt: skip


def put(db: Database, year: int, quarter: int, scope: int, texts: dict[str, str], user_id: int | None, at: str) -> None:
    for section, body in texts.items():
        if body:
            db.execute("INSERT OR REPLACE INTO report_texts (year, quarter, scope, section, body, updated_by, updated_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", [year, quarter, scope, section, body, user_id, at])  # fmt: skip
        else:
            db.execute("DELETE FROM report_texts WHERE year = ? AND quarter = ? AND scope = ? AND section = ?",
                       [year, quarter, scope, section])  # fmt: skip
