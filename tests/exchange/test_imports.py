"""Importing rosters and point entries from messy workbooks: exact errors, nothing written on error."""

import datetime as dt

import pytest
from openpyxl import Workbook

from djrh_desktop.domain.errors import DjrhError, ValidationError
from djrh_desktop.exchange import cells
from djrh_desktop.services import export, imports, lists, point_import
from tests.conftest import ID_FEMALE, ID_MALE

HEADER = ["姓名", "性别", "身份证号", "入党时间", "转正时间", "支部", "人员类别", "学历"]


def workbook(path, rows, title=True, header=HEADER):
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append(["某某监狱党员花名册"])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append([])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def member_count(db):
    return db.execute("SELECT count(*) FROM members").fetchone()[0]


def snapshot(db):
    return db.execute(
        "SELECT group_concat(id || name || ifnull(id_number, '') || branch_id) FROM members"
    ).fetchone()[0]


@pytest.mark.parametrize(
    "raw, expected",
    [
        (dt.datetime(2019, 7, 1), dt.date(2019, 7, 1)),
        ("2019-07-01", dt.date(2019, 7, 1)),
        ("2019.7.1", dt.date(2019, 7, 1)),
        ("2019/7/1", dt.date(2019, 7, 1)),
        ("2019年7月1日", dt.date(2019, 7, 1)),
        ("201907", dt.date(2019, 7, 1)),
        (201907, dt.date(2019, 7, 1)),
        ("２０１９．７．１", dt.date(2019, 7, 1)),
        (43647, dt.date(2019, 7, 1)),  # an Excel serial day
        ("", None),
    ],
)
def test_date_styles(raw, expected):
    assert cells.date(raw) == expected


@pytest.mark.parametrize("raw, expected", [(2001.07, dt.date(2001, 7, 1)), (2001.12, dt.date(2001, 12, 1)),
                                           (2005.3, dt.date(2005, 3, 1)), (2019.7, dt.date(2019, 7, 1))])  # fmt: skip
def test_year_dot_month_typed_as_a_number(raw, expected):
    """2001.07 that Excel stored as a number is July 2001, not the serial day 1905-06-23."""
    assert cells.date(raw) == expected


@pytest.mark.parametrize("raw, message", [(2005.1, "1月还是10月"), (2001, "只写了年份"), (2001.13, "不是日期")])
def test_numbers_that_cannot_be_a_month_are_refused(raw, message):
    with pytest.raises(ValueError, match=message):
        cells.date(raw)


def test_numeric_ids_refused():
    with pytest.raises(ValueError, match="存成了数字"):
        cells.id_number(1.10101199003071e17)
    with pytest.raises(ValueError, match="科学计数法"):
        cells.id_number("1.10101E+17")
    assert cells.id_number("11010119491231002x") == "11010119491231002X"


def test_messy_roster_reports_every_bad_cell_and_writes_nothing(admin, org_tree, tmp_path):
    db = admin.db
    before = snapshot(db)
    bad_check = ID_MALE[:-1] + ("0" if ID_MALE[-1] != "0" else "1")
    path = workbook(tmp_path / "messy.xlsx", [
        ["孙一", "男", ID_MALE, "2015.7.1", "2016年7月1日", "一监区党支部", "在职", "本科"],   # row 4: fine
        [None, None, None, None, None, None, None, None],                                      # row 5: blank, skipped
        ["孙二", "男", bad_check, "2015-07-01", None, "一监区党支部", "在职", None],            # row 6
        ["孙三", "男", ID_FEMALE, "2015-07-01", None, "一监区党支部", "在职", None],            # row 7: wrong gender
        ["孙四", "男", 1.10101199003071e17, "2015-07-01", None, "一监区党支部", "在职", None],  # row 8: numeric ID
        ["孙五", "男", ID_MALE, "2015-07-01", None, "一监区党支部", "在职", None],              # row 9: duplicate
        ["孙六", "女", None, "2015-02-30", None, "一监区党支部", "在职", None],                  # row 10: bad date
        ["孙七", "女", None, "201907", None, "月球党支部", "在职", None],                       # row 11: unknown branch
        ["孙八", "男", None, "２０１９．７．１", None, "二监区党支部", "退休", "大专"],          # row 12: fine
    ])  # fmt: skip
    plan = imports.plan_members(admin, path)
    errors = [str(e) for e in plan.errors + imports.unknown_branch_errors(plan)]
    assert errors == [
        "第6行 身份证号：校验位错误",
        "第7行 性别：与身份证号码（女性）不一致",
        "第8行 身份证号：被 Excel 存成了数字，后几位已经丢失；请把该列设置为“文本”格式后重新填写",
        "第9行 身份证号：与第4行重复",
        "第10行 入党时间：“2015-02-30”不是有效日期",
        "第11行 支部：支部“月球党支部”不存在",
    ]
    assert plan.unknown_branches == ["月球党支部"]
    with pytest.raises(ValidationError, match="未导入任何数据"):
        imports.apply_members(admin, plan, create_branches=True)
    assert snapshot(db) == before


