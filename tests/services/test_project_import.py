"""年初立项 from a sheet (issue 17): the template's columns read back, every bad cell named with its row and
column and nothing written, a project already in the file not added twice."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.services import export, project_import, projects

YEAR = dt.date.today().year
HEADER = ["年度", "党支部", "项目名称", "融合类别", "党建任务", "业务目标", "业务指标", "基数", "目标值", "领办人"]


def sheet(path, *rows):
    wb = Workbook()
    wb.active.append(HEADER)
    for r in rows:
        wb.active.append(list(r))
    wb.save(path)
    return path


def test_template_has_the_project_columns_and_category_choices(admin, tmp_path):
    out = tmp_path / "t.xlsx"
    export.write_template(admin, "projects", out)
    wb = load_workbook(out)
    first = [c.value for c in wb.worksheets[0][1]]
    assert first[:6] == ["*年度", "*党支部", "*项目名称", "*融合类别", "*党建任务", "*业务目标"]
    assert any("党建+狱政管理" in [c.value for c in col] for col in wb["选项"].iter_cols())


def test_projects_imported_in_one_transaction(admin, org_tree, tmp_path):
    good = sheet(tmp_path / "p.xlsx",
                 (YEAR, "一监区党支部", "隐患清零", "党建+安全生产", "党员责任区包片", "零事故", "整改隐患（处）", 0, 40, "张三"),
                 (YEAR, "二监区党支部", "结对帮教", "党建+教育改造", "党员结对", "转化率提升", None, None, None, "赵六"))  # fmt: skip
    plan = project_import.plan_projects(admin, good)
    assert not plan.errors and plan.adds == 2
    change = project_import.apply_projects(admin, plan)
    got = [(p["branch"], p["title"], p["target"], p["leader"]) for p in projects.projects_of(admin, YEAR)]
    assert got == [("一监区党支部", "隐患清零", 40, "张三"), ("二监区党支部", "结对帮教", None, "赵六")]
    assert "已导入双领办项目 2 个" in change.summary
    again = project_import.plan_projects(admin, good)
    assert again.adds == 0 and again.updates == 2
    with pytest.raises(ValidationError, match="没有需要导入的新项目"):
        project_import.apply_projects(admin, again)


def test_bad_cells_are_named_and_nothing_written(admin, org_tree, tmp_path):
    bad = sheet(tmp_path / "bad.xlsx",
                (YEAR, "一监区党支部", "隐患清零", "党建+安全生产", "党员责任区包片", "零事故", None, 0, 40, "张三"),
                ("二〇二六", "三监区党支部", "帮教", "党建+教育改造", "", "转化率", None, None, None, "无名氏"),
                (YEAR, "二监区党支部", "结对帮教", "党建+教育改造", "党员结对", "转化率提升", None, None, None, "赵六"))  # fmt: skip
    plan = project_import.plan_projects(admin, bad)
    errors = [(e.row, e.column) for e in plan.errors]
    assert (2, "业务指标") in errors  # 基数/目标值 without the indicator: the dialog's rule
    assert (3, "年度") in errors and (3, "党支部") in errors and (3, "领办人") in errors
    with pytest.raises(ValidationError, match="未导入任何数据"):
        project_import.apply_projects(admin, plan)
    assert admin.db.execute("SELECT count(*) FROM fusion_projects").fetchone()[0] == 0
