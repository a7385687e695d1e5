"""Bulk loading helpers for large writes (demo data, benchmarks, a big 数据包)."""

from __future__ import annotations

from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def deferred_indexes(db: Database, *tables: str):
    """Drop the tables' secondary indexes and rebuild them from their own SQL afterwards.

    Building an index once by sorting is several times faster than updating it row by row; call
    inside a transaction so that a failure leaves the schema as it was.
    """
    if not tables:
        yield
        return
    marks = ",".join("?" * len(tables))
    saved = db.execute(
        f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ({marks})",
        list(tables),
    ).fetchall()
    for name, _ in saved:
        db.execute(f'DROP INDEX "{name}"')
    yield
    for _, sql in saved:
        db.execute(sql)

