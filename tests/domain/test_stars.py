import pytest

from djrh_desktop.domain import stars
from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.domain.rulesets import default_stars

RULES = default_stars()


def full_scores(except_star: str | None = None, got: float = 5) -> dict:
    """Every item at its maximum, the items of one star at `got` each."""
    out = {}
    for star in RULES.stars:
        for it in star.items:
            out[it.code] = got if star.code == except_star else it.max
    return out


def test_default_stars_are_the_five_named_in_the_seeds():
    assert [s.name for s in RULES.stars] == [
        "政治坚定星",
        "作风优良星",
        "实干担当星",
        "品牌示范星",
        "支部过硬星",
    ]
    assert all(s.max_total == 20 for s in RULES.stars)


def test_star_lit_at_80_percent():
    assert stars.evaluate(RULES, full_scores("S4", 4), certificate=True).level == 5  # 16 of 20 lights it
    res = stars.evaluate(RULES, full_scores("S4", 3.5), certificate=True)  # 14 of 20 does not
    assert res.level == 4 and "S4" not in res.lit


def test_missing_items_count_zero_and_scores_capped_at_item_max():
    res = stars.evaluate(RULES, {"S1-1": 99}, certificate=True)
    assert res.star_scores["S1"] == 5 and res.level == 0


def test_veto_caps_at_two_stars():
    res = stars.evaluate(RULES, full_scores(), vetoes=["V3"], certificate=True)
    assert res.raw_level == 5 and res.level == 2
    assert "软弱涣散" in res.notes[0]


def test_five_stars_need_clean_certificate_but_measure_five_before_it():
    waiting = stars.evaluate(RULES, full_scores(), certificate=False)
    assert waiting.level == 4 and waiting.measured == 5 and waiting.awaiting_certificate
    assert stars.level_label(waiting.measured, waiting.awaiting_certificate) == "5星（待联审）"
    issued = stars.evaluate(RULES, full_scores(), certificate=True)
    assert issued.level == issued.measured == 5 and not issued.awaiting_certificate
    vetoed = stars.evaluate(RULES, full_scores(), vetoes=["V3"], certificate=False)
    assert vetoed.measured == 2 and not vetoed.awaiting_certificate  # a veto is no matter of the certificate


def test_quota_warning_counts_all_branches_of_the_round():
    assert stars.quota_message(RULES, 3, 10) is None  # 30%: at the line
    assert stars.quota_message(RULES, 4, 10) == "拟评五星支部4个，占全部10个支部的40%，超过30%的比例要求，请在公示前复核"
    assert stars.quota_message(RULES, 3, 3) is not None and stars.quota_message(RULES, 0, 0) is None
    assert stars.quota_message(RULES, 4, 10, settled=True) == "五星级党支部4个，占全部10个支部的40%，超过30%的比例要求"


def test_workflow_forward_and_back():
    assert stars.next_state("未开始") == "支部自评"
    assert stars.next_state("公示") == "定级"
    assert stars.previous_state("联审") == "党委考评"
    with pytest.raises(ValidationError):
        stars.next_state("定级")
    with pytest.raises(ValidationError):
        stars.previous_state("未开始")


def test_trend_and_follow_up():
    assert stars.trend(3, 4) == "晋位"
    assert stars.trend(4, 4) == "保持"
    assert stars.trend(5, 3) == "降级"
    assert stars.trend(None, 3) is None
    assert stars.needs_follow_up(3) and not stars.needs_follow_up(4)
    assert stars.needs_follow_up(4, applied=5) and not stars.needs_follow_up(5, applied=5)


def test_item_score_validation():
    with pytest.raises(ValidationError, match="0—5"):
        stars.validate_score(RULES, "S1-1", 6)
    assert stars.validate_score(RULES, "S1-1", 4.5) == 4.5
