"""双领办 projects (issue 17): 立项, 月报进度, 季度点评, 年终考核; who may do what; missing monthly reports."""

from __future__ import annotations

import datetime as dt

import pytest

from djrh_desktop.domain.errors import PermissionDenied, ValidationError
from djrh_desktop.domain.fusion import ProjectInput
from djrh_desktop.services import closing, projects

TODAY = dt.date.today()
YEAR = TODAY.year


def project(org_tree, branch="a", **kw) -> ProjectInput:
    p = org_tree["people"]
    base = dict(year=YEAR, branch_id=org_tree[branch], title="党建+安全生产隐患清零", category="党建+安全生产",
                party_task="党员责任区包片排查", business_goal="监区安全隐患动态清零", indicator="隐患整改数（处）",
                baseline=0, target=40, leader_member_id=p["张三"] if branch == "a" else p["赵六"])  # fmt: skip
    return ProjectInput(**{**base, **kw})


def test_a_project_from_setup_to_year_end(admin, org_tree):
    pid = projects.create_project(admin, project(org_tree)).ids[0]
    projects.report_progress(admin, pid, 1, "完成责任区划分，排查隐患12处", 12)
    projects.report_progress(admin, pid, 2, "整改隐患10处", 22)
    projects.report_progress(admin, pid, 2, "整改隐患11处（更正）", 23)  # the month reported again replaces it
    projects.review_quarter(admin, pid, 1, "较好", "推进有力，注意台账规范")
    p = projects.project(admin, pid)
    assert [(g["month"], g["value"]) for g in p["progress"]] == [(1, 12), (2, 23)]
    assert p["reviews"][0]["rating"] == "较好" and p["latest_value"] == 23 and p["reports"] == 2
    assert p["leader"] == "张三" and p["branch"] == "一监区党支部"
    audit = [r[0] for r in admin.db.execute("SELECT summary FROM audit_log WHERE entity LIKE 'fusion%' ORDER BY id")]
    assert audit[0].startswith("双领办项目立项“党建+安全生产隐患清零”") and len(audit) == 5
    if dt.date(YEAR, 12, 1) <= TODAY:
        projects.assess_year(admin, pid, 92, "优秀", "隐患清零目标完成")
        assert projects.project(admin, pid)["assessment_result"] == "优秀"


def test_bad_input_is_refused_and_nothing_written(admin, org_tree):
    with pytest.raises(ValidationError, match="党建任务：不能为空"):
        projects.create_project(admin, project(org_tree, party_task="  "))
    with pytest.raises(ValidationError, match="业务指标：填写了基数或目标值时须写明业务指标"):
        projects.create_project(admin, project(org_tree, indicator=None))
    assert admin.db.execute("SELECT count(*) FROM fusion_projects").fetchone()[0] == 0
    pid = projects.create_project(admin, project(org_tree)).ids[0]
    with pytest.raises(ValidationError, match="月份"):
        projects.report_progress(admin, pid, 13, "进展")
    if TODAY.month < 12:
        with pytest.raises(ValidationError, match="尚未到来"):
            projects.report_progress(admin, pid, TODAY.month + 1, "提前填报")
    with pytest.raises(ValidationError, match="点评等次"):
        projects.review_quarter(admin, pid, 1, "优")
    year_end = dt.date(YEAR, 12, 1) <= TODAY
    with pytest.raises(ValidationError, match="考核得分：应在0—100之间" if year_end else "12月起进行"):
        projects.assess_year(admin, pid, 120, "优秀")
    assert admin.db.execute("SELECT count(*) FROM fusion_progress").fetchone()[0] == 0


def test_roles_secretary_keeps_their_branch_committee_reviews(admin, org_tree, secretary_a, inspector):
    own = projects.create_project(secretary_a, project(org_tree)).ids[0]
    with pytest.raises(PermissionDenied):
        projects.create_project(secretary_a, project(org_tree, branch="b"))
    other = projects.create_project(admin, project(org_tree, branch="b")).ids[0]
    projects.report_progress(secretary_a, own, 1, "本支部进展")
    with pytest.raises(Exception, match="不存在"):
        projects.report_progress(secretary_a, other, 1, "他支部")
    with pytest.raises(PermissionDenied):
        projects.review_quarter(secretary_a, own, 1, "好")  # the committee's act, not the branch's
    with pytest.raises(PermissionDenied):
        projects.create_project(inspector, project(org_tree))
    assert [p["id"] for p in projects.projects_of(secretary_a, YEAR)] == [own]
    assert {p["id"] for p in projects.projects_of(admin, YEAR)} == {own, other}


