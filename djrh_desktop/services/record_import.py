"""Importing 谈心谈话 and 廉政家访 records kept in sheets, with the roster's rules: every cell checked with a
Chinese message (row, column, reason), people given by name or 公民身份号码 (several separated by 、), an
ambiguous name named with its candidates, and all rows written in one transaction or none. A record
already in the file (same day, type, topic and people; a visit: same member and day) is not added twice."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ..domain.errors import DjrhError, NotFound, PermissionDenied, ValidationError
from ..exchange import cells
from ..exchange.columns import TALK_FIELDS, TALK_REQUIRED, VISIT_FIELDS, VISIT_REQUIRED, cell_of, data_rows
from ..store import roster
from ..store import talks as talk_store
from ..store import visits as visit_store
from . import backups, talks, visits
from .imports import CellError, ImportPlan, read_table
from .session import Change, Session
from .talks import Talker, TalkInput
from .visits import VisitInput

SEPARATORS = re.compile(r"[、，,；;/\n]+")  # not spaces: “县纪委 刘书记” is one person
YES, NO = ("是", "已签订", "敏感", "√", "Y", "y", "1"), ("", "否", "未签订", "普通", "×", "N", "n", "0")
# The service's field names as the sheet calls them.
TALK_LABELS = {"谈话日期": "date", "谈话类型": "type", "谈话主题": "topic", "谈话人": "talkers", "谈话对象": "talkees",
               "密级": "sensitive"}  # fmt: skip
VISIT_LABELS = {"家访日期": "date", "家访人": "visitors", "在场家属": "family", "回访期限": "revisit_due",
                "承诺书签订日期": "pledge"}  # fmt: skip


class People:
    """Members by 公民身份号码 and by name (every status: old records name members who have left since)."""

    def __init__(self, db):
        self.by_id = {number: mid for number, (mid, _b, _st) in roster.members_by_id_number(db).items()}
        self.by_name: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for mid, name, branch, _bid, _status in roster.members_with_branch_names(db):
            self.by_name[name].append((mid, branch))

    def resolve(self, text: str, outside_ok: bool = False) -> tuple[list[int | str], str | None]:
        """(member ids, and names outside the roster where allowed), or an error message."""
        out: list[int | str] = []
        for token in [t.strip() for t in SEPARATORS.split(text or "") if t.strip()]:
            if re.fullmatch(r"\d{17}[\dXx]", token):
                if token.upper() not in self.by_id:
                    return [], f"没有公民身份号码为 {token} 的党员"
                out.append(self.by_id[token.upper()])
                continue
            found = self.by_name.get(token, [])
            if len(found) > 1:
                where = "、".join(branch for _, branch in found)
                return [], f"名为“{token}”的党员有{len(found)}人（{where}），请改填公民身份号码"
            if found:
                out.append(found[0][0])
            elif outside_ok:
                out.append(token)  # someone outside the roster (a leader from above): kept by name
            else:
                return [], f"名册中没有“{token}”"
        return out, None


def _yes(value) -> bool:
    t = cells.text(value)
    if t in YES:
        return True
    if t in NO:
        return False
    raise ValueError("应填“是”或“否”")


def _check(plan: ImportPlan, rownum: int, label, fields: dict[str, str], check) -> bool:
    """Run the service's own validation on the row's record; its refusal becomes a cell error."""
    try:
        check()
        return True
    except ValidationError as exc:
        column = label(fields[exc.field]) if exc.field in fields else (exc.field or "")
        plan.errors.append(CellError(rownum, column, exc.reason))
    except (PermissionDenied, NotFound) as exc:
        plan.errors.append(CellError(rownum, "", str(exc)))
    return False


def _rows(s: Session, kind: str, path, sheet, mapping, fields, required):
    """The plan, then for each data row (number, cell getter, label of a field): the rows are kept for the
    preview as they are read."""
    data, header = read_table(path, sheet, fields, required, mapping)
    plan = ImportPlan(kind, str(path), data.name, header, fields, filled=data.filled)
    label = lambda f: header.label(f, fields)  # noqa: E731

    def each():
        for rownum, row in data_rows(data.rows, header, plan.notes):
            plan.row_numbers.append(rownum)
            plan.raw.append(row)
            yield rownum, (lambda f, row=row: cell_of(row, header, f))

    return plan, label, each()


def _date(plan: ImportPlan, rownum: int, label, get, field: str, required: bool):
    try:
        day = cells.date(get(field))
        if day is None and required:
            raise ValueError("不能为空")
        return day
    except ValueError as exc:
        plan.errors.append(CellError(rownum, label(field), str(exc)))
        return None


def _people(plan: ImportPlan, rownum: int, label, get, people: People, field: str, outside_ok: bool = False) -> list:
    found, error = people.resolve(cells.text(get(field)), outside_ok)
    if error:
        plan.errors.append(CellError(rownum, label(field), error))
    return found


def _flag(plan: ImportPlan, rownum: int, label, get, field: str) -> bool:
    try:
        return _yes(get(field))
    except ValueError as exc:
        plan.errors.append(CellError(rownum, label(field), str(exc)))
        return False


def _keep(plan: ImportPlan, rownum: int, seen: dict, key: tuple, column: str, why: str, item, exists) -> None:
    """A checked record joins the plan, unless an earlier row of the file is the same record."""
    if key in seen:
        plan.errors.append(CellError(rownum, column, f"与第{seen[key]}行重复{why}"))
        return
    seen[key] = rownum
    plan.records[rownum] = {"input": item, "exists": exists()}


def _tally(plan: ImportPlan) -> ImportPlan:
    plan.updates = sum(1 for r in plan.records.values() if r["exists"])  # already there: left as they are
    plan.adds = len(plan.records) - plan.updates
    return plan


def plan_talks(s: Session, path, sheet: str | None = None, mapping: dict[str, int] | None = None) -> ImportPlan:
    plan, label, rows = _rows(s, "talks", path, sheet, mapping, TALK_FIELDS, TALK_REQUIRED)
    people, seen = People(s.db), {}
    for rownum, get in rows:
        bad = len(plan.errors)
        day = _date(plan, rownum, label, get, "date", required=True)
        talkers = _people(plan, rownum, label, get, people, "talkers", outside_ok=True)
        talkees = _people(plan, rownum, label, get, people, "talkees")
        sensitive = _flag(plan, rownum, label, get, "sensitive")
        if len(plan.errors) > bad:
            continue
        t = TalkInput(cells.text(get("type")), day.isoformat() if day else "", cells.text(get("topic")),
                      [Talker(x) if isinstance(x, int) else Talker(name=x) for x in talkers], talkees,
                      place=cells.text(get("place")) or None, content=cells.text(get("content")) or None,
                      sensitivity="敏感" if sensitive else "普通")  # fmt: skip
        if not _check(plan, rownum, label, TALK_LABELS, lambda t=t: talks.check_talk(s, t)):
            continue
        key = (t.date, t.type, t.topic.strip(), tuple(sorted(talkees)))
        _keep(plan, rownum, seen, key, label("topic"), "", t, lambda key=key: talk_store.exists(s.db, *key))
    return _tally(plan)


def _family(text: str) -> list[tuple[str, str]]:
    """“李某（配偶）、王某（父亲）” → [(李某, 配偶), (王某, 父亲)]; a name without a relation is 家属."""
    out = []
    for part in [p for p in re.split(r"[、，,；;]+", text or "") if p.strip()]:
        m = re.fullmatch(r"\s*(.+?)\s*[（(]\s*(.+?)\s*[)）]\s*", part)
        out.append((m.group(1), m.group(2)) if m else (part.strip(), "家属"))
    return out


def plan_visits(s: Session, path, sheet: str | None = None, mapping: dict[str, int] | None = None) -> ImportPlan:
    plan, label, rows = _rows(s, "visits", path, sheet, mapping, VISIT_FIELDS, VISIT_REQUIRED)
    people, seen = People(s.db), {}
    for rownum, get in rows:
        bad = len(plan.errors)
        dates = {f: _date(plan, rownum, label, get, f, required=f == "date") for f in ("date", "revisit_due")}
        member, error = people.resolve(cells.text(get("member")))
        if error or len(member) != 1:
            plan.errors.append(CellError(rownum, label("member"), error or "每行填写一名被访党员"))
        visitors = _people(plan, rownum, label, get, people, "visitors")
        pledge = _flag(plan, rownum, label, get, "pledge")
        if len(plan.errors) > bad:
            continue
        due = dates.get("revisit_due")
        v = VisitInput(dates["date"].isoformat() if dates.get("date") else "", member[0], visitors,
                       family=_family(cells.text(get("family"))), address=cells.text(get("address")) or None,
                       content=cells.text(get("content")) or None, pledge_signed=pledge,
                       revisit_due=due.isoformat() if due else None, revisit_status="待回访" if due else "无需回访")  # fmt: skip
        if not _check(plan, rownum, label, VISIT_LABELS, lambda v=v: visits.check_visit(s, v)):
            continue
        key = (v.date, v.member_id)
        _keep(plan, rownum, seen, key, label("member"), "（同一天家访同一名党员）", v,
              lambda key=key: visit_store.exists(s.db, *key))  # fmt: skip
    return _tally(plan)


def apply_records(s: Session, plan: ImportPlan, only_valid: bool = False) -> Change:
    """Write a talks or visits plan: one transaction, each record through the service as if typed in its
    form (its checks, audit entry and scope), records already in the file left alone."""
    if plan.kind not in ("talks", "visits"):
        raise DjrhError("只能导入谈心谈话或廉政家访记录")
    s.require_role("talk.write" if plan.kind == "talks" else "visit.write")
    if plan.errors and not only_valid:
        raise ValidationError(f"有 {len(plan.bad_rows)} 行数据有错误，未导入任何数据。第一个错误：{plan.errors[0]}")
    new = [r["input"] for n, r in sorted(plan.records.items()) if n not in plan.bad_rows and not r["exists"]]
    if not new:
        raise ValidationError("没有需要导入的新记录（文件中的记录都已登记过）")
    backups.automatic(s, "import")
    record = talks.record_talk if plan.kind == "talks" else visits.record_visit
    what = "谈心谈话记录" if plan.kind == "talks" else "廉政家访记录"
    with s.writing():
        ids = [record(s, item).ids[0] for item in new]
        s.audit("导入", plan.kind, None, f"从“{Path(plan.file).name}”导入{what} {len(ids)} 条",
                after={"file": plan.file, "added": len(ids), "skipped_existing": plan.updates})  # fmt: skip
    skipped = f"，{plan.updates} 条已登记过未重复导入" if plan.updates else ""
    return Change(plan.kind, tuple(ids), f"已导入{what} {len(ids)} 条{skipped}")
