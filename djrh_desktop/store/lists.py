"""The lists the program shows, as data: each ListSpec is a FROM clause, its columns and its filters,
and the SQL that counts, pages and streams it. Who may see which rows is the services' decision
(they pass the branch a 支部书记 is limited to); masking is theirs too."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from sqlite_utils import Database

from ..domain import idnumber


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
        Column("left_date", "离开日期", "m.left_date"),
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
        Column("voided", "作废", "CASE WHEN t.voided_at IS NOT NULL THEN '已作废：' || ifnull(t.void_reason, '') ELSE '' END"),
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
        Column("voided", "作废", "CASE WHEN v.voided_at IS NOT NULL THEN '已作废：' || ifnull(v.void_reason, '') ELSE '' END"),
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
        Column("voided", "作废", "CASE WHEN mt.voided_at IS NOT NULL THEN '已作废：' || ifnull(mt.void_reason, '') ELSE '' END"),
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



def _where(spec: ListSpec, filters: dict, own_branch: int | None) -> tuple[str, dict]:
    parts, params = [], {}
    for name, value in filters.items():
        if value in (None, "", [], ()):
            continue
        if name == "ids":  # the rows selected on screen (导出所选、打印所选), any number of them
            parts.append(f"{spec.id_sql} IN (SELECT value FROM json_each(:ids))")
            params["ids"] = json.dumps([int(i) for i in value])
            continue
        if name not in spec.filters:
            raise KeyError(name)
        parts.append(spec.filters[name])
        params[name] = value
    if spec.branch_sql and own_branch is not None:
        parts.append(f"{spec.branch_sql} = :_own_branch")
        params["_own_branch"] = own_branch
    return (" WHERE " + " AND ".join(f"({p})" for p in parts)) if parts else "", params


def count(db: Database, spec: ListSpec, filters: dict, own_branch: int | None) -> int:
    where, params = _where(spec, filters, own_branch)
    return db.execute(f"SELECT count(*) {spec.count_source or spec.source}{where}", params).fetchone()[0]


def _select(spec: ListSpec, filters: dict, own_branch: int | None, order: str | None, descending: bool) -> tuple[str, dict]:
    where, params = _where(spec, filters, own_branch)
    if order:
        col = spec.column(order)
        way = "DESC" if descending else "ASC"
        order_sql = f"{col.sort or col.sql} {way}, {spec.id_sql} {way}"
    else:
        order_sql = spec.default_order
    select = ", ".join(f"{c.sql} AS {c.key}" for c in spec.columns)
    return f"SELECT {spec.id_sql} AS _id, {select} {spec.source}{where} ORDER BY {order_sql}", params


def page(db: Database, spec: ListSpec, filters: dict, own_branch: int | None, order: str | None, descending: bool,
         offset: int, limit: int) -> list[dict]:  # fmt: skip
    sql, params = _select(spec, filters, own_branch, order, descending)
    return list(db.query(sql + " LIMIT :_limit OFFSET :_offset", {**params, "_limit": limit, "_offset": offset}))


def stream(db: Database, spec: ListSpec, filters: dict, own_branch: int | None, order: str | None, descending: bool,
           chunk: int) -> Iterator[list[tuple]]:  # fmt: skip
    """Every row (id first, then the columns) in chunks, from one cursor."""
    sql, params = _select(spec, filters, own_branch, order, descending)
    cursor = db.execute(sql, params)
    while True:
        rows = cursor.fetchmany(chunk)
        if not rows:
            return
        yield rows
