"""Schema steps from 0006: talks and visits, the ledger year index, closed years, voided records.
New steps go at the end of this file."""

from __future__ import annotations

from sqlite_utils import Database

from .steps_base import _run, migrations


@migrations(name="0006_talks_visits")
def m0006_talks_visits(db: Database) -> None:
    """Talk records and family visits, with their people."""
    _run(
        db,
        [
            """CREATE TABLE talks (
                id INTEGER PRIMARY KEY,
                type TEXT NOT NULL CHECK (type IN
                    ('谈心谈话','廉政谈话','提醒谈话','诫勉谈话','执法廉政谈话','任前廉政谈话','其他')),
                date TEXT NOT NULL,
                place TEXT,
                topic TEXT NOT NULL,
                content TEXT,
                statement TEXT,
                problems TEXT,
                measures TEXT,
                followup_due TEXT,
                followup_status TEXT NOT NULL DEFAULT '无需跟进'
                    CHECK (followup_status IN ('无需跟进','待跟进','已办结')),
                recorder TEXT,
                sensitivity TEXT NOT NULL DEFAULT '普通' CHECK (sensitivity IN ('普通','敏感')),
                branch_id INTEGER REFERENCES orgs(id),
                created_by INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX talks_date ON talks(date, type)",
            "CREATE INDEX talks_followup ON talks(followup_status, followup_due)",
            "CREATE INDEX talks_branch ON talks(branch_id, date)",
            """CREATE TABLE talk_talkers (
                id INTEGER PRIMARY KEY,
                talk_id INTEGER NOT NULL REFERENCES talks(id),
                member_id INTEGER REFERENCES members(id),
                name TEXT NOT NULL,
                post TEXT
            )""",
            "CREATE INDEX talk_talkers_talk ON talk_talkers(talk_id)",
            "CREATE INDEX talk_talkers_member ON talk_talkers(member_id)",
            """CREATE TABLE talk_talkees (
                talk_id INTEGER NOT NULL REFERENCES talks(id),
                member_id INTEGER NOT NULL REFERENCES members(id),
                PRIMARY KEY (talk_id, member_id)
            ) WITHOUT ROWID""",
            "CREATE INDEX talk_talkees_member ON talk_talkees(member_id)",
            """CREATE TABLE visits (
                id INTEGER PRIMARY KEY,
                date TEXT NOT NULL,
                member_id INTEGER NOT NULL REFERENCES members(id),
                branch_id INTEGER REFERENCES orgs(id),
                address TEXT,
                asks TEXT NOT NULL DEFAULT '[]',
                content TEXT,
                family_situation TEXT,
                materials TEXT NOT NULL DEFAULT '[]',
                pledge_signed INTEGER NOT NULL DEFAULT 0,
                pledge_date TEXT,
                difficulties TEXT,
                help_measures TEXT,
                revisit_due TEXT,
                revisit_status TEXT NOT NULL DEFAULT '无需回访'
                    CHECK (revisit_status IN ('无需回访','待回访','已回访')),
                recorder TEXT,
                created_by INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX visits_date ON visits(date)",
            "CREATE INDEX visits_member ON visits(member_id, date)",
            "CREATE INDEX visits_pledge ON visits(pledge_date)",
            "CREATE INDEX visits_revisit ON visits(revisit_status, revisit_due)",
            """CREATE TABLE visit_visitors (
                visit_id INTEGER NOT NULL REFERENCES visits(id),
                member_id INTEGER NOT NULL REFERENCES members(id),
                PRIMARY KEY (visit_id, member_id)
            ) WITHOUT ROWID""",
            """CREATE TABLE visit_family (
                id INTEGER PRIMARY KEY,
                visit_id INTEGER NOT NULL REFERENCES visits(id),
                name TEXT NOT NULL,
                relation TEXT NOT NULL
            )""",
            "CREATE INDEX visit_family_visit ON visit_family(visit_id)",
        ],
    )


@migrations(name="0007_ledger_year_index")
def m0007_ledger_year_index(db: Database) -> None:
    """The ledger list shows a year newest first: an index on year keeps rows in (year, id) order,
    so the first screen reads 200 index entries instead of sorting the whole year."""
    db.execute("CREATE INDEX point_ledger_year ON point_ledger(year)")


@migrations(name="0008_closed_years")
def m0008_closed_years(db: Database) -> None:
    """年度关账 (PRODUCT.md 2.8): a closed year accepts no more writes dated in it."""
    _run(
        db,
        [
            """CREATE TABLE closed_years (
                year INTEGER PRIMARY KEY,
                closed_at TEXT NOT NULL,
                closed_by INTEGER
            )""",
        ],
    )


@migrations(name="0009_void_talks_visits")
def m0009_void_talks_visits(db: Database) -> None:
    """A talk or visit entered by mistake is voided (作废) with a reason, never deleted, and left out of
    every count."""
    statements = []
    for table in ("talks", "visits"):
        statements += [f"ALTER TABLE {table} ADD COLUMN voided_at TEXT", f"ALTER TABLE {table} ADD COLUMN voided_by INTEGER",
                       f"ALTER TABLE {table} ADD COLUMN void_reason TEXT"]  # fmt: skip
    _run(db, statements)


@migrations(name="0010_void_meetings")
def m0010_void_meetings(db: Database) -> None:
    """A meeting recorded by mistake is voided (作废) with a reason; its points are reversed."""
    _run(db, ["ALTER TABLE meetings ADD COLUMN voided_at TEXT", "ALTER TABLE meetings ADD COLUMN voided_by INTEGER",
              "ALTER TABLE meetings ADD COLUMN void_reason TEXT"])  # fmt: skip


@migrations(name="0011_revised_five_a")
def m0011_revised_five_a(db: Database) -> None:
    """The revised 5A default (PRODUCT.md 2.3): base 12 and dimensions within [0, 20], so a grade is
    earned, not kept. An open year still on the superseded default takes the revised one (its items
    revalued, new items added; entries keep the points they were posted with); a closed year, and any
    rule set an office edited, keep their frozen rules and results."""
    import json

    from ..domain import rulesets

    old = rulesets.parse_five_a(rulesets.load_rules_resource("five_a_superseded_2026.json"))
    new = rulesets.default_five_a()
    closed = {y for (y,) in db.execute("SELECT year FROM closed_years")}
    for year, text in db.execute("SELECT year, rules_json FROM point_rule_sets").fetchall():
        if year in closed or rulesets.parse_five_a(json.loads(text)) != old:
            continue
        db.execute("UPDATE point_rule_sets SET rules_json = ? WHERE year = ?", [new.to_json(), year])
        for it in new.items:
            values = [it.dimension, it.name, it.points, it.cap, int(it.veto), year, it.code]
            if db.execute("UPDATE point_items SET dimension = ?, name = ?, points = ?, cap = ?, veto = ? "
                          "WHERE year = ? AND code = ?", values).rowcount == 0:  # fmt: skip
                db.execute("INSERT INTO point_items (dimension, name, points, cap, veto, year, code) "
                           "VALUES (?, ?, ?, ?, ?, ?, ?)", values)  # fmt: skip
    row = db.execute("SELECT value FROM settings WHERE key = 'five_a_rules'").fetchone()
    if row and rulesets.parse_five_a(json.loads(row[0])) == old:
        db.execute("DELETE FROM settings WHERE key = 'five_a_rules'")  # new years start from the revised default


@migrations(name="0012_star_certificate_recheck")
def m0012_star_certificate_recheck(db: Database) -> None:
    """Stars (PRODUCT.md 2.2): the clean certificate names its issuer, date and document number; 复核
    has a date, from which 复核不合格 removes the fifth star; self and evaluators' levels are the level
    measured from scores (up to five, 待联审 until the certificate), recomputed from the stored scores."""
    import json

    from ..domain import rulesets, stars

    _run(db, [f"ALTER TABLE rating_branches ADD COLUMN {c} TEXT"
              for c in ("certificate_by", "certificate_date", "certificate_doc", "recheck_date")])  # fmt: skip
    db.execute("UPDATE rating_branches SET recheck_date = substr(updated_at, 1, 10) WHERE recheck_result IS NOT NULL")
    rules = {y: rulesets.parse_stars(json.loads(t)) for y, t in db.execute("SELECT year, rules_json FROM rating_rounds")}
    for year, branch, self_level, eval_level in db.execute(
            "SELECT year, branch_id, self_level, eval_level FROM rating_branches").fetchall():  # fmt: skip
        got: dict[str, dict] = {"self_score": {}, "eval_score": {}}
        for code, s, e in db.execute("SELECT item_code, self_score, eval_score FROM rating_scores "
                                     "WHERE year = ? AND branch_id = ?", [year, branch]):  # fmt: skip
            got["self_score"][code], got["eval_score"][code] = s, e
        vetoes = [v for (v,) in db.execute("SELECT veto_code FROM rating_vetoes WHERE year = ? AND branch_id = ?",
                                           [year, branch])]  # fmt: skip
        new = {col: stars.evaluate(rules[year], got[col], vetoes).measured if level is not None else None
               for col, level in (("self_score", self_level), ("eval_score", eval_level))}  # fmt: skip
        db.execute("UPDATE rating_branches SET self_level = ?, eval_level = ? WHERE year = ? AND branch_id = ?",
                   [new["self_score"], new["eval_score"], year, branch])  # fmt: skip


@migrations(name="0013_meeting_groups_annual")
def m0013_meeting_groups_annual(db: Database) -> None:
    """Organisational life (PRODUCT.md 2.6): a 党小组会 names its 党小组 (an existing one is given the group
    most of its attendees belong to); 组织生活会 and 民主评议党员 are meeting types, and the 民主评议 records
    each member's result. SQLite cannot widen a CHECK in place, so both tables are rebuilt, rows kept."""
    types = "'支部党员大会','支部委员会','党小组会','党课','主题党日','组织生活会','民主评议党员'"
    cols = "id, branch_id, type, date, topic, host, recorder, content, created_by, created_at, voided_at, voided_by, void_reason"
    _run(
        db,
        [
            f"""CREATE TABLE meetings_v2 (
                id INTEGER PRIMARY KEY,
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                type TEXT NOT NULL CHECK (type IN ({types})),
                date TEXT NOT NULL,
                topic TEXT NOT NULL,
                host TEXT,
                recorder TEXT,
                content TEXT,
                created_by INTEGER,
                created_at TEXT NOT NULL,
                voided_at TEXT,
                voided_by INTEGER,
                void_reason TEXT,
                group_id INTEGER REFERENCES orgs(id)
            )""",
            f"INSERT INTO meetings_v2 ({cols}) SELECT {cols} FROM meetings",
            """CREATE TABLE meeting_attendance_v2 (
                meeting_id INTEGER NOT NULL REFERENCES meetings_v2(id),
                member_id INTEGER NOT NULL REFERENCES members(id),
                status TEXT NOT NULL CHECK (status IN ('出席','请假','缺席')),
                appraisal TEXT CHECK (appraisal IN ('优秀','合格','基本合格','不合格')),
                PRIMARY KEY (meeting_id, member_id)
            ) WITHOUT ROWID""",
            "INSERT INTO meeting_attendance_v2 (meeting_id, member_id, status) "
            "SELECT meeting_id, member_id, status FROM meeting_attendance",
            "DROP TABLE meeting_attendance",
            "DROP TABLE meetings",
            "ALTER TABLE meetings_v2 RENAME TO meetings",
            "ALTER TABLE meeting_attendance_v2 RENAME TO meeting_attendance",
            "CREATE INDEX meetings_branch_date ON meetings(branch_id, date)",
            "CREATE INDEX meetings_date ON meetings(date)",
            "CREATE INDEX meeting_attendance_member ON meeting_attendance(member_id)",
            """UPDATE meetings SET group_id = (
                   SELECT m.group_id FROM meeting_attendance a JOIN members m ON m.id = a.member_id
                   WHERE a.meeting_id = meetings.id AND m.group_id IS NOT NULL
                   GROUP BY m.group_id ORDER BY count(*) DESC, m.group_id LIMIT 1)
               WHERE type = '党小组会'""",
        ],
    )


@migrations(name="0014_followup_closed_dates")
def m0014_followup_closed_dates(db: Database) -> None:
    """Period truth for overdue follow-ups (PRODUCT.md 2.8): the day a talk's follow-up or a visit's return
    visit was closed, so a past report counts what was overdue on its last day. Triggers keep the day
    whoever writes the status; a closed record of an older file takes the day it was last updated."""
    statements = []
    for table, status, due, closed, open_value in (("talks", "followup_status", "followup_due", "followup_closed_at", "待跟进"),
                                                   ("visits", "revisit_status", "revisit_due", "revisit_closed_at", "待回访")):  # fmt: skip
        statements += [
            f"ALTER TABLE {table} ADD COLUMN {closed} TEXT",
            f"UPDATE {table} SET {closed} = substr(updated_at, 1, 10) WHERE {due} IS NOT NULL AND {status} != '{open_value}'",
            f"""CREATE TRIGGER {table}_{closed} AFTER UPDATE OF {status} ON {table}
                WHEN NEW.{status} IS NOT OLD.{status}
                BEGIN UPDATE {table} SET {closed} = CASE WHEN NEW.{status} = '{open_value}' THEN NULL
                                                        ELSE date('now', 'localtime') END WHERE id = NEW.id; END""",
            f"CREATE INDEX {table}_{due} ON {table}({due})",
        ]
    _run(db, statements)


@migrations(name="0015_report_texts")
def m0015_report_texts(db: Database) -> None:
    """The quarterly report's sections an officer writes (主要做法和成效, 存在问题, 下一步打算), saved with the
    quarter and its scope (0: the unit; a branch: its 支部书记's report) and printed in place."""
    _run(
        db,
        [
            """CREATE TABLE report_texts (
                year INTEGER NOT NULL,
                quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
                scope INTEGER NOT NULL DEFAULT 0,
                section TEXT NOT NULL CHECK (section IN ('主要做法和成效','存在问题','下一步打算')),
                body TEXT NOT NULL,
                updated_by INTEGER,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (year, quarter, scope, section)
            ) WITHOUT ROWID""",
        ],
    )


@migrations(name="0016_surname_readings")
def m0016_surname_readings(db: Database) -> None:
    """Search keys of names whose surname reads differently as a surname (单 shan, 曾 zeng, 解 xie …),
    so `sw` finds 单伟 and names sort where a reader looks for them."""
    from ..domain import pinyin

    rows = [(m, n) for m, n in db.execute("SELECT id, name FROM members")
            if any(n.startswith(s) for s in pinyin.SURNAMES)]  # fmt: skip
    db.conn.executemany("UPDATE members SET name_initials = ?, name_pinyin = ? WHERE id = ?",
                        [(*pinyin.keys(n), m) for m, n in rows])  # fmt: skip


@migrations(name="0017_fusion_projects")
def m0017_fusion_projects(db: Database) -> None:
    """双领办 projects (党建+发展 任务双领办): 年初立项, 月报进度, 季度点评, 年终考核 (PRODUCT.md 2.9)."""
    _run(
        db,
        [
            """CREATE TABLE fusion_projects (
                id INTEGER PRIMARY KEY,
                year INTEGER NOT NULL,
                branch_id INTEGER NOT NULL REFERENCES orgs(id),
                title TEXT NOT NULL,
                category TEXT NOT NULL,
                party_task TEXT NOT NULL,
                business_goal TEXT NOT NULL,
                indicator TEXT,
                baseline REAL,
                target REAL,
                milestones TEXT,
                leader_member_id INTEGER REFERENCES members(id),
                co_leader_member_id INTEGER REFERENCES members(id),
                assessment_score REAL CHECK (assessment_score IS NULL OR assessment_score BETWEEN 0 AND 100),
                assessment_result TEXT CHECK (assessment_result IS NULL OR assessment_result IN ('优秀','良好','合格','不合格')),
                assessment_note TEXT,
                assessed_at TEXT,
                voided_at TEXT,
                void_reason TEXT,
                created_by INTEGER,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            "CREATE INDEX fusion_projects_year ON fusion_projects(year, branch_id)",
            """CREATE TABLE fusion_progress (
                project_id INTEGER NOT NULL REFERENCES fusion_projects(id),
                month INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
                note TEXT NOT NULL,
                value REAL,
                reported_by INTEGER,
                reported_at TEXT NOT NULL,
                PRIMARY KEY (project_id, month)
            ) WITHOUT ROWID""",
            """CREATE TABLE fusion_reviews (
                project_id INTEGER NOT NULL REFERENCES fusion_projects(id),
                quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
                rating TEXT NOT NULL CHECK (rating IN ('好','较好','一般','差')),
                comment TEXT,
                reviewed_by INTEGER,
                reviewed_at TEXT NOT NULL,
                PRIMARY KEY (project_id, quarter)
            ) WITHOUT ROWID""",
        ],
    )
