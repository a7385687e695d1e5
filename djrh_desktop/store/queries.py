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


def branch_count(db: Database, branch_id: int | None = None) -> int:
    if branch_id is not None:
        return db.execute("SELECT count(*) FROM orgs WHERE id = ? AND kind = '党支部' AND active = 1", [branch_id]).fetchone()[0]
    return db.execute("SELECT count(*) FROM orgs WHERE kind = '党支部' AND active = 1").fetchone()[0]


def _branch_clause(column: str, branch_id: int | None) -> str:
    return "" if branch_id is None else f" AND {column} = :branch"


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


def monthly_points(db: Database, year: int, as_of: dt.date, branch_id: int | None = None,
                   since: dt.date | None = None) -> list[tuple]:  # fmt: skip
    """(month, entries, members, points gained, points deducted) of a year's ledger from since (default: the
    year's start) up to as_of, per month of the entry's date (月度积分统计); a reversal counts in the month
    it was posted."""
    sql = """SELECT CAST(substr(l.date, 6, 2) AS INTEGER), count(*), count(DISTINCT l.member_id),
                    ROUND(IFNULL(SUM(CASE WHEN l.points > 0 THEN l.points END), 0), 2),
                    ROUND(IFNULL(SUM(CASE WHEN l.points < 0 THEN l.points END), 0), 2)
             FROM point_ledger l WHERE l.year = :year AND l.date BETWEEN :since AND :as_of"""
    params = {"year": year, "as_of": as_of.isoformat(), "since": (since or dt.date(year, 1, 1)).isoformat()}
    if branch_id is not None:
        sql += " AND l.member_id IN (SELECT id FROM members WHERE branch_id = :branch)"
        params["branch"] = branch_id
    return db.execute(sql + " GROUP BY 1 ORDER BY 1", params).fetchall()


def roll_members(db: Database, as_of: dt.date, branch_id: int | None = None,
                 categories: list[str] | None = None) -> list[dict]:  # fmt: skip
    """Members on the roll at as_of with the fields rankings show (of the given 人员类别, if any)."""
    sql = f"""SELECT m.id, m.name, m.name_pinyin, m.party_status, m.branch_id, o.name AS branch
              FROM members m JOIN orgs o ON o.id = m.branch_id WHERE {on_roll()}"""
    params: dict = {"as_of": as_of.isoformat()}
    if branch_id is not None:
        sql += " AND m.branch_id = :branch"
        params["branch"] = branch_id
    if categories:
        sql += f" AND m.category IN ({', '.join(f':c{i}' for i in range(len(categories)))})"
        params.update({f"c{i}": c for i, c in enumerate(categories)})
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


def quarter_counts(db: Database, start: dt.date, end: dt.date, branch_id: int | None = None) -> dict[str, int]:
    """人次 and counts for the quarterly figures, all over indexed date columns (one branch, or all)."""
    p = {"s": start.isoformat(), "e": end.isoformat(), "branch": branch_id}
    one = lambda sql: db.execute(sql, p).fetchone()[0]  # noqa: E731
    talk = " AND t.voided_at IS NULL" + _branch_clause("t.branch_id", branch_id)
    visit = " AND voided_at IS NULL" + _branch_clause("branch_id", branch_id)
    meeting = _branch_clause("branch_id", branch_id)
    ledger = "" if branch_id is None else " AND member_id IN (SELECT id FROM members WHERE branch_id = :branch)"
    return {
        "talks": one(
            f"SELECT count(*) FROM talk_talkees tt JOIN talks t ON t.id = tt.talk_id WHERE t.date BETWEEN :s AND :e{talk}"
        ),
        "talk_records": one(f"SELECT count(*) FROM talks t WHERE t.date BETWEEN :s AND :e{talk}"),
        "visits": one(f"SELECT count(*) FROM visits WHERE date BETWEEN :s AND :e{visit}"),
        "pledges": one(
            f"SELECT count(*) FROM visits WHERE pledge_signed = 1 AND pledge_date BETWEEN :s AND :e{visit}"
        ),
        "meetings": one(f"SELECT count(*) FROM meetings WHERE date BETWEEN :s AND :e AND voided_at IS NULL{meeting}"),
        "point_entries": one(f"SELECT count(*) FROM point_ledger WHERE date BETWEEN :s AND :e{ledger}"),
    }


