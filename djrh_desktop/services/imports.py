"""Importing the member roster and point entries from spreadsheets.

Every row is checked first (domain rules, known branches, duplicates in the file); each bad cell is
reported as `第12行 身份证号码：校验位错误` using the column name as written in the file. Nothing is written
unless every row is valid (the GUI may choose to import only the valid rows); then all rows go in one
transaction. Re-importing a roster updates the members it matches (by ID number, or by name within the
branch when there is none) and adds nobody twice.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import members as member_rules
from ..domain import pinyin
from ..domain.errors import DjrhError, ValidationError
from ..domain.members import MemberInput
from ..exchange import cells, spreadsheet
from ..exchange.columns import (  # noqa: F401 - cell_of and data_rows are used by point imports too
    MEMBER_FIELDS,
    MEMBER_REQUIRED,
    Header,
    cell_of,
    data_rows,
    find_header,
)
from ..store import organisation, roster
from ..store.clock import now_text, today
from . import backups, import_status
from .session import Change, Session

LABEL_TO_FIELD = {label: key for key, label in member_rules.FIELD_LABELS.items()}
EDUCATION_ALIASES = {"本科": "大学本科", "大本": "大学本科", "大专": "大学专科", "专科": "大学专科", "硕士": "研究生",
                     "博士": "研究生", "硕士研究生": "研究生", "博士研究生": "研究生", "初中": "初中及以下", "小学": "初中及以下"}  # fmt: skip
STATUS_ALIASES = {"正式": "正式党员", "预备": "预备党员"}
CATEGORY_ALIASES = {"退休": "离退休", "离休": "离退休", "流动党员": "流动", "在职党员": "在职"}


# The member fields an import sets (status and history are changed only through status changes).
MEMBER_COLUMNS = ("name", "name_initials", "name_pinyin", "gender", "ethnicity", "birth_date", "id_number", "education",
                  "join_date", "full_date", "party_status", "category", "branch_id", "post", "department_id", "phone", "note")  # fmt: skip


@dataclass
class CellError:
    row: int  # the row number as Excel shows it (1-based)
    column: str
    message: str

    def __str__(self) -> str:
        return (
            f"第{self.row}行 {self.column}：{self.message}"
            if self.column
            else f"第{self.row}行：{self.message}"
        )


@dataclass
class ImportPlan:
    kind: str
    file: str
    sheet: str
    header: Header
    fields: dict
    raw: list[list] = field(default_factory=list)  # data rows as read, for the preview
    row_numbers: list[int] = field(default_factory=list)
    records: dict[int, dict] = field(default_factory=dict)  # row number -> parsed record (valid rows)
    errors: list[CellError] = field(default_factory=list)
    unknown_branches: list[str] = field(default_factory=list)
    changes: dict[int, list] = field(default_factory=dict)  # row number -> FieldChange list (matched members)
    adds: int = 0
    updates: int = 0
    filled: int = 0  # cells filled down from a merged cell
    notes: list[int] = field(default_factory=list)  # row numbers of note/signature lines under the table

    def absent_labels(self) -> list[str]:
        """The member fields this file has no column for (kept as stored for matched members)."""
        return [self.fields[f][0] for f in self.fields if f not in self.header.columns]

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}

    def summary(self) -> str:
        what = "党员" if self.kind == "members" else "积分记录"
        text = f"“{Path(self.file).name}”工作表“{self.sheet}”：{len(self.row_numbers)} 行数据"
        if self.kind == "members":
            text += f"，新增{what} {self.adds} 名、更新 {self.updates} 名"
            same = len(self.records) - self.adds - self.updates
            text += f"、{same} 名无变化" if same else ""
        elif self.kind in ("talks", "visits", "projects"):
            what, unit = {"talks": ("谈话记录", "条"), "visits": ("家访记录", "条"), "projects": ("双领办项目", "个")}[self.kind]
            text += f"，{what} {self.adds} {unit}" + (f"（另有 {self.updates} {unit}已登记过，不重复导入）" if self.updates else "")
        else:
            text += f"，{what} {len(self.records)} 条"
        if self.filled:
            text += f"（合并单元格已按上方内容填入 {self.filled} 格）"
        if self.notes:
            text += f"；表下第{'、'.join(map(str, self.notes))}行是说明或签名，不作数据导入"
        return text + (f"；{len(self.bad_rows)} 行有错误" if self.errors else "；全部正确")


def _header(rows, fields, required, path) -> Header:
    header = find_header(rows, fields)
    if header is None:
        raise DjrhError(
            f"“{Path(path).name}”中找不到表头行（应包含{'、'.join(fields[f][0] for f in required)}等列）"
        )
    missing = [fields[f][0] for f in required if f not in header.columns]
    if missing:
        raise DjrhError(f"“{Path(path).name}”缺少必需的列：{'、'.join(missing)}")
    return header


def read_table(path, sheet, fields, required, mapping: dict[str, int] | None = None):
    data = spreadsheet.read(path, sheet)
    header = _header(data.rows, fields, required, path)
    if mapping is not None:  # the GUI's manual mapping replaces the guessed one
        header = Header(header.row, {f: c for f, c in mapping.items() if c is not None}, header.names)
        missing = [fields[f][0] for f in required if f not in header.columns]
        if missing:
            raise DjrhError(f"请为这些必需的列指定对应列：{'、'.join(missing)}")
    return data, header


# ---- members -------------------------------------------------------------------------------------


# The roster's columns as member fields (branch and department are names in the file, ids in the table).
IMPORT_TO_MEMBER = {"name": "name", "gender": "gender", "ethnicity": "ethnicity", "birth_date": "birth_date",
                    "id_number": "id_number", "education": "education", "join_date": "join_date",
                    "full_date": "full_date", "party_status": "party_status", "category": "category",
                    "branch": "branch_id", "post": "post", "department": "department_id", "phone": "phone",
                    "note": "note"}  # fmt: skip
NEW_MEMBER_DEFAULTS = {"ethnicity": "汉族", "party_status": "正式党员", "category": "在职"}


@dataclass(frozen=True)
class FieldChange:
    """One field of a matched member that the import changes, as the preview and the audit show it."""

    field: str  # member column
    label: str
    old: object
    new: object
    old_text: str
    new_text: str

    def __str__(self) -> str:
        return f"{self.label}：{self.old_text or '（空）'} → {self.new_text or '（空）'}"


def _given(row, header: Header, f: str, parsed: dict) -> tuple[bool, object]:
    """(present, value): a column missing from the file, or a blank cell, gives nothing, so an import
    never erases what is stored; clearing a field is done in the member's form."""
    if f not in header.columns:
        return False, None
    value = parsed[f] if f in parsed else cells.text(cell_of(row, header, f))
    return (value not in (None, "")), value


