import datetime as dt

import pytest

from djrh_desktop.domain.errors import PermissionDenied, ValidationError
from djrh_desktop.services import rating_follow_up, ratings

YEAR = dt.date.today().year


def all_items(s, score=5, year=YEAR):
    r = ratings.round_rules(s, year)
    return {code: (score, "台账齐全") for code in r.item_codes}


def drive_to(admin, branch, state, year=YEAR):
    """Move a branch through the workflow up to `state`, filling each step."""
    while ratings.get_branch(admin, year, branch)["state"] != state:
        current = ratings.get_branch(admin, year, branch)["state"]
        if current == "支部自评":
            ratings.save_scores(admin, year, branch, all_items(admin, year=year), "self")
        elif current == "党委考评":
            ratings.save_scores(admin, year, branch, all_items(admin, year=year), "eval")
            ratings.set_evaluation(admin, year, branch, f"{year}-01-05", "听取述职")
        elif current == "联审":
            ratings.set_joint_review(admin, year, branch, {})
            ratings.set_certificate(admin, year, branch, True, "纪委", f"{year}-01-06", f"纪廉〔{year}〕1号", "无违纪问题")
        elif current == "公示":
            ratings.set_publicity(admin, year, branch, f"{year}-01-06", f"{year}-01-12")
        ratings.advance(admin, year, branch)


def test_full_workflow_with_send_back(admin, org_tree):
    a = org_tree["a"]
    ratings.open_year(admin, YEAR)
    with pytest.raises(ValidationError, match="已经开启"):
        ratings.open_year(admin, YEAR)
    ratings.advance(admin, YEAR, a)
    with pytest.raises(ValidationError, match="未打分"):
        ratings.advance(admin, YEAR, a)
    drive_to(admin, a, "联审")
    with pytest.raises(ValidationError, match="退回原因"):
        ratings.send_back(admin, YEAR, a, "")
    ratings.send_back(admin, YEAR, a, "现场考评记录不全")
    assert ratings.get_branch(admin, YEAR, a)["state"] == "党委考评"
    drive_to(admin, a, "定级")
    rb = ratings.get_branch(admin, YEAR, a)
    assert rb["level"] == 5 and rb["trend"] is None
    steps = admin.db.execute(
        "SELECT action, from_state, to_state, reason, username FROM rating_steps WHERE branch_id = ? ORDER BY id",
        [a],
    ).fetchall()
    assert ("退回", "联审", "党委考评", "现场考评记录不全", "admin") in steps
    assert [s[2] for s in steps][-1] == "定级"
    assert ratings.distribution(admin, YEAR)[5] == 1
    # 退回 from 定级 clears the level.
    ratings.send_back(admin, YEAR, a, "公示期有异议")
    assert ratings.get_branch(admin, YEAR, a)["level"] is None


def test_veto_caps_final_level(admin, org_tree):
    b = org_tree["b"]
    ratings.open_year(admin, YEAR)
    drive_to(admin, b, "联审")
    ratings.set_joint_review(admin, YEAR, b, {"V1": "党员违纪"})
    ratings.advance(admin, YEAR, b)
    drive_to(admin, b, "定级")
    rb = ratings.get_branch(admin, YEAR, b)
    assert rb["level"] == 2
    rating_follow_up.set_liaison(admin, YEAR, b, org_tree["people"]["张三"])
    rating_follow_up.add_action(admin, YEAR, b, "整顿支部班子", f"{YEAR + 1}-03-31")
    assert ratings.get_branch(admin, YEAR, b)["liaison_name"] == "张三"


def test_publicity_must_end_before_rating(admin, org_tree):
    a = org_tree["a"]
    ratings.open_year(admin, YEAR)
    drive_to(admin, a, "公示")
    end = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    ratings.set_publicity(admin, YEAR, a, dt.date.today().isoformat(), end)
    with pytest.raises(ValidationError, match="结束后才能定级"):
        ratings.advance(admin, YEAR, a)


def test_roles_in_rating(admin, org_tree, secretary_a, inspector):
    a, b = org_tree["a"], org_tree["b"]
    ratings.open_year(admin, YEAR)
    ratings.advance(secretary_a, YEAR, a)  # 支部自评 of the own branch
    ratings.save_scores(secretary_a, YEAR, a, all_items(admin, 4), "self")
    with pytest.raises(PermissionDenied):
        ratings.advance(secretary_a, YEAR, b)
    with pytest.raises(PermissionDenied):
        ratings.open_year(secretary_a, YEAR + 1)
    drive_to(admin, a, "联审")
    with pytest.raises(PermissionDenied):
        ratings.save_scores(inspector, YEAR, a, all_items(admin), "eval")
    ratings.set_joint_review(inspector, YEAR, a, {})
    ratings.set_certificate(inspector, YEAR, a, True, "纪委", f"{YEAR}-01-06", "纪廉〔1〕号", "廉政意见：无问题")
    ratings.advance(inspector, YEAR, a)
    assert ratings.get_branch(admin, YEAR, a)["state"] == "公示"
    with pytest.raises(PermissionDenied):
        ratings.advance(inspector, YEAR, a)


def test_follow_up_saved_as_one_action(demo_admin):
    db = demo_admin.db
    year, branch, liaison = db.execute(
        "SELECT year, branch_id, liaison_member_id FROM rating_branches WHERE state = '定级' AND (level <= 3 OR level < self_level) "
        "ORDER BY year DESC LIMIT 1").fetchone()  # fmt: skip
    leader = db.execute("SELECT id FROM members WHERE status = '在册' AND id != ? ORDER BY id LIMIT 1",
                        [liaison or 0]).fetchone()[0]  # fmt: skip
    before = db.execute("SELECT count(*) FROM rating_actions").fetchone()[0]
    with pytest.raises(ValidationError):  # a bad date for the new measure: nothing is saved, not even the liaison
        rating_follow_up.save_follow_up(demo_admin, year, branch, leader, "整改软弱环节", "2026-13-45")
    assert db.execute("SELECT liaison_member_id FROM rating_branches WHERE year = ? AND branch_id = ?",
                      [year, branch]).fetchone()[0] == liaison  # fmt: skip
    assert db.execute("SELECT count(*) FROM rating_actions").fetchone()[0] == before
    rating_follow_up.save_follow_up(demo_admin, year, branch, leader, "整改软弱环节", f"{year + 1}-06-30")
    action = db.execute("SELECT id FROM rating_actions WHERE measure = '整改软弱环节'").fetchone()[0]
    rating_follow_up.save_follow_up(demo_admin, year, branch, leader, None, None, {action: ("已完成一半", False)})
    assert db.execute("SELECT progress, done FROM rating_actions WHERE id = ?", [action]).fetchone() == ("已完成一半", 0)
    assert db.execute("SELECT liaison_member_id FROM rating_branches WHERE year = ? AND branch_id = ?",
                      [year, branch]).fetchone()[0] == leader  # fmt: skip