def test_missing_monthly_reports_for_the_to_do_list(admin, org_tree):
    pid = projects.create_project(admin, project(org_tree)).ids[0]
    projects.report_progress(admin, pid, 1, "一月进展")
    missing = dict((p["id"], months) for p, months in projects.missing_reports(admin, YEAR, dt.date(YEAR, 4, 15)))
    assert missing[pid] == [2, 3]
    assert projects.missing_reports(admin, YEAR, dt.date(YEAR, 1, 20)) == []  # January's report is due at its end


def test_a_closed_year_is_filed(admin, org_tree):
    last = YEAR - 1
    pid = projects.create_project(admin, project(org_tree, year=last)).ids[0]
    closing.close_year(admin, last)
    with pytest.raises(ValidationError, match="已关账"):
        projects.report_progress(admin, pid, 5, "补报")


def test_stats_and_export_count_the_same_projects(admin, org_tree, tmp_path):
    """`djrh stats --json` fusion.projects equals the rows of the year's projects export; a voided project
    is in neither; a 支部书记 exports their own branch's only."""
    from openpyxl import load_workbook

    from djrh_desktop.domain.periods import Quarter
    from djrh_desktop.services import export, lists, stats

    first = projects.create_project(admin, project(org_tree)).ids[0]
    projects.create_project(admin, project(org_tree, branch="b"))
    projects.create_project(admin, project(org_tree, year=YEAR - 1))
    q = Quarter.of(TODAY)
    projects.report_progress(admin, first, q.months[0], "本季度第一个月进展", 3)  # a month already begun
    figures = stats.quarter_figures(admin, q)
    out = tmp_path / "projects.xlsx"
    rows = export.export_list(admin, lists.PROJECTS, export.year_filters("projects", YEAR), out)
    assert figures["fusion"] == {"projects": 2, "progress_reports": 1, "posts": 0, "inspections": 0, "open_rectifications": 0}
    assert rows == 2
    sheet = load_workbook(out).active
    assert [c.value for c in sheet[1]][:4] == ["年度", "党支部", "项目名称", "融合类别"]
    assert sorted(r[1] for r in sheet.iter_rows(min_row=2, values_only=True)) == ["一监区党支部", "二监区党支部"]


def test_a_missed_monthly_report_is_on_the_dashboard_to_do_list(admin, org_tree):
    from djrh_desktop.domain.periods import Quarter
    from djrh_desktop.services import dashboard

    pid = projects.create_project(admin, project(org_tree, year=YEAR - 1)).ids[0]
    for m in range(1, 13):
        if m != 7:  # July was never reported
            projects.report_progress(admin, pid, m, f"{m}月进展")
    items = [t for t in dashboard.todos(admin, Quarter(YEAR - 1, 4), TODAY) if t.group == "双领办月报"]
    assert [(t.text, t.target, t.target_id) for t in items] == [
        ("一监区党支部“党建+安全生产隐患清零”：7月进展未报", "project", pid)]


def test_the_year_table_prints_each_project_with_its_months_and_reviews(admin, org_tree, tmp_path, monkeypatch):
    """双领办项目推进情况表 (`djrh report projects`): read back from the PDF; a review made after the year
    following the project's is not in it (the table stands as of the end of that year)."""
    from djrh_desktop.services import reporting
    from djrh_desktop.services.reporting import ReportRequest
    from tests.reports.conftest import flat, pdf_text

    year = YEAR - 2
    monkeypatch.setattr(projects, "now_text", lambda: f"{year}-12-20T10:00:00")
    monkeypatch.setattr(projects, "today", lambda: dt.date(year, 12, 20))
    pid = projects.create_project(admin, project(org_tree, year=year)).ids[0]
    projects.report_progress(admin, pid, 3, "完成责任区划分", 12)
    projects.report_progress(admin, pid, 4, "整改隐患10处", 22)
    projects.review_quarter(admin, pid, 2, "较好", "推进有力")
    projects.assess_year(admin, pid, 88, "良好")
    monkeypatch.setattr(projects, "now_text", lambda: dt.datetime.now().isoformat(timespec="seconds"))
    monkeypatch.setattr(projects, "today", dt.date.today)
    projects.review_quarter(admin, pid, 4, "好")  # two years on: after the table's window
    out = tmp_path / "p.pdf"
    reporting.make(admin, ReportRequest("projects", year), out)
    text = flat(pdf_text(out))
    assert f"{year}年度“双领办”项目推进情况表" in text and f"截至{year + 1}年12月31日" in text
    assert "一、一监区党支部：党建+安全生产隐患清零" in text and "3月完成责任区划分12" in text
    assert "季度点评：第二季度较好（推进有力）。" in text and "年终考核：良好（88分）。" in text
    assert "第四季度好" not in text
