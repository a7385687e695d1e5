"""The 党建与业务融合 registers as stored: 党员先锋阵地 (members, results), 联合检查 (branches, 限期整改 items),
党建品牌 and 一岗双责责任书."""

from __future__ import annotations

from sqlite_utils import Database

# The registers' own tables, written by the services through insert/update.
TABLES = ("fusion_posts", "fusion_post_results", "fusion_inspections", "fusion_rectifications", "fusion_brands")


def insert(db: Database, table: str, row: dict) -> int:
    assert table in TABLES, table
    return db[table].insert(row).last_pk


def update(db: Database, table: str, row_id: int, fields: dict) -> None:
    assert table in TABLES, table
    db[table].update(row_id, fields)


def put_post_member(db: Database, row: dict) -> None:
    """A member's stint in a post (one per member and post: a member who rejoins starts it again)."""
    db.execute("""INSERT OR REPLACE INTO fusion_post_members (post_id, member_id, role, joined_on, left_on, entry_id)
                  VALUES (:post_id, :member_id, :role, :joined_on, :left_on, :entry_id)""", row)  # fmt: skip


def set_post_member(db: Database, post_id: int, member_id: int, fields: dict) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in fields if k in ("role", "left_on"))
    db.execute(f"UPDATE fusion_post_members SET {sets} WHERE post_id = :post_id AND member_id = :member_id",
               {**fields, "post_id": post_id, "member_id": member_id})  # fmt: skip


def put_pledge(db: Database, row: dict) -> None:
    db.execute("""INSERT OR REPLACE INTO fusion_pledges (year, member_id, signed_on, note, recorded_by, recorded_at)
                  VALUES (:year, :member_id, :signed_on, :note, :recorded_by, :recorded_at)""", row)  # fmt: skip


def is_root(db: Database, org_id: int) -> bool:
    row = db.execute("SELECT parent_id IS NULL FROM orgs WHERE id = ?", [org_id]).fetchone()
    return bool(row and row[0])


# ---- 党员先锋阵地 ---------------------------------------------------------------------------------


def post(db: Database, post_id: int) -> dict | None:
    return next(iter(db.query("""SELECT p.*, o.name AS branch FROM fusion_posts p JOIN orgs o ON o.id = p.branch_id
                                 WHERE p.id = ?""", [post_id])), None)  # fmt: skip


def post_members(db: Database, post_id: int) -> list[dict]:
    return list(db.query("""SELECT pm.*, m.name FROM fusion_post_members pm JOIN members m ON m.id = pm.member_id
                            WHERE pm.post_id = ? ORDER BY pm.left_on IS NOT NULL, pm.role = '成员', pm.joined_on, m.name_pinyin""",
                         [post_id]))  # fmt: skip


def post_results(db: Database, post_id: int) -> list[dict]:
    return list(db.query("""SELECT * FROM fusion_post_results WHERE post_id = ? AND voided_at IS NULL
                            ORDER BY date DESC, id DESC""", [post_id]))  # fmt: skip


def result(db: Database, result_id: int) -> dict | None:
    return next(iter(db.query("SELECT * FROM fusion_post_results WHERE id = ?", [result_id])), None)


def posts_between(db: Database, start: str, end: str) -> list[dict]:
    """Posts standing at some time in [start, end] (not voided), with the members serving at end, by branch.
    Like every record, a post counts by its own dates."""
    return list(db.query(
        """SELECT p.id, p.kind, p.name, p.branch_id, o.name AS branch,
                  (SELECT count(*) FROM fusion_post_members pm WHERE pm.post_id = p.id AND pm.joined_on <= :end
                     AND (pm.left_on IS NULL OR pm.left_on > :end)) AS members
           FROM fusion_posts p JOIN orgs o ON o.id = p.branch_id
           WHERE p.voided_at IS NULL AND p.start_date <= :end AND (p.end_date IS NULL OR p.end_date >= :start)
           ORDER BY o.sort_order, o.id, p.id""", {"start": start, "end": end}))  # fmt: skip


def results_between(db: Database, start: str, end: str) -> list[dict]:
    """Results dated in [start, end] (not voided by end), with their post's branch."""
    return list(db.query(
        """SELECT r.*, p.branch_id, p.kind, p.name AS post FROM fusion_post_results r JOIN fusion_posts p ON p.id = r.post_id
           WHERE r.date BETWEEN :start AND :end AND p.voided_at IS NULL
             AND (r.voided_at IS NULL OR substr(r.voided_at, 1, 10) > :end)
           ORDER BY r.date, r.id""", {"start": start, "end": end}))  # fmt: skip


# ---- 联合检查 -------------------------------------------------------------------------------------


def inspection(db: Database, inspection_id: int) -> dict | None:
    row = next(iter(db.query("SELECT * FROM fusion_inspections WHERE id = ?", [inspection_id])), None)
    if row is not None:
        row["branch_ids"] = [b for (b,) in db.execute(
            "SELECT branch_id FROM fusion_inspection_branches WHERE inspection_id = ? ORDER BY branch_id", [inspection_id])]  # fmt: skip
    return row