def attendance_and_study(db: Database, start: dt.date, end: dt.date, branch_id: int | None = None) -> dict:
    """参会率 of the period's meetings (出席 over everyone expected) and the collective study held: sessions
    (batches of a 集中学习 item) and 人次 (entries no reversal cancels). `+reverses_id`: by the date index, not
    the reversal one (nearly every entry has none: a scan of the whole ledger, 0.4 s on a county file)."""
    p = {"s": start.isoformat(), "e": end.isoformat(), "branch": branch_id}
    present, expected = db.execute(
        f"""SELECT IFNULL(SUM(a.status = '出席'), 0), count(*) FROM meeting_attendance a
            JOIN meetings t ON t.id = a.meeting_id
            WHERE t.date BETWEEN :s AND :e AND t.voided_at IS NULL{_branch_clause("t.branch_id", branch_id)}""", p).fetchone()
    sessions, people = db.execute(
        f"""SELECT count(DISTINCT IFNULL(l.batch_id, l.date)), count(*) FROM point_ledger l JOIN point_items i ON i.id = l.item_id
            WHERE l.date BETWEEN :s AND :e AND i.name LIKE '%集中学习%' AND l.points >= 0 AND +l.reverses_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM point_ledger r WHERE r.reverses_id = l.id)
              {"" if branch_id is None else "AND l.member_id IN (SELECT id FROM members WHERE branch_id = :branch)"}""", p).fetchone()
    return {"present": present, "expected": expected, "rate": present / expected if expected else None,
            "study_sessions": sessions, "study_people": people}  # fmt: skip


def effective_level(alias: str = "rb", param: str = "as_of") -> str:
    """A rated branch's level at :as_of: 复核不合格 removes the fifth star from the 复核 date (摘星)."""
    return (f"(CASE WHEN {alias}.recheck_result = '复核不合格' AND {alias}.recheck_date <= :{param} "
            f"THEN MIN({alias}.level, 4) ELSE {alias}.level END)")  # fmt: skip


def star_levels(db: Database, year: int, branch_id: int | None = None, as_of: dt.date | None = None) -> dict[int, int]:
    """Branches per level (定级) in a rating year, as they stand at as_of (default: today)."""
    rows = db.execute(
        f"SELECT {effective_level()}, count(*) FROM rating_branches rb WHERE rb.year = :year AND rb.state = '定级' "
        f"AND rb.level IS NOT NULL{_branch_clause('rb.branch_id', branch_id)} GROUP BY 1",
        {"year": year, "branch": branch_id, "as_of": (as_of or dt.date.today()).isoformat()},
    ).fetchall()
    return {int(level): n for level, n in rows}


def talks_by_type(db: Database, start: dt.date, end: dt.date, branch_id: int | None = None) -> list[tuple[str, int]]:
    """人次 per talk type."""
    return db.execute(
        f"""SELECT t.type, count(*) FROM talk_talkees tt JOIN talks t ON t.id = tt.talk_id
           WHERE t.date BETWEEN :s AND :e AND t.voided_at IS NULL{_branch_clause("t.branch_id", branch_id)}
           GROUP BY t.type ORDER BY count(*) DESC, t.type""",
        {"s": start.isoformat(), "e": end.isoformat(), "branch": branch_id},
    ).fetchall()


def talks_by_talker(db: Database, start: dt.date, end: dt.date, branch_id: int | None = None,
                    limit: int = 10) -> list[tuple[str, int]]:  # fmt: skip
    """人次 per talker, most first."""
    return db.execute(
        f"""SELECT k.name, count(*) FROM talk_talkers k JOIN talks t ON t.id = k.talk_id
           JOIN talk_talkees x ON x.talk_id = t.id
           WHERE t.date BETWEEN :s AND :e AND t.voided_at IS NULL{_branch_clause("t.branch_id", branch_id)}
           GROUP BY k.name ORDER BY count(*) DESC, k.name LIMIT {int(limit)}""",
        {"s": start.isoformat(), "e": end.isoformat(), "branch": branch_id},
    ).fetchall()


def talks_by_month(db: Database, start: dt.date, end: dt.date, branch_id: int | None = None) -> list[tuple[str, int]]:
    """Talk records per month ("07", n)."""
    return db.execute(
        f"""SELECT substr(t.date, 6, 2), count(*) FROM talks t
           WHERE t.date BETWEEN :s AND :e AND t.voided_at IS NULL{_branch_clause("t.branch_id", branch_id)}
           GROUP BY 1 ORDER BY 1""",
        {"s": start.isoformat(), "e": end.isoformat(), "branch": branch_id},
    ).fetchall()


