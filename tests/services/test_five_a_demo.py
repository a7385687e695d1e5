"""The revised 5A rules on the demo a user opens (PRODUCT.md 2.3): grades earned, not kept, in the bands a
party office can publish; `djrh stats` and `djrh export scores` give the same figures."""

from __future__ import annotations

import datetime as dt

import pytest
from python_calamine import CalamineWorkbook

from djrh_desktop import demo
from djrh_desktop.cli import main as cli_main
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import closing, export, points, stats, users
from djrh_desktop.services.session import system_session
from djrh_desktop.store.connection import open_db

TODAY = dt.date.today()
PAST = [TODAY.year - k for k in (4, 3, 2, 1)]


@pytest.fixture(scope="module")
def unit_demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("unit") / "unit.db"
    db = open_db(path, create=True)
    demo.generate(db, "unit", seed=1)  # what `djrh-desktop --demo` opens
    yield db
    db.close()


@pytest.mark.parametrize("year", PAST)
def test_demo_grades_land_in_the_published_bands(unit_demo, year):
    s = system_session(unit_demo)
    scores = points.year_scores(s, year)
    n = len(scores)
    share = lambda pred: sum(1 for m in scores if pred(m)) / n  # noqa: E731
    assert 0.10 <= share(lambda m: m.score.five_a) <= 0.30
    assert share(lambda m: m.score.grade == "优秀") <= 0.20
    assert 0.01 <= share(lambda m: m.score.grade == "不合格") <= 0.03
    assert max(m.score.total for m in scores) <= 100  # the scale readers expect


def test_no_idle_member_above_basic_pass(unit_demo):
    year = PAST[-1]
    earned = {m for (m,) in unit_demo.execute(
        "SELECT member_id FROM point_ledger WHERE year = ? GROUP BY member_id HAVING max(points) > 0", [year])}  # fmt: skip
    idle = [m for m in points.year_scores(system_session(unit_demo), year) if m.member_id not in earned]
    assert all(m.score.grade in ("基本合格", "不合格") and not m.score.five_a for m in idle)


def test_stats_and_score_export_agree_and_say_running_until_closed(unit_demo, tmp_path, capsys):
    year = PAST[-1]
    s = system_session(unit_demo)
    figures = stats.quarter_figures(s, Quarter(year, 4))
    out = tmp_path / "scores.xlsx"
    n = export.export_scores(s, year, out)
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    head, body = rows[0], rows[1:]
    assert head == ["姓名", "公民身份号码", "所在支部", "政治建设", "组织生活", "履职担当", "纪律作风", "服务奉献", "总分",
                    "等次", "5A党员", "动态/最终"]  # fmt: skip
    assert n == len(body) == sum(figures["grades"].values())
    for grade, count in figures["grades"].items():
        assert sum(1 for r in body if r[9] == grade) == count
    assert sum(1 for r in body if r[10] == "是") == figures["five_a_members"]
    assert all(r[11] == "动态" for r in body) and figures["final"] is False
    assert all(r[8] == sum(r[3:8]) for r in body)
    admin = users.sign_in(unit_demo, "admin", demo.DEMO_PASSWORD)
    closing.close_year(admin, year)
    export.export_scores(s, year, out)
    assert {r[11] for r in CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()[1:]} == {"最终"}
    path = unit_demo.execute("PRAGMA database_list").fetchone()[2]
    assert cli_main(["--db", path, "--user", "shuji", "--password", demo.DEMO_PASSWORD, "export", "scores",
                     "--year", str(year), "-o", str(tmp_path / "s.xlsx")]) == 0  # fmt: skip
    own = CalamineWorkbook.from_path(str(tmp_path / "s.xlsx")).get_sheet_by_index(0).to_python()[1:]
    assert own and len({r[2] for r in own}) == 1 and len(own) < len(body)  # a secretary: their branch
    closing.reopen_year(admin, year, "测试后重新开账")


def test_demo_star_years_are_ones_the_workflow_produces(unit_demo):
    from djrh_desktop.domain import stars
    from djrh_desktop.services import ratings

    s = system_session(unit_demo)
    for year in PAST:
        rows = ratings.branch_rows(s, year)
        assert rows and all(r["state"] == "定级" for r in rows)
        assert ratings.quota_warning(s, year) is None  # the office kept within the quota
        for r in rows:
            assert (r["level"] == 5) <= bool(r["certificate"] and r["certificate_doc"] and r["certificate_by"])
            if stars.needs_follow_up(r["level"], r["self_level"]):
                assert r["liaison_name"], (year, r["branch"])
            if "离退休" in r["branch"]:
                assert "S3" not in (r["stars_lit"] or "")  # no 实干担当星 for the retirees' branch
        counts = ratings.five_star_counts(s, year)
        assert counts["applied"] >= counts["accepted"] == sum(1 for r in rows if r["level"] == 5)
    current = ratings.branch_rows(s, TODAY.year)
    assert all(r["level"] is None for r in current if r["state"] != "定级")
    assert all(not r["certificate"] for r in current if r["state"] in ("未开始", "支部自评", "党委考评"))
