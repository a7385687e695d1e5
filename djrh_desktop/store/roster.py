"""What a roster or point import reads and writes in bulk: name → id maps, the stored members, and
the batch insert and update."""

from __future__ import annotations

from sqlite_utils import Database


def branch_ids(db: Database) -> dict[str, int]:
    return {n: i for i, n in db.execute("SELECT id, name FROM orgs WHERE kind = '党支部'")}


def department_ids(db: Database) -> dict[str, int]:
    return {n: i for i, n in db.execute("SELECT id, name FROM departments")}


def members(db: Database, columns: list[str]) -> dict[int, dict]:
    """Every member's id -> the given columns (as a dict)."""
    return {r["id"]: r for r in db.query(f"SELECT id, {', '.join(columns)} FROM members")}


def statuses(db: Database) -> dict[int, tuple[str, str | None]]:
    """Every member's id -> (状态, 离开日期)."""
    return {i: (st, left) for i, st, left in db.execute("SELECT id, status, left_date FROM members")}


def last_member_id(db: Database) -> int:
    return db.execute("SELECT IFNULL(MAX(id), 0) FROM members").fetchone()[0]


def member_ids_after(db: Database, after: int) -> list[int]:
    """The ids of members inserted after `after`, in insertion order."""
    return [i for (i,) in db.execute("SELECT id FROM members WHERE id > ? ORDER BY id", [after])]


def member_tuples(db: Database, columns: list[str]) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in db.execute(f"SELECT id, {', '.join(columns)} FROM members")}


def add_branch(db: Database, name: str, parent_id: int, at: str) -> int:
    return db["orgs"].insert({"name": name, "kind": "党支部", "parent_id": parent_id, "created_at": at}).last_pk


def add_department(db: Database, name: str) -> int:
    return db["departments"].insert({"name": name}).last_pk


def update_members(db: Database, columns: list[str], changes: list[tuple]) -> None:
    """Each change: the column values in order, then updated_at, then the member id."""
    db.conn.executemany(f"UPDATE members SET {', '.join(f'{c} = ?' for c in columns)}, updated_at = ? WHERE id = ?",
                        changes)  # fmt: skip


def insert_members(db: Database, rows: list[dict]) -> None:
    if rows:
        db["members"].insert_all(rows)


def members_by_id_number(db: Database) -> dict[str, tuple[int, int, str]]:
    """ID number -> (id, branch id, status)."""
    return {n: (i, b, st) for i, n, b, st in db.execute(
        "SELECT id, id_number, branch_id, status FROM members WHERE id_number IS NOT NULL")}  # fmt: skip


def members_with_branch_names(db: Database) -> list[tuple[int, str, str, int, str]]:
    """(id, name, branch name, branch id, status) of every member."""
    return db.execute("SELECT m.id, m.name, o.name, m.branch_id, m.status FROM members m "
                      "JOIN orgs o ON o.id = m.branch_id").fetchall()  # fmt: skip


def year_items(db: Database, year: int) -> list[dict]:
    return list(db.query("SELECT id, code, dimension, veto FROM point_items WHERE year = ?", [year]))


def used(db: Database, member_id: int, item_id: int) -> float:
    return db.execute("SELECT ifnull(sum(points), 0) FROM point_ledger WHERE member_id = ? AND item_id = ?",
                      [member_id, item_id]).fetchone()[0]  # fmt: skip
