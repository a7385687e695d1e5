"""Exporting what a list shows (same filters, same role view) to Excel."""

from __future__ import annotations

from collections.abc import Callable

from ..domain import members as member_rules
from ..exchange import templates, xlsx
from . import lists, settings
from .session import Session

SHEET_NAMES = {"members": "党员", "point_ledger": "积分台账", "talks": "谈心谈话", "visits": "廉政家访", "meetings": "三会一课",
               "rating_branches": "评星定级"}  # fmt: skip


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
    if kind in ("points", "stars"):
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
