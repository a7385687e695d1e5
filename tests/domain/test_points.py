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


def test_no_entries_is_full_marks_and_5a():
    score = points.score_year(RULES, {})
    assert score.total == 100
    assert score.five_a and score.grade == "优秀"


def test_dimension_bounds_and_a_threshold():
    score = points.score_year(RULES, {"A1": 50, "A2": -40, "A3": -3})
    assert score.dimensions["A1"] == 30  # base 20 + bonus cap 10
    assert score.dimensions["A2"] == 0  # never below zero
    assert score.dimensions["A3"] == 17  # below the A line of 18
    assert "A3" not in score.a_dimensions and not score.five_a
    assert score.total == 30 + 0 + 17 + 20 + 20


@pytest.mark.parametrize(
    "sums, vetoed, grade",
    [
        ({}, False, "优秀"),
        ({"A1": -3}, False, "合格"),  # 97 but A1 is 17: not 5A, so not 优秀
        ({"A1": -10, "A2": -10}, False, "合格"),  # 80
        ({"A1": -10, "A2": -11}, False, "基本合格"),  # 79
        ({"A1": -20, "A2": -20, "A3": -1}, False, "不合格"),  # 59
        ({"A1": 5}, True, "不合格"),  # veto overrides the total
    ],
)
def test_annual_grades(sums, vetoed, grade):
    assert points.score_year(RULES, sums, vetoed).grade == grade


def test_warnings_name_the_dimension_and_probationary_line():
    score = points.score_year(RULES, {"A2": -15, "A4": -20})  # total 65
    text = points.warnings(RULES, score, probationary=True)
    assert any("组织生活" in w for w in text)
    assert any("总分" in w for w in text)
    assert any("预备党员" in w for w in text)
    assert points.warnings(RULES, points.score_year(RULES, {}), probationary=False) == []


@given(st.dictionaries(st.sampled_from(["A1", "A2", "A3", "A4", "A5"]), st.floats(-500, 500)), st.booleans())
def test_scores_always_within_bounds(sums, vetoed):
    score = points.score_year(RULES, sums, vetoed)
    for value in score.dimensions.values():
        assert 0 <= value <= RULES.base + RULES.bonus_cap
    assert 0 <= score.total <= 5 * (RULES.base + RULES.bonus_cap)
    assert score.grade in points.GRADES
    if vetoed:
        assert score.grade == "不合格" and not score.five_a


@given(st.floats(0, 20), st.floats(0.5, 10))
def test_capped_item_total_never_exceeds_cap(used, qty):
    got = points.entry_points(STUDY, qty, used=min(used, STUDY.cap))
    assert abs(min(used, STUDY.cap) + got) <= STUDY.cap + 1e-9
