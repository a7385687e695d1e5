"""The quarter's figures (`djrh stats`, the dashboard, the quarterly report all use these)."""

from __future__ import annotations

import datetime as dt

from ..domain.periods import Quarter
from ..store import fusion as fusion_store
from ..store import queries
from . import closing, county, fusion_figures
from .points import year_rules
from .session import Session


def quarter_figures(s: Session, quarter: Quarter, today: dt.date | None = None, branch_id: int | None = None,
                    scores: list | None = None) -> dict:  # fmt: skip
    """Figures for a quarter over the session's scope (a 支部书记: their branch; others: the unit, or the
    branch asked for); members are counted on its last day, 5A members over the year so far. `scores`: the
    same members' year_scores at the same day, when the caller has them (the grades are then counted from
    them instead of a second pass over the ledger)."""
    today = today or dt.date.today()
    as_of = min(quarter.end, today)
    db, branch = s.db, s.branch_scope(branch_id)
    counts = queries.quarter_counts(db, quarter.start, quarter.end, branch)
    levels = queries.star_levels(db, quarter.year, branch, as_of)  # 复核不合格 counts from its date
    if scores is None:
        grades, five_a = queries.grade_counts(db, quarter.year, as_of, year_rules(s, quarter.year), branch)
    else:
        grades = {g: sum(1 for m in scores if m.score.grade == g) for g in ("优秀", "合格", "基本合格", "不合格")}
        five_a = sum(1 for m in scores if m.score.five_a)
    reporting = county.reporting(s, quarter, today) if branch is None else None
    return {
        **({"units": reporting} if reporting else {}),  # a county's file: which units reported (未报送)
        "scope": s.scope_name(branch),  # None: the whole unit
        "year": quarter.year,
        "quarter": quarter.quarter,
        "period": quarter.label,
        "start": quarter.start.isoformat(),
        "end": quarter.end.isoformat(),
        "branches": queries.branch_count(db, branch),
        "members": queries.members_on_roll(db, quarter.end, branch),
        "talks": counts["talks"],
        "talk_records": counts["talk_records"],
        "visits": counts["visits"],
        "pledges": counts["pledges"],
        "meetings": counts["meetings"],
        "point_entries": counts["point_entries"],
        "five_a_members": five_a,
        # Annual grades over the members on the roll at the period's end; final once the year is closed.
        "grades": grades,
        "final": closing.is_closed(s, quarter.year),
        "star_levels": {str(level): levels.get(level, 0) for level in range(6)},
        # 双领办 projects of the year and their monthly reports for the quarter's months; 先锋阵地 standing,
        # the quarter's inspections and the 限期整改 items open at its end (or today)
        "fusion": {**fusion_store.counts(db, quarter.year, quarter.months, branch),
                   **fusion_figures.counts(s, quarter, as_of, branch)},
    }


def talks_by_type(s: Session, quarter: Quarter, branch_id: int | None = None) -> list[tuple[str, int]]:
    """人次 per talk type in a quarter, over the session's scope."""
    return queries.talks_by_type(s.db, quarter.start, quarter.end, s.branch_scope(branch_id))
