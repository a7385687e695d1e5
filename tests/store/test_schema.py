import sqlite3

import pytest

from djrh_desktop.domain.errors import DataFileError
from djrh_desktop.store import schema
from djrh_desktop.store.connection import open_db


def test_empty_file_migrates_to_current_version(tmp_path):
    db = open_db(tmp_path / "new.db", create=True)
    assert schema.upgrade(db) == len(schema.known_steps())
    assert schema.schema_version(db) == len(schema.known_steps())
    assert schema.upgrade(db) == 0  # idempotent
    for table in (
        "orgs",
        "members",
        "point_ledger",
        "rating_branches",
        "talks",
        "visits",
        "meetings",
        "audit_log",
    ):
        assert table in db.table_names()


def test_every_connection_has_the_pragmas(db):
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_foreign_keys_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO members (name, gender, party_status, category, branch_id, created_at, updated_at) "
            "VALUES ('甲', '男', '正式党员', '在职', 9999, '', '')"
        )


def test_file_from_newer_version_refused(db):
    db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('djrh', '9999_future', 'x')"
    )
    db.conn.commit()
    with pytest.raises(DataFileError, match="更新版本"):
        schema.upgrade(db)


def test_failing_migration_step_rolls_back(tmp_path, monkeypatch):
    db = open_db(tmp_path / "x.db", create=True)

    def broken(database):
        database.execute("CREATE TABLE half_done (id INTEGER)")
        raise RuntimeError("boom")

    steps = list(schema.migrations._migrations)
    monkeypatch.setattr(
        schema.migrations, "_migrations", steps + [schema.migrations._Migration("9000_broken", broken)]
    )
    with pytest.raises(RuntimeError):
        schema.upgrade(db)
    # One transaction around all pending steps: the file stays at the version it had (here: none).
    assert "half_done" not in db.table_names() and "members" not in db.table_names()
    assert schema.schema_version(db) == 0
    monkeypatch.setattr(schema.migrations, "_migrations", steps)
    schema.upgrade(db)
    monkeypatch.setattr(
        schema.migrations, "_migrations", steps + [schema.migrations._Migration("9000_broken", broken)]
    )
    with pytest.raises(RuntimeError):
        schema.upgrade(db)
    assert "half_done" not in db.table_names()
    assert "9000_broken" not in schema.applied_steps(db)
    assert schema.schema_version(db) == len(steps)


@pytest.mark.parametrize("content, message", [(b"hello, not a database" * 10, "不是本程序的数据文件")])
def test_not_sqlite_refused_in_chinese(tmp_path, content, message):
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    with pytest.raises(DataFileError, match=message):
        open_db(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DataFileError, match="不存在"):
        open_db(tmp_path / "none.db")
    with pytest.raises(DataFileError, match="文件夹"):
        open_db(tmp_path / "no" / "such" / "x.db", create=True)
