"""Schema steps 0001–0005: audit and meta, organisation and members, points, ratings, meetings."""

from __future__ import annotations

from sqlite_utils import Database

from .steps_base import _immutable, _run, migrations


@migrations(name="0001_core")
def m0001_core(db: Database) -> None:
    """Settings, integrity heads, users and the hash-chained audit log."""
    _run(
        db,
        [
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            """CREATE TABLE users (
                id INTEGER PRIMARY KEY,
                username TEXT NOT NULL UNIQUE COLLATE NOCASE,
                display_name TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                role TEXT NOT NULL CHECK (role IN ('admin','officer','secretary','inspector')),
                branch_id INTEGER,
                member_id INTEGER,
                active INTEGER NOT NULL DEFAULT 1,
                failed_count INTEGER NOT NULL DEFAULT 0,
                locked_until TEXT,
                last_login TEXT,
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                user_id INTEGER,
                username TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT NOT NULL,
                entity_id TEXT,
                summary TEXT NOT NULL,
                before_json TEXT,
                after_json TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )""",
            "CREATE INDEX audit_log_at ON audit_log(at)",
            *_immutable("audit_log", "审计日志"),
        ],
    )


@migrations(name="0002_organisation")
def m0002_organisation(db: Database) -> None:
    """Organisation tree, departments, members, committees, leaders' departments."""
    _run(
        db,
        [
            """CREATE TABLE orgs (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('党委','党总支','党支部','党小组')),
                parent_id INTEGER REFERENCES orgs(id),
                sort_order INTEGER NOT NULL DEFAULT 0,
                active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX orgs_parent ON orgs(parent_id)",
            "CREATE UNIQUE INDEX orgs_parent_name ON orgs(parent_id, name)",
            """CREATE TABLE departments (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                active INTEGER NOT NULL DEFAULT 1
            )""",
            """CREATE TABLE members (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                name_initials TEXT NOT NULL DEFAULT '',
                name_pinyin TEXT NOT NULL DEFAULT '',
                gender TEXT NOT NULL CHECK (gender IN ('男','女')),
                ethnicity TEXT,
                birth_date TEXT,
                id_number TEXT UNIQUE,
                education TEXT,
                join_date TEXT,
                full_date TEXT,
                party_status TEXT NOT NULL CHECK (party_status IN ('正式党员','预备党员')),
                category TEXT NOT NULL CHECK (category IN ('在职','离退休','流动')),
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                group_id INTEGER REFERENCES orgs(id),
                post TEXT,
                department_id INTEGER REFERENCES departments(id),
                phone TEXT,
                status TEXT NOT NULL DEFAULT '在册' CHECK (status IN ('在册','转出','停止党籍','去世')),
                left_date TEXT,
                note TEXT,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX members_branch ON members(branch_id, status)",
            "CREATE INDEX members_department ON members(department_id)",
            "CREATE INDEX members_initials ON members(name_initials)",
            "CREATE INDEX members_name ON members(name)",
            """CREATE TRIGGER members_no_delete BEFORE DELETE ON members
               BEGIN SELECT RAISE(ABORT, '党员不能删除，只能变更状态'); END""",
            """CREATE TABLE member_status_log (
                id INTEGER PRIMARY KEY,
                member_id INTEGER NOT NULL REFERENCES members(id),
                date TEXT NOT NULL,
                from_status TEXT NOT NULL,
                to_status TEXT NOT NULL,
                reason TEXT,
                user_id INTEGER,
                at TEXT NOT NULL
            )""",
            "CREATE INDEX member_status_log_member ON member_status_log(member_id)",
            """CREATE TABLE org_committee (
                id INTEGER PRIMARY KEY,
                org_id INTEGER NOT NULL REFERENCES orgs(id),
                member_id INTEGER NOT NULL REFERENCES members(id),
                post TEXT NOT NULL CHECK (post IN ('书记','副书记','组织委员','宣传委员','纪检委员')),
                start_date TEXT,
                end_date TEXT
            )""",
            "CREATE INDEX org_committee_org ON org_committee(org_id, post)",
            "CREATE INDEX org_committee_member ON org_committee(member_id)",
            """CREATE TABLE leader_departments (
                member_id INTEGER NOT NULL REFERENCES members(id),
                department_id INTEGER NOT NULL REFERENCES departments(id),
                PRIMARY KEY (member_id, department_id)
            )""",
        ],
    )


@migrations(name="0003_points")
def m0003_points(db: Database) -> None:
    """5A rule sets frozen per year and the append-only points ledger."""
    _run(
        db,
        [
            """CREATE TABLE point_rule_sets (
                year INTEGER PRIMARY KEY,
                rules_json TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            """CREATE TABLE point_items (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL REFERENCES point_rule_sets(year),
                code TEXT NOT NULL,
                dimension TEXT NOT NULL,
                name TEXT NOT NULL,
                points REAL NOT NULL,
                cap REAL,
                veto INTEGER NOT NULL DEFAULT 0,
                UNIQUE (year, code)
            )""",
            """CREATE TABLE point_ledger (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                member_id INTEGER NOT NULL REFERENCES members(id),
                year INTEGER NOT NULL,
                date TEXT NOT NULL,
                item_id INTEGER NOT NULL REFERENCES point_items(id),
                dimension TEXT NOT NULL,
                quantity REAL NOT NULL,
                points REAL NOT NULL,
                veto INTEGER NOT NULL DEFAULT 0,
                note TEXT,
                evidence TEXT,
                source TEXT NOT NULL CHECK (source IN ('手工','活动签到','导入')),
                meeting_id INTEGER,
                reverses_id INTEGER UNIQUE REFERENCES point_ledger(id),
                reason TEXT,
                batch_id TEXT,
                recorded_by INTEGER,
                recorded_at TEXT NOT NULL,
                row_hash INTEGER NOT NULL
            )""",
            # Ranking and dashboards aggregate one year per member and dimension: a covering index.
            "CREATE INDEX point_ledger_year_member ON point_ledger(year, member_id, dimension, points, veto, date)",
            "CREATE INDEX point_ledger_member_item ON point_ledger(member_id, item_id)",
            "CREATE INDEX point_ledger_date ON point_ledger(date)",
            *_immutable("point_ledger", "积分台账"),
        ],
    )


@migrations(name="0004_ratings")
def m0004_ratings(db: Database) -> None:
    """Five-star rating rounds with frozen criteria, per-branch workflow, scores and follow-up."""
    _run(
        db,
        [
            """CREATE TABLE rating_rounds (
                year INTEGER PRIMARY KEY,
                rules_json TEXT NOT NULL,
                opened_at TEXT NOT NULL,
                opened_by INTEGER
            )""",
            """CREATE TABLE rating_branches (
                year INTEGER NOT NULL REFERENCES rating_rounds(year),
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                state TEXT NOT NULL DEFAULT '未开始'
                    CHECK (state IN ('未开始','支部自评','党委考评','联审','公示','定级')),
                self_level INTEGER,
                eval_level INTEGER,
                level INTEGER,
                stars_lit TEXT,
                certificate INTEGER NOT NULL DEFAULT 0,
                certificate_note TEXT,
                onsite_date TEXT,
                review_notes TEXT,
                publicity_start TEXT,
                publicity_end TEXT,
                objections TEXT,
                previous_level INTEGER,
                trend TEXT,
                recheck_result TEXT CHECK (recheck_result IN ('复核合格','复核不合格')),
                recheck_note TEXT,
                liaison_member_id INTEGER REFERENCES members(id),
                liaison_name TEXT,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (year, branch_id)
            )""",
            "CREATE INDEX rating_branches_level ON rating_branches(year, level)",
            """CREATE TABLE rating_scores (
                year INTEGER NOT NULL,
                branch_id INTEGER NOT NULL,
                item_code TEXT NOT NULL,
                self_score REAL,
                self_note TEXT,
                eval_score REAL,
                eval_note TEXT,
                PRIMARY KEY (year, branch_id, item_code),
                FOREIGN KEY (year, branch_id) REFERENCES rating_branches(year, branch_id)
            )""",
            """CREATE TABLE rating_vetoes (
                year INTEGER NOT NULL,
                branch_id INTEGER NOT NULL,
                veto_code TEXT NOT NULL,
                note TEXT,
                PRIMARY KEY (year, branch_id, veto_code),
                FOREIGN KEY (year, branch_id) REFERENCES rating_branches(year, branch_id)
            )""",
            """CREATE TABLE rating_steps (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                branch_id INTEGER NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('推进','退回')),
                from_state TEXT NOT NULL,
                to_state TEXT NOT NULL,
                reason TEXT,
                user_id INTEGER,
                username TEXT NOT NULL,
                at TEXT NOT NULL,
                FOREIGN KEY (year, branch_id) REFERENCES rating_branches(year, branch_id)
            )""",
            "CREATE INDEX rating_steps_branch ON rating_steps(year, branch_id)",
            """CREATE TABLE rating_actions (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                branch_id INTEGER NOT NULL,
                measure TEXT NOT NULL,
                due_date TEXT,
                progress TEXT,
                done INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                FOREIGN KEY (year, branch_id) REFERENCES rating_branches(year, branch_id)
            )""",
            "CREATE INDEX rating_actions_branch ON rating_actions(year, branch_id)",
        ],
    )


@migrations(name="0005_meetings")
def m0005_meetings(db: Database) -> None:
    """三会一课 and 主题党日 with per-member attendance."""
    _run(
        db,
        [
            """CREATE TABLE meetings (
                id INTEGER PRIMARY KEY,
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                type TEXT NOT NULL CHECK (type IN ('支部党员大会','支部委员会','党小组会','党课','主题党日')),
                date TEXT NOT NULL,
                topic TEXT NOT NULL,
                host TEXT,
                recorder TEXT,
                content TEXT,
                created_by INTEGER,
                created_at TEXT NOT NULL
            )""",
            "CREATE INDEX meetings_branch_date ON meetings(branch_id, date)",
            "CREATE INDEX meetings_date ON meetings(date)",
            """CREATE TABLE meeting_attendance (
                meeting_id INTEGER NOT NULL REFERENCES meetings(id),
                member_id INTEGER NOT NULL REFERENCES members(id),
                status TEXT NOT NULL CHECK (status IN ('出席','请假','缺席')),
                PRIMARY KEY (meeting_id, member_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id)",
        ],
    )
