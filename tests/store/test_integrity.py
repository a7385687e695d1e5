"""Ledger and audit rows cannot be changed by the program, and changes made from outside are found."""

import sqlite3

import pytest

from djrh_desktop.services import points
from djrh_desktop.services.points import Posting
from djrh_desktop.store import integrity


@pytest.fixture
def posted(admin, org_tree):
    p = org_tree["people"]
    points.batch_post(admin, [p["张三"], p["李四"], p["王芳"]], Posting("A1-01", "2026-03-01"))
    points.batch_post(admin, [p["赵六"]], Posting("A3-01", "2026-03-02", note="抢险"))
    return admin.db


def outside(db):
    """A connection as someone editing the file with another tool, with our triggers removed."""
    for name in (
        "point_ledger_no_update",
        "point_ledger_no_delete",
        "audit_log_no_update",
        "audit_log_no_delete",
    ):
        db.execute(f"DROP TRIGGER {name}")
    return db


def test_clean_file_passes(posted):
    assert integrity.check(posted) == []


def test_program_cannot_update_or_delete_ledger_and_audit(posted):
    for sql in (
        "UPDATE point_ledger SET points = 99",
        "DELETE FROM point_ledger",
        "UPDATE audit_log SET summary = 'x'",
        "DELETE FROM audit_log WHERE id = 1",
        "DELETE FROM members",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="只能|不能删除"):
            posted.execute(sql)


def test_edited_ledger_row_is_named(posted):
    outside(posted).execute("UPDATE point_ledger SET points = 5 WHERE id = 2")
    problems = integrity.check(posted)
    assert "积分台账第 2 条记录被改动" in problems
    assert any("防修改触发器被删除" in p for p in problems)


def test_deleted_ledger_row_is_named(posted):
    outside(posted).execute("DELETE FROM point_ledger WHERE id = 4")
    assert any("积分台账第 4 条记录被删除" in p for p in integrity.check(posted))


def test_ledger_row_added_from_outside_is_named(posted):
    db = outside(posted)
    db.execute(
        "INSERT INTO point_ledger (member_id, year, date, item_id, dimension, quantity, points, source, recorded_at, "
        "row_hash) SELECT member_id, year, date, item_id, dimension, quantity, 30, source, recorded_at, 0 "
        "FROM point_ledger WHERE id = 1"
    )
    assert any("第 5 条记录不是由本程序写入的" in p for p in integrity.check(db))


def test_rehashed_ledger_row_caught_by_audit_digest(posted):
    from djrh_desktop.store import ledger

    db = outside(posted)
    db.execute("UPDATE point_ledger SET points = 9 WHERE id = 2")
    row = db.execute(f"SELECT {', '.join(ledger.COLUMNS)} FROM point_ledger WHERE id = 2").fetchone()
    db.execute("UPDATE point_ledger SET row_hash = ? WHERE id = 2", [ledger.row_hash(row)])
    assert any("摘要不符" in p for p in integrity.check(db))


def test_deleted_and_edited_audit_rows_are_named(posted):
    db = outside(posted)
    last = db.execute("SELECT max(id) FROM audit_log").fetchone()[0]
    db.execute("UPDATE audit_log SET username = '别人' WHERE id = 2")
    db.execute("DELETE FROM audit_log WHERE id = 3")
    problems = integrity.check(db)
    assert any("审计日志第 2 条记录" in p and "被改动" in p for p in problems)
    assert "审计日志第 3 条记录被删除" in problems
    db.execute("DELETE FROM audit_log WHERE id = ?", [last])
    assert any(f"第 {last}" in p and "被删除" in p for p in integrity.check(db))
