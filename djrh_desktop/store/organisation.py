"""The organisation tree, departments, committees, 分管 relations and members in the file."""

from __future__ import annotations

from sqlite_utils import Database


def get_org(db: Database, org_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM orgs WHERE id = ?", [org_id]))
    return rows[0] if rows else None


def org_name_taken(db: Database, parent_id: int | None, name: str) -> bool:
    return db.execute("SELECT 1 FROM orgs WHERE parent_id IS ? AND name = ?", [parent_id, name]).fetchone() is not None


def insert_org(db: Database, row: dict) -> int:
    return db["orgs"].insert(row).last_pk


def rename_org(db: Database, org_id: int, name: str) -> None:
    db.execute("UPDATE orgs SET name = ? WHERE id = ?", [name, org_id])


def root_org(db: Database) -> int:
    return db.execute("SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1").fetchone()[0]


def branch_named(db: Database, name: str) -> int | None:
    row = db.execute("SELECT id FROM orgs WHERE kind = '党支部' AND name = ?", [name]).fetchone()
    return row[0] if row else None


def department_exists(db: Database, *, name: str | None = None, department_id: int | None = None) -> bool:
    if name is not None:
        return db.execute("SELECT 1 FROM departments WHERE name = ?", [name]).fetchone() is not None
    return db.execute("SELECT 1 FROM departments WHERE id = ?", [department_id]).fetchone() is not None


def insert_department(db: Database, name: str) -> int:
    return db["departments"].insert({"name": name}).last_pk


def get_member(db: Database, member_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM members WHERE id = ?", [member_id]))
    return rows[0] if rows else None


def member_with_id_number(db: Database, id_number: str) -> tuple[int, str] | None:
    return db.execute("SELECT id, name FROM members WHERE id_number = ?", [id_number]).fetchone()


def members_by_key(db: Database, key: str) -> list[tuple[int, int]]:
    """(id, branch id) of members whose ID number or name is the key."""
    return db.execute("SELECT id, branch_id FROM members WHERE id_number = ? OR name = ?", [key.upper(), key]).fetchall()


def insert_member(db: Database, row: dict) -> int:
    return db["members"].insert(row).last_pk


def update_member(db: Database, member_id: int, fields: dict) -> None:
    db["members"].update(member_id, fields)


def change_status(db: Database, member_id: int, status: str, left: str | None, log: dict) -> None:
    db.execute("UPDATE members SET status = ?, left_date = ?, updated_at = ? WHERE id = ?",
               [status, left, log["at"], member_id])  # fmt: skip
    db["member_status_log"].insert(log)


def appoint(db: Database, org_id: int, member_id: int, post: str, start: str) -> int:
    """The member takes the post from start; whoever held it leaves it that day."""
    db.execute("UPDATE org_committee SET end_date = ? WHERE org_id = ? AND post = ? AND end_date IS NULL",
               [start, org_id, post])  # fmt: skip
    return db["org_committee"].insert({"org_id": org_id, "member_id": member_id, "post": post,
                                       "start_date": start}).last_pk  # fmt: skip


def committee(db: Database, org_id: int) -> list[dict]:
    """Current committee posts: post, member id, name, since."""
    return list(db.query(
        """SELECT c.post, c.member_id, m.name, c.start_date FROM org_committee c JOIN members m ON m.id = c.member_id
           WHERE c.org_id = ? AND c.end_date IS NULL ORDER BY c.id""", [org_id]))  # fmt: skip


def departments_of_leader(db: Database, member_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT department_id FROM leader_departments WHERE member_id = ?", [member_id])]


def set_leader_departments(db: Database, member_id: int, department_ids: list[int]) -> None:
    db.execute("DELETE FROM leader_departments WHERE member_id = ?", [member_id])
    db["leader_departments"].insert_all([{"member_id": member_id, "department_id": d} for d in department_ids])


def member_labels(db: Database, ids: list[int]) -> dict[int, tuple[str, str]]:
    """Member id -> (name, branch name)."""
    out: dict[int, tuple[str, str]] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for mid, name, branch in db.execute(
            f"SELECT m.id, m.name, o.name FROM members m JOIN orgs o ON o.id = m.branch_id "
            f"WHERE m.id IN ({','.join('?' * len(part))})", part
        ):  # fmt: skip
            out[mid] = (name, branch)
    return out


def departments(db: Database) -> list[tuple[int, str]]:
    return db.execute("SELECT id, name FROM departments ORDER BY id").fetchall()


def tree(db: Database) -> list[dict]:
    """The organisations above 党小组 with the members on the roll in each (and its branches)."""
    return list(db.query(
        """SELECT o.id, o.name, o.kind, o.parent_id,
                  (SELECT count(*) FROM members m WHERE m.status = '在册' AND
                     (m.branch_id = o.id OR m.branch_id IN (SELECT id FROM orgs c WHERE c.parent_id = o.id))) AS members
           FROM orgs o WHERE o.active = 1 AND o.kind != '党小组' ORDER BY o.sort_order, o.id"""))  # fmt: skip


def branch_members(db: Database, branch_id: int, on_roll_only: bool) -> list[tuple[int, str]]:
    sql = "SELECT id, name FROM members WHERE branch_id = ?" + (" AND status = '在册'" if on_roll_only else "")
    return db.execute(sql + " ORDER BY name_pinyin", [branch_id]).fetchall()


def group_members(db: Database, group_id: int) -> tuple[int | None, list[int]]:
    """The 党小组's branch and its members on the roll."""
    row = db.execute("SELECT parent_id FROM orgs WHERE id = ? AND kind = '党小组'", [group_id]).fetchone()
    ids = [m for (m,) in db.execute("SELECT id FROM members WHERE group_id = ? AND status = '在册'", [group_id])]
    return (row[0] if row else None), ids
