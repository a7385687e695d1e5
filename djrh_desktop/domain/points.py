"""Members' 5A quantified points (党员5A量化积分): caps, bounds, A status, grades, warnings."""

from __future__ import annotations

import datetime as dt
import math
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
    return max(0.0, min(rules.dimension_max, score))


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
    base, top, line = rules.base, rules.dimension_max, rules.a_threshold  # runs once per member
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


def year_progress(as_of: dt.date, year: int) -> float:
    """Share of the year gone by the end of as_of (0 before it starts, 1 from 31 December)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if as_of < start:
        return 0.0
    return min(1.0, ((as_of - start).days + 1) / ((end - start).days + 1))


def on_pace(start: float, line: float, progress: float) -> float:
    """The score expected by now of a member heading for `line` from `start` at an even pace: a
    January member is not warned for the points the year has not yet offered. Rounded down to half a
    point, the smallest step items give, so nobody is warned for a fraction the calendar made."""
    return line if start >= line else math.floor((start + (line - start) * progress) * 2 + 1e-9) / 2


def warnings(rules: FiveARules, score: YearScore, probationary: bool, progress: float = 1.0) -> list[str]:
    """Dynamic-management warnings (动态管理) for one member, in Chinese: the member needs attention (a
    提醒谈话 may follow). Judged at the year's expected pace (`progress`: the share of the year gone,
    see year_progress): the total heading below 75 (预备党员: 70), a dimension fallen below its base
    (deductions outweigh what was earned), a veto. A dimension merely short of the A line is not a
    warning but a hint (behind_pace): most members are short of 5A, and a list of nearly everyone
    helps nobody."""
    out = []
    final = progress >= 1.0
    for code, s in score.dimensions.items():
        if s < rules.base:
            out.append(f"{rules.dimension_name(code)}{s:g}分，低于基础分{rules.base:g}分（扣分多于得分）")
    lines = [(rules.warn_total_below, "总分")]
    if probationary:
        lines.append((rules.warn_probationary_below, "预备党员总分"))
    for line, label in lines:
        due = on_pace(rules.base_total, line, progress)
        if score.total < due:
            out.append(f"{label}{score.total:g}分，" + (
                f"低于{line:g}分" if final else f"按进度应达{due:g}分（全年{line:g}分）"))
    if score.vetoed:
        out.append("存在一票否决事项")
    return out


def behind_dimensions(rules: FiveARules, score: YearScore, progress: float = 1.0) -> tuple[str, ...]:
    """Codes of the dimensions short of the A line at the year's expected pace (not below the base:
    that is a warning): what a member still has to earn to be a 5A党员."""
    due = on_pace(rules.base, rules.a_threshold, progress)
    return tuple(code for code, s in score.dimensions.items() if rules.base <= s < due)


def behind_pace(rules: FiveARules, score: YearScore, progress: float = 1.0) -> list[str]:
    """behind_dimensions in words, for the member's panel and the reports."""
    due = on_pace(rules.base, rules.a_threshold, progress)
    line = rules.a_threshold
    return [f"{rules.dimension_name(c)}{score.dimensions[c]:g}分，"
            + (f"未达A等线{line:g}分" if progress >= 1.0 else f"按进度应达{due:g}分（A等线{line:g}分）")
            for c in behind_dimensions(rules, score, progress)]  # fmt: skip


def excellent_share_warning(rules: FiveARules, excellent: int, on_roll: int) -> str | None:
    """The optional 优秀-share warning, like the star quota: None when within the share or switched off."""
    if rules.excellent_share is None or not on_roll or excellent <= rules.excellent_share * on_roll:
        return None
    return (f"优秀等次{excellent}名，占在册党员{excellent / on_roll:.0%}，"
            f"超过{rules.excellent_share:.0%}的比例要求，请在评定前复核")