def plan_members(s: Session, path, sheet: str | None = None, mapping: dict[str, int] | None = None,
                 today_: dt.date | None = None) -> ImportPlan:  # fmt: skip
    """Check every row. A row matching a stored member (by ID number, else by name within the branch)
    changes only the fields the file gives; each change is listed (旧值 → 新值) in plan.changes."""
    data, header = read_table(path, sheet, MEMBER_FIELDS, MEMBER_REQUIRED, mapping)
    plan = ImportPlan("members", str(path), data.name, header, MEMBER_FIELDS, filled=data.filled)
    db = s.db
    branches = roster.branch_ids(db)
    branch_names = {i: n for n, i in branches.items()}
    departments = roster.department_ids(db)
    department_names = {i: n for n, i in departments.items()}
    stored_columns = [c for c in MEMBER_COLUMNS if c not in ("name_initials", "name_pinyin")]
    stored = roster.members(db, stored_columns)
    statuses = roster.statuses(db)
    by_id = {r["id_number"]: mid for mid, r in stored.items() if r["id_number"]}
    by_name: dict[tuple[str, int], list[int]] = defaultdict(list)
    for mid, r in stored.items():
        by_name[(r["name"], r["branch_id"])].append(mid)
    seen_ids: dict[str, int] = {}
    unknown: dict[str, None] = {}
    label = lambda f: header.label(f, MEMBER_FIELDS)  # noqa: E731
    for rownum, row in data_rows(data.rows, header, plan.notes):
        plan.row_numbers.append(rownum)
        plan.raw.append(row)
        errors_before = len(plan.errors)
        get = lambda f, row=row: cell_of(row, header, f)  # noqa: E731
        parsed: dict = {}
        for f in ("birth_date", "join_date", "full_date"):
            try:
                d = cells.date(get(f))
                parsed[f] = d.isoformat() if d else None
            except ValueError as exc:
                plan.errors.append(CellError(rownum, label(f), str(exc)))
        try:
            parsed["id_number"] = cells.id_number(get("id_number"))
        except ValueError as exc:
            plan.errors.append(CellError(rownum, label("id_number"), str(exc)))
        branch_name = cells.text(get("branch"))
        if not branch_name:
            plan.errors.append(CellError(rownum, label("branch"), "不能为空"))
        elif branch_name not in branches:
            unknown.setdefault(branch_name)
        if len(plan.errors) > errors_before:
            continue
        education = cells.text(get("education"))
        status, category = cells.text(get("party_status")), cells.text(get("category"))
        parsed["gender"] = cells.text(get("gender"))[:1]
        parsed["education"] = EDUCATION_ALIASES.get(education, education) or None
        parsed["party_status"] = STATUS_ALIASES.get(status, status) or None
        parsed["category"] = CATEGORY_ALIASES.get(category, category) or None
        parsed["branch"] = branches.get(branch_name, -1)
        dept_name = cells.text(get("department"))
        parsed["department"] = departments.get(dept_name, -1) if dept_name else None
        name = cells.text(get("name"))
        existing = by_id.get(parsed["id_number"]) if parsed["id_number"] else None
        if existing is None and not parsed["id_number"]:
            same = by_name.get((name, parsed["branch"]), [])
            existing = same[0] if len(same) == 1 else None
        if existing is not None and s.actor.role == "secretary" and stored[existing]["branch_id"] != s.actor.branch_id:
            plan.errors.append(CellError(rownum, label("id_number") if parsed["id_number"] else label("name"),
                                         "该党员属于其他支部，支部书记不能修改"))  # fmt: skip
            continue
        # Start from what is stored (a new member: the defaults) and lay the file's cells over it.
        base = dict(stored[existing]) if existing is not None else dict(NEW_MEMBER_DEFAULTS)
        for f, column in IMPORT_TO_MEMBER.items():
            present, value = _given(row, header, f, parsed)
            if present:
                base[column] = value
        m = MemberInput(**{k: base.get(k) for k in MemberInput.__dataclass_fields__
                           if k in base or k in ("name", "gender", "branch_id")})  # fmt: skip
        try:
            record = member_rules.validate_member(m, today_ or today())
        except ValidationError as exc:
            column = (
                label(LABEL_TO_FIELD.get(exc.field or "", ""))
                if exc.field in LABEL_TO_FIELD
                else (exc.field or "")
            )
            plan.errors.append(CellError(rownum, column, exc.reason))
            continue
        if record["id_number"]:
            if record["id_number"] in seen_ids:
                plan.errors.append(
                    CellError(rownum, label("id_number"), f"与第{seen_ids[record['id_number']]}行重复")
                )
                continue
            seen_ids[record["id_number"]] = rownum
        if s.actor.role == "secretary" and record["branch_id"] != s.actor.branch_id:
            plan.errors.append(CellError(rownum, label("branch"), "支部书记只能导入本支部的党员"))
            continue
        if record["department_id"] == -1:  # a new department, made at import
            record["department_id"] = None
            record["_department_name"] = dept_name
        else:
            record["_department_name"] = department_names.get(record["department_id"])
        record["_branch_name"] = branch_names.get(record["branch_id"], branch_name)
        record["_existing"] = existing
        status, error = import_status.parse(get, label, statuses.get(existing), record["join_date"], today_ or today())
        if error:
            plan.errors.append(CellError(rownum, *error))
            continue
        record["_status"] = status
        if existing is not None:
            plan.changes[rownum] = _changes(stored[existing], record, branch_names, department_names) + (
                [FieldChange("status", "状态", None, None, *import_status.change_text(statuses[existing], status))]
                if status else [])  # fmt: skip
        plan.records[rownum] = record
    plan.unknown_branches = list(unknown)
    plan.adds = sum(1 for r in plan.records.values() if r["_existing"] is None)
    plan.updates = sum(1 for n, r in plan.records.items() if r["_existing"] is not None and plan.changes.get(n))
    return plan


