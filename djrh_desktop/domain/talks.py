"""Talk records (谈心谈话): types, follow-up states, coverage and overdue follow-ups."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

TYPES = ("谈心谈话", "廉政谈话", "提醒谈话", "诫勉谈话", "执法廉政谈话", "任前廉政谈话", "其他")
FOLLOW_UP = ("无需跟进", "待跟进", "已办结")
SENSITIVITY = ("普通", "敏感")


@dataclass(frozen=True)
class CoverageGap:
    talker_id: int
    talkee_id: int
    basis: str  # "分管部门" or "支部书记"


def required_pairs(
    leader_departments: Mapping[int, Iterable[int]],
    department_members: Mapping[int, Iterable[int]],
    secretary_branches: Mapping[int, Iterable[int]],
    branch_members: Mapping[int, Iterable[int]],
) -> dict[tuple[int, int], str]:
    """Who must talk with whom this year: each leader with every member of the departments they
    oversee, each branch secretary with every member of their branch. Nobody talks to themself."""
    pairs: dict[tuple[int, int], str] = {}
    for leader, depts in leader_departments.items():
        for d in depts:
            for m in department_members.get(d, ()):
                if m != leader:
                    pairs.setdefault((leader, m), "分管部门")
    for secretary, branches in secretary_branches.items():
        for b in branches:
            for m in branch_members.get(b, ()):
                if m != secretary:
                    pairs.setdefault((secretary, m), "支部书记")
    return pairs


def coverage_gaps(
    required: Mapping[tuple[int, int], str], held: Iterable[tuple[int, int]]
) -> list[CoverageGap]:
    """Required (talker, talkee) pairs with no talk yet; ``held`` are the pairs talked this year."""
    done = set(held)
    return [CoverageGap(t, m, basis) for (t, m), basis in sorted(required.items()) if (t, m) not in done]


def coverage_rate(required: Mapping[tuple[int, int], str], gaps: list[CoverageGap]) -> float:
    return 1.0 if not required else (len(required) - len(gaps)) / len(required)


def is_overdue(status: str, due: dt.date | None, today: dt.date) -> bool:
    return status == "待跟进" and due is not None and due < today
