"""Realistic, reproducible demo data up to today: organisation, members, several years of ratings,
points, talks, visits and meetings — a writer of its own beside the services, not a use case.

It writes in bulk (executemany) rather than through the per-record services, which would take hours
on county data; every table still gets an audit entry, and the ledger goes through store.ledger so
its hashes and audit ranges are the same as the program's own. One run is one transaction.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlite_utils import Database

from ..domain.errors import DataFileError, ValidationError
from ..services.session import system_session
from ..store import config, schema
from .generator import Generator
from .sizes import DEMO_PASSWORD, DEMO_USERS, SIZES, Progress, Size

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "SIZES", "Size", "generate", "has_records", "mark"]


def has_records(db: Database) -> bool:
    if "members" not in db.table_names():
        return False
    return any(
        db.execute(f"SELECT 1 FROM {t} LIMIT 1").fetchone()
        for t in ("members", "meetings", "talks", "visits", "point_ledger", "rating_rounds")
    )


def mark(db: Database) -> None:
    """Mark a file as demo data (the program's own demo file opened with --demo)."""
    if not config.get(db, config.DEMO_DATA):
        with system_session(db).writing():
            config.put(db, config.DEMO_DATA, {"size": "unit", "seed": None, "made": None})


def generate(db: Database, size: str = "unit", seed: int = 1, today: dt.date | None = None,
             progress: Progress | None = None) -> dict:  # fmt: skip
    """Fill a new or freshly initialised file. Returns the counts written."""
    if size not in SIZES:
        raise ValidationError(f"规模只能是 {'、'.join(SIZES)} 之一", "规模")
    schema.upgrade(db)
    g = Generator(
        db, SIZES[size], random.Random(seed), today or dt.date.today(), progress or (lambda _m: None)
    )
    # A large page cache keeps the ledger's indexes in memory while a million rows go in.
    previous = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute("PRAGMA cache_size=-262144")
    try:
        # All or nothing: one transaction from the emptiness check to the last step, so a killed or
        # failed run leaves the file as it was, and a second run started beside it waits, then refuses.
        with system_session(db).writing():
            if has_records(db):
                raise DataFileError("该数据文件已有记录，演示数据只能写入新建或刚初始化的数据文件")
            counts = g.run()
            config.put(db, config.DEMO_DATA, {"size": size, "seed": seed, "made": g.today.isoformat()})
            return counts
    finally:
        db.execute(f"PRAGMA cache_size={previous}")

