"""Members' 5A quantified points (党员5A量化积分): caps, bounds, A status, grades, warnings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .errors import ValidationError
from .rulesets import FiveARules, PointItem

SOURCES = ("手工", "活动签到", "导入")
GRADES = ("优秀", "合格", "基本合格", "不合格")


def entry_points(item: PointItem, quantity: float, used: float = 0.0) -> float:
    """Points one ledger entry carries: item points × quantity, cut so the member's yearly total
    for the item stays within the item's cap.

    ``used`` is the member's current total for the item in the year (reversals included, so a
    reversed entry frees its share of the cap). The cap bounds the absolute total, for deductions
    as for bonuses.
    """
    if quantity <= 0:
        raise ValidationError("次数应大于 0", "次数")
    raw = item.points * quantity
    if item.cap is None:
        return raw
    room = max(0.0, item.cap - abs(used))
    return max(-room, min(room, raw))


def clamp_dimension(rules: FiveARules, score: float) -> float:
    return max(0.0, min(rules.base + rules.bonus_cap, score))


@dataclass(slots=True)  # one per member when a year is scored: a plain slotted class builds fastest
class YearScore:
    dimensions: dict[str, float]  # dimension code -> bounded score
    total: float
    a_dimensions: tuple[str, ...]
    vetoed: bool
    five_a: bool
    grade: str


def score_year(rules: FiveARules, sums: Mapping[str, float], vetoed: bool = False) -> YearScore:
    """Score one member's year from the net ledger points per dimension."""
    base, top, line = rules.base, rules.base + rules.bonus_cap, rules.a_threshold  # runs once per member
    dims = {code: max(0.0, min(top, base + sums.get(code, 0.0))) for code in rules.dimension_codes}
    total = round(sum(dims.values()), 2)
    a_dims = tuple(code for code, s in dims.items() if s >= line)
    five_a = len(a_dims) == len(dims) and not vetoed
    return YearScore(dims, total, a_dims, vetoed, five_a, grade(rules, total, five_a, vetoed))


def grade(rules: FiveARules, total: float, five_a: bool, vetoed: bool) -> str:
    if vetoed or total < rules.grade_basic:
        return "不合格"
    if total >= rules.grade_excellent and five_a:
        return "优秀"
    if total >= rules.grade_qualified:
        return "合格"
    return "基本合格"


def warnings(rules: FiveARules, score: YearScore, probationary: bool) -> list[str]:
    """Dynamic-management warnings (动态管理) for one member, in Chinese."""
    out = [
        f"{rules.dimension_name(code)}得分 {s:g} 低于A等线 {rules.a_threshold:g}"
        for code, s in score.dimensions.items()
        if s < rules.a_threshold
    ]
    if score.total < rules.warn_total_below:
        out.append(f"总分 {score.total:g} 低于 {rules.warn_total_below:g}")
    if probationary and score.total < rules.warn_probationary_below:
        out.append(f"预备党员总分 {score.total:g} 低于 {rules.warn_probationary_below:g}")
    if score.vetoed:
        out.append("存在一票否决事项")
    return out