def test_clean_roster_with_new_branch_then_reimport_updates(admin, org_tree, tmp_path):
    db = admin.db
    rows = [["孙一", "男", ID_MALE, "2015.7.1", "2016.7.1", "三监区党支部", "在职", "本科"],
            ["孙二", "女", ID_FEMALE, "2016-07-01", None, "一监区党支部", "流动", "硕士"]]  # fmt: skip
    path = workbook(tmp_path / "clean.xlsx", rows)
    plan = imports.plan_members(admin, path)
    assert plan.errors == [] and plan.adds == 2 and plan.unknown_branches == ["三监区党支部"]
    with pytest.raises(ValidationError, match="不存在"):
        imports.apply_members(admin, plan)  # without creating branches: refused, nothing written
    assert member_count(db) == 5
    change = imports.apply_members(admin, plan, create_branches=True)
    assert change.extra == {"added": 2, "updated": 0, "unchanged": 0}
    row = db.execute("SELECT m.education, m.full_date, o.name FROM members m JOIN orgs o ON o.id = m.branch_id "
                     "WHERE id_number = ?", [ID_MALE]).fetchone()  # fmt: skip
    assert row == ("大学本科", "2016-07-01", "三监区党支部")
    rows[1][6] = "在职"
    path = workbook(tmp_path / "again.xlsx", rows)
    change = imports.apply_members(admin, imports.plan_members(admin, path))
    assert change.extra == {"added": 0, "updated": 1, "unchanged": 1} and member_count(db) == 7
    assert db.execute("SELECT category FROM members WHERE id_number = ?", [ID_FEMALE]).fetchone() == ("在职",)


def test_export_then_import_keeps_every_field(admin, org_tree, tmp_path):
    db = admin.db
    from djrh_desktop.domain.members import MemberInput
    from djrh_desktop.services import org

    org.add_member(admin, MemberInput("周全", "男", org_tree["a"], ethnicity="蒙古族", id_number=ID_MALE, education="研究生",
                                      join_date="2012-06-30", full_date="2013-07-01", post="科长", department_id=org_tree["dept"],
                                      phone="13800001111", note="退役军人"))  # fmt: skip
    fields = "name, gender, ethnicity, birth_date, id_number, education, join_date, full_date, party_status, category, branch_id, post, department_id, phone, note"
    before = db.execute(f"SELECT {fields} FROM members ORDER BY id").fetchall()
    out = tmp_path / "roster.xlsx"
    export.export_list(admin, lists.MEMBERS, {}, out)
    plan = imports.plan_members(admin, out)
    assert plan.errors == [] and plan.adds == 0 and plan.updates == 0 and len(plan.records) == 6
    assert all(changed == [] for changed in plan.changes.values())
    assert imports.apply_members(admin, plan).extra["unchanged"] == 6
    assert db.execute(f"SELECT {fields} FROM members ORDER BY id").fetchall() == before


