"""Which backups to keep: every one from today and yesterday, then the newest of each of the last 12
days, 10 weeks and 9 months. Pure: takes the backups' times, returns the ones to keep."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

DAILY, WEEKLY, MONTHLY = 12, 10, 9


def keep(times: Iterable[dt.datetime], now: dt.datetime) -> set[dt.datetime]:
    times = sorted(set(times), reverse=True)  # newest first: the first seen in a period is kept
    today = now.date()
    kept: set[dt.datetime] = {t for t in times if (today - t.date()).days <= 1}
    days: set[dt.date] = set()
    weeks: set[tuple[int, int]] = set()
    months: set[tuple[int, int]] = set()
    for t in times:
        d = t.date()
        if d not in days and len(days) < DAILY:
            days.add(d)
            kept.add(t)
        week = tuple(d.isocalendar()[:2])
        if week not in weeks and len(weeks) < WEEKLY:
            weeks.add(week)
            kept.add(t)
        month = (d.year, d.month)
        if month not in months and len(months) < MONTHLY:
            months.add(month)
            kept.add(t)
    return kept
