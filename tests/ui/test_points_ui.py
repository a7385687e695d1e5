"""5A积分 through real widgets: batch posting changes the ranking; a warning starts a 提醒谈话."""

from PySide6.QtCore import Qt

from djrh_desktop.ui.dialogs.points import PostDialog
from djrh_desktop.ui.dialogs.talk import TalkDialog
from tests.ui.conftest import type_text


def pick(qtbot, picker, text):
    type_text(picker.search, text)
    qtbot.waitUntil(lambda: picker.results.count() > 0)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)


def test_batch_post_three_members_changes_ranking(qtbot, window, ctx, org_tree):
    page = window.go("points")
    dialog = PostDialog(ctx, parent=page)
    qtbot.addWidget(dialog)
    dialog.show()
    for name in ("ls", "wf", "zl"):  # 李四, 王芳, 赵六 by pinyin initials
        pick(qtbot, dialog.members, name)
    assert len(dialog.members.ids()) == 3
    dialog.item.setCurrentIndex(dialog.item.findData("A4-03"))  # 通报批评 −10
    qtbot.waitUntil(dialog.ok.isEnabled)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert ctx.session.db.execute("SELECT count(*), sum(points) FROM point_ledger").fetchone() == (3, -30.0)
    page.tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: page.rank_model.rowCount() == 5)
    totals = {r["name"]: r["total"] for r in page.rank_model.rows}
    assert totals == {"张三": 60, "钱七": 60, "李四": 50, "王芳": 50, "赵六": 50}
    assert page.rank_model.rows[0]["rank"] == 1 and page.rank_model.rows[-1]["rank"] == 3
    # The ledger tab shows the three new entries (newest first).
    page.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model is not None and page.model.total == 3)


def test_warning_opens_prefilled_reminder_talk(qtbot, window, ctx, org_tree, monkeypatch):
    from djrh_desktop.services import points
    from djrh_desktop.services.points import Posting

    ls = org_tree["people"]["李四"]
    points.batch_post(ctx.session, [ls], Posting("A4-03", ctx.today.replace(day=1).isoformat()))
    page = window.go("points")
    page.tabs.setCurrentIndex(2)
    # Idle members may be behind the year's pace too (by December they are); 李四 is warned in any month.
    qtbot.waitUntil(lambda: any(r["_id"] == ls for r in page.warn_model.rows))
    page.warn_table.selectRow(next(i for i, r in enumerate(page.warn_model.rows) if r["_id"] == ls))
    opened = []

    def fake_exec(dialog):
        opened.append(dialog)
        dialog.show()
        assert dialog.type.currentData() == "提醒谈话"
        assert dialog.talkees.ids() == [ls]
        pick(qtbot, dialog.talkers, "zs")
        qtbot.waitUntil(dialog.ok.isEnabled)
        dialog.ok.click()
        return 1

    monkeypatch.setattr(TalkDialog, "exec", fake_exec)
    qtbot.mouseClick(page.talk_button, Qt.MouseButton.LeftButton)
    assert opened
    row = ctx.session.db.execute("SELECT type, topic FROM talks").fetchone()
    assert row[0] == "提醒谈话" and "纪律作风" in row[1]
    assert ctx.session.db.execute("SELECT member_id FROM talk_talkees").fetchone() == (ls,)