def five_a_count(db: Database, year: int, as_of: dt.date, r, branch_id: int | None = None) -> int:
    """Members on the roll whose every dimension reaches the A line and who have no veto, in SQL
    (scored as grade_counts scores them). `r` is the year's FiveARules."""
    sql, params = _member_scores(year, as_of, r, branch_id)
    return db.execute(f"{sql} SELECT count(*) FROM m WHERE NOT vetoed AND a_dims = :n", params).fetchone()[0]


# ---- talk coverage (PRODUCT.md 2.4) ---------------------------------------------------------------


def leader_departments(db: Database) -> dict[int, list[int]]:
    """党委班子成员 (member id) -> the departments they oversee (分管部门)."""
    out: dict[int, list[int]] = {}
    for mid, did in db.execute("SELECT member_id, department_id FROM leader_departments"):
        out.setdefault(mid, []).append(did)
    return out


def roll_departments(db: Database, as_of: dt.date) -> list[tuple[int, int | None, int]]:
    """(member id, department id, branch id) of members on the roll at as_of."""
    return db.execute(f"SELECT m.id, m.department_id, m.branch_id FROM members m WHERE {on_roll()}",
                      {"as_of": as_of.isoformat()}).fetchall()  # fmt: skip


def secretaries_on(db: Database, as_of: dt.date) -> dict[int, list[int]]:
    """Member id -> the branches whose 书记 they were at as_of."""
    out: dict[int, list[int]] = {}
    for org_id, mid in db.execute(
        "SELECT org_id, member_id FROM org_committee WHERE post = '书记' AND (start_date IS NULL OR start_date <= ?)"
        " AND (end_date IS NULL OR end_date > ?)", [as_of.isoformat(), as_of.isoformat()]
    ):  # fmt: skip
        out.setdefault(mid, []).append(org_id)
    return out


def talk_pairs_held(db: Database, start: dt.date, end: dt.date) -> list[tuple[int, int]]:
    """(talker id, talkee id) of talks held in [start, end]."""
    return db.execute(
        """SELECT DISTINCT tk.member_id, te.member_id FROM talks t
           JOIN talk_talkers tk ON tk.talk_id = t.id JOIN talk_talkees te ON te.talk_id = t.id
           WHERE t.date BETWEEN ? AND ? AND tk.member_id IS NOT NULL AND t.voided_at IS NULL""",
        [start.isoformat(), end.isoformat()],
    ).fetchall()


# ---- members by id (validation of the people a record names) -------------------------------------


def member_branches(db: Database, ids: list[int]) -> dict[int, int]:
    """Member id -> branch id, for the ids that exist."""
    out: dict[int, int] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        out.update(db.execute(f"SELECT id, branch_id FROM members WHERE id IN ({','.join('?' * len(part))})", part))
    return out


def member_name_post(db: Database, member_id: int) -> tuple[str, str | None] | None:
    return db.execute("SELECT name, post FROM members WHERE id = ?", [member_id]).fetchone()


def member_with_branch(db: Database, member_id: int) -> dict | None:
    rows = list(db.query(
        "SELECT m.*, o.name AS branch FROM members m JOIN orgs o ON o.id = m.branch_id WHERE m.id = ?", [member_id]))  # fmt: skip
    return rows[0] if rows else None


def five_star_rechecks(db: Database, year: int) -> list[tuple]:
    """(branch name, 复核 result, note, branch id) of the year's five-star branches."""
    return db.execute(
        """SELECT o.name, rb.recheck_result, rb.recheck_note, rb.branch_id FROM rating_branches rb
           JOIN orgs o ON o.id = rb.branch_id
           WHERE rb.year = ? AND rb.level = 5 AND rb.state = '定级' ORDER BY o.sort_order, o.id""", [year]
    ).fetchall()  # fmt: skip


# ---- organisation ------------------------------------------------------------------------------


def org_kind(db: Database, org_id: int) -> str | None:
    row = db.execute("SELECT kind FROM orgs WHERE id = ?", [org_id]).fetchone()
    return row[0] if row else None


def active_branches(db: Database) -> list[tuple[int, str]]:
    """(id, name) of the active branches in the tree's order."""
    return db.execute("SELECT id, name FROM orgs WHERE kind = '党支部' AND active = 1 ORDER BY sort_order, id").fetchall()


def org_name(db: Database, org_id: int) -> str:
    row = db.execute("SELECT name FROM orgs WHERE id = ?", [org_id]).fetchone()
    return row[0] if row else ""


def members_for_points(db: Database, ids: list[int]) -> dict[int, dict]:
    """id, name, branch and status of the given members."""
    found: dict[int, dict] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for r in db.query(f"SELECT id, name, branch_id, status FROM members WHERE id IN ({','.join('?' * len(part))})", part):
            found[r["id"]] = r
    return found


