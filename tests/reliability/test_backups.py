"""Backups: verified copies, rotation, restore round trip, refusal of bad files."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from djrh_desktop.domain import retention, rulesets
from djrh_desktop.domain.errors import DataFileError, PermissionDenied
from djrh_desktop.services import backups, org, points
from djrh_desktop.services.points import Posting
from djrh_desktop.store import backup, integrity
from djrh_desktop.store.connection import open_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def tables(db):
    names = [
        r[0]
        for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
        for t in names
        if t != "_sqlite_migrations"
    }


def test_retention_policy():
    now = dt.datetime(2026, 11, 23, 12, 0)
    times = [now - dt.timedelta(hours=h) for h in range(0, 24 * 400, 6)]  # every 6 hours for 400 days
    kept = retention.keep(times, now)
    assert all(t in kept for t in times if (now.date() - t.date()).days <= 1)  # today and yesterday: all
    older = [t for t in kept if (now.date() - t.date()).days > 1]
    assert len({t.date() for t in older}) <= retention.DAILY + retention.WEEKLY + retention.MONTHLY
    assert max((now - t).days for t in kept) >= 230  # nine monthly ones reach back most of a year
    assert len(kept) < len(times) / 10


def test_backup_change_restore_round_trip(demo_admin, small_demo):
    db = small_demo
    before = tables(db)
    made = backups.make(demo_admin)
    path = made.extra["path"]
    assert Path(path).exists() and Path(path).parent == backups.folder(demo_admin)
    mid = db.execute("SELECT id FROM members WHERE status = '在册' LIMIT 1").fetchone()[0]
    points.batch_post(demo_admin, [mid], Posting("A1-02", dt.date.today().isoformat()))
    org.change_status(demo_admin, mid, "转出", dt.date.today().isoformat(), "调动")
    assert tables(db) != before
    backups.restore(demo_admin, path)
    after = tables(db)
    for name, rows in before.items():
        if name in ("audit_log", "meta", "users"):
            continue  # the restore itself is audited (and sign-ins touch users)
        assert after[name] == rows, name
    assert set(before["audit_log"]) <= set(after["audit_log"])
    assert integrity.check(db) == []
    reasons = [b.reason for b in backups.listing(demo_admin)]
    assert "restore" in reasons and "manual" in reasons  # the current data was backed up first


def test_damaged_or_foreign_backup_refused(demo_admin, small_demo, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    with pytest.raises(DataFileError):
        backups.restore(demo_admin, str(bad))
    foreign = tmp_path / "foreign.db"
    import sqlite3

    c = sqlite3.connect(foreign)
    c.execute("CREATE TABLE x (a)")
    c.commit()
    c.close()
    with pytest.raises(DataFileError, match="不是本程序的数据文件"):
        backups.restore(demo_admin, str(foreign))
    assert integrity.check(small_demo) == []


def test_only_admin_restores(small_demo):
    from djrh_desktop.demo import DEMO_PASSWORD
    from djrh_desktop.services import users

    officer = users.sign_in(small_demo, "dangwu", DEMO_PASSWORD)
    made = backups.make(officer)
    with pytest.raises(PermissionDenied):
        backups.restore(officer, made.extra["path"])
    inspector = users.sign_in(small_demo, "jijian", DEMO_PASSWORD)
    with pytest.raises(PermissionDenied):
        backups.make(inspector)


def test_backup_rotation_removes_old_files(tmp_path, small_demo):
    folder = tmp_path / "b"
    folder.mkdir()
    src = Path(small_demo.execute("PRAGMA database_list").fetchone()[2])
    now = dt.datetime(2026, 11, 23, 9, 0)
    ages = [*range(0, 30), 400, 401]
    for days in sorted(ages, reverse=True):  # made oldest first, as time goes
        backup.make(src, folder, "timer", now=now - dt.timedelta(days=days))
    removed = {p.name[5:13] for p in backup.rotate(folder, now)}
    kept = {b.made.date() for b in backup.listing(folder)}
    day = lambda n: (now - dt.timedelta(days=n)).date()  # noqa: E731
    assert day(0) in kept and day(1) in kept and day(11) in kept  # today, yesterday, and 12 daily
    assert day(400) in kept and f"{day(401):%Y%m%d}" in removed  # one per week and month further back
    assert len(kept) + len(removed) == len(ages) and len(removed) > 5


def test_old_schema_fixture_upgrades_with_every_row(tmp_path):
    from djrh_desktop.services import setup
    from djrh_desktop.store import schema

    for fixture in sorted(FIXTURES.glob("schema-v*.db")):
        copy = tmp_path / fixture.name
        shutil.copy(fixture, copy)
        before = tables(open_db(copy))
        db = setup.open_and_upgrade(copy)
        assert schema.schema_version(db) == len(schema.known_steps())
        after = tables(db)
        for name, rows in before.items():
            # Every row kept with every value; columns a later step added come after them. An open
            # year on the superseded 5A default is revalued (step 0011): its rows keep their keys.
            if name in REVALUED:  # compared on their keys; the added items come after the kept ones
                rows = sorted(REVALUED[name](r) for r in rows)
                kept = sorted(REVALUED[name](r) for r in after[name] if REVALUED[name](r) in set(rows))
            else:
                kept = [row[: len(rows[0])] for row in after[name][: len(rows)]] if rows else []
            assert kept == rows, f"{fixture.name}: {name}"
        closed = {y for (y,) in db.execute("SELECT year FROM closed_years")}
        for year, text in db.execute("SELECT year, rules_json FROM point_rule_sets"):
            assert (rulesets.five_a_from_json(text) == rulesets.default_five_a()) == (year not in closed)
        assert integrity.check(db) == []


# (year, at); (id, year, code); members without their search keys (0016 gives surnames their reading) and
# without the columns later steps add (0019: the global id)
REVALUED = {"point_rule_sets": lambda r: (r[0], r[2]), "point_items": lambda r: r[:3], "members": lambda r: (*r[:2], *r[4:23])}


def test_closed_year_keeps_its_superseded_rules_on_upgrade(tmp_path):
    from djrh_desktop.services import points, setup
    from djrh_desktop.services.session import system_session

    copy = tmp_path / "v8.db"
    shutil.copy(FIXTURES / "schema-v8.db", copy)
    old = open_db(copy)
    years = [y for (y,) in old.execute("SELECT year FROM closed_years")]  # the fixture closed 2024
    assert years == [2024]
    frozen = old.execute("SELECT rules_json FROM point_rule_sets WHERE year = ?", [years[0]]).fetchone()[0]
    items = old.execute("SELECT * FROM point_items WHERE year = ? ORDER BY id", [years[0]]).fetchall()
    old.close()
    db = setup.open_and_upgrade(copy)
    assert db.execute("SELECT rules_json FROM point_rule_sets WHERE year = ?", [years[0]]).fetchone()[0] == frozen
    assert db.execute("SELECT * FROM point_items WHERE year = ? ORDER BY id", [years[0]]).fetchall() == items
    assert points.year_rules(system_session(db), years[0]).base == 20  # the closed year's result stands


def test_todays_schema_upgrades_groups_levels_and_rules(tmp_path):
    """schema-v10 (the file as issue 14 found it): 党小组会 get the group most attendees belong to, self and
    evaluators' levels become the measured ones (five before the certificate), open years take the revised
    5A rules while the closed 2024 keeps its own."""
    from djrh_desktop.domain import stars
    from djrh_desktop.services import setup

    copy = tmp_path / "v10.db"
    shutil.copy(FIXTURES / "schema-v10.db", copy)
    db = setup.open_and_upgrade(copy)
    assert db.execute("SELECT count(*) FROM meetings WHERE type = '党小组会' AND group_id IS NULL").fetchone()[0] == 0
    mismatched = db.execute(
        """SELECT count(*) FROM meetings t WHERE t.type = '党小组会' AND t.group_id != (
               SELECT m.group_id FROM meeting_attendance a JOIN members m ON m.id = a.member_id
               WHERE a.meeting_id = t.id GROUP BY m.group_id ORDER BY count(*) DESC, m.group_id LIMIT 1)""").fetchone()[0]
    assert mismatched == 0
    for year, branch, self_level in db.execute("SELECT year, branch_id, self_level FROM rating_branches "
                                               "WHERE self_level IS NOT NULL").fetchall():  # fmt: skip
        r = rulesets.stars_from_json(db.execute("SELECT rules_json FROM rating_rounds WHERE year = ?", [year]).fetchone()[0])
        got = dict(db.execute("SELECT item_code, self_score FROM rating_scores WHERE year = ? AND branch_id = ?",
                              [year, branch]).fetchall())  # fmt: skip
        assert self_level == stars.evaluate(r, got).measured
    rules = {y: rulesets.five_a_from_json(t) for y, t in db.execute("SELECT year, rules_json FROM point_rule_sets")}
    assert rules[2024].base == 20 and all(r.base == 12 for y, r in rules.items() if y != 2024)


def test_upgrade_gives_surnames_their_reading(tmp_path):
    from djrh_desktop.domain import pinyin
    from djrh_desktop.services import setup

    copy = tmp_path / "v10.db"
    shutil.copy(FIXTURES / "schema-v10.db", copy)
    old = open_db(copy)
    old.execute("UPDATE members SET name = '单' || substr(name, 2), name_initials = 'd' || substr(name_initials, 2) "
                "WHERE id = (SELECT min(id) FROM members)")  # a 单 with the old reading dan
    old.conn.commit()
    old.close()
    db = setup.open_and_upgrade(copy)
    for name, initials, full in db.execute("SELECT name, name_initials, name_pinyin FROM members"):
        assert (initials, full) == pinyin.keys(name), name
