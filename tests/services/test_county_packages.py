"""Unit → county (issue 18): a 县直机关工委 file fed by three units' packages — its figures are the sum of the
units' own `djrh stats`, the units' parts are read-only there, a unit that did not send a package for the
period is listed as 未报送, and a unit's second package only brings what changed."""

from __future__ import annotations

import datetime as dt

import pytest

from djrh_desktop import demo
from djrh_desktop.domain.errors import PermissionDenied
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import (
    county,
    dashboard,
    org,
    package_export,
    package_import,
    reporting,
    setup,
    stats,
    talks,
    users,
)
from djrh_desktop.services.reporting import ReportRequest
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.store import config, integrity
from djrh_desktop.store.connection import open_db
from tests.reports.conftest import flat, pdf_text

Q = Quarter.of(dt.date.today())
SUMMED = ("branches", "members", "talks", "talk_records", "visits", "pledges", "meetings", "point_entries", "five_a_members")


@pytest.fixture(scope="module")
def unit_files(tmp_path_factory):
    """Three units' own files (small demos, each renamed), made once for the module."""
    folder = tmp_path_factory.mktemp("units")
    paths = []
    for k, name in enumerate(("县财政局", "县教育局", "县卫健委")):
        path = folder / f"unit{k}.db"
        db = open_db(path, create=True)
        demo.generate(db, "small", seed=11 + k)
        root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL").fetchone()[0]
        db.execute("UPDATE orgs SET name = ? WHERE id = ?", [f"中共{name}机关委员会", root])
        config.put(db, config.UNIT_NAME, name)
        db.conn.commit()
        db.close()
        paths.append(path)
    return paths


def unit_session(path):
    return users.sign_in(open_db(path), "admin", demo.DEMO_PASSWORD)


def test_county_figures_are_the_sum_of_its_units(unit_files, tmp_path):
    county_db = open_db(tmp_path / "county.db", create=True)
    setup.initialise(county_db, "云溪县直机关工委", "admin", "County2026x")
    cs = users.sign_in(county_db, "admin", "County2026x")
    own = {}
    for k, path in enumerate(unit_files[:3]):
        s = unit_session(path)
        own[k] = stats.quarter_figures(s, Q)
        package = tmp_path / f"unit{k}.djrhpkg"
        package_export.export_unit(s, package)
        plan = package_import.plan_import(cs, package)
        assert not plan.refused and not plan.conflicts, plan.refused[:3]
        package_import.apply_import(cs, plan)
    got = stats.quarter_figures(cs, Q)
    for key in SUMMED:
        assert got[key] == sum(f[key] for f in own.values()), key
    for level in map(str, range(6)):
        assert got["star_levels"][level] == sum(f["star_levels"][level] for f in own.values()), level
    assert county.reporting(cs, Q)["reported"] == ["县卫健委", "县教育局", "县财政局"]
    assert integrity.check(county_db, full=True) == []
    # the units' parts are theirs: the county cannot write into them
    branch = county_db.execute("SELECT id FROM orgs WHERE kind = '党支部' ORDER BY id LIMIT 1").fetchone()[0]
    member = county_db.execute("SELECT id FROM members WHERE branch_id = ? AND status = '在册' LIMIT 1", [branch]).fetchone()[0]
    with pytest.raises(PermissionDenied, match="通过数据包报送，在本数据文件中只读"):
        talks.record_talk(cs, TalkInput(type="谈心谈话", date=dt.date.today().isoformat(), topic="工委谈话",
                                        talkers=[Talker(member)], talkees=[member]))  # fmt: skip
    with pytest.raises(PermissionDenied):
        org.rename_org(cs, branch, "改名")


def test_a_second_unit_package_brings_only_changes_and_late_units_are_listed(unit_files, tmp_path):
    county_db = open_db(tmp_path / "county.db", create=True)
    setup.initialise(county_db, "云溪县直机关工委", "admin", "County2026x")
    cs = users.sign_in(county_db, "admin", "County2026x")
    first = tmp_path / "first.djrhpkg"
    s = unit_session(unit_files[0])
    package_export.export_unit(s, first)
    package_import.apply_import(cs, package_import.plan_import(cs, first))
    member = s.db.execute("SELECT id FROM members WHERE status = '在册' LIMIT 1").fetchone()[0]
    talks.record_talk(s, TalkInput(type="谈心谈话", date=dt.date.today().isoformat(), topic="第二次报送前的谈话",
                                   talkers=[Talker(member)], talkees=[member]))  # fmt: skip
    second = tmp_path / "second.djrhpkg"
    package_export.export_unit(s, second)
    plan = package_import.plan_import(cs, second)
    assert [label for _e, label in plan.added] == [f"{dt.date.today().isoformat()} 谈心谈话“第二次报送前的谈话”"]
    assert not plan.updated and not plan.refused
    package_import.apply_import(cs, plan)
    other = unit_session(unit_files[1])
    late = tmp_path / "late.djrhpkg"
    package_export.export_unit(other, late)
    package_import.apply_import(cs, package_import.plan_import(cs, late))
    # a unit whose last package was made before the last quarter ended has not reported for it
    units = config.get(county_db, config.COUNTY_UNITS)
    uid = next(k for k, u in units.items() if u["name"] == "县教育局")
    units[uid]["packages"] = ["2000-01-01T00:00:00"]
    config.put(county_db, config.COUNTY_UNITS, units)
    previous = Quarter.of(Q.start - dt.timedelta(days=1))
    assert county.reporting(cs, previous) == {"reported": ["县财政局"], "missing": ["县教育局"]}
    assert stats.quarter_figures(cs, previous)["units"]["missing"] == ["县教育局"]
    todo = [t.text for t in dashboard.todos(cs, Q, dt.date.today()) if t.group == "数据包未报送"]
    assert todo == [f"县教育局：{previous.label}的数据包尚未报送"]
    out = tmp_path / "county-q.pdf"
    reporting.make(cs, ReportRequest("quarterly", previous.year, previous.quarter), out)
    assert "本季度数据汇总自报送数据包的1个单位：县财政局；未报送的单位1个：县教育局。" in flat(pdf_text(out))
    with pytest.raises(Exception, match="本单位自己导出"):
        package_import.plan_import(s, second)
