"""Shared fixtures. Every test gets its own data file in a temporary folder."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from djrh_desktop.demo import DEMO_PASSWORD  # noqa: E402
from djrh_desktop.domain.members import MemberInput  # noqa: E402
from djrh_desktop.services import org, passwords, setup, users  # noqa: E402
from djrh_desktop.store.connection import open_db  # noqa: E402

ADMIN_PASSWORD = "Admin2026"

# Hundreds of sign-ins per run: hash with less work than the product's N=2^17 (0.6 s each). Processes the
# tests start (the CLI) use the product's work factor and upgrade these hashes as users sign in.
passwords.WORK_N = 2**12

# Valid GB 11643 numbers (check digits computed), with the gender they encode.
ID_MALE = "110101199003071233"  # born 1990-03-07, 17th digit odd: male
ID_FEMALE = "110101199208152344"  # born 1992-08-15, 17th digit even: female


@pytest.fixture(autouse=True)
def temp_journal(tmp_path, monkeypatch):
    """The journal of temporary files lives in the user's data folder: one per test instead."""
    from djrh_desktop import files

    path = tmp_path / "data-folder" / files.JOURNAL_NAME
    monkeypatch.setattr(files, "journal_path", lambda: path)
    return path


@pytest.fixture(autouse=True)
def temp_window_settings(tmp_path, monkeypatch):
    """Remembered window sizes, columns, folder and period (QSettings INI) per test, never the user's."""
    monkeypatch.setenv("DJRH_SETTINGS_DIR", str(tmp_path / "settings-folder"))


@pytest.fixture(autouse=True)
def release_clipboard():
    """A test that copied rows leaves the clipboard empty (the program does so at exit; see ui/app.py)."""
    yield
    import sys

    if "PySide6.QtWidgets" in sys.modules:
        from PySide6.QtWidgets import QApplication

        if QApplication.instance() is not None:
            from djrh_desktop.ui.app import release_clipboard as release

            release(QApplication.instance())


@pytest.fixture(autouse=True)
def no_unexpected_message_boxes(monkeypatch):
    """A message box nobody patched would wait forever for a click offscreen: fail the test instead,
    with the text the user would have seen. Tests that expect a box patch it themselves."""
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        import PySide6.QtWidgets  # noqa: F401 - the test may open windows later
    from PySide6.QtWidgets import QMessageBox

    def unexpected(kind):
        def box(*args, **kwargs):
            raise AssertionError(f"unexpected QMessageBox.{kind}: " + " | ".join(a for a in args if isinstance(a, str)))

        return staticmethod(box)

    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind))


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "djrh.db"


@pytest.fixture
def db(db_path):
    database = open_db(db_path, create=True)
    setup.initialise(database, "测试监狱", "admin", ADMIN_PASSWORD)
    yield database
    database.close()


@pytest.fixture
def admin(db):
    return users.sign_in(db, "admin", ADMIN_PASSWORD)


@pytest.fixture
def org_tree(admin):
    """Two branches, a department, and three members in branch A, two in branch B."""
    db = admin.db
    root = db.execute("SELECT id FROM orgs WHERE parent_id IS NULL").fetchone()[0]
    a = org.add_org(admin, "一监区党支部", "党支部", root).ids[0]
    b = org.add_org(admin, "二监区党支部", "党支部", root).ids[0]
    dept = org.add_department(admin, "一监区").ids[0]
    people = {}
    for name, gender, branch in (
        ("张三", "男", a),
        ("李四", "男", a),
        ("王芳", "女", a),
        ("赵六", "男", b),
        ("钱七", "女", b),
    ):
        people[name] = org.add_member(
            admin,
            MemberInput(name=name, gender=gender, branch_id=branch, birth_date="1985-05-05",
                        join_date="2010-07-01", full_date="2011-07-01", department_id=dept if branch == a else None),
        ).ids[0]  # fmt: skip
    return {"root": root, "a": a, "b": b, "dept": dept, "people": people}


@pytest.fixture
def secretary_a(admin, org_tree):
    """A signed-in 支部书记 of branch A (张三)."""
    users.create_user(
        admin, "shuji_a", "Shuji2026", "secretary", "张三", org_tree["a"], org_tree["people"]["张三"]
    )
    return users.sign_in(admin.db, "shuji_a", "Shuji2026")


@pytest.fixture
def inspector(admin):
    users.create_user(admin, "jijian1", "Jijian2026", "inspector", "纪检")
    return users.sign_in(admin.db, "jijian1", "Jijian2026")


@pytest.fixture(scope="session")
def small_demo_template(tmp_path_factory):
    """A small demo file made once per run; tests copy it before touching it."""
    from djrh_desktop import demo

    path = tmp_path_factory.mktemp("demo") / "small.db"
    database = open_db(path, create=True)
    demo.generate(database, "small", seed=7)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.close()
    return path


@pytest.fixture
def small_demo(small_demo_template, tmp_path):
    import shutil

    path = tmp_path / "small.db"
    shutil.copy(small_demo_template, path)
    database = open_db(path)
    yield database
    database.close()


@pytest.fixture
def demo_admin(small_demo):
    return users.sign_in(small_demo, "admin", DEMO_PASSWORD)


@pytest.fixture
def branch_pc(tmp_path):
    """A branch secretary's PC: a second data file of the same unit, just initialised (数据包 tests)."""
    database = open_db(tmp_path / "branch.db", create=True)
    setup.initialise(database, "测试监狱", "admin", "Branch2026x")
    yield users.sign_in(database, "admin", "Branch2026x")
    database.close()
