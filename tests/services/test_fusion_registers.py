"""党员先锋阵地, 联合检查 and 限期整改, 党建品牌 and 一岗双责责任书 (issue 17): each register's rules, the A3
points they post (and reverse), who may write, and the figures the quarterly report and djrh stats show."""

from __future__ import annotations

import datetime as dt

import pytest

from djrh_desktop.domain.errors import NotFound, PermissionDenied, ValidationError
from djrh_desktop.domain.fusion_registers import (
    BrandInput,
    InspectionInput,
    PostInput,
    RectificationInput,
    ResultInput,
)
from djrh_desktop.domain.periods import Quarter
from djrh_desktop.services import brands, dashboard, fusion_figures, inspections, org, posts, stats

TODAY = dt.date.today()
FIRST = TODAY.replace(day=1).isoformat()
Q = Quarter.of(TODAY)
EARLIER = max(Q.start, TODAY - dt.timedelta(days=10)).isoformat()  # an inspection in this quarter, before today


def ledger(db, member_id):
    return [tuple(r) for r in db.execute("""SELECT i.code, l.points, l.note FROM point_ledger l JOIN point_items i ON i.id = l.item_id
                                            WHERE l.member_id = ? ORDER BY l.id""", [member_id])]  # fmt: skip


def a_post(s, org_tree, **kw):
    base = dict(kind="党员责任区", name="监舍区网格责任区", branch_id=org_tree["a"], start_date=FIRST, duty="三监舍楼")
    return posts.create_post(s, PostInput(**{**base, **kw})).ids[0]


def test_a_post_with_members_and_results_posts_and_reverses_a3(admin, org_tree):
    p = org_tree["people"]
    pid = a_post(admin, org_tree)
    posts.assign_member(admin, pid, p["张三"], "岗长", FIRST)
    posts.assign_member(admin, pid, p["李四"], "成员", FIRST, post_points=False)
    assert ledger(admin.db, p["张三"]) == [("A3-03", 1.0, "党员责任区“监舍区网格责任区”岗长")]
    assert ledger(admin.db, p["李四"]) == []
    with pytest.raises(ValidationError, match="已在该阵地中"):
        posts.assign_member(admin, pid, p["张三"], "成员", FIRST)
    res = posts.record_result(admin, ResultInput(pid, FIRST, "排查整改风险隐患", 12, credit_members=[p["张三"], p["李四"]],
                                                 item_code="A3-01")).ids[0]  # fmt: skip
    assert ledger(admin.db, p["李四"]) == [("A3-01", 2.0, "党员责任区“监舍区网格责任区”：排查整改风险隐患12处")]
    detail = posts.post_detail(admin, pid)
    assert [(m["name"], m["role"]) for m in detail["members"]] == [("张三", "岗长"), ("李四", "成员")]
    assert [(r["measure"], r["quantity"], r["unit"]) for r in detail["results"]] == [("排查整改风险隐患", 12, "处")]
    # a member not in the post is not credited, and nothing is written
    with pytest.raises(ValidationError, match="只能为当日在该阵地中的党员登记积分"):
        posts.record_result(admin, ResultInput(pid, FIRST, "整改安全隐患", 3, credit_members=[p["王芳"]], item_code="A3-01"))
    assert admin.db.execute("SELECT count(*) FROM fusion_post_results").fetchone()[0] == 1
    change = posts.void_result(admin, res, "数量登记错误")
    assert "冲销积分2条" in change.summary
    assert sum(x[1] for x in ledger(admin.db, p["李四"])) == 0 and posts.post_detail(admin, pid)["results"] == []
    posts.release_member(admin, pid, p["李四"], TODAY.isoformat())
    assert [m["left_on"] for m in posts.post_detail(admin, pid)["members"]] == [None, TODAY.isoformat()]


def test_post_rules_refuse_bad_input(admin, org_tree):
    with pytest.raises(ValidationError, match="阵地名称：不能为空"):
        a_post(admin, org_tree, name=" ")
    with pytest.raises(ValidationError, match="撤销日期：不能早于设立日期"):
        a_post(admin, org_tree, end_date="2000-01-01")
    with pytest.raises(ValidationError, match="所在支部：应为党支部"):
        a_post(admin, org_tree, branch_id=org_tree["root"])
    pid = a_post(admin, org_tree)
    with pytest.raises(ValidationError, match="日期：应在阵地存续期间"):
        posts.record_result(admin, ResultInput(pid, "2000-01-01", "整改安全隐患", 1))
    with pytest.raises(ValidationError, match="数量：应为1—100000的整数"):
        posts.record_result(admin, ResultInput(pid, FIRST, "整改安全隐患", 0))
    with pytest.raises(ValidationError, match="单位"):
        posts.record_result(admin, ResultInput(pid, FIRST, "自定义成效", 2))
    assert admin.db.execute("SELECT count(*) FROM fusion_post_results").fetchone()[0] == 0


