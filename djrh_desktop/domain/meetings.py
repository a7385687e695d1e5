"""Organisational life (三会一课, 主题党日): meeting types, minimum frequency, quarterly compliance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .periods import Quarter, month_end

ATTENDANCE = ("出席", "请假", "缺席")

# type -> (period, minimum per period); "month" means every month of the quarter needs one.
REQUIREMENTS: dict[str, tuple[str, int]] = {
    "支部党员大会": ("quarter", 1),
    "支部委员会": ("month", 1),
    "党小组会": ("month", 1),
    "党课": ("quarter", 1),
    "主题党日": ("month", 1),
}
# Annual items (PRODUCT.md 2.6): at least this many a year per branch.
ANNUAL: dict[str, int] = {"组织生活会": 1, "民主评议党员": 1}
TYPES = tuple(REQUIREMENTS) + tuple(ANNUAL)
APPRAISALS = ("优秀", "合格", "基本合格", "不合格")  # 民主评议党员: each member's result
GROUP_MEETING = "党小组会"  # held and counted per 党小组


@dataclass(frozen=True)
class TypeCompliance:
    type: str
    held: int
    required: int
    missing_periods: tuple[str, ...]  # ended periods with too few meetings, e.g. ("7月",) or ("本季度",)
    pending: bool  # the quarter has not ended and nothing ended is missing yet

    @property
    def ok(self) -> bool:
        return not self.missing_periods and not self.pending

    @property
    def status(self) -> str:
        if self.missing_periods:
            return "未达标"
        return "进行中" if self.pending else "达标"


def compliance(quarter: Quarter, meetings: Iterable[tuple], as_of: dt.date,
               groups: Iterable[tuple[int, str]] = ()) -> list[TypeCompliance]:  # fmt: skip
    """Per meeting type, how a branch stands in a quarter, judged on the periods that ended by as_of.

    `meetings` are (type, date) or (type, date, group id). With the branch's 党小组 given as (id, name),
    党小组会 is required of every group every month and a missing month names the group."""
    groups = list(groups)
    by_type: dict[str, list[tuple[dt.date, int | None]]] = {t: [] for t in REQUIREMENTS}
    for mtype, day, *rest in meetings:
        if mtype in by_type and quarter.contains(day):
            by_type[mtype].append((day, rest[0] if rest else None))
    out = []
    for mtype, (period, minimum) in REQUIREMENTS.items():
        held = by_type[mtype]
        units = [(g, f"{name}") for g, name in groups] if mtype == GROUP_MEETING and groups else [(None, "")]
        missing = []
        pending = False
        required = 0
        for group, label in units:
            days = [d for d, g in held if group is None or g == group]
            if period == "quarter":
                required += minimum
                if len(days) < minimum:
                    if quarter.end < as_of:
                        missing.append(f"{label}本季度")
                    else:
                        pending = True
            else:
                required += minimum * 3
                for m in quarter.months:
                    if sum(1 for d in days if d.month == m) < minimum:
                        if month_end(quarter.year, m) < as_of:
                            missing.append(f"{label}{m}月")
                        else:
                            pending = True
        out.append(TypeCompliance(mtype, len(held), required, tuple(missing), pending and not missing))
    return out


def requirement_text(mtype: str) -> str:
    """The minimum frequency of a regular type, as a column header says it."""
    period, minimum = REQUIREMENTS[mtype]
    each = "每组每月" if mtype == GROUP_MEETING else ("每月" if period == "month" else "每季度")
    return f"{each}至少{minimum}次"


def annual_compliance(year: int, meetings: Iterable[tuple], as_of: dt.date) -> list[TypeCompliance]:
    """The annual items (组织生活会, 民主评议党员) of a branch's year, judged when the year has ended."""
    out = []
    for mtype, minimum in ANNUAL.items():
        held = sum(1 for t, day, *_ in meetings if t == mtype and day.year == year)
        short = held < minimum
        ended = dt.date(year, 12, 31) < as_of
        out.append(TypeCompliance(mtype, held, minimum, ("全年",) if short and ended else (), short and not ended))
    return out


def behind(result: list[TypeCompliance]) -> list[str]:
    """Chinese lines for the types a branch is behind on."""
    return [f"{c.type}全年未召开" if c.type in ANNUAL else f"{c.type}缺{'、'.join(c.missing_periods)}"
            for c in result if c.missing_periods]
