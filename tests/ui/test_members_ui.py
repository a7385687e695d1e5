"""组织与党员 through real widgets."""

from PySide6.QtCore import Qt

from djrh_desktop.ui.dialogs.member import MemberDialog
from tests.conftest import ID_MALE
from tests.ui.conftest import type_text


def fill_member(qtbot, dialog, name="孙悟空", id_number=ID_MALE):
    type_text(dialog.name, name)
    type_text(dialog.id_number, id_number)
    type_text(dialog.join, "2015-07-01")


def test_add_member_by_typing_then_find_by_pinyin(qtbot, window, ctx, org_tree):
    page = window.go("members")
    dialog = MemberDialog(ctx, branch_id=org_tree["a"], parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.ok.isEnabled()  # name is required
    fill_member(qtbot, dialog)
    assert dialog.ok.isEnabled(), dialog.error.text()
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    row = ctx.session.db.execute(
        "SELECT name, birth_date, branch_id FROM members WHERE id_number = ?", [ID_MALE]
    ).fetchone()
    assert row == ("孙悟空", "1990-03-07", org_tree["a"])
    page.search.clear()
    type_text(page.search, "swk")
    qtbot.waitUntil(lambda: page.model.filters.get("search") == "swk")
    assert page.model.total == 1
    assert page.model.row(0)["name"] == "孙悟空"
    assert page.model.row(0)["id_number"] == "110101********1233"  # masked in the list
    page.search.clear()
    type_text(page.search, "110101199003")
    qtbot.waitUntil(lambda: page.model.filters.get("search") == "110101199003")
    assert page.model.total == 1


def test_invalid_id_keeps_ok_disabled_with_reason(qtbot, ctx, org_tree):
    dialog = MemberDialog(ctx, branch_id=org_tree["a"])
    qtbot.addWidget(dialog)
    dialog.show()
    fill_member(qtbot, dialog, id_number=ID_MALE[:-1] + "9")
    qtbot.waitUntil(lambda: "校验位错误" in dialog.error.text())
    assert not dialog.ok.isEnabled()
    assert dialog.id_number.property("invalid") is True
    dialog.id_number.clear()
    type_text(dialog.id_number, ID_MALE)
    qtbot.waitUntil(dialog.ok.isEnabled)
    # The gender must match the ID: switching to 女 disables OK again.
    dialog.gender.setCurrentText("女")
    qtbot.waitUntil(lambda: not dialog.ok.isEnabled())
    assert "性别" in dialog.error.text()
    count = ctx.session.db.execute("SELECT count(*) FROM members").fetchone()[0]
    dialog.ok.click()  # disabled: nothing happens
    assert ctx.session.db.execute("SELECT count(*) FROM members").fetchone()[0] == count


def test_tree_filters_table_by_branch(qtbot, window, org_tree):
    page = window.go("members")
    tree = page.tree
    root = tree.topLevelItem(0)
    branch_b = next(
        root.child(i) for i in range(root.childCount()) if root.child(i).text(0) == "二监区党支部"
    )
    tree.setCurrentItem(branch_b)
    qtbot.waitUntil(lambda: page.model.total == 2)
    assert {page.model.row(i)["name"] for i in range(2)} == {"赵六", "钱七"}
