"""User accounts in the file: lookup, creation, passwords, activity and the sign-in counters."""

from __future__ import annotations

from sqlite_utils import Database


def any_user(db: Database) -> bool:
    return "users" in db.table_names() and db.execute("SELECT 1 FROM users LIMIT 1").fetchone() is not None


def by_id(db: Database, user_id: int) -> dict | None:
    rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
    return rows[0] if rows else None


def by_name(db: Database, username: str) -> dict | None:
    rows = list(db.query("SELECT * FROM users WHERE username = ?", [username]))
    return rows[0] if rows else None


def insert(db: Database, row: dict) -> int:
    return db["users"].insert(row).last_pk


def set_fields(db: Database, user_id: int, **fields) -> None:
    """Update the named columns (password_hash, failed_count, locked_until, last_login, active)."""
    db.execute(f"UPDATE users SET {', '.join(f'{k} = ?' for k in fields)} WHERE id = ?", [*fields.values(), user_id])


def counters(db: Database, user_id: int) -> dict:
    row = db.execute("SELECT failed_count, locked_until FROM users WHERE id = ?", [user_id]).fetchone()
    return {"failed_count": row[0], "locked_until": row[1]}


def listing(db: Database) -> list[dict]:
    return list(db.query(
        "SELECT u.id, u.username, u.display_name, u.role, u.branch_id, o.name AS branch, u.member_id, u.active, "
        "u.locked_until, u.last_login FROM users u LEFT JOIN orgs o ON o.id = u.branch_id ORDER BY u.id"))  # fmt: skip
