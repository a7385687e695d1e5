"""`djrh check`: everything that can be verified about a data file, as Chinese sentences."""

from __future__ import annotations

import sqlite3
from concurrent.futures import ThreadPoolExecutor

from sqlite_utils import Database

from . import audit, ledger

REQUIRED_TRIGGERS = {
    "audit_log_no_update": "审计日志防修改触发器",
    "audit_log_no_delete": "审计日志防删除触发器",
    "point_ledger_no_update": "积分台账防修改触发器",
    "point_ledger_no_delete": "积分台账防删除触发器",
    "members_no_delete": "党员防删除触发器",
}


def _pragma_check(conn: sqlite3.Connection, full: bool = False) -> list[str]:
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        return [f"数据文件已损坏：{exc}"]
    return [] if rows == ["ok"] else [f"数据文件已损坏：{r}" for r in rows[:20]]


def quick_check(db: Database) -> list[str]:
    """The cheap structural check run when a file is opened."""
    return _pragma_check(db.conn)


def _structure(path: str, full: bool) -> tuple[list[str], list[str]]:
    """SQLite's own checks (pages, then foreign keys) on a connection of their own, so they run beside
    the ledger re-hash on the other core (sqlite3 releases the GIL while SQLite works)."""
    conn = sqlite3.connect(path)
    try:
        damaged = _pragma_check(conn, full)
        return damaged, ([] if damaged else _foreign_keys(conn))
    finally:
        conn.close()


def _foreign_keys(conn: sqlite3.Connection) -> list[str]:
    return [f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在"
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check").fetchall()[:50]]  # fmt: skip


def check(db: Database, full: bool = False) -> list[str]:
    """Every problem found, in Chinese. full=True runs SQLite's slower integrity_check (which also
    compares every index with its table) instead of quick_check."""
    path = db.execute("PRAGMA database_list").fetchone()[2]
    if not path:  # an in-memory database
        return _pragma_check(db.conn, full) or _foreign_keys(db.conn) or _records(db)
    with ThreadPoolExecutor(max_workers=1) as pool:
        structural = pool.submit(_structure, path, full)
        try:
            records = _records(db)
        except sqlite3.DatabaseError as exc:
            records = [f"数据文件已损坏：{exc}"]
        damaged, dangling = structural.result()
    return damaged or dangling + records  # on a damaged file, the record checks mean little


def _records(db: Database) -> list[str]:
    problems = []
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name, label in REQUIRED_TRIGGERS.items():
        if name not in present:
            problems.append(f"{label}被删除（数据文件曾在本程序之外被修改）")
    problems += audit.verify(db)
    problems += ledger.verify(db, audit.ledger_ranges(db))
    problems += ledger.verify_reversals(db)
    return problems
