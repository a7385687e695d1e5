"""The quarter's figures (`djrh stats`, the dashboard, the quarterly report all use these)."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from ..domain.periods import Quarter
from ..store import queries
from .points import five_a_count


def quarter_figures(db: Database, quarter: Quarter, today: dt.date | None = None) -> dict:
    """Figures for a quarter; members are counted on its last day, 5A members over the year so far."""
    today = today or dt.date.today()
    as_of = min(quarter.end, today)
    counts = queries.quarter_counts(db, quarter.start, quarter.end)
    levels = queries.star_levels(db, quarter.year)
    return {
        "year": quarter.year,
        "quarter": quarter.quarter,
        "period": quarter.label,
        "start": quarter.start.isoformat(),
        "end": quarter.end.isoformat(),
        "branches": queries.branch_count(db),
        "members": queries.members_on_roll(db, quarter.end),
        "talks": counts["talks"],
        "talk_records": counts["talk_records"],
        "visits": counts["visits"],
        "pledges": counts["pledges"],
        "meetings": counts["meetings"],
        "point_entries": counts["point_entries"],
        "five_a_members": five_a_count(db, quarter.year, as_of),
        "star_levels": {str(level): levels.get(level, 0) for level in range(6)},
    }
