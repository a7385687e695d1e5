"""Years and quarters: date ranges and the Chinese labels used on screen and paper."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import ValidationError

QUARTER_NAMES = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
MIN_YEAR = 1921  # the Party's founding; no record can be older
MAX_YEAR = 2200


def check_year(year: int) -> int:
    if not isinstance(year, int) or not (MIN_YEAR <= year <= MAX_YEAR):
        raise ValidationError(f"年份 {year} 不在 {MIN_YEAR}—{MAX_YEAR} 之间", "年份")
    return year


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    quarter: int

    def __post_init__(self):
        check_year(self.year)
        if self.quarter not in QUARTER_NAMES:
            raise ValidationError(f"季度只能是 1—4，不能是 {self.quarter}", "季度")

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter (inclusive)."""
        return self.next().start - dt.timedelta(days=1)

    @property
    def months(self) -> tuple[int, int, int]:
        first = 3 * self.quarter - 2
        return (first, first + 1, first + 2)

    @property
    def label(self) -> str:
        return f"{self.year}年{QUARTER_NAMES[self.quarter]}"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.quarter == 4 else Quarter(self.year, self.quarter + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.quarter == 1 else Quarter(self.year, self.quarter - 1)

    def __str__(self) -> str:
        return self.label


def year_start(year: int) -> dt.date:
    return dt.date(check_year(year), 1, 1)


def year_end(year: int) -> dt.date:
    return dt.date(check_year(year), 12, 31)


def year_label(year: int) -> str:
    return f"{check_year(year)}年度"


def month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return nxt - dt.timedelta(days=1)


def format_date_cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def parse_iso_date(text: str, field: str = "日期") -> dt.date:
    """Parse YYYY-MM-DD, refusing impossible dates with a Chinese reason."""
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ValidationError(f"“{text}”不是有效日期（应为 2026-11-23 这样的格式）", field) from None
