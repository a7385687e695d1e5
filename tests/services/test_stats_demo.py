"""The quarter's figures equal independent SQL counts; demo data is reproducible and complete."""

import datetime as dt

import pytest

from djrh_desktop import demo
from djrh_desktop.domain.errors import DataFileError
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import points, stats
from djrh_desktop.services.session import system_session
from djrh_desktop.store import integrity
from djrh_desktop.store.connection import open_db


def sql(db, query, *params):
    return db.execute(query, params).fetchone()[0]


@pytest.mark.parametrize("back", [0, 1, 3, 6])
def test_figures_equal_independent_counts(small_demo, back):
    q = Quarter.of(dt.date.today())
    for _ in range(back):
        q = q.previous()
    f = stats.quarter_figures(system_session(small_demo), q)
    s, e = q.start.isoformat(), q.end.isoformat()
    db = small_demo
    assert f["talks"] == sql(
        db,
        "SELECT count(*) FROM talks t, talk_talkees x WHERE x.talk_id = t.id AND t.date >= ? AND t.date <= ?",
        s,
        e,
    )
    assert f["visits"] == sql(db, "SELECT count(*) FROM visits WHERE date >= ? AND date <= ?", s, e)
    assert f["pledges"] == sql(
        db, "SELECT count(*) FROM visits WHERE pledge_signed AND pledge_date >= ? AND pledge_date <= ?", s, e
    )
    assert f["meetings"] == sql(
        db, "SELECT count(*) FROM meetings WHERE substr(date, 1, 10) BETWEEN ? AND ?", s, e
    )
    assert f["point_entries"] == sql(
        db, "SELECT count(*) FROM point_ledger WHERE date >= ? AND date <= ?", s, e
    )
    assert f["branches"] == sql(db, "SELECT count(*) FROM orgs WHERE kind = '党支部'")
    assert f["members"] == sql(
        db,
        "SELECT count(*) FROM members WHERE (join_date IS NULL OR join_date <= ?) AND (left_date IS NULL OR left_date > ?)",
        e,
        e,
    )
    levels = dict(
        db.execute(
            "SELECT level, count(*) FROM rating_branches WHERE year = ? AND state = '定级' GROUP BY level",
            [q.year],
        ).fetchall()
    )
    assert f["star_levels"] == {str(k): levels.get(k, 0) for k in range(6)}
    assert f["meetings"] > 0 and f["point_entries"] > 0


def test_five_a_members_counted_from_ledger(small_demo):
    year = dt.date.today().year
    by_member: dict = {}
    for mid, dim, total, veto in small_demo.execute(
        "SELECT member_id, dimension, SUM(points), SUM(veto) FROM point_ledger WHERE year = ? GROUP BY member_id, dimension",
        [year],
    ):
        by_member.setdefault(mid, {})[dim] = (total, veto)
    roll = [
        r[0]
        for r in small_demo.execute(
            "SELECT id FROM members WHERE left_date IS NULL OR left_date > ?", [f"{year}-12-31"]
        )
    ]
    expected = 0
    for mid in roll:
        dims = by_member.get(mid, {})
        vetoed = any(v > 0 for _, v in dims.values())
        ok = all(min(20, max(0, 12 + dims.get(d, (0, 0))[0])) >= 18 for d in ("A1", "A2", "A3", "A4", "A5"))
        expected += ok and not vetoed
    assert points.five_a_count(system_session(small_demo), year) == expected
    assert 0 < expected < len(roll) / 3  # earned, not kept: far from everyone

def test_demo_has_every_record_kind_and_passes_check(small_demo):
    db = small_demo
    for table in ("members", "meetings", "meeting_attendance", "point_ledger", "talks", "visits", "rating_branches",
                  "rating_steps", "rating_scores", "org_committee", "leader_departments", "users"):  # fmt: skip
        assert sql(db, f"SELECT count(*) FROM {table}") > 0, table
    assert sql(db, "SELECT count(*) FROM point_ledger WHERE reverses_id IS NOT NULL") > 0
    assert sql(db, "SELECT count(DISTINCT type) FROM talks") >= 5
    assert sql(db, "SELECT count(*) FROM talks WHERE followup_status = '待跟进'") > 0
    assert sql(db, "SELECT count(*) FROM visits WHERE pledge_signed = 0") > 0
    year = dt.date.today().year
    assert sql(db, "SELECT count(*) FROM rating_branches WHERE year < ? AND state != '定级'", year) == 0
    assert sql(db, "SELECT count(DISTINCT state) FROM rating_branches WHERE year = ?", year) >= 3
    assert sql(db, "SELECT max(date) FROM meetings") <= dt.date.today().isoformat()
    bad_ids = [
        r[0]
        for r in db.execute("SELECT id_number FROM members")
        if not __import__("djrh_desktop.domain.idnumber", fromlist=["x"]).is_valid(r[0])
    ]
    assert bad_ids == []
    assert integrity.check(db) == []


def test_every_demo_member_passes_the_member_rules(small_demo):
    from djrh_desktop.domain.members import MemberInput, validate_member

    rows = list(small_demo.query("SELECT * FROM members"))
    for row in rows:
        validate_member(MemberInput(**{k: v for k, v in row.items() if k in MemberInput.__dataclass_fields__}))  # raises on a bad record


def test_demo_reproducible_and_refuses_used_file(tmp_path, small_demo_template):
    db = open_db(tmp_path / "again.db", create=True)
    ref = open_db(small_demo_template)
    # The demo runs up to its day: made again for the same day (a run may cross midnight), it is the same.
    made = dt.date.fromisoformat(ref.execute("SELECT min(at) FROM audit_log").fetchone()[0][:10])
    demo.generate(db, "small", seed=7, today=made)
    for query in ("SELECT group_concat(name || id_number) FROM members", "SELECT count(*), sum(points) FROM point_ledger",
                  "SELECT group_concat(topic) FROM talks"):  # fmt: skip
        assert db.execute(query).fetchone() == ref.execute(query).fetchone()
    with pytest.raises(DataFileError, match="已有记录"):
        demo.generate(db, "small", seed=7)


def test_grade_counts_in_sql_equal_the_python_scoring(small_demo):
    from collections import Counter

    from djrh_desktop.services.session import system_session

    s = system_session(small_demo)
    today = dt.date.today()
    for q in (Quarter.of(today), Quarter(today.year - 1, 4), Quarter(today.year - 1, 2)):
        as_of = min(q.end, today)
        expected = Counter(m.score.grade for m in points.year_scores(s, q.year, as_of))
        f = stats.quarter_figures(s, q, today)
        assert f["grades"] == {g: expected.get(g, 0) for g in ("优秀", "合格", "基本合格", "不合格")}
        assert sum(f["grades"].values()) == f["members"] and f["final"] is False
