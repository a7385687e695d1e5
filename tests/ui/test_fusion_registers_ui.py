"""融合发展's registers through real widgets (issue 17): a 先锋阵地 set up with a leader and a member, a result
that posts A3 points, an inspection with a 限期整改 item closed from its tab, a brand and a 责任书; the
quarterly report read back from the PDF carries them."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from djrh_desktop.services import org, reporting
from djrh_desktop.services.reporting import ReportRequest
from djrh_desktop.ui.dialogs.fusion import (
    BrandDialog,
    CloseItemDialog,
    InspectionDialog,
    PledgeDialog,
    PostDialog,
    RectificationDialog,
    ResultDialog,
)
from tests.reports.conftest import flat, pdf_text
from tests.ui.conftest import type_text


def caught(monkeypatch, cls) -> list:
    shown: list = []
    monkeypatch.setattr(cls, "exec", lambda self: shown.append(self) or QDialog.DialogCode.Accepted)
    return shown


def pick(picker, qtbot, name: str) -> None:
    type_text(picker.search, name)
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)


def rows(page, qtbot, n: int) -> None:
    page.apply_filters()
    qtbot.waitUntil(lambda: page.table.model() is not None and page.table.model().rowCount() == n, timeout=5000)


def test_registers_from_dialogs_to_the_quarterly_report(qtbot, window, ctx, org_tree, tmp_path, monkeypatch):
    db = ctx.session.db
    fusion = window.go("fusion")
    ctx.set_period(ctx.today.year, ctx.quarter.quarter)
    # 先锋阵地 with a leader and a member; joining posts A3-03
    fusion.tabs.setCurrentWidget(fusion.posts)
    shown = caught(monkeypatch, PostDialog)
    fusion.posts.new_button.click()
    d = shown[0]
    qtbot.addWidget(d)
    d.kind.setCurrentText("党员突击队")
    d.branch.setCurrentIndex(d.branch.findData(org_tree["a"]))
    qtbot.waitUntil(lambda: "阵地名称" in d.error.text())
    assert not d.ok.isEnabled()
    type_text(d.name, "疫情防控突击队")
    pick(d.leader, qtbot, "张三")
    pick(d.members, qtbot, "李四")
    qtbot.waitUntil(d.ok.isEnabled)
    d.ok.click()
    assert db.execute("SELECT m.name, pm.role FROM fusion_post_members pm JOIN members m ON m.id = pm.member_id "
                      "ORDER BY pm.role = '成员'").fetchall() == [("张三", "队长"), ("李四", "成员")]  # fmt: skip
    assert db.execute("SELECT count(*) FROM point_ledger").fetchone()[0] == 2
    rows(fusion.posts, qtbot, 1)
    fusion.posts.table.selectRow(0)
    shown = caught(monkeypatch, ResultDialog)
    fusion.posts.result_button.click()
    r = shown[0]
    qtbot.addWidget(r)
    r.measure.setCurrentText("整改安全隐患")
    r.quantity.setValue(42)
    assert r.unit.text() == "处"
    r.credit.item(0).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(r.ok.isEnabled)
    r.ok.click()
    assert db.execute("SELECT measure, quantity, unit FROM fusion_post_results").fetchall() == [("整改安全隐患", 42, "处")]
    assert db.execute("SELECT count(*) FROM point_ledger").fetchone()[0] == 3
    # an inspection of branch A, a 限期整改 item, closed from the 限期整改 tab
    fusion.tabs.setCurrentWidget(fusion.inspections)
    shown = caught(monkeypatch, InspectionDialog)
    fusion.inspections.new_button.click()
    i = shown[0]
    qtbot.addWidget(i)
    i.date.setText(ctx.quarter.start.isoformat())
    type_text(i.inspectors, "党委委员王某")
    i.party.setPlainText("学习记录不全")
    next(i.branches.item(k) for k in range(i.branches.count()) if i.branches.item(k).text() == "一监区党支部").setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(lambda: "业务两方面" in i.error.text())
    assert not i.ok.isEnabled()
    i.business.setPlainText("巡查登记不规范")
    qtbot.waitUntil(i.ok.isEnabled)
    i.ok.click()
    rows(fusion.inspections, qtbot, 1)
    fusion.inspections.table.selectRow(0)
    shown = caught(monkeypatch, RectificationDialog)
    fusion.inspections.item_button.click()
    it = shown[0]
    qtbot.addWidget(it)
    it.issue.setPlainText("补齐学习记录")
    type_text(it.owner, "张三")
    it.due.setText((ctx.today + dt.timedelta(days=20)).isoformat())
    qtbot.waitUntil(it.ok.isEnabled)
    it.ok.click()
    fusion.tabs.setCurrentWidget(fusion.rectifications)
    rows(fusion.rectifications, qtbot, 1)
    fusion.rectifications.table.selectRow(0)
    shown = caught(monkeypatch, CloseItemDialog)
    fusion.rectifications.close_button.click()
    c = shown[0]
    qtbot.addWidget(c)
    c.show()
    qtbot.waitUntil(lambda: "整改情况" in c.error.text())  # still empty
    assert not c.ok.isEnabled()
    c.note.setPlainText("已补齐学习记录")
    qtbot.waitUntil(c.ok.isEnabled)
    c.ok.click()
    assert db.execute("SELECT closed_on FROM fusion_rectifications").fetchone()[0] == ctx.today.isoformat()
    # a brand and a 责任书
    org.set_committee_member(ctx.session, org_tree["root"], org_tree["people"]["张三"], "书记", f"{ctx.today.year}-01-01")
    fusion.tabs.setCurrentWidget(fusion.brands)
    shown = caught(monkeypatch, BrandDialog)
    fusion.brands.new_button.click()
    b = shown[0]
    qtbot.addWidget(b)
    b.owner.setCurrentIndex(b.owner.findData(org_tree["a"]))
    type_text(b.name, "铁警先锋")
    b.recognized.setText(ctx.today.isoformat())
    qtbot.waitUntil(lambda: "认定层级" in b.error.text())
    b.level.setCurrentIndex(b.level.findData("县级"))
    qtbot.waitUntil(b.ok.isEnabled)
    b.ok.click()
    shown = caught(monkeypatch, PledgeDialog)
    fusion.brands.pledge_button.click()
    shown[0].ok.click()
    fusion.brands.refresh()
    assert "党委班子成员1人，已签订1人" in fusion.brands.pledge_title.text()
    assert fusion.brands.pledges.item(0, 3).text() == ctx.today.isoformat()
    rows(fusion.brands, qtbot, 1)
    out = tmp_path / "q.pdf"
    reporting.make(ctx.session, ReportRequest("quarterly", ctx.quarter.year, ctx.quarter.quarter), out)
    text = flat(pdf_text(out))
    assert "（二）党员先锋阵地" in text and "党员突击队1个" in text and "整改安全隐患42处" in text
    assert "本季度开展检查1次（党建+业务联合检查1次），涉及1个支部" in text and "限期整改事项均已完成" in text
