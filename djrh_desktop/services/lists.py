"""Read side of every list the program shows: filtered, sorted and paged in SQL, scoped by role.

A list is a ListSpec (its FROM clause, columns and filters); the GUI's table models ask for a count and
for pages of rows, so a 1.6 M-row ledger never comes into memory. ID numbers are masked and sensitive
columns hidden here, so every face (GUI, export) gets the same view for the same role.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..domain import idnumber
from .session import Session


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sql: str  # expression selected AS key
    sortable: bool = True
    fmt: Callable | None = None  # value -> shown text
    sort: str | None = None  # expression to sort by, when not the shown value (names sort by pinyin)
    masked: bool = False  # fmt masks it on screen; exports reveal it to roles that may see it


@dataclass(frozen=True)
class ListSpec:
    name: str
    source: str  # FROM … JOIN …
    columns: tuple[Column, ...]
    default_order: str
    filters: dict[str, str] = field(default_factory=dict)  # filter name -> SQL with :name
    branch_sql: str | None = None  # the row's branch, for secretaries' scope
    id_sql: str = "id"
    count_source: str | None = None  # a lighter FROM for counting, when the display joins do not filter

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


def _where(s: Session, spec: ListSpec, filters: dict) -> tuple[str, dict]:
    parts, params = [], {}
    for name, value in filters.items():
        if value in (None, "", [], ()):
            continue
        if name not in spec.filters:
            raise KeyError(name)
        parts.append(spec.filters[name])
        params[name] = value
    if spec.branch_sql and s.actor.role == "secretary":
        parts.append(f"{spec.branch_sql} = :_own_branch")
        params["_own_branch"] = s.actor.branch_id
    return (" WHERE " + " AND ".join(f"({p})" for p in parts)) if parts else "", params


def count(s: Session, spec: ListSpec, filters: dict) -> int:
    where, params = _where(s, spec, filters)
    return s.db.execute(f"SELECT count(*) {spec.count_source or spec.source}{where}", params).fetchone()[0]


def _select(
    s: Session, spec: ListSpec, filters: dict, order: str | None, descending: bool
) -> tuple[str, dict]:
    where, params = _where(s, spec, filters)
    if order:
        col = spec.column(order)
        order_sql = f"{col.sort or col.sql} {'DESC' if descending else 'ASC'}, {spec.id_sql} {'DESC' if descending else 'ASC'}"
    else:
        order_sql = spec.default_order
    select = ", ".join(f"{c.sql} AS {c.key}" for c in spec.columns)
    return f"SELECT {spec.id_sql} AS _id, {select} {spec.source}{where} ORDER BY {order_sql}", params


def page(s: Session, spec: ListSpec, filters: dict, order: str | None = None, descending: bool = False,
         offset: int = 0, limit: int = 200, reveal: bool = False) -> list[dict]:  # fmt: skip
    sql, params = _select(s, spec, filters, order, descending)
    rows = list(
        s.db.query(sql + " LIMIT :_limit OFFSET :_offset", {**params, "_limit": limit, "_offset": offset})
    )
    _format(s, spec, rows, reveal)
    return rows


def iterate(s: Session, spec: ListSpec, filters: dict, order: str | None = None, descending: bool = False,
            reveal: bool = False, chunk: int = 5000):  # fmt: skip
    """Every row of the list as value tuples in column order, from one cursor (exports)."""
    sql, params = _select(s, spec, filters, order, descending)
    cursor = s.db.execute(sql, params)
    # Exports keep raw values (numbers stay numbers); only masking applies, for roles that may not see.
    fmts = [(i + 1, c.fmt) for i, c in enumerate(spec.columns) if c.masked and not (reveal and _may_reveal(s))]
    while True:
        rows = cursor.fetchmany(chunk)
        if not rows:
            return
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


def _num(v):
    return "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))


MEMBERS = ListSpec(
    name="members",
    source="FROM members m JOIN orgs b ON b.id = m.branch_id LEFT JOIN departments d ON d.id = m.department_id",
    id_sql="m.id",
    columns=(
        Column("name", "姓名", "m.name", sort="m.name_pinyin"),
        Column("gender", "性别", "m.gender"),
        Column("birth_date", "出生日期", "m.birth_date"),
        Column("id_number", "公民身份号码", "m.id_number", fmt=idnumber.mask, masked=True),
        Column("branch", "所在支部", "b.name"),
        Column("department", "所在部门", "d.name"),
        Column("post", "职务", "m.post"),
        Column("party_status", "党员身份", "m.party_status"),
        Column("category", "人员类别", "m.category"),
        Column("join_date", "入党日期", "m.join_date"),
        Column("status", "状态", "m.status"),
        Column("phone", "联系电话", "m.phone"),
        Column("ethnicity", "民族", "m.ethnicity"),
        Column("education", "学历", "m.education"),
        Column("full_date", "转正日期", "m.full_date"),
        Column("note", "备注", "m.note"),
    ),
    default_order="m.name_pinyin, m.id",
    filters={
        "search": "m.name LIKE '%' || :search || '%' OR m.name_initials LIKE lower(:search) || '%' "
        "OR m.name_pinyin LIKE lower(:search) || '%' OR m.id_number LIKE '%' || upper(:search) || '%'",
        "branch_id": "m.branch_id = :branch_id OR m.branch_id IN (SELECT id FROM orgs WHERE parent_id = :branch_id)",
        "status": "m.status = :status",
        "category": "m.category = :category",
        "party_status": "m.party_status = :party_status",
    },
    branch_sql="m.branch_id",
)

LEDGER = ListSpec(
    name="point_ledger",
    source="FROM point_ledger l JOIN members m ON m.id = l.member_id JOIN orgs b ON b.id = m.branch_id "
    "JOIN point_items i ON i.id = l.item_id LEFT JOIN meetings mt ON mt.id = l.meeting_id "
    "LEFT JOIN users u ON u.id = l.recorded_by",
    id_sql="l.id",
    count_source="FROM point_ledger l JOIN members m ON m.id = l.member_id",
    columns=(
        Column("id", "编号", "l.id"),
        Column("date", "日期", "l.date"),
        Column("member", "党员", "m.name", sort="m.name_pinyin"),
        Column("branch", "支部", "b.name"),
        Column("dimension", "维度", "l.dimension"),
        Column("item", "积分项目", "i.name"),
        Column("quantity", "次数", "l.quantity", fmt=_num),
        Column("points", "分值", "l.points", fmt=_num),
        Column("source", "来源", "l.source"),
        Column(
            "note",
            "备注",
            "CASE WHEN l.reverses_id IS NOT NULL THEN '冲销第 ' || l.reverses_id || ' 条：' || ifnull(l.reason, '') "
            "WHEN l.meeting_id IS NOT NULL THEN mt.type || '“' || mt.topic || '”' ELSE ifnull(l.note, '') END",
        ),
        Column("recorded_by", "登记人", "ifnull(u.display_name, '系统')"),
    ),
    default_order="l.id DESC",
    filters={
        "year": "l.year = :year",
        "member_id": "l.member_id = :member_id",
        "branch_id": "m.branch_id = :branch_id",
        "dimension": "l.dimension = :dimension",
        "search": "m.name LIKE '%' || :search || '%' OR m.name_initials LIKE lower(:search) || '%'",
        "start": "l.date >= :start",
        "end": "l.date <= :end",
    },
    branch_sql="m.branch_id",
)

TALKEES = "(SELECT group_concat(mm.name, '、') FROM talk_talkees x JOIN members mm ON mm.id = x.member_id WHERE x.talk_id = t.id)"
TALKERS = "(SELECT group_concat(y.name, '、') FROM talk_talkers y WHERE y.talk_id = t.id)"
TALKS = ListSpec(
    name="talks",
    source="FROM talks t LEFT JOIN orgs b ON b.id = t.branch_id",
    id_sql="t.id",
    columns=(
        Column("date", "日期", "t.date"),
        Column("type", "谈话类型", "t.type"),
        Column("talkers", "谈话人", TALKERS, sortable=False),
        Column("talkees", "谈话对象", TALKEES, sortable=False),
        Column("branch", "支部", "b.name"),
        Column("topic", "谈话主题", "t.topic"),
        Column("followup_status", "跟进状态", "t.followup_status"),
        Column("followup_due", "跟进期限", "t.followup_due"),
        Column("sensitivity", "密级", "t.sensitivity"),
    ),
    default_order="t.date DESC, t.id DESC",
    filters={
        "start": "t.date >= :start",
        "end": "t.date <= :end",
        "type": "t.type = :type",
        "followup_status": "t.followup_status = :followup_status",
        "branch_id": "t.branch_id = :branch_id",
        "member_id": "t.id IN (SELECT talk_id FROM talk_talkees WHERE member_id = :member_id "
        "UNION SELECT talk_id FROM talk_talkers WHERE member_id = :member_id)",
        "search": f"t.topic LIKE '%' || :search || '%' OR {TALKEES} LIKE '%' || :search || '%' "
        f"OR {TALKERS} LIKE '%' || :search || '%'",
    },
    branch_sql="t.branch_id",
)

VISITS = ListSpec(
    name="visits",
    source="FROM visits v JOIN members m ON m.id = v.member_id LEFT JOIN orgs b ON b.id = v.branch_id",
    id_sql="v.id",
    columns=(
        Column("date", "家访日期", "v.date"),
        Column("member", "被家访党员", "m.name", sort="m.name_pinyin"),
        Column("branch", "支部", "b.name"),
        Column(
            "visitors",
            "家访人",
            "(SELECT group_concat(mm.name, '、') FROM visit_visitors x JOIN members mm ON mm.id = x.member_id "
            "WHERE x.visit_id = v.id)",
            sortable=False,
        ),
        Column("pledge", "承诺书", "CASE WHEN v.pledge_signed THEN '已签订' ELSE '未签订' END"),
        Column("revisit_status", "回访状态", "v.revisit_status"),
        Column("revisit_due", "回访期限", "v.revisit_due"),
    ),
    default_order="v.date DESC, v.id DESC",
    filters={
        "start": "v.date >= :start",
        "end": "v.date <= :end",
        "branch_id": "v.branch_id = :branch_id",
        "member_id": "v.member_id = :member_id",
        "revisit_status": "v.revisit_status = :revisit_status",
        "pledge": "v.pledge_signed = :pledge",
        "search": "m.name LIKE '%' || :search || '%' OR m.name_initials LIKE lower(:search) || '%'",
    },
    branch_sql="v.branch_id",
)

MEETINGS = ListSpec(
    name="meetings",
    source="FROM meetings mt JOIN orgs b ON b.id = mt.branch_id",
    id_sql="mt.id",
    columns=(
        Column("date", "日期", "mt.date"),
        Column("branch", "支部", "b.name"),
        Column("type", "会议类型", "mt.type"),
        Column("topic", "主题", "mt.topic"),
        Column("host", "主持人", "mt.host"),
        Column(
            "present",
            "出席",
            "(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = mt.id AND a.status = '出席')",
        ),
        Column(
            "absent",
            "请假/缺席",
            "(SELECT count(*) FROM meeting_attendance a WHERE a.meeting_id = mt.id AND a.status != '出席')",
        ),
    ),
    default_order="mt.date DESC, mt.id DESC",
    filters={
        "start": "mt.date >= :start",
        "end": "mt.date <= :end",
        "branch_id": "mt.branch_id = :branch_id",
        "type": "mt.type = :type",
        "member_id": "mt.id IN (SELECT meeting_id FROM meeting_attendance WHERE member_id = :member_id)",
    },
    branch_sql="mt.branch_id",
)


def member_labels(s: Session, ids) -> dict[int, tuple[str, str]]:
    """(name, branch name) of the given members, for showing ids a service returned."""
    ids = list(dict.fromkeys(i for i in ids if i is not None))
    out: dict[int, tuple[str, str]] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk : chunk + 500]
        for mid, name, branch in s.db.execute(
            f"SELECT m.id, m.name, o.name FROM members m JOIN orgs o ON o.id = m.branch_id "
            f"WHERE m.id IN ({','.join('?' * len(part))})", part
        ):  # fmt: skip
            out[mid] = (name, branch)
    return out


def departments(s: Session) -> list[tuple[str, int]]:
    """(name, id) of the business departments, for choice lists."""
    return [(n, i) for i, n in s.db.execute("SELECT id, name FROM departments ORDER BY id")]


def org_name(s: Session, org_id: int) -> str:
    row = s.db.execute("SELECT name FROM orgs WHERE id = ?", [org_id]).fetchone()
    return row[0] if row else ""


def branches(s: Session) -> list[tuple[str, int]]:
    """(name, id) of the branches the user may see, in the tree's order: ready for a choice list."""
    rows = s.db.execute(
        "SELECT id, name FROM orgs WHERE kind = '党支部' AND active = 1 ORDER BY sort_order, id"
    ).fetchall()
    return [(n, i) for i, n in rows if s.sees_branch(i)]


