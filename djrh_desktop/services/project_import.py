"""年初立项 from a sheet: the 双领办 projects of a year as branches send them in (template `djrh template
projects`), checked cell by cell with the project dialog's own rules and written in one transaction or
none; a project already in the file (same year, branch and title) is not added twice."""

from __future__ import annotations

from pathlib import Path

from ..domain.errors import DjrhError, ValidationError
from ..domain.fusion import ProjectInput
from ..exchange import cells
from ..exchange.columns import PROJECT_FIELDS, PROJECT_REQUIRED
from ..store import fusion as fusion_store
from ..store import queries
from . import backups, projects
from .imports import CellError, ImportPlan
from .record_import import People, _check, _keep, _rows, _tally
from .session import Change, Session

# The service's field names as the sheet calls them.
LABELS = {"项目名称": "title", "党建任务": "party_task", "业务目标": "business_goal", "融合类别": "fusion_category",
          "业务指标": "indicator", "协办人": "co_leader", "领办人": "leader", "所在支部": "branch", "年度": "year"}  # fmt: skip


def _number(plan: ImportPlan, rownum: int, label, get, field: str) -> float | None:
    try:
        return cells.number(get(field))
    except ValueError as exc:
        plan.errors.append(CellError(rownum, label(field), str(exc)))
        return None


def _person(plan: ImportPlan, rownum: int, label, get, people: People, field: str) -> int | None:
    found, error = people.resolve(cells.text(get(field)))
    if error or len(found) > 1:
        plan.errors.append(CellError(rownum, label(field), error or "只能填写一人"))
        return None
    return found[0] if found else None


def plan_projects(s: Session, path, sheet: str | None = None, mapping: dict[str, int] | None = None) -> ImportPlan:
    plan, label, rows = _rows(s, "projects", path, sheet, mapping, PROJECT_FIELDS, PROJECT_REQUIRED)
    people, seen = People(s.db), {}
    branches = {name: bid for bid, name in queries.active_branches(s.db)}
    for rownum, get in rows:
        bad = len(plan.errors)
        year = _number(plan, rownum, label, get, "year")
        if year is not None and (year != int(year) or not 2000 <= year <= 2100):
            plan.errors.append(CellError(rownum, label("year"), f"“{cells.text(get('year'))}”不是年份"))
        branch = branches.get(cells.text(get("branch")))
        if branch is None:
            plan.errors.append(CellError(rownum, label("branch"), f"没有名为“{cells.text(get('branch'))}”的党支部"))
        numbers = {f: _number(plan, rownum, label, get, f) for f in ("baseline", "target")}
        leads = {f: _person(plan, rownum, label, get, people, f) for f in ("leader", "co_leader")}
        if len(plan.errors) > bad:
            continue
        p = ProjectInput(int(year), branch, cells.text(get("title")), cells.text(get("fusion_category")),
                         cells.text(get("party_task")), cells.text(get("business_goal")), cells.text(get("indicator")) or None,
                         numbers["baseline"], numbers["target"], cells.text(get("milestones")) or None, leads["leader"],
                         leads["co_leader"])  # fmt: skip
        if not _check(plan, rownum, label, LABELS, lambda p=p: projects.check_project(s, p)):
            continue
        key = (p.year, p.branch_id, p.title.strip())
        _keep(plan, rownum, seen, key, label("title"), "（同一支部同一年度同名项目）", p,
              lambda key=key: fusion_store.exists(s.db, *key))  # fmt: skip
    return _tally(plan)


def apply_projects(s: Session, plan: ImportPlan, only_valid: bool = False) -> Change:
    """Write the plan: each project through create_project (its checks, scope and audit), in one transaction."""
    if plan.kind != "projects":
        raise DjrhError("只能导入双领办项目")
    s.require_role("project.write")
    if plan.errors and not only_valid:
        raise ValidationError(f"有 {len(plan.bad_rows)} 行数据有错误，未导入任何数据。第一个错误：{plan.errors[0]}")
    new = [r["input"] for n, r in sorted(plan.records.items()) if n not in plan.bad_rows and not r["exists"]]
    if not new:
        raise ValidationError("没有需要导入的新项目（文件中的项目都已登记过）")
    backups.automatic(s, "import")
    with s.writing():
        ids = [projects.create_project(s, p).ids[0] for p in new]
        s.audit("导入", "fusion_projects", None, f"从“{Path(plan.file).name}”导入双领办项目 {len(ids)} 个",
                after={"file": plan.file, "added": len(ids), "skipped_existing": plan.updates})  # fmt: skip
    skipped = f"，{plan.updates} 个已登记过未重复导入" if plan.updates else ""
    return Change("fusion_projects", tuple(ids), f"已导入双领办项目 {len(ids)} 个{skipped}")
