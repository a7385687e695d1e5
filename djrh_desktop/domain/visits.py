"""Clean-government family visits (廉政家访): coverage, pledges, return visits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

FIVE_ASKS = ("思想动态", "工作状态", "大额收支", "收送礼品", "交往应酬")  # 五过问
FIVE_KNOWS = ("家庭情况", "生活习惯", "兴趣爱好", "社会交往", "困难诉求")  # 五清
MATERIALS = ("廉政提醒信", "廉政书籍", "《家庭助廉承诺书》")
RETURN_VISIT = ("无需回访", "待回访", "已回访")


@dataclass(frozen=True)
class VisitCoverage:
    members: int
    visited: int
    not_visited: tuple[int, ...]

    @property
    def rate(self) -> float:
        return 1.0 if not self.members else self.visited / self.members


def coverage(member_ids: Iterable[int], visited_ids: Iterable[int]) -> VisitCoverage:
    members = set(member_ids)
    visited = members & set(visited_ids)
    return VisitCoverage(len(members), len(visited), tuple(sorted(members - visited)))


def pledges_signed(visits: Iterable[tuple[bool, dt.date | None]], start: dt.date, end: dt.date) -> int:
    """Pledges counted by the date they were signed, within [start, end]."""
    return sum(1 for signed, day in visits if signed and day is not None and start <= day <= end)


def return_overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    return status == "待回访" and due is not None and due < today
