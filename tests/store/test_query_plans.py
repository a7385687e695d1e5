"""No report, ranking, dashboard or list query may scan the whole ledger or attendance table.

Every SELECT the program runs for these screens and reports is captured (with its bound values) and
put through EXPLAIN QUERY PLAN; a plan step `SCAN point_ledger` or `SCAN meeting_attendance` (reading
every row, with or without an index, as opposed to SEARCH) fails the test."""

import datetime as dt
import re

import pytest

from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import dashboard, lists, points, report_data, stats
from djrh_desktop.services.session import system_session

BIG = ("point_ledger", "meeting_attendance")


def captured(db, work) -> list[str]:
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        work()
    finally:
        db.conn.set_trace_callback(None)
    return [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def full_scans(db, sql: str) -> list[str]:
    plan = db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
    out = []
    for row in plan:
        detail = row[-1]
        for table in BIG:
            # "SCAN point_ledger" or "SCAN l" where l is the ledger's alias, without an index.
            alias = re.search(rf"\b{table}\s+(?:AS\s+)?(\w+)", sql, re.I)
            names = {table} | ({alias.group(1)} if alias else set())
            m = re.match(r"SCAN (\w+)(.*)", detail)
            if m and m.group(1) in names:  # SCAN (even along an index) reads every row; SEARCH does not
                out.append(f"{detail}  ←  {sql[:160]}")
    return out


@pytest.mark.parametrize("back", [0, 3])
def test_screens_and_reports_use_indexes(demo_admin, back):
    s, db = demo_admin, demo_admin.db
    today = dt.date.today()
    q = Quarter.of(today)
    for _ in range(back):
        q = q.previous()
    branch = db.execute("SELECT id FROM orgs WHERE kind = '党支部' LIMIT 1").fetchone()[0]
    member = db.execute("SELECT id FROM members LIMIT 1").fetchone()[0]

    def work():
        stats.quarter_figures(system_session(db), q, today)
        dashboard.todos(s, q, today)
        points.year_scores(system_session(db), q.year, today)
        points.year_scores(system_session(db), q.year, today, branch)
        report_data.quarterly(s, q, today)
        report_data.star_results(s, q.year)
        report_data.member_ledger(s, member, q.year, today)
        report_data.meeting_compliance(s, q, today)
        for spec, filters in (
            (lists.LEDGER, {"year": q.year}),
            (lists.LEDGER, {"year": q.year, "member_id": member}),
            (lists.LEDGER, {"year": q.year, "branch_id": branch}),
            (lists.MEETINGS, {"start": q.start.isoformat(), "end": q.end.isoformat()}),
            (lists.MEETINGS, {"member_id": member}),
        ):
            lists.count(s, spec, filters)
            lists.page(s, spec, filters)

    statements = captured(db, work)
    assert len(statements) > 30
    problems = [p for sql in statements for p in full_scans(db, sql)]
    assert problems == []


def test_the_check_catches_a_full_scan(demo_admin):
    db = demo_admin.db
    assert full_scans(db, "SELECT count(*) FROM point_ledger WHERE note LIKE '%x%'")
    assert not full_scans(db, "SELECT count(*) FROM point_ledger WHERE year = 2025")
