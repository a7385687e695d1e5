"""The 党建与业务融合 lists (PRODUCT.md 2.9) as data: 双领办 projects, 党员先锋阵地, 联合检查 and their 限期整改
items, 党建品牌 — shown on the 融合发展 page and exported by `djrh export projects|posts|inspections`."""

from __future__ import annotations

from .lists import Column, ListSpec, _num

PROJECTS = ListSpec(
    name="fusion_projects",
    source="FROM (SELECT * FROM fusion_projects WHERE voided_at IS NULL) p JOIN orgs b ON b.id = p.branch_id "
           "LEFT JOIN members l ON l.id = p.leader_member_id",
    id_sql="p.id",
    columns=(
        Column("year", "年度", "p.year"),
        Column("branch", "党支部", "b.name"),
        Column("title", "项目名称", "p.title"),
        Column("category", "融合类别", "p.category"),
        Column("leader", "领办人", "l.name"),
        Column("party_task", "党建任务", "p.party_task"),
        Column("business_goal", "业务目标", "p.business_goal"),
        Column("indicator", "业务指标", "p.indicator"),
        Column("baseline", "基数", "p.baseline", fmt=_num),
        Column("target", "目标值", "p.target", fmt=_num),
        Column("latest", "最新值", "(SELECT g.value FROM fusion_progress g WHERE g.project_id = p.id AND g.value IS NOT NULL "
               "ORDER BY g.month DESC LIMIT 1)", fmt=_num),  # fmt: skip
        Column("reports", "已报月数", "(SELECT count(*) FROM fusion_progress g WHERE g.project_id = p.id)"),
        Column("assessment", "年终考核", "p.assessment_result"),
    ),
    default_order="p.year DESC, b.sort_order, b.id, p.id",
    filters={"year": "p.year = :year", "branch_id": "p.branch_id = :branch_id", "category": "p.category = :category",
             "search": "p.title LIKE '%' || :search || '%' OR b.name LIKE '%' || :search || '%'"},  # fmt: skip
    branch_sql="p.branch_id",
)

_YEAR_SPAN = "{start} <= :year || '-12-31' AND ({end} IS NULL OR {end} >= :year || '-01-01')"

POSTS = ListSpec(
    name="fusion_posts",
    source="FROM (SELECT * FROM fusion_posts WHERE voided_at IS NULL) p JOIN orgs b ON b.id = p.branch_id",
    id_sql="p.id",
    columns=(
        Column("kind", "阵地类型", "p.kind"),
        Column("name", "阵地名称", "p.name"),
        Column("branch", "党支部", "b.name"),
        Column("duty", "责任区域或职责", "p.duty"),
        Column("start_date", "设立日期", "p.start_date"),
        Column("end_date", "撤销日期", "p.end_date"),
        Column("members", "在岗党员", "(SELECT group_concat(name || '（' || role || '）', '、') FROM (SELECT m.name, pm.role "
               "FROM fusion_post_members pm JOIN members m ON m.id = pm.member_id WHERE pm.post_id = p.id AND pm.left_on IS NULL "
               "ORDER BY pm.role = '成员', m.name_pinyin))", sortable=False),  # fmt: skip
        Column("results", "累计成效", "(SELECT group_concat(measure || n || unit, '，') FROM (SELECT measure, unit, sum(quantity) AS n "
               "FROM fusion_post_results r WHERE r.post_id = p.id AND r.voided_at IS NULL GROUP BY measure, unit ORDER BY n DESC))",
               sortable=False),  # fmt: skip
    ),
    default_order="b.sort_order, b.id, p.kind, p.id",
    filters={"year": _YEAR_SPAN.format(start="p.start_date", end="p.end_date"), "branch_id": "p.branch_id = :branch_id",
             "kind": "p.kind = :kind", "search": "p.name LIKE '%' || :search || '%' OR b.name LIKE '%' || :search || '%'"},  # fmt: skip
    branch_sql="p.branch_id",
)

# A secretary sees an inspection that checked their branch: the expression is their branch or NULL.
_INSPECTED = "(SELECT x.branch_id FROM fusion_inspection_branches x WHERE x.inspection_id = i.id AND x.branch_id = :_own_branch)"