def _changes(old: dict, new: dict, branch_names: dict, department_names: dict) -> list[FieldChange]:
    out = []
    for column in IMPORT_TO_MEMBER.values():
        before, after = old.get(column), new.get(column)
        if column == "department_id" and after is None and new.get("_department_name"):
            after = new["_department_name"]  # to be created
            shown_after = after
        elif column == "department_id":
            shown_after = department_names.get(after, "")
        elif column == "branch_id":
            shown_after = branch_names.get(after, new.get("_branch_name") or "")
        else:
            shown_after = "" if after is None else str(after)
        if before == after:
            continue
        shown_before = {"branch_id": branch_names, "department_id": department_names}.get(column, {}).get(
            before, "" if before is None else str(before)
        )
        out.append(FieldChange(column, member_rules.FIELD_LABELS[column], before, after, shown_before, shown_after))
    return out


def unknown_branch_errors(plan: ImportPlan) -> list[CellError]:
    """Rows naming a branch that does not exist (when not creating branches)."""
    header, label = plan.header, plan.header.label("branch", MEMBER_FIELDS)
    out = []
    for rownum, row in zip(plan.row_numbers, plan.raw, strict=True):
        name = cells.text(cell_of(row, header, "branch"))
        if name in plan.unknown_branches:
            out.append(CellError(rownum, label, f"支部“{name}”不存在"))
    return out


