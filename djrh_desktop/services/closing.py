"""年度关账 (PRODUCT.md 2.8): after a year's results are published an administrator closes it; nothing
dated in a closed year can then be written, and corrections go into the open year with a reference.
Reopening is an administrator's audited act, with a reason."""

from __future__ import annotations

import datetime as dt

from ..domain.errors import ValidationError
from ..domain.periods import check_year
from ..store import closing as store
from ..store.clock import now_text, today
from .session import Change, Session


def closed_years(s: Session) -> list[int]:
    return sorted(store.closed(s.db))


def is_closed(s: Session, year: int) -> bool:
    return year in store.closed(s.db)


def require_open(s: Session, *days: dt.date | str | int | None) -> None:
    """Refuse a write dated in a closed year (days may be dates, ISO dates or years)."""
    shut = store.closed(s.db)
    if not shut:
        return
    for day in days:
        if day is None:
            continue
        year = day if isinstance(day, int) else (day.year if isinstance(day, dt.date) else int(str(day)[:4]))
        if year in shut:
            raise ValidationError(f"{year}年度已关账，不能再登记或修改该年度的记录；更正请在当前年度登记（如冲销），"
                                  "或由系统管理员重新开账", "年度")  # fmt: skip


def close_year(s: Session, year: int) -> Change:
    s.require("year.close")
    check_year(year)
    if year >= today().year:
        raise ValidationError(f"{year}年度尚未结束，不能关账", "年度")
    if is_closed(s, year):
        raise ValidationError(f"{year}年度已经关账", "年度")
    with s.writing():
        store.close(s.db, year, now_text(), s.actor.user_id)
        s.audit("关账", "closed_years", year, f"{year}年度关账：此后不能再登记或修改该年度的记录", after={"year": year})
    return Change("closed_years", (year,), f"{year}年度已关账")


def reopen_year(s: Session, year: int, reason: str) -> Change:
    s.require("year.close")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("请填写重新开账的原因", "原因")
    if not is_closed(s, year):
        raise ValidationError(f"{year}年度没有关账", "年度")
    with s.writing():
        store.reopen(s.db, year)
        s.audit("重新开账", "closed_years", year, f"{year}年度重新开账：{reason}", before={"year": year},
                after={"reason": reason})  # fmt: skip
    return Change("closed_years", (year,), f"{year}年度已重新开账")
