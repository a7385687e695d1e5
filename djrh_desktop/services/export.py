"""Exporting what a list shows (same filters, same role view) to Excel."""

from __future__ import annotations

from collections.abc import Callable

from ..domain import members as member_rules
from ..exchange import templates, xlsx
from ..store import roster
from ..store.clock import today
from . import lists, settings, visibility
from .session import Session

SHEET_NAMES = {"members": "党员", "point_ledger": "积分台账", "talks": "谈心谈话", "visits": "廉政家访", "meetings": "三会一课",
               "rating_branches": "评星定级", "fusion_projects": "双领办项目"}  # fmt: skip


def export_list(s: Session, spec: lists.ListSpec, filters: dict, path, order: str | None = None,
                descending: bool = False, progress: Callable[[int, str], None] | None = None) -> int:  # fmt: skip
    total = lists.count(s, spec, filters)

    def rows():
        for n, row in enumerate(lists.iterate(s, spec, filters, order, descending, reveal=True), 1):
            if progress and n % 5000 == 0:
                progress(int(n * 100 / max(total, 1)), f"已导出 {n:,} / {total:,} 行")
            yield row

    return xlsx.write_table(
        path, SHEET_NAMES.get(spec.name, spec.name), [c.label for c in spec.columns], rows()
    )


def year_filters(kind: str, year: int | None) -> dict:
    """The --year filter of `djrh export` for each list."""
    if year is None:
        return {}
    if kind in ("points", "stars", "projects", "posts", "inspections"):
        return {"year": year}
    if kind in ("talks", "visits", "meetings"):
        return {"start": f"{year}-01-01", "end": f"{year}-12-31"}
    return {}


def write_template(s: Session, kind: str, path) -> None:
    branches = [n for n, _ in lists.branches(s)]
    r = settings.five_a_rules(s)
    items = [f"{i.code} {i.name}" for i in r.items]
    templates.write(kind, path, branches, items, list(member_rules.CATEGORIES), list(member_rules.PARTY_STATUS),
                    list(member_rules.EDUCATION))  # fmt: skip


def export_scores(s: Session, year: int, path) -> int:
    """`djrh export scores`: one row per member on the roll at the year's end (or today), scored as the
    ranking scores them, within the session's scope; the ID number as the role may see it."""
    from . import closing, points

    scores = points.year_scores(s, year, today())
    r = points.year_rules(s, year)
    state = "最终" if closing.is_closed(s, year) else "动态"
    ids = roster.members(s.db, ["id_number", "branch_id"])
    dims = [name for _, name in r.dimensions]
    headers = ["姓名", "公民身份号码", "所在支部", *dims, "总分", "等次", "5A党员", "动态/最终"]

    def rows():
        for m in scores:
            person = ids.get(m.member_id, {})
            number = visibility.shown(person, visibility.member_hidden(s, person), visibility.ID_MASK).get("id_number")
            yield [m.name, number or "", m.branch, *(m.score.dimensions[c] for c in r.dimension_codes),
                   m.score.total, m.score.grade, "是" if m.score.five_a else "否", state]  # fmt: skip

    return xlsx.write_table(path, f"{year}年度5A积分", headers, rows())
