"""融合发展 page through real widgets (issue 17): a project set up in its dialog, two monthly entries, the
committee's quarterly comment, then the quarterly report read back from the PDF carries them."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog

from djrh_desktop.services import reporting
from djrh_desktop.services.reporting import ReportRequest
from djrh_desktop.ui.dialogs.project import ProgressDialog, ProjectDialog, ReviewDialog
from tests.reports.conftest import flat, pdf_text


def test_project_progress_review_and_the_report(qtbot, window, ctx, org_tree, tmp_path, monkeypatch):
    page = window.go("fusion").projects
    ctx.set_period(ctx.today.year, ctx.quarter.quarter)
    opened = []
    monkeypatch.setattr(ProjectDialog, "exec", lambda self: opened.append(self) or QDialog.DialogCode.Accepted)
    page.new_button.click()
    d = opened[0]
    qtbot.addWidget(d)
    d.branch.setCurrentIndex(d.branch.findData(org_tree["a"]))
    d.title_edit.setText("党员结对帮教顽危犯")
    d.party_task.setPlainText("党员一对一结对帮教")
    qtbot.waitUntil(lambda: "业务目标" in d.error.text())  # a required field still empty
    assert not d.ok.isEnabled()
    d.business_goal.setPlainText("顽危犯转化率提升")
    d.indicator.setText("转化顽危犯（名）")
    d.target.setText("十二")
    qtbot.waitUntil(lambda: "不是数字" in d.error.text())
    assert not d.ok.isEnabled()
    d.target.setText("12")
    qtbot.waitUntil(d.ok.isEnabled)
    d.ok.click()
    pid = ctx.session.db.execute("SELECT id FROM fusion_projects").fetchone()[0]
    page.apply_filters()
    qtbot.waitUntil(lambda: page.table.model() is not None and page.table.model().rowCount() == 1, timeout=5000)
    months = [m for m in ctx.quarter.months if m <= ctx.today.month][:2] or [ctx.today.month]
    for k, month in enumerate(months):
        qtbot.waitUntil(lambda: page.table.model().rowCount() == 1, timeout=5000)
        page.table.selectRow(0)  # the user clicks the project
        shown = []
        monkeypatch.setattr(ProgressDialog, "exec", lambda self, shown=shown: shown.append(self) or QDialog.DialogCode.Accepted)
        page.progress_button.click()
        p = shown[0]
        qtbot.addWidget(p)
        p.month.setCurrentIndex(p.month.findData(month))
        qtbot.keyClicks(p.value, str(3 + k * 2))
        p.note.setText(f"{month}月：转化顽危犯{3 + k * 2}名")
        qtbot.waitUntil(p.ok.isEnabled)
        p.ok.click()
    qtbot.waitUntil(lambda: page.table.model().rowCount() == 1, timeout=5000)
    page.table.selectRow(0)
    reviews = []
    monkeypatch.setattr(ReviewDialog, "exec", lambda self: reviews.append(self) or QDialog.DialogCode.Accepted)
    page.review_button.click()
    r = reviews[0]
    qtbot.addWidget(r)
    r.rating.setCurrentIndex(r.rating.findData("好"))
    r.comment.setPlainText("推进有力")
    r.ok.click()
    stored = ctx.session.db.execute("SELECT month, value FROM fusion_progress WHERE project_id = ? ORDER BY month", [pid]).fetchall()
    assert stored == [(m, float(3 + k * 2)) for k, m in enumerate(months)]
    out = tmp_path / "q.pdf"
    reporting.make(ctx.session, ReportRequest("quarterly", ctx.quarter.year, ctx.quarter.quarter), out)
    text = flat(pdf_text(out))
    quarter_name = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}[ctx.quarter.quarter]
    assert "七、党建与业务融合" in text and "党员结对帮教顽危犯" in text
    assert f"好（{quarter_name}）" in text and f"{3 + (len(months) - 1) * 2}/12" in text
