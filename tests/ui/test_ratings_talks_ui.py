"""评星定级 workflow and role-shaped views through real widgets."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLabel, QMessageBox

from djrh_desktop.services import rating_follow_up, ratings
from djrh_desktop.ui.context import AppContext
from djrh_desktop.ui.dialogs.rating import ScoreDialog
from djrh_desktop.ui.main_window import MainWindow
from tests.ui.conftest import type_text


def select(page, branch_name):
    row = next(i for i, r in enumerate(page.model.rows) if r["branch"] == branch_name)
    page.table.selectRow(row)
    page._enable()


def test_rating_workflow_advance_and_send_back(qtbot, window, ctx, org_tree, monkeypatch):
    page = window.go("ratings")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    select(page, "一监区党支部")
    qtbot.mouseClick(page.advance_button, Qt.MouseButton.LeftButton)
    assert ratings.get_branch(ctx.session, ctx.year, org_tree["a"])["state"] == "支部自评"
    # Score every item through the dialog's spin boxes.
    dialog = ScoreDialog(ctx, ctx.year, org_tree["a"])
    qtbot.addWidget(dialog)
    for spin in dialog.spins.values():
        spin.setValue(4.5)
    assert "点亮 5 颗星" in dialog.result.text()
    dialog.save()
    select(page, "一监区党支部")
    qtbot.mouseClick(page.advance_button, Qt.MouseButton.LeftButton)
    assert ratings.get_branch(ctx.session, ctx.year, org_tree["a"])["state"] == "党委考评"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("自评佐证不足", True))
    select(page, "一监区党支部")
    assert page.back_button.isEnabled()
    qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    rb = ratings.get_branch(ctx.session, ctx.year, org_tree["a"])
    assert rb["state"] == "支部自评"
    steps = ctx.session.db.execute("SELECT action, reason FROM rating_steps ORDER BY id DESC LIMIT 1").fetchone()
    assert steps == ("退回", "自评佐证不足")
    assert next(r for r in page.model.rows if r["branch"] == "一监区党支部")["state"] == "支部自评"


def test_secretary_sees_only_own_branch_talks(qtbot, admin, secretary_a, org_tree, db_path, qapp_style):
    from djrh_desktop.services import talks
    from djrh_desktop.services.talks import Talker, TalkInput

    p = org_tree["people"]
    day = admin.db.execute("SELECT date('now', 'localtime')").fetchone()[0]
    talks.record_talk(admin, TalkInput("谈心谈话", day, "一监区谈话", [Talker(p["张三"])], [p["李四"]]))
    talks.record_talk(admin, TalkInput("谈心谈话", day, "二监区谈话", [Talker(p["赵六"])], [p["钱七"]]))
    w = MainWindow(AppContext(secretary_a, db_path))
    qtbot.addWidget(w)
    w.show()
    page = w.go("talks")
    qtbot.waitUntil(lambda: page.model is not None)
    topics = {page.model.row(i)["topic"] for i in range(page.model.rowCount())}
    assert topics == {"一监区谈话"}
    assert page.combos["branch_id"].count() == 2  # 全部 + own branch only
    # A secretary has no 开启年度 button and no settings management.
    assert not w.go("ratings").open_button.isVisible()
    assert not w.go("settings").add_user.isVisible()


def test_inspector_sees_read_only_lists(qtbot, inspector, db_path, org_tree, qapp_style):
    w = MainWindow(AppContext(inspector, db_path))
    qtbot.addWidget(w)
    w.show()
    for key in ("members", "talks", "visits", "meetings", "points"):
        page = w.go(key)
        assert not page.new_button.isVisible(), key


def test_follow_up_dialog_edits_progress(qtbot, demo_ctx):
    from PySide6.QtCore import Qt

    from djrh_desktop.ui.dialogs.rating import FollowUpDialog

    db = demo_ctx.session.db
    year, branch = db.execute("SELECT year, branch_id FROM rating_branches WHERE state = '定级' AND (level <= 3 OR level < self_level) "
                              "ORDER BY year DESC LIMIT 1").fetchone()  # fmt: skip
    rating_follow_up.save_follow_up(demo_ctx.session, year, branch,
                           db.execute("SELECT id FROM members WHERE status = '在册' LIMIT 1").fetchone()[0],
                           "建立学习制度", None)  # fmt: skip
    dialog = FollowUpDialog(demo_ctx, year, branch)
    qtbot.addWidget(dialog)
    dialog.show()
    row = next(i for i, a in enumerate(dialog.existing) if a["measure"] == "建立学习制度")
    dialog.actions_table.item(row, 2).setText("已制定制度并执行两个月")
    dialog.actions_table.item(row, 3).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(dialog.ok.isEnabled)
    dialog.ok.click()
    assert db.execute("SELECT progress, done FROM rating_actions WHERE measure = '建立学习制度'").fetchone() == (
        "已制定制度并执行两个月", 1)  # fmt: skip


def test_joint_review_dialog_certificate_for_inspector_only(qtbot, admin, inspector, org_tree, db_path, qapp_style):
    from djrh_desktop.services import points, users
    from djrh_desktop.services.points import Posting
    from djrh_desktop.ui.dialogs.rating import JointReviewDialog
    from tests.services.test_ratings_service import drive_to

    a = org_tree["a"]
    year = dt.date.today().year
    points.batch_post(admin, [org_tree["people"]["李四"]], Posting("A4-04", f"{year}-01-02", note="警告处分"))
    ratings.open_year(admin, year)
    drive_to(admin, a, "联审")
    users.create_user(admin, "dangwu8", "Dangwu2026", "officer", "党务")
    officer = AppContext(users.sign_in(admin.db, "dangwu8", "Dangwu2026"), db_path)
    dialog = JointReviewDialog(officer, year, a)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.cert.isEnabled() and not dialog.cert_doc.isEnabled()  # an officer cannot tick it
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "李四" in shown and "受到党纪政务处分" in shown  # the members' veto entries beside the decision
    dialog.vetoes["V1"][0].setChecked(True)
    dialog.ok.click()
    assert ratings.vetoes_of(admin, year, a) == {"V1": None}
    assert ratings.get_branch(admin, year, a)["certificate"] == 0  # the officer cannot issue it
    dialog = JointReviewDialog(AppContext(inspector, db_path), year, a)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.cert.isEnabled() and dialog.vetoes["V1"][0].isChecked()  # 纪检 also takes part in the veto decision
    qtbot.mouseClick(dialog.cert, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.ok.isEnabled())  # ticked without issuer and 文号: OK is off
    type_text(dialog.cert_by, "驻监纪检监察组")
    type_text(dialog.cert_doc, "纪廉〔2026〕9号")
    qtbot.waitUntil(dialog.ok.isEnabled)
    dialog.ok.click()
    assert ratings.get_branch(admin, year, a)["certificate_doc"] == "纪廉〔2026〕9号"
