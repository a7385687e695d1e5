"""Closed years (年度关账) in the file."""

from __future__ import annotations

from sqlite_utils import Database


def closed(db: Database) -> set[int]:
    if "closed_years" not in db.table_names():
        return set()
    return {r[0] for r in db.execute("SELECT year FROM closed_years")}


def close(db: Database, year: int, at: str, user_id: int | None) -> None:
    db.execute("INSERT INTO closed_years (year, closed_at, closed_by) VALUES (?, ?, ?)", [year, at, user_id])


def reopen(db: Database, year: int) -> None:
    db.execute("DELETE FROM closed_years WHERE year = ?", [year])