def test_bad_files(admin, tmp_path):
    not_sheet = tmp_path / "notes.xlsx"
    not_sheet.write_text("这不是表格", encoding="utf-8")
    with pytest.raises(DjrhError, match="不是有效的电子表格"):
        imports.plan_members(admin, not_sheet)
    encrypted = tmp_path / "secret.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(DjrhError, match="密码"):
        imports.plan_members(admin, encrypted)
    headless = workbook(tmp_path / "headless.xlsx", [["a", "b"]], title=False, header=["甲", "乙"])
    with pytest.raises(DjrhError, match="找不到表头"):
        imports.plan_members(admin, headless)
    text_file = tmp_path / "x.txt"
    text_file.write_text("姓名,性别", encoding="utf-8")
    with pytest.raises(DjrhError, match="不是电子表格"):
        imports.plan_members(admin, text_file)


def test_secretary_imports_only_own_branch(secretary_a, org_tree, tmp_path):
    path = workbook(
        tmp_path / "b.xlsx", [["外人", "男", None, "2015-07-01", None, "二监区党支部", "在职", None]]
    )
    plan = imports.plan_members(secretary_a, path)
    assert [str(e) for e in plan.errors] == ["第4行 支部：支部书记只能导入本支部的党员"]


def test_points_import_with_caps_and_errors(admin, org_tree, tmp_path):
    db = admin.db
    day = dt.date.today().replace(day=1).isoformat()
    wb = Workbook()
    ws = wb.active
    ws.append(["姓名", "支部", "积分项目", "日期", "次数", "备注"])
    ws.append(["张三", "一监区党支部", "A1-01", day, 8, "集中学习"])  # 0.5 each
    ws.append(
        ["张三", "一监区党支部", "参加集中学习（理论学习、“第一议题”）", day, 3, None]
    )  # capped at 5 in all
    ws.append(["赵六", "", "A3-01 完成急难险重攻坚任务", day, None, None])
    ws.append(["无名氏", "一监区党支部", "A1-01", day, 1, None])
    ws.append(["李四", "一监区党支部", "不存在的项目", day, 1, None])
    ws.append(["王芳", "一监区党支部", "A1-01", "2099-01-01", 1, None])
    path = tmp_path / "points.xlsx"
    wb.save(path)
    plan = point_import.plan_points(admin, path)
    assert [str(e) for e in plan.errors] == [
        "第5行 姓名：没有找到党员“无名氏”（一监区党支部）",
        "第6行 积分项目：没有“不存在的项目”这个积分项目（可填项目编码或名称）",
        "第7行 日期：不能晚于今天",
    ]
    with pytest.raises(ValidationError):
        point_import.apply_points(admin, plan)
    assert db.execute("SELECT count(*) FROM point_ledger").fetchone()[0] == 0
    point_import.apply_points(admin, plan, only_valid=True)
    rows = db.execute(
        "SELECT m.name, l.points, l.source FROM point_ledger l JOIN members m ON m.id = l.member_id ORDER BY l.id"
    ).fetchall()
    assert rows == [("张三", 4.0, "导入"), ("张三", 1.0, "导入"), ("赵六", 2.0, "导入")]


def test_template_has_headers_lists_and_instructions(admin, org_tree, tmp_path):
    from python_calamine import CalamineWorkbook

    out = tmp_path / "tpl.xlsx"
    export.write_template(admin, "members", out)
    wb = CalamineWorkbook.from_path(str(out))
    assert wb.sheet_names == ["党员名册", "选项", "填写说明"]
    header = wb.get_sheet_by_name("党员名册").to_python()[0]
    assert header[:3] == ["*姓名", "*性别", "民族"]
    assert "一监区党支部" in [r[0] for r in wb.get_sheet_by_name("选项").to_python()]
    # A filled-in template imports.
    from openpyxl import load_workbook

    book = load_workbook(out)
    ws = book["党员名册"]
    ws.append(["新党员", "男", None, None, ID_MALE, None, "2015-07-01", None, None, None, "一监区党支部"])
    book.save(out)
    plan = imports.plan_members(admin, out)
    assert plan.errors == [] and plan.adds == 1


