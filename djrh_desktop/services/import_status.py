"""状态 and 离开日期 in a roster import. An exported roster re-imported into a new file keeps who left and
when (转出, 停止党籍, 去世, each with its date and a status log row). An import never brings a member who left
back onto the roll, nor changes one way of leaving into another: those are done in the member's form."""

from __future__ import annotations

import datetime as dt

from ..domain import members as member_rules
from ..exchange import cells
from ..store import organisation

ALIASES = {"正常": "在册", "在籍": "在册", "死亡": "去世", "已故": "去世", "调出": "转出", "转出组织关系": "转出"}


def parse(get, label, stored: tuple[str, str | None] | None, join_date: str | None,
          today: dt.date) -> tuple[tuple[str, str] | None, tuple[str, str] | None]:  # fmt: skip
    """((status, left date) to set, or None for no change; (column, message) of an error, or None)."""
    text, left_cell = cells.text(get("status")), get("left_date")
    if not text and cells.is_blank(left_cell):
        return None, None  # no such columns, or blank cells: the stored status stands
    status = ALIASES.get(text, text) or (stored[0] if stored else "在册")
    if status not in member_rules.STATUSES:
        return None, (label("status"), f"只能是{'、'.join(member_rules.STATUSES)}之一")
    try:
        left = cells.date(left_cell)
    except ValueError as exc:
        return None, (label("left_date"), str(exc))
    was, was_left = stored or ("在册", None)
    if status == "在册":
        if left:
            return None, (label("left_date"), "状态为在册时不应填写离开日期")
        if was != "在册":
            return None, (label("status"), f"该党员已于{was_left}{was}，恢复在册请在党员信息中办理")
        return None, None
    if left is None:
        return None, (label("left_date"), f"状态为“{status}”时须填写离开日期")
    if left > today:
        return None, (label("left_date"), "不能晚于今天")
    if join_date and left.isoformat() < join_date:
        return None, (label("left_date"), f"早于入党日期{join_date}")
    if (was, was_left) == (status, left.isoformat()):
        return None, None
    if was != "在册":
        return None, (label("status"), f"该党员已是“{was}”（{was_left}），请在党员信息中修改")
    return (status, left.isoformat()), None


def change_text(stored: tuple[str, str | None] | None, new: tuple[str, str]) -> tuple[str, str]:
    """(before, after) as the preview shows them."""
    was = stored[0] if stored else "在册"
    return was, f"{new[0]}（{new[1]}）"


def apply(db, member_id: int, new: tuple[str, str], user_id: int | None, at: str) -> None:
    """Record the member's leaving as the member form does: status, 离开日期 and a status log row."""
    status, left = new
    organisation.change_status(db, member_id, status, left, {
        "member_id": member_id, "date": left, "from_status": "在册", "to_status": status,
        "reason": "名册导入", "user_id": user_id, "at": at,
    })  # fmt: skip
