"""谈心谈话 and 廉政家访 records from sheets (issue 16): the template, cell-level Chinese errors, people by name
or 公民身份号码 with ambiguous names named, all or nothing, no record added twice, CSV too."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook

from djrh_desktop.domain.errors import ValidationError
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import export, org, record_import

DAY = (dt.date.today().replace(day=1) - dt.timedelta(days=20)).isoformat()
TALK_HEADER = ["谈话日期", "谈话类型", "谈话人", "被谈话人", "谈话地点", "谈话主题", "谈话内容", "是否敏感"]
VISIT_HEADER = ["家访日期", "被访党员", "家访人", "在场家属", "家访地址", "家访内容", "是否签订承诺书", "回访期限"]


def sheet(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["2026年谈心谈话台账"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def count(db, table):
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_templates_have_the_exact_columns(admin, tmp_path):
    for kind, header in (("talks", TALK_HEADER), ("visits", VISIT_HEADER)):
        out = tmp_path / f"{kind}.xlsx"
        export.write_template(admin, kind, out)
        first = [c.value.lstrip("*") for c in load_workbook(out).active[1]]
        assert first == header


def test_talks_import_with_names_ids_and_outside_talkers(admin, org_tree, tmp_path):
    p = org_tree["people"]
    path = sheet(tmp_path / "talks.xlsx", TALK_HEADER, [
        [DAY, "谈心谈话", "张三", "李四、王芳", "支部活动室", "思想动态", "交流近期思想和工作", "否"],
        [DAY, "廉政谈话", "县纪委 刘书记", "赵六", None, "节前廉政提醒", None, None],
        ["", "诫勉谈话", "张三", "钱七", None, "违反工作纪律", "批评教育", "是"],
    ])  # fmt: skip
    plan = record_import.plan_talks(admin, path)
    assert [str(e) for e in plan.errors] == ["第5行 谈话日期：不能为空"]
    assert plan.adds == 2
    with pytest.raises(ValidationError, match="未导入任何数据"):
        record_import.apply_records(admin, plan)
    assert count(admin.db, "talks") == 0
    change = record_import.apply_records(admin, plan, only_valid=True)
    assert "已导入谈心谈话记录 2 条" in change.summary
    rows = admin.db.execute("SELECT t.type, t.topic, group_concat(m.name, '、') FROM talks t JOIN talk_talkees x "
                            "ON x.talk_id = t.id JOIN members m ON m.id = x.member_id GROUP BY t.id ORDER BY t.id").fetchall()  # fmt: skip
    assert rows[0][:2] == ("谈心谈话", "思想动态") and set(rows[0][2].split("、")) == {"李四", "王芳"}
    outside = admin.db.execute("SELECT member_id, name FROM talk_talkers WHERE talk_id = (SELECT max(id) FROM talks)").fetchall()
    assert outside == [(None, "县纪委 刘书记")]  # outside the roster: kept by name
    again = record_import.plan_talks(admin, path)  # the same file once more: nothing new
    assert again.adds == 0 and again.updates == 2 and "另有 2 条已登记过" in again.summary()
    with pytest.raises(ValidationError, match="没有需要导入的新记录"):
        record_import.apply_records(admin, again, only_valid=True)
    assert count(admin.db, "talks") == 2 and p["张三"] in [m for (m,) in admin.db.execute("SELECT member_id FROM talk_talkers")]


def test_ambiguous_and_unknown_people_are_named(admin, org_tree, tmp_path):
    org.add_member(admin, MemberInput("李四", "男", org_tree["b"], join_date="2012-07-01"))  # a second 李四
    path = sheet(tmp_path / "t.xlsx", TALK_HEADER, [
        [DAY, "谈心谈话", "张三", "李四", None, "思想动态", None, None],
        [DAY, "谈心谈话", "张三", "周八", None, "思想动态", None, None],
        [DAY, "谈话", "张三", "王芳", None, "思想动态", None, "也许"],
    ])  # fmt: skip
    errors = [str(e) for e in record_import.plan_talks(admin, path).errors]
    assert errors[0] == "第3行 被谈话人：名为“李四”的党员有2人（一监区党支部、二监区党支部），请改填公民身份号码"
    assert errors[1] == "第4行 被谈话人：名册中没有“周八”"
    assert errors[2] == "第5行 是否敏感：应填“是”或“否”"
    assert len(errors) == 3


def test_visits_import_from_csv_in_gbk(admin, org_tree, tmp_path):
    due = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    text = ",".join(VISIT_HEADER) + "\n" + ",".join(
        [DAY, "李四", "张三、王芳", "李妻（配偶）、李父（父亲）", "幸福路1号", "家庭助廉", "是", due]) + "\n"
    path = tmp_path / "visits.csv"
    path.write_bytes(text.encode("gbk"))
    plan = record_import.plan_visits(admin, path)
    assert plan.errors == [] and plan.adds == 1
    record_import.apply_records(admin, plan)
    v = admin.db.execute("SELECT address, pledge_signed, revisit_status, revisit_due FROM visits").fetchone()
    assert v == ("幸福路1号", 1, "待回访", due)
    family = admin.db.execute("SELECT name, relation FROM visit_family ORDER BY name").fetchall()
    assert sorted(family) == sorted([("李妻", "配偶"), ("李父", "父亲")])
    assert count(admin.db, "visit_visitors") == 2
    assert record_import.plan_visits(admin, path).adds == 0  # imported once only


def test_a_secretary_imports_only_talks_they_held(secretary_a, org_tree, tmp_path):
    path = sheet(tmp_path / "s.xlsx", TALK_HEADER, [[DAY, "谈心谈话", "王芳", "李四", None, "思想动态", None, None]])
    errors = record_import.plan_talks(secretary_a, path).errors
    assert errors and "支部书记只能登记本人参加的谈话" in str(errors[0])
