"""Read side of every list the program shows: filtered, sorted and paged in SQL, scoped by role.

A list is a ListSpec (its FROM clause, columns and filters); the GUI's table models ask for a count and
for pages of rows, so a 1.6 M-row ledger never comes into memory. ID numbers are masked and sensitive
columns hidden here, so every face (GUI, export) gets the same view for the same role.
"""

from __future__ import annotations

from ..store import lists as store
from ..store import organisation, queries
from ..store.fusion_lists import BRANDS, INSPECTIONS, POSTS, PROJECTS, RECTIFICATIONS  # noqa: F401
from ..store.lists import LEDGER, MEETINGS, MEMBERS, STARS, TALKS, VISITS, Column, ListSpec  # noqa: F401
from .session import Session

# `djrh export <kind>` and the pages' 导出
EXPORTS = {"members": MEMBERS, "projects": PROJECTS, "posts": POSTS, "inspections": INSPECTIONS, "points": LEDGER,
           "talks": TALKS, "visits": VISITS, "meetings": MEETINGS, "stars": STARS}  # fmt: skip


def count(s: Session, spec: ListSpec, filters: dict) -> int:
    return store.count(s.db, spec, filters, s.scope_branch)


def page(s: Session, spec: ListSpec, filters: dict, order: str | None = None, descending: bool = False,
         offset: int = 0, limit: int = 200, reveal: bool = False) -> list[dict]:  # fmt: skip
    rows = store.page(s.db, spec, filters, s.scope_branch, order, descending, offset, limit)
    _format(s, spec, rows, reveal)
    return rows


def iterate(s: Session, spec: ListSpec, filters: dict, order: str | None = None, descending: bool = False,
            reveal: bool = False, chunk: int = 5000):  # fmt: skip
    """Every row of the list as value tuples in column order, from one cursor (exports)."""
    # Exports keep raw values (numbers stay numbers); only masking applies, for roles that may not see.
    fmts = [(i + 1, c.fmt) for i, c in enumerate(spec.columns) if c.masked and not (reveal and _may_reveal(s))]
    for rows in store.stream(s.db, spec, filters, s.scope_branch, order, descending, chunk):
        for r in rows:
            if fmts:
                r = list(r)
                for i, fmt in fmts:
                    r[i] = fmt(r[i])
            yield r[1:]


def _format(s: Session, spec: ListSpec, rows: list[dict], reveal: bool) -> None:
    for c in spec.columns:
        if c.fmt and not (reveal and c.masked and _may_reveal(s)):
            for r in rows:
                r[c.key] = c.fmt(r[c.key])


def _may_reveal(s: Session) -> bool:
    """Full ID numbers in exports: for roles that maintain members or may read sensitive data."""
    return s.can("member.write", s.actor.branch_id) or s.sees_sensitive



def member_labels(s: Session, ids) -> dict[int, tuple[str, str]]:
    """(name, branch name) of the given members, for showing ids a service returned."""
    return organisation.member_labels(s.db, list(dict.fromkeys(i for i in ids if i is not None)))


def departments(s: Session) -> list[tuple[str, int]]:
    """(name, id) of the business departments, for choice lists."""
    return [(n, i) for i, n in organisation.departments(s.db)]


def org_name(s: Session, org_id: int) -> str:
    return queries.org_name(s.db, org_id)


def branches(s: Session) -> list[tuple[str, int]]:
    """(name, id) of the branches the user may see, in the tree's order: ready for a choice list."""
    return [(n, i) for i, n in queries.active_branches(s.db) if s.sees_branch(i)]


def org_tree(s: Session) -> list[dict]:
    return organisation.tree(s.db)


def branch_members(s: Session, branch_id: int, on_roll_only: bool = True) -> list[tuple[int, str]]:
    """(id, name) of a branch's members, by pinyin; a 支部书记 may list their own branch only."""
    return organisation.branch_members(s.db, s.branch_scope(branch_id), on_roll_only)


def member_choices(s: Session, search: str = "", limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, name, branch) for pickers: by name, pinyin initials or ID, within the user's scope."""
    rows = page(s, MEMBERS, {"search": search, "status": "在册"}, limit=limit)
    return [(r["_id"], r["name"], r["branch"]) for r in rows]
