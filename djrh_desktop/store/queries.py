"""Read-side SQL: aggregations done by SQLite over indexed columns, never Python loops over rows."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database


def on_roll(alias: str = "m", param: str = "as_of") -> str:
    """SQL condition: the member was in good standing (在册) on the date bound to :param."""
    return (
        f"({alias}.join_date IS NULL OR {alias}.join_date <= :{param}) "
        f"AND ({alias}.left_date IS NULL OR {alias}.left_date > :{param})"
    )


def members_on_roll(db: Database, as_of: dt.date, branch_id: int | None = None) -> int:
    sql = f"SELECT count(*) FROM members m WHERE {on_roll()}"
    params = {"as_of": as_of.isoformat()}
    if branch_id is not None:
        sql += " AND m.branch_id = :branch"
        params["branch"] = branch_id
    return db.execute(sql, params).fetchone()[0]


def branch_count(db: Database) -> int:
    return db.execute("SELECT count(*) FROM orgs WHERE kind = '党支部' AND active = 1").fetchone()[0]


def point_sums(db: Database, year: int, as_of: dt.date, branch_id: int | None = None) -> list[tuple]:
    """(member_id, dimension, net points, net veto) for a year up to as_of."""
    sql = """SELECT l.member_id, l.dimension, SUM(l.points), SUM(l.veto) FROM point_ledger l
             WHERE l.year = :year AND l.date <= :as_of"""
    params = {"year": year, "as_of": as_of.isoformat()}
    if branch_id is not None:
        sql += " AND l.member_id IN (SELECT id FROM members WHERE branch_id = :branch)"
        params["branch"] = branch_id
    sql += " GROUP BY l.member_id, l.dimension"
    return db.execute(sql, params).fetchall()


def roll_members(db: Database, as_of: dt.date, branch_id: int | None = None) -> list[dict]:
    """Members on the roll at as_of with the fields rankings show."""
    sql = f"""SELECT m.id, m.name, m.name_pinyin, m.party_status, m.branch_id, o.name AS branch
              FROM members m JOIN orgs o ON o.id = m.branch_id WHERE {on_roll()}"""
    params: dict = {"as_of": as_of.isoformat()}
    if branch_id is not None:
        sql += " AND m.branch_id = :branch"
        params["branch"] = branch_id
    return list(db.query(sql, params))


def roll_member_rows(db: Database, as_of: dt.date, branch_id: int | None = None) -> list[tuple]:
    """(id, name, party status, branch id, branch name) of members on the roll: plain rows for scoring."""
    sql = f"""SELECT m.id, m.name, m.party_status, m.branch_id, o.name FROM members m JOIN orgs o ON o.id = m.branch_id
              WHERE {on_roll()}"""
    params: dict = {"as_of": as_of.isoformat()}
    if branch_id is not None:
        sql += " AND m.branch_id = :branch"
        params["branch"] = branch_id
    return db.execute(sql, params).fetchall()


def quarter_counts(db: Database, start: dt.date, end: dt.date) -> dict[str, int]:
    """人次 and counts for the quarterly figures, all over indexed date columns."""
    p = {"s": start.isoformat(), "e": end.isoformat()}
    one = lambda sql: db.execute(sql, p).fetchone()[0]  # noqa: E731
    return {
        "talks": one(
            "SELECT count(*) FROM talk_talkees tt JOIN talks t ON t.id = tt.talk_id WHERE t.date BETWEEN :s AND :e"
        ),
        "talk_records": one("SELECT count(*) FROM talks WHERE date BETWEEN :s AND :e"),
        "visits": one("SELECT count(*) FROM visits WHERE date BETWEEN :s AND :e"),
        "pledges": one(
            "SELECT count(*) FROM visits WHERE pledge_signed = 1 AND pledge_date BETWEEN :s AND :e"
        ),
        "meetings": one("SELECT count(*) FROM meetings WHERE date BETWEEN :s AND :e"),
        "point_entries": one("SELECT count(*) FROM point_ledger WHERE date BETWEEN :s AND :e"),
    }


def star_levels(db: Database, year: int) -> dict[int, int]:
    """Branches per final level (定级) in a rating year."""
    rows = db.execute(
        "SELECT level, count(*) FROM rating_branches WHERE year = ? AND state = '定级' AND level IS NOT NULL "
        "GROUP BY level",
        [year],
    ).fetchall()
    return {int(level): n for level, n in rows}


def talks_by_type(db: Database, start: dt.date, end: dt.date) -> list[tuple[str, int]]:
    return db.execute(
        """SELECT t.type, count(*) FROM talk_talkees tt JOIN talks t ON t.id = tt.talk_id
           WHERE t.date BETWEEN ? AND ? GROUP BY t.type ORDER BY count(*) DESC""",
        [start.isoformat(), end.isoformat()],
    ).fetchall()


def five_a_count(db: Database, year: int, as_of: dt.date, base: float, a_threshold: float) -> int:
    """Members on the roll whose every dimension reaches the A line and who have no veto, in SQL.

    A dimension is base + net points; members without entries in a dimension sit at the base, which is
    never below the A line (rules are validated so), so only dimensions with entries can fail.
    """
    sql = f"""
        WITH roll AS (SELECT m.id FROM members m WHERE {on_roll()}),
             failing AS (
                SELECT DISTINCT l.member_id FROM point_ledger l
                WHERE l.year = :year AND l.date <= :as_of
                GROUP BY l.member_id, l.dimension
                HAVING SUM(l.points) < :gap OR SUM(l.veto) > 0)
        SELECT (SELECT count(*) FROM roll) - (SELECT count(*) FROM failing WHERE member_id IN (SELECT id FROM roll))"""
    params = {"as_of": as_of.isoformat(), "year": year, "gap": a_threshold - base - 1e-9}
    return db.execute(sql, params).fetchone()[0]