TALKER_CATEGORIES = ("党委班子成员", "支部书记", "纪检委员", "其他")


def talks_by_talker_category(db: Database, start: dt.date, end: dt.date, branch_id: int | None = None) -> dict[str, int]:
    """人次 by the talker's category on the talk's date (seed 002): 党委班子成员 (a committee post of the 党委),
    支部书记 (书记 of a 党支部), 纪检委员, or 其他 (other members and people outside the roster)."""
    held = """EXISTS (SELECT 1 FROM org_committee c JOIN orgs o ON o.id = c.org_id
                      WHERE c.member_id = k.member_id AND {cond}
                        AND (c.start_date IS NULL OR c.start_date <= t.date) AND (c.end_date IS NULL OR c.end_date > t.date))"""
    category = f"""CASE WHEN {held.format(cond="o.parent_id IS NULL")} THEN '党委班子成员'
                        WHEN {held.format(cond="o.kind = '党支部' AND c.post = '书记'")} THEN '支部书记'
                        WHEN {held.format(cond="c.post = '纪检委员'")} THEN '纪检委员'
                        ELSE '其他' END"""
    rows = db.execute(
        f"""SELECT category, count(*) FROM (
              SELECT DISTINCT t.id, x.member_id, {category} AS category
              FROM talks t JOIN talk_talkers k ON k.talk_id = t.id JOIN talk_talkees x ON x.talk_id = t.id
              WHERE t.date BETWEEN :s AND :e AND t.voided_at IS NULL{_branch_clause("t.branch_id", branch_id)})
            GROUP BY category""",
        {"s": start.isoformat(), "e": end.isoformat(), "branch": branch_id},
    ).fetchall()
    found = dict(rows)
    return {c: found.get(c, 0) for c in TALKER_CATEGORIES}


def _member_scores(year: int, as_of: dt.date, r, branch_id: int | None) -> tuple[str, dict]:
    """A WITH clause ending in `m` (id, total, vetoed, a_dims): each on-roll member scored as
    domain.points.score_year scores them: a dimension is base + net points kept within [0, dimension
    max], a dimension without entries sits at the (bounded) base."""
    top = r.dimension_max
    params = {"year": year, "as_of": as_of.isoformat(), "base": r.base, "top": top, "basec": max(0.0, min(top, r.base)),
              "n": len(r.dimension_codes), "line": r.a_threshold, "basic": r.grade_basic,
              "excellent": r.grade_excellent, "qualified": r.grade_qualified, "branch": branch_id}  # fmt: skip
    sql = f"""WITH roll AS (SELECT m.id FROM members m WHERE {on_roll()}{_branch_clause("m.branch_id", branch_id)}),
             d AS (SELECT l.member_id, l.dimension, MAX(0, MIN(:top, :base + SUM(l.points))) AS s, SUM(l.veto) AS v
                   FROM point_ledger l WHERE l.year = :year AND l.date <= :as_of
                   AND l.member_id IN (SELECT id FROM roll) GROUP BY l.member_id, l.dimension),
             m AS (SELECT roll.id, ROUND(IFNULL(SUM(d.s), 0) + (:n - COUNT(d.dimension)) * :basec, 2) AS total,
                          IFNULL(MAX(d.v > 0), 0) AS vetoed,
                          IFNULL(SUM(d.s >= :line), 0) + (:n - COUNT(d.dimension)) * (:basec >= :line) AS a_dims
                   FROM roll LEFT JOIN d ON d.member_id = roll.id GROUP BY roll.id)"""
    return sql, params


def grade_counts(db: Database, year: int, as_of: dt.date, r, branch_id: int | None = None) -> tuple[dict[str, int], int]:
    """Members on the roll at as_of per annual grade (优秀 only for a 5A member, any veto 不合格), and the
    5A members among them: one pass over the year's ledger for both."""
    sql, params = _member_scores(year, as_of, r, branch_id)
    rows = db.execute(
        f"""{sql}
        SELECT CASE WHEN vetoed OR total < :basic THEN '不合格'
                    WHEN total >= :excellent AND a_dims = :n THEN '优秀'
                    WHEN total >= :qualified THEN '合格' ELSE '基本合格' END, count(*),
               SUM(NOT vetoed AND a_dims = :n)
        FROM m GROUP BY 1""",
        params,
    ).fetchall()
    found = {g: n for g, n, _ in rows}
    return {g: found.get(g, 0) for g in ("优秀", "合格", "基本合格", "不合格")}, sum(five or 0 for _, _, five in rows)
