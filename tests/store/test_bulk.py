import pytest

from djrh_desktop.store.bulk import deferred_indexes


def index_sql(db, table):
    return sorted(
        r[0]
        for r in db.execute(
            "SELECT sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name=?", [table]
        )
    )


def test_deferred_indexes_are_rebuilt_identically(db):
    before = index_sql(db, "point_ledger")
    assert before
    with db.atomic(), deferred_indexes(db, "point_ledger"):
        assert index_sql(db, "point_ledger") == []
    assert index_sql(db, "point_ledger") == before


def test_failure_inside_restores_indexes(db):
    before = index_sql(db, "meeting_attendance")
    with pytest.raises(RuntimeError), db.atomic(), deferred_indexes(db, "meeting_attendance"):
        raise RuntimeError("boom")
    assert index_sql(db, "meeting_attendance") == before