def test_template_never_writes_a_name_as_a_formula(admin, org_tree, tmp_path):
    """A branch named like a formula (=cmd|' /C calc'!A0) is text in the template's option sheet, not a
    formula Excel or WPS would run (CSV/formula injection)."""
    import zipfile

    from djrh_desktop.services import export, org

    org.add_org(admin, "=cmd|' /C calc'!A0", "党支部", org_tree["root"])
    out = tmp_path / "tpl.xlsx"
    export.write_template(admin, "members", out)
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/")]
        shared = z.read("xl/sharedStrings.xml").decode("utf-8") if "xl/sharedStrings.xml" in z.namelist() else ""
    assert not any("<f>" in x and "cmd|" in x for x in sheets)
    assert "=cmd|" in shared or any("=cmd|" in x for x in sheets)  # kept, as text


def test_preview_shows_cells_as_typed():
    assert cells.display(1.0) == "1" and cells.display(2.5) == "2.5" and cells.display(None) == ""
    assert cells.display(dt.datetime(2019, 7, 1)) == "2019-07-01" and cells.display(dt.date(2019, 7, 1)) == "2019-07-01"


def test_export_columns_are_as_wide_as_their_content(tmp_path):
    """A date needs 11 characters, an ID number 18: neither shows as ###### nor runs into the next column."""
    import re
    import zipfile

    from djrh_desktop.exchange import xlsx

    out = tmp_path / "w.xlsx"
    xlsx.write_table(out, "表", ["日期", "公民身份号码", "积分项目"],
                     [["2026-01-10", "110101199003071234", "参加集中学习（理论学习、“第一议题”）"]] * 3)  # fmt: skip
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
    widths = [float(w) for w in re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)"', sheet)]
    assert widths[0] >= 11 and widths[1] >= 20 and widths[2] >= 36


def test_signature_lines_under_the_table_are_not_rows(admin, org_tree, tmp_path):
    from djrh_desktop.services import imports

    path = workbook(tmp_path / "sig.xlsx", [
        ["孙新", "男", ID_MALE, "2010-07-01", "2011-07-01", "一监区党支部", "在职", "大学本科"],
        [],
        ["制表人：李四", None, None, "日期：2026年12月1日"],
        ["审核人："],
    ])  # fmt: skip
    plan = imports.plan_members(admin, path)
    assert plan.errors == [] and len(plan.records) == 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_roster_from_csv_in_the_encodings_excel_and_wps_write(admin, org_tree, tmp_path, encoding):
    from djrh_desktop.services import imports

    text = ",".join(HEADER) + "\n" + ",".join(["孙新", "男", ID_MALE, "2010-07-01", "2011-07-01", "一监区党支部", "在职", "大学本科"]) + "\n"
    path = tmp_path / f"roster-{encoding}.csv"
    path.write_bytes(text.encode(encoding))
    plan = imports.plan_members(admin, path)
    assert plan.errors == [] and len(plan.records) == 1
    assert next(iter(plan.records.values()))["name"] == "孙新"


def test_a_branch_merged_down_its_members_fills_each_row(admin, org_tree, tmp_path):
    """所在支部 merged over a block of rows, as offices lay out rosters: every row of the block gets it, and
    the preview says so; the title merged across the top is left alone."""
    from openpyxl import load_workbook

    from djrh_desktop.services import imports

    path = workbook(tmp_path / "merged.xlsx", [
        ["孙新", "男", ID_MALE, "2010-07-01", "2011-07-01", "一监区党支部", "在职", "大学本科"],
        ["周敏", "女", None, "2012-07-01", "2013-07-01", None, "在职", "大学本科"],
        ["吴刚", "男", None, "2014-07-01", "2015-07-01", None, "在职", "大学本科"],
        ["郑丽", "女", None, "2015-07-01", "2016-07-01", "二监区党支部", "在职", "大学本科"],
        [],
        ["制表人：李四", None, None, "日期：2026年12月1日"],
    ])  # fmt: skip
    wb = load_workbook(path)
    wb.active.merge_cells("F4:F6")  # rows 4–6: the first three members
    wb.save(path)
    plan = imports.plan_members(admin, path)
    assert plan.errors == []
    imports.apply_members(admin, plan)
    branches = dict(admin.db.execute("SELECT m.name, o.name FROM members m JOIN orgs o ON o.id = m.branch_id "
                                     "WHERE m.name IN ('孙新', '周敏', '吴刚', '郑丽')").fetchall())  # fmt: skip
    assert branches == {"孙新": "一监区党支部", "周敏": "一监区党支部", "吴刚": "一监区党支部", "郑丽": "二监区党支部"}
    assert "合并单元格已按上方内容填入 2 格" in plan.summary() and "表下第9行是说明或签名" in plan.summary()


