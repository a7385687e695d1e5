"""The one Migrations set of the data file and the helpers its steps share. The steps themselves are in
steps_founding.py (0001–0005), steps_records.py (0006–0017), steps_fusion.py (0018) and steps_packages.py
(0019 on); schema.py imports them, and each registers after the one before (each imports the previous)."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("djrh")


def _run(db: Database, statements: list[str]) -> None:
    # executescript() would COMMIT the migration's transaction, so statements go one by one.
    for sql in statements:
        db.execute(sql)


def _immutable(table: str, what: str) -> list[str]:
    """Triggers that make a table append-only (a later step that must touch its rows drops and re-creates them)."""
    return [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{what}只能追加，不能修改'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{what}只能追加，不能删除'); END""",
    ]
