import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from djrh_desktop.domain import points
from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.domain.rulesets import PointItem, default_five_a

RULES = default_five_a()
STUDY = PointItem("A1-01", "A1", "参加集中学习", 1, cap=6)
ABSENT = PointItem("A2-02", "A2", "无故缺席", -2)
CAPPED_DEDUCTION = PointItem("X", "A4", "扣分封顶", -3, cap=5)


def test_item_cap_cuts_the_entry_that_crosses_it():
    assert points.entry_points(STUDY, 1, used=0) == 1
    assert points.entry_points(STUDY, 3, used=4) == 2  # only 2 left under the cap of 6
    assert points.entry_points(STUDY, 1, used=6) == 0
    assert points.entry_points(ABSENT, 2, used=-20) == -4  # no cap: full deduction
    assert points.entry_points(CAPPED_DEDUCTION, 1, used=-3) == -2


def test_reversal_frees_the_cap():
    # Six sessions posted, one reversed (net 5): a new session counts again.
    assert points.entry_points(STUDY, 1, used=5) == 1


def test_quantity_must_be_positive():
    with pytest.raises(ValidationError, match="次数"):
        points.entry_points(STUDY, 0)


def test_no_entries_is_basic_pass_never_excellent_or_5a():
    """The revised rule (PRODUCT.md 2.3): the grade is earned, not kept."""
    score = points.score_year(RULES, {})
    assert score.total == 60
    assert not score.five_a and score.a_dimensions == ()
    assert score.grade == "基本合格"


def test_dimension_bounds_and_a_threshold():
    score = points.score_year(RULES, {"A1": 50, "A2": -40, "A3": 5, "A4": 6})
    assert score.dimensions["A1"] == 20  # never above the dimension maximum
    assert score.dimensions["A2"] == 0  # never below zero
    assert score.dimensions["A3"] == 17  # below the A line of 18
    assert score.dimensions["A4"] == 18  # at the line: A
    assert score.a_dimensions == ("A1", "A4") and not score.five_a
    assert score.total == 20 + 0 + 17 + 18 + 12


ALL_A = {code: 6 for code in ("A1", "A2", "A3", "A4", "A5")}


@pytest.mark.parametrize(
    "sums, vetoed, grade",
    [
        ({}, False, "基本合格"),  # 60: nothing earned, nothing broken
        (ALL_A, False, "优秀"),  # 90 and 5A
        ({**ALL_A, "A5": 5.5}, False, "合格"),  # 89.5, A5 at 17.5: not 5A, so not 优秀
        ({"A1": 8, "A2": 8, "A3": 8, "A4": 8, "A5": -2}, False, "合格"),  # 90 but A5 is 10
        ({"A1": 8, "A2": 7}, False, "合格"),  # 75
        ({"A1": 8, "A2": 6.5}, False, "基本合格"),  # 74.5
        ({"A2": -0.5}, False, "不合格"),  # 59.5
        (ALL_A, True, "不合格"),  # veto overrides the total
    ],
)
def test_annual_grades(sums, vetoed, grade):
    assert points.score_year(RULES, sums, vetoed).grade == grade


def test_warnings_at_year_end_name_the_lines_and_a_lost_dimension():
    score = points.score_year(RULES, {"A1": 6, "A3": 6, "A4": 2})  # A2 and A5 at 12, A4 at 14: total 74
    assert points.warnings(RULES, score, probationary=True) == ["总分74分，低于75分"]  # 74 ≥ 70 for 预备党员
    assert points.behind_pace(RULES, score) == ["组织生活12分，未达A等线18分", "纪律作风14分，未达A等线18分",
                                                "服务奉献12分，未达A等线18分"]  # fmt: skip
    lost = points.score_year(RULES, {"A1": 8, "A2": -2, "A3": 8, "A4": 8, "A5": 8})  # 90, but A2 fell to 10
    assert points.warnings(RULES, lost, probationary=False) == ["组织生活10分，低于基础分12分（扣分多于得分）"]
    assert points.behind_pace(RULES, lost) == []  # below the base is a warning, not a hint as well
    assert points.warnings(RULES, points.score_year(RULES, {}, vetoed=True), False)[-1] == "存在一票否决事项"


def test_warnings_follow_the_years_pace():
    idle = points.score_year(RULES, {})
    assert points.warnings(RULES, idle, probationary=False, progress=0.01) == []  # 2 January: nothing due yet
    assert points.behind_pace(RULES, idle, progress=0.01) == []
    half = points.warnings(RULES, idle, probationary=True, progress=0.5)
    assert half == ["总分60分，按进度应达67.5分（全年75分）", "预备党员总分60分，按进度应达65分（全年70分）"]
    assert points.behind_pace(RULES, idle, 0.5)[0] == "政治建设12分，按进度应达15分（A等线18分）"
    # A deduction in January is a warning at once.
    assert points.warnings(RULES, points.score_year(RULES, {"A2": -2}), False, 0.05)[0].startswith("组织生活10分")


def test_year_progress():
    import datetime as dt

    assert points.year_progress(dt.date(2026, 1, 1), 2026) == pytest.approx(1 / 365)
    assert points.year_progress(dt.date(2026, 12, 31), 2026) == 1
    assert points.year_progress(dt.date(2025, 12, 31), 2026) == 0
    assert points.year_progress(dt.date(2027, 3, 1), 2026) == 1


def test_excellent_share_warning():
    assert points.excellent_share_warning(RULES, 20, 100) is None  # 20% is within the share
    assert points.excellent_share_warning(RULES, 21, 100) == "优秀等次21名，占在册党员21%，超过20%的比例要求，请在评定前复核"
    off = dataclasses.replace(RULES, excellent_share=None)
    assert points.excellent_share_warning(off, 90, 100) is None


@given(st.dictionaries(st.sampled_from(["A1", "A2", "A3", "A4", "A5"]), st.floats(-500, 500)), st.booleans())
def test_scores_always_within_bounds(sums, vetoed):
    score = points.score_year(RULES, sums, vetoed)
    for value in score.dimensions.values():
        assert 0 <= value <= RULES.dimension_max
    assert 0 <= score.total <= 5 * (RULES.dimension_max)
    assert score.grade in points.GRADES
    if vetoed:
        assert score.grade == "不合格" and not score.five_a


@given(st.floats(0, 20), st.floats(0.5, 10))
def test_capped_item_total_never_exceeds_cap(used, qty):
    got = points.entry_points(STUDY, qty, used=min(used, STUDY.cap))
    assert abs(min(used, STUDY.cap) + got) <= STUDY.cap + 1e-9
