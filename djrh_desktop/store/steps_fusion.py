"""Schema step 0018: the 党建与业务融合 registers besides the projects (PRODUCT.md 2.9). Later steps are in
steps_packages.py."""

from __future__ import annotations

from sqlite_utils import Database

from . import steps_records  # noqa: F401 - its steps come first
from .steps_base import _run, migrations

_STAMPS = """voided_at TEXT,
                void_reason TEXT,
                created_by INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL"""


@migrations(name="0018_fusion_registers")
def m0018_fusion_registers(db: Database) -> None:
    """党员先锋阵地 (members, results), 联合检查 (branches, 限期整改), 党建品牌, 一岗双责责任书."""
    _run(
        db,
        [
            f"""CREATE TABLE fusion_posts (
                id INTEGER PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                duty TEXT,
                start_date TEXT NOT NULL,
                end_date TEXT,
                {_STAMPS}
            )""",
            "CREATE INDEX fusion_posts_branch ON fusion_posts(branch_id, start_date)",
            """CREATE TABLE fusion_post_members (
                post_id INTEGER NOT NULL REFERENCES fusion_posts(id),
                member_id INTEGER NOT NULL REFERENCES members(id),
                role TEXT NOT NULL,
                joined_on TEXT NOT NULL,
                left_on TEXT,
                entry_id INTEGER REFERENCES point_ledger(id),
                PRIMARY KEY (post_id, member_id)
            ) WITHOUT ROWID""",
            f"""CREATE TABLE fusion_post_results (
                id INTEGER PRIMARY KEY,
                post_id INTEGER NOT NULL REFERENCES fusion_posts(id),
                date TEXT NOT NULL,
                measure TEXT NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                unit TEXT NOT NULL,
                note TEXT,
                batch_id TEXT,
                {_STAMPS}
            )""",
            "CREATE INDEX fusion_post_results_post ON fusion_post_results(post_id, date)",
            "CREATE INDEX fusion_post_results_date ON fusion_post_results(date)",
            # A voided result reverses the entries of its batch.
            "CREATE INDEX point_ledger_batch ON point_ledger(batch_id) WHERE batch_id IS NOT NULL",
            f"""CREATE TABLE fusion_inspections (
                id INTEGER PRIMARY KEY,
                date TEXT NOT NULL,
                kind TEXT NOT NULL,
                inspectors TEXT NOT NULL,
                party_findings TEXT,
                business_findings TEXT,
                {_STAMPS}
            )""",
            "CREATE INDEX fusion_inspections_date ON fusion_inspections(date)",
            """CREATE TABLE fusion_inspection_branches (
                inspection_id INTEGER NOT NULL REFERENCES fusion_inspections(id),
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                PRIMARY KEY (inspection_id, branch_id)
            ) WITHOUT ROWID""",
            """CREATE TABLE fusion_rectifications (
                id INTEGER PRIMARY KEY,
                inspection_id INTEGER NOT NULL REFERENCES fusion_inspections(id),
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                side TEXT NOT NULL CHECK (side IN ('党建','业务')),
                issue TEXT NOT NULL,
                owner TEXT NOT NULL,
                due_date TEXT NOT NULL,
                closed_on TEXT,
                closure_note TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX fusion_rectifications_open ON fusion_rectifications(closed_on, due_date)",
            "CREATE INDEX fusion_rectifications_inspection ON fusion_rectifications(inspection_id)",
            f"""CREATE TABLE fusion_brands (
                id INTEGER PRIMARY KEY,
                org_id INTEGER NOT NULL REFERENCES orgs(id),
                name TEXT NOT NULL,
                description TEXT,
                level TEXT CHECK (level IS NULL OR level IN ('单位','县级','市级','省级')),
                recognized_on TEXT,
                {_STAMPS}
            )""",
            """CREATE TABLE fusion_pledges (
                year INTEGER NOT NULL,
                member_id INTEGER NOT NULL REFERENCES members(id),
                signed_on TEXT NOT NULL,
                note TEXT,
                recorded_by INTEGER,
                recorded_at TEXT NOT NULL,
                PRIMARY KEY (year, member_id)
            ) WITHOUT ROWID""",
        ],
    )
