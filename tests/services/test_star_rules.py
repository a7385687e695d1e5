"""The star year as a party office runs it (PRODUCT.md 2.2, issue 14): five stars measured before 联审 and
marked 待联审, 申报五星/验收合格 counted, the quota over all branches warned before 公示, the certificate only
from 纪检监督 or an administrator, 复核不合格 removing the fifth star, follow-up for a branch short of the
level it applied for, and the members' veto entries beside the 联审."""

from __future__ import annotations

import datetime as dt

import pytest

from djrh_desktop.domain.errors import PermissionDenied, ValidationError
from djrh_desktop.services import points, rating_follow_up, ratings, users
from djrh_desktop.services.points import Posting
from tests.services.test_ratings_service import YEAR, all_items, drive_to

DAY = f"{YEAR}-01-06"


def test_full_marks_measure_five_stars_waiting_for_the_certificate(admin, org_tree):
    a = org_tree["a"]
    ratings.open_year(admin, YEAR)
    ratings.advance(admin, YEAR, a)
    change = ratings.save_scores(admin, YEAR, a, all_items(admin), "self")
    assert change.summary == "已保存支部自评得分，测算为5星（待联审）"
    assert ratings.get_branch(admin, YEAR, a)["self_level"] == 5
    assert ratings.five_star_counts(admin, YEAR)["applied"] == 0  # not submitted yet
    ratings.advance(admin, YEAR, a)
    counts = ratings.five_star_counts(admin, YEAR)
    assert counts["applied"] == 1 and counts["accepted"] == 0


def test_quota_counts_all_branches_from_evaluation_on(admin, org_tree):
    a, b = org_tree["a"], org_tree["b"]
    ratings.open_year(admin, YEAR)
    drive_to(admin, a, "党委考评")
    ratings.save_scores(admin, YEAR, a, all_items(admin), "eval")
    assert ratings.quota_warning(admin, YEAR) == ("拟评五星支部1个，占全部2个支部的50%，超过30%的比例要求，请在公示前复核")
    assert ratings.get_branch(admin, YEAR, b)["state"] == "未开始"  # the other branch counts in the whole
    ratings.save_scores(admin, YEAR, a, all_items(admin, 3), "eval")
    assert ratings.quota_warning(admin, YEAR) is None


def test_certificate_only_from_discipline_or_admin_with_issuer_date_and_number(admin, org_tree, inspector):
    a = org_tree["a"]
    users.create_user(admin, "dangwu9", "Dangwu2026", "officer", "党务")
    officer = users.sign_in(admin.db, "dangwu9", "Dangwu2026")
    ratings.open_year(admin, YEAR)
    drive_to(admin, a, "联审")
    with pytest.raises(PermissionDenied):
        ratings.set_certificate(officer, YEAR, a, True, "纪委", DAY, "纪廉〔1〕号")
    with pytest.raises(ValidationError, match="文号"):
        ratings.set_certificate(inspector, YEAR, a, True, "纪委", DAY, " ")
    with pytest.raises(ValidationError, match="出具人"):
        ratings.set_certificate(inspector, YEAR, a, True, "", DAY, "纪廉〔1〕号")
    ratings.set_certificate(inspector, YEAR, a, True, "驻监纪检监察组", DAY, "纪廉〔2026〕7号", "无违纪问题")
    rb = ratings.get_branch(admin, YEAR, a)
    assert (rb["certificate"], rb["certificate_by"], rb["certificate_date"], rb["certificate_doc"]) == (
        1, "驻监纪检监察组", DAY, "纪廉〔2026〕7号")  # fmt: skip
    ratings.set_joint_review(officer, YEAR, a, {})  # the veto decision stays with the joint review
    drive_to(admin, a, "定级")
    assert ratings.get_branch(admin, YEAR, a)["level"] == 5
    assert ratings.five_star_counts(admin, YEAR)["accepted"] == 1


def test_failed_recheck_removes_the_fifth_star_from_its_date(admin, org_tree):
    a = org_tree["a"]
    last = YEAR - 1
    ratings.open_year(admin, last)
    drive_to(admin, a, "定级", last)
    assert ratings.distribution(admin, last)[5] == 1
    ratings.open_year(admin, YEAR)
    assert ratings.get_branch(admin, YEAR, a)["previous_level"] == 5
    with pytest.raises(ValidationError, match="不能晚于今天"):
        rating_follow_up.recheck(admin, last, a, "复核不合格", "支部过硬星未保持", (dt.date.today() + dt.timedelta(days=1)).isoformat())
    day = dt.date.today()
    change = rating_follow_up.recheck(admin, last, a, "复核不合格", "支部过硬星未保持", day.isoformat())
    assert "摘去第五颗星" in change.summary
    assert ratings.distribution(admin, last)[5] == 0 and ratings.distribution(admin, last)[4] == 1
    assert ratings.distribution(admin, last, as_of=day - dt.timedelta(days=1))[5] == 1  # before the 复核
    assert ratings.get_branch(admin, YEAR, a)["previous_level"] == 4  # next year's 上年星级
    counts = ratings.five_star_counts(admin, last)
    assert counts["accepted"] == 1 and counts["recheck_failed"] == 1


def test_follow_up_for_a_branch_short_of_the_level_it_applied_for(admin, org_tree):
    a = org_tree["a"]
    ratings.open_year(admin, YEAR)
    drive_to(admin, a, "党委考评")  # applied for five at 自评
    r = ratings.round_rules(admin, YEAR)
    short = all_items(admin)
    for it in r.stars[3].items:  # one star short on site
        short[it.code] = (1, "现场查看")
    ratings.save_scores(admin, YEAR, a, short, "eval")
    ratings.set_evaluation(admin, YEAR, a, DAY, "述职")
    ratings.advance(admin, YEAR, a)
    drive_to(admin, a, "定级")
    rb = ratings.get_branch(admin, YEAR, a)
    assert (rb["self_level"], rb["level"]) == (5, 4)
    rating_follow_up.save_follow_up(admin, YEAR, a, org_tree["people"]["张三"], "补齐品牌示范短板", f"{YEAR + 1}-03-31")
    action = ratings.actions_of(admin, YEAR, a)[0]
    rating_follow_up.update_action(admin, action["id"], "已制定品牌方案", False)
    assert ratings.actions_of(admin, YEAR, a)[0]["progress"] == "已制定品牌方案"


def test_members_veto_entries_shown_at_joint_review(admin, org_tree):
    p = org_tree["people"]
    entry = points.batch_post(admin, [p["李四"]], Posting("A4-04", f"{YEAR}-01-02", note="受到警告处分")).ids[0]
    points.batch_post(admin, [p["赵六"]], Posting("A4-05", f"{YEAR}-01-02"))  # another branch
    rows = ratings.member_vetoes(admin, YEAR, org_tree["a"])
    assert [(r["name"], r["item"], r["note"]) for r in rows] == [("李四", "受到党纪政务处分", "受到警告处分")]
    points.reverse(admin, entry, "处分已撤销")
    assert ratings.member_vetoes(admin, YEAR, org_tree["a"]) == []