def org_tree(s: Session) -> list[dict]:
    return list(
        s.db.query(
            """SELECT o.id, o.name, o.kind, o.parent_id,
                      (SELECT count(*) FROM members m WHERE m.status = '在册' AND
                         (m.branch_id = o.id OR m.branch_id IN (SELECT id FROM orgs c WHERE c.parent_id = o.id))) AS members
               FROM orgs o WHERE o.active = 1 AND o.kind != '党小组' ORDER BY o.sort_order, o.id"""
        )
    )


def branch_members(s: Session, branch_id: int, on_roll_only: bool = True) -> list[tuple[int, str]]:
    """(id, name) of a branch's members, by pinyin; a 支部书记 may list their own branch only."""
    branch_id = s.branch_scope(branch_id)
    sql = "SELECT id, name FROM members WHERE branch_id = ?" + (
        " AND status = '在册'" if on_roll_only else ""
    )
    return s.db.execute(sql + " ORDER BY name_pinyin", [branch_id]).fetchall()


def member_choices(s: Session, search: str = "", limit: int = 50) -> list[tuple[int, str, str]]:
    """(id, name, branch) for pickers: by name, pinyin initials or ID, within the user's scope."""
    rows = page(s, MEMBERS, {"search": search, "status": "在册"}, limit=limit)
    return [(r["_id"], r["name"], r["branch"]) for r in rows]


STARS = ListSpec(
    name="rating_branches",
    source="FROM rating_branches rb JOIN orgs b ON b.id = rb.branch_id",
    id_sql="rb.branch_id",
    columns=(
        Column("year", "年度", "rb.year"),
        Column("branch", "支部", "b.name"),
        Column("state", "流程环节", "rb.state"),
        Column("self_level", "自评星级", "rb.self_level"),
        Column("eval_level", "考评星级", "rb.eval_level"),
        Column("level", "定级", "rb.level"),
        Column("previous_level", "上年星级", "rb.previous_level"),
        Column("trend", "升降", "rb.trend"),
        Column("recheck_result", "复核", "rb.recheck_result"),
        Column("liaison_name", "联系领导", "rb.liaison_name"),
    ),
    default_order="rb.year DESC, b.sort_order, b.id",
    filters={"year": "rb.year = :year", "branch_id": "rb.branch_id = :branch_id"},
    branch_sql="rb.branch_id",
)

EXPORTS = {
    "members": MEMBERS,
    "points": LEDGER,
    "talks": TALKS,
    "visits": VISITS,
    "meetings": MEETINGS,
    "stars": STARS,
}