def apply_members(
    s: Session, plan: ImportPlan, create_branches: bool = False, only_valid: bool = False
) -> Change:
    """Write the plan in one transaction; refuses if any row is bad (unless only_valid)."""
    s.require("member.write", s.actor.branch_id)
    errors = list(plan.errors)
    if plan.unknown_branches and not create_branches:
        errors += unknown_branch_errors(plan)
    if errors and not only_valid:
        raise ValidationError(
            f"有 {len({e.row for e in errors})} 行数据有错误，未导入任何数据。第一个错误：{errors[0]}"
        )
    if plan.unknown_branches and create_branches:
        s.require("org.write")
    bad = {e.row for e in errors}
    rows = {n: r for n, r in plan.records.items() if n not in bad}
    if not rows:
        raise ValidationError("没有可以导入的数据")
    backups.automatic(s, "import")
    now = now_text()
    with s.writing():
        root = organisation.root_org(s.db)
        branch_ids = roster.branch_ids(s.db)
        if create_branches:
            for name in plan.unknown_branches:
                branch_ids[name] = roster.add_branch(s.db, name, root, now)
        dept_ids = roster.department_ids(s.db)
        columns = list(MEMBER_COLUMNS)
        current = roster.member_tuples(s.db, columns)
        added, changes, leaving = [], [], []
        before: dict[int, dict] = {}  # member id -> the changed fields' stored values, for the audit
        after: dict[int, dict] = {}
        for rec in rows.values():
            rec = dict(rec)
            rec["branch_id"] = branch_ids.get(rec.pop("_branch_name"), rec["branch_id"])
            dept = rec.pop("_department_name")
            if dept and dept not in dept_ids:
                dept_ids[dept] = roster.add_department(s.db, dept)
            rec["department_id"] = dept_ids.get(dept) if dept else None
            existing, status = rec.pop("_existing"), rec.pop("_status")
            if status:
                leaving.append((existing if existing is not None else len(added), existing is None, status))
            rec["name_initials"], rec["name_pinyin"] = pinyin.keys(rec["name"])
            values = tuple(rec[c] for c in columns)
            if existing is None:
                added.append({**rec, "created_at": now, "updated_at": now})
            elif current.get(existing) != values:  # unchanged members are left alone
                changes.append((*values, now, existing))
                was = dict(zip(columns, current[existing], strict=True))
                diff = [c for c in columns if was[c] != rec[c] and c not in ("name_initials", "name_pinyin")]
                before[existing] = {c: was[c] for c in diff}
                after[existing] = {c: rec[c] for c in diff}
        roster.update_members(s.db, columns, changes)
        first = roster.last_member_id(s.db)
        roster.insert_members(s.db, added)
        new_ids = roster.member_ids_after(s.db, first)
        updated = len(changes)
        for key, is_new, status in leaving:  # 转出/去世… with its date and log row, as the member form does
            member = new_ids[key] if is_new else key
            import_status.apply(s.db, member, status, s.actor.user_id, now)
            if not is_new:
                updated += member not in before  # a member whose only change is leaving
                before.setdefault(member, {})["status"] = "在册"
                after.setdefault(member, {})["status"] = list(status)
        s.audit("导入", "members", None, f"从“{Path(plan.file).name}”导入党员：新增 {len(added)} 名，更新 {updated} 名",
                before={"members": before},
                after={"file": Path(plan.file).name, "added": len(added), "updated": updated, "members": after,
                       "branches_created": plan.unknown_branches if create_branches else []})  # fmt: skip
    unchanged = len(rows) - len(added) - updated
    text = f"已导入：新增党员 {len(added)} 名，更新 {updated} 名" + (
        f"，{unchanged} 名无变化" if unchanged else ""
    )
    return Change("members", (), text, {"added": len(added), "updated": updated, "unchanged": unchanged})
