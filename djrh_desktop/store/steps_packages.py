"""Schema steps from 0019: what 数据包 need (docs/数据包格式.md) — a global id on every record that travels,
and the files' record of the packages they sent and took. New steps go at the end of this file."""

from __future__ import annotations

from sqlite_utils import Database

from . import steps_fusion  # noqa: F401 - its steps come first
from .steps_base import _immutable, _run, migrations

# Records that travel in a package; each gets a random 128-bit global id when it is made.
GID_TABLES = ("orgs", "departments", "members", "org_committee", "talks", "visits", "meetings", "fusion_projects",
              "fusion_posts", "fusion_post_results", "fusion_inspections", "fusion_rectifications", "fusion_brands")


@migrations(name="0019_global_ids")
def m0019_global_ids(db: Database) -> None:
    """gid (16 random bytes, given at creation and never changed) on every travelling record, existing ones
    included; the ledger's rows get theirs from ledger.append. packages: each package sent or taken
    (idempotence); package_state: each record's content hash as last exchanged (what changed since)."""
    statements = []
    for t in GID_TABLES:
        statements += [
            f"ALTER TABLE {t} ADD COLUMN gid BLOB",
            f"UPDATE {t} SET gid = randomblob(16)",
            f"CREATE UNIQUE INDEX {t}_gid ON {t}(gid)",
            f"""CREATE TRIGGER {t}_gid AFTER INSERT ON {t} WHEN NEW.gid IS NULL
                BEGIN UPDATE {t} SET gid = randomblob(16) WHERE rowid = NEW.rowid; END""",
            f"""CREATE TRIGGER {t}_gid_fixed BEFORE UPDATE OF gid ON {t} WHEN OLD.gid IS NOT NULL
                BEGIN SELECT RAISE(ABORT, '记录的全局编号不能修改'); END""",
        ]
    # The ledger is append-only: its triggers step aside while its rows get their ids, then stand again.
    statements += [
        "DROP TRIGGER point_ledger_no_update",
        "DROP TRIGGER point_ledger_no_delete",
        "ALTER TABLE point_ledger ADD COLUMN gid BLOB",
        "UPDATE point_ledger SET gid = randomblob(16)",
        "CREATE UNIQUE INDEX point_ledger_gid ON point_ledger(gid)",
        *_immutable("point_ledger", "积分台账"),
        """CREATE TABLE packages (
            package_id TEXT PRIMARY KEY,
            direction TEXT NOT NULL CHECK (direction IN ('导出','导入')),
            kind TEXT NOT NULL,
            peer TEXT,
            created_at TEXT NOT NULL,
            done_at TEXT NOT NULL,
            counts_json TEXT NOT NULL
        ) WITHOUT ROWID""",
        """CREATE TABLE package_state (
            entity TEXT NOT NULL,
            gid BLOB NOT NULL,
            hash TEXT NOT NULL,
            PRIMARY KEY (entity, gid)
        ) WITHOUT ROWID""",
    ]
    _run(db, statements)
