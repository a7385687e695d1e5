"""The five-star rating rounds in the file: each year's frozen criteria, the branches' states,
scores, vetoes, steps and follow-up actions."""

from __future__ import annotations

from sqlite_utils import Database

from ..domain import rulesets
from ..domain import stars as rules
from ..domain.errors import NotFound
from . import queries


def round_rules(db: Database, year: int) -> rulesets.StarRules:
    row = db.execute("SELECT rules_json FROM rating_rounds WHERE year = ?", [year]).fetchone()
    if not row:
        raise NotFound(f"{year}年度评星定级尚未开启")
    return rulesets.stars_from_json(row[0])

def get_branch(db: Database, year: int, branch_id: int) -> dict:
    rows = list(db.query("SELECT * FROM rating_branches WHERE year = ? AND branch_id = ?", [year, branch_id]))
    if not rows:
        raise NotFound(f"{year}年度评星定级中没有该支部")
    return rows[0]

def scores(db: Database, year: int, branch_id: int, column: str) -> dict[str, float | None]:
    return {code: v for code, v in db.execute(
        f"SELECT item_code, {column} FROM rating_scores WHERE year = ? AND branch_id = ?", [year, branch_id])}  # fmt: skip

def vetoes(db: Database, year: int, branch_id: int) -> list[str]:
    return [
        r[0]
        for r in db.execute(
            "SELECT veto_code FROM rating_vetoes WHERE year = ? AND branch_id = ?", [year, branch_id]
        )
    ]

def evaluate_branch(db: Database, year: int, branch_id: int, column: str = "eval_score") -> rules.StarResult:
    rb = get_branch(db, year, branch_id)
    return rules.evaluate(round_rules(db, year), scores(db, year, branch_id, column), vetoes(db, year, branch_id),
                          bool(rb["certificate"]))  # fmt: skip

def distribution(db: Database, year: int, branch_id: int | None = None, as_of=None) -> dict[int, int]:
    """Branches per final level at as_of, 0–5 (levels with none included as 0)."""
    counts = {level: 0 for level in range(6)}
    for level, n in queries.star_levels(db, year, branch_id, as_of).items():
        counts[level] = n
    return counts


# A branch's proposed level from 党委考评 on: the evaluators' measured level, then the final level.
PROPOSED = """CASE WHEN rb.state = '定级' THEN rb.level
                   WHEN rb.state IN ('党委考评', '联审', '公示') THEN rb.eval_level END"""


def quota_warning(db: Database, year: int) -> str | None:
    try:
        r = round_rules(db, year)
    except NotFound:
        return None
    five, total, rated = db.execute(f"SELECT IFNULL(SUM(({PROPOSED}) = 5), 0), count(*), IFNULL(SUM(rb.state = '定级'), 0) "
                                    "FROM rating_branches rb WHERE rb.year = ?", [year]).fetchone()  # fmt: skip
    return rules.quota_message(r, five, total, settled=rated == total)


def five_star_counts(db: Database, year: int, branch_id: int | None = None) -> dict[str, int]:
    """申报五星 (applied at 自评 and submitted), 验收合格 (rated five stars), the proposed fives from 党委考评
    on, and the 复核 of the year's five-star branches (seed 003: "申报五星71个，验收合格59个")."""
    row = db.execute(
        f"""SELECT IFNULL(SUM(rb.self_level = 5 AND rb.state NOT IN ('未开始', '支部自评')), 0),
                   IFNULL(SUM(rb.state = '定级' AND rb.level = 5), 0), IFNULL(SUM(({PROPOSED}) = 5), 0),
                   IFNULL(SUM(rb.state = '定级' AND rb.level = 5 AND rb.recheck_result = '复核合格'), 0),
                   IFNULL(SUM(rb.state = '定级' AND rb.level = 5 AND rb.recheck_result = '复核不合格'), 0)
            FROM rating_branches rb WHERE rb.year = :year{queries._branch_clause("rb.branch_id", branch_id)}""",
        {"year": year, "branch": branch_id},
    ).fetchone()
    return dict(zip(("applied", "accepted", "proposed", "recheck_passed", "recheck_failed"), row, strict=True))

def waiting_steps(db: Database, year: int) -> list[tuple[int, str, str]]:
    """(branch id, branch name, state) of branches not yet rated in a year: the dashboard's to-do."""
    return db.execute(
        """SELECT rb.branch_id, o.name, rb.state FROM rating_branches rb JOIN orgs o ON o.id = rb.branch_id
           WHERE rb.year = ? AND rb.state != '定级' ORDER BY o.sort_order, o.id""",
        [year],
    ).fetchall()

def item_scores(db: Database, year: int, branch_id: int) -> dict[str, dict]:
    return {r["item_code"]: r for r in db.query(
        "SELECT * FROM rating_scores WHERE year = ? AND branch_id = ?", [year, branch_id])}  # fmt: skip

def vetoes_of(db: Database, year: int, branch_id: int) -> dict[str, str | None]:
    return dict(
        db.execute(
            "SELECT veto_code, note FROM rating_vetoes WHERE year = ? AND branch_id = ?", [year, branch_id]
        ).fetchall()
    )

def actions_of(db: Database, year: int, branch_id: int) -> list[dict]:
    return list(
        db.query(
            "SELECT * FROM rating_actions WHERE year = ? AND branch_id = ? ORDER BY id", [year, branch_id]
        )
    )