def test_a_secretary_keeps_to_their_branch(admin, org_tree, secretary_a):
    own = a_post(secretary_a, org_tree)
    other = a_post(admin, org_tree, branch_id=org_tree["b"], name="二监区突击队", kind="党员突击队")
    with pytest.raises(PermissionDenied):
        a_post(secretary_a, org_tree, branch_id=org_tree["b"])
    with pytest.raises(NotFound):
        posts.post_detail(secretary_a, other)
    posts.assign_member(secretary_a, own, org_tree["people"]["李四"], "成员", FIRST)
    with pytest.raises(PermissionDenied):
        inspections.record_inspection(secretary_a, InspectionInput(FIRST, "党建检查", "党委", [org_tree["a"]], "规范"))


def inspection(admin, org_tree, **kw):
    base = dict(date=EARLIER, kind="党建+业务联合检查", inspectors="党委委员王某、狱政科李某", branch_ids=[org_tree["a"], org_tree["b"]],
                party_findings="学习记录不全", business_findings="夜间巡查登记不规范")  # fmt: skip
    return inspections.record_inspection(admin, InspectionInput(**{**base, **kw})).ids[0]


def test_inspection_items_overdue_and_closed(admin, org_tree, secretary_a):
    with pytest.raises(ValidationError, match="联合检查应分别写明党建和业务两方面的情况"):
        inspection(admin, org_tree, business_findings="")
    iid = inspection(admin, org_tree)
    past = (TODAY - dt.timedelta(days=1)).isoformat()
    due_ok = (TODAY + dt.timedelta(days=30)).isoformat()
    if past >= EARLIER:  # an item due yesterday is overdue today (unless the quarter began today)
        item = inspections.add_rectification(admin, RectificationInput(iid, org_tree["a"], "党建", "补齐学习记录", "张三", past)).ids[0]
        assert [r["id"] for r in inspections.overdue_rectifications(admin)] == [item]
        todo = [t for t in dashboard.todos(admin, Q, TODAY) if t.group == "限期整改逾期"]
        assert [(t.text, t.target_id) for t in todo] == [("一监区党支部（逾期1天，责任人张三）：补齐学习记录", iid)]
        inspections.close_rectification(secretary_a, item, TODAY.isoformat(), "已补齐3月至今学习记录")
        assert inspections.overdue_rectifications(admin) == []
    other = inspections.add_rectification(admin, RectificationInput(iid, org_tree["b"], "业务", "规范巡查登记", "赵六", due_ok)).ids[0]
    with pytest.raises(ValidationError, match="整改期限：不能早于检查日期"):
        inspections.add_rectification(admin, RectificationInput(iid, org_tree["a"], "党建", "x", "张三", "2000-01-01"))
    with pytest.raises(NotFound):  # another branch's item
        inspections.close_rectification(secretary_a, other, TODAY.isoformat(), "完成")
    with pytest.raises(ValidationError, match="已有整改事项的支部不能从被检查支部中去掉"):
        inspections.update_inspection(admin, iid, InspectionInput(EARLIER, "党建检查", "党委", [org_tree["a"]], "规范"))
    f = fusion_figures.quarter_registers(admin, Q, TODAY)
    assert f["inspections"] == 1 and f["inspected_branches"] == 2 and [x["id"] for x in f["open_items"]] == [other]
    figures = stats.quarter_figures(admin, Q, TODAY)["fusion"]
    assert figures["inspections"] == 1 and figures["open_rectifications"] == 1
    assert stats.quarter_figures(secretary_a, Q, TODAY)["fusion"]["open_rectifications"] == 0


def test_brands_and_pledges(admin, org_tree, secretary_a):
    p = org_tree["people"]
    unit = brands.save_brand(admin, BrandInput(org_tree["root"], "红墙铸魂", "以党建引领监管改造", "市级", FIRST)).ids[0]
    branch = brands.save_brand(secretary_a, BrandInput(org_tree["a"], "铁警先锋")).ids[0]
    with pytest.raises(PermissionDenied):
        brands.save_brand(secretary_a, BrandInput(org_tree["root"], "改名"), unit)
    with pytest.raises(ValidationError, match="认定层级：填写认定日期时须选择认定层级"):
        brands.save_brand(admin, BrandInput(org_tree["a"], "铁警先锋", recognized_on=FIRST), branch)
    brands.save_brand(admin, BrandInput(org_tree["a"], "铁警先锋", "一监区支部品牌", "县级", FIRST), branch)
    assert [(b["name"], b["level"]) for b in brands.brands(admin)] == [("红墙铸魂", "市级"), ("铁警先锋", "县级")]
    org.set_committee_member(admin, org_tree["root"], p["张三"], "书记", f"{TODAY.year}-01-01")
    org.set_committee_member(admin, org_tree["root"], p["赵六"], "纪检委员", f"{TODAY.year}-01-01")
    with pytest.raises(ValidationError, match="签订人：不是"):
        brands.sign_pledge(admin, TODAY.year, p["李四"], FIRST)
    brands.sign_pledge(admin, TODAY.year, p["张三"], FIRST)
    assert [(x["name"], x["signed_on"]) for x in brands.pledges(admin, TODAY.year)] == [("张三", FIRST), ("赵六", None)]
    with pytest.raises(PermissionDenied):
        brands.sign_pledge(secretary_a, TODAY.year, p["赵六"], FIRST)