def set_inspection_branches(db: Database, inspection_id: int, branch_ids: list[int]) -> None:
    db.execute("DELETE FROM fusion_inspection_branches WHERE inspection_id = ?", [inspection_id])
    db.conn.executemany("INSERT INTO fusion_inspection_branches (inspection_id, branch_id) VALUES (?, ?)",
                        [(inspection_id, b) for b in sorted(set(branch_ids))])  # fmt: skip


def rectifications(db: Database, inspection_id: int) -> list[dict]:
    return list(db.query("""SELECT r.*, o.name AS branch FROM fusion_rectifications r JOIN orgs o ON o.id = r.branch_id
                            WHERE r.inspection_id = ? ORDER BY r.id""", [inspection_id]))  # fmt: skip


def rectification(db: Database, item_id: int) -> dict | None:
    return next(iter(db.query("SELECT * FROM fusion_rectifications WHERE id = ?", [item_id])), None)


_LIVE_INSPECTION = "i.voided_at IS NULL"


def open_rectifications(db: Database, as_of: str) -> list[dict]:
    """限期整改 items of inspections by as_of not closed by then, with their inspection and branch, by due date."""
    return list(db.query(
        f"""SELECT r.*, o.name AS branch, i.date AS inspected_on, i.kind FROM fusion_rectifications r
            JOIN fusion_inspections i ON i.id = r.inspection_id JOIN orgs o ON o.id = r.branch_id
            WHERE {_LIVE_INSPECTION} AND i.date <= :as_of AND (r.closed_on IS NULL OR r.closed_on > :as_of)
            ORDER BY r.due_date, r.id""", {"as_of": as_of}))  # fmt: skip


def rectifications_made(db: Database, as_of: str, branch_id: int | None = None) -> int:
    """限期整改 items of the inspections up to as_of (not voided), in one branch or all."""
    return db.execute(f"""SELECT count(*) FROM fusion_rectifications r JOIN fusion_inspections i ON i.id = r.inspection_id
                          WHERE {_LIVE_INSPECTION} AND i.date <= ? AND (? IS NULL OR r.branch_id = ?)""",
                      [as_of, branch_id, branch_id]).fetchone()[0]  # fmt: skip


def branch_rectifications(db: Database, branch_id: int, start: str, end: str) -> list[dict]:
    """A branch's 限期整改 items from inspections dated in [start, end]."""
    return list(db.query(f"""SELECT r.* FROM fusion_rectifications r JOIN fusion_inspections i ON i.id = r.inspection_id
                             WHERE {_LIVE_INSPECTION} AND r.branch_id = ? AND i.date BETWEEN ? AND ? ORDER BY r.id""",
                         [branch_id, start, end]))  # fmt: skip


def inspections_between(db: Database, start: str, end: str) -> list[dict]:
    """Inspections dated in [start, end] (not voided), each with its branch ids and items' counts."""
    rows = list(db.query(
        f"""SELECT i.*, (SELECT count(*) FROM fusion_rectifications r WHERE r.inspection_id = i.id) AS items
            FROM fusion_inspections i WHERE {_LIVE_INSPECTION} AND i.date BETWEEN :start AND :end
            ORDER BY i.date, i.id""", {"start": start, "end": end}))  # fmt: skip
    branches: dict[int, list[int]] = {}
    for iid, bid in db.execute(
        """SELECT b.inspection_id, b.branch_id FROM fusion_inspection_branches b JOIN fusion_inspections i
           ON i.id = b.inspection_id WHERE i.date BETWEEN ? AND ?""", [start, end]):  # fmt: skip
        branches.setdefault(iid, []).append(bid)
    for r in rows:
        r["branch_ids"] = branches.get(r["id"], [])
    return rows


# ---- 党建品牌, 一岗双责责任书 ---------------------------------------------------------------------


def brands(db: Database) -> list[dict]:
    return list(db.query("""SELECT b.*, o.name AS org, o.kind AS org_kind FROM fusion_brands b JOIN orgs o ON o.id = b.org_id
                            WHERE b.voided_at IS NULL ORDER BY o.parent_id IS NOT NULL, o.sort_order, o.id, b.id"""))  # fmt: skip


def brand(db: Database, brand_id: int) -> dict | None:
    return next(iter(db.query("SELECT * FROM fusion_brands WHERE id = ?", [brand_id])), None)


def committee_of_year(db: Database, year: int) -> list[dict]:
    """The party committee (the root's committee) serving at some time in the year, with their 一岗双责
    责任书 of the year if signed."""
    start, end = f"{year}-01-01", f"{year}-12-31"
    return list(db.query(
        """SELECT m.id AS member_id, m.name, c.post, m.post AS title, m.branch_id, p.signed_on, p.note
           FROM org_committee c JOIN orgs r ON r.id = c.org_id AND r.parent_id IS NULL
           JOIN members m ON m.id = c.member_id
           LEFT JOIN fusion_pledges p ON p.member_id = m.id AND p.year = :year
           WHERE (c.start_date IS NULL OR c.start_date <= :end) AND (c.end_date IS NULL OR c.end_date > :start)
           GROUP BY m.id ORDER BY min(c.id)""", {"year": year, "start": start, "end": end}))  # fmt: skip
