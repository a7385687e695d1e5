import datetime as dt

import pytest

from djrh_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from djrh_desktop.services import points
from djrh_desktop.services.points import Posting

YEAR = dt.date.today().year
DAY = f"{YEAR}-01-15"


def ledger_count(db):
    return db.execute("SELECT count(*) FROM point_ledger").fetchone()[0]


def test_batch_post_then_ranking_changes(admin, org_tree):
    p = org_tree["people"]
    points.batch_post(admin, [p["李四"], p["王芳"], p["赵六"]], Posting("A3-05", DAY))  # −5 each
    ranking = {ms.name: ms for ms in points.year_scores(admin, YEAR)}
    assert ranking["李四"].score.total == 55 and ranking["张三"].score.total == 60
    assert ranking["张三"].rank_unit == 1 and ranking["李四"].rank_unit == 3  # 张三 and 钱七 tie at 1
    assert ranking["李四"].score.dimensions["A3"] == 7 and ranking["李四"].score.grade == "不合格"
    assert "履职担当7分" in " ".join(ranking["李四"].warnings)


def test_cap_applied_at_entry_and_reported(admin, org_tree):
    zs = org_tree["people"]["张三"]
    points.batch_post(admin, [zs], Posting("A1-01", DAY, quantity=8))  # 0.5 each, yearly cap 5
    change = points.batch_post(admin, [zs], Posting("A1-01", DAY, quantity=3))
    assert change.extra["capped"] == 1
    assert admin.db.execute("SELECT points FROM point_ledger ORDER BY id").fetchall() == [(4.0,), (1.0,)]


def test_batch_with_one_bad_member_writes_nothing(admin, org_tree):
    p = org_tree["people"]
    before = ledger_count(admin.db)
    audit_before = admin.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    with pytest.raises(NotFound):
        points.batch_post(admin, [p["张三"], 99999], Posting("A1-01", DAY))
    with pytest.raises(ValidationError, match="积分项目"):
        points.batch_post(admin, [p["张三"], p["李四"]], Posting("NOPE", DAY))
    assert ledger_count(admin.db) == before
    assert admin.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == audit_before


def test_failure_midway_rolls_back_the_whole_batch(admin, org_tree, monkeypatch):
    from djrh_desktop.store import audit

    def fail(*a, **k):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(audit, "append", fail)
    with pytest.raises(RuntimeError):
        points.batch_post(admin, list(org_tree["people"].values()), Posting("A1-01", DAY))
    assert ledger_count(admin.db) == 0


def test_reverse_entry(admin, org_tree):
    zs = org_tree["people"]["张三"]
    entry = points.batch_post(admin, [zs], Posting("A4-03", DAY)).ids[0]  # 通报批评 −10
    assert {m.name: m for m in points.year_scores(admin, YEAR)}["张三"].score.total == 50
    with pytest.raises(ValidationError, match="冲销原因"):
        points.reverse(admin, entry, " ")
    rev = points.reverse(admin, entry, "误登记").ids[0]
    row = admin.db.execute(
        "SELECT points, reverses_id, reason FROM point_ledger WHERE id = ?", [rev]
    ).fetchone()
    assert row == (10.0, entry, "误登记")
    assert {m.name: m for m in points.year_scores(admin, YEAR)}["张三"].score.total == 60
    with pytest.raises(ValidationError, match="已经冲销"):
        points.reverse(admin, entry, "再冲")
    with pytest.raises(ValidationError, match="不能再冲销"):
        points.reverse(admin, rev, "冲销冲销")


def test_veto_makes_member_unqualified_until_reversed(admin, org_tree):
    ls = org_tree["people"]["李四"]
    entry = points.batch_post(admin, [ls], Posting("A4-04", DAY)).ids[0]
    score = {m.name: m for m in points.year_scores(admin, YEAR)}["李四"].score
    assert score.vetoed and score.grade == "不合格" and not score.five_a
    points.reverse(admin, entry, "处分已撤销")
    assert not {m.name: m for m in points.year_scores(admin, YEAR)}["李四"].score.vetoed


def test_future_date_and_left_member_refused(admin, org_tree):
    from djrh_desktop.services import org

    zs = org_tree["people"]["张三"]
    with pytest.raises(ValidationError, match="不能晚于今天"):
        points.batch_post(admin, [zs], Posting("A1-01", (dt.date.today() + dt.timedelta(days=1)).isoformat()))
    org.change_status(admin, zs, "转出", DAY, "调往外单位")
    with pytest.raises(ValidationError, match="已转出"):
        points.batch_post(admin, [zs], Posting("A1-01", DAY))


def test_roles_on_points(secretary_a, inspector, org_tree):
    p = org_tree["people"]
    points.batch_post(secretary_a, [p["李四"]], Posting("A1-01", DAY))  # own branch
    with pytest.raises(PermissionDenied, match="本支部"):
        points.batch_post(secretary_a, [p["赵六"]], Posting("A1-01", DAY))
    with pytest.raises(PermissionDenied, match="纪检监督没有“登记积分”的权限"):
        points.batch_post(inspector, [p["李四"]], Posting("A1-01", DAY))


def test_year_rules_are_frozen(admin, org_tree):
    from djrh_desktop.services import settings

    points.batch_post(admin, [org_tree["people"]["张三"]], Posting("A1-01", DAY))
    data = __import__("json").loads(settings.five_a_rules(admin).to_json())
    data["items"][0]["points"] = 3
    settings.put(admin, settings.FIVE_A_RULES, data)
    points.batch_post(admin, [org_tree["people"]["张三"]], Posting("A1-01", DAY))
    assert admin.db.execute("SELECT points FROM point_ledger ORDER BY id DESC LIMIT 1").fetchone()[0] == 0.5


def test_monthly_tally_and_half_year_notice(admin, org_tree):
    import datetime as dt

    p = org_tree["people"]
    last = YEAR - 1
    points.batch_post(admin, [p["张三"], p["李四"]], Posting("A1-02", f"{last}-03-10"))  # +1 each
    points.batch_post(admin, [p["李四"]], Posting("A4-02", f"{last}-08-02"))  # −2
    tally = points.monthly_tally(admin, last)
    assert len(tally) == 12 and tally[2] == {"month": 3, "entries": 2, "members": 2, "gained": 2.0, "deducted": 0.0}
    assert tally[7] == {"month": 8, "entries": 1, "members": 1, "gained": 0.0, "deducted": -2.0}
    assert sum(m["entries"] for m in tally) == 3
    assert len(points.monthly_tally(admin, YEAR)) == dt.date.today().month  # months to come are not listed
    first = points.half_year_notice(admin, last, 1)
    second = points.half_year_notice(admin, last, 2)
    totals = lambda n: {m.name: m.score.total for m in n["scores"]}  # noqa: E731
    assert totals(first)["李四"] == 61 and totals(second)["李四"] == 59  # the deduction came in August
    assert first["as_of"] == dt.date(last, 6, 30) and first["state"] == second["state"] == "动态"
    with pytest.raises(ValidationError, match="半年"):
        points.half_year_notice(admin, last, 3)
