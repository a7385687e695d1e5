"""`djrh check`: everything that can be verified about a data file, as Chinese sentences."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

from . import audit, ledger

REQUIRED_TRIGGERS = {
    "audit_log_no_update": "审计日志防修改触发器",
    "audit_log_no_delete": "审计日志防删除触发器",
    "point_ledger_no_update": "积分台账防修改触发器",
    "point_ledger_no_delete": "积分台账防删除触发器",
    "members_no_delete": "党员防删除触发器",
}


def quick_check(db: Database) -> list[str]:
    """The cheap check run when a file is opened."""
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [f"数据文件已损坏：{exc}"]
    return [] if rows == ["ok"] else [f"数据文件已损坏：{r}" for r in rows[:10]]


def check(db: Database) -> list[str]:
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as exc:
        return [f"数据文件已损坏：{exc}"]
    if rows != ["ok"]:
        return [f"完整性检查未通过：{r}" for r in rows[:20]]
    problems = []
    for table, rowid, parent, _ in db.execute("PRAGMA foreign_key_check").fetchall()[:50]:
        problems.append(f"表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name, label in REQUIRED_TRIGGERS.items():
        if name not in present:
            problems.append(f"{label}被删除（数据文件曾在本程序之外被修改）")
    problems += audit.verify(db)
    problems += ledger.verify(db, audit.ledger_ranges(db))
    problems += ledger.verify_reversals(db)
    return problems