def test_exported_roster_reimports_into_a_new_file_with_the_same_statuses(admin, org_tree, tmp_path):
    """转出 and 去世 members keep their status and 离开日期 through export → import into a new data file (with
    their status log), re-importing changes nothing, and an old roster cannot bring them back onto the roll."""
    from djrh_desktop.services import org, setup, users
    from djrh_desktop.store.connection import open_db

    p = org_tree["people"]
    org.change_status(admin, p["李四"], "转出", "2024-06-30", "调往外单位")
    org.change_status(admin, p["王芳"], "去世", "2025-03-01")
    fields = "name, status, left_date, party_status, category"
    before = sorted(admin.db.execute(f"SELECT {fields} FROM members").fetchall())
    out = tmp_path / "roster.xlsx"
    export.export_list(admin, lists.MEMBERS, {}, out)
    assert imports.plan_members(admin, out).updates == 0  # the same file back into its own data file

    fresh_db = open_db(tmp_path / "new.db", create=True)
    setup.initialise(fresh_db, "新单位", "admin", "Fresh2026x")
    fresh = users.sign_in(fresh_db, "admin", "Fresh2026x")
    plan = imports.plan_members(fresh, out)
    assert plan.errors == [] and plan.adds == len(before)
    imports.apply_members(fresh, plan, create_branches=True)
    assert sorted(fresh_db.execute(f"SELECT {fields} FROM members").fetchall()) == before
    assert sorted(fresh_db.execute("SELECT m.name, l.from_status, l.to_status, l.date FROM member_status_log l "
                                   "JOIN members m ON m.id = l.member_id").fetchall()) == [
        ("李四", "在册", "转出", "2024-06-30"), ("王芳", "在册", "去世", "2025-03-01")]  # fmt: skip
    again = imports.plan_members(fresh, out)
    assert again.errors == [] and again.updates == 0 and again.adds == 0

    old = workbook(tmp_path / "old.xlsx", [["李四", "男", None, None, None, "一监区党支部", "在职", None, "在册"]],
                   header=[*HEADER, "状态"])  # fmt: skip
    assert [str(e) for e in imports.plan_members(admin, old).errors] == [
        "第4行 状态：该党员已于2024-06-30转出，恢复在册请在党员信息中办理"]


def test_a_roster_records_a_member_leaving_with_its_date(admin, org_tree, tmp_path):
    p = org_tree["people"]
    path = workbook(tmp_path / "left.xlsx", [
        ["李四", "男", None, None, None, "一监区党支部", "在职", None, "转出", "2026.3.31"],
        ["王芳", "女", None, None, None, "一监区党支部", "在职", None, "去世", None],
    ], header=[*HEADER, "状态", "离开日期"])  # fmt: skip
    plan = imports.plan_members(admin, path)
    assert [str(e) for e in plan.errors] == ["第5行 离开日期：状态为“去世”时须填写离开日期"]
    assert "状态：在册 → 转出（2026-03-31）" in [str(c) for c in plan.changes[4]]
    imports.apply_members(admin, plan, only_valid=True)
    assert admin.db.execute("SELECT status, left_date FROM members WHERE id = ?", [p["李四"]]).fetchone() == ("转出", "2026-03-31")
    assert admin.db.execute("SELECT status FROM members WHERE id = ?", [p["王芳"]]).fetchone() == ("在册",)
    assert admin.db.execute("SELECT to_status, reason FROM member_status_log WHERE member_id = ?",
                            [p["李四"]]).fetchall() == [("转出", "名册导入")]  # fmt: skip
