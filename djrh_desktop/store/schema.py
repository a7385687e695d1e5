"""The schema, as sqlite-utils Migrations: one step per change, an applied step is never edited.

The schema version of a file is the number of steps applied. A file holding a step this program
does not know was written by a newer version and is refused rather than half-understood.
"""

from __future__ import annotations

from sqlite_utils import Database

from ..domain.errors import DataFileError
from . import steps_founding, steps_fusion, steps_packages, steps_records  # noqa: F401 - importing them registers the steps, in this order
from .steps_base import migrations


def known_steps() -> list[str]:
    return [m.name for m in migrations._migrations]


def applied_steps(db: Database) -> list[str]:
    return [m.name for m in migrations.applied(db)]


def schema_version(db: Database) -> int:
    return len(applied_steps(db))


def upgrade(db: Database) -> int:
    """Apply pending steps (each in its own transaction); return how many ran."""
    applied = applied_steps(db)
    unknown = [name for name in applied if name not in known_steps()]
    if unknown:
        raise DataFileError("此数据文件由更新版本的程序创建（包含未知的结构版本），请升级本程序后再打开")
    # One write transaction around all steps: two programs upgrading the same file at once take turns,
    # and the second finds nothing pending (each step is a savepoint inside it).
    if not migrations.pending(db):
        return 0
    with db.atomic():
        pending = migrations.pending(db)
        migrations.apply(db)
    return len(pending)


def is_initialised(db: Database) -> bool:
    return "_sqlite_migrations" in db.table_names() and schema_version(db) > 0