def history(db: Database, year: int, branch_id: int) -> list[dict]:
    return list(
        db.query("SELECT * FROM rating_steps WHERE year = ? AND branch_id = ? ORDER BY id", [year, branch_id])
    )


def round_exists(db: Database, year: int) -> bool:
    return db.execute("SELECT 1 FROM rating_rounds WHERE year = ?", [year]).fetchone() is not None


def open_round(db: Database, year: int, rules_json: str, at: str, user_id: int | None, branches: list[int]) -> None:
    """The round with its frozen criteria, each branch at 未开始 with last year's final level."""
    prev = dict(db.execute(f"SELECT rb.branch_id, {queries.effective_level()} FROM rating_branches rb "
                           "WHERE rb.year = :y AND rb.state = '定级'", {"y": year - 1, "as_of": at[:10]}).fetchall())  # fmt: skip
    db["rating_rounds"].insert({"year": year, "rules_json": rules_json, "opened_at": at, "opened_by": user_id})
    db["rating_branches"].insert_all(
        {"year": year, "branch_id": b, "state": "未开始", "previous_level": prev.get(b), "updated_at": at}
        for b in branches
    )


def put_scores(db: Database, year: int, branch_id: int, column: str, note_column: str,
               scores: dict[str, tuple[float | None, str | None]]) -> None:  # fmt: skip
    for code, (v, note) in scores.items():
        db.execute(
            f"""INSERT INTO rating_scores (year, branch_id, item_code, {column}, {note_column}) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (year, branch_id, item_code) DO UPDATE SET {column} = excluded.{column},
                {note_column} = excluded.{note_column}""",
            [year, branch_id, code, v, note],
        )


def update_branch(db: Database, year: int, branch_id: int, fields: dict) -> None:
    db.execute(f"UPDATE rating_branches SET {', '.join(f'{k} = ?' for k in fields)} WHERE year = ? AND branch_id = ?",
               [*fields.values(), year, branch_id])  # fmt: skip


def add_step(db: Database, step: dict) -> None:
    db["rating_steps"].insert(step)


def replace_vetoes(db: Database, year: int, branch_id: int, vetoes: dict[str, str | None]) -> None:
    db.execute("DELETE FROM rating_vetoes WHERE year = ? AND branch_id = ?", [year, branch_id])
    db["rating_vetoes"].insert_all(
        {"year": year, "branch_id": branch_id, "veto_code": c, "note": (n or "").strip() or None}
        for c, n in vetoes.items()
    )


def refresh_previous_level(db: Database, year: int, branch_id: int, previous: int) -> None:
    """After a 复核, next year's 上年星级 (and its 升降 once rated) follow the branch's level."""
    row = db.execute("SELECT level FROM rating_branches WHERE year = ? AND branch_id = ?", [year, branch_id]).fetchone()
    if row is None:
        return
    fields = {"previous_level": previous}
    if row[0] is not None:
        fields["trend"] = rules.trend(previous, row[0])
    update_branch(db, year, branch_id, fields)


def insert_action(db: Database, row: dict) -> int:
    return db["rating_actions"].insert(row).last_pk


def get_action(db: Database, action_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM rating_actions WHERE id = ?", [action_id]))
    return rows[0] if rows else None


def update_action(db: Database, action_id: int, fields: dict) -> None:
    db["rating_actions"].update(action_id, fields)


def branch_rows(db: Database, year: int) -> list[dict]:
    """The year's branches with their state, levels and veto codes, in the tree's order."""
    return list(db.query(
        """SELECT rb.*, o.name AS branch,
                  (SELECT group_concat(v.veto_code) FROM rating_vetoes v
                   WHERE v.year = rb.year AND v.branch_id = rb.branch_id) AS vetoes
           FROM rating_branches rb JOIN orgs o ON o.id = rb.branch_id
           WHERE rb.year = ? ORDER BY o.sort_order, o.id""",
        [year],
    ))  # fmt: skip


def rounds_opened(db: Database, as_of) -> list[int]:
    """The rating years opened on or before as_of, newest first."""
    return [y for (y,) in db.execute("SELECT year FROM rating_rounds WHERE substr(opened_at, 1, 10) <= ? "
                                     "ORDER BY year DESC", [as_of.isoformat()])]  # fmt: skip


def rows_at(db: Database, year: int, as_of) -> list[dict]:
    """The round's branches as they stood at the end of as_of: the state their last step by then reached,
    and the level (复核不合格 applied from its date) only where that state is 定级."""
    return list(db.query(
        f"""SELECT rb.branch_id, o.name AS branch, rb.self_level, rb.eval_level, rb.level, rb.certificate, rb.recheck_result,
                  rb.recheck_date, rb.recheck_note, rb.previous_level, rb.trend, rb.stars_lit, rb.liaison_name,
                  rb.publicity_start, rb.publicity_end,
                  IFNULL((SELECT st.to_state FROM rating_steps st WHERE st.year = rb.year AND st.branch_id = rb.branch_id
                          AND substr(st.at, 1, 10) <= :as_of ORDER BY st.at DESC, st.id DESC LIMIT 1), '未开始') AS state,
                  {queries.effective_level()} AS level_then
           FROM rating_branches rb JOIN orgs o ON o.id = rb.branch_id
           WHERE rb.year = :year ORDER BY o.sort_order, o.id""",
        {"year": year, "as_of": as_of.isoformat()}))  # fmt: skip
