"""A county work committee's file (县直机关工委) fed by its units' 数据包: which units reported for a period
(未报送 are listed), and which organisations are a unit's part — read-only here, kept by the unit's own file."""

from __future__ import annotations

import datetime as dt

from ..domain.periods import Quarter
from ..store import config
from .session import Session

# unit id -> {"name", "org" (its 党委's global id), "orgs" (their ids here), "packages": [created_at …]}
COUNTY_UNITS = config.COUNTY_UNITS


def units(s: Session) -> dict[str, dict]:
    return config.get(s.db, COUNTY_UNITS) or {}


def reporting(s: Session, q: Quarter, today: dt.date | None = None) -> dict | None:
    """For a county file: the units whose package covers the quarter (made on or after its last day; for the
    quarter still running, made in it) and those that did not send one (未报送). None for other files."""
    known = units(s)
    if not known:
        return None
    today = today or dt.date.today()
    due = (q.end if q.end < today else q.start).isoformat()
    reported = sorted(u["name"] for u in known.values() if any(p[:10] >= due for p in u["packages"]))
    missing = sorted(u["name"] for u in known.values() if not any(p[:10] >= due for p in u["packages"]))
    return {"reported": reported, "missing": missing}
