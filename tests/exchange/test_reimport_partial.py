"""Re-importing a roster with fewer columns changes only what it gives (issue 12, case 2)."""

import json

import pytest

from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import imports, org
from tests.conftest import ID_FEMALE, ID_MALE
from tests.exchange.test_imports import workbook

FIELDS = ("name, gender, ethnicity, birth_date, id_number, education, join_date, full_date, party_status, category, "
          "branch_id, post, department_id, phone, note")  # fmt: skip


@pytest.fixture
def full_member(admin, org_tree):
    return org.add_member(admin, MemberInput(
        "周全", "男", org_tree["a"], ethnicity="蒙古族", id_number=ID_MALE, education="研究生", join_date="2012-06-30",
        full_date="2013-07-01", party_status="正式党员", category="离退休", post="科长",
        department_id=org_tree["dept"], phone="13800001111", note="退役军人")).ids[0]  # fmt: skip


def row_of(db, mid):
    return db.execute(f"SELECT {FIELDS} FROM members WHERE id = ?", [mid]).fetchone()


def test_missing_columns_keep_stored_values(admin, full_member, tmp_path):
    db = admin.db
    before = row_of(db, full_member)
    path = workbook(
        tmp_path / "few.xlsx",
        [["周全", "男", ID_MALE, "一监区党支部"]],
        header=["姓名", "性别", "身份证号", "支部"],
    )
    plan = imports.plan_members(admin, path)
    assert plan.errors == [] and plan.updates == 0 and plan.changes[4] == []
    assert "学历" in plan.absent_labels() and "联系电话" in plan.absent_labels()
    change = imports.apply_members(admin, plan)
    assert change.extra == {"added": 0, "updated": 0, "unchanged": 1}
    assert row_of(db, full_member) == before


def test_blank_cells_do_not_erase_and_given_cells_change_with_old_and_new_listed(
    admin, full_member, tmp_path
):
    db = admin.db
    header = ["姓名", "性别", "身份证号", "支部", "联系电话", "学历", "职务"]
    path = workbook(tmp_path / "some.xlsx", [["周全", "男", ID_MALE, "二监区党支部", "13900002222", "", None]],
                    header=header)  # fmt: skip
    plan = imports.plan_members(admin, path)
    shown = [str(c) for c in plan.changes[4]]
    assert shown == ["所在支部：一监区党支部 → 二监区党支部", "联系电话：13800001111 → 13900002222"]
    imports.apply_members(admin, plan)
    row = dict(zip([f.strip() for f in FIELDS.split(",")], row_of(db, full_member), strict=True))
    assert (row["phone"], row["education"], row["post"], row["category"], row["ethnicity"]) == (
        "13900002222", "研究生", "科长", "离退休", "蒙古族")  # fmt: skip
    entry = db.execute(
        "SELECT before_json, after_json FROM audit_log WHERE action = '导入' ORDER BY id DESC"
    ).fetchone()
    before, after = json.loads(entry[0]), json.loads(entry[1])
    assert set(before["members"][str(full_member)]) == {"branch_id", "phone"}
    assert after["members"][str(full_member)]["phone"] == "13900002222"
    assert before["members"][str(full_member)]["phone"] == "13800001111"


def test_dry_run_in_cli_lists_each_change(admin, full_member, tmp_path, capsys, db_path):
    from djrh_desktop.cli import main
    from tests.conftest import ADMIN_PASSWORD

    path = workbook(tmp_path / "p.xlsx", [["周全", "男", ID_MALE, "一监区党支部", "13900002222"]],
                    header=["姓名", "性别", "身份证号", "支部", "电话"])  # fmt: skip
    code = main(["--db", str(db_path), "--user", "admin", "--password", ADMIN_PASSWORD, "import", "members", str(path),
                 "--dry-run"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    assert "第4行 周全：联系电话：13800001111 → 13900002222" in out
    assert "保持不变" in out and "学历" in out


def test_secretary_cannot_touch_another_branchs_member(secretary_a, admin, org_tree, tmp_path):
    db = admin.db
    other = org.add_member(admin, MemberInput("外支部", "女", org_tree["b"], id_number=ID_FEMALE)).ids[0]
    before = row_of(db, other)
    path = workbook(
        tmp_path / "s.xlsx",
        [["外支部", "女", ID_FEMALE, "一监区党支部"]],
        header=["姓名", "性别", "身份证号", "支部"],
    )
    plan = imports.plan_members(secretary_a, path)
    assert [str(e) for e in plan.errors] == ["第4行 身份证号：该党员属于其他支部，支部书记不能修改"]
    with pytest.raises(Exception, match="未导入任何数据"):
        imports.apply_members(secretary_a, plan)
    assert row_of(db, other) == before