INSPECTIONS = ListSpec(
    name="fusion_inspections",
    source="FROM (SELECT * FROM fusion_inspections WHERE voided_at IS NULL) i",
    id_sql="i.id",
    columns=(
        Column("date", "检查日期", "i.date"),
        Column("kind", "检查类型", "i.kind"),
        Column("inspectors", "检查人员", "i.inspectors"),
        Column("branches", "被检查支部", "(SELECT group_concat(name, '、') FROM (SELECT o.name FROM fusion_inspection_branches x "
               "JOIN orgs o ON o.id = x.branch_id WHERE x.inspection_id = i.id ORDER BY o.sort_order, o.id))", sortable=False),  # fmt: skip
        Column("party_findings", "党建方面", "i.party_findings"),
        Column("business_findings", "业务方面", "i.business_findings"),
        Column("items", "整改事项", "(SELECT count(*) FROM fusion_rectifications r WHERE r.inspection_id = i.id)"),
        Column("open", "未完成", "(SELECT count(*) FROM fusion_rectifications r WHERE r.inspection_id = i.id AND r.closed_on IS NULL)"),
    ),
    default_order="i.date DESC, i.id DESC",
    filters={"year": "substr(i.date, 1, 4) = CAST(:year AS TEXT)", "kind": "i.kind = :kind",
             "branch_id": "i.id IN (SELECT inspection_id FROM fusion_inspection_branches WHERE branch_id = :branch_id)",
             "search": "i.inspectors LIKE '%' || :search || '%' OR i.party_findings LIKE '%' || :search || '%' "
                       "OR i.business_findings LIKE '%' || :search || '%'"},  # fmt: skip
    branch_sql=_INSPECTED,
)

RECTIFICATIONS = ListSpec(
    name="fusion_rectifications",
    source="FROM fusion_rectifications r JOIN fusion_inspections i ON i.id = r.inspection_id AND i.voided_at IS NULL "
           "JOIN orgs b ON b.id = r.branch_id",
    id_sql="r.id",
    columns=(
        Column("inspected_on", "检查日期", "i.date"),
        Column("branch", "党支部", "b.name"),
        Column("side", "类别", "r.side"),
        Column("issue", "问题及整改要求", "r.issue"),
        Column("owner", "责任人", "r.owner"),
        Column("due_date", "整改期限", "r.due_date"),
        Column("state", "状态", "CASE WHEN r.closed_on IS NOT NULL THEN '已完成' WHEN r.due_date < date('now', 'localtime') "
               "THEN '逾期' ELSE '整改中' END"),  # fmt: skip
        Column("closed_on", "完成日期", "r.closed_on"),
        Column("closure_note", "整改情况", "r.closure_note"),
    ),
    default_order="r.closed_on IS NOT NULL, r.due_date, r.id",
    filters={"year": "substr(i.date, 1, 4) = CAST(:year AS TEXT)", "branch_id": "r.branch_id = :branch_id",
             "open": "(r.closed_on IS NULL) = (:open = '未完成')",
             "search": "r.issue LIKE '%' || :search || '%' OR r.owner LIKE '%' || :search || '%' OR b.name LIKE '%' || :search || '%'"},  # fmt: skip
    branch_sql="r.branch_id",
)

BRANDS = ListSpec(
    name="fusion_brands",
    source="FROM (SELECT * FROM fusion_brands WHERE voided_at IS NULL) g JOIN orgs b ON b.id = g.org_id",
    id_sql="g.id",
    columns=(
        Column("org", "所属组织", "b.name"),
        Column("name", "品牌名称", "g.name"),
        Column("description", "品牌内涵", "g.description"),
        Column("level", "认定层级", "g.level"),
        Column("recognized_on", "认定日期", "g.recognized_on"),
    ),
    default_order="b.parent_id IS NOT NULL, b.sort_order, b.id, g.id",
    filters={"search": "g.name LIKE '%' || :search || '%' OR b.name LIKE '%' || :search || '%'"},
    # a secretary sees the unit's brand (its 党委) and their branch's
    branch_sql="CASE WHEN b.parent_id IS NULL THEN :_own_branch ELSE g.org_id END",
)
