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
TYPES = tuple(REQUIREMENTS)


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


def compliance(
    quarter: Quarter, meetings: Iterable[tuple[str, dt.date]], as_of: dt.date
) -> list[TypeCompliance]:
    """Per meeting type, how a branch stands in a quarter, judged on the periods that ended by as_of."""
    by_type: dict[str, list[dt.date]] = {t: [] for t in TYPES}
    for mtype, day in meetings:
        if mtype in by_type and quarter.contains(day):
            by_type[mtype].append(day)
    out = []
    for mtype, (period, minimum) in REQUIREMENTS.items():
        days = by_type[mtype]
        missing = []
        pending = False
        if period == "quarter":
            required = minimum
            if len(days) < minimum:
                if quarter.end < as_of:
                    missing.append("本季度")
                else:
                    pending = True
        else:
            required = minimum * 3
            for m in quarter.months:
                held = sum(1 for d in days if d.month == m)
                if held < minimum:
                    if month_end(quarter.year, m) < as_of:
                        missing.append(f"{m}月")
                    else:
                        pending = True
        out.append(TypeCompliance(mtype, len(days), required, tuple(missing), pending and not missing))
    return out


def behind(result: list[TypeCompliance]) -> list[str]:
    """Chinese lines for the types a branch is behind on."""
    return [f"{c.type}缺{'、'.join(c.missing_periods)}" for c in result if c.missing_periods]
