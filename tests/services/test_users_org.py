import datetime as dt

import pytest

from djrh_desktop.domain.errors import AuthError, PermissionDenied, ValidationError
from djrh_desktop.domain.members import MemberInput
from djrh_desktop.services import org, users
from tests.conftest import ADMIN_PASSWORD, ID_MALE


def test_passwords_are_hashed_slowly_and_salted(admin, db):
    users.create_user(admin, "u1", "Passw0rd1", "officer")
    users.create_user(admin, "u2", "Passw0rd1", "officer")
    h1, h2 = [r[0] for r in db.execute("SELECT password_hash FROM users WHERE username IN ('u1','u2')")]
    assert h1.startswith("scrypt$") and h1 != h2 and "Passw0rd1" not in h1


def test_lockout_after_five_failures_survives_reopen(db, db_path):
    from djrh_desktop.store.connection import open_db

    for i in range(4):
        with pytest.raises(AuthError, match="用户名或密码错误"):
            users.sign_in(db, "admin", "wrong")
        assert db.execute("SELECT failed_count FROM users WHERE username = 'admin'").fetchone()[0] == i + 1
    with pytest.raises(AuthError, match="已锁定"):
        users.sign_in(db, "admin", "wrong")
    reopened = open_db(db_path)
    with pytest.raises(AuthError, match="已锁定"):
        users.sign_in(reopened, "admin", ADMIN_PASSWORD)
    later = dt.datetime.now() + dt.timedelta(minutes=6)
    assert users.sign_in(reopened, "admin", ADMIN_PASSWORD, now=later).actor.username == "admin"


def test_weak_password_and_duplicate_user_refused(admin):
    with pytest.raises(ValidationError, match="至少8位"):
        users.create_user(admin, "x", "abc1", "officer")
    users.create_user(admin, "x", "abcd1234", "officer")
    with pytest.raises(ValidationError, match="已存在"):
        users.create_user(admin, "X", "abcd1234", "officer")


def test_only_admin_manages_users(admin):
    users.create_user(admin, "officer1", "abcd1234", "officer")
    officer = users.sign_in(admin.db, "officer1", "abcd1234")
    with pytest.raises(PermissionDenied):
        users.create_user(officer, "boss", "abcd1234", "admin")


def test_member_add_update_status_and_history(admin, org_tree):
    mid = org.add_member(
        admin, MemberInput("孙悟空", "男", org_tree["a"], id_number=ID_MALE, join_date="2015-07-01")
    ).ids[0]
    row = org.get_member(admin, mid)
    assert (row["name_initials"], row["birth_date"]) == ("swk", "1990-03-07")
    with pytest.raises(ValidationError, match="已被党员“孙悟空”使用"):
        org.add_member(admin, MemberInput("猪八戒", "男", org_tree["a"], id_number=ID_MALE))
    org.update_member(
        admin, mid, MemberInput("孙悟空", "男", org_tree["b"], id_number=ID_MALE, join_date="2015-07-01")
    )
    assert org.get_member(admin, mid)["branch_id"] == org_tree["b"]
    org.change_status(admin, mid, "转出", "2026-01-01", "调动")
    assert admin.db.execute(
        "SELECT to_status FROM member_status_log WHERE member_id = ?", [mid]
    ).fetchone() == ("转出",)
    assert admin.db.execute("SELECT count(*) FROM members WHERE id = ?", [mid]).fetchone()[0] == 1


def test_secretary_cannot_touch_other_branch_members(secretary_a, org_tree):
    with pytest.raises(PermissionDenied):
        org.add_member(secretary_a, MemberInput("外人", "男", org_tree["b"]))
    mid = org_tree["people"]["李四"]
    with pytest.raises(PermissionDenied):  # nor move their own member out
        org.update_member(secretary_a, mid, MemberInput("李四", "男", org_tree["b"]))
    org.add_member(secretary_a, MemberInput("新党员", "女", org_tree["a"]))


def test_every_write_is_audited_with_user(admin, org_tree):
    rows = admin.db.execute(
        "SELECT username, action, entity FROM audit_log WHERE entity = 'members'"
    ).fetchall()
    assert len(rows) == 5 and all(r[0] == "admin" and r[1] == "新增" for r in rows)


def test_two_members_of_one_name_are_told_apart_by_id(admin, org_tree, tmp_path):
    from djrh_desktop.services import reporting
    from djrh_desktop.services.reporting import ReportRequest
    from tests.conftest import ID_FEMALE
    from tests.reports.conftest import pdf_text

    first = org.add_member(admin, MemberInput("王伟", "男", org_tree["a"], id_number=ID_MALE)).ids[0]
    second = org.add_member(admin, MemberInput("王伟", "女", org_tree["b"], id_number=ID_FEMALE)).ids[0]
    with pytest.raises(ValidationError, match="有2人"):
        org.find_member(admin, "王伟")
    assert org.find_member(admin, ID_FEMALE) == second and org.find_member(admin, ID_MALE) == first
    path = tmp_path / "l.pdf"
    reporting.make(admin, ReportRequest("points", dt.date.today().year, member_id=second), path)
    text = pdf_text(path)
    assert "110101********2344" in text and "二监区党支部" in text
