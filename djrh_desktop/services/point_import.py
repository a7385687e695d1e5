"""Importing point entries (积分记录) from spreadsheets: each row checked (member by ID number or name and
branch, item by code or name, date, quantity), caps applied in file order, and all rows written in one
transaction — nothing unless every row is valid (or the user chooses only the valid ones)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ..domain import points as point_rules
from ..domain import rulesets
from ..domain.errors import DjrhError, ValidationError
from ..exchange import cells
from ..exchange.columns import (
    POINT_FIELDS,
    POINT_REQUIRED,
)
from ..store import ledger, roster
from ..store.clock import now_text, today
from . import backups, closing
from . import points as point_service
from .imports import CellError, ImportPlan, cell_of, data_rows, read_table
from .session import Change, Session


def plan_points(
    s: Session, path, sheet: str | None = None, mapping: dict[str, int] | None = None
) -> ImportPlan:
    data, header = read_table(path, sheet, POINT_FIELDS, POINT_REQUIRED, mapping)
    if "id_number" not in header.columns and "name" not in header.columns:
        raise DjrhError(f"“{Path(path).name}”须有“公民身份号码”列，或“姓名”和“所在支部”列")
    plan = ImportPlan("points", str(path), data.name, header, POINT_FIELDS, filled=data.filled)
    db = s.db
    by_id = roster.members_by_id_number(db)
    by_name: dict[tuple[str, str], list] = defaultdict(list)
    for i, n, bname, b, st in roster.members_with_branch_names(db):
        by_name[(n, bname)].append((i, b, st))
        by_name[(n, "")].append((i, b, st))
    label = lambda f: header.label(f, POINT_FIELDS)  # noqa: E731
    rules_by_year: dict[int, rulesets.FiveARules] = {}
    for rownum, row in data_rows(data.rows, header, plan.notes):
        plan.row_numbers.append(rownum)
        plan.raw.append(row)
        get = lambda f, row=row: cell_of(row, header, f)  # noqa: E731
        bad = len(plan.errors)
        number = None
        try:
            number = cells.id_number(get("id_number"))
        except ValueError as exc:
            plan.errors.append(CellError(rownum, label("id_number"), str(exc)))
        member = None
        if number:
            member = by_id.get(number)
            if member is None:
                plan.errors.append(CellError(rownum, label("id_number"), f"没有身份证号码为 {number} 的党员"))
        elif len(plan.errors) == bad:
            name, branch = cells.text(get("name")), cells.text(get("branch"))
            found = by_name.get((name, branch), [])
            if not name:
                plan.errors.append(CellError(rownum, label("name"), "请填写姓名或公民身份号码"))
            elif not found:
                plan.errors.append(
                    CellError(
                        rownum, label("name"), f"没有找到党员“{name}”" + (f"（{branch}）" if branch else "")
                    )
                )
            elif len(found) > 1:
                plan.errors.append(
                    CellError(
                        rownum, label("name"), f"名为“{name}”的党员不止一人，请填写所在支部或身份证号码"
                    )
                )
            else:
                member = found[0]
        if member is not None:
            if member[2] != "在册":
                plan.errors.append(
                    CellError(rownum, label("id_number" if number else "name"), f"该党员已{member[2]}")
                )
            elif not s.can("points.write", member[1]):
                plan.errors.append(
                    CellError(
                        rownum, label("id_number" if number else "name"), "无权为其他支部的党员登记积分"
                    )
                )
        try:
            day = cells.date(get("date"))
            if day is None:
                raise ValueError("不能为空")
            if day > today():
                raise ValueError("不能晚于今天")
        except ValueError as exc:
            plan.errors.append(CellError(rownum, label("date"), str(exc)))
            day = None
        try:
            qty = cells.number(get("quantity"), 1.0)
            if qty <= 0:
                raise ValueError("应大于 0")
        except ValueError as exc:
            plan.errors.append(CellError(rownum, label("quantity"), str(exc)))
            qty = None
        item = None
        if day is not None:
            if day.year not in rules_by_year:
                rules_by_year[day.year] = point_service.year_rules(s, day.year)
            key = cells.text(get("item"))
            code = key.split()[0] if key else ""
            r = rules_by_year[day.year]
            item = next((i for i in r.items if i.code == code or i.name == key or i.code == key), None)
            if item is None:
                plan.errors.append(
                    CellError(rownum, label("item"), f"没有“{key}”这个积分项目（可填项目编码或名称）")
                )
        if len(plan.errors) > bad:
            continue
        plan.records[rownum] = {"member_id": member[0], "item": item, "date": day, "quantity": qty,
                                "note": cells.text(get("note")) or None}  # fmt: skip
    return plan


def apply_points(s: Session, plan: ImportPlan, only_valid: bool = False) -> Change:
    s.require_role("points.write")  # each member's branch is checked as the rows are built
    if plan.errors and not only_valid:
        raise ValidationError(
            f"有 {len(plan.bad_rows)} 行数据有错误，未导入任何数据。第一个错误：{plan.errors[0]}"
        )
    records = [r for n, r in sorted(plan.records.items()) if n not in plan.bad_rows]
    if not records:
        raise ValidationError("没有可以导入的数据")
    closing.require_open(s, *sorted({r["date"].year for r in records}))  # none of the batch if any year is closed
    backups.automatic(s, "import")
    now = now_text()
    with s.writing():
        item_ids: dict[tuple[int, str], dict] = {}
        for year in sorted({r["date"].year for r in records}):
            point_service.ensure_year(s, year)
            for row in roster.year_items(s.db, year):
                item_ids[(year, row["code"])] = row
        used: dict[tuple[int, int], float] = {}
        rows = []
        for r in records:
            it = item_ids[(r["date"].year, r["item"].code)]
            key = (r["member_id"], it["id"])
            if key not in used:
                used[key] = roster.used(s.db, *key)
            pts = point_rules.entry_points(r["item"], r["quantity"], used[key])
            used[key] += pts
            rows.append({"member_id": r["member_id"], "year": r["date"].year, "date": r["date"].isoformat(), "item_id": it["id"],
                         "dimension": it["dimension"], "quantity": r["quantity"], "points": pts, "veto": it["veto"],
                         "note": r["note"], "evidence": None, "source": "导入", "meeting_id": None, "reverses_id": None,
                         "reason": None, "batch_id": None, "recorded_by": s.actor.user_id, "recorded_at": now})  # fmt: skip
        first, last, digest = ledger.append(s.db, rows)
        s.audit("导入积分", "point_ledger", f"{first}-{last}", f"从“{Path(plan.file).name}”导入积分记录 {len(rows)} 条",
                after={"ledger": [first, last, digest], "file": Path(plan.file).name})  # fmt: skip
    return Change("point_ledger", tuple(range(first, last + 1)), f"已导入积分记录 {len(rows)} 条")

