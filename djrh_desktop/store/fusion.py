"""双领办 projects as stored: the project, its monthly reports and the committee's quarterly reviews."""

from __future__ import annotations

from sqlite_utils import Database

VIEW = """SELECT p.*, o.name AS branch, l.name AS leader, c.name AS co_leader,
                 (SELECT count(*) FROM fusion_progress g WHERE g.project_id = p.id) AS reports,
                 (SELECT g.value FROM fusion_progress g WHERE g.project_id = p.id AND g.value IS NOT NULL
                  ORDER BY g.month DESC LIMIT 1) AS latest_value
          FROM fusion_projects p JOIN orgs o ON o.id = p.branch_id
          LEFT JOIN members l ON l.id = p.leader_member_id LEFT JOIN members c ON c.id = p.co_leader_member_id"""


def insert(db: Database, row: dict) -> int:
    return db["fusion_projects"].insert(row).last_pk


def update(db: Database, project_id: int, fields: dict) -> None:
    db["fusion_projects"].update(project_id, fields)


def get(db: Database, project_id: int) -> dict | None:
    return next(iter(db.query(f"{VIEW} WHERE p.id = ?", [project_id])), None)


def of_year(db: Database, year: int, branch_id: int | None = None) -> list[dict]:
    """The year's projects (not voided), by branch in the tree's order."""
    sql = f"{VIEW} WHERE p.year = :year AND p.voided_at IS NULL"
    if branch_id is not None:
        sql += " AND p.branch_id = :branch"
    return list(db.query(sql + " ORDER BY o.sort_order, o.id, p.id", {"year": year, "branch": branch_id}))


def progress(db: Database, project_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM fusion_progress WHERE project_id = ? ORDER BY month", [project_id]))


def put_progress(db: Database, row: dict) -> None:
    db["fusion_progress"].upsert(row, pk=("project_id", "month"))


def reviews(db: Database, project_id: int) -> list[dict]:
    return list(db.query("SELECT * FROM fusion_reviews WHERE project_id = ? ORDER BY quarter", [project_id]))


def put_review(db: Database, row: dict) -> None:
    db["fusion_reviews"].upsert(row, pk=("project_id", "quarter"))


def reported_months(db: Database, year: int) -> dict[int, set[int]]:
    """Project id -> the months it has reported, for the year's projects."""
    out: dict[int, set[int]] = {}
    for pid, month in db.execute("""SELECT g.project_id, g.month FROM fusion_progress g JOIN fusion_projects p
                                    ON p.id = g.project_id WHERE p.year = ? AND p.voided_at IS NULL""", [year]):  # fmt: skip
        out.setdefault(pid, set()).add(month)
    return out


def progress_until(db: Database, year: int, as_of: str) -> list[tuple]:
    """(project id, month, value) of the year's reports made by the end of as_of."""
    return db.execute("""SELECT g.project_id, g.month, g.value FROM fusion_progress g JOIN fusion_projects p
                         ON p.id = g.project_id WHERE p.year = ? AND p.voided_at IS NULL
                         AND substr(g.reported_at, 1, 10) <= ? ORDER BY g.project_id, g.month""",
                      [year, as_of]).fetchall()  # fmt: skip


def latest_reviews(db: Database, year: int, as_of: str) -> dict[int, tuple]:
    """Project id -> (quarter, rating, comment) of its latest review made by the end of as_of."""
    out: dict[int, tuple] = {}
    for pid, quarter, rating, comment in db.execute(
        """SELECT r.project_id, r.quarter, r.rating, r.comment FROM fusion_reviews r JOIN fusion_projects p
           ON p.id = r.project_id WHERE p.year = ? AND substr(r.reviewed_at, 1, 10) <= ?
           ORDER BY r.project_id, r.quarter""", [year, as_of]):  # fmt: skip
        out[pid] = (quarter, rating, comment)
    return out


def counts(db: Database, year: int, months: tuple[int, ...], branch_id: int | None = None) -> dict[str, int]:
    """The year's projects (in one branch, or all) and their monthly reports for the given months."""
    clause = "" if branch_id is None else " AND p.branch_id = :branch"
    params = {"year": year, "branch": branch_id}
    projects = db.execute(f"SELECT count(*) FROM fusion_projects p WHERE p.year = :year AND p.voided_at IS NULL{clause}",
                          params).fetchone()[0]  # fmt: skip
    reports = db.execute(f"""SELECT count(*) FROM fusion_progress g JOIN fusion_projects p ON p.id = g.project_id
                             WHERE p.year = :year AND p.voided_at IS NULL{clause}
                             AND g.month IN ({', '.join(str(int(m)) for m in months)})""", params).fetchone()[0]  # fmt: skip
    return {"projects": projects, "progress_reports": reports}


def exists(db: Database, year: int, branch_id: int, title: str) -> bool:
    return db.execute("""SELECT 1 FROM fusion_projects WHERE year = ? AND branch_id = ? AND title = ? AND voided_at IS NULL""",
                      [year, branch_id, title]).fetchone() is not None  # fmt: skip
