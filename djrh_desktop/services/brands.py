"""党建品牌 (the unit's brand and 一支部一品牌, with their recognition, evidence for 品牌示范星) and the 一岗双责
责任书 each party committee member signs for the year (PRODUCT.md 2.9)."""

from __future__ import annotations

from ..domain import fusion_registers as rules
from ..domain.errors import NotFound, ValidationError
from ..domain.fusion_registers import BrandInput
from ..domain.periods import parse_iso_date
from ..store import fusion_registers as store
from ..store import queries
from ..store.clock import now_text, today
from . import closing
from .session import Change, Session


def _require_org(s: Session, org_id: int) -> None:
    """A branch's brand is the branch's to write; the unit's (its 党委) the committee's."""
    kind = queries.org_kind(s.db, org_id)
    if kind == "党支部":
        s.require("project.write", org_id)
    elif kind is not None and store.is_root(s.db, org_id):
        s.require("project.review")
    else:
        raise ValidationError("应为本单位党委或党支部", "品牌所属")


def save_brand(s: Session, b: BrandInput, brand_id: int | None = None) -> Change:
    """Create a brand, or correct one (a later recognition replaces the level and date)."""
    before = None
    if brand_id is not None:
        before = store.brand(s.db, brand_id)
        if before is None or before["voided_at"]:
            raise NotFound(f"编号为 {brand_id} 的党建品牌不存在")
        _require_org(s, before["org_id"])
    _require_org(s, b.org_id)
    row = rules.check_brand(b, today())
    with s.writing():
        if before is None:
            brand_id = store.insert(s.db, "fusion_brands", {**row, "created_by": s.actor.user_id, "created_at": now_text(),
                                                     "updated_at": now_text()})  # fmt: skip
            s.audit("新增", "fusion_brands", brand_id, f"党建品牌“{row['name']}”", after=row)
        else:
            store.update(s.db, "fusion_brands", brand_id, {**row, "updated_at": now_text()})
            s.audit("修改", "fusion_brands", brand_id, f"修改党建品牌“{row['name']}”",
                    before={k: before.get(k) for k in row}, after=row)  # fmt: skip
    return Change("fusion_brands", (brand_id,), f"已保存党建品牌“{row['name']}”")


def brands(s: Session) -> list[dict]:
    """The unit's brand first, then the branches' (a 支部书记 sees the unit's and their own)."""
    return [b for b in store.brands(s.db) if b["org_kind"] != "党支部" or s.sees_branch(b["org_id"])]


def sign_pledge(s: Session, year: int, member_id: int, signed_on: str, note: str | None = None) -> Change:
    """一岗双责责任书 signed by a committee member for the year."""
    s.require("project.review")
    closing.require_open(s, year)
    people = {p["member_id"]: p for p in store.committee_of_year(s.db, year)}
    if member_id not in people:
        raise ValidationError(f"不是{year}年党委班子成员", "签订人")
    day = parse_iso_date(signed_on, "签订日期")
    if day > today():
        raise ValidationError("不能晚于今天", "签订日期")
    if not year - 1 <= day.year <= year:
        raise ValidationError(f"应为{year}年度（可在上年末签订）", "签订日期")
    row = {"year": year, "member_id": member_id, "signed_on": day.isoformat(), "note": (note or "").strip() or None,
           "recorded_by": s.actor.user_id, "recorded_at": now_text()}  # fmt: skip
    with s.writing():
        store.put_pledge(s.db, row)
        s.audit("签订", "fusion_pledges", member_id, f"{people[member_id]['name']}签订{year}年一岗双责责任书", after=row)
    return Change("fusion_pledges", (member_id,), f"已登记{people[member_id]['name']}签订责任书")


def pledges(s: Session, year: int) -> list[dict]:
    """The year's party committee with whether each has signed (and when)."""
    return store.committee_of_year(s.db, year)
