"""三会一课, 廉政家访 and the dashboard's to-do list through real widgets."""

import datetime as dt

from PySide6.QtCore import Qt

from djrh_desktop.services import talks
from djrh_desktop.services.talks import Talker, TalkInput
from djrh_desktop.ui.dialogs.meeting import MeetingDialog
from djrh_desktop.ui.dialogs.talk import TalkDialog
from djrh_desktop.ui.dialogs.visit import VisitDialog
from tests.ui.conftest import type_text
from tests.ui.test_points_ui import pick


def test_meeting_with_attendance_grid_posts_points(qtbot, window, ctx, org_tree):
    page = window.go("meetings")
    dialog = MeetingDialog(ctx, org_tree["a"], page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.grid.rowCount() == 3  # the branch's three members
    type_text(dialog.topic, "重温入党誓词")
    names = [dialog.grid.item(r, 0).text() for r in range(3)]
    dialog.grid.cellWidget(names.index("李四"), 1).setCurrentText("缺席")
    qtbot.waitUntil(dialog.ok.isEnabled)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    db = ctx.session.db
    assert db.execute("SELECT count(*) FROM meeting_attendance").fetchone()[0] == 3
    assert db.execute("SELECT sum(points) FROM point_ledger").fetchone()[0] == 0.5 + 0.5 - 2
    page.apply_filters()
    assert page.model.total == 1 and page.model.row(0)["present"] == 2
    page.tabs.setCurrentIndex(1)
    assert page.compliance.rowCount() == 2


def test_visit_dialog_with_pledge(qtbot, window, ctx, org_tree):
    window.go("visits")
    dialog = VisitDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    pick(qtbot, dialog.member, "ls")
    pick(qtbot, dialog.visitors, "zs")
    type_text(dialog.family, "刘梅（配偶")
    qtbot.waitUntil(lambda: "姓名（关系）" in dialog.error.text())
    type_text(dialog.family, "）")
    dialog.pledge.setChecked(True)
    dialog.revisit.setCurrentText("待回访")
    qtbot.waitUntil(lambda: "回访期限" in dialog.error.text())
    type_text(dialog.revisit_due, (ctx.today + dt.timedelta(days=30)).isoformat())
    qtbot.waitUntil(dialog.ok.isEnabled)
    dialog.ok.click()
    row = ctx.session.db.execute("SELECT pledge_signed, pledge_date, revisit_status FROM visits").fetchone()
    assert row == (1, ctx.today.isoformat(), "待回访")
    assert ctx.session.db.execute("SELECT name, relation FROM visit_family").fetchone() == ("刘梅", "配偶")


def test_dashboard_todo_opens_overdue_talk(qtbot, window, ctx, org_tree, monkeypatch):
    p = org_tree["people"]
    past = (ctx.today - dt.timedelta(days=60)).isoformat()
    due = (ctx.today - dt.timedelta(days=5)).isoformat()
    tid = talks.record_talk(ctx.session, TalkInput("提醒谈话", past, "作风提醒", [Talker(p["张三"])], [p["李四"]],
                                                   followup_status="待跟进", followup_due=due)).ids[0]  # fmt: skip
    dash = window.go("dashboard")
    dash.refresh()
    group = next(dash.todo.topLevelItem(i) for i in range(dash.todo.topLevelItemCount())
                 if dash.todo.topLevelItem(i).text(0).startswith("谈话跟进逾期"))  # fmt: skip
    opened = []
    monkeypatch.setattr(TalkDialog, "exec", lambda self: opened.append(self.talk_id) or 0)
    dash._open(group.child(0))
    assert opened == [tid]
    assert window.current_page() is window.pages["talks"]


def test_secretary_edits_a_visit_without_seeing_or_erasing_the_address(qtbot, admin, secretary_a, org_tree, db_path,
                                                                        qapp_style):  # fmt: skip
    from djrh_desktop.services import visits
    from djrh_desktop.services.visits import VisitInput
    from djrh_desktop.ui.context import AppContext
    from tests.services.test_records_services import DAY
    from tests.ui.conftest import type_text

    p = org_tree["people"]
    vid = visits.record_visit(admin, VisitInput(DAY, p["李四"], visitors=[p["张三"]], address="幸福路8号")).ids[0]
    dialog = VisitDialog(AppContext(secretary_a, db_path), vid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.address.text() == "" and dialog.address.isReadOnly() and "无权查看" in dialog.address.placeholderText()
    type_text(dialog.help, "协调子女入学")
    qtbot.waitUntil(dialog.ok.isEnabled)
    dialog.ok.click()
    row = admin.db.execute("SELECT address, help_measures FROM visits WHERE id = ?", [vid]).fetchone()
    assert row == ("幸福路8号", "协调子女入学")


def test_correct_a_meeting_through_its_form(qtbot, ctx, org_tree):
    from djrh_desktop.services import meetings
    from djrh_desktop.services.meetings import MeetingInput
    from djrh_desktop.ui.dialogs.meeting import MeetingDialog, MeetingView

    p = org_tree["people"]
    day = ctx.today.replace(day=1).isoformat()
    mid = meetings.record_meeting(ctx.session, MeetingInput(org_tree["a"], "主题党日", day, "学习",
                                                            attendance={p["张三"]: "出席", p["李四"]: "缺席"})).ids[0]  # fmt: skip
    view = MeetingView(ctx, mid)
    qtbot.addWidget(view)
    assert view.correct.isVisibleTo(view)
    dialog = MeetingDialog(ctx, meeting_id=mid)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.topic.text() == "学习" and not dialog.branch.isEnabled()
    statuses = {dialog.grid.item(r, 0).text(): dialog.grid.cellWidget(r, 1).currentText() for r in range(dialog.grid.rowCount())}
    assert statuses == {"张三": "出席", "李四": "缺席", "王芳": "不参加"}
    row = next(r for r in range(dialog.grid.rowCount()) if dialog.grid.item(r, 0).text() == "李四")
    dialog.grid.cellWidget(row, 1).setCurrentText("出席")
    qtbot.waitUntil(dialog.ok.isEnabled)
    dialog.ok.click()
    db = ctx.session.db
    assert dict(meetings.get_meeting(ctx.session, mid)["attendance"])["李四"] == "出席"
    assert db.execute("SELECT sum(points) FROM point_ledger WHERE member_id = ?", [p["李四"]]).fetchone()[0] == 0.5