def test_star_evidence_names_what_the_registers_hold(admin, org_tree):
    """实干担当星 and 品牌示范星 are scored beside the branch's projects, posts, 整改 and brand of the year."""
    from djrh_desktop.domain.fusion import ProjectInput
    from djrh_desktop.services import projects

    year = TODAY.year
    empty = fusion_figures.star_evidence(admin, year, org_tree["a"])
    assert empty == {"S3": ["本年度无双领办项目、先锋阵地和检查整改记录"], "S4": ["尚未登记支部党建品牌"]}
    pid = projects.create_project(admin, ProjectInput(year, org_tree["a"], "隐患清零", "党建+安全生产", "党员责任区", "零事故")).ids[0]
    projects.review_quarter(admin, pid, 1, "好")
    post = a_post(admin, org_tree)
    posts.record_result(admin, ResultInput(post, FIRST, "排查整改风险隐患", 7))
    iid = inspection(admin, org_tree)
    inspections.add_rectification(admin, RectificationInput(iid, org_tree["a"], "党建", "补齐记录", "张三", TODAY.isoformat()))
    brands.save_brand(admin, BrandInput(org_tree["a"], "铁警先锋", level="县级", recognized_on=FIRST))
    got = fusion_figures.star_evidence(admin, year, org_tree["a"])
    assert got["S3"] == ["双领办项目“隐患清零”：季度点评好1次；尚未年终考核",
                         "党员先锋阵地1个（监舍区网格责任区）：排查整改风险隐患7处", "检查发现限期整改1项，已完成0项"]
    assert got["S4"] == [f"支部党建品牌“铁警先锋”（县级，{FIRST}认定）"]
    assert fusion_figures.star_evidence(admin, year, org_tree["b"])["S4"] == ["尚未登记支部党建品牌"]


def test_saving_a_post_with_its_members_is_all_or_nothing(admin, org_tree):
    p = org_tree["people"]
    post = PostInput("党员突击队", "应急突击队", org_tree["a"], FIRST)
    with pytest.raises(ValidationError, match="党员：不是名册中的党员"):
        posts.save_post(admin, post, {p["张三"]: "队长", 99999: "成员"}, FIRST)
    assert admin.db.execute("SELECT count(*) FROM fusion_posts").fetchone()[0] == 0
    assert admin.db.execute("SELECT count(*) FROM point_ledger").fetchone()[0] == 0
    pid = posts.save_post(admin, post, {p["张三"]: "队长", p["李四"]: "成员"}, FIRST).ids[0]
    # the dialog saved again: 李四 leads now, 张三 has left, 王芳 joins
    posts.save_post(admin, post, {p["李四"]: "队长", p["王芳"]: "成员"}, TODAY.isoformat(), post_id=pid)
    serving = [(m["name"], m["role"]) for m in posts.post_detail(admin, pid)["members"] if not m["left_on"]]
    assert serving == [("李四", "队长"), ("王芳", "成员")]
    assert admin.db.execute("SELECT count(*) FROM point_ledger").fetchone()[0] == 3  # one A3-03 per member who joined


def test_a_past_quarter_counts_the_same_after_later_records(admin, org_tree):
    """Period truth (PRODUCT.md 2.8): last year's second quarter, printed again after later results, a later
    inspection, an item closed and a post ended, shows the same registers' figures."""
    last = Quarter(TODAY.year - 1, 2)
    pid = a_post(admin, org_tree, start_date=f"{last.year}-04-01")
    posts.record_result(admin, ResultInput(pid, f"{last.year}-05-10", "排查整改风险隐患", 9))
    iid = inspection(admin, org_tree, date=f"{last.year}-06-10")
    item = inspections.add_rectification(admin, RectificationInput(iid, org_tree["a"], "党建", "补齐记录", "张三",
                                                                   f"{last.year}-06-20")).ids[0]  # fmt: skip
    before = fusion_figures.quarter_registers(admin, last, last.end)
    assert before["posts"] == 1 and before["results"] == [("排查整改风险隐患", 9, "处")] and before["inspections"] == 1
    assert [(x["id"], x["overdue"]) for x in before["open_items"]] == [(item, True)]
    posts.record_result(admin, ResultInput(pid, f"{last.year}-07-02", "排查整改风险隐患", 5))
    inspection(admin, org_tree, date=f"{last.year}-08-01")
    inspections.close_rectification(admin, item, f"{last.year}-07-15", "已补齐")
    posts.update_post(admin, pid, PostInput("党员责任区", "监舍区网格责任区", org_tree["a"], f"{last.year}-04-01",
                                            "三监舍楼", f"{last.year}-09-30"))  # fmt: skip
    assert fusion_figures.quarter_registers(admin, last, last.end) == before
