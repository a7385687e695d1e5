"""Reading the audit log (系统管理员 and 纪检监督 only)."""

from __future__ import annotations

import datetime as dt

from ..domain.periods import parse_iso_date
from ..store import audit
from .session import Session


def entries(
    s: Session, since: str | dt.date | None = None, limit: int | None = None, search: str = ""
) -> list[dict]:
    s.require("audit.read")
    day = None
    if since:
        day = (since if isinstance(since, dt.date) else parse_iso_date(since, "起始日期")).isoformat()
    return audit.entries(s.db, day, limit, search)


def check_code(s: Session, code: str) -> audit.CodeCheck:
    """Whether the file still holds the history a printed report's 数据核验码 was taken from."""
    s.require("audit.read")
    return audit.check_code(s.db, code)
